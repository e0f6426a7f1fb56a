"""The case queue: its table model without widgets (pytest-qt's model tester), then the panel over a real store."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt
from PySide6.QtWidgets import QApplication

from imr_desk.core.store import ANY_VERSION, QueueRow, Store
from imr_desk.ui.queue_model import LETTER_ID_ROLE, SORT_ROLE, Column, QueueModel, format_date
from imr_desk.ui.queue_panel import HEADER_STATE_KEY, QueuePanel, count_text

# The offscreen platform plugin warns that it cannot pass size hints to a window manager.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

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
    qtmodeltester.check(model)  # Qt's tester stays attached and checks every change below
    model.sort(Column.DECISIONS, Qt.SortOrder.DescendingOrder)
    model.update_row(make_row(2, review_state="verified"))
    model.set_rows([make_row(i) for i in range(10, 40)])
    model.sort(Column.CASE_NUMBER, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


def test_shape_and_headers(model: QueueModel) -> None:
    assert model.rowCount() == 3
    assert model.columnCount() == 14  # with Next deadline, Match and Assigned to
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:3] == ["Case", "Decided", "Injury"]
    assert headers[-6:] == ["File", "Outcome", "Marks", "Next deadline", "Match", "Assigned to"]


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
    assert "no case number in CM16-0000003.pdf" in cell(model, 2, Column.CASE_NUMBER, Qt.ItemDataRole.ToolTipRole)
    tooltip = cell(model, 0, Column.CASE_NUMBER, Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "CM16-0000001, imported from CM16-0000001.pdf"
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


def test_sorts_by_raw_values_not_text(model: QueueModel) -> None:
    model.sort(Column.DECISIONS, Qt.SortOrder.DescendingOrder)
    assert model.letter_ids() == [1, 2, 3]  # 10 > 9 > 1 (text would put "9" first)
    model.sort(Column.DECISION_DATE, Qt.SortOrder.AscendingOrder)
    assert model.letter_ids() == [3, 2, 1]  # no date first, then Feb, then Dec
    model.sort(Column.REVIEW_STATE, Qt.SortOrder.AscendingOrder)
    assert model.letter_ids() == [2, 3, 1]  # unreviewed, in review, verified
    assert model.row_for_letter(1) == 2 and model.letter_id(2) == 1
    assert model.row_for_letter(99) is None


def test_new_rows_come_in_the_current_sort_order(model: QueueModel) -> None:
    model.sort(Column.CASE_NUMBER, Qt.SortOrder.DescendingOrder)
    model.set_rows(
        [make_row(5, case_number="CM16-A"), make_row(6, case_number="cm16-c"), make_row(7, case_number="CM16-B")]
    )
    assert model.letter_ids() == [6, 7, 5]  # case-insensitive


def test_selection_follows_its_rows_through_a_sort(model: QueueModel) -> None:
    selection = QItemSelectionModel(model)
    selection.setCurrentIndex(
        model.index(model.row_for_letter(2), 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    model.sort(Column.DECISION_DATE, Qt.SortOrder.AscendingOrder)
    assert model.letter_id(selection.currentIndex().row()) == 2
    assert [model.letter_id(index.row()) for index in selection.selectedRows()] == [2]


def test_update_row_replaces_in_place_and_signals_the_row(qtbot: Any, model: QueueModel) -> None:
    model.sort(Column.REVIEW_STATE, Qt.SortOrder.AscendingOrder)
    assert model.letter_ids() == [2, 3, 1]
    with qtbot.waitSignal(model.dataChanged) as blocker:
        assert model.update_row(make_row(2, review_state="verified", corrections=5, version=2))
    top_left, bottom_right = blocker.args[0], blocker.args[1]
    assert (top_left.row(), top_left.column(), bottom_right.row(), bottom_right.column()) == (0, 0, 0, 13)
    assert model.rowCount() == 3
    assert cell(model, 0, Column.REVIEW_STATE) == "Verified"
    assert cell(model, 0, Column.CORRECTIONS) == "5"
    assert model.letter_ids() == [2, 3, 1]  # stays put while being reviewed
    model.sort(Column.REVIEW_STATE, Qt.SortOrder.AscendingOrder)
    assert model.letter_ids() == [3, 2, 1]  # the next sort puts it in its place


def test_update_row_of_an_unlisted_letter_changes_nothing(qtbot: Any, model: QueueModel) -> None:
    with qtbot.assertNotEmitted(model.dataChanged):
        assert not model.update_row(make_row(42))
    assert model.letter_ids() == [1, 2, 3]


def test_ten_thousand_rows_sort_and_map(model: QueueModel) -> None:
    rows = [
        make_row(i, decisions=i % 7, decision_date=f"20{10 + i % 8}-0{1 + i % 9}-1{i % 10}") for i in range(1, 10_001)
    ]
    model.set_rows(rows)
    assert model.row_for_letter(7_777) == 7_776
    model.sort(Column.DECISION_DATE, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == 10_000
    dates = [cell(model, row, Column.DECISION_DATE, SORT_ROLE) for row in range(10_000)]
    assert dates == sorted(dates, reverse=True)
    assert model.letter_id(model.row_for_letter(7_777)) == 7_777
    assert model.update_row(make_row(7_777, decisions=99))
    assert cell(model, model.row_for_letter(7_777), Column.DECISIONS) == "99"


def test_invalid_index_and_parent_give_nothing(model: QueueModel) -> None:
    assert model.data(QModelIndex()) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


@pytest.mark.parametrize(
    ("iso", "shown"), [("2016-01-05", "01/05/2016"), (None, ""), ("", ""), ("5 Jan 2016", "5 Jan 2016")]
)
def test_format_date(iso: str | None, shown: str) -> None:
    assert format_date(iso) == shown


# -- the panel over a real store ---------------------------------------------------------------

ARTIFACTS = Path(__file__).resolve().parent.parent / "_artifacts"


@pytest.fixture(scope="module")
def corpus_store_file(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """A store holding the 64 corpus letters, built once; tests work on copies."""
    path = tmp_path_factory.mktemp("queue-store") / "corpus.db"
    with Store(path) as store:
        results = store.import_paths([corpus_dir / "dwc-2016"])
    assert {result.status for result in results} == {"imported"}
    return path


@pytest.fixture
def store(corpus_store_file: Path, tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "queue.db"
    shutil.copy(corpus_store_file, copy)
    with Store(copy) as opened:
        yield opened


@pytest.fixture
def panel(qtbot: Any, store: Store) -> QueuePanel:
    queue_panel = QueuePanel()
    qtbot.addWidget(queue_panel)
    queue_panel.resize(1000, 520)
    queue_panel.set_store(store)
    queue_panel.show()
    qtbot.waitExposed(queue_panel)
    return queue_panel


def shown_ids(panel: QueuePanel) -> list[int]:
    return panel.model.letter_ids()



def test_panel_lists_every_letter_newest_first_with_a_count(panel: QueuePanel, store: Store) -> None:
    assert panel.model.rowCount() == store.count() == 64
    assert panel.count_label.text() == "64 letters"
    dates = [cell(panel.model, row, Column.DECISION_DATE, SORT_ROLE) for row in range(64)]
    assert dates == sorted(dates, reverse=True)
    ids = shown_ids(panel)
    store.set_review_state(ids[0], "verified", expected_version=ANY_VERSION)
    store.set_review_state(ids[2], "in_review", expected_version=ANY_VERSION)
    store.correct(ids[2], "header.priority", "Expedited", expected_version=ANY_VERSION)
    panel.reload()
    panel.select_letter(ids[2])
    QApplication.processEvents()
    ARTIFACTS.mkdir(exist_ok=True)
    assert panel.grab().save(str(ARTIFACTS / "queue_panel.png"))
    Path("/tmp/shots").mkdir(exist_ok=True)
    shutil.copy(ARTIFACTS / "queue_panel.png", "/tmp/shots/queue_panel.png")


def test_quick_filters_narrow_the_list(qtbot: Any, panel: QueuePanel, store: Store) -> None:
    first, second = shown_ids(panel)[:2]
    store.set_review_state(first, "verified", expected_version=ANY_VERSION)
    store.set_review_state(second, "in_review", expected_version=ANY_VERSION)
    panel.review_filter.setCurrentIndex(panel.review_filter.findData("verified"))
    assert shown_ids(panel) == [first]
    assert panel.count_label.text() == "1 of 64 letters"
    panel.review_filter.setCurrentIndex(0)
    panel.outcome_filter.setCurrentIndex(panel.outcome_filter.findData("overturned"))
    overturned = shown_ids(panel)
    assert 0 < len(overturned) < 64
    assert all(panel.model.queue_row(panel.model.row_for_letter(i)).overturned > 0 for i in overturned)


def test_search_is_debounced_and_any_text_is_safe(qtbot: Any, panel: QueuePanel, store: Store) -> None:
    qtbot.keyClicks(panel.search_box, "therapy")
    assert panel.model.rowCount() == 64  # not yet: the search waits for a pause in typing
    expected = {row.letter_id for row in store.queue("therapy")}
    qtbot.waitUntil(lambda: set(shown_ids(panel)) == expected, timeout=3000)
    assert 0 < len(expected) < 64
    for awkward in ('"unbalanced', "AND OR NOT", "x* (", "ü'; DROP TABLE letters; --"):
        panel.search_box.setText(awkward)
        panel.reload()
        assert "could not" not in panel.count_label.text()
    panel.search_box.setText("zzqx nothing like this")
    panel.reload()
    assert panel.count_label.text() == "No letters match “zzqx nothing like this”"
    panel.search_box.setText("CM16-0221706")
    panel.reload()
    assert [panel.model.queue_row(0).case_number] == ["CM16-0221706"]
    assert panel.count_label.text() == "1 of 64 letters"


def test_keyboard_moves_and_activates(qtbot: Any, panel: QueuePanel) -> None:
    ids = shown_ids(panel)
    with qtbot.waitSignal(panel.letterActivated, check_params_cb=lambda i: i == ids[0], timeout=1000):
        panel.select_letter(ids[0])
    panel.table.setFocus()
    with qtbot.waitSignal(panel.letterActivated, check_params_cb=lambda i: i == ids[1], timeout=1000):
        qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    with qtbot.waitSignal(panel.letterActivated, check_params_cb=lambda i: i == ids[1], timeout=1000):
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # Enter re-opens the current letter
    with qtbot.waitSignal(panel.selectionChanged, check_params_cb=lambda s: s == ids[1:4], timeout=1000):
        qtbot.keyClick(panel.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClick(panel.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert panel.selected_letter_ids() == ids[1:4]
    panel.focus_search()
    assert panel.search_box.hasFocus()
    qtbot.keyClick(panel.search_box, Qt.Key.Key_Down)
    assert panel.table.hasFocus()


def test_reload_keeps_selection_quietly_and_update_row_refreshes_in_place(
    qtbot: Any, panel: QueuePanel, store: Store
) -> None:
    ids = shown_ids(panel)
    panel.select_letter(ids[5])
    with qtbot.assertNotEmitted(panel.letterActivated):
        panel.reload()
    assert panel.current_letter_id() == ids[5] and panel.selected_letter_ids() == [ids[5]]
    store.correct(ids[5], "header.priority", "Expedited", expected_version=ANY_VERSION)
    store.correct(ids[5], "header.case_number", "CM99-0000001", expected_version=ANY_VERSION)
    # verified last: an edit of a verified letter moves it back to In Review (issue 12 item 2)
    store.set_review_state(ids[5], "verified", expected_version=ANY_VERSION)
    with qtbot.assertNotEmitted(panel.model.modelReset), qtbot.assertNotEmitted(panel.letterActivated):
        panel.update_row(ids[5])
    row = panel.model.queue_row(panel.model.row_for_letter(ids[5]))
    assert (row.review_state, row.corrections, row.case_number) == ("verified", 2, "CM99-0000001")
    assert cell(panel.model, panel.model.row_for_letter(ids[5]), Column.CASE_NUMBER) == "CM99-0000001"
    assert panel.current_letter_id() == ids[5]


def test_next_unreviewed_skips_reviewed_letters_and_wraps(qtbot: Any, panel: QueuePanel, store: Store) -> None:
    ids = shown_ids(panel)
    for letter_id in ids[1:4]:
        store.set_review_state(letter_id, "verified", expected_version=ANY_VERSION)
    panel.reload()
    panel.select_letter(ids[0])
    with qtbot.waitSignal(panel.letterActivated, check_params_cb=lambda i: i == ids[4], timeout=1000):
        assert panel.select_next_unreviewed()
    panel.select_letter(ids[-1])
    assert panel.select_next_unreviewed() and panel.current_letter_id() == ids[0]
    for letter_id in ids:
        store.set_review_state(letter_id, "verified", expected_version=ANY_VERSION)
    panel.reload()
    assert not panel.select_next_unreviewed()


def test_column_widths_and_sort_are_remembered(qtbot: Any, panel: QueuePanel, store: Store) -> None:
    header = panel.table.horizontalHeader()
    header.resizeSection(Column.FILE_NAME, 333)
    header.resizeSection(Column.CASE_NUMBER, 171)
    panel.table.sortByColumn(Column.DECISIONS, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: QSettings().contains(HEADER_STATE_KEY), timeout=2000)
    qtbot.wait(600)
    again = QueuePanel()
    qtbot.addWidget(again)
    again.set_store(store)
    again_header = again.table.horizontalHeader()
    assert again_header.sectionSize(Column.CASE_NUMBER) == 171
    assert again_header.sortIndicatorSection() == Column.DECISIONS
    assert again_header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


def test_outcome_summary_and_marks_tell_letters_apart(model: QueueModel) -> None:
    assert cell(model, 0, Column.OUTCOME) == "1 of 10 overturned"
    assert cell(model, 1, Column.OUTCOME) == "0 of 9 overturned"
    assert "9 upheld, 0 overturned" in cell(model, 1, Column.OUTCOME, Qt.ItemDataRole.ToolTipRole)
    assert cell(model, 0, Column.MARKS) == "\u270e"  # three corrections, no warnings
    assert cell(model, 1, Column.MARKS) == "\u26a0"
    assert cell(model, 2, Column.MARKS) == "" and cell(model, 2, Column.MARKS, Qt.ItemDataRole.ToolTipRole) is None
    model.set_rows([make_row(7, decisions=0, overturned=0, has_warnings=True, copies=2, corrections=1)])
    assert cell(model, 0, Column.OUTCOME) == "No decisions"
    assert cell(model, 0, Column.MARKS) == "\u26a0 \u00d72 \u270e"
    tooltip = cell(model, 0, Column.MARKS, Qt.ItemDataRole.ToolTipRole)
    assert "warnings" in tooltip and "2 copies of this case" in tooltip and "1 field(s) corrected" in tooltip
    assert cell(model, 0, Column.MARKS, Qt.ItemDataRole.ForegroundRole) is not None  # warning colour


@dataclass
class _RowWithOcr(QueueRow):
    ocr: bool = False  # the store's OCR flag, once QueueRow carries it


def test_marks_show_ocr_when_the_row_says_so(model: QueueModel) -> None:
    values = {**make_row(5).__dict__, "ocr": True, "has_warnings": True}
    model.set_rows([_RowWithOcr(**values)])
    assert cell(model, 0, Column.MARKS) == "\u26a0 OCR"
    assert "Read by OCR" in cell(model, 0, Column.MARKS, Qt.ItemDataRole.ToolTipRole)


def test_outcome_and_marks_sort_by_what_they_mean(model: QueueModel) -> None:
    model.set_rows([make_row(1, decisions=4, overturned=1), make_row(2, decisions=2, overturned=2),
                    make_row(3, decisions=0, overturned=0), make_row(4, decisions=3, overturned=0, has_warnings=True)])
    model.sort(Column.OUTCOME, Qt.SortOrder.DescendingOrder)
    assert model.letter_ids() == [2, 1, 4, 3]
    model.sort(Column.MARKS, Qt.SortOrder.DescendingOrder)
    assert model.letter_ids()[0] == 4


def test_count_text() -> None:
    assert count_text(1, 1) == "1 letter"
    assert count_text(124, 124) == "124 letters"
    assert count_text(12, 124) == "12 of 124 letters"


def test_sorting_never_reopens_and_a_letter_filtered_away_opens_again(qtbot: Any, panel: QueuePanel) -> None:
    letter_id = shown_ids(panel)[3]
    with qtbot.waitSignal(panel.letterActivated, check_params_cb=lambda i: i == letter_id, timeout=1000):
        panel.select_letter(letter_id)
    with qtbot.assertNotEmitted(panel.letterActivated):
        panel.table.sortByColumn(Column.DECISIONS, Qt.SortOrder.AscendingOrder)
        panel.table.sortByColumn(Column.CASE_NUMBER, Qt.SortOrder.DescendingOrder)
    assert panel.current_letter_id() == letter_id
    with qtbot.assertNotEmitted(panel.letterActivated):
        panel.review_filter.setCurrentIndex(panel.review_filter.findData("verified"))  # nothing verified
        assert panel.model.rowCount() == 0 and panel.count_label.text() == "No letters with these filters (of 64)"
        panel.review_filter.setCurrentIndex(0)
    with qtbot.waitSignal(panel.letterActivated, check_params_cb=lambda i: i == letter_id, timeout=1000):
        panel.select_letter(letter_id)


def test_a_store_that_fails_is_reported_beside_the_filters(qtbot: Any, panel: QueuePanel, store: Store) -> None:
    store.close()  # the connection is gone: every query now fails
    panel.reload()
    assert panel.count_label.text() == "\u26a0 The list could not be read"
    assert str(store.path) in panel.count_label.toolTip()
    assert panel.model.rowCount() == 64  # what was listed stays listed


def test_narrow_default_columns_and_the_columns_menu(qtbot: Any, panel: QueuePanel, store: Store) -> None:
    header = panel.table.horizontalHeader()
    logical = [header.logicalIndex(position) for position in range(header.count())]
    visible = [column for column in logical if not header.isSectionHidden(column)]
    assert visible == [Column.CASE_NUMBER, Column.DECISION_DATE, Column.OUTCOME, Column.REVIEW_STATE, Column.MARKS]
    menu = panel.columns_menu()
    actions = {action.text(): action for action in menu.actions()}
    assert "Case" not in actions and not actions["File"].isChecked() and actions["Marks"].isChecked()
    assert "OCR" in actions["Marks"].toolTip()
    actions["File"].trigger()
    assert not header.isSectionHidden(Column.FILE_NAME) and header.sectionSize(Column.FILE_NAME) > 50
    actions["Outcome"].trigger()
    assert header.isSectionHidden(Column.OUTCOME)
    header.resizeSection(Column.DECISION_DATE, 122)
    panel.hide()  # as the window closes: the latest widths are saved at once
    again = QueuePanel()  # the next run shows the columns as the user left them
    qtbot.addWidget(again)
    again.set_store(store)
    again_header = again.table.horizontalHeader()
    assert not again_header.isSectionHidden(Column.FILE_NAME) and again_header.isSectionHidden(Column.OUTCOME)
    assert again_header.sectionSize(Column.DECISION_DATE) == 122
