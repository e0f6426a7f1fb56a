"""The two OCR engines: the `tesseract` command and the engine built into pymupdf read a page
alike; the command's failures fall back to the built-in engine; cancelling stops the command
mid-page; the word breaks of the command's text layer become spaces on the right lines.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pymupdf
import pytest

from imr_desk.core.ocr import engines as ocr_engines
from imr_desk.core.ocr import layer as ocr_layer
from imr_desk.core.ocr import pages as ocr
from imr_desk.core.reading.load import load_document
from tools.scan_sim import scanned_copy

pytestmark = pytest.mark.skipif(not ocr.ocr_available(), reason=ocr.missing_ocr_advice())
needs_command = pytest.mark.skipif(ocr_engines.tesseract_command() is None, reason="no tesseract command")
needs_posix = pytest.mark.skipif(os.name != "posix", reason="the stand-in command is a shell script")

SENTENCES = [
    "Physical therapy once a day. For a flare up, the emergence of a red flag and 6 visits.",
    "Decision rationale: the injured worker's pain is 7/10; it was 9/10 in October 2016.",
    "Case Number:                 CM16-0213037",
]


@pytest.fixture
def scanned_letter(tmp_path: Path) -> Path:
    """A one-page scan of 11-point Times lines, the last one with a column gap."""
    pdf = pymupdf.open()
    page = pdf.new_page()
    for number, sentence in enumerate(SENTENCES):
        page.insert_text((72, 100 + 16 * number), sentence, fontname="tiro", fontsize=11)
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_copy(pdf.tobytes()))
    return path


def words_and_boxes(path: Path, reader: ocr.Tesseract | None = None) -> list[tuple[str, pymupdf.Rect]]:
    """The OCR'd words of the letter's first page and their boxes (`reader`: the OCR run, by
    default a new one)."""
    document = load_document(path, page_reader=reader or ocr.Tesseract())
    try:
        assert document.source.ocr
        page = document.pdf_pages[0]
        return [(w[4], pymupdf.Rect(w[:4])) for w in page.get_text("words", textpage=document.textpages[0])]
    finally:
        document.close()


@needs_command
def test_both_engines_read_the_same_words_in_the_same_places(scanned_letter: Path, ocr_engine) -> None:
    ocr_engine("command")
    by_command = words_and_boxes(scanned_letter)
    ocr_engine("builtin")
    by_builtin = words_and_boxes(scanned_letter)
    assert [word for word, _ in by_command] == " ".join(SENTENCES).split()
    assert [word for word, _ in by_builtin] == [word for word, _ in by_command]
    for (word, mine), (_, theirs) in zip(by_command, by_builtin):
        assert abs(mine.x0 - theirs.x0) < 1.5 and abs(mine.x1 - theirs.x1) < 1.5, word


@needs_command
def test_command_text_keeps_lines_whole_and_the_column_gap_apart(scanned_letter: Path, ocr_engine) -> None:
    ocr_engine("command")
    document = load_document(scanned_letter, page_reader=ocr.Tesseract())
    lines = document.text.splitlines()
    document.close()
    assert SENTENCES[0] in lines and SENTENCES[1] in lines  # "a flare", "a red" stay on their line
    assert "Case Number:" in lines and "CM16-0213037" in lines  # the gap parts two columns


def test_builtin_engine_is_used_when_asked_for(
    scanned_letter: Path, ocr_engine, monkeypatch: pytest.MonkeyPatch,
) -> None:
    ocr_engine("builtin")
    assert ocr_engines.tesseract_command() is None

    def no_command(*args, **kwargs):
        raise AssertionError("the tesseract command must not run")

    monkeypatch.setattr(ocr_engines.subprocess, "Popen", no_command)
    assert [word for word, _ in words_and_boxes(scanned_letter)] == " ".join(SENTENCES).split()


@needs_posix
def test_a_failing_command_falls_back_to_the_builtin_engine_and_is_not_tried_again(
    scanned_letter: Path, stand_in_tesseract, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    runs = tmp_path / "runs"
    stand_in_tesseract(f'echo run >> "{runs}"; echo "Error opening data file eng.traineddata" >&2; exit 1')
    with caplog.at_level("WARNING", logger=ocr_engines.__name__):
        one_run = ocr.Tesseract()  # one import or parse run reading two letters
        assert [word for word, _ in words_and_boxes(scanned_letter, one_run)] == " ".join(SENTENCES).split()
        assert [word for word, _ in words_and_boxes(scanned_letter, one_run)] == " ".join(SENTENCES).split()
    assert runs.read_text().splitlines() == ["run"]  # the second letter went straight to the fallback
    (record,) = caplog.records
    assert "exit status 1: Error opening data file eng.traineddata" in record.getMessage()
    assert "built into pymupdf" in record.getMessage()


@needs_posix
def test_cancelling_stops_the_command_mid_page_and_leaves_no_image_behind(
    scanned_letter: Path, stand_in_tesseract, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "pid"
    stand_in_tesseract(f'echo $$ > "{pid_file}"; exec sleep 60')
    private_temp = tmp_path / "temp"
    private_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_temp))
    started = time.monotonic()
    with pytest.raises(ocr.OCRCancelled) as caught:
        load_document(scanned_letter, page_reader=ocr.Tesseract(), cancelled=lambda: pid_file.exists())
    assert time.monotonic() - started < 10  # not the minute the command would take
    assert caught.value.message == "scan.pdf: OCR was cancelled; the letter was not read."
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)  # killed and reaped
    assert list(private_temp.iterdir()) == []  # the page image is gone


def test_command_layer_words_span_their_box_and_a_space_spans_the_gap() -> None:
    # Tesseract fits "abc " (4 glyphs of 0.5 em at 10 pt) into a 10-pt box at 50 % scaling.
    content = (
        b"BT\n3 Tr 1 0 0 1 72 700 Tm /f-0-0 10 Tf 50 Tz [ <0061006200630020> ] TJ 22 0 Td "
        b"100 Tz [ <006400650020> ] TJ 80 0 Td 100 Tz [ <00660020> ] TJ -110 -12 Td "
        b"100 Tz [ <00670020> ] TJ \nET\n"
    )
    assert ocr_layer.with_word_spaces(content) == (
        b"BT\n3 Tr 1 0 0 1 72 700 Tm /f-0-0 10 Tf "
        b"66.667 Tz [ <006100620063> ] TJ 240.000 Tz [ <0020> ] TJ 22 0 Td "  # letters on the box, a space to "de"
        b"150.000 Tz [ <00640065> ] TJ 80 0 Td "  # a 65-pt gap (over 1.5 em) parts columns: no space
        b"200.000 Tz [ <0066> ] TJ -110 -12 Td "  # the last word of a line: no space
        b"200.000 Tz [ <0067> ] TJ \nET\n"
    )
