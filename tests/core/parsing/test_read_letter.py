"""`read_letter`: whatever goes wrong after the file was opened, the document is closed and
only a `LetterError` naming the file comes out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from imr_desk.core.model import LetterError
from imr_desk.core.parsing import letters
from imr_desk.core.reading.document import Document

LETTER_NAME = "CM16-0221706.pdf"


@pytest.fixture
def opened_documents(monkeypatch: pytest.MonkeyPatch) -> list[Document]:
    """Every `Document` `read_letter` loads, kept so the test can see whether it was closed."""
    loaded: list[Document] = []
    real_load = letters.load_document

    def recording_load(*args: Any, **kwargs: Any) -> Document:
        document = real_load(*args, **kwargs)
        loaded.append(document)
        return document

    monkeypatch.setattr(letters, "load_document", recording_load)
    return loaded


@pytest.mark.parametrize(
    ("failure", "code", "words"),
    [
        (MemoryError(), "unreadable", "too large to read into memory"),
        (RuntimeError("boom"), "unreadable", "could not be read (RuntimeError: boom)"),
        (LetterError("not_a_letter", f"{LETTER_NAME}: no landmark"), "not_a_letter", "no landmark"),
    ],
)
def test_a_failure_after_loading_closes_the_document(
    corpus_dir: Path, opened_documents: list[Document], monkeypatch: pytest.MonkeyPatch,
    failure: BaseException, code: str, words: str,
) -> None:
    def failing_parse(document: Document, **kwargs: Any) -> None:
        raise failure

    monkeypatch.setattr(letters, "parse_document", failing_parse)
    with pytest.raises(LetterError) as caught:
        letters.read_letter(corpus_dir / "dwc-2016" / LETTER_NAME, ocr=False)
    assert caught.value.code == code
    assert caught.value.message.startswith(f"{LETTER_NAME}: ") and words in caught.value.message
    (document,) = opened_documents
    assert document.pdf is None and not document.pdf_pages  # released, not left open


def test_a_parsed_letter_keeps_its_document_open(corpus_dir: Path, opened_documents: list[Document]) -> None:
    letter, document = letters.read_letter(corpus_dir / "dwc-2016" / LETTER_NAME, ocr=False)
    assert opened_documents == [document] and document.pdf is not None
    assert letter.source.file == LETTER_NAME
    document.close()


def test_the_ocr_argument_names_the_page_reader() -> None:
    from imr_desk.core.ocr.pages import Tesseract

    assert letters.ocr_reader(False) is None
    assert isinstance(letters.ocr_reader(True), Tesseract)
    shared = Tesseract(dpi=200)
    assert letters.ocr_reader(shared) is shared
