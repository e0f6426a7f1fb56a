"""Schema version 7 (core/store/search_schema.py): the narrow index from a decision to its
letter that full-text search looks decisions' letters up through. A new store has it; a version
6 store gains it on opening (SQLite) or takes the step that changes nothing (PostgreSQL), and
its searches find exactly what they found before."""

from __future__ import annotations

from pathlib import Path

from imr_desk.core.store import ANY_VERSION, SearchFilters, Store
from imr_desk.core.store.schema import SCHEMA_VERSION
from imr_desk.core.store.search_schema import DECISION_OWNER_INDEX
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
