"""The queue for the firm's many desks (issue 16.7): "In review by NAME" when someone else set a
letter in review, "Open: NAME" while another desk has it open (never for this desk's own
letter, never for a desk gone quiet), an optional Assigned to column, and the My letters filter
("assigned to me" in the filters-in-words line)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from test_main_window import save_shot

from imr_desk.core.store import ANY_VERSION, Store
from imr_desk.core.store.rows import set_user_name
from imr_desk.ui.queue_model import Column
from imr_desk.ui.queue_panel import QueuePanel
from tests.support.store_fixtures import add_letter, invented_letter

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def me() -> Iterator[str]:
    set_user_name("Maria Lopez")
    yield "Maria Lopez"
    set_user_name(None)


@pytest.fixture
def letters(store: Store, me: str) -> list[int]:
    ids = [add_letter(store, invented_letter(f"CM16-20000{n}", decision_date=f"2016-12-0{n}")) for n in range(1, 7)]
    set_user_name("Ann Park")  # Ann set letter 1 in review and has letter 3 open
    store.set_review_state(ids[0], "in_review", expected_version=ANY_VERSION)
    set_user_name(me)
    store.set_review_state(ids[1], "in_review", expected_version=ANY_VERSION)  # mine
    store.assign(ids[1], me, expected_version=ANY_VERSION)
    store.assign(ids[3], me, expected_version=ANY_VERSION)
    store.assign(ids[2], "Ann Park", expected_version=ANY_VERSION)
    store.mark_open(ids[2], desk="ann-desk", person="Ann Park")
    store.db.execute("INSERT INTO letter_presence (letter_id, desk, person, seen_at) VALUES (?, ?, ?, ?)",
                     [ids[4], "gone-desk", "Bob Stone", "2020-01-01T00:00:00Z"])  # that desk went away
    return ids


@pytest.fixture
def panel(qtbot: Any, store: Store, letters: list[int]) -> QueuePanel:
    queue = QueuePanel()
    qtbot.addWidget(queue)
    queue.resize(1100, 330)
    store.mark_open(letters[5], desk=queue.desk, person="Maria Lopez")  # open at this very desk
    queue.set_store(store)
    queue.show()
    qtbot.waitExposed(queue)
    return queue


def cell(panel: QueuePanel, letter_id: int, column: Column, role: Any = Qt.ItemDataRole.DisplayRole) -> Any:
    row = panel.model.row_for_letter(letter_id)
    assert row is not None
    return panel.model.data(panel.model.index(row, column), role)


def test_review_open_and_assigned_say_who(qtbot: Any, panel: QueuePanel, letters: list[int]) -> None:
    assert cell(panel, letters[0], Column.REVIEW_STATE) == "In review by Ann Park"
    assert cell(panel, letters[1], Column.REVIEW_STATE) == "In review"  # set by me
    assert cell(panel, letters[2], Column.MARKS) == "Open: Ann Park"
    assert "Open at Ann Park's desk" in cell(panel, letters[2], Column.MARKS, Qt.ItemDataRole.ToolTipRole)
    assert "Open" not in cell(panel, letters[4], Column.MARKS)  # a stale presence
    assert "Open" not in cell(panel, letters[5], Column.MARKS)  # my own desk
    header = panel.table.horizontalHeader()
    assert header.isSectionHidden(Column.ASSIGNED_TO)  # one click away, like Next deadline
    actions = {action.text(): action for action in panel.columns_menu().actions()}
    actions["Assigned to"].trigger()
    assert not header.isSectionHidden(Column.ASSIGNED_TO)
    assert cell(panel, letters[1], Column.ASSIGNED_TO) == "Maria Lopez"
    assert cell(panel, letters[0], Column.ASSIGNED_TO) == ""
    panel.table.sortByColumn(Column.ASSIGNED_TO, Qt.SortOrder.DescendingOrder)
    assert panel.model.letter_ids()[:3] == [letters[3], letters[1], letters[2]]  # Maria ×2 (newest first), Ann
    panel.select_letter(letters[2])
    save_shot(panel, "queue_desks.png")


def test_my_letters_filter(qtbot: Any, panel: QueuePanel, letters: list[int]) -> None:
    panel.filters.mine.setChecked(True)
    assert panel.model.letter_ids() == [letters[3], letters[1]]
    assert "assigned to me" in panel.active_label.text()
    assert panel.count_label.text() == "2 of 6 letters"
    panel.clear_filters()
    assert not panel.filters.mine.isChecked() and panel.model.rowCount() == 6


def test_update_row_keeps_the_desks_words(panel: QueuePanel, store: Store, letters: list[int]) -> None:
    store.mark_open(letters[0], desk="ann-desk", person="Ann Park")
    panel.update_row(letters[0])
    assert cell(panel, letters[0], Column.MARKS) == "Open: Ann Park"
    assert cell(panel, letters[0], Column.REVIEW_STATE) == "In review by Ann Park"


def test_next_unreviewed_asks_the_store(panel: QueuePanel, letters: list[int]) -> None:
    order = panel.model.letter_ids()  # newest first: letters 6, 5, 4, 3, 2, 1
    panel.select_letter(order[3])  # letter 3
    assert panel.select_next_unreviewed() and panel.current_letter_id() == order[0]  # 2 and 1 in review: wraps
