"""Start the review window: `run(paths, db=)` builds the application, opens the store and the window.

The application is named "imr-desk" (organisation "imr-desk") so QSettings land in the usual
per-user place. The store is, first to last: the one ``--db PATH`` names (`db`), ``IMR_DESK_DB``,
the choice made in Tools ▸ Desk Settings… (`settings.store_choice()`), else the default store
file (`chosen_store`). A store file named so that does not exist is created only after asking
(create it / choose another store file / quit): a mistyped ``--db`` never leaves an empty store
behind; the default store is created on first use as before. A PostgreSQL database without an
imr-desk store is given the store's tables only after asking; No leaves it untouched and says
how the firm's admin creates it (``imr-desk store init``). A store that cannot be opened gives
a dialog naming it and the problem, never a traceback; when the settings chose it, the dialog
offers this computer's store instead, so the settings can be put right. The desk's name
(`settings.user_name()`) is applied before the window opens. Files named on the command line
are imported (off the UI thread) and the first one is opened.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from imr_desk import __version__
from imr_desk.core.store import Store, StoreError, default_db_path
from imr_desk.core.store.connection import store_target
from imr_desk.core.store.rows import set_user_name
from imr_desk.ui import settings
from imr_desk.ui.desk_settings_dialog import NO_STORE_YET
from imr_desk.ui.errors import install_excepthook
from imr_desk.ui.icons import icon
from imr_desk.ui.theme import apply_theme

if TYPE_CHECKING:
    from imr_desk.ui.main_window import MainWindow

APP_NAME = "imr-desk"
STORE_FILTER = "Case stores (*.db *.sqlite *.sqlite3);;All files (*)"
CREATE_STORE, CHOOSE_STORE, QUIT = "&Create Store", "Choose &Another Store…", "&Quit"
USE_THIS_COMPUTER = "Use This &Computer's Store"


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


def chosen_store(db: Path | str | None) -> tuple[Path | str | None, str | None]:
    """The store to open (None: the default) and what overrode the settings' choice, if
    anything: ``--db`` (`db`) > ``IMR_DESK_DB`` > `settings.store_choice()` > the default file."""
    if db is not None:
        return db, "--db"
    if os.environ.get("IMR_DESK_DB"):
        return None, "IMR_DESK_DB"
    return settings.store_choice() or None, None


def open_store(db: Path | str | None = None, *, from_settings: bool = False) -> Store | None:
    """The store `db` names (None: the default store), or None after telling the user plainly
    why it cannot be opened, or when the user would rather not create a store `db` names.
    An empty PostgreSQL database is given the store's tables only after asking
    (`open_firm_store`). `from_settings`: `db` is the settings' choice; when it cannot be
    opened, this computer's default store is offered instead."""
    try:
        path = default_db_path() if db is None else store_target(db)
    except StoreError as problem:
        return _cannot_open(str(db), problem, from_settings)
    if isinstance(path, str):
        return open_firm_store(path, from_settings=from_settings)
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
        return _cannot_open(str(path), problem, from_settings)


def _cannot_open(name: str, problem: Exception, from_settings: bool) -> Store | None:
    if from_settings:
        return open_store(None) if _use_this_computer(name, problem) else None
    QMessageBox.critical(
        None,
        "Cannot Open the Case Store",
        f"The case store {name} could not be opened:\n\n{problem}\n\n"
        "Start imr-desk with --db PATH (or set IMR_DESK_DB) to use a different store.",
    )
    return None


def _use_this_computer(name: str, problem: Exception | None = None) -> bool:
    """Ask whether to open this computer's store instead of the one the settings chose."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Cannot Open the Case Store",
                      f"The case store chosen in Desk Settings, {name}, could not be opened."
                      + (f"\n\n{problem}" if problem is not None else ""))
    box.setInformativeText("Open this computer's own store instead (you can choose again in "
                           "Tools ▸ Desk Settings…), or quit?")
    use = box.addButton(USE_THIS_COMPUTER, QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(QUIT, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(use)
    box.setEscapeButton(quit_button)
    box.exec()
    return box.clickedButton() is use


def open_firm_store(target: str, *, from_settings: bool = False) -> Store | None:
    """The PostgreSQL store `target` names. A database without an imr-desk store gets its
    tables only when the user says so; No leaves it untouched and says how an admin creates
    them. Any other problem is told plainly; None when no store was opened."""
    try:
        return Store(target, create=False)
    except StoreError as problem:
        if not str(problem).startswith(NO_STORE_YET):
            return _cannot_open(str(target), problem, from_settings)
    answer = QMessageBox.question(
        None, "Create the Case Store?",
        f"The database {target} has no imr-desk store yet.\n\nCreate the store's tables in it now? "
        "Every desk of the firm will then use it.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        QMessageBox.information(
            None, "Case Store Not Created",
            f"The database {target} was left untouched.\n\nThe firm's admin can create the store in it "
            f"with:\n\n    imr-desk store init '{target}'\n\n(see docs/firm-store.md), or start imr-desk "
            "with another store.",
        )
        return None
    try:
        return Store(target)
    except StoreError as problem:
        QMessageBox.critical(None, "Cannot Open the Case Store",
                             f"The case store {target} could not be created:\n\n{problem}")
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
    set_user_name(settings.user_name() or None)
    target, override = chosen_store(db)
    settings.set_store_override(override)
    store = open_store(target, from_settings=target is not None and override is None)
    if store is None:
        return 1
    window = show_window(store)
    if paths:
        window.import_and_open(paths)
    try:
        return app.exec()
    finally:
        store.close()
