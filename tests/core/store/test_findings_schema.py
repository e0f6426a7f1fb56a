"""Store schema version 4: the findings' columns, and a version 3 store's letters analysed on upgrade.

A version 3 store is made from a new one: the version 4 columns and index dropped, the stored
parses put back to what an import wrote before the analysis existed (no ``checks``, decisions
without ``category`` or ``citations``, patient without ``diagnoses``), ``user_version`` 3.
Opening it again must analyse those parses (never the file), keep every correction, and fill
``decisions.category`` and ``letters.checks_warn``/``checks_info`` from the effective values.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imr_desk.core.store import ANY_VERSION, Store
from imr_desk.core.store.findings_schema import needs_analysis
from imr_desk.core.store.packing import unpack
from imr_desk.core.store.schema import SCHEMA_VERSION
from tests.support.findings_fixtures import analysed_letter, necessary_letter
from tests.support.store_fixtures import add_letter, invented_letter


def _back_to_version_3(store: Store) -> None:
    """Make the store what schema version 3 with letters stored before the analysis was."""
    with store.connection.transaction() as db:
        db.execute("DROP INDEX decisions_category")
        db.execute("ALTER TABLE decisions DROP COLUMN category")
        db.execute("ALTER TABLE letters DROP COLUMN checks_warn")
        db.execute("ALTER TABLE letters DROP COLUMN checks_info")
        for letter_id, parsed_json in db.execute("SELECT letter_id, parsed_json FROM letter_content").fetchall():
            data = json.loads(unpack(parsed_json))
            data.pop("checks", None)
            data["patient"].pop("diagnoses", None)
            for decision in data.get("decisions", []):  # on SQLite they are in their rows (schema 6)
                decision.pop("category", None)
                decision.pop("citations", None)
            db.execute("UPDATE letter_content SET parsed_json = ? WHERE letter_id = ?", [json.dumps(data), letter_id])
        for row_id, base_json in db.execute("SELECT id, base_json FROM decisions").fetchall():
            data = json.loads(unpack(base_json))
            data.pop("category", None)
            data.pop("citations", None)
            db.execute("UPDATE decisions SET base_json = ? WHERE id = ?", [json.dumps(data), row_id])
        db.execute("PRAGMA user_version = 3")


@pytest.mark.parametrize("store_target", ["sqlite"], indirect=True)  # PostgreSQL: test_pg_store.py
def test_a_new_store_is_at_version_4_with_the_findings_columns(store: Store) -> None:
    assert SCHEMA_VERSION >= 4 and store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert {"category"} <= set(store.db["decisions"].columns_dict)
    assert {"checks_warn", "checks_info"} <= set(store.db["letters"].columns_dict)
    assert "decisions_category" in {index.name for index in store.db["decisions"].indexes}


def test_import_fills_the_category_labels_and_check_counts(store: Store) -> None:
    letter = analysed_letter(decisions=3)
    letter_id = add_letter(store, letter)
    labels = [row["category"] for row in store.db.query(
        "SELECT category FROM decisions WHERE letter_id = ? ORDER BY position", [letter_id])]
    assert labels == [d.category.label() for d in letter.decisions if d.category] == [
        "Diagnostic Testing · Imaging / Radiology",
        "Rehabilitation · Physical Therapy/Occupational Therapy (PT/OT)",
        "Rehabilitation · Acupuncture",
    ]
    row = store.db.execute("SELECT checks_warn, checks_info FROM letters WHERE id = ?", [letter_id]).fetchone()
    warn = sum(1 for check in letter.checks if check.severity == "warn")
    assert row == (warn, len(letter.checks) - warn) and len(letter.checks) >= 1  # specialty_fit (info)


def test_a_version_3_store_gets_its_letters_analysed_and_corrections_kept(tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as store:
        plain = add_letter(store, invented_letter("CM16-9000001", decisions=3))
        corrected = add_letter(store, necessary_letter("CM16-9000002"))
        store.correct(corrected, "outcome", "overturned", decision_key="p0", expected_version=ANY_VERSION)
        _back_to_version_3(store)
        assert needs_analysis(json.loads(unpack(store.db.execute(
            "SELECT parsed_json FROM letter_content WHERE letter_id = ?", [plain]).fetchone()[0])))
    with Store(tmp_store_path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        record = store.load(plain)
        assert [d.category.label() if d.category else None for d in record.parsed.decisions] == [
            "Diagnostic Testing · Imaging / Radiology",
            "Rehabilitation · Physical Therapy/Occupational Therapy (PT/OT)",
            "Rehabilitation · Acupuncture",
        ]
        assert record.letter.decisions[0].citations.maximus[0].body == "MTUS"
        assert [c.code for c in record.letter.checks] == ["specialty_fit"]
        counts = store.db.execute("SELECT checks_warn, checks_info FROM letters WHERE id = ?", [plain]).fetchone()
        assert counts == (0, 1)
        assert store.db.execute("SELECT category FROM decisions WHERE letter_id = ? AND key = 'p2'",
                                [plain]).fetchone()[0] == "Rehabilitation · Acupuncture"
        # the corrected letter: its correction kept; its checks those of the corrected outcome
        again = store.load(corrected)
        assert again.letter.decisions[0].outcome == "overturned" and again.parsed.decisions[0].outcome == "upheld"
        assert [(c.code, c.severity) for c in again.letter.checks] == [("outcome_rationale_conflict", "warn")]
        counts = store.db.execute("SELECT checks_warn, checks_info FROM letters WHERE id = ?", [corrected]).fetchone()
        assert counts == (1, 0)
        for (parsed_json,) in store.db.execute("SELECT parsed_json FROM letter_content").fetchall():
            assert not needs_analysis(json.loads(unpack(parsed_json)))


def test_an_analysed_letter_is_not_analysed_again_on_upgrade(tmp_store_path: Path) -> None:
    """A parse that has its findings keeps them as stored (the upgrade fills only the columns)."""
    with Store(tmp_store_path) as store:
        letter = analysed_letter()
        letter.decisions[0].category = None  # what an analysis that found no category stored
        letter_id = add_letter(store, letter)
        with store.connection.transaction() as db:
            db.execute("DROP INDEX decisions_category")
            db.execute("ALTER TABLE decisions DROP COLUMN category")
            db.execute("PRAGMA user_version = 3")
    with Store(tmp_store_path) as store:
        record = store.load(letter_id)
        assert record.parsed.decisions[0].category is None
        assert record.parsed.decisions[1].category is not None
        assert [row[0] for row in store.db.execute(
            "SELECT category FROM decisions WHERE letter_id = ? ORDER BY position", [letter_id])] == [
            None, "Rehabilitation · Physical Therapy/Occupational Therapy (PT/OT)"]
