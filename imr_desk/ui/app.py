"""Start the review window: `run(paths)` builds the application, opens the store and the window.

The application is named "imr-desk" (organisation "imr-desk") so QSettings land in the usual
per-user place. The store is `Store()` at its default path (``IMR_DESK_DB`` overrides it); a
store that cannot be opened gives a dialog naming the file and the problem, never a traceback.
Files named on the command line are imported (off the UI thread) and the first one is opened.
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

from imr_desk import __version__
from imr_desk.core.store import Store, StoreError, default_db_path
from imr_desk.ui.errors import install_excepthook
from imr_desk.ui.icons import icon
from imr_desk.ui.theme import apply_theme

if TYPE_CHECKING:
    from imr_desk.ui.main_window import MainWindow

APP_NAME = "imr-desk"


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused when one exists) named, themed and with its icon."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)
    app.setWindowIcon(icon("app"))
    apply_theme(app)
    return app


def open_store() -> Store | None:
    """The default store, or None after telling the user plainly why it cannot be opened."""
    try:
        return Store()
    except (StoreError, OSError) as problem:
        QMessageBox.critical(
            None,
            "Cannot Open the Case Store",
            f"The case store {default_db_path()} could not be opened:\n\n{problem}\n\n"
            "Set IMR_DESK_DB to another file to use a different store.",
        )
        return None


def show_window(store: Store) -> MainWindow:
    """Build and show the window, then move everything made so far out of the cyclic GC's way.

    Python's full collections scan every tracked object while holding the GIL, which freezes the
    window while an import runs in its thread; start-up objects live as long as the program, so
    `gc.freeze()` takes them out of those scans.
    """
    from imr_desk.ui.main_window import MainWindow

    window = MainWindow(store)
    window.show()
    gc.freeze()
    return window


def run(paths: list[str]) -> int:
    """Show the window (importing and opening `paths`) and run until it closes; exit status."""
    app = make_application()
    install_excepthook()  # an unexpected error becomes a dialog and a log entry
    store = open_store()
    if store is None:
        return 1
    window = show_window(store)
    if paths:
        window.import_and_open(paths)
    try:
        return app.exec()
    finally:
        store.close()
