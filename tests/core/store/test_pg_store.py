"""The store on PostgreSQL (issue 16): set up by an ordinary role, a newer or foreign schema
refused untouched, passwords never shown, and letters copied between the two backends with
everything they have, idempotently and all or nothing per letter."""

from __future__ import annotations

import datetime
from pathlib import Path

import psycopg
import pytest

from imr_desk.core.deadlines.entries import DeadlineStatus
from imr_desk.core.deadlines.service import EnteredService
from imr_desk.core.store import ANY_VERSION, Store, StoreError, copying
from imr_desk.core.store.copying import copy_letters
from imr_desk.core.store.dialect import is_postgres_target, mask_password
from imr_desk.core.store.schema import SCHEMA_VERSION
from tests.support.store_fixtures import add_letter, invented_letter

SERVED = EnteredService(served_on=datetime.date(2017, 2, 2), served_by="fax", address="us")


def _tables(dsn: str) -> list[str]:
    with psycopg.connect(dsn, autocommit=True) as conn:
        return [row[0] for row in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1"
        )]


def test_connection_strings_are_told_apart_and_shown_without_their_password() -> None:
    assert is_postgres_target("postgresql://desk@db/imr") and is_postgres_target("postgres://db/imr")
    assert is_postgres_target("host=db dbname=imr user=desk")
    assert not is_postgres_target("/home/desk/imr-desk.sqlite3") and not is_postgres_target("store=1.db")
    assert mask_password("postgresql://desk:s3cret@db:5432/imr?sslmode=require") == (
        "postgresql://desk:***@db:5432/imr?sslmode=require")
    assert mask_password("host=db password=s3cret dbname=imr") == "host=db password=*** dbname=imr"
    assert mask_password("postgresql://db/imr?password=s3cret&sslmode=verify-full") == (
        "postgresql://db/imr?password=***&sslmode=verify-full")


def test_an_ordinary_role_creates_the_store_in_its_own_database(pg_target: str) -> None:
    with psycopg.connect(pg_target, autocommit=True) as conn:
        assert conn.execute("SELECT rolsuper, rolcreatedb FROM pg_roles WHERE rolname = current_user"
                            ).fetchone() == (False, False)
    secret = pg_target.replace("postgresql://desk_store_tests@", "postgresql://desk_store_tests:s3cret@")
    with Store(secret) as store:
        assert store.is_postgres and "s3cret" not in str(store.path) and ":***@" in str(store.path)
        letter_id = add_letter(store, invented_letter())
        with pytest.raises(StoreError) as missing:
            store.load(letter_id + 100)
        assert "s3cret" not in str(missing.value)
    with psycopg.connect(pg_target, autocommit=True) as conn:
        meta = dict(conn.execute("SELECT key, value FROM imr_desk_meta").fetchall())
    assert meta == {"application": "imr-desk", "schema_version": str(SCHEMA_VERSION)}
    with Store(pg_target) as again:  # opening again changes nothing
        assert again.count() == 1


def test_a_newer_store_is_refused_untouched(pg_target: str) -> None:
    Store(pg_target).close()
    with psycopg.connect(pg_target, autocommit=True) as conn:
        conn.execute("UPDATE imr_desk_meta SET value = %s WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    tables = _tables(pg_target)
    with pytest.raises(StoreError, match="newer imr-desk"):
        Store(pg_target)
    assert _tables(pg_target) == tables
    with psycopg.connect(pg_target, autocommit=True) as conn:
        assert conn.execute("SELECT value FROM imr_desk_meta WHERE key = 'schema_version'").fetchone() == (
            str(SCHEMA_VERSION + 1),)


def test_a_database_of_another_program_is_refused_untouched(pg_target: str) -> None:
    with psycopg.connect(pg_target, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id int)")
    with pytest.raises(StoreError, match="not an imr-desk store"):
        Store(pg_target)
    assert _tables(pg_target) == ["invoices"]


def test_a_missing_store_is_not_created_when_only_reading(pg_target: str) -> None:
    with pytest.raises(StoreError, match="there is no store"):
        Store(pg_target, create=False)
    assert _tables(pg_target) == []


def _worked_letters(store: Store) -> tuple[int, int, int]:
    """Three letters (two copies of one case) with corrections, notes, review, service, undo."""
    first = add_letter(store, invented_letter("CM16-9000001", decision_date="2017-02-02"))
    second = add_letter(store, invented_letter("CM16-9000002", decisions=3))
    copy = invented_letter("CM16-9000001", decision_date="2017-02-02")
    copy.text += "A re-scan.\n"
    copy.source.sha256 = "f" * 64
    copy.source.file = "CM16-9000001-rescan.txt"
    copy_id = add_letter(store, copy)
    store.correct(first, "case_summary", "Corrected summary.", expected_version=ANY_VERSION)
    store.correct(first, "outcome", "overturned", decision_key="p0", expected_version=ANY_VERSION)
    store.annotate(first, "Check the MRI date.", tag="follow-up", span=(0, 11), expected_version=ANY_VERSION)
    store.set_service(first, SERVED, expected_version=ANY_VERSION)
    store.set_deadline_status(first, "appeal", DeadlineStatus("dismissed"), expected_version=ANY_VERSION)
    store.set_review_state(second, "verified", expected_version=ANY_VERSION)
    store.correct(second, "case_summary", "Undone later.", expected_version=ANY_VERSION)
    store.undo(second, expected_version=ANY_VERSION)
    return first, second, copy_id


def _case_state(store: Store, letter_id: int) -> dict[str, object]:
    record = store.load(letter_id)
    done, undone = store.undo_stack(letter_id)
    return {
        "letter": record.letter.to_json(),
        "version": record.version,
        "review": (record.review.state, record.review.user),
        "notes": [(a.note, a.tag, a.span) for a in record.annotations],
        "corrections": [(c.field, c.decision_key, c.new_value, c.user) for c in record.corrections],
        "history": [(h.action, h.target, h.before, h.after, h.user) for h in store.history(letter_id)],
        "undo": ([h.action for h in done], [h.action for h in undone]),
        "service": store.entered_service(letter_id),
        "deadlines": [(d.kind, d.due, d.status.status) for d in store.letter_deadlines(letter_id)],
        "copies": record.copies,
    }


def _by_file(store: Store) -> dict[str, int]:
    return {row["file_name"]: row["id"] for row in store.db.query("SELECT id, file_name FROM letters")}


def test_store_copy_moves_everything_both_ways_and_is_idempotent(tmp_path: Path, pg_target: str) -> None:
    desk = tmp_path / "desk.sqlite3"
    with Store(desk) as source:
        ids = _worked_letters(source)
        expected = {name: _case_state(source, letter_id) for name, letter_id in _by_file(source).items()}
        assert len(expected) == len(ids)
    with Store(desk) as source, Store(pg_target) as firm:
        report = copy_letters(source.connection, firm.connection)
        assert len(report.copied) == 3 and report.skipped == []
        assert {name: _case_state(firm, letter_id) for name, letter_id in _by_file(firm).items()} == expected
        assert firm.count() == 2 and firm.search("acupuncture")  # copies joined their case; search indexed
        again = copy_letters(source.connection, firm.connection)
        assert again.copied == [] and len(again.skipped) == 3
        assert all(s.reason.startswith("already in the target") for s in again.skipped)
    laptop = tmp_path / "laptop.sqlite3"
    with Store(pg_target) as firm, Store(laptop) as back:
        assert len(copy_letters(firm.connection, back.connection).copied) == 3
        assert {name: _case_state(back, letter_id) for name, letter_id in _by_file(back).items()} == expected


def test_store_copy_is_all_or_nothing_per_letter(tmp_path: Path, pg_target: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    desk = tmp_path / "desk.sqlite3"
    with Store(desk) as source:
        _worked_letters(source)
    real_insert = copying._Copier._insert
    calls = {"history": 0}

    def failing_insert(self, table, row, changes, **options):  # type: ignore[no-untyped-def]
        if table == "history":
            calls["history"] += 1
            if calls["history"] == 5:  # part way into a letter's history
                raise StoreError("the network went away")
        return real_insert(self, table, row, changes, **options)

    with Store(desk) as source, Store(pg_target) as firm:
        monkeypatch.setattr(copying._Copier, "_insert", failing_insert)
        with pytest.raises(StoreError, match="network"):
            copy_letters(source.connection, firm.connection)
        counts = {table: firm.one(f"SELECT count(*) AS n FROM {table}")["n"]
                  for table in ("letters", "decisions", "corrections", "annotations", "history", "letter_content")}
        assert counts["letters"] == counts["letter_content"] == 0  # the first letter's history had 5+ entries
        assert counts == dict.fromkeys(counts, 0)
        monkeypatch.setattr(copying._Copier, "_insert", real_insert)
        report = copy_letters(source.connection, firm.connection)
        assert len(report.copied) == 3 and report.skipped == []


def test_a_hook_runs_after_each_committed_write_and_not_after_a_refused_one(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    committed: list[tuple[int, frozenset[int]]] = []
    store.connection.after_commit.append(lambda touched: committed.append((store.version(letter_id), touched)))
    version = store.version(letter_id)
    store.correct(letter_id, "case_summary", "Corrected.", expected_version=version)
    with pytest.raises(StoreError):  # stale: rolled back, no hook
        store.correct(letter_id, "case_summary", "Again.", expected_version=version)
    assert committed == [(version + 1, frozenset({letter_id}))]
    other = add_letter(store, invented_letter("CM16-9000002"))  # an import: which letters is not told
    assert committed[-1][1] == frozenset() and other != letter_id


def test_the_postgresql_schema_keeps_pace_with_the_sqlite_migrations() -> None:
    from imr_desk.core.store import pg_schema
    from imr_desk.core.store.schema import MIGRATIONS

    pg_schema.check_versions(len(MIGRATIONS))
    with pytest.raises(RuntimeError, match="PG_UPGRADES"):
        pg_schema.check_versions(len(MIGRATIONS) + 1)


def test_a_new_postgresql_store_has_the_findings_columns_and_index(pg_target: str) -> None:
    Store(pg_target).close()
    with psycopg.connect(pg_target, autocommit=True) as conn:
        columns = {(table, column) for table, column in conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()")}
        indexes = {row[0] for row in conn.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}
    assert {("decisions", "category"), ("letters", "checks_warn"), ("letters", "checks_info")} <= columns
    assert {"decisions_category", "decisions_search_fts", "letters_search_fts", "letters_queue"} <= indexes


def test_writers_take_turns_and_a_busy_store_is_a_plain_error(pg_target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from imr_desk.core.store import pg_backend

    monkeypatch.setattr(pg_backend, "LOCK_TIMEOUT_MS", 300)
    with Store(pg_target) as store:
        letter_id = add_letter(store, invented_letter())
        with psycopg.connect(pg_target) as other:  # another desk in the middle of a write
            other.execute("SELECT pg_advisory_xact_lock(%s)", [pg_backend.WRITE_LOCK])
            with pytest.raises(StoreError, match="is busy") as busy:
                store.correct(letter_id, "case_summary", "Mine.", expected_version=ANY_VERSION)
            assert store.load(letter_id).letter.case_summary != "Mine."  # reading never waits
            other.rollback()
        assert "desk_store_tests@" in str(busy.value)
        store.correct(letter_id, "case_summary", "Mine.", expected_version=ANY_VERSION)
        assert store.load(letter_id).letter.case_summary == "Mine."


def test_a_lost_connection_is_a_plain_error_naming_the_store(pg_target: str, pg_server) -> None:  # type: ignore[no-untyped-def]
    with Store(pg_target.replace("desk_store_tests@", "desk_store_tests:s3cret@")) as store:
        pid = store.db.conn.info.backend_pid
        with psycopg.connect(pg_server.dsn(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        with pytest.raises(StoreError) as lost:
            store.count()
    message = str(lost.value)
    assert message.startswith("The store postgresql://desk_store_tests:***@") and "s3cret" not in message


def test_an_older_postgresql_store_is_upgraded_one_step_at_a_time(pg_target: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from imr_desk.core.store import pg_backend

    with Store(pg_target) as store:
        letter_id = add_letter(store, invented_letter())
    monkeypatch.setattr(pg_backend, "SCHEMA_VERSION", SCHEMA_VERSION + 1)  # as a newer imr-desk would be
    monkeypatch.setattr(pg_backend, "PG_UPGRADES",
                        [*pg_backend.PG_UPGRADES, "ALTER TABLE letters ADD COLUMN future_column text"])
    with Store(pg_target) as store:
        assert store.one("SELECT future_column FROM letters WHERE id = ?", [letter_id]) == {"future_column": None}
        assert store.load(letter_id).letter.header.case_number == "CM16-9000001"
    with psycopg.connect(pg_target, autocommit=True) as conn:
        assert conn.execute("SELECT value FROM imr_desk_meta WHERE key = 'schema_version'").fetchone() == (
            str(SCHEMA_VERSION + 1),)


def test_a_short_search_fetches_more_when_the_best_hits_are_in_the_trash(store: Store) -> None:
    ids = [add_letter(store, invented_letter(f"CM16-900000{n}", decisions=1)) for n in range(1, 6)]
    for letter_id in ids[:4]:
        store.remove(letter_id, expected_version=ANY_VERSION)
    hits = store.search("lumbar", limit=1)
    assert [hit.letter_id for hit in hits] == [ids[4]]


def test_a_key_value_connection_string_names_the_same_store(pg_target: str) -> None:
    with Store(pg_target) as store:
        add_letter(store, invented_letter())
    info = psycopg.conninfo.conninfo_to_dict(pg_target)
    words = f"host={info['host']} dbname={info['dbname']} user={info['user']} password=s3cret"
    with Store(words) as same:
        assert same.is_postgres and same.count() == 1
        assert str(same.path).endswith("password=***") and "s3cret" not in str(same.path)
