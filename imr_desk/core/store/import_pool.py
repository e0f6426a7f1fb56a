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
gets an "error" result saying so — never a traceback.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imr_desk.core.model import LetterError
from imr_desk.core.reading.document import CancelCheck, ProgressCallback, sha256_hex
from imr_desk.core.reading.files import display_name, read_file_bytes
from imr_desk.core.store.connection import StoreConnection
from imr_desk.core.store.importing import (
    SAME_BYTES,
    ImportResult,
    PreparedLetter,
    duplicate_result,
    failed_result,
    letter_files,
    prepare_letter,
    store_prepared,
    stored_result,
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


def unexpected_error_message(name: str, error: BaseException) -> str:
    """The message for a file that met a bug (in the parser, or a name the store cannot hold)."""
    if isinstance(error, UnicodeEncodeError):
        return f"{name}: could not be stored because its name is not valid UTF-8; rename the file and import it again."
    return f"{name}: could not be imported because of an unexpected error ({type(error).__name__})."


def unexpected_error_result(path: Path, error: BaseException) -> ImportResult:
    """The "error" result of a file that met a bug; the batch goes on."""
    return failed_result(path, LetterError("unreadable", unexpected_error_message(display_name(path), error)))


@dataclass
class ParseOutcome:
    """What a worker made of one file (picklable): the analysed letter `prepared` for the store
    (`importing.prepare_letter`: JSON texts made, cells compressed for SQLite), or `error_code`
    and `error_message`; `cancelled` when Stop dropped its OCR; `log_lines` (logger, level, text)."""

    prepared: PreparedLetter | None = None
    error_code: str | None = None
    error_message: str | None = None
    cancelled: bool = False
    log_lines: list[tuple[str, int, str]] = field(default_factory=list)


ParseFunction = Callable[[str, str, bytes, bool], ParseOutcome]  # path, name, bytes, packed

_worker_stop: Any = None  # the pool's Stop event, in a worker process
_worker_log: list[tuple[str, int, str]] = []


class _CollectLog(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        _worker_log.append((record.name, record.levelno, record.getMessage()))


def start_worker(stop: Any, log_level: int, niceness: int) -> None:
    """A worker's start: lower its priority by `niceness`, keep the Stop event, collect log
    lines, load pymupdf and the parser (already loaded when the fork server preloaded them)."""
    global _worker_stop
    _worker_stop = stop
    if niceness and hasattr(os, "nice"):
        os.nice(niceness)
    root = logging.getLogger()
    root.handlers[:] = [_CollectLog()]
    root.setLevel(log_level)
    from imr_desk.core.analysis import analyse  # noqa: F401  (the parser, loaded once)
    from imr_desk.core.reading.pdf import quiet_pymupdf

    quiet_pymupdf()
    gc.freeze()  # the loaded modules live as long as the worker: out of every full collection's scan


def _stop_requested() -> bool:
    return _worker_stop is not None and bool(_worker_stop.is_set())


def parse_letter_file(path: str, name: str, data: bytes, packed: bool) -> ParseOutcome:
    """Read and analyse one letter's bytes as `importing.import_file` does, and prepare it for a
    store that keeps `packed` cells (SQLite) or plain ones (run in a worker)."""
    from imr_desk.core.analysis.analyse import read_letter
    from imr_desk.core.ocr.pages import OCRCancelled

    _worker_log.clear()
    try:
        letter, document = read_letter(Path(path), display_name=name, data=data, cancelled=_stop_requested)
        try:
            layout = document.layout_json()
        finally:
            document.close()
        letter.source.sha256 = sha256_hex(data)
        outcome = ParseOutcome(prepared=prepare_letter(letter, data, layout, packed=packed))
    except OCRCancelled as error:
        outcome = ParseOutcome(error_code=error.code, error_message=error.message, cancelled=True)
    except LetterError as error:
        outcome = ParseOutcome(error_code=error.code, error_message=error.message)
    except Exception as error:  # a parser bug met by one file must not cost the batch
        logging.getLogger(__name__).error("%s: unexpected error while reading", name, exc_info=True)
        outcome = ParseOutcome(error_code="unreadable", error_message=unexpected_error_message(name, error))
    outcome.log_lines = list(_worker_log)
    _worker_log.clear()
    return outcome


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


# What the fork server loads once, before forking workers: each worker starts with the parser
# and pymupdf already loaded (about 0.35 s of CPU each otherwise).
# (The parser loads pymupdf, and pymupdf its helpers, only when the first letter is read.)
WORKER_PRELOAD = ["pymupdf", "statistics", "zipfile", "tarfile", "imr_desk.core.analysis.analyse",
                  "imr_desk.core.reading.pdf"]


def pool_context() -> multiprocessing.context.BaseContext:
    """Forkserver where the platform has it (workers start quickly, the parser preloaded), else
    spawn; never fork."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_PRELOAD)  # taken when the fork server starts (once per process)
    return context


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
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._packed = True  # the store of the import under way keeps packed cells (SQLite)

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                if self._stop is None:
                    self._stop = self._context.Event()
                self._executor = ProcessPoolExecutor(
                    self.jobs, mp_context=self._context, initializer=start_worker,
                    initargs=(self._stop, logging.getLogger().getEffectiveLevel(), self.niceness),
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
                result = self._finish(connection, pending, window, stopped)
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

    def _finish(
        self, connection: StoreConnection, pending: _Pending, window: deque[_Pending], stopped: CancelCheck,
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
                outcome = self._outcome(pending.future, stopped)
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

    def _outcome(self, future: Future[ParseOutcome], stopped: CancelCheck) -> ParseOutcome:
        while True:
            finished, _ = wait([future], timeout=CANCEL_POLL_SECONDS, return_when=FIRST_COMPLETED)
            if finished:
                return future.result()
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

