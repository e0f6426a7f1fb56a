"""Store schema version 5: assignment columns and the presence table, on both backends; a
version 4 SQLite store gains them on opening, its letters untouched."""

from __future__ import annotations

from pathlib import Path

from imr_desk.core.store import Store
from imr_desk.core.store.schema import SCHEMA_VERSION
from tests.support.store_fixtures import QUEUE_INDEX_BEFORE_V9, add_letter, invented_letter


def test_a_new_store_has_the_assignment_columns_and_the_presence_table(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    assert store.one("SELECT assigned_to, assigned_by, assigned_at FROM letters WHERE id = ?", [letter_id]) == {
        "assigned_to": None, "assigned_by": None, "assigned_at": None}
    with store.connection.transaction() as db:
        db.execute("INSERT INTO letter_presence (letter_id, desk, person, seen_at) VALUES (?, ?, ?, ?)",
                   [letter_id, "desk-1", "maria", "2026-12-02T10:00:00Z"])
    assert store.one("SELECT person FROM letter_presence WHERE letter_id = ?", [letter_id]) == {"person": "maria"}


def test_presence_rows_go_with_their_letter(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    with store.connection.transaction() as db:
        db.execute("INSERT INTO letter_presence (letter_id, desk, person, seen_at) VALUES (?, ?, ?, ?)",
                   [letter_id, "desk-1", "maria", "2026-12-02T10:00:00Z"])
        db.execute("DELETE FROM letters WHERE id = ?", [letter_id])
    assert store.one("SELECT count(*) AS n FROM letter_presence") == {"n": 0}


def test_a_version_4_store_is_upgraded_to_version_5(tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as store:
        letter_id = add_letter(store, invented_letter("CM16-9000001"))
        with store.connection.transaction() as db:
            db.executescript(QUEUE_INDEX_BEFORE_V9)
            db.execute("DROP INDEX letters_assigned")
            db.execute("DROP TABLE letter_presence")
            for column in ("assigned_to", "assigned_by", "assigned_at"):
                db.execute(f"ALTER TABLE letters DROP COLUMN {column}")
            db.execute("PRAGMA user_version = 4")
    with Store(tmp_store_path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 5
        assert {"assigned_to", "assigned_by", "assigned_at"} <= set(store.db["letters"].columns_dict)
        assert "letter_presence" in store.db.table_names()
        assert "letters_assigned" in {index.name for index in store.db["letters"].indexes}
        assert store.load(letter_id).letter.header.case_number == "CM16-9000001"


def test_the_assignment_filter_finds_a_persons_cases_and_the_unassigned(store: Store) -> None:
    from imr_desk.core.store.search import UNASSIGNED, SearchFilters

    mine, theirs, nobodys = (add_letter(store, invented_letter(f"CM16-900000{n}")) for n in (1, 2, 3))
    with store.connection.transaction() as db:
        db.execute("UPDATE letters SET assigned_to = ? WHERE id = ?", ["maria", mine])
        db.execute("UPDATE letters SET assigned_to = ? WHERE id = ?", ["ted", theirs])

    def ids(person: str) -> set[int]:
        return {row.letter_id for row in store.queue(filters=SearchFilters(assigned_to=person))}

    assert (ids("maria"), ids("ted"), ids(UNASSIGNED), ids("nobody")) == ({mine}, {theirs}, {nobodys}, set())
