"""The case queue's table model, tested without widgets (pytest-qt's model tester + plain checks)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from imr_desk.core.store import QueueRow
from imr_desk.ui.queue_model import LETTER_ID_ROLE, SORT_ROLE, Column, QueueModel, QueueSortProxy, format_date

DISPLAY = Qt.ItemDataRole.DisplayRole


def make_row(letter_id: int, **changes: Any) -> QueueRow:
    values: dict[str, Any] = {
        "letter_id": letter_id,
        "case_number": f"CM16-{letter_id:07d}",
        "decision_date": "2016-11-03",
        "date_of_injury": "2011-05-17",
        "decisions": 2,
        "overturned": 1,
        "review_state": "unreviewed",
        "corrections": 0,
        "has_warnings": False,
        "file_name": f"CM16-{letter_id:07d}.pdf",
        "version": 1,
    }
    values.update(changes)
    return QueueRow(**values)


@pytest.fixture
def model() -> QueueModel:
    queue_model = QueueModel()
    queue_model.set_rows(
        [
            make_row(1, decision_date="2016-12-20", decisions=10, review_state="verified", corrections=3),
            make_row(2, decision_date="2016-02-01", decisions=9, has_warnings=True, overturned=0),
            make_row(3, decision_date=None, case_number=None, decisions=1, review_state="in_review"),
        ]
    )
    return queue_model


def cell(model: Any, row: int, column: Column, role: int = DISPLAY) -> Any:
    return model.data(model.index(row, column), role)


def test_model_passes_qt_model_tester(qtmodeltester: Any, model: QueueModel) -> None:
    qtmodeltester.check(model, force_py=True)
    proxy = QueueSortProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.DECISIONS, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy, force_py=True)


def test_shape_and_headers(model: QueueModel) -> None:
    assert model.rowCount() == 3
    assert model.columnCount() == 9
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:3] == ["Case number", "Decided", "Injury"]
    assert headers[-1] == "File"


def test_cells_are_formatted_for_people(model: QueueModel) -> None:
    assert cell(model, 0, Column.DECISION_DATE) == "12/20/2016"
    assert cell(model, 0, Column.DATE_OF_INJURY) == "05/17/2011"
    assert cell(model, 0, Column.REVIEW_STATE) == "Verified"
    assert cell(model, 2, Column.REVIEW_STATE) == "In review"
    assert cell(model, 1, Column.REVIEW_STATE) == "Unreviewed"
    assert cell(model, 0, Column.CORRECTIONS) == "3"
    assert cell(model, 1, Column.CORRECTIONS) == ""
    assert cell(model, 2, Column.DECISION_DATE) == ""
    assert cell(model, 2, Column.CASE_NUMBER) == "(no case number)"
    assert "no case number" in cell(model, 2, Column.CASE_NUMBER, Qt.ItemDataRole.ToolTipRole)
    assert cell(model, 1, Column.OVERTURNED) == "–"
    assert cell(model, 0, Column.DECISIONS, Qt.ItemDataRole.ToolTipRole) == "10 decided: 9 upheld, 1 overturned"


def test_warnings_flag_has_sign_and_tooltip(model: QueueModel) -> None:
    assert cell(model, 1, Column.WARNINGS) == "\u26a0"
    assert "warnings" in cell(model, 1, Column.WARNINGS, Qt.ItemDataRole.ToolTipRole)
    assert cell(model, 0, Column.WARNINGS) == ""
    assert cell(model, 0, Column.WARNINGS, Qt.ItemDataRole.ToolTipRole) is None


def test_review_state_has_a_coloured_dot(model: QueueModel) -> None:
    verified = cell(model, 0, Column.REVIEW_STATE, Qt.ItemDataRole.DecorationRole)
    unreviewed = cell(model, 1, Column.REVIEW_STATE, Qt.ItemDataRole.DecorationRole)
    assert not verified.isNull() and not unreviewed.isNull()
    assert verified.pixmap(12, 12).toImage().pixelColor(6, 6) != unreviewed.pixmap(12, 12).toImage().pixelColor(6, 6)
    assert cell(model, 0, Column.CASE_NUMBER, Qt.ItemDataRole.DecorationRole) is None


def test_letter_id_and_raw_sort_values_through_custom_roles(model: QueueModel) -> None:
    assert [cell(model, row, Column.FILE_NAME, LETTER_ID_ROLE) for row in range(3)] == [1, 2, 3]
    assert cell(model, 0, Column.DECISION_DATE, SORT_ROLE) == "2016-12-20"
    assert cell(model, 0, Column.DECISIONS, SORT_ROLE) == 10
    assert cell(model, 2, Column.DECISION_DATE, SORT_ROLE) == ""


def test_proxy_sorts_by_raw_values_not_text(model: QueueModel) -> None:
    proxy = QueueSortProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.DECISIONS, Qt.SortOrder.DescendingOrder)
    assert [proxy.letter_id(row) for row in range(3)] == [1, 2, 3]  # 10 > 9 > 1 (text would put "9" first)
    proxy.sort(Column.DECISION_DATE, Qt.SortOrder.AscendingOrder)
    assert [proxy.letter_id(row) for row in range(3)] == [3, 2, 1]  # no date first, then Feb, then Dec
    proxy.sort(Column.REVIEW_STATE, Qt.SortOrder.AscendingOrder)
    assert [proxy.letter_id(row) for row in range(3)] == [2, 3, 1]  # unreviewed, in review, verified
    assert proxy.proxy_row_for_letter(1) == 2
    assert proxy.proxy_row_for_letter(99) is None


def test_update_row_replaces_in_place_and_signals_the_row(qtbot: Any, model: QueueModel) -> None:
    proxy = QueueSortProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.REVIEW_STATE, Qt.SortOrder.AscendingOrder)
    with qtbot.waitSignal(model.dataChanged) as blocker:
        assert model.update_row(make_row(2, review_state="verified", corrections=5, version=2))
    top_left, bottom_right = blocker.args[0], blocker.args[1]
    assert (top_left.row(), top_left.column(), bottom_right.row(), bottom_right.column()) == (1, 0, 1, 8)
    assert model.rowCount() == 3
    assert cell(model, 1, Column.REVIEW_STATE) == "Verified"
    assert cell(model, 1, Column.CORRECTIONS) == "5"
    assert proxy.letter_id(0) == 3  # the proxy re-sorted: letter 2 (now verified) left the top
    assert {proxy.letter_id(1), proxy.letter_id(2)} == {1, 2}


def test_update_row_of_an_unlisted_letter_changes_nothing(qtbot: Any, model: QueueModel) -> None:
    with qtbot.assertNotEmitted(model.dataChanged):
        assert not model.update_row(make_row(42))
    assert model.letter_ids() == [1, 2, 3]


def test_remove_letter_keeps_the_id_map_right(model: QueueModel) -> None:
    assert model.remove_letter(1)
    assert model.letter_ids() == [2, 3]
    assert model.row_for_letter(3) == 1
    assert model.row_for_letter(1) is None
    assert not model.remove_letter(1)


def test_ten_thousand_rows_sort_and_map(model: QueueModel) -> None:
    rows = [make_row(i, decisions=i % 7, decision_date=f"20{10 + i % 8}-0{1 + i % 9}-1{i % 10}") for i in range(1, 10_001)]
    model.set_rows(rows)
    proxy = QueueSortProxy()
    proxy.setSourceModel(model)
    proxy.sort(Column.DECISION_DATE, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == proxy.rowCount() == 10_000
    dates = [proxy.data(proxy.index(row, Column.DECISION_DATE), SORT_ROLE) for row in range(0, 10_000, 97)]
    assert dates == sorted(dates, reverse=True)
    assert model.row_for_letter(7_777) == 7_776
    assert model.update_row(make_row(7_777, decisions=99))
    assert cell(model, 7_776, Column.DECISIONS) == "99"


def test_invalid_index_and_parent_give_nothing(model: QueueModel) -> None:
    assert model.data(QModelIndex()) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


@pytest.mark.parametrize(
    ("iso", "shown"), [("2016-01-05", "01/05/2016"), (None, ""), ("", ""), ("5 Jan 2016", "5 Jan 2016")]
)
def test_format_date(iso: str | None, shown: str) -> None:
    assert format_date(iso) == shown
