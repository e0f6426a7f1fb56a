"""Every store write of the window, run off the UI thread (like Anki's ``CollectionOp``).

The window reads through its own `Store` on the UI thread; it never writes through it.
`StoreOps(store_path)` owns one worker thread that opens its OWN `Store(store_path)` (an
SQLite connection belongs to one thread) and runs the writes one at a time, in the order they
were submitted:

    ops.submit(lambda store: store.correct(letter_id, ...), on_done=show, on_failed=tell)

`on_done(result)` or `on_failed(error)` (a `StoreError`, `StaleRecordError` or `ValueError`;
anything unexpected arrives as a `StoreError` naming the store file) run on the UI thread.

Another process may hold the store's write lock (``BEGIN IMMEDIATE``) for a while. The worker
then waits inside SQLite (the store's busy timeout, 15 s) and, should that run out, tries again
(`BUSY_ATTEMPTS` tries in all) — the window keeps running all along. Once a write has been
waiting `WAIT_NOTICE_MS`, `waitingChanged(True)` lets the window say so; `waitingChanged(False)`
follows when everything submitted is done. `after_pending(callback)` runs `callback` once the
writes submitted so far are done (printing, history, closing the window wait for them).

`submit_quietly(write)` runs a write no one waits for (this desk's presence: which letter it
has open) on the same worker, without counting it as pending: printing, history and closing
never wait for it, and a failure is only logged.

`edit_note`, `highlight_span` and `used_note_tags` are the store's note edits
(`Store.edit_annotation`, `highlight`, `used_tags`) as the window's edit flow calls them;
`enter_service` and `mark_deadline` its deadline edits (`Store.set_service`,
`set_deadline_status`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from imr_desk.core.deadlines.entries import DeadlineStatus
from imr_desk.core.deadlines.service import EnteredService
from imr_desk.core.model import Region, Span
from imr_desk.core.records import Annotation, HistoryEntry
from imr_desk.core.store import Store, StoreError
from imr_desk.core.store.connection import ExpectedVersion, store_target
from imr_desk.ui.background import BackgroundWorker

log = logging.getLogger(__name__)

WAIT_NOTICE_MS = 500
BUSY_ATTEMPTS = 4  # with the store's 15 s busy timeout: a write waits up to a minute for a lock
Result = TypeVar("Result")


def is_busy(error: StoreError) -> bool:
    """True when `error` says another connection held the store's lock past the busy timeout.

    The store has no error class of its own for this yet; its message for SQLite's
    "database is locked" / "busy" says "is busy".
    """
    return "is busy" in str(error)


class StoreOps(QObject):
    """Store writes on a worker thread with its own connection; answers come back as calls."""

    waitingChanged = Signal(bool)  # True: a write has been waiting a while; False: all done
    failed = Signal(str)  # a write without its own on_failed failed: the plain message

    def __init__(self, store_path: str | Path, parent: QObject | None = None, *,
                 wait_notice_ms: int = WAIT_NOTICE_MS) -> None:
        super().__init__(parent)
        self.store_path = store_target(store_path)  # a file, or a PostgreSQL connection string
        self._worker = BackgroundWorker("imr-desk store writes", self._open_store, Store.close, self)
        self._worker.answered = self._on_answered
        self._after: list[Callable[[], None]] = []
        self._waiting = False
        self._quiet = 0  # quiet writes submitted and not answered yet (not counted as pending)
        self._wait_timer = QTimer(self, singleShot=True, interval=wait_notice_ms)
        self._wait_timer.timeout.connect(self._on_slow)
        application = QCoreApplication.instance()
        if application is not None:  # a safety net: queued writes finish before the process ends
            application.aboutToQuit.connect(self.shutdown)

    def submit(self, write: Callable[[Store], Result], on_done: Callable[[Result], None] | None = None,
               on_failed: Callable[[StoreError | ValueError], None] | None = None) -> None:
        """Queue `write(store)` for the worker; `on_done` / `on_failed` hear how it went."""
        if self.is_idle():
            self._wait_timer.start()
        self._worker.submit(lambda store: self._write(store, write), on_done,
                            lambda error: self._fail(error, on_failed))

    def submit_quietly(self, write: Callable[[Store], object]) -> None:
        """Queue `write(store)` without counting it as pending (see the module's docstring)."""
        self._quiet += 1
        self._worker.submit(write, lambda _result: self._quiet_answered(None),
                            self._quiet_answered)

    def _quiet_answered(self, error: BaseException | None) -> None:
        self._quiet -= 1
        if error is not None:
            log.info("a background write to the store %s failed: %s", self.store_path, error)

    def is_idle(self) -> bool:
        """True when every write submitted has been done and answered."""
        return not self.pending()

    def pending(self) -> int:
        """Writes submitted and not answered yet (quiet ones not counted)."""
        return max(0, self._worker.pending() - self._quiet)

    def is_waiting(self) -> bool:
        """True while a write has been waiting longer than the notice delay."""
        return self._waiting

    def after_pending(self, callback: Callable[[], None]) -> None:
        """Call `callback` once the writes submitted so far are answered (now, if there are none)."""
        if self.is_idle():
            callback()
        else:
            self._after.append(callback)

    def shutdown(self) -> None:
        """Finish the queued writes, then stop the worker and close its connection."""
        self._worker.shutdown()
        self._quiet = 0  # their answers were dropped with the others'
        self._wait_timer.stop()
        self._after.clear()

    # --- the worker thread ----------------------------------------------------------------

    def _open_store(self) -> Store:
        return Store(self.store_path)

    def _write(self, store: Store, write: Callable[[Store], Result]) -> Result:
        for attempt in range(1, BUSY_ATTEMPTS + 1):
            try:
                return write(store)
            except StoreError as error:
                if attempt == BUSY_ATTEMPTS or not is_busy(error):
                    raise
                log.info("store %s busy; trying the write again (%d of %d)", self.store_path,
                         attempt + 1, BUSY_ATTEMPTS)
        raise AssertionError("unreachable")

    # --- the UI thread --------------------------------------------------------------------

    def _fail(self, error: BaseException,
              on_failed: Callable[[StoreError | ValueError], None] | None) -> None:
        if not isinstance(error, (StoreError, ValueError)):
            log.error("store write failed unexpectedly", exc_info=error)
            error = StoreError(f"The change could not be saved in the store {self.store_path} "
                               f"({type(error).__name__}: {error}).")
        if on_failed is not None:
            on_failed(error)
        else:
            self.failed.emit(str(error))

    def _on_slow(self) -> None:
        if not self.is_idle() and not self._waiting:
            self._waiting = True
            self.waitingChanged.emit(True)

    def _on_answered(self) -> None:
        if not self.is_idle():
            if not self._waiting:
                self._wait_timer.start()  # the next write gets its own grace period
            return
        self._wait_timer.stop()
        if self._waiting:
            self._waiting = False
            self.waitingChanged.emit(False)
        callbacks, self._after = self._after, []
        for callback in callbacks:
            callback()


# --- note edits, named for the window's edit flow (the facade's NoteMethods) ----------------

def edit_note(store: Store, letter_id: int, annotation_id: int, note: str, tag: str | None, *,
              expected_version: ExpectedVersion) -> HistoryEntry | None:
    """Change a note's text and tag (undoable); None when both are as they were."""
    return store.edit_annotation(letter_id, annotation_id, note, tag=tag, expected_version=expected_version)


def highlight_span(store: Store, letter_id: int, span: Span, *, tag: str | None = None,
                   regions: list[Region] | None = None,
                   expected_version: ExpectedVersion) -> tuple[Annotation, HistoryEntry]:
    """Highlight a span of the letter without a note (undoable)."""
    return store.highlight(letter_id, span, tag=tag, regions=regions, expected_version=expected_version)


def used_note_tags(store: Store) -> list[str]:
    """The tags of the store's notes, most used first (a read: fine on the UI thread's store);
    none when the store cannot say (the note editor then offers only the tags typed)."""
    try:
        return store.used_tags()
    except StoreError:
        return []


# --- deadline edits (the facade's DeadlineMethods) ------------------------------------------

def enter_service(store: Store, letter_id: int, entered: EnteredService, *,
                  expected_version: ExpectedVersion) -> HistoryEntry | None:
    """Store the service record entered for the letter's case (undoable); None when unchanged."""
    return store.set_service(letter_id, entered, expected_version=expected_version)


def mark_deadline(store: Store, letter_id: int, kind: str, status: DeadlineStatus, *,
                  expected_version: ExpectedVersion) -> HistoryEntry | None:
    """Mark a deadline of the letter's case done / dismissed / open (undoable)."""
    return store.set_deadline_status(letter_id, kind, status, expected_version=expected_version)
