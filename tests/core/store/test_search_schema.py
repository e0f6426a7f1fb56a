"""Schema versions 7 and 8 (core/store/search_schema.py). 7: the narrow index from a decision to its
letter that full-text search looks decisions' letters up through. A new store has it; a version
6 store gains it on opening (SQLite) or takes the step that changes nothing (PostgreSQL), and
its searches find exactly what they found before. 8: a letter's search row is rewritten only
when a searched column (case number, summary, notes) changes, and still follows them."""

from __future__ import annotations

from pathlib import Path

from imr_desk.core.store import ANY_VERSION, SearchFilters, Store
from imr_desk.core.store.schema import SCHEMA_VERSION
from imr_desk.core.store.search_schema import DECISION_OWNER_INDEX
from tests.support.pg_stores import back_to_version_8
from tests.support.store_fixtures import add_letter, invented_letter

QUERIES = ("lumbar", "physical therapy", "whiplash", "CM16-91")


def _found(store: Store) -> dict[str, tuple[list[int], list[tuple[int, str | None]]]]:
    """For each query: the queue's case ids in order, and the search's (case, decision) hits."""
    return {query: ([row.letter_id for row in store.queue(query=query)],
                    sorted((hit.letter_id, hit.decision_key) for hit in store.search(query)))
            for query in QUERIES}


def _letters(store: Store) -> list[int]:
    ids = [add_letter(store, invented_letter(f"CM16-91000{n:02d}", decisions=2)) for n in range(6)]
    store.annotate(ids[2], "whiplash in the notes", expected_version=ANY_VERSION)
    return ids


def test_a_new_store_has_the_decision_owner_index(tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as store:
        assert DECISION_OWNER_INDEX in {index.name for index in store.db["decisions"].indexes}
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 7


def test_a_version_6_store_gains_the_index_and_searches_alike(tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as store:
        ids = _letters(store)
        before = _found(store)
        with store.connection.transaction() as db:
            db.execute(f"DROP INDEX {DECISION_OWNER_INDEX}")
            db.execute("PRAGMA user_version = 6")
    with Store(tmp_store_path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert DECISION_OWNER_INDEX in {index.name for index in store.db["decisions"].indexes}
        assert _found(store) == before
        assert before["lumbar"][0] and before["whiplash"][0] == [ids[2]]


def test_a_version_6_postgresql_store_takes_the_step_and_searches_alike(pg_target: str) -> None:
    import psycopg

    with Store(pg_target) as store:
        _letters(store)
        before = _found(store)
    with psycopg.connect(pg_target, autocommit=True) as conn:
        back_to_version_8(conn)
        conn.execute("UPDATE imr_desk_meta SET value = '6' WHERE key = 'schema_version'")
    with Store(pg_target) as store:
        assert _found(store) == before and before["lumbar"][0]
    with psycopg.connect(pg_target, autocommit=True) as conn:
        version = conn.execute("SELECT value FROM imr_desk_meta WHERE key = 'schema_version'").fetchone()
    assert version == (str(SCHEMA_VERSION),)


def test_filtered_and_unfiltered_searches_find_a_decisions_letter(store: Store) -> None:
    ids = _letters(store)
    everything = {row.letter_id for row in store.queue(query="lumbar")}
    filtered = {row.letter_id for row in store.queue(query="lumbar", filters=SearchFilters(review_state="unreviewed"))}
    assert everything == filtered == set(ids)


def _letters_au(store: Store) -> str:
    return str(store.db.execute("SELECT sql FROM sqlite_master WHERE name = 'letters_au'").fetchone()[0])


_OLD_LETTERS_AU = """
CREATE TRIGGER "letters_au" AFTER UPDATE ON "letters" BEGIN
  INSERT INTO "letters_fts" ("letters_fts", rowid, "case_number", "case_summary", "notes")
    VALUES('delete', old.rowid, old."case_number", old."case_summary", old."notes");
  INSERT INTO "letters_fts" (rowid, "case_number", "case_summary", "notes")
    VALUES (new.rowid, new."case_number", new."case_summary", new."notes");
END;
"""


def test_a_letters_search_row_follows_its_searched_columns_only(store: Store) -> None:
    letter_id = add_letter(store, invented_letter("CM16-9100001"))
    if not store.is_postgres:
        assert "AFTER UPDATE OF case_number, case_summary, notes ON letters" in _letters_au(store)
    store.set_review_state(letter_id, "in_review", expected_version=ANY_VERSION)  # no searched column
    store.correct(letter_id, "case_summary", "Quadriceps tendinopathy after a fall.", expected_version=ANY_VERSION)
    assert [row.letter_id for row in store.queue(query="tendinopathy")] == [letter_id]
    store.correct(letter_id, "case_summary", "A sprained wrist.", expected_version=ANY_VERSION)
    assert store.queue(query="tendinopathy") == []
    assert [row.letter_id for row in store.queue(query="wrist")] == [letter_id]


def test_a_version_7_store_gets_the_narrow_trigger_and_searches_alike(tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as store:
        ids = _letters(store)
        with store.connection.transaction() as db:
            db.execute("DROP TRIGGER letters_au")  # the trigger as sqlite-utils made it before version 8
            db.execute(_OLD_LETTERS_AU.strip())
            db.execute("PRAGMA user_version = 7")
        assert "AFTER UPDATE ON" in _letters_au(store)
        before = _found(store)
    with Store(tmp_store_path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 8
        assert "AFTER UPDATE OF case_number, case_summary, notes ON letters" in _letters_au(store)
        assert _found(store) == before
        store.annotate(ids[3], "sciatica noted", expected_version=ANY_VERSION)  # notes: a searched column
        assert [row.letter_id for row in store.queue(query="sciatica")] == [ids[3]]
