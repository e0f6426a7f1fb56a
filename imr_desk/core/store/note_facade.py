"""The store's note methods beyond adding and deleting one, which `Store` inherits.

Editing a note's text and tag, highlighting a span without a note, and the tags in use
(`annotations`); kept here to keep the facade small. Each edit is version-checked, recorded in
history and undoable like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

import imr_desk.core.store.annotations as note_edits
from imr_desk.core.model import Region, Span
from imr_desk.core.records import Annotation, HistoryEntry
from imr_desk.core.store.connection import ExpectedVersion, StoreConnection


class NoteMethods:
    """Note edits: text and tag, plain highlights, the tags already used."""

    connection: StoreConnection
    plain_errors: Callable[[], AbstractContextManager[None]]

    def edit_annotation(self, letter_id: int, annotation_id: int, note: str, *, tag: str | None = None,
                        expected_version: ExpectedVersion) -> HistoryEntry | None:
        """Change a note's text and tag (undoable); None when both are as they were."""
        with self.plain_errors():
            return note_edits.edit_annotation(self.connection, letter_id, annotation_id, note, tag,
                                              expected_version=expected_version)

    def highlight(self, letter_id: int, span: Span, *, tag: str | None = None,
                  regions: list[Region] | None = None,
                  expected_version: ExpectedVersion) -> tuple[Annotation, HistoryEntry]:
        """Highlight a span of the letter without a note (undoable)."""
        with self.plain_errors():
            return note_edits.highlight(self.connection, letter_id, span, tag=tag, regions=regions,
                                        expected_version=expected_version)

    def used_tags(self) -> list[str]:
        """The tags of the store's notes, most used first."""
        with self.plain_errors():
            return note_edits.used_tags(self.connection)
