"""Hearing other desks' changes (core/store/change_feed.py): on PostgreSQL a write on one
connection reaches a feed on another (LISTEN/NOTIFY), this desk's own changes are dropped; on
SQLite the feed notices another connection's commit by data_version and works out which
letters changed."""

from __future__ import annotations

from pathlib import Path

from imr_desk.core.store import ANY_VERSION, Store
from imr_desk.core.store.change_feed import ChangeFeed
from imr_desk.core.store.desks import assign
from imr_desk.core.store.notices import Change, notify
from tests.support.store_fixtures import add_letter, invented_letter


def _wait_for(feed: ChangeFeed, *, attempts: int = 20) -> list[Change]:
    """The first changes the feed hears (each wait up to 1 s; the test never times itself)."""
    for _ in range(attempts):
        changes = feed.wait(1.0)
        if changes:
            return changes
    return []


def test_postgres_write_on_another_connection_reaches_the_feed(pg_target: str) -> None:
    with Store(pg_target) as writer:
        letter_id = add_letter(writer, invented_letter())
        with ChangeFeed(pg_target, desk="the-listening-desk") as feed:
            writer.correct(letter_id, "patient.age", 44, expected_version=ANY_VERSION)
            changes = _wait_for(feed)
            assert [sorted(c.letters) for c in changes] == [[letter_id]]
            assert not changes[0].presence
            writer.mark_open(letter_id)
            presence = _wait_for(feed)
            assert [(sorted(c.letters), c.presence) for c in presence] == [([letter_id], True)]
            assert feed.wait(0.2) == []  # nothing more


def test_postgres_feed_drops_its_own_desks_changes(pg_target: str) -> None:
    with Store(pg_target) as writer:
        letter_id = add_letter(writer, invented_letter())
        with ChangeFeed(pg_target) as feed:  # this process's desk, like the writer's
            writer.assign(letter_id, "Ana Ruiz", expected_version=ANY_VERSION)
            assert feed.wait(0.5) == []
            # another desk's notice arrives (sent here by hand, as that desk would)
            writer.db.execute("SELECT pg_notify('imr_desk_changes', ?)",
                              [f'{{"desk": "elsewhere", "letters": [{letter_id}]}}'])
            changes = _wait_for(feed)
            assert [(c.desk, sorted(c.letters)) for c in changes] == [("elsewhere", [letter_id])]


def test_an_import_is_reload_everything(pg_target: str) -> None:
    with Store(pg_target) as writer, ChangeFeed(pg_target, desk="other") as feed:
        notify(writer.connection, [])
        changes = _wait_for(feed)
        assert len(changes) == 1 and changes[0].everything


def test_sqlite_feed_notices_another_connections_commit(tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as writer:
        first = add_letter(writer, invented_letter("CM16-9000001"))
        second = add_letter(writer, invented_letter("CM16-9000002"))
        with ChangeFeed(tmp_store_path) as feed:
            assert feed.wait(0.3) == []
            assign(writer.connection, second, "Ana Ruiz", expected_version=ANY_VERSION)
            changes = _wait_for(feed)
            assert [sorted(c.letters) for c in changes] == [[second]]
            writer.mark_open(first, "desk-b", "Ben Ode")
            presence = _wait_for(feed)
            assert [(sorted(c.letters), c.presence) for c in presence] == [([first], True)]
            add_letter(writer, invented_letter("CM16-9000003"))
            imported = _wait_for(feed)
            assert len(imported) == 1 and imported[0].everything


def test_sqlite_feed_passes_over_a_commit_no_desk_shows(tmp_store_path: Path) -> None:
    """Derived data only (here a table of its own, as the deadline table's refresh writes):
    no change to report, so no desk reloads its queue for it."""
    with Store(tmp_store_path) as writer:
        letter_id = add_letter(writer, invented_letter())
        with ChangeFeed(tmp_store_path) as feed:
            writer.db.execute("CREATE TABLE scratch_for_the_test (x INTEGER)")
            writer.db.execute("INSERT INTO scratch_for_the_test VALUES (1)")
            writer.db.conn.commit()
            assert feed.wait(0.6) == []
            writer.correct(letter_id, "patient.age", 50, expected_version=ANY_VERSION)
            assert [sorted(c.letters) for c in _wait_for(feed)] == [[letter_id]]
