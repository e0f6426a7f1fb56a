"""The queue's Next deadline column (issue 14.3): the case's soonest open deadline, an overdue
one marked by a sign and the word (not colour alone), "assumed" in the tooltip, sortable;
hidden by default (it does not fit beside the five default columns) and one click away on the
header's menu, where showing it fetches the rows' deadlines."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from known_letters import DUE_IN_WEEKS, DUE_THIS_WEEK, OLD_CASES, import_known_letters
from PySide6.QtCore import Qt
from test_main_window import save_shot
from test_queue_model import make_row

from imr_desk.core.store.deadline_table import NextDeadline
from imr_desk.ui.queue_model import SORT_ROLE, Column, QueueModel

TODAY = datetime.date(2017, 3, 1)


@pytest.fixture
def model(qapp: Any) -> QueueModel:
    queue = QueueModel()
    queue.today = TODAY
    queue.set_rows([make_row(1), make_row(2), make_row(3)])
    queue.set_extras({1: NextDeadline("appeal", datetime.date(2017, 2, 27), True),
                      2: NextDeadline("authorize", datetime.date(2017, 3, 10), False)})
    return queue


def cell(model: QueueModel, letter_id: int, role: Any = Qt.ItemDataRole.DisplayRole) -> Any:
    row = model.row_for_letter(letter_id)
    assert row is not None
    return model.data(model.index(row, Column.NEXT_DEADLINE), role)


def test_overdue_is_marked_by_sign_and_word(model: QueueModel) -> None:
    assert cell(model, 1) == "\u26a0 Overdue 02/27/2017 Appeal"
    assert cell(model, 2) == "03/10/2017 Authorize"
    assert cell(model, 3) == ""  # no open deadline
    assert cell(model, 1, Qt.ItemDataRole.ForegroundRole) is not None  # colour as well, never alone
    assert cell(model, 2, Qt.ItemDataRole.ForegroundRole) is None


def test_tooltip_says_when_and_assumed(model: QueueModel) -> None:
    tip = cell(model, 1, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Appeal: last day 02/27/2017, overdue by 2 days")
    assert "Assumed" in tip
    assert cell(model, 2, Qt.ItemDataRole.ToolTipRole) == "Authorize: last day 03/10/2017, due in 9 days"


def test_sorts_soonest_first_none_last(model: QueueModel) -> None:
    model.sort(Column.NEXT_DEADLINE, Qt.SortOrder.AscendingOrder)
    assert model.letter_ids() == [1, 2, 3]
    model.sort(Column.NEXT_DEADLINE, Qt.SortOrder.DescendingOrder)
    assert model.letter_ids() == [3, 2, 1]
    assert cell(model, 3, SORT_ROLE) == (1, "")


def test_one_row_updated_after_an_edit(model: QueueModel) -> None:
    model.set_next_deadline(1, None)  # marked done: no open deadline left
    assert cell(model, 1) == ""
    model.set_next_deadline(3, NextDeadline("reimburse", datetime.date(2017, 3, 1), False))
    assert cell(model, 3) == "03/01/2017 Reimburse"
    assert "due today" in cell(model, 3, Qt.ItemDataRole.ToolTipRole)


@pytest.mark.usefixtures("message_boxes")
def test_hidden_by_default_and_one_click_away(make_window: Any, store: Any, tmp_path: Path, qtbot: Any) -> None:
    ids = import_known_letters(store, tmp_path, datetime.date.today())
    window = make_window()
    queue = window.queue
    header = queue.table.horizontalHeader()
    assert header.isSectionHidden(Column.NEXT_DEADLINE)
    assert queue.model.next_deadline(ids[DUE_THIS_WEEK]) is None  # not fetched while hidden
    actions = {action.text(): action for action in queue.columns_menu().actions()}
    actions["Next deadline"].trigger()
    assert not header.isSectionHidden(Column.NEXT_DEADLINE)
    texts = {case: queue.model.data(queue.model.index(queue.model.row_for_letter(i), Column.NEXT_DEADLINE))
             for case, i in ids.items()}
    assert all(texts[case].startswith("\u26a0 Overdue ") for case in OLD_CASES)
    assert not texts[DUE_THIS_WEEK].startswith("\u26a0") and texts[DUE_THIS_WEEK].endswith("Appeal")
    queue.table.sortByColumn(Column.NEXT_DEADLINE, Qt.SortOrder.DescendingOrder)
    first = queue.model.queue_row(0).case_number
    assert first == DUE_IN_WEEKS  # the latest deadline first
    bar = queue.table.horizontalScrollBar()
    assert bar.maximum() > 0  # beside the five default columns it does not fit: scroll to it
    bar.setValue(bar.maximum())
    save_shot(window, "queue-next-deadline.png")
