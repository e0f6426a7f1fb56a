"""A letter's edit history as a table: when, who, what, from and to, newest first.

Values are shown as people read them (`history_words.readable_value`: lists joined with
commas, ISO dates as MM/DD/YYYY, decisions by their request and outcome) and wrapped, never
scrolled sideways. A change of one text to another is shown word by word: in From the words
taken out are struck through on a red tint, in To the words put in are underlined on a green
tint (so the change reads without colour too, and in a dark palette), long unchanged
stretches shortened to "…"; the full values are in the tooltip. Undo and redo are entries of
their own, with who and when; edits that were undone stay listed, greyed, with "(undone)".
The field box above the table shows the entries of one field only.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from imr_desk.core import history_words
from imr_desk.core.history_words import (
    DELETED,
    ELIDED,
    INSERTED,
    STEP_ACTIONS,
    DiffRun,
    field_of,
    from_to_runs,
    runs_text,
)
from imr_desk.core.records import HistoryEntry

COLUMNS = ("When", "Who", "What", "From", "To")
FROM_COLUMN, TO_COLUMN = 3, 4
ALL_FIELDS = "All fields"
MAX_CELL_CHARS = 80
TOOLTIP_CHARS = 2_000
RUNS_ROLE = Qt.ItemDataRole.UserRole + 10  # a From/To cell's diff runs (painted as rich text)
PADDING = 4
# Kept importable here; the words are defined once in core/history_words.py.
ACTION_LABELS = {action: words.label for action, words in history_words.HISTORY_WORDS.items()}
EMPTY_VALUE = history_words.EMPTY_VALUE
readable_value = history_words.readable_value


def format_timestamp(timestamp: str) -> str:
    """An ISO UTC timestamp in local time, e.g. '11/23/2026 03:47 PM'; odd text unchanged."""
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return timestamp
    return moment.astimezone().strftime("%m/%d/%Y %I:%M %p")


def elide(text: str, limit: int = MAX_CELL_CHARS) -> str:
    """`text` cut to `limit` characters with "…" (for other views' cells)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def what_text(entry: HistoryEntry) -> str:
    undone = entry.undone and entry.action not in STEP_ACTIONS
    return history_words.what_text(entry.action, entry.target, entry.before, undone=undone)


def entry_field(entry: HistoryEntry) -> str:
    """The field an entry is about (an undo's is the field of the edit it undid)."""
    return field_of(entry.target)


def _blend(base: QColor, tint: QColor, amount: float) -> str:
    """`tint` laid over `base` at `amount` opacity, as #rrggbb (rich text takes no alpha)."""
    mixed = [round(b + (t - b) * amount) for b, t in
             zip((base.red(), base.green(), base.blue()), (tint.red(), tint.green(), tint.blue()), strict=True)]
    return QColor(*mixed).name()


def runs_html(runs: list[DiffRun], palette: QPalette) -> str:
    """Rich text of diff runs: deleted words struck on red, inserted underlined on green."""
    base = palette.color(QPalette.ColorRole.Base)
    deleted_bg = _blend(base, QColor("#E5484D"), 0.30)
    inserted_bg = _blend(base, QColor("#30A46C"), 0.30)
    parts = []
    for run in runs:
        text = html.escape(run.text)
        if run.kind == DELETED:
            parts.append(f'<s style="background-color:{deleted_bg}">{text}</s>')
        elif run.kind == INSERTED:
            parts.append(f'<u style="background-color:{inserted_bg}">{text}</u>')
        elif run.kind == ELIDED:
            parts.append(f'<span title="{text} words unchanged">\u2026</span>')
        else:
            parts.append(text)
    return " ".join(parts)


def accessible_runs(runs: list[DiffRun]) -> str:
    """Runs for a screen reader: the changed words named as deleted or inserted."""
    words = {DELETED: "deleted: ", INSERTED: "inserted: "}
    return " ".join(
        "…" if run.kind == ELIDED else (f"[{words[run.kind]}{run.text}]" if run.kind in words else run.text)
        for run in runs
    )


class _RichTextDelegate(QStyledItemDelegate):
    """Paints a cell's `RUNS_ROLE` diff runs as rich text wrapped to the column's width, in the
    palette it is painted with (a dark one gets dark tints)."""

    def __init__(self, table: QTableWidget) -> None:
        super().__init__(table)
        self._table = table

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex,
                  width: int, colour: QColor) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(PADDING)
        markup = runs_html(index.data(RUNS_ROLE), option.palette)
        document.setHtml(f'<div style="color:{colour.name()}">{markup}</div>')
        document.setTextWidth(max(width, 40))
        return document

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        if not index.data(RUNS_ROLE):
            return super().sizeHint(option, index)
        width = self._table.columnWidth(index.column())
        document = self._document(option, index, width, QColor("black"))
        return QSize(width, int(document.size().height()) + 1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if not index.data(RUNS_ROLE):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        foreground = index.data(Qt.ItemDataRole.ForegroundRole)
        if selected:
            colour = option.palette.color(QPalette.ColorRole.HighlightedText)
        elif foreground is not None:
            colour = foreground.color()
        else:
            colour = option.palette.color(QPalette.ColorRole.Text)
        document = self._document(option, index, option.rect.width(), colour)
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(0, 0, option.rect.width(), option.rect.height())
        document.drawContents(painter)
        painter.restore()


class HistoryDialog(QDialog):
    """Who changed what in one letter, and when (read-only)."""

    def __init__(self, entries: list[HistoryEntry], parent: QWidget | None = None, *, title: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History — {title}" if title else "History")
        self.entries = sorted(entries, key=lambda entry: entry.id, reverse=True)
        self.table = QTableWidget(len(self.entries), len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setShowGrid(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setAccessibleName("Edit history")
        self.table.setItemDelegate(_RichTextDelegate(self.table))
        self._fill()
        header = self.table.horizontalHeader()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(2, 220)
        for column in (FROM_COLUMN, TO_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())

        self.field_box = QComboBox(self)
        self.field_box.setAccessibleName("Show the history of")
        fields = sorted({entry_field(entry) for entry in self.entries})
        self.field_box.addItems([ALL_FIELDS, *fields])
        self.field_box.currentTextChanged.connect(self.show_field)
        filter_row = QHBoxLayout()
        field_label = QLabel("&Field:", self)
        field_label.setBuddy(self.field_box)
        filter_row.addWidget(field_label)
        filter_row.addWidget(self.field_box)
        filter_row.addStretch(1)

        empty = QLabel("No edits yet: corrections, notes and review changes will be listed here.", self)
        empty.setVisible(not entries)
        self.table.setVisible(bool(entries))
        self.field_box.setEnabled(bool(entries))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(filter_row)
        layout.addWidget(empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(960, 520 if entries else 140)

    def _fill(self) -> None:
        greyed = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for row, entry in enumerate(self.entries):
            from_runs, to_runs = from_to_runs(entry.before, entry.after, entry.action)
            step = history_words.step_of(entry.before)
            action = step.action if step else entry.action
            full = (readable_value(entry.before, action), readable_value(entry.after, action))
            cells: list[tuple[str, Any]] = [
                (format_timestamp(entry.created_at), None),
                (entry.user, None),
                (what_text(entry), None),
                (runs_text(from_runs), from_runs),
                (runs_text(to_runs), to_runs),
            ]
            for column, (text, runs) in enumerate(cells):
                item = QTableWidgetItem(text)
                tip = full[column - FROM_COLUMN] if runs is not None else text
                item.setToolTip(tip if len(tip) <= TOOLTIP_CHARS else tip[: TOOLTIP_CHARS - 1] + "…")
                if runs is not None:
                    item.setData(RUNS_ROLE, runs)
                    item.setData(Qt.ItemDataRole.AccessibleTextRole, accessible_runs(runs))
                if entry.undone and entry.action not in STEP_ACTIONS:
                    item.setForeground(greyed)
                self.table.setItem(row, column, item)

    def show_field(self, field: str) -> None:
        """Show only the entries about `field` (`ALL_FIELDS`: every entry)."""
        for row, entry in enumerate(self.entries):
            self.table.setRowHidden(row, field not in (ALL_FIELDS, entry_field(entry)))

    def cell_html(self, row: int, column: int) -> str:
        """The rich text a From/To cell shows ("" for another cell)."""
        item = self.table.item(row, column)
        runs = item.data(RUNS_ROLE) if item is not None else None
        return runs_html(runs, self.table.palette()) if runs else ""

    def visible_rows(self) -> list[int]:
        return [row for row in range(self.table.rowCount()) if not self.table.isRowHidden(row)]

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()
