"""Importing letters off the UI thread, with a cancellable progress dialog and a summary.

`ImportController.start(paths, parent)` runs the import in a worker `QThread` that opens its
OWN `Store(path)` (one thread owns a SQLite connection) and never touches a widget: progress
and the results come back through queued signals. `POOL_MIN_FILES` files or more are parsed
in the controller's `ImportPool` (worker processes, one per core, started on the first such
import and kept until `shutdown()`; once they are up, any import of 2 files or more uses them);
the thread only reads, hashes and stores, so the window's UI thread keeps its core. Fewer
files (one letter dropped on the window) are imported in the thread itself, which is quicker
than starting the pool. Cancel asks the import to stop after
the letters under way, so no letter is ever half written. When the run ends,
`finished(results)` carries every `ImportResult` and `ImportSummaryDialog` lists what was
imported, what was already in the store and what failed, with each file's plain message.
"""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressDialog,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from imr_desk.core.store import ImportResult, Store, StoreError
from imr_desk.core.store.connection import store_target
from imr_desk.core.store.import_pool import POOL_MIN_FILES, WINDOW_NICENESS, ImportPool
from imr_desk.core.store.importing import letter_files

PROGRESS_DIALOG_DELAY_MS = 400
# A letter being parsed is finished; one being OCR'd is dropped at the next page (never half stored).
STOPPING_TEXT = "Stopping… letters already imported are kept."

# ImportResult.status -> the summary's group title, in the order the groups are listed
STATUS_GROUPS = {
    "error": "Could not be imported",
    "imported": "Imported",
    "copy": "Copies of cases already in the store",
    "duplicate": "Already in the store",
    "cancelled": "Stopped part-way, not stored",
}


class _ImportThread(QThread):
    """Runs one import in its own thread with its own store connection; only emits values."""

    progressed = Signal(int, int, str)
    completed = Signal(object)  # list[ImportResult]
    failed = Signal(str)

    def __init__(
        self, store_path: Path | str, paths: list[str], stop: threading.Event, parent: QObject,
        pool: ImportPool | None = None,
    ) -> None:
        super().__init__(parent)
        self._store_path = store_path
        self._paths = paths
        self._stop = stop
        self._pool = pool

    def run(self) -> None:
        files, _missing = letter_files([Path(path) for path in self._paths])
        pool = self._pool if self._pool is not None and use_pool(self._pool, len(files)) else None
        load_import_modules(parser=pool is None)
        try:
            store = Store(self._store_path)
        except StoreError as error:
            self.failed.emit(str(error))
            return
        try:
            if pool is None:
                results = store.import_paths(self._paths, progress=self._report, cancelled=self._stop.is_set)
            else:
                with store.plain_errors():
                    results = pool.import_paths(
                        store.connection, [Path(path) for path in self._paths], progress=self._report,
                        cancelled=self._stop.is_set,
                    )
        except StoreError as error:
            self.failed.emit(str(error))
            return
        except Exception as error:
            self.failed.emit(
                f"The import stopped on an unexpected error ({type(error).__name__}: {error}). "
                "Letters imported before it are kept; the rest were not imported."
            )
            return
        finally:
            store.close()
        self.completed.emit(list(results))

    def _report(self, done: int, total: int, message: str) -> None:
        self.progressed.emit(done, total, message)


def use_pool(pool: ImportPool, files: int) -> bool:
    """Parse in the worker processes: from `POOL_MIN_FILES` files on, or from 2 once the workers
    are up (an earlier import started them: no start-up to pay)."""
    return files >= POOL_MIN_FILES or (files >= 2 and pool.is_started())


def load_import_modules(*, parser: bool = True) -> None:
    """Load the parser and pymupdf (if not yet; `parser=False`: only the letter model, for
    letters parsed in worker processes), then take them out of the cyclic GC's scans.

    The window starts without them (they cost ~0.3 s); the worker loads them. Left in the
    young generations, their ~30,000 objects would be scanned by every full collection during
    the import (12–18 ms of CPU each, with the GIL held, so the window waits), and pymupdf
    would otherwise be loaded halfway through the first letter. `gc.freeze()` moves everything
    alive now out of those scans, as after start-up and after each import.
    """
    import imr_desk.core.model  # (what the workers send back)

    if parser:
        import pymupdf  # noqa: F401

        import imr_desk.core.parsing.letters  # noqa: F401  (the parser)
    gc.freeze()


class ImportController(QObject):
    """Imports files and folders into the store at `store_path` without freezing the window.

    Paths given while an import runs are imported right after it. `jobs` worker processes
    parse large imports (default: one per core; 1: everything in the thread). Call
    `shutdown()` before the window closes: it cancels, waits for the letters under way and
    ends the worker processes.
    """

    progress = Signal(int, int, str)
    finished = Signal(list)  # list[ImportResult] of one run
    failed = Signal(str)  # the store could not be opened or the run broke off

    def __init__(
        self, store_path: str | Path, parent: QObject | None = None, *, show_summary: bool = True,
        jobs: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._store_path = store_target(store_path)
        jobs = jobs or os.cpu_count() or 1
        self.pool: ImportPool | None = ImportPool(jobs, niceness=WINDOW_NICENESS) if jobs > 1 else None
        self._show_summary = show_summary
        self._thread: _ImportThread | None = None
        self._stop = threading.Event()
        self._pending: list[str] = []
        self.progress_dialog: QProgressDialog | None = None  # while a run is under way
        self._parent_widget: QWidget | None = None
        self.summary_dialog: ImportSummaryDialog | None = None
        application = QCoreApplication.instance()
        if application is not None:  # a safety net: never leave a running thread at exit
            application.aboutToQuit.connect(self.shutdown)

    def is_running(self) -> bool:
        return self._thread is not None

    def start(self, paths: list[str], parent_widget: QWidget) -> None:
        """Import `paths` (files or folders); the progress dialog is a child of `parent_widget`."""
        if not paths:
            return
        if self._thread is not None:
            self._pending.extend(str(path) for path in paths)
            return
        self._parent_widget = parent_widget
        self._stop.clear()
        self.progress_dialog = self._make_dialog(parent_widget, len(paths))
        thread = _ImportThread(self._store_path, [str(path) for path in paths], self._stop, self, self.pool)
        thread.progressed.connect(self._on_progress)
        thread.completed.connect(self._on_completed)
        thread.failed.connect(self._on_failed)
        self._thread = thread
        thread.start()

    def cancel(self) -> None:
        """Stop at the next safe point (and drop paths waiting their turn); see STOPPING_TEXT."""
        if self._thread is None:
            return
        self._pending.clear()
        self._stop.set()
        if self.progress_dialog is not None:
            self.progress_dialog.setLabelText(STOPPING_TEXT)
            self.progress_dialog.setRange(0, 0)
            self.progress_dialog.setCancelButtonText("Stopping…")
            self.progress_dialog.show()

    def was_cancelled(self) -> bool:
        return self._stop.is_set()

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel and wait for the worker (window closing), then end the worker processes;
        True when it has stopped."""
        self.cancel()
        thread = self._thread
        stopped = thread is None or thread.wait(timeout_ms)
        if stopped and self.pool is not None:
            self.pool.close()  # started again by the next large import, if any
        return stopped

    # -- internals ----------------------------------------------------------------------
    def _make_dialog(self, parent_widget: QWidget, path_count: int) -> QProgressDialog:
        dialog = QProgressDialog("Looking for letters…", "Cancel", 0, 0, parent_widget)
        dialog.setWindowTitle("Importing letters")
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(PROGRESS_DIALOG_DELAY_MS)
        dialog.setMinimumWidth(dialog.fontMetrics().averageCharWidth() * 60)
        dialog.setAccessibleName(f"Importing {path_count} item(s)")
        dialog.canceled.connect(self.cancel)
        dialog.setValue(0)
        return dialog

    def _on_progress(self, done: int, total: int, message: str) -> None:
        dialog = self.progress_dialog
        if dialog is not None and not self._stop.is_set():
            dialog.setRange(0, max(total, 1))
            dialog.setValue(min(done, total))
            dialog.setLabelText(progress_text(done, total, message))
        self.progress.emit(done, total, message)

    def _on_completed(self, results: list[ImportResult]) -> None:
        cancelled = self._stop.is_set()
        self._end_run()
        self.finished.emit(results)
        if self._show_summary and should_show_summary(results, cancelled):
            self._show_summary_dialog(ImportSummaryDialog(results, cancelled=cancelled, parent=self._parent_widget))
        self._start_pending()

    def _on_failed(self, message: str) -> None:
        self._end_run()
        self.failed.emit(message)
        self.finished.emit([])
        if self._show_summary:
            self._show_summary_dialog(ImportSummaryDialog([], failure=message, parent=self._parent_widget))
        self._start_pending()

    def _show_summary_dialog(self, dialog: ImportSummaryDialog) -> None:
        """Open `dialog` in place of the previous summary, which is closed and freed (unparented,
        its last reference dropped), so summaries do not pile up in the window over a day."""
        previous, self.summary_dialog = self.summary_dialog, dialog
        if previous is not None:
            previous.close()
            previous.setParent(None)
        dialog.open()

    def _end_run(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.wait()
            thread.deleteLater()
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self.cancel)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _start_pending(self) -> None:
        if self._pending and self._parent_widget is not None:
            paths, self._pending = self._pending, []
            self.start(paths, self._parent_widget)


def progress_text(done: int, total: int, message: str) -> str:
    """'Letter 12 of 240' over the store's own line ('Importing CM17-0003192.pdf', OCR pages)."""
    if total <= 0 or done >= total:
        return message or "Looking for letters…"
    return f"Letter {done + 1} of {total}\n{message}" if message else f"Letter {done + 1} of {total}"


def should_show_summary(results: list[ImportResult], cancelled: bool) -> bool:
    """One new letter opened without trouble needs no summary; anything else (a failure, or a
    copy of a case already stored, which says so) gets one."""
    return cancelled or len(results) != 1 or results[0].status in ("error", "copy")


def summary_headline(results: list[ImportResult], cancelled: bool) -> str:
    """'12 imported · 3 already in the store · 1 could not be imported'."""
    counts = {status: sum(1 for r in results if r.status == status) for status in STATUS_GROUPS}
    parts = [f"{counts['imported']} imported"]
    if counts["copy"]:
        many = f"{counts['copy']} copies of cases already in the store"
        parts.append(_copies_text(results) if counts["copy"] == 1 else many)
    if counts["duplicate"]:
        parts.append(f"{counts['duplicate']} already in the store")
    if counts["error"]:
        parts.append(f"{counts['error']} could not be imported")
    if counts["cancelled"]:
        parts.append(f"{counts['cancelled']} stopped part-way")
    headline = " · ".join(parts)
    return f"Import cancelled. {headline}." if cancelled else f"{headline}."


def import_status_text(results: list[ImportResult]) -> str:
    """The status-bar line after an import: 'Imported 3 letter(s).', with the copies it found."""
    imported = sum(1 for r in results if r.status == "imported")
    copies = [r for r in results if r.status == "copy"]
    text = f"Imported {imported} letter(s)."
    if len(copies) == 1:
        text += f" C{_copies_text(copies)[1:]}: stored as one more copy of the case."
    elif copies:
        text += f" {len(copies)} copies of cases already in the store: stored with their cases."
    return text


def _copies_text(results: list[ImportResult]) -> str:
    """'copy of CM16-0229336 already in the store' for the one copy an import stored."""
    case = next(r.case_number for r in results if r.status == "copy")
    return f"copy of {case or 'a case'} already in the store"


class ImportSummaryDialog(QDialog):
    """What an import did: failed files first (name and plain message), then the rest."""

    def __init__(
        self,
        results: list[ImportResult],
        *,
        cancelled: bool = False,
        failure: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import failed" if failure else "Import cancelled" if cancelled else "Import finished")
        headline = QLabel(failure or summary_headline(results, cancelled), self)
        headline.setWordWrap(True)
        headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = headline.font()
        font.setBold(True)
        headline.setFont(font)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["File", "Case number or problem"])
        self.tree.setRootIsDecorated(True)
        self.details = QLabel(self)  # the selected row's full path and message, however long
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree.currentItemChanged.connect(self._show_details)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.tree.setAccessibleName("Import results")
        for status, title in STATUS_GROUPS.items():
            group_results = [r for r in results if r.status == status]
            if group_results:
                self._add_group(status, title, group_results)
        has_rows = self.tree.topLevelItemCount() > 0
        self.tree.setVisible(has_rows)
        first_group = self.tree.topLevelItem(0) if has_rows else None
        if first_group is not None:
            first_result = first_group.child(0)  # None when the group is empty
            self.tree.setCurrentItem(first_result if first_result is not None else first_group)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(headline)
        if cancelled:
            layout.addWidget(QLabel("Files after the last one listed were not looked at.", self))
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(720, 420 if has_rows else 140)

    def _add_group(self, status: str, title: str, results: list[ImportResult]) -> None:
        group = QTreeWidgetItem(self.tree, [f"{title} ({len(results)})", ""])
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFirstColumnSpanned(True)
        for result in results:
            name = Path(str(result.path)).name
            if status in ("error", "cancelled"):
                detail = result.message
            elif status == "copy":
                detail = f"copy of {result.case_number or 'a case'} already in the store"
            else:
                detail = result.case_number or result.message or ""
            item = QTreeWidgetItem(group, [name, detail])
            item.setToolTip(0, str(result.path))
            item.setToolTip(1, detail)
        group.setExpanded(status == "error" or len(results) <= 20)

    def _show_details(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if item is None or item.parent() is None:
            self.details.clear()
            return
        self.details.setText(f"{item.toolTip(0)}\n{item.toolTip(1)}" if item.toolTip(1) else item.toolTip(0))

    def group_counts(self) -> dict[str, int]:
        """How many files each group lists, e.g. ``{"Imported": 12, "Already in the store": 3}``."""
        groups = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return {group.text(0).rsplit(" (", 1)[0]: group.childCount() for group in groups if group is not None}
