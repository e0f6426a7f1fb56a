"""One worker thread that runs jobs in order and hands each answer back on the UI thread.

`BackgroundWorker(open_context, close_context)` starts its thread on the first `submit()`; the
thread first calls `open_context()` (e.g. opens its own `Store`: an SQLite connection belongs to
the thread that made it) and passes the result to every job. `submit(job, on_done, on_failed)`
queues `job(context)`; its return value goes to `on_done(value)`, or the exception it raised to
`on_failed(error)`, both called on the UI thread through a queued signal, in submission order.
The thread never touches a widget, and nothing on the UI thread waits for it except
`shutdown()`, which lets the queued jobs finish, then stops the thread and closes the context.

A plain `threading.Thread` (daemon) rather than a QThread: a window deleted while a job runs
must not take the process down with "QThread destroyed while running".
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass
class _Job:
    number: int
    run: Callable[[Any], Any]
    on_done: Done | None
    on_failed: Failed | None


class _Relay(QObject):
    """Lives in the UI thread; the worker emits through it, so the answer arrives queued."""

    answered = Signal(int, bool, object)  # job number, succeeded, value or exception


class BackgroundWorker(QObject):
    """Jobs run one at a time, oldest first, on one thread that owns `open_context()`'s result."""

    def __init__(
        self,
        name: str,
        open_context: Callable[[], Any],
        close_context: Callable[[Any], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._name = name
        self._open_context = open_context
        self._close_context = close_context
        self._jobs: dict[int, _Job] = {}
        self._numbers = itertools.count(1)
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._relay = _Relay(self)
        self._relay.answered.connect(self._on_answered, Qt.ConnectionType.QueuedConnection)
        self.answered: Callable[[], None] | None = None  # called after every answer is handed on

    def submit(self, run: Callable[[Any], Any], on_done: Done | None = None,
               on_failed: Failed | None = None) -> None:
        """Queue `run(context)`; its answer reaches `on_done` / `on_failed` on the UI thread."""
        job = _Job(next(self._numbers), run, on_done, on_failed)
        self._jobs[job.number] = job
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name=self._name, daemon=True)
            self._thread.start()
        self._queue.put(job)

    def pending(self) -> int:
        """Jobs submitted whose answer has not been handed on yet."""
        return len(self._jobs)

    def shutdown(self) -> None:
        """Let the queued jobs finish (their answers are dropped), then stop the thread."""
        thread, self._thread = self._thread, None
        if thread is not None and thread.is_alive():
            self._queue.put(None)
            thread.join()
        self._jobs.clear()

    # --- the worker thread ----------------------------------------------------------------

    def _work(self) -> None:
        context: Any = None
        opened = False
        try:
            while (job := self._queue.get()) is not None:
                try:
                    if not opened:
                        context, opened = self._open_context(), True
                    succeeded, value = True, job.run(context)
                except Exception as error:
                    succeeded, value = False, error
                try:
                    self._relay.answered.emit(job.number, succeeded, value)
                except RuntimeError:  # the window has gone: nobody waits for the answer
                    log.info("%s: answer of job %s dropped (receiver deleted)", self._name, job.number)
        finally:
            if opened and self._close_context is not None:
                self._close_context(context)

    # --- the UI thread --------------------------------------------------------------------

    def _on_answered(self, number: int, succeeded: bool, value: object) -> None:
        job = self._jobs.pop(number, None)
        if job is None:
            return
        try:
            if succeeded and job.on_done is not None:
                job.on_done(value)
            elif not succeeded:
                assert isinstance(value, Exception)  # a failed job's answer is the exception it raised
                if job.on_failed is None:
                    raise value  # nobody handles it: the excepthook shows it
                job.on_failed(value)
        finally:
            if self.answered is not None:
                self.answered()
