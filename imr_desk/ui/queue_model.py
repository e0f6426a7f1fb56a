"""The case queue as a Qt table model: one row per stored letter, formatted for people.

`QueueModel` wraps the `QueueRow`s that `Store.queue()` returns. Display roles show dates as
MM/DD/YYYY and review states as words with a coloured dot; `SORT_ROLE` gives the raw value a
column sorts by; `LETTER_ID_ROLE` gives the letter id of any cell. The model never queries the
store itself: the panel hands it rows (all at once, or one replaced in place after an edit),
so 10,000 letters cost one query.

The model sorts itself (`sort()`, called by a sorting-enabled view): one Python list sort
with a key per row takes milliseconds for 10,000 rows, where a `QSortFilterProxyModel` calling
`data()` for every comparison took seconds. Selections follow their rows through a sort.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from imr_desk.core.fields import FIELDS, OUTCOME_WORDS, REVIEW_STATES, review_state_word
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

__all__ = ["CORRECTED_MARK", "OCR_MARK", "WARNING_SIGN", "Column", "QueueModel", "elide", "format_date",
           "outcome_summary", "row_marks"]

LETTER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

ModelIndex = QModelIndex | QPersistentModelIndex

REVIEW_STATE_COLORS = {"unreviewed": "#9aa0a6", "in_review": "#e8a33d", "verified": "#34a853"}


class Column(IntEnum):
    CASE_NUMBER = 0
    DECISION_DATE = 1
    DATE_OF_INJURY = 2
    DECISIONS = 3
    OVERTURNED = 4
    REVIEW_STATE = 5
    CORRECTIONS = 6
    WARNINGS = 7
    FILE_NAME = 8
    OUTCOME = 9
    MARKS = 10
    NEXT_DEADLINE = 11
    MATCH = 12


HEADERS = {
    Column.CASE_NUMBER: ("Case", f'{FIELDS["header.case_number"].label}: the IMR case number (CM…)'),
    Column.DECISION_DATE: ("Decided", "Date of the final determination"),
    Column.DATE_OF_INJURY: ("Injury", "Date of injury"),
    Column.DECISIONS: ("Decisions", "Number of disputed treatments decided"),
    Column.OVERTURNED: (OUTCOME_WORDS["overturned"], "Decisions overturned (treatment found necessary)"),
    Column.REVIEW_STATE: ("Review", "Where the paralegal review stands"),
    Column.CORRECTIONS: ("Corrections", "Fields corrected by hand"),
    Column.WARNINGS: (WARNING_SIGN, "The parser left warnings on this letter"),
    Column.FILE_NAME: ("File", "The file the letter was imported from"),
    Column.OUTCOME: ("Outcome", "How many of the letter's decisions were overturned"),
    Column.MARKS: ("Marks", "\u26a0 parser warnings · OCR read from a scan · ×2 copies of the case · "
                            "\u270e fields corrected by hand"),
    Column.NEXT_DEADLINE: ("Next deadline",
                           "The case's soonest open deadline (\u26a0 Overdue: its last day has passed)"),
    Column.MATCH: ("Match", "Where the search found its words (the best hit)"),
}

_NUMBER_COLUMNS = (Column.DECISIONS, Column.OVERTURNED, Column.CORRECTIONS)
COLUMN_COUNT = len(Column)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_CELL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def review_state_label(state: str) -> str:
    """The review state in words (the field registry's: "Unreviewed", "In review", "Verified")."""
    return review_state_word(state)


_dot_icons: dict[str, QIcon] = {}


def review_state_icon(state: str) -> QIcon:
    """A small filled dot in the state's colour (made once per state; needs a Gui app)."""
    icon = _dot_icons.get(state)
    if icon is None:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(REVIEW_STATE_COLORS.get(state, "#9aa0a6")))
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        icon = _dot_icons[state] = QIcon(pixmap)
    return icon


class QueueModel(QAbstractTableModel):
    """A read-only table over a list of queue rows (anything with `QueueRow`'s attributes)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._row_of_letter: dict[int, int] = {}
        self._display_texts: dict[int, tuple[str, ...]] = {}  # letter id -> each column's text
        self._sort_column: int = -1  # -1: the order the rows were given in
        self._next: dict[int, Any] = {}  # letter id -> NextDeadline (kind, due, assumed)
        self._snippets: dict[int, str] = {}  # letter id -> the search's best snippet
        self.today = date.today()
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- contents -----------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        """Replace every row (one model reset), in the current sort order."""
        self.beginResetModel()
        self._display_texts.clear()
        self._rows = self._sorted(rows)
        self._index_rows()
        self.endResetModel()

    def set_extras(self, next_deadlines: dict[int, Any] | None = None,
                   snippets: dict[int, str] | None = None) -> None:
        """The rows' next deadlines and search snippets (by letter id; those not given stay)."""
        if next_deadlines is not None:
            self._next = dict(next_deadlines)
        if snippets is not None:
            self._snippets = dict(snippets)
        self._display_texts.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, Column.NEXT_DEADLINE), self.index(len(self._rows) - 1, Column.MATCH))

    def set_next_deadline(self, letter_id: int, deadline: Any) -> None:
        """One letter's next deadline (None: it has none open), after an edit."""
        if deadline is None:
            self._next.pop(letter_id, None)
        else:
            self._next[letter_id] = deadline
        self._display_texts.pop(letter_id, None)

    def next_deadline(self, letter_id: int) -> Any:
        return self._next.get(letter_id)

    def snippet(self, letter_id: int) -> str | None:
        return self._snippets.get(letter_id)

    def update_row(self, row: Any) -> bool:
        """Replace the row of `row.letter_id` in place; False when that letter is not listed.

        The row keeps its place even if its sort value changed, so the letter being reviewed
        does not jump; the next `set_rows` or `sort` puts it where it belongs.
        """
        index = self._row_of_letter.get(row.letter_id)
        if index is None:
            return False
        self._rows[index] = row
        self._display_texts.pop(row.letter_id, None)
        self.dataChanged.emit(self.index(index, 0), self.index(index, COLUMN_COUNT - 1))
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column`'s raw values (stable); persistent indexes (selection) follow."""
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(self._rows[index.row()].letter_id, index.column()) for index in persistent]
        self._rows = self._sorted(self._rows)
        self._index_rows()
        self.changePersistentIndexList(
            persistent, [self.index(self._row_of_letter[letter_id], column_) for letter_id, column_ in kept]
        )
        self.layoutChanged.emit()

    def _sorted(self, rows: Sequence[Any]) -> list[Any]:
        if not 0 <= self._sort_column < COLUMN_COUNT:
            return list(rows)
        column = Column(self._sort_column)
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        return sorted(rows, key=lambda row: self._sort_value(row, column), reverse=descending)

    def _sort_value(self, row: Any, column: Column) -> Any:
        if column == Column.NEXT_DEADLINE:  # soonest first; none last
            deadline = self._next.get(row.letter_id)
            return (0, deadline.due.isoformat()) if deadline is not None else (1, "")
        if column == Column.MATCH:
            return plain_snippet(self._snippets.get(row.letter_id, "")).casefold()
        return _sort_value(row, column)

    def _display(self, row: Any, column: Column) -> str:
        if column == Column.NEXT_DEADLINE:
            return next_deadline_text(self._next.get(row.letter_id), self.today)
        if column == Column.MATCH:
            return elide(plain_snippet(self._snippets.get(row.letter_id, "")), 80)
        return _display(row, column)

    def _tooltip(self, row: Any, column: Column) -> str | None:
        if column == Column.NEXT_DEADLINE:
            return next_deadline_tooltip(self._next.get(row.letter_id), self.today)
        tip = _tooltip(row, column) if column != Column.MATCH else None
        snippet = self._snippets.get(row.letter_id)
        if snippet:
            return f"{tip}\nMatch: {plain_snippet(snippet)}" if tip else f"Match: {plain_snippet(snippet)}"
        return tip

    def _index_rows(self) -> None:
        self._row_of_letter = {row.letter_id: index for index, row in enumerate(self._rows)}

    def row_for_letter(self, letter_id: int) -> int | None:
        return self._row_of_letter.get(letter_id)

    def queue_row(self, row: int) -> Any:
        return self._rows[row]

    def letter_id(self, row: int) -> int:
        return int(self._rows[row].letter_id)

    def letter_ids(self) -> list[int]:
        return [row.letter_id for row in self._rows]

    # -- QAbstractTableModel ------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

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
            return _ALIGNMENTS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell values; the hot path while painting, so plain ints and a per-row text cache."""
        row_number, column = index.row(), index.column()
        if not index.isValid() or row_number >= len(self._rows) or column >= COLUMN_COUNT:
            return None
        row = self._rows[row_number]
        if role == _DISPLAY:
            texts = self._display_texts.get(row.letter_id)
            if texts is None:
                texts = self._display_texts[row.letter_id] = tuple(self._display(row, c) for c in Column)
            return texts[column]
        if role == _ALIGNMENT:
            return _ALIGNMENTS[column]
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
        if role == LETTER_ID_ROLE:
            return row.letter_id
        if role == _TOOLTIP:
            return self._tooltip(row, Column(column))
        return None


def _alignment(column: Column) -> Qt.AlignmentFlag:
    if column in _NUMBER_COLUMNS:
        return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    if column == Column.WARNINGS:
        return Qt.AlignmentFlag.AlignCenter
    if column == Column.OUTCOME:
        return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _display(row: Any, column: Column) -> str:
    if column == Column.CASE_NUMBER:
        return row.case_number or "(no case number)"
    if column == Column.DECISION_DATE:
        return format_date(row.decision_date)
    if column == Column.DATE_OF_INJURY:
        return format_date(row.date_of_injury)
    if column == Column.DECISIONS:
        return str(row.decisions)
    if column == Column.OVERTURNED:
        return str(row.overturned) if row.overturned else "–"
    if column == Column.REVIEW_STATE:
        return review_state_label(row.review_state)
    if column == Column.CORRECTIONS:
        return str(row.corrections) if row.corrections else ""
    if column == Column.WARNINGS:
        return WARNING_SIGN if row.has_warnings else ""
    if column == Column.OUTCOME:
        return outcome_summary(row.decisions, row.overturned)
    if column == Column.MARKS:
        return " ".join(mark for mark, _meaning in row_marks(row))
    return row.file_name


def _sort_value(row: Any, column: Column) -> Any:
    if column == Column.CASE_NUMBER:
        return (row.case_number or "").casefold()
    if column == Column.DECISION_DATE:
        return row.decision_date or ""
    if column == Column.DATE_OF_INJURY:
        return row.date_of_injury or ""
    if column == Column.DECISIONS:
        return int(row.decisions)
    if column == Column.OVERTURNED:
        return int(row.overturned)
    if column == Column.REVIEW_STATE:
        return REVIEW_STATES.index(row.review_state) if row.review_state in REVIEW_STATES else 99
    if column == Column.CORRECTIONS:
        return int(row.corrections)
    if column == Column.WARNINGS:
        return int(bool(row.has_warnings))
    if column == Column.OUTCOME:  # share overturned, then how many decisions
        return (row.overturned / row.decisions if row.decisions else -1.0, int(row.decisions))
    if column == Column.MARKS:  # warnings weigh most, then how many marks
        return (int(bool(row.has_warnings)), len(row_marks(row)))
    return row.file_name.lower()


def _tooltip(row: Any, column: Column) -> str | None:
    if column == Column.WARNINGS:
        return "The parser left warnings on this letter: check it against the PDF." if row.has_warnings else None
    if column == Column.DECISIONS:
        upheld = row.decisions - row.overturned
        return f"{row.decisions} decided: {upheld} upheld, {row.overturned} overturned"
    if column == Column.CORRECTIONS and row.corrections:
        return f"{row.corrections} field(s) corrected by hand"
    if column == Column.REVIEW_STATE:
        return f"Review: {review_state_label(row.review_state)}"
    if column == Column.CASE_NUMBER:
        if not row.case_number:
            return f"The parser found no case number in {row.file_name}; open the letter to add it."
        return f"{row.case_number}, imported from {row.file_name}"
    if column == Column.FILE_NAME:
        return row.file_name
    if column == Column.OUTCOME:
        upheld = row.decisions - row.overturned
        return f"{row.decisions} decided: {upheld} upheld, {row.overturned} overturned" if row.decisions else (
            "The parser found no decisions in this letter.")
    if column == Column.MARKS:
        return "\n".join(f"{mark}  {meaning}" for mark, meaning in row_marks(row)) or None
    return None


_ALIGNMENTS = tuple(int(_alignment(column)) for column in Column)
