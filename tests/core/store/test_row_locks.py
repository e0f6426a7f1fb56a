"""Row locks on PostgreSQL (issue 16): desks editing different cases write at the same time, two
desks on one letter take turns and the second is told (`StaleRecordError`), a store-wide write
(an import) and the letter writes keep each other out, and a deadlock or a lock wait that runs
out is a plain, retryable "is busy" error.

Each test holds one desk's write open in a thread and watches the other desk's server backend
in ``pg_stat_activity`` (waiting for a lock, or not): events and the server's own account, no
sleeps or timings. The lock timeout is lowered so that a write that wrongly waits fails the
test quickly (as "is busy") instead of hanging it. SQLite has one writer at a time by nature
(``BEGIN IMMEDIATE``): only the last test, a busy store, runs on both backends; their side of
"no update is lost" is tests/core/store/test_many_writers.py.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest

from imr_desk.core.store import ANY_VERSION, StaleRecordError, Store
from imr_desk.core.store.connection import StoreBusyError
from tests.support.store_fixtures import add_letter, invented_letter

SAFETY_S = 30  # how long a test waits for an event before it fails (never reached when it passes)


@pytest.fixture(autouse=True)
def short_lock_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that waits when it should not fails as "is busy" within seconds."""
    from imr_desk.core.store import pg_backend

    monkeypatch.setattr(pg_backend, "LOCK_TIMEOUT_MS", 5_000)


class Outcome:
    """What a call run in a thread gave: its value or its exception."""

    def __init__(self) -> None:
        self.value: Any = None
        self.error: BaseException | None = None
        self.done = threading.Event()


def in_thread(call: Callable[[], Any]) -> Outcome:
    outcome = Outcome()

    def run() -> None:
        try:
            outcome.value = call()
        except BaseException as exc:  # handed to the test
            outcome.error = exc
        finally:
            outcome.done.set()

    threading.Thread(target=run, daemon=True).start()
    return outcome


@contextmanager
def held(opened: Callable[[], AbstractContextManager[Any]], inside: Callable[[Any], None] = lambda _: None
         ) -> Iterator[Outcome]:
    """Enter `opened()` in a thread (doing `inside` in it) and keep it open until the block ends;
    then it commits. The outcome's value is what `inside` was given."""
    entered, release = threading.Event(), threading.Event()

    def hold() -> Any:
        with opened() as context:
            inside(context)
            entered.set()
            assert release.wait(SAFETY_S)
            return context

    outcome = in_thread(hold)
    assert entered.wait(SAFETY_S) or outcome.done.wait(0), "the held write did not start"
    if outcome.error is not None:
        raise outcome.error
    try:
        yield outcome
    finally:
        release.set()
        assert outcome.done.wait(SAFETY_S)
    if outcome.error is not None:
        raise outcome.error


def waiting_on(dsn: str, store: Store) -> str | None:
    """The lock the store's server backend is waiting for (``advisory``, ``transactionid``,
    ``tuple``), or None when it is not waiting for one."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute("SELECT wait_event_type, wait_event FROM pg_stat_activity WHERE pid = %s",
                           [store.db.conn.info.backend_pid]).fetchone()
    return row[1] if row and row[0] == "Lock" else None


def wait_until_waiting(dsn: str, store: Store, outcome: Outcome) -> str:
    """Block until `store`'s backend waits for a lock (its call must not finish first)."""
    deadline = time.monotonic() + SAFETY_S
    while (lock := waiting_on(dsn, store)) is None:
        assert not outcome.done.is_set(), f"it did not wait: {outcome.error or outcome.value!r}"
        assert time.monotonic() < deadline, "it never waited for the lock"
        time.sleep(0.01)
    return lock


def correct_summary(edit: Any, text: str) -> None:
    """Inside an open `Store.edit`: correct the case summary, as `Store.correct` does."""
    correction = edit.add_correction(None, "case_summary", None, text, None)
    edit.add_history("correct", "Case summary", None, text, correction_id=correction)


@pytest.fixture
def desks(pg_target: str) -> Iterator[tuple[Store, Store, Store]]:
    """Three desks on one new PostgreSQL store."""
    opened = [Store(pg_target) for _ in range(3)]
    yield opened[0], opened[1], opened[2]
    for store in opened:
        store.close()


def test_desks_editing_different_cases_write_at_the_same_time(pg_target: str, desks: tuple[Store, Store, Store]
                                                              ) -> None:
    first, second, reader = desks
    mine = add_letter(first, invented_letter("CM16-9100001"))
    theirs = add_letter(first, invented_letter("CM16-9100002"))
    with held(lambda: first.edit(mine, first.version(mine)), lambda edit: correct_summary(edit, "Mine.")):
        second.correct(theirs, "case_summary", "Theirs.", expected_version=second.version(theirs))  # no wait
        assert reader.load(theirs).letter.case_summary == "Theirs."  # committed while the other write is open
        assert reader.load(mine).letter.case_summary != "Mine."
        assert waiting_on(pg_target, second) is None
    assert reader.load(mine).letter.case_summary == "Mine."
    assert reader.version(mine) == 2 and reader.version(theirs) == 2


def test_two_desks_on_one_letter_take_turns_and_the_second_is_told(pg_target: str,
                                                                   desks: tuple[Store, Store, Store]) -> None:
    first, second, reader = desks
    letter_id = add_letter(first, invented_letter("CM16-9100003"))
    version = reader.version(letter_id)  # both desks read the same version
    with held(lambda: first.edit(letter_id, version), lambda edit: correct_summary(edit, "First.")):
        late = in_thread(lambda: second.correct(letter_id, "case_summary", "Second.", expected_version=version))
        assert wait_until_waiting(pg_target, second, late) in ("transactionid", "tuple")
    assert late.done.wait(SAFETY_S)
    assert isinstance(late.error, StaleRecordError)
    assert f"version {version + 1}, expected {version}" in str(late.error)
    assert reader.load(letter_id).letter.case_summary == "First."
    assert reader.version(letter_id) == version + 1
    assert [entry.after for entry in reader.history(letter_id) if entry.action == "correct"] == ["First."]


def test_a_write_of_one_copy_locks_its_whole_case_and_nothing_else(pg_target: str,
                                                                  desks: tuple[Store, Store, Store]) -> None:
    first, second, third = desks
    record = add_letter(first, invented_letter("CM16-9100004"))
    copy = add_letter(first, invented_letter("CM16-9100004", decisions=1))  # a second copy of the case
    other = add_letter(first, invented_letter("CM16-9100005"))
    assert [c.letter_id for c in first.copies(record)] == [record, copy]
    with held(lambda: first.connection.letter_write(copy, ANY_VERSION)):  # e.g. removing the copy
        waiting = in_thread(lambda: second.correct(record, "case_summary", "Record.",
                                                   expected_version=second.version(record)))
        wait_until_waiting(pg_target, second, waiting)
        third.correct(other, "case_summary", "Other case.", expected_version=third.version(other))
        assert not waiting.done.is_set()
    assert waiting.done.wait(SAFETY_S) and waiting.error is None
    assert third.load(record).letter.case_summary == "Record."


def test_an_import_waits_for_letter_writes_and_keeps_them_out(pg_target: str,
                                                             desks: tuple[Store, Store, Store]) -> None:
    first, second, reader = desks
    letter_id = add_letter(first, invented_letter("CM16-9100006"))
    with held(lambda: first.edit(letter_id, first.version(letter_id)), lambda edit: correct_summary(edit, "Edited.")):
        importing = in_thread(lambda: add_letter(second, invented_letter("CM16-9100007")))
        assert wait_until_waiting(pg_target, second, importing) == "advisory"
    assert importing.done.wait(SAFETY_S) and importing.error is None
    imported = importing.value
    with held(lambda: first.connection.transaction()):  # a store-wide write in progress
        editing = in_thread(lambda: second.correct(imported, "case_summary", "Waited.",
                                                   expected_version=second.version(imported)))
        assert wait_until_waiting(pg_target, second, editing) == "advisory"
    assert editing.done.wait(SAFETY_S) and editing.error is None
    assert reader.load(imported).letter.case_summary == "Waited."
    assert reader.load(letter_id).letter.case_summary == "Edited."


def test_a_deadlock_is_a_busy_error_and_the_other_write_commits(desks: tuple[Store, Store, Store]) -> None:
    first, second, reader = desks
    ours = add_letter(first, invented_letter("CM16-9100008"))
    theirs = add_letter(first, invented_letter("CM16-9100009"))
    both_locked = threading.Barrier(2, timeout=SAFETY_S)

    def cross(store: Store, mine: int, other: int) -> str:  # a write that wrongly locks another case too
        with store.edit(mine, store.version(mine)) as edit:
            correct_summary(edit, f"Edit of {mine}.")
            both_locked.wait()
            store.db.execute("SELECT id FROM letters WHERE id = ? FOR NO KEY UPDATE", [other])
        return "committed"

    outcomes = [in_thread(lambda: cross(first, ours, theirs)), in_thread(lambda: cross(second, theirs, ours))]
    assert all(outcome.done.wait(SAFETY_S) for outcome in outcomes)
    errors = [outcome.error for outcome in outcomes if outcome.error is not None]
    assert len(errors) == 1 and isinstance(errors[0], StoreBusyError), errors
    assert "is busy" in str(errors[0]) and "try again" in str(errors[0])
    committed = ours if outcomes[0].error is None else theirs
    lost = theirs if committed == ours else ours
    assert reader.load(committed).letter.case_summary == f"Edit of {committed}."
    assert reader.load(lost).letter.case_summary != f"Edit of {lost}." and reader.history(lost) == []


def test_a_row_lock_wait_that_runs_out_is_a_busy_error(pg_target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from imr_desk.core.store import pg_backend

    with Store(pg_target) as first:
        letter_id = add_letter(first, invented_letter("CM16-9100010"))
        monkeypatch.setattr(pg_backend, "LOCK_TIMEOUT_MS", 200)
        with Store(pg_target) as second:
            holding = held(lambda: first.edit(letter_id, first.version(letter_id)),
                           lambda edit: correct_summary(edit, "Held."))
            with holding, pytest.raises(StoreBusyError, match=r"is busy .*try again"):
                second.correct(letter_id, "case_summary", "Too late.", expected_version=ANY_VERSION)
            assert second.load(letter_id).letter.case_summary == "Held."
            second.correct(letter_id, "case_summary", "Now.", expected_version=second.version(letter_id))
            assert first.load(letter_id).letter.case_summary == "Now."


def test_a_write_that_waits_too_long_is_a_store_busy_error_on_both_backends(
        store_target: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    from imr_desk.core.store import pg_backend, schema

    monkeypatch.setattr(pg_backend, "LOCK_TIMEOUT_MS", 200)
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 200)
    with Store(store_target) as store:
        letter_id = add_letter(store, invented_letter("CM16-9100011"))
        if isinstance(store_target, Path):  # another process in the middle of a write
            other: Any = sqlite3.connect(store_target, isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
        else:
            other = psycopg.connect(store_target)
            other.execute("SELECT pg_advisory_xact_lock(%s)", [pg_backend.WRITE_LOCK])
        try:
            with pytest.raises(StoreBusyError, match=r"is busy \(another imr-desk is writing to it\); try again"):
                store.correct(letter_id, "case_summary", "Waited.", expected_version=store.version(letter_id))
        finally:
            other.rollback()
            other.close()
        assert store.load(letter_id).letter.case_summary != "Waited."
        store.correct(letter_id, "case_summary", "Now.", expected_version=store.version(letter_id))
        assert store.load(letter_id).letter.case_summary == "Now."
