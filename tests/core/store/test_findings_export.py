"""The findings in the exports: JSON Lines carries the effective letter's categories, citations,
diagnoses and checks (those of the corrected values); the CSV names each decision's category,
sub-category and drug class, its citations per side in one line, and the letter's check codes
and diagnoses."""

from __future__ import annotations

import csv
import io
import json

from imr_desk.core.store import ANY_VERSION, Store
from imr_desk.core.store.export import CSV_DECISION_COLUMNS, CSV_LETTER_COLUMNS
from tests.support.findings_fixtures import OPIOIDS, analysed_letter, necessary_letter
from tests.support.store_fixtures import add_letter


def _csv_rows(store: Store) -> list[dict[str, str]]:
    buffer = io.StringIO()
    store.export_csv(buffer)
    return list(csv.DictReader(io.StringIO(buffer.getvalue().lstrip("\ufeff"))))


def test_jsonl_carries_the_findings_of_the_corrected_letter(store: Store) -> None:
    letter_id = add_letter(store, necessary_letter())
    store.correct(letter_id, "outcome", "overturned", decision_key="p0", expected_version=ANY_VERSION)
    store.correct(letter_id, "category", OPIOIDS, decision_key="p0", expected_version=ANY_VERSION)
    buffer = io.StringIO()
    store.export_jsonl(buffer)
    (data,) = [json.loads(line) for line in buffer.getvalue().splitlines()]
    decision = data["decisions"][0]
    assert decision["category"] == {"category": "Pharmaceuticals", "sub_category": None, "drug_class": "Opioids"}
    assert decision["citations"]["maximus"][0]["body"] == "MTUS"
    assert [(c["code"], c["severity"]) for c in data["checks"]] == [("outcome_rationale_conflict", "warn")]
    assert "diagnoses" in data["patient"]


def test_csv_has_the_findings_columns(store: Store) -> None:
    assert CSV_DECISION_COLUMNS[-5:] == (
        "category", "sub_category", "drug_class", "claims_administrator_citations", "maximus_citations")
    assert {"checks", "diagnoses"} <= set(CSV_LETTER_COLUMNS)
    letter_id = add_letter(store, analysed_letter(decisions=3))
    store.correct(letter_id, "category", "Pharmaceuticals · Opioids", decision_key="p1", expected_version=ANY_VERSION)
    rows = _csv_rows(store)
    assert [(row["category"], row["sub_category"], row["drug_class"]) for row in rows] == [
        ("Diagnostic Testing", "Imaging / Radiology", ""),
        ("Pharmaceuticals", "", "Opioids"),
        ("Rehabilitation", "Acupuncture", ""),
    ]
    assert rows[0]["maximus_citations"] == "MTUS: Low Back Complaints"
    assert rows[0]["claims_administrator_citations"] == ""
    assert {row["checks"] for row in rows} == {"specialty_fit"}


def test_csv_drug_class_and_a_decision_without_category(store: Store) -> None:
    letter = analysed_letter(decisions=2)
    letter.decisions[0].category = None
    letter_id = add_letter(store, letter)
    store.correct(letter_id, "category", "pharmaceuticals · impotence agents", decision_key="p1",
                  expected_version=ANY_VERSION)
    first, second = _csv_rows(store)
    assert (first["category"], first["sub_category"], first["drug_class"]) == ("", "", "")
    assert (second["category"], second["sub_category"], second["drug_class"]) == (
        "Pharmaceuticals", "", "Impotence Agents")
