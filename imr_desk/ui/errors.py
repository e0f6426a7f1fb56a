"""Unexpected exceptions in the window: written to the log and shown in a dialog, never silent.

`install_excepthook()` replaces `sys.excepthook` (which PySide6 also calls for an exception
raised inside a slot or a Qt virtual method) and `threading.excepthook`. Each unexpected
exception is logged with its traceback, then shown in a critical message box that says what
happened in plain words, where the log is, and keeps the traceback under "Show Details".
Exceptions raised off the UI thread reach the dialog through a queued signal. While one error
dialog is open, further errors are logged but not stacked on screen.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..logging_setup import log_file

log = logging.getLogger(__name__)

DIALOG_TITLE = "imr-desk: unexpected error"
MAX_SUMMARY_CHARS = 300


class _ErrorRelay(QObject):
    """Lives in the UI thread; carries (summary, details) from any thread to the dialog."""

    raised = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.raised.connect(self.show_error)  # queued when emitted from another thread

    @Slot(str, str)
    def show_error(self, summary: str, details: str) -> None:
        _show(summary, details)


_relay: _ErrorRelay | None = None
_dialog_open = False


def describe(exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None) -> tuple[str, str]:
    """A one-line summary of the exception and its full traceback text."""
    message = str(exc) if exc is not None else ""
    summary = f"{exc_type.__name__}: {message}" if message else exc_type.__name__
    if len(summary) > MAX_SUMMARY_CHARS:
        summary = summary[: MAX_SUMMARY_CHARS - 1] + "…"
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    return summary, details


def error_dialog(summary: str, details: str, parent: QWidget | None = None) -> QMessageBox:
    """The message box for one unexpected error (not yet shown)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(DIALOG_TITLE)
    box.setText("Something went wrong that imr-desk did not expect.")
    box.setInformativeText(
        f"{summary}\n\nEverything already saved in the store is safe. If the window behaves "
        f"oddly, close and reopen imr-desk.\n\nThe details were written to the log file:\n"
        f"{log_file()}"
    )
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box


def _show(summary: str, details: str) -> None:
    global _dialog_open
    if _dialog_open or QApplication.instance() is None:
        return
    _dialog_open = True
    try:
        error_dialog(summary, details, QApplication.activeWindow()).exec()
    finally:
        _dialog_open = False


def _on_ui_thread() -> bool:
    app = QApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def handle_exception(
    exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None
) -> None:
    """The excepthook: log the exception, then show it (from the UI thread) in the dialog."""
    # exc is None only when threading.excepthook passes no exception value; the stubs of
    # sys.__excepthook__ and of exc_info want an exception there.
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)  # type: ignore[arg-type]  # exc may be None, see above
        return
    log.critical("Unexpected error", exc_info=(exc_type, exc, tb))  # type: ignore[arg-type]  # exc may be None
    summary, details = describe(exc_type, exc, tb)
    if QApplication.instance() is None or _relay is None:
        sys.__excepthook__(exc_type, exc, tb)  # type: ignore[arg-type]  # exc may be None, see above
        return
    if _on_ui_thread():
        _show(summary, details)
    else:
        _relay.raised.emit(summary, details)  # queued to the UI thread


def _handle_thread_exception(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    handle_exception(args.exc_type, args.exc_value, args.exc_traceback)


def install_excepthook() -> None:
    """Route unexpected exceptions (UI thread, Qt threads, Python threads) to log + dialog.

    Call it from the UI thread once the QApplication exists.
    """
    global _relay
    if _relay is None:
        _relay = _ErrorRelay()
    sys.excepthook = handle_exception
    threading.excepthook = _handle_thread_exception
