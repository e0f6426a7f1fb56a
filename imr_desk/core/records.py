"""Plain records the store hands out: a case with its corrections, notes, review and history.

These are shared by the store (which builds them), the reports and the window (which read
them). Timestamps are ISO 8601 strings in UTC; `user` is the operating-system user name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from imr_desk.core import fields
from imr_desk.core.model import Letter, Region, Span

# Kept importable here; the words and names are defined once in the field registry.
REVIEW_STATES = fields.REVIEW_STATES

# Field names a correction may name. Letter-level ones are dotted; decision-level ones are
# the decision's own keys (see model.DECISION_TEXT_FIELDS) together with a decision key.
LETTER_FIELDS = fields.LETTER_FIELD_KEYS

# What people call each field, in the window, the history view and the reports (by the name a
# correction uses: "header.decision_date", "request", or "decision" for a whole decision).
FIELD_LABELS = {
    **{key: fields.FIELDS[key].label for key in fields.LETTER_FIELD_KEYS},
    **{entry.name: entry.label for entry in fields.FIELDS.values() if entry.in_decision},
    "decision": fields.DECISION_LABEL,
}


@dataclass
class Correction:
    """One correction; it never overwrites the parse (the parsed value is kept beside it)."""

    id: int
    letter_id: int
    decision_key: str | None  # None for a letter-level field
    field: str  # e.g. "header.decision_date", "request", or "decision" (added/deleted)
    parsed_value: Any
    new_value: Any
    new_span: Span | None
    user: str
    created_at: str
    stale: bool = False  # the parser's value changed since (re-parse); needs a look


@dataclass
class Annotation:
    """A note on a span of the letter (with its page regions) or on the whole letter."""

    id: int
    letter_id: int
    note: str
    tag: str | None
    span: Span | None
    regions: list[Region]
    user: str
    created_at: str


@dataclass
class ReviewState:
    state: str = "unreviewed"  # one of REVIEW_STATES
    user: str | None = None
    changed_at: str | None = None


@dataclass
class HistoryEntry:
    """One edit in a letter's history: enough for undo/redo and a who/what/when/from/to view."""

    id: int
    letter_id: int
    action: str  # "correct" | "add_decision" | "delete_decision" | "annotate" | "delete_annotation" | "review"
    target: str  # human-readable, e.g. "Decision 2 · Request" or "Review state"
    before: Any
    after: Any
    user: str
    created_at: str
    undone: bool = False


@dataclass
class CaseRecord:
    """Everything about one stored letter.

    `letter` holds the effective values (latest active correction, else the parsed value;
    added decisions included, deleted ones left out); `parsed` is the parser's letter as it
    was. `decision_keys[i]` is the stable key of `letter.decisions[i]` ("p0", "p1", ... for
    parsed decisions, "a<n>" for added ones).
    """

    letter_id: int
    letter: Letter
    parsed: Letter
    decision_keys: list[str]
    corrections: list[Correction]
    annotations: list[Annotation]
    review: ReviewState
    version: int
    file_name: str
    sha256: str
    imported_at: str
    layout: dict[str, Any] = field(default_factory=dict)

    def correction_for(self, field_name: str, decision_key: str | None = None) -> Correction | None:
        """The correction in effect for a field, or None where the parsed value stands."""
        latest = None
        for correction in self.corrections:
            if correction.field == field_name and correction.decision_key == decision_key:
                latest = correction
        return latest

    @property
    def case_label(self) -> str:
        return self.letter.header.case_number or self.file_name
