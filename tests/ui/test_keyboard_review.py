"""A whole review from the keyboard alone (issue 13 item 3): key events only, store checked after.

Open a letter, go to the fields (Alt+3) and Tab to one, correct it by typing; go to a field,
whose text the letter's caret then starts at; into the letter (Alt+2), select with
Ctrl+Shift+arrows and Shift+arrows, assign the selection (Ctrl+Shift+A); move the caret
down, select the words of a missed decision and add it (Ctrl+Shift+D, outcome chosen with
the arrow keys); add a note (Ctrl+Shift+M); mark the letter verified (Ctrl+Shift+V); go to
the next unreviewed letter (Ctrl+Shift+N).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid
from test_main_window import save_shot, settle

from imr_desk.core.store import Store

pytestmark = pytest.mark.usefixtures("message_boxes")

MOD = Qt.KeyboardModifier
CTRL, SHIFT, ALT = MOD.ControlModifier, MOD.ShiftModifier, MOD.AltModifier
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: Any, key: Qt.Key, modifiers: Qt.KeyboardModifier = NO_MODIFIER, times: int = 1) -> None:
    """Key clicks sent where the keyboard focus is, as the keyboard would."""
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifiers)


def tab_to(qtbot: Any, object_name: str, limit: int = 60) -> QWidget:
    """Press Tab until the widget named `object_name` has the focus."""
    for _ in range(limit):
        if focused().objectName() == object_name:
            return focused()
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {object_name}")


def in_next_dialog(qtbot: Any, keys: Callable[[QWidget], None]) -> None:
    """Once the next modal dialog is up, `keys(dialog)` types into it (key events only)."""
    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible() or dialog.focusWidget() is None:
            if dialog is not None:
                dialog.activateWindow()  # as the window manager does with a new dialog
            QTimer.singleShot(10, attempt)
            return
        keys(dialog)
        # a dialog the keys did not close would block the test: close it (the test then fails)
        QTimer.singleShot(2000, lambda: isValid(dialog) and dialog.isVisible() and dialog.reject())

    QTimer.singleShot(0, attempt)


def back_from_dialog(qtbot: Any, window: QWidget) -> None:
    """The window manager gives the window back the keyboard once a dialog closes (offscreen
    Qt does not always do so by itself)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window and QApplication.focusWidget() is not None)


def typing_in(dialog: QWidget) -> QWidget:
    """Where a dialog's keys go: the widget in it with the focus."""
    return dialog.focusWidget() or dialog


def test_a_whole_review_without_the_mouse(opened: Any, store: Store, corpus_dir: Path, qtbot: Any) -> None:
    window = opened
    other = store.import_file(corpus_dir / "dwc-2016" / "CM16-0238035.pdf")
    window.queue.reload()
    letter_id = window.record.letter_id
    text = window.record.letter.text
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)

    # Correct a value by typing: Alt+3 goes to the fields, Tab to Priority.
    press(qtbot, Qt.Key.Key_3, ALT)
    priority = tab_to(qtbot, "field:header.priority")
    press(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(priority, "Expedited")
    press(qtbot, Qt.Key.Key_Return)
    settle(window)
    assert store.load(letter_id).letter.header.priority == "Expedited"

    # The caret starts at the specialties' text; select its first specialty and assign it.
    specialties = tab_to(qtbot, "field:reviewer.specialties")
    start = window.letter_pane.caret.position
    specialty = window.record.letter.reviewer.specialties[0]
    assert start is not None and text[start:].startswith(specialty.split()[0])  # at the field's text
    press(qtbot, Qt.Key.Key_2, ALT)
    assert focused() is window.letter_pane.view
    press(qtbot, Qt.Key.Key_Right, CTRL | SHIFT, times=2)  # two words, e.g. "Orthopedic Surgery,"
    if window.letter_pane.selected_text().endswith(","):
        press(qtbot, Qt.Key.Key_Left, SHIFT)  # and back one character, off the comma
    first = window.letter_pane.selected_text()
    assert first == " ".join(text[start:].split()[:2]).rstrip(",")
    press(qtbot, Qt.Key.Key_A, CTRL | SHIFT)
    settle(window)
    stored = store.load(letter_id)
    assert stored.letter.reviewer.specialties == [first]
    correction = stored.correction_for("reviewer.specialties")
    assert correction is not None and tuple(correction.new_span) == (start, start + len(first))
    assert specialties.text_value() == first  # the field shows the assigned value at once

    # A decision the parser missed: caret down a line, select two words, add it as overturned.
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Right, CTRL | SHIFT, times=2)
    request = " ".join(window.letter_pane.selected_text().split())
    assert len(request.split()) == 2
    decisions_before = len(stored.decision_keys)
    in_next_dialog(qtbot, lambda dialog: (qtbot.keyClick(typing_in(dialog), Qt.Key.Key_Down),
                                          qtbot.keyClick(typing_in(dialog), Qt.Key.Key_Return)))
    press(qtbot, Qt.Key.Key_D, CTRL | SHIFT)
    settle(window)
    stored = store.load(letter_id)
    assert len(stored.decision_keys) == decisions_before + 1
    added = stored.letter.decisions[-1]
    assert (added.request, added.outcome) == (request, "overturned")

    # A note on the letter, with a tag, all typed.
    back_from_dialog(qtbot, window)
    press(qtbot, Qt.Key.Key_2, ALT)
    press(qtbot, Qt.Key.Key_Left)  # the caret alone: the note is on the whole letter

    def type_note(dialog: QWidget) -> None:
        qtbot.keyClicks(typing_in(dialog), "Ask the attorney about the second request")
        qtbot.keyClick(typing_in(dialog), Qt.Key.Key_Tab)
        qtbot.keyClicks(typing_in(dialog), "question for attorney")
        qtbot.keyClick(typing_in(dialog), Qt.Key.Key_Tab)  # to OK
        qtbot.keyClick(typing_in(dialog), Qt.Key.Key_Space)

    in_next_dialog(qtbot, type_note)
    press(qtbot, Qt.Key.Key_M, CTRL | SHIFT)
    settle(window)
    back_from_dialog(qtbot, window)
    notes = store.load(letter_id).annotations
    assert [(n.note, n.tag) for n in notes] == [("Ask the attorney about the second request", "question for attorney")]
    save_shot(window, "keyboard_review.png")

    # Verified, then on to the next unreviewed letter.
    press(qtbot, Qt.Key.Key_V, CTRL | SHIFT)
    settle(window)
    assert store.load(letter_id).review.state == "verified"
    press(qtbot, Qt.Key.Key_N, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.record is not None and window.record.letter_id == other.letter_id)
    assert store.load(other.letter_id).review.state == "unreviewed"
