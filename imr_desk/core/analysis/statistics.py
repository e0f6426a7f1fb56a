"""The firm's statistics: letters, decisions and the overturn rate, grouped five ways.

One `DecisionFact` per decision of a case's copy of record (each case counts once) is what the
statistics read; the store builds them from its rows (`facts_from_letter` does it for a parsed
or loaded letter). `statistics(facts, by)` groups them by

- ``category`` — the decision's treatment category (DWC's IMR search taxonomy);
- ``drug_class`` — the drug class of Pharmaceuticals decisions (others are left out);
- ``guideline`` — each guideline MAXIMUS's side cites ("MTUS: ACOEM", "Non-MTUS: ODG"); a
  decision citing two counts under both, one citing none under "No evidence cited";
- ``specialty`` — the reviewer's specialties (a letter with two counts under both);
- ``month`` — the decision date's month (``2016-12``).

A group's overturn rate is overturned ÷ decided (upheld + overturned): a decision whose outcome
was not found counts in neither. Groups come largest first, then by name; the ungrouped
("Not categorised", "No decision date", …) come last. Pure: no I/O, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from imr_desk.core.findings import Category, Citation, DecisionCitations
from imr_desk.core.model import Letter

GROUPINGS = ("category", "drug_class", "guideline", "specialty", "month")
GROUPING_HEADINGS = {
    "category": "treatment category",
    "drug_class": "drug class",
    "guideline": "the guideline MAXIMUS cites",
    "specialty": "reviewer specialty",
    "month": "decision month",
}
GROUPING_LABELS = {
    "category": "Treatment category",
    "drug_class": "Drug class",
    "guideline": "Guideline MAXIMUS cites",
    "specialty": "Reviewer specialty",
    "month": "Decision month",
}
NOT_CATEGORISED = "Not categorised"
NO_EVIDENCE = "No evidence cited"
NO_SPECIALTY = "No specialty stated"
NO_MONTH = "No decision date"
_UNGROUPED = (NOT_CATEGORISED, NO_EVIDENCE, NO_SPECIALTY, NO_MONTH)


@dataclass(frozen=True)
class DecisionFact:
    """What the statistics need of one decision of one case."""

    case: int | str  # the case's id in the store (or any key that is the same for one case)
    outcome: str | None  # "upheld" | "overturned" | None (not found)
    category: Category | None = None
    guidelines: tuple[str, ...] = ()  # guideline_label() of each MAXIMUS citation
    specialties: tuple[str, ...] = ()
    month: str | None = None  # YYYY-MM


@dataclass
class StatRow:
    """One group: how many cases and decisions, and how they were decided."""

    group: str
    cases: set[int | str] = field(default_factory=set)
    decisions: int = 0
    upheld: int = 0
    overturned: int = 0
    not_found: int = 0

    def count(self, fact: DecisionFact) -> None:
        """Add one decision to the group."""
        self.cases.add(fact.case)
        self.decisions += 1
        if fact.outcome == "upheld":
            self.upheld += 1
        elif fact.outcome == "overturned":
            self.overturned += 1
        else:
            self.not_found += 1

    @property
    def letters(self) -> int:
        return len(self.cases)

    @property
    def decided(self) -> int:
        return self.upheld + self.overturned

    @property
    def overturn_rate(self) -> float | None:
        """Overturned ÷ decided, or None where nothing was decided."""
        return self.overturned / self.decided if self.decided else None

    def to_json(self) -> dict[str, object]:
        rate = self.overturn_rate
        return {
            "group": self.group,
            "letters": self.letters,
            "decisions": self.decisions,
            "upheld": self.upheld,
            "overturned": self.overturned,
            "outcome_not_found": self.not_found,
            "overturn_rate": None if rate is None else round(rate, 4),
        }


def guideline_label(citation: Citation) -> str:
    """The name a citation is grouped under: body and guideline (``MTUS: ACOEM``), or the
    body and title where no guideline is named; a not-addressed entry is "outside the MTUS"."""
    if citation.not_addressed:
        return "MTUS: not addressed (outside the MTUS)"
    name = citation.guideline or citation.title or "unnamed"
    return f"{citation.body}: {name}"


def maximus_guidelines(citations: DecisionCitations) -> tuple[str, ...]:
    """The distinct guideline labels of a decision's MAXIMUS side, in the letter's order."""
    return tuple(dict.fromkeys(guideline_label(citation) for citation in citations.maximus))


def facts_from_letter(letter: Letter, case: int | str) -> list[DecisionFact]:
    """One fact per decision of `letter` (the copy of record of `case`)."""
    date = letter.header.decision_date
    month = date[:7] if date and len(date) >= 7 else None
    specialties = tuple(dict.fromkeys(s for s in letter.reviewer.specialties if s))
    return [
        DecisionFact(
            case=case,
            outcome=decision.outcome,
            category=decision.category,
            guidelines=maximus_guidelines(decision.citations),
            specialties=specialties,
            month=month,
        )
        for decision in letter.decisions
    ]


def _groups(fact: DecisionFact, by: str) -> Sequence[str]:
    if by == "category":
        return [fact.category.category if fact.category else NOT_CATEGORISED]
    if by == "drug_class":
        if fact.category and fact.category.category == "Pharmaceuticals":
            return [fact.category.drug_class or "Pharmaceuticals, class not stated"]
        return []
    if by == "guideline":
        return fact.guidelines or [NO_EVIDENCE]
    if by == "specialty":
        return fact.specialties or [NO_SPECIALTY]
    if by == "month":
        return [fact.month or NO_MONTH]
    raise ValueError(f"unknown grouping {by!r}: use one of {', '.join(GROUPINGS)}")


def statistics(facts: Iterable[DecisionFact], by: str) -> list[StatRow]:
    """The facts grouped `by` one of `GROUPINGS`; months in date order, others largest first."""
    rows: dict[str, StatRow] = {}
    for fact in facts:
        for group in _groups(fact, by):
            rows.setdefault(group, StatRow(group)).count(fact)
    if by == "month":
        return sorted(rows.values(), key=lambda row: (row.group in _UNGROUPED, row.group))
    return sorted(rows.values(), key=lambda row: (row.group in _UNGROUPED, -row.decisions, row.group))


def totals(facts: Iterable[DecisionFact]) -> StatRow:
    """All facts as one row (its `group` is "All")."""
    row = StatRow("All")
    for fact in facts:
        row.count(fact)
    return row


def rate_text(rate: float | None) -> str:
    """A rate for people: ``12.5%``, or an en dash where nothing was decided."""
    return "–" if rate is None else f"{rate * 100:.1f}%"
