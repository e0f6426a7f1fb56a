"""Schema version 9 on PostgreSQL (core/store/pg_search_schema.py): the full-text vectors in the
narrow tables ``decisions_search`` / ``letters_search``, kept by triggers. A new store has them
(and no vector columns in the wide rows); every write that changes searched words changes the
row, and a deleted letter takes its rows along; a version 8 store (vectors as generated columns)
takes the step, finds exactly what it found before and has the queue's covering index. SQLite's
step changes nothing."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from imr_desk.core.store import ANY_VERSION, Store
from imr_desk.core.store.queue_pages import SORT_KEYS
from imr_desk.core.store.schema import SCHEMA_VERSION
from tests.support.pg_stores import back_to_version_8
from tests.support.store_fixtures import QUEUE_INDEX_BEFORE_V9, add_letter, invented_letter

QUERIES = ("lumbar", "physical therapy", "whiplash", "CM16-93", "acupuncture -therapy", '"functional improvement"')


def _found(store: Store) -> dict[str, tuple[list[int], list[tuple[int, str | None, str]]]]:
    """For each query: the queue's case ids in order, and the search's (case, decision, field) hits."""
    return {query: ([row.letter_id for row in store.queue(query=query)],
                    sorted((hit.letter_id, hit.decision_key, hit.field) for hit in store.search(query)))
            for query in QUERIES}


def _letters(store: Store) -> list[int]:
    ids = [add_letter(store, invented_letter(f"CM16-93000{n:02d}", decisions=1 + n % 3)) for n in range(6)]
    store.annotate(ids[2], "whiplash in the notes", expected_version=ANY_VERSION)
    return ids


def _vector(conn: psycopg.Connection, table: str, row_id: int) -> str | None:
    row = conn.execute(f"SELECT fts::text FROM {table} WHERE id = %s", [row_id]).fetchone()
    return None if row is None else row[0]


def test_a_new_postgresql_store_keeps_its_vectors_in_the_narrow_tables(pg_target: str) -> None:
    with Store(pg_target) as store:
        ids = _letters(store)
    with psycopg.connect(pg_target, autocommit=True) as conn:
        vector_columns = conn.execute(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name = 'fts' ORDER BY 1").fetchall()
        decisions = conn.execute("SELECT count(*) FROM decisions").fetchone()
        searched = conn.execute("SELECT count(*) FROM decisions_search s JOIN decisions d "
                                "ON d.id = s.id AND d.letter_id = s.letter_id").fetchone()
        letters = conn.execute("SELECT count(*) FROM letters_search WHERE id = ANY(%s)", [ids]).fetchone()
        storage = conn.execute(
            "SELECT attrelid::regclass::text, attstorage FROM pg_attribute WHERE attname = 'fts' "
            "AND attrelid::regclass::text LIKE '%%_search' ORDER BY 1").fetchall()
    assert vector_columns == [("decisions_search",), ("letters_search",)]
    assert decisions == searched and decisions is not None and decisions[0] == 12
    assert letters == (6,)
    assert storage == [("decisions_search", "m"), ("letters_search", "m")]  # kept in the row


def test_the_narrow_rows_follow_every_change_of_the_searched_words(pg_target: str) -> None:
    with Store(pg_target) as store:
        first, second = add_letter(store, invented_letter("CM16-9300101")), add_letter(
            store, invented_letter("CM16-9300102"))
        decision_id = store.db.execute(
            "SELECT id FROM decisions WHERE letter_id = ? ORDER BY position LIMIT 1", [first]).fetchone()[0]
        with psycopg.connect(pg_target, autocommit=True) as conn:
            vector_before = _vector(conn, "decisions_search", decision_id)
            letter_before = _vector(conn, "letters_search", first)
            written_before = conn.execute("SELECT xmin::text FROM letters_search WHERE id = %s", [first]).fetchone()
        store.correct(first, "request", "Synvisc injection of the right knee", decision_key="p0",
                      expected_version=ANY_VERSION)
        store.set_review_state(first, "in_review", expected_version=ANY_VERSION)  # no searched word changes
        with psycopg.connect(pg_target, autocommit=True) as conn:
            written_after_review = conn.execute("SELECT xmin::text FROM letters_search WHERE id = %s",
                                                [first]).fetchone()
        store.annotate(first, "claimant mentions whiplash", expected_version=ANY_VERSION)
        assert [hit.letter_id for hit in store.search("synvisc")] == [first]
        assert [hit.decision_key for hit in store.search("whiplash")] == [None]
        assert first not in {hit.letter_id for hit in store.search("MRI lumbar contrast")}
        assert second in {hit.letter_id for hit in store.search("MRI lumbar contrast")}
        with psycopg.connect(pg_target, autocommit=True) as conn:
            vector_after = _vector(conn, "decisions_search", decision_id)
            letter_after = _vector(conn, "letters_search", first)
        assert vector_before is not None and "'mri'" in vector_before
        assert vector_after is not None and "'synvisc'" in vector_after and "'mri'" not in vector_after
        assert written_after_review == written_before  # a version bump or review state: the row is not rewritten
        assert letter_before is not None and "'whiplash'" not in letter_before
        assert letter_after is not None and "'whiplash'" in letter_after

        store.remove(first, expected_version=ANY_VERSION)
        assert store.empty_trash([first]) == 1
        with psycopg.connect(pg_target, autocommit=True) as conn:
            left = conn.execute("SELECT (SELECT count(*) FROM decisions_search WHERE letter_id = %s), "
                                "(SELECT count(*) FROM letters_search WHERE id = %s)", [first, first]).fetchone()
        assert left == (0, 0)
        assert store.search("synvisc") == [] and second in {hit.letter_id for hit in store.search("lumbar")}


def test_a_version_8_postgresql_store_takes_the_step_and_searches_alike(pg_target: str) -> None:
    with Store(pg_target) as store:
        _letters(store)
        before = _found(store)
    with psycopg.connect(pg_target, autocommit=True) as conn:
        back_to_version_8(conn)
        generated = conn.execute("SELECT count(*) FROM decisions WHERE fts IS NOT NULL").fetchone()
    assert generated == (12,)
    with Store(pg_target) as store:
        assert _found(store) == before
        assert before["lumbar"][0] and before["whiplash"][0] and before['"functional improvement"'][1]
        added = add_letter(store, invented_letter("CM16-9300199"))  # the triggers are there
        assert added in {hit.letter_id for hit in store.search("CM16-9300199")}
    with psycopg.connect(pg_target, autocommit=True) as conn:
        version = conn.execute("SELECT value FROM imr_desk_meta WHERE key = 'schema_version'").fetchone()
        (queue_index,) = conn.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                                      "AND indexname = 'letters_queue'").fetchone()
        old_columns = conn.execute("SELECT count(*) FROM information_schema.columns WHERE table_schema = "
                                   "current_schema() AND table_name IN ('decisions', 'letters') "
                                   "AND column_name = 'fts'").fetchone()
    assert version == (str(SCHEMA_VERSION),) and old_columns == (0,)
    # the queue's index covers its columns (a sort by any of them reads the index, not the rows)
    assert "INCLUDE (case_number, date_of_injury, decisions, upheld, overturned, review_state" in queue_index
    assert "assigned_to)" in queue_index and "WHERE ((is_record = 1) AND (removed_at IS NULL))" in queue_index


def _reads_letter_rows(store: Store, order: str) -> bool:
    """Whether the queue sorted by `order` reads a column of the letter rows themselves (SQLite's
    program: a ``Column`` of the table's cursor), rather than only its index."""
    program = store.db.execute(
        f"EXPLAIN SELECT l.id FROM letters l WHERE l.is_record = 1 AND l.removed_at IS NULL "
        f"ORDER BY {order}, l.decision_date DESC, l.id DESC").fetchall()  # (addr, opcode, p1, p2, …)
    table_root = store.db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'letters'").fetchone()[0]
    table_cursors = {row[2] for row in program if row[1] == "OpenRead" and row[3] == table_root}
    return any(row[1] == "Column" and row[2] in table_cursors for row in program)


def _queue_index_columns(store: Store) -> list[str]:
    return [row[2] for row in store.db.execute("PRAGMA index_info(letters_queue)")]


def test_a_version_8_sqlite_store_gets_the_wider_queue_index_and_finds_alike(tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as store:
        _letters(store)
        assert _queue_index_columns(store)[-3:] == ["ocr", "assigned_to", "upheld"]
        before = _found(store)
        tables = sorted(store.db.table_names())
        with store.connection.transaction() as db:  # the index as versions 2 to 8 had it
            db.executescript(QUEUE_INDEX_BEFORE_V9)
            db.execute("PRAGMA user_version = 8")
        assert _reads_letter_rows(store, "lower(COALESCE(l.assigned_to, ''))") is True
    with Store(tmp_store_path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 9
        assert sorted(store.db.table_names()) == tables and _found(store) == before
        assert _queue_index_columns(store)[-4:] == ["copies", "ocr", "assigned_to", "upheld"]
        for order in ["lower(COALESCE(l.assigned_to, ''))", *SORT_KEYS["marks"], *SORT_KEYS["outcome"]]:
            assert _reads_letter_rows(store, order) is False, order


@pytest.mark.parametrize("query", ["lumbar", "whiplash"])
def test_both_backends_find_the_same_cases(pg_target: str, tmp_store_path: Path, query: str) -> None:
    found = []
    for target in (pg_target, tmp_store_path):
        with Store(target) as store:
            _letters(store)
            found.append(sorted(store.db.execute("SELECT case_number FROM letters WHERE id = ?", [row.letter_id])
                                .fetchone()[0] for row in store.queue(query=query)))
    assert found[0] == found[1] and found[0]
