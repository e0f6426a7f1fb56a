"""The window hears the firm's other desks (ui/live_refresh.py) on a PostgreSQL store: another
desk's edit refreshes the queue row and reloads the open letter ("Changed at another desk —
reloaded"), what the user is typing is kept (and the stale flow answers its commit), presence
and assignment show in the desk strip, and Edit ▸ Assign Case To… assigns through the window's
undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from desk_support import OTHER_DESK, other_desk_store
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_editing import type_into
from test_main_window import save_shot, settle

from imr_desk.core.store import ANY_VERSION, Store
from imr_desk.core.store.notices import DESK_ID
from imr_desk.core.store.rows import current_user, set_user_name
from imr_desk.ui.assign_dialog import AssignDialog
from imr_desk.ui.pane_notices import CHANGED_RELOADED, CHANGED_WHILE_TYPING
from tests.support.store_fixtures import add_letter, invented_letter

pytestmark = pytest.mark.usefixtures("message_boxes")
WAIT_MS = 20_000  # generous: the assertions wait for behaviour, never time it


@pytest.fixture
def other(pg_target: str) -> Iterator[Store]:
    opened = other_desk_store(pg_target)
    yield opened
    opened.close()


@pytest.fixture
def desk(make_window: Any, pg_store: Store, letter_path: Path) -> Any:
    """A window on the PostgreSQL store with the corpus letter open and an invented one listed."""
    result = pg_store.import_file(letter_path)
    assert result.status == "imported", result.message
    add_letter(pg_store, invented_letter("CM16-9000001"))
    window = make_window(pg_store)
    window.queue.reload()
    assert window.open_letter(result.letter_id)
    settle(window)
    return window


def _row(window: Any, letter_id: int) -> Any:
    model = window.queue.model
    return model.queue_row(model.row_for_letter(letter_id))


def test_another_desks_edit_refreshes_the_queue_and_reloads_the_open_letter(
        desk: Any, other: Store, qtbot: Any) -> None:
    letter_id = desk.record.letter_id
    listed = next(i for i in other.letter_ids() if i != letter_id)
    version = desk.record.version
    other.correct(listed, "patient.age", 61, expected_version=ANY_VERSION)
    qtbot.waitUntil(lambda: _row(desk, listed).corrections == 1, timeout=WAIT_MS)
    assert desk.record.version == version  # the letter on screen did not change
    other.correct(letter_id, "header.priority", "Expedited", expected_version=ANY_VERSION)
    qtbot.waitUntil(lambda: desk.record.letter.header.priority == "Expedited", timeout=WAIT_MS)
    assert desk.fields.editor_for("header.priority").text_value() == "Expedited"
    assert desk.live.changed_label.isVisible() and desk.live.changed_label.text() == CHANGED_RELOADED
    qtbot.waitUntil(lambda: _row(desk, letter_id).corrections == 1, timeout=WAIT_MS)
    assert "Correct Priority" in desk.menu_actions.undo.text()  # the undo stack follows the store


def test_what_the_user_types_is_kept_when_the_letter_changes_elsewhere(
        desk: Any, other: Store, qtbot: Any, message_boxes: Any) -> None:
    letter_id = desk.record.letter_id
    editor = desk.fields.editor_for("patient.age")
    type_into(qtbot, editor, "47", finish=False)
    other.correct(letter_id, "header.priority", "Expedited", expected_version=ANY_VERSION)
    qtbot.waitUntil(lambda: desk.live.changed_label.text() == CHANGED_WHILE_TYPING
                    and desk.live.changed_label.isVisible(), timeout=WAIT_MS)
    assert editor.text_value() == "47"  # not reloaded under the user's fingers
    assert desk.record.letter.header.priority != "Expedited"
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the commit meets the other desk's version
    settle(desk)
    assert [m.title for m in message_boxes] == ["Letter Changed Elsewhere"]
    assert desk.fields.editor_for("patient.age").text_value() == "47"  # still there
    assert QApplication.clipboard().text() == "47"
    assert desk.record.letter.header.priority == "Expedited"  # reloaded with the other desk's change
    stored = other.load(letter_id).letter
    assert stored.header.priority == "Expedited" and stored.patient.age != 47  # nothing overwritten
    desk.close()  # the kept text is committed again, now on the reloaded version, and stored
    qtbot.waitUntil(lambda: not desk.isVisible(), timeout=WAIT_MS)
    assert other.load(letter_id).letter.patient.age == 47


def test_presence_and_assignment_show_in_the_desk_strip(desk: Any, other: Store, pg_store: Store,
                                                        qtbot: Any) -> None:
    letter_id = desk.record.letter_id
    qtbot.waitUntil(lambda: pg_store.open_elsewhere([letter_id], OTHER_DESK) == {letter_id: current_user()},
                    timeout=WAIT_MS)  # this desk's own presence, written off the UI thread
    other.mark_open(letter_id, OTHER_DESK, "Ben Ode")
    qtbot.waitUntil(lambda: desk.live.desk_label.text() == "Open at Ben Ode's desk", timeout=WAIT_MS)
    other.assign(letter_id, "Ana Ruiz", expected_version=ANY_VERSION)
    qtbot.waitUntil(lambda: "Assigned to Ana Ruiz" in desk.live.desk_label.text(), timeout=WAIT_MS)
    assert desk.live.desk_label.text() == "Assigned to Ana Ruiz \u00b7 Open at Ben Ode's desk"
    assert desk.live.desk_label.isVisible()
    save_shot(desk, "desk-strip-assigned-and-open-elsewhere.png")
    other.mark_closed(letter_id, OTHER_DESK)
    qtbot.waitUntil(lambda: desk.live.desk_label.text() == "Assigned to Ana Ruiz", timeout=WAIT_MS)
    desk.close_letter()
    settle(desk)
    assert pg_store.open_elsewhere([letter_id], OTHER_DESK) == {}
    assert DESK_ID  # the window's desk is this process's


def test_assign_case_to_through_the_window_and_undo(desk: Any, pg_store: Store, qtbot: Any) -> None:
    letter_id = desk.record.letter_id
    set_user_name("Rosa Diaz")
    try:
        pg_store.assign(add_letter(pg_store, invented_letter("CM16-9000002")), "Ana Ruiz",
                        expected_version=ANY_VERSION)  # a name the store already knows
        dialog = desk.extras.show_assign()
        assert isinstance(dialog, AssignDialog)
        qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
        names = [dialog.person.itemText(i) for i in range(dialog.person.count())]
        assert "Ana Ruiz" in names and "Rosa Diaz" in names
        dialog.person.setCurrentText("Ana Ruiz")
        save_shot(dialog, "assign-dialog.png")
        dialog.person.setCurrentText("   ")
        assert not dialog.choose(dialog.person.currentText())  # refused in the dialog, which stays
        assert "empty name" in dialog.problem.text()
        dialog.person.setCurrentText("Ana Ruiz")
        dialog.assign_button.click()
        settle(desk)
        assignment = pg_store.assignment(letter_id)
        assert assignment is not None and (assignment.person, assignment.by) == ("Ana Ruiz", "Rosa Diaz")
        assert desk.live.desk_label.text().startswith("Assigned to Ana Ruiz")
        assert desk.menu_actions.undo.text().endswith("Assign to Ana Ruiz")
        desk.menu_actions.undo.trigger()
        settle(desk)
        assert pg_store.assignment(letter_id) is None
        assert not desk.live.desk_label.isVisible()
        me = desk.extras.show_assign()
        qtbot.waitUntil(me.isVisible, timeout=WAIT_MS)
        me.me_button.click()
        settle(desk)
        mine = pg_store.assignment(letter_id)
        assert mine is not None and mine.person == "Rosa Diaz"
    finally:
        set_user_name(None)


def test_on_a_store_file_another_connections_edit_shows_and_own_edits_do_not_alarm(
        make_window: Any, store: Store, tmp_store_path: Path, letter_path: Path, qtbot: Any) -> None:
    result = store.import_file(letter_path)
    listed = add_letter(store, invented_letter("CM16-9000001"))
    window = make_window(store)
    window.queue.reload()
    assert window.open_letter(result.letter_id)
    type_into(qtbot, window.fields.editor_for("patient.age"), "47")  # this window's own edit
    with Store(tmp_store_path) as other:  # another connection to the file (data_version moves)
        other.correct(listed, "patient.age", 61, expected_version=ANY_VERSION)
        qtbot.waitUntil(lambda: _row(window, listed).corrections == 1, timeout=WAIT_MS)
        assert not window.live.changed_label.isVisible()  # its own edit is no news to it
        other.correct(result.letter_id, "header.priority", "Expedited", expected_version=ANY_VERSION)
        qtbot.waitUntil(lambda: window.record.letter.header.priority == "Expedited", timeout=WAIT_MS)
    assert window.live.changed_label.text() == CHANGED_RELOADED
    assert window.record.letter.patient.age == 47


def test_a_queue_rows_menu_assigns_that_rows_case(make_window: Any, store: Store, letter_path: Path,
                                                  qtbot: Any) -> None:
    shown = store.import_file(letter_path).letter_id
    other_case = add_letter(store, invented_letter("CM16-9000001"))
    window = make_window(store)
    window.queue.reload()
    assert window.open_letter(shown)
    menu = window.queue.row_menu(window.queue.model.row_for_letter(other_case))
    assign = next(action for action in menu.actions() if action.text() == "Assign Case To\u2026")
    assert assign.isEnabled()
    assign.trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, AssignDialog) and w.isVisible() for w in QApplication.topLevelWidgets()),
                    timeout=WAIT_MS)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, AssignDialog) and w.isVisible())
    assert window.current.record is not None and window.current.record.letter_id == other_case
    dialog.person.setCurrentText("Ana Ruiz")
    dialog.assign_button.click()
    settle(window)
    assignment = store.assignment(other_case)
    assert assignment is not None and assignment.person == "Ana Ruiz"
    assert store.assignment(shown) is None
