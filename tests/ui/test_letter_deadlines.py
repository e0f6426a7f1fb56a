"""The Letter tab's Deadlines box: the service record with its "assumed" marks, entered through
the edit flow (stored, in the history, undone), and the deadlines' Mark done… / Dismiss /
Reopen, each stored with `Store.set_deadline_status`."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from letter_desk import Desk
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from imr_desk.core.deadlines.service import EnteredService
from imr_desk.core.store import Store
from imr_desk.ui import deadline_section
from imr_desk.ui.deadline_section import ASSUMED, DeadlineSection, deadline_heading

pytestmark = pytest.mark.usefixtures("message_boxes")


@pytest.fixture
def desk(store: Store, qtbot: Any, letter_path: Any) -> Any:
    result = store.import_file(letter_path)
    assert result.status == "imported", result.message
    made = Desk(store, qtbot)
    made.open(result.letter_id)
    yield made
    made.close_desk()


def section_of(desk: Desk) -> DeadlineSection:
    section = desk.fields.deadlines
    area = section.parentWidget().parentWidget().parentWidget()
    area.ensureWidgetVisible(section)
    return section


def test_every_service_value_is_marked_assumed_until_entered(desk: Desk, store: Store) -> None:
    section = section_of(desk)
    assert section.isVisible()
    decision_date = desk.record.letter.header.decision_date
    for name, label in section.labels.items():
        assert label.text().endswith(f"({ASSUMED})"), name
    assert section.dates["served_on"].text() == ""
    assert section.dates["served_on"].placeholderText().startswith(f"{decision_date} ({ASSUMED})")
    assert section.choices["served_by"].currentText() == "Not entered — mail assumed"
    entries = store.case_deadlines(desk.record.letter_id).entries
    assert list(section.rows) == [entry.kind for entry in entries]
    appeal = section.rows["appeal"]
    texts = [child.text() for child in appeal.findChildren(type(section.labels["address"]))]
    assert texts[0] == deadline_heading(entries[0]) and texts[0].endswith(f"· Open · {ASSUMED}")
    assert texts[1].splitlines() == [f"• {step}" for step in entries[0].basis]  # the basis chain
    desk.shot("deadline-section-assumed.png", desk.fields)


def test_entering_the_service_record_is_stored_and_undone(desk: Desk, store: Store, qtbot: Any) -> None:
    letter_id = desk.record.letter_id
    section = section_of(desk)
    due_before = store.case_deadlines(letter_id).entries[0].due
    line = section.dates["received_on"]
    line.setFocus()
    qtbot.keyClicks(line, "02/10/2017")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    desk.settle()
    assert store.entered_service(letter_id) == EnteredService(received_on=datetime.date(2017, 2, 10))
    section = section_of(desk)
    assert section.labels["received_on"].text() == "Received on"  # entered: no longer assumed
    assert section.labels["served_on"].text().endswith(f"({ASSUMED})")
    assert section.dates["received_on"].text() == "2017-02-10"
    combo = section.choices["served_by"]
    combo.setCurrentIndex(combo.findData("fax"))
    combo.activated.emit(combo.currentIndex())
    desk.settle()
    assert store.entered_service(letter_id) == EnteredService(served_by="fax", received_on=datetime.date(2017, 2, 10))
    assert desk.edits.stack(letter_id).undoText() == "Change service record"
    desk.shot("deadline-section-entered.png", desk.fields)
    desk.undo()
    assert store.entered_service(letter_id) == EnteredService(received_on=datetime.date(2017, 2, 10))
    desk.undo()
    assert store.entered_service(letter_id).empty
    assert store.case_deadlines(letter_id).entries[0].due == due_before
    assert section_of(desk).labels["received_on"].text().endswith(f"({ASSUMED})")


def test_a_bad_date_is_refused_in_place(desk: Desk, store: Store, qtbot: Any) -> None:
    letter_id = desk.record.letter_id
    version = store.load(letter_id).version
    section = section_of(desk)
    line = section.dates["served_on"]
    line.setFocus()
    qtbot.keyClicks(line, "the 40th")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert section.problem.isVisible() and "Served on" in section.problem.text()
    assert line.text() == "the 40th"
    desk.settle()
    assert store.load(letter_id).version == version  # nothing written
    line.setText("2017-03-01")
    line.editingFinished.emit()
    desk.settle()
    assert store.entered_service(letter_id).served_on == datetime.date(2017, 3, 1)
    section = section_of(desk)
    received = section.dates["received_on"]
    received.setText("2017-02-01")
    received.editingFinished.emit()
    assert section.problem.isVisible() and "before served on" in section.problem.text()
    assert received.text() == "2017-02-01"
    desk.settle()
    assert store.entered_service(letter_id).received_on is None  # refused: not stored
    desk.reload(letter_id)  # the letter is shown again (e.g. after another edit): the text stays
    section = section_of(desk)
    assert section.dates["received_on"].text() == "2017-02-01" and "before served on" in section.problem.text()
    section.dates["received_on"].setText("2017-03-02")
    section.dates["received_on"].editingFinished.emit()
    desk.settle()
    assert store.entered_service(letter_id).received_on == datetime.date(2017, 3, 2)
    assert not section_of(desk).problem.isVisibleTo(desk.fields)


def test_mark_done_dismiss_and_reopen(desk: Desk, store: Store, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    letter_id = desk.record.letter_id
    section = section_of(desk)
    assert not section.buttons[("appeal", "open")].isEnabled()

    def accept(dialog: deadline_section.DoneDialog) -> int:
        dialog.day.setDate(QDate(2017, 2, 20))
        dialog.note.setText("petition filed on 2017-02-20")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(deadline_section.DoneDialog, "exec", accept)
    qtbot.mouseClick(section.buttons[("appeal", "done")], Qt.MouseButton.LeftButton)
    desk.settle()
    status = store.case_deadlines(letter_id).entries[0].status
    assert (status.status, status.done_on, status.note) == ("done", datetime.date(2017, 2, 20),
                                                             "petition filed on 2017-02-20")
    section = section_of(desk)
    assert "Done on 2017-02-20 — petition filed on 2017-02-20" in deadline_heading(section.deadlines.entries[0])
    assert section.buttons[("appeal", "open")].isEnabled() and not section.buttons[("appeal", "done")].isEnabled()
    desk.shot("deadline-section-done.png", desk.fields)
    qtbot.mouseClick(section.buttons[("appeal", "open")], Qt.MouseButton.LeftButton)
    desk.settle()
    assert store.case_deadlines(letter_id).entries[0].status.status == "open"
    qtbot.mouseClick(section_of(desk).buttons[("appeal", "dismissed")], Qt.MouseButton.LeftButton)
    desk.settle()
    assert store.case_deadlines(letter_id).entries[0].status.status == "dismissed"
    desk.undo()
    assert store.case_deadlines(letter_id).entries[0].status.status == "open"
