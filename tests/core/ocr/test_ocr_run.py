"""One OCR run's settings live on its `Tesseract` object: no module-wide state is changed by
reading a page (resolution, engine choice, the process environment)."""

from __future__ import annotations

import os
from pathlib import Path

import pymupdf
import pytest

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
