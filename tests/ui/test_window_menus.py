"""The window's added menu entries: Help ▸ Keyboard Shortcuts shows only keys a keyboard has
(Undo "Ctrl+Z, Alt+Backspace", not "F14, Undo"), the caret browsing F7 action in the View
menu, Edit ▸ Highlight beside Add Note… (and in the letter's context menu), Tools ▸ Firm
Settings…, View ▸ Deadlines… and Statistics…, File ▸ Export Deadlines…."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QTableWidget

from imr_desk.ui.shortcuts_dialog import shortcut_rows, shortcuts_dialog, shown_keys

pytestmark = pytest.mark.usefixtures("message_boxes")


def texts(menu: Any) -> list[str]:
    return [action.text() for action in menu.actions() if not action.isSeparator()]


def test_shown_keys_leaves_out_keys_keyboards_lack(qapp: Any) -> None:
    assert shown_keys([QKeySequence("F14"), QKeySequence("Ctrl+Z"), QKeySequence("Alt+Backspace")]) == \
        "Ctrl+Z, Alt+Backspace"
    assert shown_keys(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)).startswith("Ctrl+Z")
    assert "Undo" not in shown_keys(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
    assert shown_keys([QKeySequence("F14")]) == "F14"  # nothing else: still said
    assert shown_keys([QKeySequence("F3")]) == "F3"


def test_shortcuts_dialog_lists_the_actions_with_portable_keys(opened: Any) -> None:
    actions = opened.menu_actions
    rows = dict(shortcut_rows([*actions.all, *actions.panel_actions]))
    assert rows["Undo"].startswith("Ctrl+Z") and "F14" not in rows["Undo"] and ", Undo" not in rows["Undo"]
    assert rows["Caret Browsing"] == "F7"
    assert rows["Highlight"] == "Ctrl+Shift+H"
    assert rows["Deadlines…"] == "Ctrl+Shift+L"
    assert rows["Find Next"].startswith("F3")
    dialog = shortcuts_dialog([*actions.all, *actions.panel_actions], opened)
    assert isinstance(dialog, QDialog)
    table = dialog.findChild(QTableWidget)
    assert table.rowCount() == len(rows)


def test_menus_hold_the_added_entries(opened: Any) -> None:
    menus = opened.menu_actions.menus
    edit = texts(menus["edit"])
    assert edit.index("&Highlight") == edit.index("Add &Note…") + 1
    view = texts(menus["view"])
    assert "&Caret Browsing" in view and "&Deadlines…" in view and "&Statistics…" in view
    assert view.index("Find &Next") == view.index("Search &Queue") + 1
    assert texts(menus["tools"]) == ["&Firm Settings…", "&Desk Settings…"]
    file_menu = texts(menus["file"])
    letters = file_menu.index("Export &Letters (JSON Lines, CSV)…")
    assert file_menu.index("Export &Deadlines (iCalendar)…") == letters + 1
    bar = [action.text() for action in opened.menuBar().actions()]
    assert bar.index("&Tools") == bar.index("&Help") - 1


def test_highlight_in_the_letter_menu_and_enabled_with_a_letter(opened: Any) -> None:
    menu = opened.menu_actions.letter_menu(0, 10)
    assert opened.extras.highlight in menu.actions()
    assert opened.extras.highlight.isEnabled()
    opened.close_letter()
    assert not opened.extras.highlight.isEnabled() and not opened.extras.find_next.isEnabled()


def test_notes_edited_from_the_panel_and_tags_offered(opened: Any, qtbot: Any, settle: Any) -> None:
    window = opened
    letter_id = window.current.letter_id
    window.store_ops.submit(lambda store: store.annotate(letter_id, "check the dates", tag="follow-up",
                                                         span=(0, 5), expected_version=store.version(letter_id)))
    settle(window)
    window.reload_letter()
    assert window.annotations._used_tags == ["follow-up"]  # offered by the note editor
    note = window.current.record.annotations[0]
    window.annotations.editRequested.emit(note.id, "check the dates again", "urgent")
    qtbot.waitUntil(lambda: window.current.record.annotations[0].note == "check the dates again", timeout=10_000)
    assert window.current.record.annotations[0].tag == "urgent"
    assert set(window.annotations._used_tags) == {"urgent"}
