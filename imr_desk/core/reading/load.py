"""Loading a letter file into a `Document`: its bytes read once, its kind told, then PDF or text.

`load_document` is where a file enters the letter's path; PDFs go to `pdf.load_pdf` (with the
page reader, if any, for pages without a text layer) and text files are decoded here.
"""

from __future__ import annotations

import os
from pathlib import Path

from imr_desk.core.model import LetterError, Source
from imr_desk.core.reading.document import CancelCheck, Document, PageReader, ProgressCallback, sha256_hex
from imr_desk.core.reading.files import MAX_TEXT_BYTES, decode_text, read_file_bytes, sniff_kind
from imr_desk.core.reading.files import display_name as file_display_name
from imr_desk.core.reading.pdf import load_pdf


def load_document(
    path: str | os.PathLike[str],
    *,
    display_name: str | None = None,
    data: bytes | None = None,
    page_reader: PageReader | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> Document:
    """Read a letter file (or its `data`) into a `Document`; raise `LetterError` on failure.

    `display_name` is the name reported in `source.file` (default: the path's basename, made
    printable by `files.display_name`).
    A PDF's pages without a text layer are given to `page_reader` (the OCR stage's, e.g.
    `imr_desk.core.ocr.pages.Tesseract()`; None leaves them unread); `progress(done, total,
    message)` reports per page.
    """
    path = Path(path)
    name = display_name or file_display_name(path)
    source = Source(file=name, kind="text" if path.suffix.lower() != ".pdf" else "pdf")
    if data is None:
        data = read_file_bytes(path, name)
    source.sha256 = sha256_hex(data)
    if not data:
        raise LetterError("unreadable", f"{name}: the file is empty (0 bytes).")
    kind = sniff_kind(data, path, name)
    source.kind = kind
    if kind == "pdf":
        return load_pdf(data, source, page_reader=page_reader, progress=progress, cancelled=cancelled)
    return _load_text(data, source)


def _load_text(data: bytes, source: Source) -> Document:
    if len(data) > MAX_TEXT_BYTES:
        raise LetterError(
            "not_a_letter",
            f"{source.file}: the file is {len(data) / 1e6:.0f} MB, far larger than any IMR letter; "
            "it was not read.",
        )
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    source.pages = 1
    if not text.strip():
        raise LetterError("empty", f"{source.file}: the text file holds no text.")
    return Document(source=source, text=text)
