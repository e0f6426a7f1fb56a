"""The case queue as a Qt table model that fetches its rows as they are painted.

The model holds the queue's order only, a list of letter ids (`rowCount` is its length), and
builds `QueueRow`s a page at a time (`PAGE_SIZE`) when a cell of the page is first asked for,
keeping at most `CACHED_PAGES` pages (the least recently used is dropped), so 100,000 letters
cost an id list, not 100,000 rows. The rows come from a `QueueSource` (the panel's: the store's
`queue_ids` / `queue_rows_by_id`), which sorts too: `sort()` asks it for the new id order and
persistent indexes (the selection) follow their letters. A page's next deadlines come with it.

`set_rows(rows)` lists rows already built (tests, small lists): the model then sorts them
itself with `queue_cells.sort_value`, as the store sorts. Display roles show dates as
MM/DD/YYYY and review states as words with a coloured dot; `SORT_ROLE` gives the raw value a
column sorts by; `LETTER_ID_ROLE` the letter id of any cell (no fetch).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from imr_desk.core.store.rows import current_user
from imr_desk.ui.queue_cells import (
    ALIGNMENTS,
    COLUMN_COUNT,
    HEADERS,
    LETTER_ID_ROLE,
    SORT_ROLE,
    Column,
    display_text,
    review_state_icon,
    review_state_label,
    sort_value,
    tooltip_text,
)
from imr_desk.ui.queue_texts import (
    CORRECTED_MARK,
    OCR_MARK,
    WARNING_SIGN,
    elide,
    format_date,
    next_deadline_text,
    next_deadline_tooltip,
    outcome_summary,
    plain_snippet,
    row_marks,
)
from imr_desk.ui.theme import colours

__all__ = ["CORRECTED_MARK", "LETTER_ID_ROLE", "OCR_MARK", "SORT_KEYS", "SORT_ROLE", "WARNING_SIGN", "Column",
           "QueueModel", "QueueSource", "elide", "format_date", "outcome_summary", "review_state_label",
           "row_marks"]

PAGE_SIZE = 200  # rows fetched at once (a screenful is ~30)
CACHED_PAGES = 16  # pages kept: memory stays flat however long the queue

# The store's sort key of each column (`queue_pages.SORT_KEYS`; "match": a search's rank).
SORT_KEYS = {
    Column.CASE_NUMBER: "case_number", Column.DECISION_DATE: "decision_date", Column.DATE_OF_INJURY: "date_of_injury",
    Column.DECISIONS: "decisions", Column.OVERTURNED: "overturned", Column.REVIEW_STATE: "review_state",
    Column.CORRECTIONS: "corrections", Column.WARNINGS: "has_warnings", Column.FILE_NAME: "file_name",
    Column.OUTCOME: "outcome", Column.MARKS: "marks", Column.NEXT_DEADLINE: "next_deadline",
    Column.MATCH: "match", Column.ASSIGNED_TO: "assigned_to",
}

ModelIndex = QModelIndex | QPersistentModelIndex
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_CELL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class QueueSource(Protocol):
    """Where a model's order and rows come from (the panel's store, with its search and filters)."""

    def order(self, sort: str | None, descending: bool) -> list[int] | None:
        """The listed letter ids sorted by `sort` (a `SORT_KEYS` value, None: the queue's own);
        None when they could not be read (the source says why), keeping the order shown."""
        ...

    def rows(self, ids: Sequence[int]) -> list[Any]:
        """The rows of `ids` (one missing for a letter no longer stored)."""
        ...

    def next_deadlines(self, ids: Sequence[int]) -> dict[int, Any] | None:
        """The next deadlines of `ids` (None: not wanted now, e.g. the column is hidden)."""
        ...


class _Page:
    """One fetched page: its rows by letter id and each row's cell texts once painted."""

    __slots__ = ("ids", "rows", "texts")

    def __init__(self, ids: list[int], rows: dict[int, Any]) -> None:
        self.ids, self.rows = ids, rows
        self.texts: dict[int, tuple[str, ...]] = {}


class QueueModel(QAbstractTableModel):
    """A read-only table over the queue's ids; rows (anything with `QueueRow`'s attributes) on demand."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._source: QueueSource | None = None
        self._given: dict[int, Any] = {}  # set_rows: every row, by letter id
        self._ids: list[int] = []
        self._row_of_letter: dict[int, int] | None = {}  # built when first asked for (`_rows`)
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self._sort_column: int = -1  # -1: the order the rows were given in
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._next: dict[int, Any] = {}  # letter id -> NextDeadline (kind, due, assumed)
        self._snippets: dict[int, str] = {}  # letter id -> the search's best snippet
        self.today = date.today()
        self.me = current_user()
        self.fetches = 0  # pages fetched from the source (for tests and benchmarks)

    # -- contents -----------------------------------------------------------------------
    def set_source(self, source: QueueSource, ids: list[int] | None = None) -> None:
        """List `source`'s letters: `ids` (in `sort_key()`'s order), else in the order the source
        gives for the current sort (one model reset)."""
        if ids is None:
            ids = source.order(*self.sort_key()) or []
        self.beginResetModel()
        self._source, self._given = source, {}
        self._set_ids(ids)
        self.endResetModel()

    def set_rows(self, rows: Sequence[Any]) -> None:
        """List rows already built, in the current sort order (one model reset)."""
        self.beginResetModel()
        self._source, self._given = None, {row.letter_id: row for row in rows}
        self._set_ids(self._sorted_given(list(self._given)))
        self.endResetModel()

    def _set_ids(self, ids: list[int]) -> None:
        self._ids = list(ids)
        self._row_of_letter = None
        self._pages.clear()
        self.me = current_user()

    def _rows(self) -> dict[int, int]:
        """Each listed letter's row number (built on first use: 100,000 rows take ~6 ms)."""
        if self._row_of_letter is None:
            self._row_of_letter = dict(zip(self._ids, range(len(self._ids)), strict=True))
        return self._row_of_letter

    def set_extras(self, next_deadlines: dict[int, Any] | None = None,
                   snippets: dict[int, str] | None = None) -> None:
        """The rows' next deadlines and search snippets (by letter id; those not given stay)."""
        if next_deadlines is not None:
            self._next = dict(next_deadlines)
        if snippets is not None:
            self._snippets = dict(snippets)
        for page in self._pages.values():
            page.texts.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, Column.NEXT_DEADLINE), self.index(len(self._ids) - 1, Column.MATCH))

    def set_next_deadline(self, letter_id: int, deadline: Any) -> None:
        """One letter's next deadline (None: it has none open), after an edit."""
        if deadline is None:
            self._next.pop(letter_id, None)
        else:
            self._next[letter_id] = deadline
        self._forget_texts(letter_id)

    def next_deadline(self, letter_id: int) -> Any:
        return self._next.get(letter_id)

    def snippet(self, letter_id: int) -> str | None:
        return self._snippets.get(letter_id)

    def update_row(self, row: Any) -> bool:
        """Replace the row of `row.letter_id` in place; False when that letter is not listed.

        The row keeps its place even if its sort value changed, so the letter being reviewed
        does not jump; the next `set_source`, `set_rows` or `sort` puts it where it belongs.
        """
        index = self._rows().get(row.letter_id)
        if index is None:
            return False
        if self._source is None:
            self._given[row.letter_id] = row
        page = self._pages.get(index // PAGE_SIZE)
        if page is not None:
            page.rows[row.letter_id] = row
            page.texts.pop(row.letter_id, None)
        self.dataChanged.emit(self.index(index, 0), self.index(index, COLUMN_COUNT - 1))
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column` (the source sorts; rows given are sorted here); the selection follows."""
        self._sort_column, self._sort_order = column, order
        if not self._ids:
            return
        ids = self._source.order(*self.sort_key()) if self._source is not None else self._sorted_given(self._ids)
        if ids is None:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(self._ids[index.row()], index.column()) for index in persistent]
        self._set_ids(ids)
        self.changePersistentIndexList(persistent, [
            self.index(rows[letter_id], column_) if letter_id in (rows := self._rows()) else QModelIndex()
            for letter_id, column_ in kept
        ])
        self.layoutChanged.emit()

    def sort_key(self) -> tuple[str | None, bool]:
        """The store's sort key of the sorted column (None: the queue's own order), descending?"""
        column = SORT_KEYS.get(Column(self._sort_column)) if 0 <= self._sort_column < COLUMN_COUNT else None
        return column, self._sort_order == Qt.SortOrder.DescendingOrder

    def _sorted_given(self, order: list[int]) -> list[int]:
        """The given rows' ids sorted (stable: ties keep their place in `order`)."""
        rows = [self._given[letter_id] for letter_id in order]
        if 0 <= self._sort_column < COLUMN_COUNT:
            column = Column(self._sort_column)
            rows.sort(key=lambda row: self._sort_value(row, column),
                      reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        return [row.letter_id for row in rows]

    # -- pages --------------------------------------------------------------------------
    def _page(self, number: int) -> _Page:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        ids = self._ids[number * PAGE_SIZE:(number + 1) * PAGE_SIZE]
        if self._source is None:
            page = _Page(ids, {letter_id: self._given[letter_id] for letter_id in ids})
        else:
            self.fetches += 1
            page = _Page(ids, {row.letter_id: row for row in self._source.rows(ids)})
            deadlines = self._source.next_deadlines(ids)
            if deadlines is not None:
                for letter_id in ids:
                    self.set_next_deadline(letter_id, deadlines.get(letter_id))
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            _number, dropped = self._pages.popitem(last=False)
            if self._source is not None:  # its deadlines came with it
                for letter_id in dropped.ids:
                    self._next.pop(letter_id, None)
        return page

    def _forget_texts(self, letter_id: int) -> None:
        index = self._rows().get(letter_id)
        page = self._pages.get(index // PAGE_SIZE) if index is not None else None
        if page is not None:
            page.texts.pop(letter_id, None)

    def row_for_letter(self, letter_id: int) -> int | None:
        return self._rows().get(letter_id)

    def queue_row(self, row: int) -> Any:
        """The row at `row` (fetching its page), or None for a letter no longer stored."""
        return self._page(row // PAGE_SIZE).rows.get(self._ids[row])

    def letter_id(self, row: int) -> int:
        return self._ids[row]

    def letter_ids(self) -> list[int]:
        return list(self._ids)

    def cached_rows(self) -> int:
        """How many rows the model holds now (at most `CACHED_PAGES` × `PAGE_SIZE`)."""
        return sum(len(page.rows) for page in self._pages.values())

    # -- cells --------------------------------------------------------------------------
    def _sort_value(self, row: Any, column: Column) -> Any:
        if column == Column.NEXT_DEADLINE:  # soonest first; none last
            deadline = self._next.get(row.letter_id)
            return (0, deadline.due.isoformat()) if deadline is not None else (1, "")
        if column == Column.MATCH:
            return plain_snippet(self._snippets.get(row.letter_id, "")).casefold()
        return sort_value(row, column)

    def _display(self, row: Any, column: Column) -> str:
        if column == Column.NEXT_DEADLINE:
            return next_deadline_text(self._next.get(row.letter_id), self.today)
        if column == Column.MATCH:
            return elide(plain_snippet(self._snippets.get(row.letter_id, "")), 80)
        return display_text(row, column, self.me)

    def _tooltip(self, row: Any, column: Column) -> str | None:
        if column == Column.NEXT_DEADLINE:
            return next_deadline_tooltip(self._next.get(row.letter_id), self.today)
        tip = tooltip_text(row, column, self.me) if column != Column.MATCH else None
        snippet = self._snippets.get(row.letter_id)
        if snippet:
            return f"{tip}\nMatch: {plain_snippet(snippet)}" if tip else f"Match: {plain_snippet(snippet)}"
        return tip

    # -- QAbstractTableModel ------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        title, tooltip = HEADERS[Column(section)]
        if role == _DISPLAY:
            return title
        if role == _TOOLTIP:
            return tooltip
        if role == _ALIGNMENT:
            return ALIGNMENTS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell values; the hot path while painting, so plain ints and a per-row text cache."""
        row_number, column = index.row(), index.column()
        if not index.isValid() or row_number >= len(self._ids) or column >= COLUMN_COUNT:
            return None
        if role == _ALIGNMENT:
            return ALIGNMENTS[column]
        letter_id = self._ids[row_number]
        if role == LETTER_ID_ROLE:
            return letter_id
        page = self._page(row_number // PAGE_SIZE)
        row = page.rows.get(letter_id)
        if row is None:  # gone from the store since the list was read
            return "" if role == _DISPLAY else None
        if role == _DISPLAY:
            texts = page.texts.get(letter_id)
            if texts is None:
                texts = page.texts[letter_id] = tuple(self._display(row, c) for c in Column)
            return texts[column]
        if role == _DECORATION:
            return review_state_icon(row.review_state) if column == Column.REVIEW_STATE else None
        if role == _FOREGROUND:
            warned = column in (Column.WARNINGS, Column.MARKS) and row.has_warnings
            if column == Column.NEXT_DEADLINE:
                deadline = self._next.get(row.letter_id)
                warned = deadline is not None and deadline.due < self.today
            return QColor(colours().warning) if warned else None
        if role == SORT_ROLE:
            return self._sort_value(row, Column(column))
        if role == _TOOLTIP:
            return self._tooltip(row, Column(column))
        return None
