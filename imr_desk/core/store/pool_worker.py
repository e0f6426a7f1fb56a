"""What runs in an `import_pool.ImportPool` worker process: reading and parsing one letter file.

A worker starts (`start_worker`) at the niceness the pool asks, keeps the pool's Stop event and
its progress queue, collects its log lines (the calling process logs them as its own) and has
pymupdf and the parser loaded (the fork server preloads `WORKER_PRELOAD`; `pool_context` never
forks a process with a Qt window's threads). `parse_letter_file` turns (path, name, bytes) into
a picklable `ParseOutcome`: the analysed letter prepared for the store, or the file's
`LetterError`. An OCR'd letter says where it is, page by page (`report_progress`): each
message goes on the queue as (path, message), never blocking the worker, and the pool shows
the one of the file it is waiting for ("scan.pdf: OCR of page 2 of 5"), as a serial import
does.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import queue
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imr_desk.core.model import LetterError
from imr_desk.core.reading.document import sha256_hex
from imr_desk.core.store.importing import PreparedLetter, prepare_letter


def unexpected_error_message(name: str, error: BaseException) -> str:
    """The message for a file that met a bug (in the parser, or a name the store cannot hold)."""
    if isinstance(error, UnicodeEncodeError):
        return f"{name}: could not be stored because its name is not valid UTF-8; rename the file and import it again."
    return f"{name}: could not be imported because of an unexpected error ({type(error).__name__})."


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
_worker_progress: Any = None  # the pool's progress queue, in a worker process
_worker_log: list[tuple[str, int, str]] = []


class _CollectLog(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        _worker_log.append((record.name, record.levelno, record.getMessage()))


def start_worker(stop: Any, log_level: int, niceness: int, progress: Any = None) -> None:
    """A worker's start: lower its priority by `niceness`, keep the Stop event and the progress
    queue, collect log lines, load pymupdf and the parser (already loaded when the fork server
    preloaded them)."""
    global _worker_stop, _worker_progress
    _worker_stop, _worker_progress = stop, progress
    if progress is not None:
        progress.cancel_join_thread()  # a worker ending never waits for messages nobody reads
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


def report_progress(path: str, message: str) -> None:
    """Tell the pool where the worker is with the file `path` (nothing outside a pool's worker)."""
    if _worker_progress is None:
        return
    try:
        _worker_progress.put_nowait((path, message))
    except (queue.Full, OSError, ValueError):
        pass  # progress is a courtesy: the letter is read all the same


def parse_letter_file(path: str, name: str, data: bytes, packed: bool) -> ParseOutcome:
    """Read and analyse one letter's bytes as `importing.import_file` does, and prepare it for a
    store that keeps `packed` cells (SQLite) or plain ones (run in a worker)."""
    from imr_desk.core.analysis.analyse import read_letter
    from imr_desk.core.ocr.pages import OCRCancelled

    _worker_log.clear()
    try:
        letter, document = read_letter(
            Path(path), display_name=name, data=data, cancelled=_stop_requested,
            progress=lambda _done, _total, message: report_progress(path, message),
        )
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
