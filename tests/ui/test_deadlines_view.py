"""View ▸ Deadlines… (issue 14.3): a month calendar painting each day's count of open deadlines,
the list by date (case, kind, last day, status, assumed), its filters, double-click opening the
letter, and Mark Done… / Dismiss stored on the worker thread and recorded in the case's history."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from known_letters import DUE_IN_WEEKS, DUE_THIS_WEEK, OLD_CASES, WARNED, import_known_letters
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QInputDialog
from test_main_window import save_shot

from imr_desk.ui.deadlines_view import DeadlinesView

pytestmark = pytest.mark.usefixtures("message_boxes")


@pytest.fixture
def setup(make_window: Any, store: Any, tmp_path: Path, qtbot: Any) -> tuple[Any, DeadlinesView, dict[str, int]]:
    ids = import_known_letters(store, tmp_path, datetime.date.today())
    window = make_window()
    view = window.extras.show_deadlines()
    assert isinstance(view, DeadlinesView)
    qtbot.waitUntil(view.isVisible, timeout=5000)
    return window, view, ids


def rows(view: DeadlinesView) -> list[tuple[str, ...]]:
    return [tuple(view.table.item(r, c).text() for c in range(view.table.columnCount()))
            for r in range(view.table.rowCount())]


def row_of(view: DeadlinesView, case: str) -> int:
    return next(r for r, entry in enumerate(view.entries) if entry.case_number == case)


def test_list_by_date_and_calendar_counts(setup: Any) -> None:
    _window, view, _ids = setup
    listed = rows(view)
    assert [row[0] for row in listed] == ["CM99-0000101", "CM99-0000102", "CM99-0000103", WARNED,
                                          "CM99-0000104", DUE_THIS_WEEK, DUE_IN_WEEKS]
    assert listed[0] == ("CM99-0000101", "Appeal", "05/09/2016", "\u26a0 Overdue", "assumed")
    assert listed[5][3] == "Open"
    assert view.calendar.count_on(datetime.date(2016, 6, 10)) == 2  # CM99-0000103 and its copy
    assert view.calendar.count_on(datetime.date(2016, 6, 11)) == 0
    assert view.count_label.text() == "7 deadlines, 5 overdue"
    due = view.entries[row_of(view, DUE_THIS_WEEK)].due
    view.calendar.setSelectedDate(QDate(due.year, due.month, due.day))
    save_shot(view, "deadlines-view.png")


def test_filters_overdue_and_due_within(setup: Any) -> None:
    _window, view, _ids = setup
    view.when_filter.setCurrentIndex(view.when_filter.findText("Overdue"))
    assert {row[0] for row in rows(view)} == {*OLD_CASES, WARNED}
    view.when_filter.setCurrentIndex(view.when_filter.findText("Due within 7 days"))
    assert [row[0] for row in rows(view)] == [DUE_THIS_WEEK]
    view.kind_filter.setCurrentIndex(view.kind_filter.findData("authorize"))
    assert rows(view) == []  # the upheld sample has nothing to authorize


def test_double_click_opens_the_letter(setup: Any) -> None:
    window, view, ids = setup
    view.table.cellDoubleClicked.emit(row_of(view, WARNED), 0)
    assert window.current.letter_id == ids[WARNED]


def test_mark_done_is_stored_with_history(setup: Any, qtbot: Any, store: Any, monkeypatch: Any) -> None:
    _window, view, ids = setup
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("petition filed", True))
    view.select_entry(row_of(view, "CM99-0000102"))
    assert view.mark_done_button.isEnabled()
    view.mark_done_button.click()
    qtbot.waitUntil(lambda: view.entries[row_of(view, "CM99-0000102")].status.status == "done", timeout=10_000)
    entry = view.entries[row_of(view, "CM99-0000102")]
    assert entry.status.note == "petition filed" and entry.status.done_on == view.today
    assert rows(view)[row_of(view, "CM99-0000102")][3] == f"Done {view.today:%m/%d/%Y}"
    history = store.history(ids["CM99-0000102"])
    assert history[-1].action == "deadline_status"
    view.select_entry(row_of(view, "CM99-0000101"))
    view.dismiss_button.click()
    qtbot.waitUntil(lambda: view.entries[row_of(view, "CM99-0000101")].status.status == "dismissed", timeout=10_000)
    assert store.history(ids["CM99-0000101"])[-1].action == "deadline_status"
    assert view.calendar.count_on(datetime.date(2016, 5, 9)) == 0  # no open deadline that day now
    view.select_entry(row_of(view, "CM99-0000101"))
    assert view.reopen_button.isEnabled() and not view.dismiss_button.isEnabled()
