"""Tools ▸ Desk Settings… (issue 16): your name in the history, and choosing the case store.

The real dialog (qtbot) on the real window; settings in the test's temporary folder (the
autouse QSettings fixture); PostgreSQL stores are new databases on the session's own server
(`pg_target`). Test Connection runs on a worker thread and never creates anything.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from test_main_window import save_shot

from imr_desk.core.store import ANY_VERSION, Store
from imr_desk.core.store.pg_schema import META_TABLE
from imr_desk.core.store.rows import USER_ENV, current_user, set_user_name
from imr_desk.ui import app as app_module
from imr_desk.ui import settings
from imr_desk.ui.desk_settings_dialog import (
    NO_STORE_YET,
    ConnectionCheck,
    DeskSettingsDialog,
    _problem,
    check_firm_store,
    open_desk_settings,
)

pytestmark = pytest.mark.usefixtures("message_boxes")


@pytest.fixture(autouse=True)
def _fresh_desk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No name set and no store override before or after each test (both are process-wide)."""
    monkeypatch.delenv(USER_ENV, raising=False)
    set_user_name(None)
    settings.set_store_override(None)
    yield
    set_user_name(None)
    settings.set_store_override(None)


def dialog_on(qtbot: Any, parent: Any = None, current: str | None = None) -> DeskSettingsDialog:
    dialog = DeskSettingsDialog(current, parent)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def run_check(qtbot: Any, dialog: DeskSettingsDialog, dsn: str) -> ConnectionCheck:
    dialog.firm_store.setChecked(True)
    dialog.dsn.setText(dsn)
    with qtbot.waitSignal(dialog.checked, timeout=30_000) as blocker:
        dialog.test.click()
    assert not dialog.test.isEnabled() or blocker.args  # disabled while the test ran
    return blocker.args[0]


def settings_text(tmp_qsettings: Path) -> str:
    QSettings().sync()
    return "\n".join(p.read_text(errors="replace") for p in tmp_qsettings.rglob("*") if p.is_file())


def test_your_name_is_shown_applied_at_once_and_recorded_in_the_history(
    qtbot: Any, make_window: Any, store: Store, corpus_dir: Path
) -> None:
    letter_id = store.import_file(corpus_dir / "dwc-2016" / "CM16-0221706.pdf").letter_id
    window = make_window()
    dialog = dialog_on(qtbot, window, str(store.path))
    assert dialog.name.text() == "" and dialog.name.placeholderText() == getpass.getuser()
    assert f"Open now: {store.path}" in dialog.note.text()
    dialog.name.setText("  Maria   Lopez ")
    save_shot(dialog, "desk_settings.png")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() == DeskSettingsDialog.DialogCode.Accepted
    assert settings.user_name() == "Maria Lopez" and current_user() == "Maria Lopez"
    store.set_review_state(letter_id, "verified", expected_version=ANY_VERSION)
    assert store.history(letter_id)[-1].user == "Maria Lopez"
    again = dialog_on(qtbot)
    assert again.name.text() == "Maria Lopez"
    again.name.clear()  # blank: back to the login name
    again.save()
    assert settings.user_name() == "" and current_user() == getpass.getuser()


def test_the_name_set_is_applied_when_the_window_starts(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_store_path: Path) -> None:
    app_module.make_application()  # names the settings as run() does (their folder stays the test's)
    settings.set_user_name("Ana Ruiz")
    monkeypatch.setattr(app_module, "show_window", lambda store: None)
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs the error hook
    assert app_module.run([]) == 0
    assert current_user() == "Ana Ruiz"


def test_a_password_in_the_connection_string_is_never_saved(
    qtbot: Any, message_boxes: Any, tmp_qsettings: Path
) -> None:
    dialog = dialog_on(qtbot)
    dialog.firm_store.setChecked(True)
    dialog.dsn.setText("postgresql://maria:s3cret@db.firm.example/imr_desk")
    dialog.save()
    assert dialog.isVisible()  # stays open with what was typed
    [warning] = message_boxes
    assert warning.title == "Password Not Saved" and "~/.pgpass" in warning.text and "PGPASSFILE" in warning.text
    dialog.dsn.setText("host=db.firm.example dbname=imr_desk password='s3cret'")
    dialog.save()
    assert len(message_boxes) == 2 and dialog.isVisible()
    assert settings.store_choice() == "" and "s3cret" not in settings_text(tmp_qsettings)
    with pytest.raises(ValueError):
        settings.set_store_choice("postgresql://maria:s3cret@db/imr_desk")


def test_test_connection_says_what_it_found(qtbot: Any, pg_target: str, pg_server: Any) -> None:
    dialog = dialog_on(qtbot)
    empty = run_check(qtbot, dialog, pg_target)
    assert empty.ok and "empty" in empty.text and "asks before creating" in empty.text
    with psycopg.connect(pg_target) as connection:  # Test Connection created nothing
        assert connection.execute("SELECT count(*) FROM information_schema.tables "
                                  "WHERE table_schema = current_schema()").fetchone()[0] == 0
    Store(pg_target).close()
    connected = run_check(qtbot, dialog, pg_target)
    assert connected == ConnectionCheck(True, "Connected: the firm's store holds 0 letter(s).")
    assert dialog.check_text.text().startswith("✓ Connected")
    save_shot(dialog, "desk_settings_firm_store.png")
    with psycopg.connect(pg_target, autocommit=True) as connection:
        connection.execute(f"UPDATE {META_TABLE} SET value = '99' WHERE key = 'schema_version'")
    newer = run_check(qtbot, dialog, pg_target)
    assert not newer.ok and newer.text.startswith("The store was written by a newer imr-desk")
    unreachable = run_check(qtbot, dialog, f"postgresql://nobody@/imr_desk?host={pg_server.folder}/no-such-dir")
    assert not unreachable.ok and unreachable.text.startswith("The server cannot be reached")
    assert dialog.check_text.text().startswith("✗ The server cannot be reached")
    assert not run_check(qtbot, dialog, "not a connection string").ok


def test_a_database_holding_other_tables_is_named_as_not_a_store(pg_target: str) -> None:
    with psycopg.connect(pg_target, autocommit=True) as connection:
        connection.execute("CREATE TABLE invoices (id integer)")
    found = check_firm_store(pg_target)
    assert not found.ok and found.text.startswith("This database is not an imr-desk store")


def test_a_missing_password_points_to_pgpass() -> None:
    # libpq's own words when the server asks for a password and none is in ~/.pgpass
    said = _problem("The store postgresql://maria@db/imr_desk cannot be reached (connection failed: "
                    "fe_sendauth: no password supplied); check the server, the connection string and your password.")
    assert not said.ok and said.text.startswith("The server wants a password and none was found")
    assert "~/.pgpass" in said.text and "PGPASSFILE" in said.text


def test_the_firm_store_chosen_is_used_from_the_next_start_and_created_only_after_asking(
    qtbot: Any, message_boxes: Any, pg_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = dialog_on(qtbot)
    dialog.firm_store.setChecked(True)
    dialog.dsn.setText(pg_target)
    dialog.save()
    assert settings.store_choice() == pg_target
    assert [m.title for m in message_boxes] == ["Case Store Chosen"] and "next start" in message_boxes[0].text
    assert app_module.chosen_store(None) == (None, "IMR_DESK_DB")  # the test's IMR_DESK_DB comes first
    monkeypatch.delenv("IMR_DESK_DB")
    assert app_module.chosen_store(None) == (pg_target, None)
    assert app_module.chosen_store("/elsewhere.db") == ("/elsewhere.db", "--db")
    message_boxes.clear()
    message_boxes.answers.append(QMessageBox.StandardButton.No)
    assert app_module.open_store(pg_target, from_settings=True) is None
    assert [m.kind for m in message_boxes] == ["question", "information"]
    assert NO_STORE_YET not in message_boxes[0].text and "has no imr-desk store yet" in message_boxes[0].text
    assert "imr-desk store init" in message_boxes[1].text and "left untouched" in message_boxes[1].text
    with psycopg.connect(pg_target) as connection:  # No: the database is as it was
        assert connection.execute("SELECT count(*) FROM information_schema.tables "
                                  "WHERE table_schema = current_schema()").fetchone()[0] == 0
    message_boxes.clear()
    opened = app_module.open_store(pg_target, from_settings=True)  # Yes (the default answer here)
    assert opened is not None and opened.is_postgres
    opened.close()


def test_a_settings_store_that_cannot_be_opened_offers_this_computers_store(
    message_boxes: Any, tmp_store_path: Path, tmp_path: Path
) -> None:
    not_a_store = tmp_path / "letters.db"
    not_a_store.write_bytes(b"this is no database at all" * 100)
    message_boxes.answers.append(app_module.USE_THIS_COMPUTER)
    store = app_module.open_store(not_a_store, from_settings=True)
    try:
        assert store is not None and Path(store.path) == tmp_store_path  # the default store
    finally:
        if store is not None:
            store.close()
    [offer] = message_boxes
    assert offer.kind == "box" and str(not_a_store) in offer.text and "Desk Settings" in offer.text


def test_the_dialog_says_when_db_or_the_environment_overrides_the_choice(qtbot: Any) -> None:
    notes = []
    for override in ("--db", "IMR_DESK_DB", None):
        settings.set_store_override(override)
        dialog = dialog_on(qtbot)
        notes.append(dialog.note.text())
        dialog.close()
    assert "started with --db" in notes[0] and "IMR_DESK_DB is set" in notes[1]
    assert "--db" not in notes[2] and "IMR_DESK_DB" not in notes[2] and "next start" in notes[2]


def test_a_file_store_choice_and_the_entry_function(qtbot: Any, tmp_path: Path) -> None:
    chosen = str(tmp_path / "cases.db")

    def fill_and_press_ok() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, DeskSettingsDialog) and w.isVisible())
        assert dialog.this_computer.isChecked() and not dialog.dsn.isEnabled()
        dialog.file.setText(chosen)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill_and_press_ok)
    assert open_desk_settings(None) is True
    assert settings.store_choice() == chosen
    reopened = dialog_on(qtbot)
    assert reopened.this_computer.isChecked() and reopened.file.text() == chosen


def test_tools_menu_opens_desk_settings_for_the_store_open_now(qtbot: Any, make_window: Any, store: Store,
                                                              tmp_store_path: Path) -> None:
    window = make_window(store)
    seen: list[str] = []

    def look_and_cancel() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, DeskSettingsDialog) and w.isVisible())
        seen.append(dialog.windowTitle())
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()

    tools = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Tools")
    entry = next(a for a in tools.actions() if a.text().replace("&", "") == "Desk Settings…")
    QTimer.singleShot(0, look_and_cancel)
    entry.trigger()
    assert seen and "Desk Settings" in seen[0]
    assert settings.store_choice() in (None, "")  # cancelled: nothing saved


def test_saved_settings_are_the_commands_too(qtbot: Any, message_boxes: Any, tmp_path: Path,
                                             desk_config_file: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from imr_desk.cli import main

    chosen = tmp_path / "desk" / "cases.sqlite3"
    dialog = dialog_on(qtbot)
    dialog.name.setText("Dana  Reyes")
    dialog.this_computer.setChecked(True)
    dialog.file.setText(str(chosen))
    dialog.save()
    assert not dialog.isVisible() and desk_config_file.exists()
    monkeypatch.delenv("IMR_DESK_DB")
    monkeypatch.delenv(USER_ENV, raising=False)
    set_user_name(None)  # a command is another process: only the settings file names the desk
    with Store(chosen) as store:
        store.close()
    letter = tmp_path / "CM16-9400001.txt"
    from tests.support.store_fixtures import invented_letter

    letter.write_text(invented_letter("CM16-9400001").text)
    assert main(["import", str(letter)]) == 0
    assert main(["assign", "CM16-9400001", "--to-me"]) == 0
    assert "to Dana Reyes" in capsys.readouterr().out
    with Store(chosen) as store:
        [row] = store.queue()
        assignment = store.assignment(row.letter_id)
        assert row.case_number == "CM16-9400001" and assignment is not None and assignment.person == "Dana Reyes"
        assert store.db.execute("SELECT imported_by FROM letters").fetchone() == ("Dana Reyes",)


def test_settings_that_cannot_be_saved_are_said_so_and_the_dialog_keeps_them(
    qtbot: Any, message_boxes: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the settings folder should be")
    monkeypatch.setenv("IMR_DESK_CONFIG", str(blocker / "desk.json"))
    dialog = dialog_on(qtbot)
    dialog.name.setText("Dana Reyes")
    dialog.save()
    [warning] = message_boxes
    assert warning.title == "Settings Not Saved" and str(blocker / "desk.json") in warning.text
    assert dialog.isVisible() and dialog.name.text() == "Dana Reyes"
    assert blocker.read_text() == "a file where the settings folder should be"


def test_a_name_and_store_an_older_window_kept_are_still_read_and_move_when_saved(
    qtbot: Any, message_boxes: Any, tmp_qsettings: Path, desk_config_file: Path
) -> None:
    QSettings().setValue(settings.USER_NAME_KEY, "Old Name")
    QSettings().setValue(settings.STORE_KEY, "postgresql://imr_desk@db.firm.example/imr_desk")
    assert settings.user_name() == "Old Name"
    assert settings.store_choice() == "postgresql://imr_desk@db.firm.example/imr_desk"
    dialog = dialog_on(qtbot)
    assert dialog.name.text() == "Old Name" and dialog.firm_store.isChecked()
    dialog.save()
    assert '"user_name": "Old Name"' in desk_config_file.read_text()
    assert "Old Name" not in settings_text(tmp_qsettings) and "db.firm.example" not in settings_text(tmp_qsettings)
