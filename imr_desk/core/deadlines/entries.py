"""A case's deadline as the store lists it, and its ``imr-desk/deadline@1`` JSON.

`DeadlineEntry` joins a computed `rules.Deadline` (due date, basis, assumed) with the case it
belongs to (case number, the copy of record's sha256) and the firm's status for it: ``open``,
``done`` (with the day it was done and a note, e.g. "petition filed on 2017-03-01") or
``dismissed``. `days_left()` and `is_overdue()` are what the queue's filters ask.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

SCHEMA = "imr-desk/deadline@1"
STATUSES = ("open", "done", "dismissed")
STATUS_WORDS = {"open": "Open", "done": "Done", "dismissed": "Dismissed"}


@dataclass(frozen=True)
class DeadlineStatus:
    """The firm's status of one deadline; `done_on`/`note` only mean something when done."""

    status: str = "open"
    done_on: datetime.date | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"A deadline's status {self.status!r} is not one of: {', '.join(STATUSES)}.")

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "done_on": self.done_on.isoformat() if self.done_on else None,
                "note": self.note}

    @classmethod
    def from_json(cls, data: Any) -> DeadlineStatus:
        if not isinstance(data, dict) or data.get("status") not in STATUSES:
            return cls()
        try:
            done_on = datetime.date.fromisoformat(data["done_on"]) if data.get("done_on") else None
        except (TypeError, ValueError):
            done_on = None
        return cls(str(data["status"]), done_on, str(data.get("note") or ""))


@dataclass(frozen=True)
class DeadlineEntry:
    """One deadline of one case (by its copy of record `letter_id`)."""

    case_id: int
    letter_id: int
    case_number: str | None
    letter_sha256: str
    kind: str
    due: datetime.date
    assumed: bool
    basis: tuple[str, ...]
    status: DeadlineStatus = DeadlineStatus()

    def days_left(self, today: datetime.date) -> int:
        """Days from `today` to the last day (0: due today; negative: overdue)."""
        return (self.due - today).days

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status.status == "open" and self.due < today

    def to_json(self) -> dict[str, Any]:
        """The ``imr-desk/deadline@1`` object, keys in the spec's order."""
        return {
            "schema": SCHEMA,
            "case_number": self.case_number,
            "letter_sha256": self.letter_sha256,
            "kind": self.kind,
            "due": self.due.isoformat(),
            "assumed": self.assumed,
            "status": self.status.status,
            "basis": list(self.basis),
        }
