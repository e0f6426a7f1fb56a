"""The letter the window shows: its stored record and the document its pages are drawn from.

One `CurrentLetter` belongs to the window, which fills it when a letter is opened or reloaded;
the editing helpers and the menu actions read it (which letter, which version is on screen,
its text and page regions) instead of reaching into the window.

`stored_document(store, record)` rebuilds a stored letter's `Document` from its stored layout
and, for a PDF, opens the stored original through core's `open_pdf` (so a truncated, damaged
or password-protected original gets core's plain message, never a pymupdf traceback).
`with_exact_boxes(record, pdf)` is the same letter with the original PDF attached, whose
born-digital pages then give exact character boxes for highlights.
"""

from __future__ import annotations

from typing import Any

from imr_desk.core.reading.document import Document
from imr_desk.core.records import CaseRecord
from imr_desk.core.store import Store


def stored_document(store: Store, record: CaseRecord) -> tuple[Document, Any]:
    """The stored letter's document (from its stored layout) and, for a PDF, the open original.

    The layout already holds every line's boxes, so highlights need no new text extraction;
    the PDF is for drawing the pages. Raises `StoreError` (the store) or `LetterError` (the
    stored original cannot be opened), each with a plain message.
    """
    source = record.letter.source
    pdf = None
    if source.kind == "pdf":
        from imr_desk.core.reading.pdf import open_pdf  # loads pymupdf: on first use, not at start-up

        pdf = open_pdf(store.original_bytes(record.letter_id), record.file_name or source.file)
    return Document.from_layout(source, record.letter.text, record.layout), pdf


def with_exact_boxes(record: CaseRecord, pdf: Any) -> Document:
    """The stored letter's document with its open original `pdf` attached (exact character boxes)."""
    return Document.from_layout(record.letter.source, record.letter.text, record.layout, pdf=pdf)


class CurrentLetter:
    """Holds the open letter's `record` and `document` (both None while no letter is open)."""

    def __init__(self) -> None:
        self.record: CaseRecord | None = None
        self.document: Document | None = None

    @property
    def letter_id(self) -> int | None:
        return self.record.letter_id if self.record is not None else None

    def is_open(self, letter_id: int) -> bool:
        return self.letter_id == letter_id

    def show(self, record: CaseRecord | None, document: Document | None) -> None:
        """A letter was opened (or closed: both None)."""
        self.record, self.document = record, document

    def update(self, record: CaseRecord) -> None:
        """The open letter was re-read after an edit (same letter, newer version)."""
        if self.record is not None and record.letter_id == self.record.letter_id:
            self.record = record

    def version_of(self, letter_id: int) -> int | None:
        """The record version on screen for `letter_id`; None when that letter is not shown."""
        record = self.record
        return record.version if record is not None and record.letter_id == letter_id else None
