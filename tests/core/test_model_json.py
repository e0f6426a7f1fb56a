"""The letter's JSON form: a parsed letter survives `to_json` → JSON text → `from_json` intact."""

from __future__ import annotations

import json
from pathlib import Path

from imr_desk.core.model import SCHEMA, FieldWarning, Letter, LetterError, Source, error_object

ROUND_TRIP_LETTERS = ("dwc-2016/CM16-0248698.pdf", "dwc-2016/CM16-0229336.pdf", "seeds/001_c994fe4c4b6b30f4.txt")


def test_parsed_letters_round_trip_through_json(corpus_dir: Path, read_corpus) -> None:
    for name in ROUND_TRIP_LETTERS:
        letter, _ = read_corpus(corpus_dir / name)
        data = json.loads(json.dumps(letter.to_json(), ensure_ascii=False))
        again = Letter.from_json(data)
        assert again.to_json() == data, name
        assert again.header == letter.header and again.decisions[0].request == letter.decisions[0].request
        assert again.decisions[-1].spans == letter.decisions[-1].spans


def test_json_has_the_spec_keys(corpus_dir: Path, read_corpus) -> None:
    letter, _ = read_corpus(corpus_dir / "dwc-2016/CM16-0229336.pdf")
    data = letter.to_json()
    assert data["schema"] == SCHEMA
    assert set(data) >= {"schema", "source", "header", "reviewer", "patient", "case_summary", "decisions",
                         "checks", "warnings", "field_warnings", "text"}
    keys = list(data)
    assert keys.index("field_warnings") == keys.index("warnings") + 1  # the spec's order
    assert keys.index("checks") == keys.index("decisions") + 1
    assert set(data["patient"]) == {"age", "sex", "date_of_injury", "diagnoses"}
    assert data["source"]["kind"] == "pdf" and data["source"]["pages"] == letter.source.pages
    decision = data["decisions"][0]
    assert set(decision) == {"request", "outcome", "original_request", "authorized", "claims_administrator_guideline",
                             "maximus_guideline", "rationale", "spans", "regions", "category", "citations"}
    assert set(decision["citations"]) == {"claims_administrator", "maximus"}
    assert decision["outcome"] == "overturned"
    assert all(isinstance(v, list) and len(v) == 2 for v in decision["spans"].values())
    region = decision["regions"][0]
    assert set(region) == {"page", "bbox"} and len(region["bbox"]) == 4


def test_error_object_shape() -> None:
    source = Source(file="x.pdf", sha256="ab", kind="pdf", pages=1)
    data = error_object(source, LetterError("encrypted", "x.pdf: the PDF is password-protected"))
    assert data == {
        "schema": SCHEMA,
        "source": {"file": "x.pdf", "sha256": "ab", "kind": "pdf", "pages": 1, "ocr": False},
        "error": {"code": "encrypted", "message": "x.pdf: the PDF is password-protected"},
    }


def test_field_warnings_are_written_after_the_warnings_and_read_back() -> None:
    letter = Letter(source=Source(file="x.txt", kind="text"),
                    field_warnings=[FieldWarning("decisions[0].outcome", "decision 1: no outcome word found"),
                                    FieldWarning("letter", "no decision blocks found")])
    data = json.loads(json.dumps(letter.to_json()))
    assert data["warnings"] == ["decision 1: no outcome word found", "no decision blocks found"]
    assert data["field_warnings"] == [{"field": "decisions[0].outcome", "message": "decision 1: no outcome word found"},
                                      {"field": "letter", "message": "no decision blocks found"}]
    assert Letter.from_json(data).field_warnings == letter.field_warnings


def test_an_outcome_not_found_stays_null_and_is_never_upheld() -> None:
    """A decision without an outcome word is None and stays None through JSON (it used to be
    read back as "upheld", which shifted the letter's counts); older JSON's "" means the same."""
    from imr_desk.core.model import Decision

    letter = Letter(source=Source(file="x.txt", kind="text"), decisions=[
        Decision(request="MRI", outcome=None), Decision(request="PT", outcome="overturned")])
    data = json.loads(json.dumps(letter.to_json()))
    assert [d["outcome"] for d in data["decisions"]] == [None, "overturned"]
    again = Letter.from_json(data)
    assert [d.outcome for d in again.decisions] == [None, "overturned"]
    assert again.to_json() == data
    for stored in ({"request": "MRI"}, {"request": "MRI", "outcome": ""}, {"request": "MRI", "outcome": None},
                   {"request": "MRI", "outcome": "maybe"}):
        assert Decision.from_json(stored).outcome is None, stored
    assert Decision.from_json({"request": "MRI", "outcome": "upheld"}).outcome == "upheld"
    assert (again.upheld_count, again.overturned_count, again.outcome_not_found_count) == (0, 1, 1)
    assert again.result_line() == "2 disputed: 0 upheld, 1 overturned, 1 outcome not found"
