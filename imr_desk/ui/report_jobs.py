"""The window's Export / Print / Print Preview: the PDF built off the UI thread, dialogs opened
without blocking, pages printed one per event-loop turn — no nested event loop anywhere, no
`processEvents()`.

`ReportRunner(parent).start(kind, records)` ("export" | "print" | "preview") first asks what
it must before building (where to save an export), then builds the report with
`printing.build_report` on a `BackgroundWorker` thread while the window keeps running (a
window-modal "Preparing…" note appears if that takes longer than a moment). When the bytes
arrive on the UI thread it saves them, or opens (`QDialog.open`, window-modal, no `exec`) the
preview or the print dialog; an accepted print dialog starts a `PrintRun`, which paints one
page per timer tick with a cancellable progress note ("Print to File" writes the summary PDF
itself; with no printer set up the user is offered Export Summary PDF… instead). `finished(kind, completed)` is emitted
when the action is over, whichever way it ended.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QMessageBox, QProgressBar, QProgressDialog, QWidget

from imr_desk.core.records import CaseRecord
from imr_desk.ui import printing
from imr_desk.ui.background import BackgroundWorker

KINDS = ("export", "print", "preview")
BUSY_TEXT = "Preparing the case summary\u2026"


def _progress_note(parent: QWidget, text: str, maximum: int, cancellable: bool) -> tuple[QProgressDialog, QProgressBar]:
    """A window-modal progress note, not shown yet, with its own bar (updating the bar directly
    never processes events, unlike `QProgressDialog.setValue` on a modal dialog)."""
    note = QProgressDialog(parent)
    note.setWindowTitle("imr-desk")
    note.setLabelText(text)
    bar = QProgressBar(note)
    bar.setRange(0, maximum)
    note.setBar(bar)
    if not cancellable:
        note.setCancelButton(None)
    note.setWindowModality(Qt.WindowModality.WindowModal)
    note.setAutoClose(False)
    note.setAutoReset(False)
    note.hide()
    return note, bar


class PrintRun(QObject):
    """Prints a built report on a started printer, one page per event-loop turn."""

    finished = Signal(bool)  # True: every chosen page went to the printer

    def __init__(self, parent: QWidget, pdf_bytes: bytes, printer: QPrinter) -> None:
        super().__init__(parent)
        self._renderer: printing.PageRenderer | None = printing.PageRenderer(pdf_bytes, printer)  # PrintError
        self._cancelled = False
        self.note, self._bar = _progress_note(parent, "Printing\u2026", self._renderer.total, True)
        self.note.canceled.connect(self.cancel)
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._step)
        self._note_timer = QTimer(self, singleShot=True, interval=printing.PROGRESS_DELAY_MS)
        self._note_timer.timeout.connect(self._show_note)

    def start(self) -> None:
        self._timer.start()
        self._note_timer.start()

    def cancel(self) -> None:
        self._cancelled = True

    def _show_note(self) -> None:
        if self._renderer is not None:
            self.note.show()

    def _step(self) -> None:
        renderer = self._renderer
        if renderer is None:
            return
        if not self._cancelled and renderer.paint_next():
            self._bar.setValue(renderer.done)
            self._timer.start()
            return
        complete = renderer.done == renderer.total and not self._cancelled
        renderer.close()
        self._renderer = None
        self.note.close()
        self.note.deleteLater()
        self.finished.emit(complete)
        self.deleteLater()


class ReportRunner(QObject):
    """Export, print and preview for the window; one at a time (see the module docstring)."""

    finished = Signal(str, bool)  # kind, completed (saved / printed / previewed)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._worker = BackgroundWorker("imr-desk reports", lambda: None, parent=self)
        self._busy: str | None = None  # the kind under way
        self._busy_note: QProgressDialog | None = None
        self._busy_timer = QTimer(self, singleShot=True, interval=printing.PROGRESS_DELAY_MS)
        self._busy_timer.timeout.connect(self._show_busy_note)
        self.dialog: printing.PrintSetup | None = None  # the print or preview dialog while open
        self.print_run: PrintRun | None = None

    def is_busy(self) -> bool:
        return self._busy is not None

    def start(self, kind: str, records: list[CaseRecord], inputs: printing.ReportInputs | None = None) -> bool:
        """Begin `kind` for `records` (with the store's `inputs`: deadlines, edit history); False
        when nothing was started (busy, cancelled, none)."""
        if kind not in KINDS:
            raise ValueError(f"unknown report action {kind!r}")
        if self._busy is not None or not records:
            return False
        target: Path | None = None
        if kind == "export":
            target = printing.choose_export_path(self._parent, records)
            if target is None:
                return False
        self._busy = kind
        self._busy_note, _bar = _progress_note(self._parent, BUSY_TEXT, 0, False)
        self._busy_timer.start()
        records = list(records)
        self._worker.submit(
            lambda _context: printing.build_report(records, inputs),
            on_done=lambda data: self._built(kind, records, target, data),
            on_failed=self._build_failed,
        )
        return True

    def _show_busy_note(self) -> None:
        if self._busy_note is not None:
            self._busy_note.show()

    def _end_busy_note(self) -> None:
        self._busy_timer.stop()
        note, self._busy_note = self._busy_note, None
        if note is not None:
            note.close()
            note.deleteLater()

    def _build_failed(self, error: BaseException) -> None:
        kind = self._busy or ""
        self._end_busy_note()
        self._busy = None
        printing.show_build_failure(self._parent, error)
        self.finished.emit(kind, False)

    def _built(self, kind: str, records: list[CaseRecord], target: Path | None, data: bytes) -> None:
        self._end_busy_note()
        if kind == "export" and target is not None:
            self._done(kind, printing.save_report(self._parent, target, data) is not None)
            return
        if kind == "print" and not printing.printers_available():
            box = printing.no_printer_box(self._parent)
            box.setWindowModality(Qt.WindowModality.WindowModal)
            box.finished.connect(lambda _result: self._no_printer_answered(box, records, data))
            box.open()  # window-modal, returns at once
            return
        setup = (printing.preview_dialog(self._parent, records, data) if kind == "preview"
                 else printing.print_dialog(self._parent, records, data))
        if setup is None:
            self._done(kind, False)
            return
        self.dialog = setup
        setup.dialog.finished.connect(lambda result: self._dialog_closed(kind, setup, data, result))
        setup.dialog.open()  # type: ignore[call-arg]  # QDialog.open(): window-modal, returns at once

    def _no_printer_answered(self, box: QMessageBox, records: list[CaseRecord], data: bytes) -> None:
        box.deleteLater()
        printing.export_if_chosen(self._parent, box, records, data)
        self._done("print", False)

    def _dialog_closed(self, kind: str, setup: printing.PrintSetup, data: bytes, result: int) -> None:
        self.dialog = None
        setup.dialog.deleteLater()
        if kind == "preview":
            printing.show_print_failures(self._parent, setup)
            self._done(kind, True)
        elif result != QDialog.DialogCode.Accepted:
            self._done(kind, False)
        else:
            self._print(setup.printer, data)

    def _print(self, printer: QPrinter, data: bytes) -> None:
        if printing.prints_to_pdf_file(printer):  # the real PDF, not pictures of its pages
            try:
                printing.write_pdf_output(printer, data)
            except printing.PrintError as error:
                QMessageBox.warning(self._parent, "Could Not Print", str(error))
                self._done("print", False)
                return
            self._done("print", True)
            return
        try:
            run = PrintRun(self._parent, data, printer)
        except printing.PrintError as error:
            QMessageBox.warning(self._parent, "Could Not Print", str(error))
            self._done("print", False)
            return
        self.print_run = run
        run.finished.connect(lambda complete: self._done("print", complete))
        run.start()

    def _done(self, kind: str, completed: bool) -> None:
        self._busy = None
        self.print_run = None
        self.finished.emit(kind, completed)
