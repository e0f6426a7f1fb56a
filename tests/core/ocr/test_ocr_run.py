"""One OCR run's settings live on its `Tesseract` object: no module-wide state is changed by
reading a page (resolution, engine choice, the process environment)."""

from __future__ import annotations

import os
from pathlib import Path

import pymupdf
import pytest

from imr_desk.core.model import LetterError
from imr_desk.core.ocr import engines as ocr_engines
from imr_desk.core.ocr import pages as ocr
from imr_desk.core.reading.load import load_document
from tools.scan_sim import scanned_copy

pytestmark = pytest.mark.skipif(not ocr.ocr_available(), reason=ocr.missing_ocr_advice())

SENTENCE = "The request for physical therapy twice a week is not medically necessary."


@pytest.fixture(scope="module")
def scanned_sentence(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf = pymupdf.open()
    pdf.new_page().insert_text((72, 100), SENTENCE, fontsize=12)
    path = tmp_path_factory.mktemp("scan") / "sentence.pdf"
    path.write_bytes(scanned_copy(pdf.tobytes()))
    return path


def test_reading_a_page_sets_no_environment_variable(scanned_sentence: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    document = load_document(scanned_sentence, page_reader=ocr.Tesseract())
    try:
        assert document.text.split() == SENTENCE.split()
    finally:
        document.close()
    assert "TESSDATA_PREFIX" not in os.environ


def test_the_resolution_is_the_runs_own(scanned_sentence: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[int] = []
    real_image = ocr.page_image

    def recording_image(page: object, dpi: int) -> object:
        rendered.append(dpi)
        return real_image(page, dpi)

    monkeypatch.setattr(ocr, "page_image", recording_image)
    load_document(scanned_sentence, page_reader=ocr.Tesseract(dpi=200)).close()
    load_document(scanned_sentence, page_reader=ocr.Tesseract()).close()
    assert rendered == [200, ocr.OCR_DPI]


def test_the_engine_is_chosen_when_the_run_starts(ocr_engine: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ocr_engines.ENGINE_VARIABLE, "builtin")
    assert ocr.Tesseract().engines.command is None
    monkeypatch.setenv(ocr_engines.ENGINE_VARIABLE, "")
    assert ocr.Tesseract().engines.command == ocr_engines.tesseract_command()


def test_without_language_data_the_run_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    run = ocr.Tesseract(tessdata=None)
    assert run.unavailable_reason() == ocr.missing_ocr_advice()
    assert run.read_pages([], [0], "x.pdf") == {}
    assert ocr.Tesseract().unavailable_reason() is None


def test_a_huge_scanned_page_is_read_at_a_lower_resolution_or_refused(tmp_path: Path) -> None:
    pdf = pymupdf.open()
    pdf.new_page(width=17 * 72, height=22 * 72)  # 17 x 22 inches: 33.7 million pixels at 300 dpi
    pdf.new_page(width=40 * 72, height=30 * 72)  # 40 x 30 inches: 108 million pixels
    pdf.new_page(width=200 * 72, height=200 * 72)  # a poster: not readable at 150 dpi in 40 million
    assert ocr.ocr_resolution(pdf[0], 300, "big.pdf") == 300
    assert ocr.ocr_resolution(pdf[1], 300, "big.pdf") == 182
    with pytest.raises(LetterError) as caught:
        ocr.ocr_resolution(pdf[2], 300, "big.pdf")
    assert caught.value.code == "too_large"
    assert caught.value.message.startswith("big.pdf: page 3 is 200 x 200 inches, too large an image to read by OCR")


def test_a_poster_sized_scan_is_refused_before_it_is_rendered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = pymupdf.open()
    page = pdf.new_page(width=200 * 72, height=200 * 72)
    page.draw_line((72, 72), (144, 72))
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf.tobytes())

    def no_render(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page must not be rendered")

    monkeypatch.setattr(ocr, "page_image", no_render)
    with pytest.raises(LetterError) as caught:
        load_document(path, page_reader=ocr.Tesseract())
    assert caught.value.code == "too_large"
