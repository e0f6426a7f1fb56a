"""Export: JSON Lines of letter@1 objects with corrections applied, and spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io
import json

from imr_desk.core.model import Letter
from imr_desk.core.store import ANY_VERSION, Store
from tests.support.store_fixtures import add_letter, invented_letter


def test_jsonl_has_effective_letters_with_review_notes_and_corrections(store: Store) -> None:
    first = add_letter(store, invented_letter("CM16-2000001", decisions=2))
    second = add_letter(store, invented_letter("CM16-2000002", decisions=1))
    store.correct(first, "header.case_number", "CM16-2000009", expected_version=ANY_VERSION)
    store.delete_decision(first, "p1", expected_version=ANY_VERSION)
    store.annotate(first, "Call the adjuster", tag="todo", expected_version=ANY_VERSION)
    store.set_review_state(first, "verified", expected_version=ANY_VERSION)
    out = io.StringIO()
    assert store.export_jsonl(out) == 2
    lines = out.getvalue().splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["store"]["letter_id"] for o in objects] == [first, second]
    exported = objects[0]
    assert exported["schema"] == "imr-desk/letter@1"
    assert exported["header"]["case_number"] == "CM16-2000009"
    assert len(exported["decisions"]) == 1
    assert exported["review"]["state"] == "verified" and exported["review"]["user"]
    assert [a["note"] for a in exported["annotations"]] == ["Call the adjuster"]
    first_correction = exported["corrections"][0]
    assert (first_correction["field"], first_correction["parsed_value"], first_correction["new_value"]) == (
        "header.case_number", "CM16-2000001", "CM16-2000009")
    assert Letter.from_json(exported).to_json()["decisions"] == exported["decisions"]
    only = io.StringIO()
    assert store.export_jsonl(only, [second]) == 1
    assert json.loads(only.getvalue())["header"]["case_number"] == "CM16-2000002"


def test_csv_one_row_per_decision_with_bom_and_formula_guard(store: Store) -> None:
    first = add_letter(store, invented_letter("CM16-3000001", decisions=3))
    bare = add_letter(store, invented_letter("CM16-3000002", decisions=0))
    store.correct(first, "request", "=HYPERLINK(\"http://evil\",\"x\")", decision_key="p0",
                  expected_version=ANY_VERSION)
    store.correct(first, "rationale", "+1 visit; -2 visits; @home", decision_key="p1", expected_version=ANY_VERSION)
    store.annotate(first, "Ünïcode note — ok", expected_version=ANY_VERSION)
    out = io.StringIO()
    assert store.export_csv(out) == 4
    text = out.getvalue()
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [(r["letter_id"], r["decision_number"]) for r in rows] == [
        (str(first), "1"), (str(first), "2"), (str(first), "3"), (str(bare), "")]
    assert rows[0]["request"] == "'=HYPERLINK(\"http://evil\",\"x\")"
    assert rows[1]["rationale"] == "'+1 visit; -2 visits; @home"
    assert rows[2]["request"] == "Acupuncture 6 sessions"
    assert rows[0]["reviewer_specialties"] == "Orthopedic Surgery"
    assert rows[0]["notes"] == "Ünïcode note — ok"
    assert rows[0]["decision_date"] == "2016-12-09" and rows[0]["patient_age"] == "52"
    assert rows[3]["request"] == "" and rows[3]["case_number"] == "CM16-3000002"
