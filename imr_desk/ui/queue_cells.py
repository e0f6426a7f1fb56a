"""The case queue's columns and what each cell of a row says, sorts by and explains.

`Column` numbers the queue's columns and `HEADERS` titles them; `display_text`, `sort_value`
and `tooltip_text` give one row's cell (any object with `QueueRow`'s attributes). The Review
column says "In review by NAME" when someone else set a letter in review; the Marks column
says "Open: NAME" while another desk has it open (`queue_texts`). The custom roles
`LETTER_ID_ROLE` / `SORT_ROLE` give a cell's letter id and raw sort value.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from imr_desk.core.fields import FIELDS, OUTCOME_WORDS, REVIEW_STATES, review_state_word
from imr_desk.ui.queue_texts import (
    ASSIGNED_TO_HEADER,
    WARNING_SIGN,
    assigned_tooltip,
    format_date,
    outcome_summary,
    review_text,
    review_tooltip,
    row_marks,
)

LETTER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

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
    ASSIGNED_TO = 13


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
                            "\u270e fields corrected by hand · Open: NAME open at another desk"),
    Column.NEXT_DEADLINE: ("Next deadline",
                           "The case's soonest open deadline (\u26a0 Overdue: its last day has passed)"),
    Column.MATCH: ("Match", "Where the search found its words (the best hit)"),
    Column.ASSIGNED_TO: (ASSIGNED_TO_HEADER, "Who the case is assigned to"),
}

_NUMBER_COLUMNS = (Column.DECISIONS, Column.OVERTURNED, Column.CORRECTIONS)
COLUMN_COUNT = len(Column)


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




def alignment(column: Column) -> Qt.AlignmentFlag:
    if column in _NUMBER_COLUMNS:
        return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    if column == Column.WARNINGS:
        return Qt.AlignmentFlag.AlignCenter
    if column == Column.OUTCOME:
        return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def display_text(row: Any, column: Column, me: str) -> str:
    """A cell's text (`me`: who sits at this desk, for "In review by NAME")."""
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
        return review_text(row, me)
    if column == Column.CORRECTIONS:
        return str(row.corrections) if row.corrections else ""
    if column == Column.ASSIGNED_TO:
        return getattr(row, "assigned_to", None) or ""
    if column == Column.WARNINGS:
        return WARNING_SIGN if row.has_warnings else ""
    if column == Column.OUTCOME:
        return outcome_summary(row.decisions, row.overturned)
    if column == Column.MARKS:
        return " ".join(mark for mark, _meaning in row_marks(row))
    return row.file_name


def sort_value(row: Any, column: Column) -> Any:
    """The raw value a column sorts by (as the store's `queue_pages.SORT_KEYS` sort)."""
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
        return (int(bool(row.has_warnings)), len(row_marks(row, with_open=False)))
    if column == Column.ASSIGNED_TO:
        return (getattr(row, "assigned_to", None) or "").casefold()
    return row.file_name.lower()


def tooltip_text(row: Any, column: Column, me: str) -> str | None:
    """A cell's tooltip (None for none)."""
    if column == Column.WARNINGS:
        return "The parser left warnings on this letter: check it against the PDF." if row.has_warnings else None
    if column == Column.DECISIONS:
        upheld = row.decisions - row.overturned
        return f"{row.decisions} decided: {upheld} upheld, {row.overturned} overturned"
    if column == Column.CORRECTIONS and row.corrections:
        return f"{row.corrections} field(s) corrected by hand"
    if column == Column.REVIEW_STATE:
        return review_tooltip(row, me)
    if column == Column.ASSIGNED_TO:
        return assigned_tooltip(getattr(row, "assigned_to", None), me)
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


ALIGNMENTS = tuple(int(alignment(column)) for column in Column)
