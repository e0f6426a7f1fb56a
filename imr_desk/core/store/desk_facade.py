"""The store's methods for the firm's many desks, which `Store` inherits (``desks``).

Assigning a case to a person (an undoable edit of its copy of record), who it is assigned
to, the people the store knows, and presence: which desk has a letter open (not an edit).
`desk` defaults to this process's desk (`notices.DESK_ID`).
"""

from __future__ import annotations

from collections.abc import Iterable

import imr_desk.core.store.desks as desks
from imr_desk.core.records import HistoryEntry
from imr_desk.core.store.connection import ExpectedVersion, StoreConnection
from imr_desk.core.store.notices import DESK_ID


class DeskMethods:
    """Assignment and presence."""

    connection: StoreConnection

    def assign(self, letter_id: int, person: str | None, *,
               expected_version: ExpectedVersion) -> HistoryEntry | None:
        """Assign the case to `person` (None: nobody); undoable; None when it already was.
        An empty or over-long name is a `ValueError`."""
        with self.connection.plain_errors():
            return desks.assign(self.connection, letter_id, person, expected_version=expected_version)

    def assignment(self, letter_id: int) -> desks.Assignment | None:
        """Who the letter's case is assigned to (None: nobody)."""
        with self.connection.plain_errors():
            return desks.assignment(self.connection, letter_id)

    def known_people(self) -> list[str]:
        """The names the store's history and assignments hold, sorted."""
        with self.connection.plain_errors():
            return desks.known_people(self.connection)

    def mark_open(self, letter_id: int, desk: str = DESK_ID, person: str | None = None) -> None:
        """Record that `desk` has the letter open (refresh it with `mark_seen`)."""
        desks.mark_open(self.connection, letter_id, desk, person)

    def mark_seen(self, desk: str = DESK_ID) -> None:
        """Refresh the presence of every letter `desk` has open."""
        desks.mark_seen(self.connection, desk)

    def mark_closed(self, letter_id: int | None, desk: str = DESK_ID) -> None:
        """Record that `desk` closed the letter (None: all its letters)."""
        desks.mark_closed(self.connection, letter_id, desk)

    def open_elsewhere(self, letter_ids: Iterable[int], desk: str = DESK_ID) -> dict[int, str]:
        """Of `letter_ids`, those another desk has open now: letter id -> the person there."""
        with self.connection.plain_errors():
            return desks.open_elsewhere(self.connection, letter_ids, desk)
