"""OCR of scanned letters: scan simulation, rule erasing, character boxes on the page image,
per-page progress and cancelling, the advice given without Tesseract, and a stored scanned
letter reopening without OCR.

One corpus letter (2 pages) is scanned and OCR'd once for the module (about 10 s).
"""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest
from PIL import Image, ImageFilter

from imr_desk.cli import main as cli_main
from imr_desk.core.model import Letter, LetterError, Region
from imr_desk.core.ocr import image as ocr_image
from imr_desk.core.ocr import layer as ocr_layer
from imr_desk.core.ocr import pages as ocr
from imr_desk.core.parsing.highlights import build_highlights
from imr_desk.core.parsing.letters import read_letter
from imr_desk.core.reading.document import Document
from imr_desk.core.reading.load import load_document
from imr_desk.core.store import Store
from tools.scan_sim import scanned_copy

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
LETTER = CORPUS / "dwc-2016" / "CM16-0221706.pdf"

pytestmark = pytest.mark.skipif(not ocr.ocr_available(), reason=ocr.missing_ocr_advice())


@pytest.fixture(scope="module")
def scanned_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scans") / LETTER.name
    path.write_bytes(scanned_copy(LETTER.read_bytes()))
    return path


@pytest.fixture(scope="module")
def ocr_read(scanned_path: Path) -> tuple[Letter, Document, list[tuple[int, int, str]]]:
    calls: list[tuple[int, int, str]] = []
    letter, document = read_letter(scanned_path, progress=lambda *call: calls.append(call))
    return letter, document, calls


@pytest.fixture(scope="module")
def digital_read() -> tuple[Letter, Document]:
    return read_letter(LETTER, ocr=False)


@pytest.fixture
def no_tessdata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Tesseract's language data cannot be found (an empty TESSDATA_PREFIX, no usual folders)."""
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    monkeypatch.setattr(ocr, "TESSDATA_FOLDERS", ())
    yield


# -- scan simulation ---------------------------------------------------------------------------


def test_scanned_copy_is_images_only_with_the_original_page_geometry(scanned_path: Path) -> None:
    with pymupdf.open(LETTER) as original, pymupdf.open(scanned_path) as scanned:
        assert scanned.page_count == original.page_count
        for before, after in zip(original, scanned):
            assert after.rect == before.rect
            assert after.get_text().strip() == ""
            (image,) = after.get_images()
            assert image[2] == pytest.approx(before.rect.width / 72 * 200, abs=1)  # 200 dpi wide
            assert pymupdf.Pixmap(scanned, image[0]).n == 1  # one gray channel


def test_skewed_noisy_copy_is_reproducible_and_differs_from_the_straight_one() -> None:
    data = LETTER.read_bytes()

    def first_page(**options: float) -> pymupdf.Pixmap:
        return pymupdf.open(stream=scanned_copy(data, **options))[0].get_pixmap(colorspace=pymupdf.csGRAY)

    straight = first_page()
    turned = first_page(skew_degrees=1.0, noise=0.002, seed=7)
    assert turned.samples == first_page(skew_degrees=1.0, noise=0.002, seed=7).samples
    assert turned.samples != first_page(skew_degrees=1.0, noise=0.002, seed=8).samples
    assert (turned.width, turned.height) == (straight.width, straight.height)
    changed = sum(1 for a, b in zip(turned.samples, straight.samples) if abs(a - b) > 64)
    assert changed > 0.01 * len(straight.samples)  # turned: the text no longer lines up


def test_erase_rules_whitens_long_lines_and_keeps_letters() -> None:
    pdf = pymupdf.open()
    page = pdf.new_page(width=300, height=200)
    page.draw_line((20, 50), (280, 50), width=1)  # a table rule across
    page.draw_line((150, 60), (150, 190), width=1)  # and one down
    page.insert_text((30, 120), "Case Number: 11/15/2016", fontsize=12)
    gray = gray_image(page, 200)
    cleaned = ocr_image.erase_rules(gray, 80)

    def darkest(image: Image.Image, rect: pymupdf.Rect) -> int:
        return min(image.crop(tuple(round(v * 200 / 72) for v in rect)).tobytes())

    text_box = pymupdf.Rect(30, 108, 140, 122)
    assert darkest(gray, pymupdf.Rect(40, 49, 120, 52)) < 100
    assert darkest(cleaned, pymupdf.Rect(40, 48, 120, 53)) > 200
    assert darkest(cleaned, pymupdf.Rect(148, 130, 153, 180)) > 200
    assert darkest(cleaned, text_box) == darkest(gray, text_box) < 60


def gray_image(page: pymupdf.Page, dpi: int) -> Image.Image:
    pixmap = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    return Image.frombytes("L", (pixmap.width, pixmap.height), pixmap.samples)


TEXT_LINES = [
    "Dr. Jones saw the patient on 11/15/2016; Ms. i. j. Smith, R.N., was present.",
    "The request for physical therapy, 2 times a week for 6 weeks, is not medically",
    "necessary. A brief trial (i.e., 1 or 2 visits) is recommended: see 'MTUS' p. 11.",
    "Decision rationale: the injured worker's pain is 7/10; it was 9/10 in October.",
]


def text_page(pdf: pymupdf.Document, lines: list[str] = TEXT_LINES, repeat: int = 6) -> pymupdf.Page:
    """A letter-sized page of 11-point Times text, `lines` repeated down the page."""
    page = pdf.new_page()
    y = 90.0
    for _ in range(repeat):
        for line in lines:
            page.insert_text((72, y), line, fontname="tiro", fontsize=11)
            y += 14
    return page


def scanned_page(skew_degrees: float = 0.0, noise: float = 0.0, **options) -> pymupdf.Page:
    pdf = pymupdf.open()
    text_page(pdf, **options)
    scanned = pymupdf.open(stream=scanned_copy(pdf.tobytes(), skew_degrees=skew_degrees, noise=noise, seed=3))
    return scanned[0]


def test_despeckle_leaves_a_clean_page_of_text_exactly_as_it_was() -> None:
    """Periods, commas, the dots of i and j, the flags of 1 and the ends of serifs stay."""
    gray = gray_image(scanned_page(), 300)
    assert ocr_image.despeckle(gray).tobytes() == gray.tobytes()


def test_despeckle_removes_the_specks_of_a_noisy_scan() -> None:
    clean = gray_image(scanned_page(), 300)
    noisy = gray_image(scanned_page(noise=0.002), 300)
    cleaned = ocr_image.despeckle(noisy)

    def dark_pixels_off_the_text(image: Image.Image) -> int:
        # Far from any ink of the clean page: only specks can be dark there.
        ink_nearby = clean.point(lambda level: 255 if level < 200 else 0).filter(ImageFilter.MaxFilter(7))
        return sum(1 for level, near in zip(image.tobytes(), ink_nearby.tobytes()) if level < 128 and not near)

    assert dark_pixels_off_the_text(noisy) > 2000
    assert dark_pixels_off_the_text(cleaned) < 0.01 * dark_pixels_off_the_text(noisy)


@pytest.mark.parametrize("degrees", [-2.5, -0.5, 1.0, 2.0])
def test_estimate_skew_finds_how_far_a_scan_is_turned(degrees: float) -> None:
    # scan_sim turns clockwise on screen; straightening turns back counter-clockwise.
    page_image = gray_image(scanned_page(degrees, noise=0.002), 300)
    assert ocr_image.estimate_skew(page_image, 300) == pytest.approx(degrees, abs=0.1)


def test_a_straight_or_blank_page_is_not_turned() -> None:
    assert ocr_image.estimate_skew(gray_image(scanned_page(), 300), 300) == 0.0
    assert ocr_image.estimate_skew(gray_image(scanned_page(noise=0.002), 300), 300) == 0.0
    blank = pymupdf.open().new_page()
    gray = gray_image(blank, 300)
    assert ocr_image.estimate_skew(gray, 300) == 0.0
    image, degrees = ocr_image.clean_page_image(gray, 300)
    assert degrees == 0.0 and image.tobytes() == gray.tobytes()


def test_words_get_spaces_also_where_tesseract_moves_a_word_up_or_down() -> None:
    """Tesseract gives some words their own baseline and size; only a new line has no space."""
    content = (
        b"<0063006f006e0073006900640065007200650064>Tj\n/F0 12.719971 Tf\n71 Tz\n51.359987 -.95996096 Td\n"
        b"<0061>Tj\n64 Tz\n12 0 Td\n<006c0069006e0065>Tj\n/F0 10.799988 Tf\n84 Tz\n-404.16 -13.679993 Td\n"
        b"<0075006e006c006500730073>Tj\nET\n"
    )
    spaced = ocr_layer.with_word_spaces(content)
    assert spaced.count(b"0020>Tj") == 2
    assert b"00650064" + b"0020>Tj" in spaced and b"<00610020>Tj" in spaced  # "considered a line"
    assert b"<006c0069006e0065>Tj" in spaced and b"<0075006e006c006500730073>Tj" in spaced


def test_a_skewed_noisy_scan_reads_right_and_its_boxes_lie_on_the_turned_words(tmp_path: Path) -> None:
    pdf = pymupdf.open()
    original = text_page(pdf, repeat=2)
    path = tmp_path / "turned.pdf"
    path.write_bytes(scanned_copy(pdf.tobytes(), skew_degrees=1.0, noise=0.002, seed=5))
    document = load_document(path, page_reader=ocr.Tesseract())
    assert document.text.split() == " ".join(TEXT_LINES * 2).split()
    # Where each word lies on the turned page image: scan_sim turns around the page centre.
    centre = (original.rect.tl + original.rect.br) / 2
    to_centre = pymupdf.Matrix(1, 0, 0, 1, -centre.x, -centre.y)
    from_centre = pymupdf.Matrix(1, 0, 0, 1, centre.x, centre.y)
    turn = to_centre * pymupdf.Matrix(1.0) * from_centre
    truth = [((pymupdf.Rect(w[:4]).tl + pymupdf.Rect(w[:4]).br) / 2 * turn, w[4]) for w in original.get_text("words")]
    page = document.pdf_pages[0]
    read = page.get_text("words", textpage=document.textpages[0])
    assert [word for _, word in truth] == [w[4] for w in read]
    for (where, word), box in zip(truth, read):
        found = (pymupdf.Rect(box[:4]).tl + pymupdf.Rect(box[:4]).br) / 2
        # OCR boxes hug the ink; a born-digital word box spans the font's ascent and descent.
        assert abs(found.x - where.x) < 1.5 and abs(found.y - where.y) < 3, (word, found, where)


# -- reading a scanned letter ------------------------------------------------------------------


def test_single_letter_words_keep_their_spaces(tmp_path: Path) -> None:
    """Tesseract's word breaks survive even where Times leaves a narrow gap ("of a", "For a")."""
    sentence = "Physical therapy once a day. For a flare up, the emergence of a red flag and 6 visits."
    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 100), sentence, fontname="tiro", fontsize=11)
    path = tmp_path / "times.pdf"
    path.write_bytes(scanned_copy(pdf.tobytes()))
    document = load_document(path, page_reader=ocr.Tesseract())
    assert document.source.ocr
    assert document.text.split() == sentence.split()


def test_scanned_letter_is_ocrd_and_parsed(ocr_read, digital_read) -> None:
    letter, document, _ = ocr_read
    digital, _ = digital_read
    assert letter.source.ocr is True and letter.source.kind == "pdf" and letter.source.pages == 2
    assert digital.source.ocr is False
    assert "Case Number:" in document.text and "Priority:" in document.text  # the ruled header
    assert letter.header == digital.header
    assert [d.outcome for d in letter.decisions] == [d.outcome for d in digital.decisions]
    assert letter.decisions[0].request == digital.decisions[0].request
    assert ocr.tessdata_dir() is not None
    assert Path(ocr.tessdata_dir(), "eng.traineddata").is_file()


def test_ocr_words_lie_on_the_words_of_the_page_image(ocr_read) -> None:
    _, document, _ = ocr_read
    with pymupdf.open(LETTER) as original:
        for index in range(original.page_count):
            truth = {}
            for word in original[index].get_text("words"):
                truth.setdefault(word[4], []).append(pymupdf.Rect(word[:4]))
            page = document.pdf_pages[index]
            ocr_words = page.get_text("words", textpage=document.textpages[index])
            matched = [
                (pymupdf.Rect(word[:4]), truth[word[4]]) for word in ocr_words if word[4] in truth
            ]
            assert len(matched) > 0.9 * len(ocr_words)
            close = sum(
                1 for box, boxes in matched
                if any(abs(box.x0 - b.x0) < 3 and abs(box.x1 - b.x1) < 3
                       and abs((box.y0 + box.y1) - (b.y0 + b.y1)) / 2 < 3 for b in boxes)
            )
            assert close > 0.95 * len(matched), f"page {index + 1}: {close} of {len(matched)} words in place"


def test_regions_of_an_ocrd_letter_cover_the_same_words_as_the_original(ocr_read, digital_read) -> None:
    letter, document, _ = ocr_read
    digital, _ = digital_read
    with pymupdf.open(LETTER) as original:
        words = [[pymupdf.Rect(w[:4]) for w in page.get_text("words")] for page in original]
    for scanned_decision, digital_decision in zip(letter.decisions, digital.decisions, strict=True):
        covered = words_covered(words, scanned_decision.regions)
        assert covered == words_covered(words, digital_decision.regions)
        for region in scanned_decision.regions:  # each region hugs its words
            inside = [words[page][i] for page, i in words_covered(words, [region])]
            assert inside, region
            assert abs(min(w.x0 for w in inside) - region.bbox[0]) < 3
            assert abs(max(w.x1 for w in inside) - region.bbox[2]) < 3
    # A span inside a line (the outcome word) is drawn from OCR character boxes.
    for scanned_decision in letter.decisions:
        (outcome,) = document.regions(*scanned_decision.spans["outcome"])
        ((page, index),) = words_covered(words, [outcome])
        word, (x0, y0, x1, y1) = words[page][index], outcome.bbox
        # OCR boxes hug the ink; the born-digital word box spans the font's ascent and descent.
        assert abs(x0 - word.x0) < 2 and abs(x1 - word.x1) < 2
        assert word.y0 - 1.5 <= y0 < y1 <= word.y1 + 1.5
    for key, regions in digital.regions.items():
        assert words_covered(words, letter.regions[key]) == words_covered(words, regions), key


def Rect(region: Region) -> pymupdf.Rect:
    """The region's box grown by 2 points: OCR boxes hug the ink, so a word's font box (the
    born-digital word box) may stick out of its line's OCR box a little."""
    return pymupdf.Rect(region.bbox) + pymupdf.Rect(-2, -2, 2, 2)  # Rect arithmetic: each side out by 2


def words_covered(words: list[list[pymupdf.Rect]], regions: list[Region]) -> set[tuple[int, int]]:
    """(page, index) of the born-digital words whose centre lies in one of `regions`."""
    covered = set()
    for region in regions:
        box = Rect(region)
        covered |= {
            (region.page, index) for index, word in enumerate(words[region.page])
            if box.contains((word.tl + word.br) / 2)
        }
    return covered


# -- progress and cancelling -------------------------------------------------------------------


def test_progress_is_reported_before_each_page_and_at_the_end(ocr_read) -> None:
    _, _, calls = ocr_read
    assert [(done, total) for done, total, _ in calls] == [(0, 2), (1, 2), (2, 2)]
    assert [message for _, _, message in calls] == ["OCR of page 1 of 2", "OCR of page 2 of 2", "OCR finished"]


def test_cancelling_stops_before_the_next_page(scanned_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages_read = []
    real_ocr = ocr.ocr_textpage

    def counting_ocr(page, *args, **kwargs):
        pages_read.append(page.number)
        return real_ocr(page, *args, **kwargs)

    monkeypatch.setattr(ocr, "ocr_textpage", counting_ocr)
    with pytest.raises(ocr.OCRCancelled) as caught:
        load_document(scanned_path, page_reader=ocr.Tesseract(), cancelled=lambda: len(pages_read) >= 1)
    assert pages_read == [0]
    assert caught.value.code == "unreadable"
    assert caught.value.message == f"{LETTER.name}: OCR was cancelled; the letter was not read."
    with pytest.raises(ocr.OCRCancelled):
        read_letter(scanned_path, cancelled=lambda: True)
    assert pages_read == [0]


def test_a_letter_cancelled_during_ocr_is_reported_as_stopped_and_not_stored(
    scanned_path: Path, tmp_store_path: Path
) -> None:
    with Store(tmp_store_path) as store:
        result = store.import_file(scanned_path, cancelled=lambda: True)
        assert (result.status, result.letter_id) == ("cancelled", None)
        assert result.message == f"{LETTER.name}: OCR was cancelled; the letter was not read."
        assert store.one("SELECT COUNT(*) AS n FROM letters")["n"] == 0


# -- without Tesseract -------------------------------------------------------------------------


def test_without_tesseract_data_parse_says_empty_and_how_to_enable_ocr(
    scanned_path: Path, no_tessdata: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not ocr.ocr_available()
    with pytest.raises(LetterError) as caught:
        read_letter(scanned_path)
    assert caught.value.code == "empty"
    assert status_and_error(cli_main, scanned_path, capsys) == (1, caught.value.to_json())
    message = caught.value.message
    assert message.startswith(f"{LETTER.name}: the PDF has no text layer (it is a scan or fax).")
    assert "tesseract-ocr-eng" in message and "TESSDATA_PREFIX" in message


def status_and_error(main, path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    status = main(["parse", str(path)])
    (line,) = capsys.readouterr().out.splitlines()
    return status, json.loads(line)["error"]


# -- the store keeps the OCR result ------------------------------------------------------------


def test_stored_scanned_letter_reopens_without_ocr(
    scanned_path: Path, ocr_read, tmp_store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh, _, _ = ocr_read
    calls: list[tuple[int, int, str]] = []
    with Store(tmp_store_path) as store:
        result = store.import_file(scanned_path, progress=lambda *call: calls.append(call))
        assert result.status == "imported", result.message
        assert [message for _, _, message in calls] == ["OCR of page 1 of 2", "OCR of page 2 of 2", "OCR finished"]

        def no_ocr(*args, **kwargs):
            raise AssertionError("a stored letter must not be OCR'd again")

        monkeypatch.setattr(ocr, "ocr_pages", no_ocr)
        monkeypatch.setattr(ocr, "ocr_textpage", no_ocr)
        record = store.load(result.letter_id)
        pdf = pymupdf.open(stream=store.original_bytes(result.letter_id), filetype="pdf")
    assert record.letter.source.ocr is True
    assert record.letter.text == fresh.text
    document = Document.from_layout(record.letter.source, record.letter.text, record.layout, pdf=pdf)
    assert document.pdf is pdf  # the page images are still there to be shown
    highlights = {h.key: h for h in build_highlights(record, document)}
    block = highlights["p0"]
    assert [r.page for r in block.regions] == [r.page for r in fresh.decisions[0].regions]
    for region, truth in zip(block.regions, fresh.decisions[0].regions):
        assert region.bbox == pytest.approx(truth.bbox, abs=0.05)
    assert highlights["header.case_number"].regions
    document.close()
