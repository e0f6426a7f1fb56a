"""Start the review window: `run(paths, db=)` builds the application, opens the store and the window.

The application is named "imr-desk" (organisation "imr-desk") so QSettings land in the usual
per-user place. The store is the one ``--db PATH`` names (`db`), else `Store()` at its default
path (``IMR_DESK_DB`` overrides it). A store `db` names that does not exist is created only
after asking (create it / choose another store file / quit): a mistyped ``--db`` never
leaves an empty store behind; the default store is created on first use as before. A store
that cannot be opened gives a dialog naming the file and the problem, never a traceback.
Files named on the command line are imported (off the UI thread) and the first one is opened.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from imr_desk import __version__
from imr_desk.core.store import Store, StoreError, default_db_path
from imr_desk.core.store.connection import store_target
from imr_desk.ui.errors import install_excepthook
from imr_desk.ui.icons import icon
from imr_desk.ui.theme import apply_theme

if TYPE_CHECKING:
    from imr_desk.ui.main_window import MainWindow

APP_NAME = "imr-desk"
STORE_FILTER = "Case stores (*.db *.sqlite *.sqlite3);;All files (*)"
CREATE_STORE, CHOOSE_STORE, QUIT = "&Create Store", "Choose &Another Store…", "&Quit"


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


def open_store(db: Path | str | None = None) -> Store | None:
    """The store `db` names (None: the default store), or None after telling the user plainly
    why it cannot be opened, or when the user would rather not create a store `db` names.
    A PostgreSQL store (a connection string) is opened as it is: its schema is created in an
    empty database, as ``imr-desk store init`` would."""
    path = default_db_path() if db is None else store_target(db)
    while db is not None and isinstance(path, Path) and not path.exists():
        answer = ask_about_missing_store(path)
        if answer == CREATE_STORE:
            break
        chosen = choose_store(path) if answer == CHOOSE_STORE else None
        if chosen is None:
            return None
        path = chosen
    try:
        return Store(path)
    except (StoreError, OSError) as problem:
        QMessageBox.critical(
            None,
            "Cannot Open the Case Store",
            f"The case store {path} could not be opened:\n\n{problem}\n\n"
            "Start imr-desk with --db PATH (or set IMR_DESK_DB) to use a different store.",
        )
        return None


def ask_about_missing_store(path: Path) -> str:
    """Ask what to do about a store path that does not exist: `CREATE_STORE`, `CHOOSE_STORE`
    or `QUIT` (also when the dialog is closed)."""
    box = QMessageBox(QMessageBox.Icon.Question, "No Case Store There",
                      f"There is no case store at\n{path}")
    box.setInformativeText("Create a new, empty store there, choose another store file (perhaps the "
                           "path was mistyped), or quit without creating anything?")
    answers = [
        (box.addButton(CREATE_STORE, QMessageBox.ButtonRole.AcceptRole), CREATE_STORE),
        (box.addButton(CHOOSE_STORE, QMessageBox.ButtonRole.ActionRole), CHOOSE_STORE),
        (box.addButton(QUIT, QMessageBox.ButtonRole.RejectRole), QUIT),
    ]
    box.setDefaultButton(answers[0][0])
    box.setEscapeButton(answers[2][0])
    box.exec()
    clicked = box.clickedButton()
    return next((answer for button, answer in answers if button is clicked), QUIT)


def choose_store(near: Path) -> Path | None:
    """Ask for a store file (an existing one, or the name of a new one); None: cancelled."""
    default = default_db_path()
    folder = near.parent if near.parent.is_dir() else (default.parent if isinstance(default, Path) else Path.home())
    chosen, _filter = QFileDialog.getSaveFileName(
        None, "Choose a Case Store", str(folder), STORE_FILTER,
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return Path(chosen) if chosen else None


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


def run(paths: list[str], db: Path | str | None = None) -> int:
    """Show the window on the store `db` names (None: the default store), importing and
    opening `paths`, and run until it closes; the exit status (1: no store was opened)."""
    app = make_application()
    install_excepthook()  # an unexpected error becomes a dialog and a log entry
    store = open_store(db)
    if store is None:
        return 1
    window = show_window(store)
    if paths:
        window.import_and_open(paths)
    try:
        return app.exec()
    finally:
        store.close()
