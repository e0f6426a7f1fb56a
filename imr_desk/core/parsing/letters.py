"""From a file to a parsed `Letter`: load, parse, and map every span to page rectangles.

`read_letter` is the one entry point the command line, the import worker and the window use;
it never raises anything but `LetterError`, whose message names the file. It is where the
reading and OCR stages meet: pages without a text layer go to an OCR page reader
(`ocr.pages.Tesseract`) unless OCR is turned off.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from pathlib import Path

from imr_desk.core.model import Letter, LetterError, Source
from imr_desk.core.ocr.pages import Tesseract
from imr_desk.core.parsing.parser import parse_text
from imr_desk.core.reading.document import CancelCheck, Document, PageReader, ProgressCallback
from imr_desk.core.reading.files import MAX_PDF_BYTES
from imr_desk.core.reading.files import display_name as file_display_name
from imr_desk.core.reading.load import load_document


def parse_document(document: Document, *, today: datetime.date | None = None) -> Letter:
    """`parse_text` on the document's text, then regions for every decision and letter span."""
    letter = parse_text(document.text, document.source, today=today)
    if document.lines:
        for decision in letter.decisions:
            decision.regions = document.regions(*decision.spans["block"])
        letter.regions = {key: document.regions(start, end) for key, (start, end) in letter.spans.items()}
    return letter


def read_letter(
    path: str | os.PathLike[str],
    *,
    display_name: str | None = None,
    data: bytes | None = None,
    ocr: bool | PageReader = True,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    today: datetime.date | None = None,
) -> tuple[Letter, Document]:
    """Load and parse one letter file; raise `LetterError` (and nothing else) on failure.

    `ocr`: True reads image-only pages with a new `Tesseract()`, False leaves them unread, a
    page reader (one `Tesseract` shared by a batch) reads them with it.
    """
    name = display_name or file_display_name(path)
    page_reader = ocr_reader(ocr)
    document: Document | None = None
    try:
        document = load_document(
            path, display_name=name, data=data, page_reader=page_reader, progress=progress, cancelled=cancelled
        )
        return parse_document(document, today=today), document
    except BaseException as exc:
        if document is not None:
            document.close()
        if isinstance(exc, LetterError) or not isinstance(exc, Exception):
            raise  # a LetterError as it is; KeyboardInterrupt and SystemExit are not failures
        if isinstance(exc, MemoryError):
            raise LetterError("unreadable", f"{name}: the file is too large to read into memory.") from None
        raise LetterError(
            "unreadable", f"{name}: the letter could not be read ({type(exc).__name__}: {exc})."
        ) from None


def ocr_reader(ocr: bool | PageReader) -> PageReader | None:
    """The page reader `read_letter`'s `ocr` argument stands for."""
    if ocr is True:
        return Tesseract()
    if ocr is False:
        return None
    return ocr


def error_source(path: str | os.PathLike[str], display_name: str | None = None) -> Source:
    """The `Source` of a file that failed, as far as it can be known (for error objects)."""
    path = Path(path)
    kind = "pdf" if path.suffix.lower() == ".pdf" else "text"
    source = Source(file=display_name or file_display_name(path), kind=kind)
    try:
        if path.is_file() and path.stat().st_size <= MAX_PDF_BYTES:
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
            source.sha256 = digest.hexdigest()
    except OSError:
        pass
    return source
