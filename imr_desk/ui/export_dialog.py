"""File ▸ Export Letters…: JSON Lines or CSV of the selected or all letters, off the UI thread.

`ExportDialog` asks for the format (JSON Lines: one ``imr-desk/letter@1`` object per case;
CSV: one spreadsheet-safe row per decision, with the case summary, long cells cut with a
visible marker), which letters (the rows selected in the queue, or every case) and the file.
Export writes on a `BackgroundWorker` thread with its own `Store` connection, shows progress
letter by letter and can be stopped. The file is written atomically: a private temporary file
beside it (0600, like the store) renamed over it at the end, removed on failure or stop, so an
earlier file of that name is never half overwritten. The store file and its companions
(``-wal``, ``-shm``, ``-journal``) are refused as targets.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from imr_desk.core.store import Store, StoreError
from imr_desk.core.store.connection import store_target
from imr_desk.core.store.export import write_csv, write_jsonl
from imr_desk.ui.background import BackgroundWorker

FORMATS = {"jsonl": ("JSON Lines (*.jsonl)", ".jsonl"), "csv": ("CSV spreadsheet (*.csv)", ".csv")}
STORE_COMPANIONS = ("", "-wal", "-shm", "-journal")


class ExportStopped(Exception):
    """The user stopped the export; nothing was written."""


def target_problem(target: Path, store_path: Path | str) -> str | None:
    """Why the export may not write `target` (the store or a companion, a folder, no folder);
    a store on a database server has no file to protect."""
    resolved = target.expanduser().resolve()
    store = store_path.resolve() if isinstance(store_path, Path) else None
    for suffix in STORE_COMPANIONS if store is not None else ():
        if resolved == Path(f"{store}{suffix}"):
            return f"{target} is the store's own file; choose another file."
    if resolved.is_dir():
        return f"{target} is a folder; choose a file name."
    if not resolved.parent.is_dir():
        return f"The folder {resolved.parent} does not exist."
    return None


def write_export(store: Store, target: Path, export_format: str, letter_ids: list[int] | None,
                 progress: Callable[[int, int], None]) -> int:
    """Write the export through a private temporary file renamed over `target`; the count of
    letters (JSON Lines) or rows (CSV). Any failure removes the temporary file."""
    resolved = target.expanduser().resolve()
    descriptor, temporary = tempfile.mkstemp(prefix=f".{resolved.name}.", suffix=".part", dir=resolved.parent)
    writer = write_csv if export_format == "csv" else write_jsonl
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as fp, store.plain_errors():
            count = writer(store.connection, fp, letter_ids, progress=progress)
            fp.flush()
            os.fsync(fp.fileno())
        os.replace(temporary, resolved)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def selection_text(count: int) -> str:
    """'The 2 letters selected in the queue', 'The letter selected…', or none selected."""
    if count == 0:
        return "The letters selected in the queue (none is selected)"
    return "The letter selected in the queue" if count == 1 else f"The {count} letters selected in the queue"


class _Progress(QObject):
    """Carries the worker's progress to the UI thread (a queued signal)."""

    moved = Signal(int, int)


class ExportDialog(QDialog):
    """Choose format, letters and file; the export runs on a worker thread with progress."""

    finished_export = Signal(str)  # the file written

    def __init__(self, store_path: str | Path, selected_ids: list[int], total: int, *,
                 start_folder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Letters")
        self._store_path = store_target(store_path)
        self._selected = list(selected_ids)
        self._stop = threading.Event()
        self._running = False
        self._worker = BackgroundWorker("export", lambda: Store(self._store_path), lambda s: s.close(), self)
        self._progress = _Progress(self)
        self._progress.moved.connect(self._on_progress)
        self.jsonl = QRadioButton("JSON Lines — one letter@1 object per case, corrections applied", self)
        self.csv = QRadioButton("CSV — one row per decision, for spreadsheets (with the case summary)", self)
        self.jsonl.setChecked(True)
        self.selected = QRadioButton(selection_text(len(self._selected)), self)
        self.all = QRadioButton(f"All {total} cases in the store (each case once, as its copy of record)", self)
        self.selected.setEnabled(len(self._selected) > 0)
        (self.selected if len(self._selected) > 1 else self.all).setChecked(True)
        for group_buttons in ((self.jsonl, self.csv), (self.selected, self.all)):
            group = QButtonGroup(self)
            for button in group_buttons:
                group.addButton(button)
        self.path_edit = QLineEdit(str(Path(start_folder or Path.home()) / "imr-letters.jsonl"), self)
        self.path_edit.setAccessibleName("Export file")
        browse = QPushButton("&Choose…", self)
        browse.clicked.connect(self._browse)
        self.csv.toggled.connect(self._match_suffix)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.hide()
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton("&Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self._close_or_stop)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Format:", _column(self.jsonl, self.csv))
        form.addRow("Letters:", _column(self.selected, self.all))
        form.addRow("File:", path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(640, 260)

    def export_format(self) -> str:
        return "csv" if self.csv.isChecked() else "jsonl"

    def _match_suffix(self) -> None:
        path = Path(self.path_edit.text())
        if path.suffix.lower() in (".jsonl", ".csv", ""):
            self.path_edit.setText(str(path.with_suffix(FORMATS[self.export_format()][1])))

    def _browse(self) -> None:
        name_filter = FORMATS[self.export_format()][0]
        chosen, _filter = QFileDialog.getSaveFileName(self, "Export Letters", self.path_edit.text(), name_filter)
        if chosen:
            self.path_edit.setText(chosen)

    def start_export(self) -> None:
        """Check the file, then write on the worker thread (the dialog stays responsive)."""
        if self._running:
            return
        target = Path(self.path_edit.text().strip())
        problem = target_problem(target, self._store_path) if self.path_edit.text().strip() else "Choose a file."
        if problem:
            self.status.setText(f"\u26a0 {problem}")
            return
        letter_ids = self._selected if self.selected.isChecked() else None
        export_format = self.export_format()
        self._running = True
        self._stop.clear()
        self.export_button.setEnabled(False)
        self.close_button.setText("&Stop")
        self.progress_bar.setRange(0, max(len(letter_ids or []), 1) if letter_ids else 0)
        self.progress_bar.show()
        self.status.setText(f"Exporting to {target}…")

        def job(store: Store) -> int:
            return write_export(store, target, export_format, letter_ids, self._report)

        self._worker.submit(job, lambda count: self._on_done(target, export_format, count), self._on_failed)

    def _report(self, done: int, total: int) -> None:
        """On the worker thread: pass progress on; raise to stop once asked."""
        if self._stop.is_set():
            raise ExportStopped
        self._progress.moved.emit(done, total)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(done)
        self.progress_bar.setFormat(f"Letter {done} of {total}")

    def _on_done(self, target: Path, export_format: str, count: int) -> None:
        self._end_run()
        what = f"{count} row(s)" if export_format == "csv" else f"{count} letter(s)"
        self.status.setText(f"Exported {what} to {target}.")
        self.finished_export.emit(str(target))

    def _on_failed(self, error: BaseException) -> None:
        self._end_run()
        if isinstance(error, ExportStopped):
            self.status.setText("Export stopped; no file was written.")
        elif isinstance(error, (OSError, StoreError)):
            self.status.setText(f"\u26a0 The export was not written: {error}")
        else:
            raise error

    def _end_run(self) -> None:
        self._running = False
        self.export_button.setEnabled(True)
        self.close_button.setText("Close")

    def is_running(self) -> bool:
        return self._running

    def _close_or_stop(self) -> None:
        if self._running:
            self._stop.set()
        else:
            self.reject()

    def done(self, result: int) -> None:
        if self._running:  # Escape or the title bar's close while writing: stop first
            self._stop.set()
            return
        self._worker.shutdown()
        super().done(result)


def _column(*widgets: Any) -> QVBoxLayout:
    column = QVBoxLayout()
    for widget in widgets:
        column.addWidget(widget)
    return column
