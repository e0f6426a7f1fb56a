"""Plain records the store hands out: a case with its corrections, notes, review and history.

These are shared by the store (which builds them), the reports and the window (which read
them). Timestamps are ISO 8601 strings in UTC; `user` is the operating-system user name.
A case may be stored as several copies (files of one case number): `CaseCopy` describes one,
`CaseMatch` says which copy a case number stands for, `TrashEntry` is a letter in the trash.
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
    # "correct" | "add_decision" | "delete_decision" | "annotate" | "delete_annotation" | "review"
    # | "copy_of_record" (chosen by the user; undoable) | "record_change" (the copy of record
    # moved because a copy was removed or restored) | "remove" | "restore" (the trash)
    action: str
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

    `case_id` names the case the letter is a copy of (None for a letter not in a store);
    `copies` is how many copies of the case are out of the trash. Only the copy of record of a
    case, out of the trash, takes edits: another copy (or a letter in the trash, `removed_at`
    set) is `read_only`.
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
    case_id: int | None = None
    copies: int = 1
    is_copy_of_record: bool = True
    removed_at: str | None = None

    @property
    def read_only(self) -> bool:
        """True for a copy that is not its case's copy of record, or a letter in the trash."""
        return not self.is_copy_of_record or self.removed_at is not None

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


@dataclass
class CaseCopy:
    """One copy of a case, with what tells it apart from the others.

    `differing_fields` are the field keys (``header.decision_date``, ``decisions[2].outcome``;
    see `imr_desk.core.fields`) whose parsed values differ from the copy of record's parse,
    white space aside (empty for the copy of record itself). `corrections` and `notes` count
    the copy's own active ones: only the copy of record's are in force for the case.
    """

    letter_id: int
    file_name: str
    kind: str  # "pdf" | "text"
    ocr: bool
    pages: int
    imported_at: str
    imported_by: str
    sha256: str
    version: int
    is_copy_of_record: bool
    differing_fields: list[str]
    corrections: int
    notes: int
    review_state: str


@dataclass
class CaseMatch:
    """What a case number (or sha256 prefix) names in the store.

    `letter_id` is the letter to use: the case's copy of record, or, when a sha256 prefix
    named one copy, that copy (`by_sha256`). `copy_ids` are the case's copies out of the trash,
    in import order; `file_name` is the file of `letter_id`.
    """

    letter_id: int
    record_id: int
    case_number: str | None
    file_name: str
    copy_ids: list[int]
    by_sha256: bool = False

    @property
    def copies(self) -> int:
        return len(self.copy_ids)


@dataclass
class TrashEntry:
    """A letter moved to the trash (it can be restored, with everything, until the trash is emptied)."""

    letter_id: int
    case_number: str | None
    file_name: str
    removed_at: str
    removed_by: str
    was_copy_of_record: bool
    corrections: int
    notes: int
    version: int
