"""What imr-desk finds in a letter beyond its fields: categories, citations, diagnoses, checks.

Plain data with their `imr-desk/letter@1` JSON forms (``shared/spec/letter-json.md``):

- `Category`: a decision's place in the taxonomy of DWC's IMR decision search
  (``decisions[].category``);
- `Citation`: one structured guideline reference (``decisions[].citations``, the rules of
  ``shared/spec/citations.md``), kept per side in `DecisionCitations`;
- `Diagnosis`: a diagnosis the clinical summary names, with its span (``patient.diagnoses``);
- `Check`: a consistency finding about the letter (``checks``; codes in docs/checks.md).

The modules of ``core/analysis`` compute them; this module only holds them, so that the
model, the store and the reports can carry them without importing the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]

SEVERITIES = ("info", "warn")
CATEGORY_SEPARATOR = " · "  # between category, sub-category and drug class in one label


@dataclass(frozen=True)
class Category:
    """A treatment category as DWC's search spells it; `sub_category`/`drug_class` may be None."""

    category: str
    sub_category: str | None = None
    drug_class: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {"category": self.category, "sub_category": self.sub_category, "drug_class": self.drug_class}

    @classmethod
    def from_json(cls, data: Any) -> Category | None:
        """The category in `data`, or None where `data` holds none."""
        if not isinstance(data, dict) or not isinstance(data.get("category"), str) or not data["category"]:
            return None
        sub, drug = data.get("sub_category"), data.get("drug_class")
        return cls(data["category"], sub if isinstance(sub, str) else None, drug if isinstance(drug, str) else None)

    def label(self) -> str:
        """One line for people and for a stored correction: ``Pharmaceuticals · Opioids``."""
        return CATEGORY_SEPARATOR.join(part for part in (self.category, self.sub_category, self.drug_class) if part)


CITATION_KEYS = ("body", "guideline", "chapter", "title", "topic", "pages", "year", "edition", "sections", "text")


@dataclass(frozen=True)
class Citation:
    """One guideline reference; keys and types as ``citations.md`` section A says."""

    body: str  # "MTUS" | "Non-MTUS"
    guideline: str | None = None
    chapter: int | None = None
    title: str | None = None
    topic: str | None = None
    pages: str | None = None
    year: str | None = None
    edition: str | None = None
    sections: tuple[str, ...] = ()
    text: str = ""
    not_addressed: bool = False
    note: str | None = None  # an explanation (e.g. a reference's authors); not part of the result

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {key: getattr(self, key) for key in CITATION_KEYS}
        data["sections"] = list(self.sections)
        if self.not_addressed:
            data["not_addressed"] = True
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Citation:
        chapter = data.get("chapter")
        return cls(
            body=str(data.get("body") or "MTUS"),
            guideline=data.get("guideline"),
            chapter=chapter if isinstance(chapter, int) else None,
            title=data.get("title"),
            topic=data.get("topic"),
            pages=data.get("pages"),
            year=data.get("year"),
            edition=data.get("edition"),
            sections=tuple(str(s) for s in data.get("sections") or ()),
            text=str(data.get("text") or ""),
            not_addressed=bool(data.get("not_addressed")),
            note=data["note"] if isinstance(data.get("note"), str) else None,
        )


@dataclass(frozen=True)
class DecisionCitations:
    """The citations of one decision's two guideline lines."""

    claims_administrator: tuple[Citation, ...] = ()
    maximus: tuple[Citation, ...] = ()

    def to_json(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "claims_administrator": [c.to_json() for c in self.claims_administrator],
            "maximus": [c.to_json() for c in self.maximus],
        }

    @classmethod
    def from_json(cls, data: Any) -> DecisionCitations:
        if not isinstance(data, dict):
            return cls()

        def side(key: str) -> tuple[Citation, ...]:
            items = data.get(key)
            return tuple(Citation.from_json(c) for c in items if isinstance(c, dict)) if isinstance(items, list) else ()

        return cls(side("claims_administrator"), side("maximus"))


@dataclass(frozen=True)
class Diagnosis:
    """A diagnosis named by the clinical summary and where its words are in the letter's text."""

    text: str
    span: Span

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "span": [int(self.span[0]), int(self.span[1])]}

    @classmethod
    def from_json(cls, data: Any) -> Diagnosis | None:
        try:
            start, end = data["span"]
            return cls(str(data["text"]), (int(start), int(end)))
        except (KeyError, TypeError, ValueError):
            return None


@dataclass(frozen=True)
class Check:
    """One consistency finding: `code` (docs/checks.md), `severity` (``info``/``warn``), a plain
    `message`, the field keys involved and spans of the evidence in the letter's text."""

    code: str
    severity: str
    message: str
    fields: tuple[str, ...] = ()
    spans: tuple[Span, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "fields": list(self.fields),
            "spans": [[int(s), int(e)] for s, e in self.spans],
        }

    @classmethod
    def from_json(cls, data: Any) -> Check | None:
        try:
            severity = data["severity"] if data["severity"] in SEVERITIES else "info"
            return cls(
                code=str(data["code"]),
                severity=severity,
                message=str(data["message"]),
                fields=tuple(str(f) for f in data.get("fields") or ()),
                spans=tuple((int(s), int(e)) for s, e in data.get("spans") or ()),
            )
        except (KeyError, TypeError, ValueError):
            return None


def diagnoses_from_json(value: Any) -> list[Diagnosis]:
    """The stored ``patient.diagnoses`` (entries that do not read as one are dropped)."""
    found = [Diagnosis.from_json(item) for item in value] if isinstance(value, list) else []
    return [d for d in found if d is not None]


def checks_from_json(value: Any) -> list[Check]:
    """The stored ``checks`` (entries that do not read as one are dropped)."""
    found = [Check.from_json(item) for item in value] if isinstance(value, list) else []
    return [c for c in found if c is not None]
