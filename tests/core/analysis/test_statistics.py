"""Statistics: each grouping counts the right decisions and cases, and rates only decided ones."""

from __future__ import annotations

import pytest

from imr_desk.core.analysis.statistics import (
    GROUPINGS,
    NO_EVIDENCE,
    NOT_CATEGORISED,
    DecisionFact,
    facts_from_letter,
    rate_text,
    statistics,
    totals,
)
from imr_desk.core.findings import Category, Citation, DecisionCitations
from imr_desk.core.model import Decision, Header, Letter, Reviewer, Source

OPIOIDS = Category("Pharmaceuticals", None, "Opioids")
IMAGING = Category("Diagnostic Testing", "Imaging / Radiology")
ODG = Citation("Non-MTUS", "Official Disability Guidelines (ODG)", text="ODG")
ACOEM = Citation("MTUS", "ACOEM", chapter=12, text="ACOEM 12")


def _facts() -> list[DecisionFact]:
    return [
        DecisionFact(1, "upheld", OPIOIDS, ("MTUS: ACOEM",), ("Anesthesiology", "Pain Medicine"), "2016-12"),
        DecisionFact(1, "overturned", IMAGING, ("MTUS: ACOEM", "Non-MTUS: ODG"), ("Anesthesiology", "Pain Medicine"),
                     "2016-12"),
        DecisionFact(2, "overturned", OPIOIDS, (), ("Family Practice",), "2017-01"),
        DecisionFact(3, None, None, ("Non-MTUS: ODG",), (), None),
    ]


def _row(rows, group):
    return next(row for row in rows if row.group == group)


def test_by_category_counts_cases_once_and_rates_only_decided_decisions() -> None:
    rows = statistics(_facts(), "category")
    pharma = _row(rows, "Pharmaceuticals")
    assert (pharma.letters, pharma.decisions, pharma.upheld, pharma.overturned) == (2, 2, 1, 1)
    assert pharma.overturn_rate == 0.5
    missing = _row(rows, NOT_CATEGORISED)
    assert missing.not_found == 1 and missing.overturn_rate is None
    assert rows[-1].group == NOT_CATEGORISED  # the ungrouped come last


def test_drug_class_keeps_only_pharmaceuticals() -> None:
    rows = statistics(_facts(), "drug_class")
    assert [(row.group, row.decisions) for row in rows] == [("Opioids", 2)]


def test_a_decision_citing_two_guidelines_counts_under_both_and_none_under_no_evidence() -> None:
    rows = statistics(_facts(), "guideline")
    assert _row(rows, "MTUS: ACOEM").decisions == 2
    assert _row(rows, "Non-MTUS: ODG").decisions == 2
    assert _row(rows, NO_EVIDENCE).decisions == 1


def test_specialties_and_months() -> None:
    by_specialty = statistics(_facts(), "specialty")
    assert _row(by_specialty, "Pain Medicine").letters == 1 and _row(by_specialty, "Pain Medicine").decisions == 2
    by_month = statistics(_facts(), "month")
    assert [row.group for row in by_month] == ["2016-12", "2017-01", "No decision date"]


def test_totals_and_rate_text() -> None:
    row = totals(_facts())
    assert (row.letters, row.decisions, row.upheld, row.overturned, row.not_found) == (3, 4, 1, 2, 1)
    assert rate_text(row.overturn_rate) == "66.7%" and rate_text(None) == "–"
    assert row.to_json()["overturn_rate"] == 0.6667


def test_unknown_grouping_is_refused() -> None:
    with pytest.raises(ValueError, match="use one of"):
        statistics(_facts(), "colour")
    assert GROUPINGS == ("category", "drug_class", "guideline", "specialty", "month")


def test_facts_from_a_letter() -> None:
    letter = Letter(
        source=Source("x.txt", kind="text"),
        header=Header(decision_date="2017-02-03"),
        reviewer=Reviewer(specialties=["Orthopedic Surgery", "Orthopedic Surgery"]),
        decisions=[
            Decision("MRI", "upheld", category=IMAGING,
                     citations=DecisionCitations(maximus=(ACOEM, ODG, ACOEM))),
            Decision("Norco", None),
        ],
    )
    facts = facts_from_letter(letter, case=7)
    odg = "Non-MTUS: Official Disability Guidelines (ODG)"
    assert facts[0] == DecisionFact(7, "upheld", IMAGING, ("MTUS: ACOEM", odg), ("Orthopedic Surgery",), "2017-02")
    assert facts[1].guidelines == () and facts[1].category is None
