"""A decision's treatment category is a field like any other: corrected with `Store.correct`
(the value a taxonomy label, as `taxonomy.labels()` spells it), kept beside the analysis'
category, in the history, undone and redone, kept over a reopen, version-checked, refused in
words when it names no category, flagged stale when a re-parse's analysis changes the category
it was made against. The model keeps a `Category`; the store's column and the correction the label.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from imr_desk.core import taxonomy
from imr_desk.core.findings import Category
from imr_desk.core.store import ANY_VERSION, StaleRecordError, Store
from tests.support.findings_fixtures import OPIOIDS, analysed_letter
from tests.support.store_fixtures import add_letter

ACUPUNCTURE = "Rehabilitation · Acupuncture"


def _column(store: Store, letter_id: int, key: str) -> str | None:
    row = store.db.execute("SELECT category FROM decisions WHERE letter_id = ? AND key = ?", [letter_id, key])
    return row.fetchone()[0]


def test_a_category_correction_keeps_the_analysis_and_takes_effect(store: Store) -> None:
    letter_id = add_letter(store, analysed_letter(decisions=3))
    entry = store.correct(letter_id, "category", "pharmaceuticals ·  OPIOIDS", decision_key="p2", expected_version=1)
    assert (entry.action, entry.target, entry.before, entry.after) == (
        "correct", "Decision 3 · Treatment category", ACUPUNCTURE, OPIOIDS)
    record = store.load(letter_id)
    assert record.letter.decisions[2].category == Category("Pharmaceuticals", None, "Opioids")
    assert record.parsed.decisions[2].category == Category("Rehabilitation", "Acupuncture")
    correction = record.corrections[0]
    assert (correction.field, correction.parsed_value, correction.new_value) == ("category", ACUPUNCTURE, OPIOIDS)
    assert _column(store, letter_id, "p2") == OPIOIDS and record.version == 2
    # the letter's JSON keeps the spec's object
    assert record.letter.decisions[2].to_json()["category"] == {
        "category": "Pharmaceuticals", "sub_category": None, "drug_class": "Opioids"}


def test_undo_redo_and_reopen(tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as store:
        letter_id = add_letter(store, analysed_letter(decisions=3))
        store.correct(letter_id, "category", OPIOIDS, decision_key="p2", expected_version=ANY_VERSION)
        store.undo(letter_id, expected_version=ANY_VERSION)
        assert store.load(letter_id).letter.decisions[2].category == Category("Rehabilitation", "Acupuncture")
        assert _column(store, letter_id, "p2") == ACUPUNCTURE
        store.redo(letter_id, expected_version=ANY_VERSION)
        assert _column(store, letter_id, "p2") == OPIOIDS
    with Store(tmp_store_path) as store:
        record = store.load(letter_id)
        assert record.letter.decisions[2].category == Category("Pharmaceuticals", None, "Opioids")
        assert [e.target for e in store.history(letter_id) if e.action == "correct"] == [
            "Decision 3 · Treatment category"]


def test_a_category_can_be_emptied_and_set_where_there_was_none(store: Store) -> None:
    letter = analysed_letter()
    letter.decisions[0].category = None
    letter_id = add_letter(store, letter)
    entry = store.correct(letter_id, "category", "Surgery · Spine", decision_key="p0", expected_version=ANY_VERSION)
    assert (entry.before, entry.after) == (None, "Surgery · Spine")
    store.correct(letter_id, "category", "", decision_key="p1", expected_version=ANY_VERSION)
    record = store.load(letter_id)
    assert record.letter.decisions[0].category == Category("Surgery", "Spine")
    assert record.letter.decisions[1].category is None and _column(store, letter_id, "p1") is None


@pytest.mark.parametrize("value", ["Opioids", "Pharmaceuticals · Nothing", "Rehab", 42])
def test_a_value_naming_no_category_is_refused_naming_the_field(store: Store, value: object) -> None:
    letter_id = add_letter(store, analysed_letter())
    with pytest.raises(ValueError, match="Treatment category"):
        store.correct(letter_id, "category", value, decision_key="p0", expected_version=ANY_VERSION)
    record = store.load(letter_id)
    assert record.corrections == [] and record.version == 1  # nothing written


def test_every_label_of_the_taxonomy_is_taken(store: Store) -> None:
    letter_id = add_letter(store, analysed_letter(decisions=1))
    for label in taxonomy.labels()[:40]:
        store.correct(letter_id, "category", label.upper(), decision_key="p0", expected_version=ANY_VERSION)
        assert _column(store, letter_id, "p0") == label


def test_a_category_correction_is_checked_against_the_version_read(store: Store) -> None:
    letter_id = add_letter(store, analysed_letter())
    store.correct(letter_id, "category", OPIOIDS, decision_key="p0", expected_version=1)
    with pytest.raises(StaleRecordError):
        store.correct(letter_id, "category", "Surgery", decision_key="p0", expected_version=1)
    assert store.load(letter_id).letter.decisions[0].category == Category("Pharmaceuticals", None, "Opioids")


def test_a_reparse_flags_a_category_correction_whose_analysis_changed(store: Store, corpus_dir: Path) -> None:
    (result,) = store.import_paths([corpus_dir / "seeds" / "000_907277739bb1d4b6.txt"])
    letter_id = result.letter_id
    assert letter_id is not None
    record = store.load(letter_id)
    analysed = taxonomy.label(record.letter.decisions[0].category)
    store.correct(letter_id, "category", OPIOIDS, decision_key="p0", expected_version=ANY_VERSION)
    assert store.reparse(letter_id) == []  # the same analysis: the correction is not stale
    # as if it had been made against another (older) analysis' category
    with store.connection.transaction() as db:
        db.execute("UPDATE corrections SET parsed_value = ? WHERE letter_id = ?", ['"Surgery"', letter_id])
    (flagged,) = store.reparse(letter_id)
    assert flagged.field == "category" and flagged.stale and analysed != "Surgery"
    assert store.load(letter_id).letter.decisions[0].category == Category("Pharmaceuticals", None, "Opioids")
