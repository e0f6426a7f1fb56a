"""Importing many letter files with their reading and parsing spread over the machine's cores.

`ImportPool(jobs)` keeps a `ProcessPoolExecutor` of `jobs` worker processes (default: the
cores), started with "forkserver" (else "spawn") — never "fork", which would copy a Qt
window's threads and locks. Each worker (at a lower priority for the window:
`WINDOW_NICENESS`) has pymupdf (MuPDF's messages kept off standard output) and the parser
loaded once (preloaded by the fork server), then turns (path, name, bytes) into a picklable `ParseOutcome`: the
analysed `Letter` and its page layout, or the file's `LetterError` (code and message), plus
the log lines it wrote, which the calling process logs as its own.

`ImportPool.import_paths(connection, paths)` gives exactly what `importing.import_paths` gives
(the same letters, copies and duplicates, the same messages naming each bad file) but only the
parsing runs in the workers: the calling thread reads each file, hashes it (bytes already in
the store, or earlier in this batch, are never parsed), and writes the letters with
`importing.store_prepared`, one transaction each (the workers did `importing.prepare_letter`:
the JSON texts and their compression), in INPUT order, so copies of one case become
copies of record in the order the files were named, as a serial import does. At most
`2 × jobs + 2` files are read ahead. Stop (`cancelled()`) stops reading ahead, drops the files
not started, and asks workers to drop an OCR at its next page; letters already parsed are
stored whole. A worker that dies (a crash in MuPDF, memory) costs only its own file: the files
it shared the pool with are read again one at a time, and the one that kills a worker again
gets an "error" result saying so — never a traceback. What runs in a worker is
``pool_worker``'s; while the pool waits for a file, the pages its worker reports (an OCR, page
by page) are shown as a serial import shows them ("scan.pdf: OCR of page 2 of 5").
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imr_desk.core.model import LetterError
from imr_desk.core.reading.document import CancelCheck, ProgressCallback, sha256_hex
from imr_desk.core.reading.files import display_name, read_file_bytes
from imr_desk.core.store.connection import StoreConnection
from imr_desk.core.store.importing import (
    SAME_BYTES,
    ImportResult,
    duplicate_result,
    failed_result,
    letter_files,
    store_prepared,
    stored_result,
)
from imr_desk.core.store.pool_worker import (
    ParseFunction,
    ParseOutcome,
    parse_letter_file,
    pool_context,
    start_worker,
    unexpected_error_message,
)
from imr_desk.core.store.rows import current_user, utc_now

# From this many letter files on, a pool pays for itself: starting it (the forkserver, then each
# worker loading pymupdf and the parser) costs about what one process needs to import this many
# letters (docs/performance.md, "Parallel import"). Fewer are imported in the calling process.
POOL_MIN_FILES = 8
CANCEL_POLL_SECONDS = 0.1  # how often a wait for a worker looks at Stop
# The window's workers run "nicer" than the window (`ImportPool(niceness=)`): its UI thread and
# the thread storing the letters get a core first, the parsing takes what is left. The command
# line's run at its own priority: on a machine busy with other work, niced workers would starve.
WINDOW_NICENESS = 5
CRASHED = "the program reading it stopped unexpectedly (a crash); it was not imported"
PROGRESS_BACKLOG = 1_000  # progress messages the workers may get ahead of the pool by (then dropped)


def unexpected_error_result(path: Path, error: BaseException) -> ImportResult:
    """The "error" result of a file that met a bug; the batch goes on."""
    return failed_result(path, LetterError("unreadable", unexpected_error_message(display_name(path), error)))


@dataclass
class _Pending:
    """One file of the batch, from being read to being stored."""

    path: Path
    name: str
    data: bytes = b""
    sha256: str = ""
    result: ImportResult | None = None  # known without parsing (an unreadable file)
    needs_parse: bool = False  # read, and its bytes are new
    future: Future[ParseOutcome] | None = None
    suspect: bool = False  # shared the pool with a worker that died: read again on its own


class ImportPool:
    """Worker processes for parsing letters, reused from one import to the next; `close()` ends them."""

    def __init__(
        self, jobs: int | None = None, *, parse: ParseFunction = parse_letter_file, niceness: int = 0
    ) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.niceness = niceness
        self._parse = parse
        self._context = pool_context()
        self._stop: Any = None  # the workers' Stop event, made with the first workers (a semaphore
        # of a fork server context starts multiprocessing's resource tracker: not at window start)
        self._progress: Any = None  # the workers' progress queue ((path, message)), made with it
        self._latest: dict[str, str] = {}  # each file's latest progress message from its worker
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._packed = True  # the store of the import under way keeps packed cells (SQLite)

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                if self._stop is None:
                    self._stop = self._context.Event()
                if self._progress is None:  # new with the workers after a crash (it may hold its lock)
                    self._progress = self._context.Queue(PROGRESS_BACKLOG)
                self._executor = ProcessPoolExecutor(
                    self.jobs, mp_context=self._context, initializer=start_worker,
                    initargs=(self._stop, logging.getLogger().getEffectiveLevel(), self.niceness, self._progress),
                )
            return self._executor

    def is_started(self) -> bool:
        """True while worker processes are up (after an import used them, until `close()`)."""
        return self._executor is not None

    def start(self) -> None:
        """Start the workers now (each loads the parser), so the first import need not wait."""
        executor = self._pool()
        for _ in range(self.jobs):
            executor.submit(int)

    def _restart(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
            self._progress = None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop any OCR under way and end the worker processes."""
        self._ask_workers_to_stop()
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def _ask_workers_to_stop(self) -> None:
        if self._stop is not None:
            self._stop.set()

    def __enter__(self) -> ImportPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- one import -------------------------------------------------------------------------
    def import_paths(
        self, connection: StoreConnection, paths: list[Path], *, progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None, on_result: Callable[[ImportResult], None] | None = None,
    ) -> list[ImportResult]:
        """Import files and folders as `importing.import_paths` does (see the module docstring)."""
        files, results = letter_files(paths)
        self._packed = not connection.is_postgres
        for result in results:
            if on_result is not None:
                on_result(result)
        if self._stop is not None:
            self._stop.clear()
        stopped: CancelCheck = cancelled or (lambda: False)
        waiting: deque[Path] = deque(files)
        window: deque[_Pending] = deque()
        batch_hashes: set[str] = set()
        total, done = len(files), 0
        try:
            while waiting or window:
                if stopped():
                    self._ask_workers_to_stop()  # workers drop an OCR at its next page
                    waiting.clear()  # files not started are not looked at, as in a serial import
                    window = deque(p for p in window if p.future is not None and not p.future.cancel())
                    if not window:
                        break
                else:
                    self._read_ahead(connection, waiting, window, batch_hashes)
                pending = window.popleft()
                if progress is not None:
                    progress(done, total, f"Importing {pending.name}")
                shown = None if progress is None else self._shown_progress(progress, done, total, pending)
                result = self._finish(connection, pending, window, stopped, shown)
                self._latest.pop(str(pending.path), None)
                results.append(result)
                if on_result is not None:
                    on_result(result)
                done += 1
        finally:
            for pending in window:
                if pending.future is not None:
                    pending.future.cancel()
        if progress is not None:
            progress(done, total, "Import finished" if done == total else "Import cancelled")
        return results

    def _read_ahead(
        self, connection: StoreConnection, waiting: deque[Path], window: deque[_Pending], batch_hashes: set[str],
    ) -> None:
        """Read files into the window (up to 2 × jobs + 2) and hand the new ones to the workers."""
        while waiting and len(window) < 2 * self.jobs + 2:
            path = waiting.popleft()
            pending = _Pending(path, display_name(path))
            window.append(pending)
            try:
                pending.data = read_file_bytes(path, pending.name)
            except LetterError as error:
                pending.result = failed_result(path, error)
                continue
            pending.sha256 = sha256_hex(pending.data)
            if pending.sha256 in batch_hashes or connection.one(SAME_BYTES, [pending.sha256]) is not None:
                continue  # a duplicate: decided at its turn, never parsed
            batch_hashes.add(pending.sha256)
            pending.needs_parse = True
        self._feed(window)

    def _feed(self, window: deque[_Pending]) -> None:
        """Hand waiting files to the workers, unless a suspect is still to be read on its own."""
        if any(p.suspect for p in window):
            return
        for pending in window:
            if pending.needs_parse and pending.future is None:
                try:
                    pending.future = self._submit(pending)
                except BrokenProcessPool:
                    return  # a worker died: the file awaited first finds out, and sorts it out

    def _submit(self, pending: _Pending) -> Future[ParseOutcome]:
        return self._pool().submit(self._parse, str(pending.path), pending.name, pending.data, self._packed)

    def _shown_progress(self, progress: ProgressCallback, done: int, total: int,
                        pending: _Pending) -> Callable[[], None]:
        """What the wait for `pending` calls every `CANCEL_POLL_SECONDS`: the workers' messages
        read, and the file's own latest one shown as a serial import shows it."""
        key, shown = str(pending.path), [""]

        def show() -> None:
            self._read_progress()
            message = self._latest.get(key, "")
            if message and message != shown[0]:
                shown[0] = message
                progress(done, total, f"{pending.name}: {message}")
        return show

    def _read_progress(self) -> None:
        while self._progress is not None:
            try:
                path, message = self._progress.get_nowait()
            except (queue.Empty, OSError, ValueError):
                return
            self._latest[path] = message

    def _finish(
        self, connection: StoreConnection, pending: _Pending, window: deque[_Pending], stopped: CancelCheck,
        shown: Callable[[], None] | None = None,
    ) -> ImportResult:
        """Store the head of the window once it is parsed (or say why it is not stored)."""
        if pending.result is not None:
            return pending.result
        existing = connection.one(SAME_BYTES, [pending.sha256])
        if existing is not None:
            if pending.future is not None:
                pending.future.cancel()
            return duplicate_result(pending.path, existing)
        while True:
            try:
                if pending.future is None:  # a suspect alone, or bytes whose earlier twin failed
                    pending.future = self._submit(pending)
                outcome = self._outcome(pending.future, stopped, shown)
                break
            except BrokenProcessPool:
                self._restart()
                if pending.suspect:  # it killed a worker again, alone: this file is the cause
                    pending.suspect = False
                    self._feed(window)
                    return failed_result(pending.path, LetterError("unreadable", f"{pending.name}: {CRASHED}."))
                pending.future, pending.suspect = None, True
                for other in window:  # each file the dead pool held is read again on its own
                    if other.future is not None:
                        other.future, other.suspect = None, True
        pending.suspect = False
        self._feed(window)
        return self._store(connection, pending, outcome)

    def _outcome(self, future: Future[ParseOutcome], stopped: CancelCheck,
                 shown: Callable[[], None] | None = None) -> ParseOutcome:
        while True:
            finished, _ = wait([future], timeout=CANCEL_POLL_SECONDS, return_when=FIRST_COMPLETED)
            if finished:
                return future.result()
            if shown is not None:
                shown()
            if stopped():
                self._ask_workers_to_stop()  # the worker drops an OCR at its next page

    def _store(self, connection: StoreConnection, pending: _Pending, outcome: ParseOutcome) -> ImportResult:
        for logger_name, level, text in outcome.log_lines:
            logging.getLogger(logger_name).log(level, "%s", text)
        path = pending.path
        prepared = outcome.prepared
        if prepared is None:
            message = outcome.error_message or f"{pending.name}: could not be read."
            error = LetterError(outcome.error_code or "unreadable", message)
            if outcome.cancelled:
                return ImportResult(str(path), "cancelled", None, None, error, error.message)
            return failed_result(path, error)
        letter = prepared.letter
        try:
            letter_id = store_prepared(connection, prepared, imported_by=current_user(), imported_at=utc_now())
        except UnicodeEncodeError as error:  # the store cannot hold the file's name as it is
            return unexpected_error_result(path, error)
        except Exception as error:
            if not connection.is_integrity_error(error):
                raise
            existing = connection.one(SAME_BYTES, [pending.sha256])  # another desk stored it meanwhile
            if existing is None:
                raise
            return duplicate_result(path, existing)
        return stored_result(connection, path, letter, letter_id)

