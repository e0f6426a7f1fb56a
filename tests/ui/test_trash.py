"""Removing a letter imported by mistake, from the window (issue 12 item 15).

Edit ▸ Remove Letter… moves the letter on screen to the trash after a confirmation naming the
case (for a case with several copies: the whole case, or only the copy on screen); the queue
drops it and the window shows the next letter, or the welcome view when none is left.
File ▸ Trash… lists the removed letters: Restore brings one back with everything it had,
Empty Trash (confirmed) deletes them for good.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from test_main_window import save_shot, settle

from imr_desk.core.store import Store
from imr_desk.ui.letter_removal import MOVE_CASE, MOVE_COPY, MOVE_LETTER

pytestmark = pytest.mark.usefixtures("message_boxes")

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
CANCEL = "Cancel"


@pytest.fixture
def three_letters(store: Store, corpus_dir: Path) -> list[int]:
    ids = []
    for case in ("CM16-0248698", "CM16-0243453", "CM16-0229336"):
        result = store.import_file(corpus_dir / "dwc-2016" / f"{case}.pdf")
        assert result.status == "imported", result.message
        ids.append(result.letter_id)
    return ids


def shown_rows(window: Any) -> list[int]:
    model = window.queue.model
    return [model.letter_id(row) for row in range(model.rowCount())]


def test_remove_letter_asks_then_moves_it_to_the_trash_and_shows_the_next(
        make_window: Any, store: Store, three_letters: list[int], message_boxes: Any) -> None:
    window = make_window()
    rows = shown_rows(window)
    middle = rows[1]
    assert window.open_letter(middle)
    case = window.record.case_label
    assert window.menu_actions.remove_letter.isEnabled()
    message_boxes.answers.append(MOVE_LETTER)
    window.menu_actions.remove_letter.trigger()
    settle(window)
    [asked] = message_boxes
    assert case in asked.text and window.store.load(middle).file_name in asked.text
    assert [entry.letter_id for entry in store.trash()] == [middle]
    assert middle not in shown_rows(window)
    assert window.current.letter_id == rows[2]  # the row that came after it
    assert window.queue.selected_letter_ids() == [rows[2]]
    assert "trash" in window.statusBar().currentMessage() and case in window.statusBar().currentMessage()
    assert [entry.action for entry in store.history(middle)][-1] == "remove"
    assert "2 letters" in window._count_label.text()


def test_cancelling_the_confirmation_removes_nothing(make_window: Any, store: Store, three_letters: list[int],
                                                     message_boxes: Any) -> None:
    window = make_window()
    assert window.open_letter(three_letters[0])
    message_boxes.answers.append(CANCEL)
    window.menu_actions.remove_letter.trigger()
    settle(window)
    assert store.trash() == [] and window.current.letter_id == three_letters[0]
    assert len(shown_rows(window)) == 3


def test_removing_the_last_letter_shows_the_welcome_view(make_window: Any, store: Store, corpus_dir: Path,
                                                         message_boxes: Any) -> None:
    letter_id = store.import_file(corpus_dir / "dwc-2016" / "CM16-0229336.pdf").letter_id
    window = make_window()
    assert window.open_letter(letter_id)
    message_boxes.answers.append(MOVE_LETTER)
    window.menu_actions.remove_letter.trigger()
    settle(window)
    assert window.current.record is None
    assert window.centre.currentWidget() is window.welcome
    assert not window.menu_actions.remove_letter.isEnabled()
    assert not window.menu_actions.review["verified"].isEnabled()
    assert window.windowTitle() == "imr-desk"


def test_a_case_with_copies_asks_whether_to_remove_the_case_or_the_copy(make_window: Any, store: Store,
                                                                      message_boxes: Any) -> None:
    first = store.import_file(SAMPLES / "sample-overturned.pdf")
    copy = store.import_file(SAMPLES / "text" / "sample-overturned.txt")
    assert copy.status == "copy", copy.message
    window = make_window()
    assert window.open_letter(first.letter_id)
    message_boxes.answers.append(MOVE_COPY)
    window.menu_actions.remove_letter.trigger()
    settle(window)
    assert "2 copies" in message_boxes[0].text and "sample-overturned.txt" in message_boxes[0].text
    assert set(message_boxes[0].buttons) >= {MOVE_CASE.replace("&", ""), MOVE_COPY.replace("&", "")}
    assert [entry.letter_id for entry in store.trash()] == [first.letter_id]
    assert [row.letter_id for row in store.queue()] == [copy.letter_id]  # the other copy is the record now
    assert window.current.letter_id == copy.letter_id
    message_boxes.answers.append(MOVE_LETTER)
    window.menu_actions.remove_letter.trigger()
    settle(window)
    assert store.queue() == [] and len(store.trash()) == 2


def test_the_trash_restores_a_letter_and_empties_for_good(make_window: Any, store: Store,
                                                          three_letters: list[int], message_boxes: Any,
                                                          qtbot: Any) -> None:
    window = make_window()
    removed = three_letters[1]
    assert window.open_letter(removed)
    case = window.record.case_label
    message_boxes.answers.append(MOVE_LETTER)
    window.menu_actions.remove_letter.trigger()
    settle(window)
    dialog = window.menu_actions.open_trash()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=5000)
    assert case in dialog.table.item(0, 0).text()
    save_shot(dialog, "window-trash.png")
    dialog.table.selectRow(0)
    dialog.restore_button.click()
    settle(window)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=5000)
    assert store.trash() == [] and removed in shown_rows(window)
    assert window.current.letter_id == removed and window.queue.selected_letter_ids() == [removed]
    assert not dialog.empty_button.isEnabled()
    # remove two, keep them through a cancelled "empty", then empty for good
    for _ in range(2):
        message_boxes.answers.append(MOVE_LETTER)
        window.menu_actions.remove_letter.trigger()
        settle(window)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=5000)
    message_boxes.answers.append(QMessageBox.StandardButton.No)
    dialog.empty_button.click()
    settle(window)
    assert len(store.trash()) == 2
    dialog.empty_button.click()  # default answer: Yes
    settle(window)
    assert store.trash() == [] and len(store.queue()) == 1
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=5000)
    assert "for good" in message_boxes[-1].text and "2 letters" in message_boxes[-1].text
    dialog.close()
