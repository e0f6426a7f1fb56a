"""Store writes off the UI thread: `StoreOps` on its own, and the window while another process
holds the store's write lock (the window keeps running, says it is waiting, loses nothing).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from test_main_window import save_shot, settle

from imr_desk.core.store import StaleRecordError, Store, StoreError
from imr_desk.ui import store_ops as store_ops_module
from imr_desk.ui.main_window import SAVING_ON_CLOSE_TEXT, WAITING_TEXT
from imr_desk.ui.store_ops import StoreOps

pytestmark = pytest.mark.usefixtures("message_boxes")

LOCK_SECONDS = 3.0
# Another program holding the store's write lock: BEGIN IMMEDIATE, then nothing for a while.
LOCK_SCRIPT = (
    "import sqlite3, sys, time\n"
    "connection = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "connection.execute('BEGIN IMMEDIATE')\n"
    "print('locked', flush=True)\n"
    "time.sleep(float(sys.argv[2]))\n"
    "connection.execute('ROLLBACK')\n"
    "connection.close()\n"
)


class Ticks:
    """A QTimer firing every 50 ms on the UI thread; the times it fired."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.timer = QTimer(interval=50)
        self.timer.timeout.connect(lambda: self.times.append(time.monotonic()))
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def longest_gap(self) -> float:
        return max((b - a for a, b in zip(self.times, self.times[1:])), default=float("inf"))


@pytest.fixture
def hold_lock(tmp_store_path: Path) -> Iterator[Any]:
    """`hold_lock(seconds)`: another process takes the store's write lock and keeps it."""
    started: list[subprocess.Popen[str]] = []

    def hold(seconds: float = LOCK_SECONDS) -> subprocess.Popen[str]:
        process = subprocess.Popen([sys.executable, "-c", LOCK_SCRIPT, str(tmp_store_path), str(seconds)],
                                   stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None and process.stdout.readline().strip() == "locked"
        started.append(process)
        return process

    yield hold
    for process in started:
        process.wait(timeout=30)


def type_and_enter(qtbot: Any, editor: Any, text: str) -> None:
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


# --- StoreOps on its own ---------------------------------------------------------------------


@pytest.fixture
def ops(qtbot: Any, store: Store) -> Iterator[StoreOps]:
    made = StoreOps(store.path)
    yield made
    made.shutdown()


def test_writes_run_in_order_on_the_workers_own_connection(ops: StoreOps, store: Store, corpus_dir: Path,
                                                           qtbot: Any) -> None:
    letter_id = store.import_file(corpus_dir / "dwc-2016" / "CM16-0243453.pdf").letter_id
    version = store.version(letter_id)
    seen: list[tuple[str, Any]] = []

    def write(state: str, expected: int) -> Any:
        def run(worker_store: Store) -> tuple[int, bool]:
            worker_store.set_review_state(letter_id, state, expected_version=expected)
            return threading.get_ident(), worker_store is not store
        return run

    ops.submit(write("in_review", version), on_done=lambda result: seen.append(("in_review", result)))
    ops.submit(write("verified", version + 1), on_done=lambda result: seen.append(("verified", result)))
    ops.after_pending(lambda: seen.append(("after", None)))
    assert not ops.is_idle() and seen == []  # nothing ran on this thread
    qtbot.waitUntil(ops.is_idle, timeout=10_000)
    assert [name for name, _ in seen] == ["in_review", "verified", "after"]
    worker_threads = {result[0] for name, result in seen if result}
    assert worker_threads and threading.get_ident() not in worker_threads and len(worker_threads) == 1
    assert all(result[1] for name, result in seen if result), "the worker opened its own Store"
    assert store.load(letter_id).review.state == "verified"


def test_failures_reach_on_failed_as_plain_store_errors(ops: StoreOps, store: Store, corpus_dir: Path,
                                                        qtbot: Any) -> None:
    letter_id = store.import_file(corpus_dir / "dwc-2016" / "CM16-0243453.pdf").letter_id
    failures: list[BaseException] = []
    ops.submit(lambda s: s.set_review_state(letter_id, "in_review", expected_version=99), on_failed=failures.append)
    ops.submit(lambda s: s.set_review_state(letter_id, "done", expected_version=1), on_failed=failures.append)
    ops.submit(lambda s: {}["missing"], on_failed=failures.append)
    qtbot.waitUntil(ops.is_idle, timeout=10_000)
    stale, bad_value, unexpected = failures
    assert isinstance(stale, StaleRecordError)
    assert isinstance(bad_value, ValueError) and "review state" in str(bad_value)
    assert isinstance(unexpected, StoreError) and str(store.path) in str(unexpected) and "KeyError" in str(unexpected)
    assert store.load(letter_id).review.state == "unreviewed"


def test_a_write_the_busy_timeout_gave_up_on_is_tried_again(ops: StoreOps, store: Store, qtbot: Any) -> None:
    attempts: list[int] = []

    def busy_once(_store: Store) -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise StoreError(f"The store file {store.path} is busy (another imr-desk is writing to it); try again.")
        return "stored"

    done: list[str] = []
    ops.submit(busy_once, on_done=done.append)
    qtbot.waitUntil(ops.is_idle, timeout=10_000)
    assert done == ["stored"] and len(attempts) == 2
    assert store_ops_module.is_busy(StoreError("The store file x is busy (another imr-desk is writing to it)"))


def test_waiting_is_announced_only_for_a_slow_write(store: Store, qtbot: Any) -> None:
    ops = StoreOps(store.path, wait_notice_ms=100)
    changes: list[bool] = []
    ops.waitingChanged.connect(changes.append)
    try:
        ops.submit(lambda _store: None)
        qtbot.waitUntil(ops.is_idle, timeout=10_000)
        qtbot.wait(150)
        assert changes == []  # quick: no notice
        ops.submit(lambda _store: time.sleep(0.4))
        qtbot.waitUntil(lambda: changes == [True], timeout=5000)
        assert ops.is_waiting()
        qtbot.waitUntil(lambda: changes == [True, False], timeout=5000)
        assert ops.is_idle() and not ops.is_waiting()
    finally:
        ops.shutdown()


# --- the window and a busy store -------------------------------------------------------------


def test_a_busy_store_never_freezes_the_window(opened: Any, store: Store, hold_lock: Any, qtbot: Any) -> None:
    letter_id = opened.record.letter_id
    editor = opened.fields.editor_for("header.case_number")
    holder = hold_lock(LOCK_SECONDS)
    ticks = Ticks()
    locked_at = time.monotonic()
    type_and_enter(qtbot, editor, "CM16-0243499")
    assert time.monotonic() - locked_at < 1.0, "the edit returned at once"
    qtbot.waitUntil(opened.waiting_label.isVisible, timeout=2500)
    assert opened.waiting_label.text() == WAITING_TEXT
    assert opened.statusBar().isAncestorOf(opened.waiting_label)
    assert time.monotonic() - locked_at < 2.0, "the notice came while the lock was still held"
    assert store.load(letter_id).letter.header.case_number == "CM16-0243453"  # not yet: the lock
    assert editor.text() == "CM16-0243499"  # what was typed stays on screen meanwhile
    save_shot(opened, "window-waiting-for-store.png")
    qtbot.waitUntil(lambda: holder.poll() is not None, timeout=15_000)
    qtbot.waitUntil(opened.store_ops.is_idle, timeout=15_000)
    ticks.stop()
    assert store.load(letter_id).letter.header.case_number == "CM16-0243499"
    assert not opened.waiting_label.isVisible()
    assert editor.text() == "CM16-0243499" and editor.property("fieldState") == "corrected"
    assert time.monotonic() - locked_at >= LOCK_SECONDS - 0.2
    assert len(ticks.times) >= 20, "the event loop kept running during the wait"
    assert ticks.longest_gap() < 0.75, f"the window stalled for {ticks.longest_gap():.2f} s"


def test_typing_during_the_wait_is_kept_and_undo_follows_the_queue(opened: Any, store: Store, hold_lock: Any,
                                                                   qtbot: Any) -> None:
    letter_id = opened.record.letter_id
    parsed_priority = opened.record.letter.header.priority
    hold_lock(LOCK_SECONDS)
    type_and_enter(qtbot, opened.fields.editor_for("header.priority"), "Expedited")
    assert "Priority" in opened.menu_actions.undo.text()  # undoable at once, before it is stored
    opened.menu_actions.review["in_review"].trigger()
    opened.menu_actions.undo.trigger()  # undoes the review state: the last edit, still queued
    summary = opened.fields.editor_for("case_summary")
    summary.setFocus()
    summary.selectAll()
    qtbot.keyClicks(summary, "Half-typed summa")  # not committed while the answers arrive
    qtbot.waitUntil(opened.store_ops.is_idle, timeout=15_000)
    record = store.load(letter_id)
    assert record.letter.header.priority == "Expedited"
    assert record.review.state == "unreviewed"
    assert summary.text_value() == "Half-typed summa" and summary.textCursor().position() == len("Half-typed summa")
    assert opened.menu_actions.undo.text().replace("&", "") == "Undo Correct Priority"
    assert opened.menu_actions.redo.text().replace("&", "") == "Redo Mark in review"
    qtbot.keyClicks(summary, "ry.")
    opened.fields.commit_pending()
    settle(opened)
    assert store.load(letter_id).letter.case_summary == "Half-typed summary."
    assert parsed_priority != "Expedited"


def test_closing_while_the_store_is_busy_waits_for_the_edit(opened: Any, store: Store, hold_lock: Any,
                                                            qtbot: Any) -> None:
    letter_id = opened.record.letter_id
    hold_lock(LOCK_SECONDS)
    editor = opened.fields.editor_for("header.case_number")
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "CM16-0243400")  # typed, not committed: closing commits it
    opened.close()
    assert opened.isVisible(), "the window stays open until the store has the edit"
    qtbot.waitUntil(opened.waiting_label.isVisible, timeout=2500)
    assert opened.waiting_label.text() == SAVING_ON_CLOSE_TEXT
    qtbot.waitUntil(lambda: not opened.isVisible(), timeout=15_000)
    assert store.load(letter_id).letter.header.case_number == "CM16-0243400"
