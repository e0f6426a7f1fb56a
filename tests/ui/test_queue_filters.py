"""The queue's filters (issues 13.5, 14.3, 15.5): decision dates, treatment category, checks and
deadlines beside review state and outcome, each narrowing the list of a store with known
letters; the active ones said in words under the filters; one click clears them all; View ▸
Statistics… opens on the queue's filters."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from known_letters import DUE_IN_WEEKS, DUE_THIS_WEEK, OLD_CASES, WARNED, import_known_letters
from test_main_window import save_shot

from imr_desk.ui.queue_filters import category_choices, set_date

pytestmark = pytest.mark.usefixtures("message_boxes")
ALL = {*OLD_CASES, WARNED, DUE_THIS_WEEK, DUE_IN_WEEKS}


@pytest.fixture
def window(make_window: Any, store: Any, tmp_path: Path) -> Any:
    import_known_letters(store, tmp_path, datetime.date.today())
    shown = make_window()
    shown.queue.reload()
    return shown


def listed(window: Any) -> set[str]:
    model = window.queue.model
    return {model.queue_row(row).case_number for row in range(model.rowCount())}


def choose(combo: Any, data: Any) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_decision_date_range(window: Any) -> None:
    filters = window.queue.filters
    set_date(filters.decided_from, datetime.date(2016, 4, 10))
    assert listed(window) == ALL - {"CM99-0000101"}
    set_date(filters.decided_to, datetime.date(2016, 6, 1))
    assert listed(window) == {"CM99-0000102", "CM99-0000103", WARNED}
    assert filters.active_words() == ["decided 04/10/2016–06/01/2016"]
    assert window.queue.active_label.text() == "Showing: decided 04/10/2016–06/01/2016"
    assert filters.button.text() == "Filters (1)"


def test_category_top_level_and_full_label(window: Any) -> None:
    choices = [value for _label, value in category_choices()]
    assert "Pharmaceuticals" in choices and "Pharmaceuticals · Opioids" in choices
    category = window.queue.filters.category
    choose(category, "Pharmaceuticals")  # every label below it
    assert listed(window) == {"CM99-0000104", "CM99-0000102", "CM99-0000101", DUE_THIS_WEEK, DUE_IN_WEEKS}
    assert window.queue.search_filters().category == "Pharmaceuticals"
    choose(category, "Pharmaceuticals · Opioids")
    assert listed(window) == {"CM99-0000104"}
    choose(category, "DMEPOS · DME")
    assert listed(window) == {"CM99-0000104", "CM99-0000103", WARNED}
    assert "category DMEPOS · DME" in window.queue.active_label.text()


def test_has_checks(window: Any) -> None:
    checks = window.queue.filters.checks
    choose(checks, "warn")
    assert listed(window) == {WARNED}  # its header's date of injury is not its summary's
    assert window.queue.active_label.text() == "Showing: has a warning check"
    choose(checks, "any")
    assert listed(window) == ALL  # every sample letter has an informational check


def test_deadline_filters(window: Any) -> None:
    deadlines = window.queue.filters.deadlines
    deadlines.setCurrentIndex(deadlines.findText("Overdue"))
    assert listed(window) == {*OLD_CASES, WARNED}
    deadlines.setCurrentIndex(deadlines.findText("Due within 7 days"))
    assert listed(window) == {DUE_THIS_WEEK}
    deadlines.setCurrentIndex(deadlines.findText("Due within 30 days"))
    assert listed(window) == {DUE_THIS_WEEK, DUE_IN_WEEKS}
    assert window.queue.active_label.text() == "Showing: due within 30 days"


def test_filters_combine_in_words_and_clear_in_one_click(window: Any) -> None:
    queue = window.queue
    choose(queue.review_filter, "unreviewed")
    choose(queue.filters.category, "Diagnostic Testing")
    queue.filters.deadlines.setCurrentIndex(queue.filters.deadlines.findText("Overdue"))
    assert listed(window) == {"CM99-0000103", "CM99-0000101", WARNED}
    assert queue.active_label.text() == "Showing: Unreviewed, category Diagnostic Testing, overdue"
    assert queue.clear_button.isVisible()
    save_shot(window, "queue-filters-active.png")
    queue.clear_button.click()
    assert listed(window) == ALL
    assert queue.filters.active_words() == [] and not queue.active_label.isVisible()
    assert queue.filters.button.text() == "Filters"


@pytest.mark.qt_log_ignore(r"This plugin does not support (raise|grabbing the keyboard|propagateSizeHints)")
def test_filters_popup_fits(window: Any, qtbot: Any) -> None:
    popup = window.queue.filters.popup
    menu = window.queue.filters.button.menu()
    menu.popup(window.queue.filters.button.mapToGlobal(window.queue.filters.button.rect().bottomLeft()))
    qtbot.waitExposed(menu)
    assert popup.isVisible()
    for edit in (window.queue.filters.decided_from, window.queue.filters.category):
        assert edit.width() >= edit.minimumSizeHint().width()
    save_shot(menu, "queue-filters-popup.png")
    menu.close()


def test_statistics_opens_on_the_queues_filters(window: Any, qtbot: Any) -> None:
    choose(window.queue.filters.category, "Pharmaceuticals")
    window.extras.statistics.trigger()
    dialog = window.extras.statistics_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog._filters == window.queue.search_filters()
    assert dialog._filters.category == "Pharmaceuticals"
    dialog.close()
