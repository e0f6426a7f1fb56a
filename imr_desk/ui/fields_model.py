"""What the fields panel shows: field descriptions, value <-> text conversion, decisions list model.

Each field has a `FieldSpec` (highlight key, label, kind). `field_text()` turns a stored value
into what the editor shows and `parse_field_text()` turns what the user typed back into the
stored value, raising `ValueError` with a plain message when it can't (the editor then keeps the
typed text). `DecisionListModel` lists a letter's decisions (request + outcome) for the list
view; its rows carry the decision key in `KeyRole`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from imr_desk.core.model import Decision, collapse_whitespace
from imr_desk.core.records import CaseRecord

ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class FieldSpec:
    """One editable field: its highlight key suffix (e.g. "header.decision_date"), label, kind.

    kind: "text" | "multiline" | "date" | "int" | "list" | "choice"; `choices` for "choice".
    An emptied editor stores `empty_value` (None for optional fields, "" for free text that is
    always present); a `required` field refuses to be emptied.
    """

    name: str
    label: str
    kind: str = "text"
    choices: tuple[str, ...] = ()
    required: bool = False
    empty_value: Any = None


LETTER_SECTIONS: tuple[tuple[str, tuple[FieldSpec, ...]], ...] = (
    (
        "Header",
        (
            FieldSpec("header.case_number", "Case number"),
            FieldSpec("header.decision_date", "Decision date", "date"),
            FieldSpec("header.date_assigned", "Date assigned", "date"),
            FieldSpec("header.date_of_injury", "Date of injury", "date"),
            FieldSpec("header.ur_denial_date", "UR denial date", "date"),
            FieldSpec("header.application_received", "Application received", "date"),
            FieldSpec("header.priority", "Priority"),
        ),
    ),
    (
        "Reviewer",
        (
            FieldSpec("reviewer.licensure_states", "Licensure", "list"),
            FieldSpec("reviewer.specialties", "Specialties", "list"),
        ),
    ),
    (
        "Patient",
        (
            FieldSpec("patient.age", "Age", "int"),
            FieldSpec("patient.sex", "Sex", "choice", ("", "male", "female")),
            FieldSpec("patient.date_of_injury", "Date of injury", "date"),
        ),
    ),
    ("Case summary", (FieldSpec("case_summary", "Case summary", "multiline", empty_value=""),)),
)
LETTER_FIELD_SPECS: dict[str, FieldSpec] = {
    spec.name: spec for _title, specs in LETTER_SECTIONS for spec in specs
}

DECISION_FIELD_SPECS: tuple[FieldSpec, ...] = (
    FieldSpec("request", "Request", "multiline", required=True),
    FieldSpec("outcome", "Outcome", "choice", ("upheld", "overturned"), required=True),
    FieldSpec("original_request", "Original request", "multiline"),
    FieldSpec("authorized", "Authorized", "multiline"),
    FieldSpec("claims_administrator_guideline", "Claims administrator guideline", "multiline"),
    FieldSpec("maximus_guideline", "MAXIMUS guideline", "multiline"),
    FieldSpec("rationale", "Rationale", "multiline", empty_value=""),
)
DECISION_SPECS_BY_NAME = {spec.name: spec for spec in DECISION_FIELD_SPECS}

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
    if spec.kind == "list":
        return ", ".join(str(item) for item in value)
    return str(value)


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
    if spec.kind == "list":
        return [item.strip() for item in cleaned.split(",") if item.strip()]
    if spec.kind == "choice" and cleaned.lower() not in spec.choices:
        allowed = ", ".join(choice for choice in spec.choices if choice)
        raise ValueError(f"{spec.label} must be one of: {allowed} (got '{cleaned}').")
    return cleaned.lower() if spec.kind == "choice" else cleaned


def _parse_date(text: str, label: str) -> str:
    for date_format in _DATE_FORMATS:
        try:
            parsed: date = datetime.strptime(text, date_format).date()
        except ValueError:
            continue
        return parsed.isoformat()
    raise ValueError(f"{label} must be a date such as 2016-10-13 or 10/13/2016 (got '{text}').")


def field_warnings(warnings: list[str], label: str, decision_number: int | None = None) -> list[str]:
    """The parser warnings that name a field (by label), within a decision when given."""
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
        self._warnings: dict[str, list[str]] = {}

    def set_record(self, record: CaseRecord | None) -> None:
        self.beginResetModel()
        self._decisions = list(record.letter.decisions) if record else []
        self._keys = list(record.decision_keys) if record else []
        self._corrected = {
            correction.decision_key
            for correction in (record.corrections if record else [])
            if correction.decision_key
        }
        letter_warnings = record.letter.warnings if record else []
        self._warnings = {
            key: found
            for number, key in enumerate(self._keys, start=1)
            if (found := field_warnings(letter_warnings, "", number))
        }
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
            return f"Decision {index.row() + 1}{added}: {decision.request} — {decision.outcome}{warned}"
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
