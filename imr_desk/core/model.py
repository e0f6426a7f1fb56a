"""The letter model: typed dataclasses for one parsed IMR letter and its JSON form.

`Letter.to_json()` / `Letter.from_json()` read and write the `imr-desk/letter@1` object
described in ``shared/spec/letter-json.md``. Everything here is plain data: no I/O, no Qt.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from imr_desk.core.fields import DECISION_FIELD_NAMES, HEADER_FIELD_NAMES, OUTCOME_NOT_FOUND
from imr_desk.core.fields import OUTCOMES as OUTCOMES  # the outcome values, kept importable here
from imr_desk.core.findings import (
    Category,
    Check,
    DecisionCitations,
    Diagnosis,
    checks_from_json,
    diagnoses_from_json,
)
from imr_desk.core.warning_fields import field_of_warning

SCHEMA = "imr-desk/letter@1"

# The field names of the header and of a decision, in the spec's order (from the registry).
HEADER_FIELDS = HEADER_FIELD_NAMES
DECISION_TEXT_FIELDS = DECISION_FIELD_NAMES

_WHITESPACE = re.compile(r"\s+")


def collapse_whitespace(text: str) -> str:
    """Turn every run of white space into one space and strip the ends (the spec's rule)."""
    return _WHITESPACE.sub(" ", text).strip()


Span = tuple[int, int]


@dataclass
class Region:
    """A rectangle in PDF points on one page (page index from 0)."""

    page: int
    bbox: tuple[float, float, float, float]

    def to_json(self) -> dict[str, Any]:
        return {"page": self.page, "bbox": [round(v, 2) for v in self.bbox]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Region:
        x0, y0, x1, y1 = data["bbox"]
        return cls(int(data["page"]), (float(x0), float(y0), float(x1), float(y1)))


@dataclass
class Source:
    """Where a letter came from."""

    file: str
    sha256: str = ""
    kind: str = "pdf"  # "pdf" | "text"
    pages: int = 1
    ocr: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Source:
        return cls(
            file=data.get("file", ""),
            sha256=data.get("sha256", ""),
            kind=data.get("kind", "pdf"),
            pages=int(data.get("pages", 1)),
            ocr=bool(data.get("ocr", False)),
        )


@dataclass
class Header:
    """The first-page fields of a letter; dates are ISO `YYYY-MM-DD` strings."""

    case_number: str | None = None
    date_assigned: str | None = None
    decision_date: str | None = None
    date_of_injury: str | None = None
    ur_denial_date: str | None = None
    application_received: str | None = None
    priority: str | None = None


@dataclass
class Reviewer:
    """The expert reviewer's credentials."""

    licensure_states: list[str] = field(default_factory=list)
    specialties: list[str] = field(default_factory=list)


@dataclass
class Patient:
    """The injured worker as the case summary describes them."""

    age: int | None = None
    sex: str | None = None  # "male" | "female" | None
    date_of_injury: str | None = None
    diagnoses: list[Diagnosis] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "age": self.age,
            "sex": self.sex,
            "date_of_injury": self.date_of_injury,
            "diagnoses": [diagnosis.to_json() for diagnosis in self.diagnoses],
        }

    @classmethod
    def from_json(cls, data: Any) -> Patient:
        data = data if isinstance(data, dict) else {}
        age = data.get("age")
        return cls(
            age=age if isinstance(age, int) else None,
            sex=data.get("sex"),
            date_of_injury=data.get("date_of_injury"),
            diagnoses=diagnoses_from_json(data.get("diagnoses")),
        )


@dataclass
class Decision:
    """One disputed treatment and the reviewer's decision on it."""

    request: str
    outcome: str | None  # "upheld" | "overturned", or None: no outcome word found (never guessed)
    original_request: str | None = None
    authorized: str | None = None
    claims_administrator_guideline: str | None = None
    maximus_guideline: str | None = None
    rationale: str = ""
    spans: dict[str, Span] = field(default_factory=dict)
    regions: list[Region] = field(default_factory=list)
    category: Category | None = None  # None: not yet categorised (letters stored before it)
    citations: DecisionCitations = field(default_factory=DecisionCitations)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {name: getattr(self, name) for name in DECISION_TEXT_FIELDS}
        data["spans"] = {key: [int(s), int(e)] for key, (s, e) in self.spans.items()}
        data["regions"] = [region.to_json() for region in self.regions]
        data["category"] = self.category.to_json() if self.category else None
        data["citations"] = self.citations.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Decision:
        return cls(
            request=data.get("request") or "",
            outcome=outcome_from_json(data.get("outcome")),
            original_request=data.get("original_request"),
            authorized=data.get("authorized"),
            claims_administrator_guideline=data.get("claims_administrator_guideline"),
            maximus_guideline=data.get("maximus_guideline"),
            rationale=data.get("rationale") or "",
            spans={key: (int(v[0]), int(v[1])) for key, v in (data.get("spans") or {}).items()},
            regions=[Region.from_json(r) for r in data.get("regions") or []],
            category=Category.from_json(data.get("category")),
            citations=DecisionCitations.from_json(data.get("citations")),
        )


def outcome_from_json(value: Any) -> str | None:
    """A stored outcome: ``upheld`` / ``overturned``; anything else (null, ``""`` written by
    older versions for a missing word) is None, an outcome not found. Never a default."""
    return value if value in OUTCOMES else None


@dataclass(frozen=True)
class FieldWarning:
    """One parser warning and the key of the field it concerns.

    `field` is a field registry key with the decision's index where there is one
    (``header.decision_date``, ``decisions[2].outcome``), or ``letter`` (`fields.LETTER`)
    where the warning concerns no one field.
    """

    field: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


def _field_warnings_from_json(value: Any, warnings: list[str]) -> list[FieldWarning]:
    """The stored `field_warnings`, or ``[]`` (derive them) when absent, malformed or not
    the same messages as `warnings`."""
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and isinstance(item.get("field"), str) and isinstance(item.get("message"), str)
        for item in value
    ):
        return []
    found = [FieldWarning(item["field"], item["message"]) for item in value]
    return found if [w.message for w in found] == warnings else []


@dataclass
class Letter:
    """One parsed IMR Final Determination letter.

    `spans` holds the places of the letter-level fields: keys ``header.<field>``,
    ``reviewer.licensure_states``, ``reviewer.specialties``, ``patient.age``, ``patient.sex``,
    ``patient.date_of_injury`` and ``case_summary``. `regions` maps the same keys (and
    ``header`` / ``reviewer`` for whole sections) to page rectangles for PDF letters.

    `field_warnings` holds the parser's warnings with the field each concerns; `warnings` the
    same messages in the same order. Given only one of the two, the other is made from it
    (field keys from the warnings' words by `warning_fields.field_of_warning`, for letters
    stored before the parser named the fields); `set_warnings` replaces both.
    """

    source: Source
    header: Header = field(default_factory=Header)
    reviewer: Reviewer = field(default_factory=Reviewer)
    patient: Patient = field(default_factory=Patient)
    case_summary: str = ""
    decisions: list[Decision] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    text: str = ""
    spans: dict[str, Span] = field(default_factory=dict)
    regions: dict[str, list[Region]] = field(default_factory=dict)
    field_warnings: list[FieldWarning] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    def __post_init__(self) -> None:
        messages = [warning.message for warning in self.field_warnings]
        if not self.field_warnings:
            self.field_warnings = [FieldWarning(field_of_warning(m), m) for m in self.warnings]
        elif not self.warnings:
            self.warnings = messages
        elif messages != self.warnings:
            raise ValueError("a letter's warnings and field_warnings must hold the same messages")

    def set_warnings(self, found: list[FieldWarning]) -> None:
        """Replace the warnings (both lists) with `found`."""
        self.field_warnings = list(found)
        self.warnings = [warning.message for warning in found]

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "source": self.source.to_json(),
            "header": asdict(self.header),
            "reviewer": asdict(self.reviewer),
            "patient": self.patient.to_json(),
            "case_summary": self.case_summary,
            "decisions": [decision.to_json() for decision in self.decisions],
            "checks": [check.to_json() for check in self.checks],
            "warnings": list(self.warnings),
            "field_warnings": [warning.to_json() for warning in self.field_warnings],
            "text": self.text,
            "spans": {key: [int(s), int(e)] for key, (s, e) in self.spans.items()},
            "regions": {
                key: [region.to_json() for region in regions]
                for key, regions in self.regions.items()
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Letter:
        def pick(kind: type, values: dict[str, Any] | None) -> Any:
            names = {f.name for f in fields(kind)}
            return kind(**{k: v for k, v in (values or {}).items() if k in names})

        letter_spans = data.get("spans") or {}
        letter_regions = data.get("regions") or {}
        if not isinstance(letter_regions, dict):
            letter_regions = {}
        warnings = [str(warning) for warning in data.get("warnings") or []]
        return cls(
            source=Source.from_json(data.get("source") or {}),
            header=pick(Header, data.get("header")),
            reviewer=pick(Reviewer, data.get("reviewer")),
            patient=Patient.from_json(data.get("patient")),
            case_summary=data.get("case_summary") or "",
            decisions=[Decision.from_json(d) for d in data.get("decisions") or []],
            warnings=warnings,
            field_warnings=_field_warnings_from_json(data.get("field_warnings"), warnings),
            checks=checks_from_json(data.get("checks")),
            text=data.get("text") or "",
            spans={key: (int(v[0]), int(v[1])) for key, v in letter_spans.items()},
            regions={
                key: [Region.from_json(r) for r in value]
                for key, value in letter_regions.items()
            },
        )

    @property
    def upheld_count(self) -> int:
        return sum(1 for d in self.decisions if d.outcome == "upheld")

    @property
    def overturned_count(self) -> int:
        return sum(1 for d in self.decisions if d.outcome == "overturned")

    @property
    def outcome_not_found_count(self) -> int:
        """Decisions whose outcome is not known (counted neither upheld nor overturned)."""
        return sum(1 for d in self.decisions if d.outcome not in OUTCOMES)

    def result_line(self) -> str:
        """A one-line result such as ``3 disputed: 2 upheld, 1 overturned`` (and ``, 1 outcome
        not found`` where there are such decisions)."""
        line = f"{len(self.decisions)} disputed: {self.upheld_count} upheld, {self.overturned_count} overturned"
        if self.outcome_not_found_count:
            line += f", {self.outcome_not_found_count} {OUTCOME_NOT_FOUND}"
        return line


class LetterError(Exception):
    """A file that cannot be turned into a letter; `code` is one of the spec's error codes."""

    CODES = ("unreadable", "encrypted", "empty", "not_a_letter", "unsupported", "too_large")

    def __init__(self, code: str, message: str) -> None:
        assert code in self.CODES, code
        super().__init__(message)
        self.code = code
        self.message = message

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def error_object(source: Source, error: LetterError) -> dict[str, Any]:
    """The spec's error object for one file."""
    return {"schema": SCHEMA, "source": source.to_json(), "error": error.to_json()}
