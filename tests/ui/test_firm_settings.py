"""Tools ▸ Firm Settings… (issue 14.3): the firm's side chooses which kinds of deadline show by
default; the holidays in force for a year are listed; a closure the firm adds moves a due date
that fell on it. Saving runs on the worker thread, then every case's deadlines are recomputed."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from known_letters import import_known_letters
from test_main_window import save_shot

from imr_desk.ui.firm_settings_dialog import FirmSettingsDialog

pytestmark = pytest.mark.usefixtures("message_boxes")


@pytest.fixture
def setup(make_window: Any, store: Any, tmp_path: Path, qtbot: Any) -> tuple[Any, FirmSettingsDialog, dict[str, int]]:
    ids = import_known_letters(store, tmp_path, datetime.date.today())
    window = make_window()
    dialog = window.extras.show_firm_settings()
    assert isinstance(dialog, FirmSettingsDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return window, dialog, ids


def save(dialog: FirmSettingsDialog, qtbot: Any) -> None:
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        dialog.save()


def test_side_changes_the_kinds_shown(setup: Any, qtbot: Any, store: Any) -> None:
    window, dialog, _ids = setup
    assert "Petition appealing" in dialog.kinds_label.text() and "Authorize" not in dialog.kinds_label.text()
    assert {entry.kind for entry in store.deadlines()} == {"appeal"}
    dialog.side.setCurrentIndex(dialog.side.findData("defense"))
    assert "Authorize the overturned treatment" in dialog.kinds_label.text()
    save_shot(dialog, "firm-settings.png")
    save(dialog, qtbot)
    assert store.deadline_settings().firm_side == "defense"
    kinds = {entry.kind for entry in store.deadlines()}
    assert {"appeal", "authorize"} <= kinds  # the overturned samples' treatment to authorize
    view = window.extras.show_deadlines()
    qtbot.waitUntil(view.isVisible, timeout=5000)
    assert "Authorize" in {view.table.item(row, 1).text() for row in range(view.table.rowCount())}


def test_holidays_of_a_year_and_an_added_closure_moves_a_due_date(setup: Any, qtbot: Any, store: Any) -> None:
    _window, dialog, ids = setup
    dialog.year.setValue(2016)
    listed = [dialog.holidays.item(row).text() for row in range(dialog.holidays.count())]
    assert "07/04/2016  Mon  Independence Day" in listed
    before = next(e for e in store.deadlines() if e.letter_id == ids["CM99-0000101"])
    assert before.due == datetime.date(2016, 5, 9)  # a Monday
    dialog.add_date(datetime.date(2016, 5, 9), "Board closed")
    assert "05/09/2016  Mon  Board closed" in [dialog.holidays.item(r).text() for r in range(dialog.holidays.count())]
    assert dialog.firm_dates.count() == 1
    save(dialog, qtbot)
    assert store.deadline_settings().added_holidays == (datetime.date(2016, 5, 9),)
    after = next(e for e in store.deadlines() if e.letter_id == ids["CM99-0000101"])
    assert after.due == datetime.date(2016, 5, 10)


def test_removing_a_closure(setup: Any) -> None:
    _window, dialog, _ids = setup
    dialog.add_date(datetime.date(2017, 1, 3), "")
    dialog.firm_dates.setCurrentRow(0)
    dialog.remove_date()
    assert dialog.firm_dates.count() == 0 and dialog.edited_settings().added_holidays == ()


def test_a_save_refused_keeps_the_dialog_open(setup: Any, qtbot: Any, store: Any) -> None:
    from imr_desk.core.deadlines.settings import DeadlineSettings
    from imr_desk.core.store.connection import ANY_VERSION

    _window, dialog, _ids = setup
    store.set_deadline_settings(DeadlineSettings(firm_side="defense"), expected_version=ANY_VERSION)  # elsewhere
    dialog.save()
    qtbot.waitUntil(lambda: dialog.message.text().startswith("\u26a0 Not saved"), timeout=10_000)
    assert dialog.isVisible() and dialog.buttons.isEnabled()
    assert "changed elsewhere" in dialog.message.text()
