"""The findings' JSON forms: categories, citations, diagnoses and checks read back as written."""

from __future__ import annotations

import json

from imr_desk.core.findings import Category, Check, Citation, DecisionCitations, Diagnosis
from imr_desk.core.model import Decision, Letter, Patient, Source


def _letter() -> Letter:
    decision = Decision(
        request="Norco 10/325 #60",
        outcome="upheld",
        category=Category("Pharmaceuticals", None, "Opioids"),
        citations=DecisionCitations(
            claims_administrator=(Citation("MTUS", "Chronic Pain Medical Treatment Guidelines", pages="74-96",
                                           topic="Opioids", sections=("On-Going Management",),
                                           text="MTUS Chronic Pain Opioids"),),
            maximus=(Citation("MTUS", text="based outside the MTUS", not_addressed=True),),
        ),
    )
    return Letter(
        source=Source("a.txt", kind="text"),
        patient=Patient(age=48, sex="male", diagnoses=[Diagnosis("lumbar radiculopathy", (10, 30))]),
        decisions=[decision],
        checks=[Check("doi_mismatch", "warn", "Dates differ.", ("header.date_of_injury",), ((1, 5), (9, 12)))],
    )


def test_findings_survive_a_json_round_trip() -> None:
    data = json.loads(json.dumps(_letter().to_json()))
    again = Letter.from_json(data)
    assert again.to_json() == data
    assert again.decisions[0].category == Category("Pharmaceuticals", None, "Opioids")
    assert again.decisions[0].citations.maximus[0].not_addressed
    assert "not_addressed" not in data["decisions"][0]["citations"]["claims_administrator"][0]
    assert again.patient.diagnoses == [Diagnosis("lumbar radiculopathy", (10, 30))]
    assert again.checks[0].spans == ((1, 5), (9, 12))


def test_citation_keys_keep_the_spec_order() -> None:
    keys = list(Citation("Non-MTUS", "ODG").to_json())
    assert keys == ["body", "guideline", "chapter", "title", "topic", "pages", "year", "edition", "sections", "text"]


def test_letters_stored_before_the_findings_read_with_none() -> None:
    data = _letter().to_json()
    for key in ("category", "citations"):
        del data["decisions"][0][key]
    del data["checks"]
    del data["patient"]["diagnoses"]
    again = Letter.from_json(data)
    assert again.decisions[0].category is None and again.decisions[0].citations == DecisionCitations()
    assert again.checks == [] and again.patient.diagnoses == []


def test_malformed_findings_are_dropped_not_raised() -> None:
    data = _letter().to_json()
    data["checks"] = [{"code": "x"}, "junk", None]
    data["patient"]["diagnoses"] = [{"text": "a"}, 5]
    data["decisions"][0]["category"] = {"category": ""}
    again = Letter.from_json(data)
    assert again.checks == [] and again.patient.diagnoses == [] and again.decisions[0].category is None


def test_category_label_joins_the_parts_it_has() -> None:
    assert Category("DMEPOS", "Electrical Stimulation").label() == "DMEPOS · Electrical Stimulation"
    assert Category("Pharmaceuticals", None, "Opioids").label() == "Pharmaceuticals · Opioids"
