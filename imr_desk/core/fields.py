"""The field registry: every field of a letter, with the words people see for it, defined once.

A field is named by its JSON path in ``shared/spec/letter-json.md``: ``header.decision_date``,
``reviewer.specialties``, ``patient.age``, ``case_summary``, and ``decisions[].outcome`` for
a field of every decision (one decision's is ``decisions[2].outcome``, counted from 0 as in the
JSON array). `FIELDS` maps each key to its `Field`: label, kind, allowed values, help text.
`LETTER` is the key of a parser warning that concerns no one field.

The review-state and outcome words (``Unreviewed``, ``In review``, ``Verified``; ``Upheld``,
``Overturned``) are defined here too, so the window, the reports and the store say the same.
Pure data: this module imports nothing of the project (model, records and every stage may
import it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LETTER = "letter"  # the key of a warning about the letter as a whole (no one field)
DECISIONS = "decisions[]"  # the key prefix of a decision's fields
# "category": a treatment category, stored as its one-line taxonomy label (``Pharmaceuticals ·
# Opioids``); its allowed values are `core.taxonomy.labels()` (that layer is above this one, so
# the store checks a corrected value against it: an unknown label is refused naming the field).
KINDS = ("date", "text", "list", "choice", "number", "category")

OUTCOMES = ("upheld", "overturned")
OUTCOME_WORDS = {"upheld": "Upheld", "overturned": "Overturned"}
# What reports say for a decision whose outcome is None (no outcome word found in the letter).
OUTCOME_NOT_FOUND = "outcome not found"

REVIEW_STATES = ("unreviewed", "in_review", "verified")
REVIEW_STATE_WORDS = {"unreviewed": "Unreviewed", "in_review": "In review", "verified": "Verified"}
REVIEW_STATE_LABEL = "Review state"
DECISION_LABEL = "Decision"

# What people call each check (codes in docs/checks.md) and its severities, for the window,
# the reports and the exports.
CHECK_WORDS = {
    "doi_mismatch": "Date of injury differs",
    "outcome_rationale_conflict": "Outcome against its rationale",
    "patient_conflict": "Patient details differ",
    "guideline_divergence": "Guidelines differ",
    "specialty_fit": "Reviewer's specialty",
    "application_late": "Application late",
    "decision_late": "Determination late",
    "repeat_after": "May be requested again",
}
SEVERITY_WORDS = {"warn": "Warning", "info": "Information"}
CHECKS_LABEL = "Checks"


def check_word(code: str) -> str:
    """``Date of injury differs`` for ``doi_mismatch``; an unknown code in words as it is."""
    return CHECK_WORDS.get(code, code.replace("_", " ").capitalize())


def severity_word(severity: str) -> str:
    """``Warning`` / ``Information``; an unknown severity capitalised."""
    return SEVERITY_WORDS.get(severity, severity.capitalize())


# Length limits, in characters, at many times the longest value of the corpus (69 letters:
# case number 12, priority 8, reviewer specialties 65, request 139, expert reviewer guideline
# 638, Claims Administrator guideline 1,773, case summary 3,167, rationale 5,737).
SHORT_TEXT_LIMIT = 2_000
NOTE_LABEL = "Note"
ADD_NOTE_WORDS = "Add Note…"  # the menu item and the hint that names it
OCR_NOTICE = "Read by OCR \u2014 check values against the page."  # on the letter pane and the summary
NOTE_MAX_LENGTH = 100_000  # a note on a letter (the letter's whole text is at most ~27,000)


@dataclass(frozen=True)
class Field:
    """One field of a letter.

    `label` names the field where it stands alone (reports, history, highlight tooltips);
    `short_label` (default: `label`) names it inside its section of the fields panel, where the
    section title says the rest ("Reviewer" › "Specialties"). `kind` is one of `KINDS`;
    `choices` are the allowed values of a choice field, in their stored spelling. `long_text`
    marks text that runs to sentences (edited in a box of several lines). `max_length` is the
    most characters a stored value may hold (a list: its items joined by ``, ``), many times
    the longest in the 69 letters of the corpus (see `check_length`).
    """

    key: str
    label: str
    kind: str
    help: str
    choices: tuple[str, ...] = ()
    short_label: str = ""
    long_text: bool = False
    max_length: int = SHORT_TEXT_LIMIT

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.key}: unknown field kind {self.kind!r}")
        if (self.kind == "choice") != bool(self.choices):
            raise ValueError(f"{self.key}: a choice field and only a choice field has choices")
        if self.max_length <= 0:
            raise ValueError(f"{self.key}: a field holds at least one character")

    @property
    def name(self) -> str:
        """The last part of the key: ``decision_date``, ``outcome``, ``case_summary``."""
        return self.key.rpartition(".")[2]

    @property
    def section(self) -> str:
        """The first part of the key: ``header``, ``reviewer``, ``patient``, ``case_summary``,
        or ``decisions[]`` for a decision's field."""
        return self.key.partition(".")[0]

    @property
    def in_decision(self) -> bool:
        return self.section == DECISIONS

    @property
    def shown_label(self) -> str:
        """The label inside its section (`short_label`, else `label`)."""
        return self.short_label or self.label


def _date(key: str, label: str, help_text: str, **extra: object) -> Field:
    return Field(key, label, "date", help_text, max_length=10, **extra)  # type: ignore[arg-type]


_REGISTRY = (
    Field("header.case_number", "Case number", "text", "The IMR case number on the first page, e.g. CM16-0213037.",
          max_length=40),
    _date("header.date_assigned", "Date assigned", "The date the case was assigned to MAXIMUS."),
    _date("header.decision_date", "Decision date", "The date of the Final Determination."),
    _date("header.date_of_injury", "Date of injury", "The date of injury on the first page."),
    _date("header.ur_denial_date", "UR denial date", "The date of the utilization review denial."),
    _date("header.application_received", "Application received", "The date the IMR application was received."),
    Field("header.priority", "Priority", "choice", "The priority of the review: Standard or Expedited.",
          ("Standard", "Expedited"), max_length=20),
    Field("reviewer.licensure_states", "Reviewer licensure", "list",
          "The states the expert reviewer is licensed in, separated by commas.", short_label="Licensure"),
    Field("reviewer.specialties", "Reviewer specialty", "list",
          "The expert reviewer's certifications and specialties, separated by commas.", short_label="Specialties"),
    Field("patient.age", "Patient age", "number", "The injured worker's age as the case summary states it.",
          short_label="Age", max_length=10),
    Field("patient.sex", "Patient sex", "choice", "The injured worker's sex as the case summary states it.",
          ("male", "female"), short_label="Sex", max_length=20),
    _date("patient.date_of_injury", "Patient date of injury",
          "The date of injury as the case summary states it (it may differ from the header's).",
          short_label="Date of injury (summary)"),
    Field("case_summary", "Case summary", "text",
          "The clinical case summary, from after its opening sentence up to the decisions.", long_text=True,
          max_length=200_000),
    Field("decisions[].request", "Request", "text",
          "The treatment in dispute as the decision's heading names it (the IMR eligible part).",
          long_text=True, max_length=5_000),
    Field("decisions[].outcome", "Outcome", "choice",
          "Upheld: the denial stands (not medically necessary). Overturned: found medically necessary. "
          "Empty where the letter's outcome word was not found.",
          OUTCOMES, max_length=20),
    Field("decisions[].original_request", "Original request", "text",
          "For a partial approval: the treatment as originally requested.",
          long_text=True, max_length=5_000),
    Field("decisions[].authorized", "Authorized portion", "text",
          "For a partial approval: the part the Claims Administrator authorized.",
          long_text=True, max_length=5_000),
    Field("decisions[].claims_administrator_guideline", "Claims Administrator guideline", "text",
          "What the Claims Administrator based its decision on.",
          long_text=True, max_length=20_000),
    Field("decisions[].maximus_guideline", "MAXIMUS guideline", "text",
          "The guideline the expert reviewer based the decision on.",
          long_text=True, max_length=20_000),
    Field("decisions[].rationale", "Rationale", "text",
          "The expert reviewer's decision rationale.", long_text=True,
          max_length=200_000),
    Field("decisions[].category", "Treatment category", "category",
          "The treatment's category in DWC's IMR decision search (category · sub-category · drug class), "
          "as the analysis assigned it or as corrected. Empty where none fits.",
          short_label="Category", max_length=300),
)

FIELDS: dict[str, Field] = {entry.key: entry for entry in _REGISTRY}
LETTER_FIELD_KEYS = tuple(key for key, entry in FIELDS.items() if not entry.in_decision)
# A decision's fields read off the letter (the model's text fields, the store's text columns).
DECISION_FIELD_NAMES = tuple(
    entry.name for entry in FIELDS.values() if entry.in_decision and entry.kind != "category"
)
# A decision's fields the analysis finds (a treatment category), correctable like the others.
DECISION_FINDING_FIELD_NAMES = tuple(
    entry.name for entry in FIELDS.values() if entry.in_decision and entry.kind == "category"
)
CATEGORY_FIELD = "category"  # the correction field of a decision's treatment category
# Every field of a decision a correction may name (``decision``, a whole decision, aside).
DECISION_CORRECTABLE_NAMES = DECISION_FIELD_NAMES + DECISION_FINDING_FIELD_NAMES
HEADER_FIELD_NAMES = tuple(entry.name for entry in FIELDS.values() if entry.section == "header")

_DECISION_KEY = re.compile(r"decisions\[(\d*)\]\.(\w+)")


def decision_field_key(index: int, name: str) -> str:
    """The key of field `name` of the decision at `index` (from 0): ``decisions[2].outcome``."""
    return f"decisions[{index}].{name}"


def split_key(key: str) -> tuple[int | None, str]:
    """``decisions[2].outcome`` → ``(2, "outcome")``; any other key → ``(None, key)``."""
    match = _DECISION_KEY.fullmatch(key)
    if match and match.group(1):
        return int(match.group(1)), match.group(2)
    return None, key


def registry_key(key: str) -> str:
    """The registry's key for a field key: ``decisions[2].outcome`` → ``decisions[].outcome``."""
    match = _DECISION_KEY.fullmatch(key)
    return f"{DECISIONS}.{match.group(2)}" if match else key


def field_for(key: str) -> Field:
    """The `Field` of a key (a decision's index may be given or not); KeyError if unknown."""
    return FIELDS[registry_key(key)]


def is_field_key(key: str) -> bool:
    """True for `LETTER` and every key that names a registry field (with or without index)."""
    return key == LETTER or registry_key(key) in FIELDS


def outcome_word(outcome: str | None) -> str:
    """``Upheld`` / ``Overturned`` for a stored outcome; ``""`` where there is none."""
    if not outcome:
        return ""
    return OUTCOME_WORDS.get(outcome, outcome.capitalize())


def review_state_word(state: str) -> str:
    """``Unreviewed``, ``In review``, ``Verified``; an unknown state in words as it is."""
    return REVIEW_STATE_WORDS.get(state, state.replace("_", " ").capitalize())


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 letter`` / ``3 letters`` (`plural` where adding "s" is wrong)."""
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def value_length(value: object) -> int:
    """The characters of a stored value: a list's items joined by ``, ``; None holds none."""
    if value is None:
        return 0
    if isinstance(value, (list, tuple)):
        return len(", ".join(str(item) for item in value))
    return len(str(value))


def _too_long(label: str, length: int, limit: int) -> str:
    return f"{label}: {length:,} characters, more than the {limit:,} this field holds"


def check_length(key: str, value: object) -> None:
    """Raise ValueError when `value` is longer than field `key` holds (its `max_length`), e.g.
    ``Case number: 20,000 characters, more than the 40 this field holds``. `key` may carry a
    decision's index (``decisions[2].request``); KeyError for a key the registry lacks."""
    entry = field_for(key)
    length = value_length(value)
    if length > entry.max_length:
        raise ValueError(_too_long(entry.label, length, entry.max_length))


def check_note_length(note: str) -> None:
    """Raise ValueError when a note is longer than `NOTE_MAX_LENGTH` characters, e.g.
    ``Note: 1,000,000 characters, more than the 100,000 this field holds``."""
    if len(note) > NOTE_MAX_LENGTH:
        raise ValueError(_too_long(NOTE_LABEL, len(note), NOTE_MAX_LENGTH))
