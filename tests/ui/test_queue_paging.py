"""The queue model fetches rows as they are painted (issue 16.7): it holds the id order only,
asks its source for a page of rows when a cell of the page is first wanted, keeps a bounded
number of pages, and asks the source for a new order to sort. Tested without widgets, over a
source that builds 100,000 rows on demand and counts what it is asked."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from test_queue_model import make_row

from imr_desk.core.store.deadline_table import NextDeadline
from imr_desk.core.store.rows import set_user_name
from imr_desk.ui.queue_model import CACHED_PAGES, LETTER_ID_ROLE, PAGE_SIZE, Column, QueueModel

DISPLAY = Qt.ItemDataRole.DisplayRole
LETTERS = 100_000


class CountingSource:
    """A `QueueSource` over letter ids 1…n (case numbers in id order), counting each request."""

    def __init__(self, count: int = LETTERS) -> None:
        self.count = count
        self.orders: list[tuple[str | None, bool]] = []
        self.row_requests: list[list[int]] = []
        self.deadline_requests = 0
        self.deadlines_wanted = False

    def order(self, sort: str | None, descending: bool) -> list[int] | None:
        self.orders.append((sort, descending))
        ids = list(range(1, self.count + 1))
        return ids[::-1] if descending else ids

    def rows(self, ids: Sequence[int]) -> list[Any]:
        self.row_requests.append(list(ids))
        return [make_row(letter_id, review_state="in_review", review_user="ann") for letter_id in ids]

    def next_deadlines(self, ids: Sequence[int]) -> dict[int, Any] | None:
        if not self.deadlines_wanted:
            return None
        self.deadline_requests += 1
        return {letter_id: NextDeadline("appeal", datetime.date(2017, 3, 1), False)
                for letter_id in ids if letter_id % 2}


@pytest.fixture
def source() -> CountingSource:
    return CountingSource()


@pytest.fixture
def model(qapp: Any, source: CountingSource) -> Iterator[QueueModel]:
    set_user_name("me")  # who sits at this desk
    queue = QueueModel()
    queue.set_source(source)
    yield queue
    set_user_name(None)


def text(model: QueueModel, row: int, column: Column, role: Any = DISPLAY) -> Any:
    return model.data(model.index(row, column), role)


def test_row_count_without_fetching_a_row(model: QueueModel, source: CountingSource) -> None:
    assert model.rowCount() == LETTERS
    assert source.orders == [(None, False)] and source.row_requests == []
    assert model.letter_id(54_321) == 54_322 and model.row_for_letter(54_322) == 54_321
    assert text(model, 54_321, Column.CASE_NUMBER, LETTER_ID_ROLE) == 54_322  # the id needs no row
    assert source.row_requests == [] and model.cached_rows() == 0


def test_only_the_pages_painted_are_fetched(model: QueueModel, source: CountingSource) -> None:
    assert text(model, 70_010, Column.CASE_NUMBER) == "CM16-0070011"
    page = 70_010 // PAGE_SIZE
    assert source.row_requests == [list(range(page * PAGE_SIZE + 1, (page + 1) * PAGE_SIZE + 1))]
    for row in range(page * PAGE_SIZE, (page + 1) * PAGE_SIZE):  # the rest of that page: no more asking
        text(model, row, Column.REVIEW_STATE)
    assert len(source.row_requests) == 1 and model.fetches == 1
    assert text(model, 70_010, Column.REVIEW_STATE) == "In review by ann"  # someone else set it


def test_memory_stays_flat_scrolling_the_whole_queue(model: QueueModel, source: CountingSource) -> None:
    for row in range(0, LETTERS, PAGE_SIZE // 2):  # a scroll from top to bottom
        text(model, row, Column.CASE_NUMBER)
    assert len(source.row_requests) == LETTERS // PAGE_SIZE
    assert model.cached_rows() <= CACHED_PAGES * PAGE_SIZE
    before = len(source.row_requests)
    text(model, 0, Column.CASE_NUMBER)  # the first page was dropped long ago: asked for again
    assert len(source.row_requests) == before + 1


def test_sort_asks_the_source_and_the_selection_follows(model: QueueModel, source: CountingSource) -> None:
    selection = QItemSelectionModel(model)
    selection.setCurrentIndex(model.index(10, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                              | QItemSelectionModel.SelectionFlag.Rows)
    text(model, 10, Column.CASE_NUMBER)
    model.sort(Column.CASE_NUMBER, Qt.SortOrder.DescendingOrder)
    assert source.orders[-1] == ("case_number", True)
    assert model.letter_id(0) == LETTERS
    assert model.letter_id(selection.currentIndex().row()) == 11  # still letter 11, now near the end
    assert model.cached_rows() == 0  # the pages were of the old order
    model.sort(Column.NEXT_DEADLINE, Qt.SortOrder.AscendingOrder)
    model.sort(Column.MATCH, Qt.SortOrder.AscendingOrder)
    assert source.orders[-2:] == [("next_deadline", False), ("match", False)]


def test_update_row_replaces_a_cached_row_in_place(qtbot: Any, model: QueueModel, source: CountingSource) -> None:
    assert text(model, 5, Column.CORRECTIONS) == ""
    with qtbot.waitSignal(model.dataChanged):
        assert model.update_row(make_row(6, corrections=4, review_state="verified"))
    assert text(model, 5, Column.CORRECTIONS) == "4" and text(model, 5, Column.REVIEW_STATE) == "Verified"
    assert len(source.row_requests) == 1
    assert model.update_row(make_row(90_000))  # listed, not fetched: its page comes from the source later
    assert not model.update_row(make_row(LETTERS + 5))  # not listed


def test_next_deadlines_come_and_go_with_their_page(model: QueueModel, source: CountingSource) -> None:
    model.today = datetime.date(2017, 2, 1)
    assert text(model, 0, Column.NEXT_DEADLINE) == "" and source.deadline_requests == 0  # hidden: not asked
    source.deadlines_wanted = True
    model.set_source(source)
    assert text(model, 0, Column.NEXT_DEADLINE) == "03/01/2017 Appeal"
    assert text(model, 1, Column.NEXT_DEADLINE) == ""
    assert source.deadline_requests == 1 and model.next_deadline(1) is not None
    for page in range(1, CACHED_PAGES + 1):
        text(model, page * PAGE_SIZE, Column.CASE_NUMBER)
    assert model.next_deadline(1) is None  # dropped with its page


def test_many_desks_words(model: QueueModel) -> None:
    model.set_rows([make_row(1, review_state="in_review", review_user="me"),
                    make_row(2, review_state="in_review", review_user="ann", open_by="bob", assigned_to="me"),
                    make_row(3, review_state="verified", review_user="ann")])
    assert [text(model, row, Column.REVIEW_STATE) for row in range(3)] == [
        "In review", "In review by ann", "Verified"]
    assert text(model, 1, Column.MARKS) == "Open: bob"
    assert "Open at bob's desk" in text(model, 1, Column.MARKS, Qt.ItemDataRole.ToolTipRole)
    assert "Open at bob's desk" in text(model, 1, Column.REVIEW_STATE, Qt.ItemDataRole.ToolTipRole)
    assert "set by you" in text(model, 0, Column.REVIEW_STATE, Qt.ItemDataRole.ToolTipRole)
    assert text(model, 1, Column.ASSIGNED_TO) == "me" and text(model, 0, Column.ASSIGNED_TO) == ""
    assert text(model, 1, Column.ASSIGNED_TO, Qt.ItemDataRole.ToolTipRole) == "Assigned to me (you)"


def test_paged_model_passes_qt_model_tester(qtmodeltester: Any, qapp: Any) -> None:
    queue = QueueModel()
    queue.set_source(CountingSource(450))
    qtmodeltester.check(queue)
    queue.sort(Column.DECISIONS, Qt.SortOrder.DescendingOrder)
    queue.update_row(make_row(7, review_state="verified"))
    qtmodeltester.check(queue)
