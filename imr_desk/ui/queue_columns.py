"""The case queue's table and columns: how it is set up, which columns show, their widths.

`make_queue_table` builds the sortable, row-selecting `QTableView` over a `QueueModel`;
`columns_menu` is the header's menu of checkable columns; until the user arranges them
(`restore_header_state` finds nothing saved) `arrange_default_columns` shows the five that tell
letters apart at the window's default width and `fit_columns_to_contents` sizes them. Widths,
order and the sort persist in QSettings under `HEADER_STATE_KEY`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTableView, QWidget

from imr_desk.ui.queue_model import Column, QueueModel

# The rows whose contents size the columns when they are fitted: a screenful and a half (each
# row's cells cost ~40 µs to measure; the columns hold dates, counts and case numbers of fixed
# shapes, and a wider file name than these rows' shows elided, its tooltip whole).
FIT_ROWS = 50
HEADER_STATE_KEY = "queue/header_state_v4"  # v4: Assigned to (v3 had thirteen columns)
# Until the user arranges the columns (header context menu, drag), the queue shows what a
# paralegal needs to tell letters apart and choose one, at the window's default width; the
# other columns are one right-click on the header away.
DEFAULT_COLUMN_ORDER = (
    Column.CASE_NUMBER, Column.DECISION_DATE, Column.OUTCOME, Column.REVIEW_STATE, Column.MARKS,
    Column.DECISIONS, Column.OVERTURNED, Column.WARNINGS, Column.CORRECTIONS, Column.DATE_OF_INJURY,
    Column.FILE_NAME, Column.NEXT_DEADLINE, Column.ASSIGNED_TO, Column.MATCH,
)
# Next deadline and Assigned to do not fit beside the five default columns at 1400 px: one click away.
HIDDEN_BY_DEFAULT = (
    Column.DECISIONS, Column.OVERTURNED, Column.WARNINGS, Column.CORRECTIONS, Column.DATE_OF_INJURY, Column.FILE_NAME,
    Column.NEXT_DEADLINE, Column.ASSIGNED_TO, Column.MATCH,
)


def make_queue_table(parent: QWidget, model: QueueModel) -> QTableView:
    """The queue's table, newest decision first; the caller connects its signals."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(True)
    table.sortByColumn(Column.DECISION_DATE, Qt.SortOrder.DescendingOrder)
    table.setWordWrap(False)
    table.setShowGrid(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionsMovable(True)
    header.setHighlightSections(False)
    header.setResizeContentsPrecision(FIT_ROWS)
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    table.setAccessibleName("Letters")
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    return table


def columns_menu(table: QTableView, model: QueueModel, set_shown: Callable[[int, bool], None],
                 parent: QWidget) -> QMenu:
    """A menu of checkable columns (the case number always stays); toggling calls `set_shown`."""
    header = table.horizontalHeader()
    menu = QMenu("Columns", parent)
    for column in Column:
        if column == Column.CASE_NUMBER:
            continue
        title = model.headerData(column, Qt.Orientation.Horizontal)
        action = menu.addAction("Warnings" if column == Column.WARNINGS else title)
        action.setToolTip(str(model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)))
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        action.toggled.connect(lambda shown, section=int(column): set_shown(section, shown))
    return menu


def fit_columns_to_contents(table: QTableView) -> None:
    """Each column as wide as its contents and title; the last one shown too (it stretches
    into the room left, but must not claim more than it needs when there is none)."""
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    order = [header.logicalIndex(position) for position in range(header.count())]
    shown = [column for column in order if not header.isSectionHidden(column)]
    if shown:
        last = shown[-1]
        needed = max(table.sizeHintForColumn(last), header.sectionSizeHint(last))
        header.setStretchLastSection(False)
        header.resizeSection(last, needed)
        header.setStretchLastSection(True)


def arrange_default_columns(table: QTableView) -> None:
    header = table.horizontalHeader()
    for position, column in enumerate(DEFAULT_COLUMN_ORDER):
        header.moveSection(header.visualIndex(column), position)
    for column in HIDDEN_BY_DEFAULT:
        header.setSectionHidden(column, True)


def save_header_state(table: QTableView) -> None:
    QSettings().setValue(HEADER_STATE_KEY, table.horizontalHeader().saveState())


def restore_header_state(table: QTableView) -> bool:
    state = QSettings().value(HEADER_STATE_KEY)
    return isinstance(state, QByteArray) and table.horizontalHeader().restoreState(state)
