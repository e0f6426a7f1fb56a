"""What the fields panel shows: field descriptions, value <-> text conversion, decisions list model.

Each field has a `FieldSpec` (highlight key, label, kind) made from its entry in the field
registry (`imr_desk.core.fields`), which gives its words, kind, allowed values and help text.
`field_text()` turns a stored value into what the editor shows and `parse_field_text()` turns
what the user typed back into the stored value, raising `ValueError` with a plain message when
it can't (the editor then keeps the typed text). `warnings_by_field()` gives each field the
parser warnings that name it (by the warning's field key, never by its words).
`DecisionListModel` lists a letter's decisions (request + outcome) for the list view; its rows
carry the decision key in `KeyRole`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from imr_desk.core import taxonomy
from imr_desk.core.fields import (
    DECISION_FIELD_NAMES,
    DECISION_FINDING_FIELD_NAMES,
    LETTER,
    field_for,
    outcome_word,
    split_key,
)
from imr_desk.core.findings import Category
from imr_desk.core.model import Decision, collapse_whitespace
from imr_desk.core.records import CaseRecord
from imr_desk.ui.list_items import check_items
from imr_desk.ui.theme import Colours

ModelIndex = QModelIndex | QPersistentModelIndex
READ_ONLY_NOTICE = "Read-only copy — make it the copy of record to edit"


@dataclass(frozen=True)
class FieldSpec:
    """One editable field: its highlight key suffix (e.g. "header.decision_date"), label, kind.

    kind: "text" | "multiline" | "date" | "int" | "list" | "choice" | "category" (the editor
    to use; a category is typed into a line offering the taxonomy's labels); a
    field with `choices` accepts only those (any case; stored as spelled in `choices`). An
    emptied editor stores `empty_value` (None for optional fields, "" for free text that is
    always present); a `required` field refuses to be emptied. `help` says what the field holds.
    """

    name: str
    label: str
    kind: str = "text"
    choices: tuple[str, ...] = ()
    required: bool = False
    empty_value: Any = None
    help: str = ""


# The editor for each kind of registry field (long text gets a box of several lines).
_EDITOR_KINDS = {"date": "date", "text": "text", "list": "list", "choice": "choice", "number": "int",
                 "category": "category"}
# Choice fields typed into a line rather than picked from a list: the parser takes whatever
# word the letter has there, and the line shows it as read.
_TYPED_CHOICES = ("header.priority",)


def field_spec(key: str, *, required: bool = False, empty_value: Any = None) -> FieldSpec:
    """The `FieldSpec` of a registry field; a decision's field (``decisions[].request``) is
    named by its own name (``request``), the way its editors' keys end."""
    entry = field_for(key)
    kind = "multiline" if entry.long_text else _EDITOR_KINDS[entry.kind]
    choices = entry.choices
    if entry.kind == "category":
        choices = taxonomy.labels()
    elif key in _TYPED_CHOICES:
        kind = "text"
    elif entry.kind == "choice" and not required:
        choices = ("", *choices)  # "(not stated)"
    name = entry.name if entry.in_decision else entry.key
    label = entry.label if entry.in_decision else entry.shown_label  # "Treatment category" in full
    return FieldSpec(name, label, kind, choices, required, empty_value, entry.help)


LETTER_SECTIONS: tuple[tuple[str, tuple[FieldSpec, ...]], ...] = (
    (
        "Header",
        tuple(
            field_spec(f"header.{name}")
            for name in ("case_number", "decision_date", "date_assigned", "date_of_injury", "ur_denial_date",
                         "application_received", "priority")
        ),
    ),
    ("Reviewer", (field_spec("reviewer.licensure_states"), field_spec("reviewer.specialties"))),
    ("Patient", (field_spec("patient.age"), field_spec("patient.sex"), field_spec("patient.date_of_injury"))),
    ("Case summary", (field_spec("case_summary", empty_value=""),)),
)
LETTER_FIELD_SPECS: dict[str, FieldSpec] = {
    spec.name: spec for _title, specs in LETTER_SECTIONS for spec in specs
}

_REQUIRED_DECISION_FIELDS = ("request", "outcome")
DECISION_FIELD_SPECS: tuple[FieldSpec, ...] = tuple(
    field_spec(f"decisions[].{name}", required=name in _REQUIRED_DECISION_FIELDS,
               empty_value="" if name == "rationale" else None)
    for name in DECISION_FIELD_NAMES
)
# A decision's fields the analysis finds (its treatment category): shown and corrected in the
# decision's form, never assigned from a letter selection.
DECISION_FINDING_SPECS: tuple[FieldSpec, ...] = tuple(
    field_spec(f"decisions[].{name}") for name in DECISION_FINDING_FIELD_NAMES
)
DECISION_SPECS_BY_NAME = {spec.name: spec for spec in (*DECISION_FIELD_SPECS, *DECISION_FINDING_SPECS)}

_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y", "%m-%d-%y", "%B %d, %Y", "%b %d, %Y")
_INTEGER = re.compile(r"\d{1,3}")


def letter_value(record: CaseRecord, name: str) -> Any:
    """The effective value of a letter-level field ("header.x", "patient.y", "case_summary")."""
    if name == "case_summary":
        return record.letter.case_summary
    section, attribute = name.split(".", 1)
    return getattr(getattr(record.letter, section), attribute)


def parsed_letter_value(record: CaseRecord, name: str) -> Any:
    if name == "case_summary":
        return record.parsed.case_summary
    section, attribute = name.split(".", 1)
    return getattr(getattr(record.parsed, section), attribute)


def field_text(value: Any, spec: FieldSpec) -> str:
    """What an editor shows for a stored value."""
    if value is None:
        return ""
    if isinstance(value, Category):
        return value.label()
    if spec.kind == "list":
        return ", ".join(str(item) for item in value)
    return str(value)


def current_value(record: CaseRecord, key: str) -> Any:
    """The effective value of highlight key `key`: a letter field, or ``p2.request``."""
    if key in LETTER_FIELD_SPECS:
        return letter_value(record, key)
    decision_key, _, name = key.partition(".")
    decisions = dict(zip(record.decision_keys, record.letter.decisions))
    value = getattr(decisions[decision_key], name) if decision_key in decisions else None
    return value.label() if isinstance(value, Category) else value


def same_value(value: Any, current: Any) -> bool:
    """True when `value` is `current` once white space is collapsed (the spec's rule for every
    text value), or both are empty: storing it would change nothing."""
    def normal(item: Any) -> Any:
        if isinstance(item, str):
            return collapse_whitespace(item) or None
        if isinstance(item, list):
            return [normal(part) for part in item] or None
        return item

    return normal(value) == normal(current)


def parse_field_text(text: str, spec: FieldSpec) -> Any:
    """The stored value for what the user typed; ValueError (plain message) if it isn't one."""
    cleaned = collapse_whitespace(text)
    if not cleaned:
        if spec.required:
            raise ValueError(f"{spec.label} cannot be empty.")
        return [] if spec.kind == "list" else spec.empty_value
    if spec.kind == "date":
        return _parse_date(cleaned, spec.label)
    if spec.kind == "int":
        if not _INTEGER.fullmatch(cleaned):
            raise ValueError(f"{spec.label} must be a whole number, e.g. 48 (got '{cleaned}').")
        return int(cleaned)
    if spec.kind == "category":
        return taxonomy.checked_label(cleaned)  # the registry's message for a label it lacks
    if spec.kind == "list":
        return check_items(spec.name, spec.label, [item.strip() for item in cleaned.split(",") if item.strip()])
    if spec.choices:
        spelled = {choice.lower(): choice for choice in spec.choices if choice}
        if cleaned.lower() not in spelled:
            raise ValueError(f"{spec.label} must be one of: {', '.join(spelled.values())} (got '{cleaned}').")
        return spelled[cleaned.lower()]
    return cleaned


def parse_date(text: str, label: str) -> str:
    """A typed date as ISO (``2016-10-13``); ValueError naming `label` when it is none."""
    return _parse_date(collapse_whitespace(text), label)


def _parse_date(text: str, label: str) -> str:
    for date_format in _DATE_FORMATS:
        try:
            parsed: date = datetime.strptime(text, date_format).date()
        except ValueError:
            continue
        return parsed.isoformat()
    raise ValueError(f"{label} must be a date such as 2016-10-13 or 10/13/2016 (got '{text}').")


def warnings_by_field(record: CaseRecord | None) -> dict[str, list[str]]:
    """The parser's warnings by the highlight key of the field each names: ``header.x``,
    ``p1.maximus_guideline`` (a parsed decision's key, wherever it stands now); warnings about
    the whole letter are left out (the panel lists every warning above the fields)."""
    found: dict[str, list[str]] = {}
    for warning in record.letter.field_warnings if record else []:
        if warning.field == LETTER:
            continue
        index, name = split_key(warning.field)
        key = name if index is None else f"p{index}.{name}"
        found.setdefault(key, []).append(warning.message)
    return found


def field_warnings(warnings: list[str], label: str, decision_number: int | None = None) -> list[str]:
    """The warnings among `warnings` whose words name a field (by label), within a decision
    when given. Only for bare warning texts: the panel marks fields by `warnings_by_field`."""
    prefix = re.compile(rf"decision {decision_number}\b") if decision_number is not None else None
    names = re.compile(rf"\b{re.escape(label.lower())}\b")
    return [
        warning
        for warning in warnings
        if (prefix is None or prefix.match(warning.lower())) and names.search(warning.lower())
    ]


class DecisionListModel(QAbstractListModel):
    """The decisions of one letter: display text "n. request", outcome and key in custom roles."""

    OutcomeRole = Qt.ItemDataRole.UserRole + 1
    KeyRole = Qt.ItemDataRole.UserRole + 2
    CorrectedRole = Qt.ItemDataRole.UserRole + 3
    WarningsRole = Qt.ItemDataRole.UserRole + 4

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._decisions: list[Decision] = []
        self._keys: list[str] = []
        self._corrected: set[str] = set()
        self._warnings: dict[str, list[str]] = {}  # decision key -> warnings about its fields

    def set_record(self, record: CaseRecord | None) -> None:
        self.beginResetModel()
        self._decisions = list(record.letter.decisions) if record else []
        self._keys = list(record.decision_keys) if record else []
        self._corrected = {
            correction.decision_key
            for correction in (record.corrections if record else [])
            if correction.decision_key
        }
        self._warnings = {}
        for warning in record.letter.field_warnings if record else []:
            index, _name = split_key(warning.field)  # a parsed decision's index: its key is p<index>
            if index is not None and f"p{index}" in self._keys:
                self._warnings.setdefault(f"p{index}", []).append(warning.message)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._decisions)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._decisions):
            return None
        decision = self._decisions[index.row()]
        key = self._keys[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{index.row() + 1}. {decision.request or '(no request)'}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            added = " (added by hand)" if key.startswith("a") else ""
            warned = "".join(f"\n⚠ {warning}" for warning in self._warnings.get(key, []))
            return f"Decision {index.row() + 1}{added}: {decision.request} — {outcome_word(decision.outcome)}{warned}"
        if role == self.OutcomeRole:
            return decision.outcome
        if role == self.KeyRole:
            return key
        if role == self.CorrectedRole:
            return key in self._corrected
        if role == self.WarningsRole:
            return list(self._warnings.get(key, []))
        return None

    def row_of(self, key: str) -> int:
        """Row of the decision with `key`, or -1."""
        return self._keys.index(key) if key in self._keys else -1

    def key_at(self, row: int) -> str | None:
        return self._keys[row] if 0 <= row < len(self._keys) else None


def panel_stylesheet(colours: Colours) -> str:
    """The fields panel's look: corrected / warned-about fields, warnings, the read-only notice."""
    return f"""
        QLineEdit[fieldState="corrected"], QPlainTextEdit[fieldState="corrected"],
        QComboBox[fieldState="corrected"] {{
            border: 1px solid palette(mid); border-left: 4px solid {colours.corrected};
            background: {colours.corrected_background}; font-style: italic; padding: 2px;
        }}
        QLineEdit[fieldState="warning"], QPlainTextEdit[fieldState="warning"],
        QComboBox[fieldState="warning"] {{
            border: 1px solid palette(mid); border-left: 4px solid {colours.warning};
            background: {colours.warning_background}; padding: 2px;
        }}
        QLabel[fieldState="corrected"] {{ color: {colours.corrected}; font-style: italic; }}
        QLabel[fieldState="warning"] {{ color: {colours.warning}; }}
        QLabel#parserWarnings, QLabel#readOnlyNotice {{
            border-left: 4px solid {colours.warning}; background: {colours.warning_background};
            padding: 6px;
        }}
        QLabel#readOnlyNotice {{ font-weight: bold; }}
        """
