"""Tools ▸ Desk Settings…: the name this desk writes in the history, and the case store it opens.

`open_desk_settings(parent, current_store)` shows `DeskSettingsDialog` and returns True when
the user saved. "Your name" (blank: the OS login or ``$IMR_DESK_USER``, shown as the
placeholder) is applied at once (`rows.set_user_name`) and at every start (ui/app.py). "Case
store" is either this computer's store file (the default one, or a file chosen) or the firm's
store on PostgreSQL (a libpq connection string in any form). Test Connection opens that store
on a worker thread, never creating anything, and says plainly what is wrong (`check_firm_store`):
the server cannot be reached, a password is needed but none was found (~/.pgpass or
PGPASSFILE), the login was refused, the database holds something else, the store is newer than
this imr-desk — or that the database is empty (the window asks before creating the store).
A connection string holding a password is never saved: OK refuses it with that advice. The
store chosen is used from the next start (ui/app.py, where ``--db`` and ``IMR_DESK_DB`` come
first: the dialog says when one of them overrides the choice). Both are saved in the desk's
settings file (``core/store/desk_config.py``), so every ``imr-desk`` command uses the same
name and store; a file that cannot be written is said so, and the dialog stays open.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from imr_desk.core.store import Store, StoreError
from imr_desk.core.store.desk_config import config_path, default_store_file
from imr_desk.core.store.dialect import is_postgres_target, mask_password
from imr_desk.core.store.rows import default_user_name, set_user_name
from imr_desk.ui import settings

STORE_FILTER = "Case stores (*.db *.sqlite *.sqlite3);;All files (*)"
NO_STORE_YET = "there is no store at"  # how the store says a PostgreSQL database has no store yet
PGPASS_ADVICE = ("Put the password in ~/.pgpass (one line host:port:database:user:password, readable by you "
                 "only) or in the file the PGPASSFILE variable names, and leave it out of the connection string.")
NEXT_START = ("imr-desk commands use the case store chosen here at once; the window uses it from its "
              "next start.")
DSN_EXAMPLE = "postgresql://you@server/imr_desk"


def has_password(dsn: str) -> bool:
    """True when the connection string carries a password (any libpq form)."""
    return mask_password(dsn) != dsn


@dataclass(frozen=True)
class ConnectionCheck:
    """What Test Connection found: `ok` (the store can be used, or created after asking) and the text."""

    ok: bool
    text: str


def check_firm_store(dsn: str) -> ConnectionCheck:
    """Open the PostgreSQL store `dsn` names without creating anything, and say what was found."""
    if not is_postgres_target(dsn.strip()):
        return ConnectionCheck(False, f"This is not a PostgreSQL connection string. Write it as {DSN_EXAMPLE} "
                                      "or as host=… dbname=… user=….")
    try:
        store = Store(dsn.strip(), create=False)
    except StoreError as problem:
        return _problem(str(problem))
    try:
        letters = len(store.connection.letter_ids())
    except StoreError as problem:
        return _problem(str(problem))
    finally:
        store.close()
    return ConnectionCheck(True, f"Connected: the firm's store holds {letters} letter(s).")


def _problem(message: str) -> ConnectionCheck:
    """A store's refusal, headed by what it means for the user."""
    if message.startswith(NO_STORE_YET):
        return ConnectionCheck(True, "Connected, but the database is empty: it has no imr-desk store yet. When "
                                     "imr-desk starts on it, it asks before creating the store's tables (or the "
                                     "firm's admin runs imr-desk store init).")
    lowered = message.lower()
    if "no password supplied" in lowered:
        headline = f"The server wants a password and none was found. {PGPASS_ADVICE}"
    elif "password authentication failed" in lowered or "refused the login" in lowered:
        headline = "The server refused the login: the role or its password is wrong (check ~/.pgpass or PGPASSFILE)."
    elif "cannot be reached" in lowered:
        headline = "The server cannot be reached: check the host and port in the string, and that the server runs."
    elif "newer imr-desk" in lowered:
        headline = "The store was written by a newer imr-desk: update imr-desk on this desk to use it."
    elif "not an imr-desk store" in lowered:
        headline = "This database is not an imr-desk store: choose the firm's store or an empty database."
    else:
        headline = "The store cannot be used."
    return ConnectionCheck(False, f"{headline}\n\n{message}")


class _CheckThread(QThread):
    """Runs one `check_firm_store` off the UI thread; only emits its result."""

    checked = Signal(object)  # ConnectionCheck

    def __init__(self, dsn: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._dsn = dsn

    def run(self) -> None:
        self.checked.emit(check_firm_store(self._dsn))


class DeskSettingsDialog(QDialog):
    """Your name and the case store (see the module docstring); `checked` follows each test."""

    checked = Signal(object)  # ConnectionCheck

    def __init__(self, current_store: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Desk Settings")
        self.setObjectName("deskSettings")
        self._checks: list[_CheckThread] = []
        self.name = QLineEdit(settings.user_name(), self)
        self.name.setPlaceholderText(default_user_name())
        self.name.setAccessibleName("Your name")
        self.name.setToolTip("The name the history shows for your changes; blank: your login name.")
        self.this_computer = QRadioButton("&This computer", self)
        self.firm_store = QRadioButton("The &firm's store (PostgreSQL)", self)
        group = QButtonGroup(self)
        group.addButton(self.this_computer)
        group.addButton(self.firm_store)
        self.file = QLineEdit(self)
        self.file.setPlaceholderText(str(default_store_file()))
        self.file.setAccessibleName("Store file")
        self.browse = QPushButton("&Browse…", self)
        self.browse.clicked.connect(self._choose_file)
        self.dsn = QLineEdit(self)
        self.dsn.setPlaceholderText(DSN_EXAMPLE)
        self.dsn.setAccessibleName("Connection string")
        self.test = QPushButton("Test &Connection", self)
        self.test.clicked.connect(self.test_connection)
        self.check_text = QLabel(self)
        self.check_text.setWordWrap(True)
        self.check_text.setAccessibleName("Connection test result")
        chosen = settings.store_choice()
        if is_postgres_target(chosen):
            self.firm_store.setChecked(True)
            self.dsn.setText(chosen)
        else:
            self.this_computer.setChecked(True)
            self.file.setText(chosen)
        self.this_computer.toggled.connect(self._enable)
        self._enable()
        self.note = QLabel(self._note_text(current_store), self)
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

    def _lay_out(self) -> None:
        you = QFormLayout()
        you.addRow("Your &name:", self.name)
        self.name_label = you.labelForField(self.name)
        store_box = QGroupBox("Case store", self)
        grid = QGridLayout(store_box)
        grid.addWidget(self.this_computer, 0, 0, 1, 3)
        grid.addWidget(QLabel("File:", store_box), 1, 0)
        grid.addWidget(self.file, 1, 1)
        grid.addWidget(self.browse, 1, 2)
        grid.addWidget(self.firm_store, 2, 0, 1, 3)
        grid.addWidget(QLabel("Connection:", store_box), 3, 0)
        grid.addWidget(self.dsn, 3, 1)
        grid.addWidget(self.test, 3, 2)
        grid.addWidget(self.check_text, 4, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(you)
        layout.addWidget(store_box)
        layout.addWidget(self.note)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)

    @staticmethod
    def _note_text(current_store: str | None) -> str:
        lines = [NEXT_START]
        if current_store:
            lines.append(f"Open now: {current_store}")
        override = settings.store_override()
        if override == "--db":
            lines.append("This window was started with --db, which comes first: the choice here is used when "
                         "imr-desk starts without it.")
        elif override == "IMR_DESK_DB":
            lines.append("IMR_DESK_DB is set, which comes first: the choice here is used when it is not set.")
        return "\n".join(lines)

    def _enable(self) -> None:
        on_file = self.this_computer.isChecked()
        self.file.setEnabled(on_file)
        self.browse.setEnabled(on_file)
        self.dsn.setEnabled(not on_file)
        self.test.setEnabled(not on_file)

    def _choose_file(self) -> None:
        start = self.file.text() or self.file.placeholderText()
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Choose a Case Store", start, STORE_FILTER, options=QFileDialog.Option.DontConfirmOverwrite
        )
        if chosen:
            self.file.setText(chosen)

    # -- Test Connection ----------------------------------------------------------------------
    def test_connection(self) -> None:
        """Open the store the connection string names on a worker thread; `checked` tells what it found."""
        thread = _CheckThread(self.dsn.text(), None)  # unparented: it may outlive a closed dialog
        thread.checked.connect(self._show_check)
        thread.finished.connect(lambda: self._checks.remove(thread) if thread in self._checks else None)
        thread.finished.connect(thread.deleteLater)
        self._checks.append(thread)
        self.test.setEnabled(False)
        self.check_text.setText("Testing the connection…")
        thread.start()

    def _show_check(self, check: ConnectionCheck) -> None:
        self.check_text.setText(("✓ " if check.ok else "✗ ") + check.text)
        self.test.setEnabled(self.firm_store.isChecked())
        self.checked.emit(check)

    def done(self, result: int) -> None:
        for thread in list(self._checks):  # a test under way ends by itself (at most the connect timeout)
            thread.wait()
        super().done(result)

    # -- OK -----------------------------------------------------------------------------------
    def chosen_store(self) -> str | None:
        """The store to save ('' = the default file), or None after saying why it cannot be saved."""
        if self.this_computer.isChecked():
            return self.file.text().strip()
        dsn = self.dsn.text().strip()
        if not dsn:
            QMessageBox.warning(self, "No Connection String",
                                f"Type the firm store's connection string (for example {DSN_EXAMPLE}), "
                                "or choose This computer.")
            return None
        if has_password(dsn):
            QMessageBox.warning(self, "Password Not Saved",
                                f"The connection string holds a password, and passwords are never saved in the "
                                f"settings. {PGPASS_ADVICE}")
            return None
        if not is_postgres_target(dsn):
            QMessageBox.warning(self, "Not a Connection String",
                                f"{dsn} is not a PostgreSQL connection string. Write it as {DSN_EXAMPLE} "
                                "or as host=… dbname=… user=….")
            return None
        return dsn

    def save(self) -> None:
        """Keep the name (applied at once) and the store (used from the next start); close."""
        store = self.chosen_store()
        if store is None:
            return  # the dialog stays open with what was typed
        name = " ".join(self.name.text().split())
        store_changed = store != settings.store_choice()
        try:
            settings.save_desk(name, store)
        except OSError as error:
            QMessageBox.warning(self, "Settings Not Saved",
                                f"The desk settings could not be saved to {config_path()}: "
                                f"{error.strerror or error}. Nothing was changed; check that the folder "
                                "can be written, then save again.")
            return  # the dialog stays open with what was typed
        set_user_name(name or None)
        if store_changed:
            QMessageBox.information(self, "Case Store Chosen", self._note_text(None))
        self.accept()


def open_desk_settings(parent: QWidget | None, current_store: str | None = None) -> bool:
    """Show Desk Settings (modal); True when the user saved. `current_store`: the store open now."""
    dialog = DeskSettingsDialog(current_store, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
