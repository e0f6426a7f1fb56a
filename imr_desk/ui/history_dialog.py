"""A letter's edit history as a table: when, who, what, from and to, newest first.

Values are shown as people read them (lists joined with commas, ISO dates as MM/DD/YYYY,
decisions by their request and outcome, long text shortened with the full text in the
tooltip). Edits that were undone stay listed, greyed, with "(undone)".
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from imr_desk.core.fields import review_state_word
from imr_desk.core.records import HistoryEntry
from imr_desk.ui.queue_model import format_date

MAX_CELL_CHARS = 80
COLUMNS = ("When", "Who", "What", "From", "To")
ACTION_LABELS = {
    "correct": "Corrected",
    "add_decision": "Added decision",
    "delete_decision": "Deleted decision",
    "annotate": "Added note",
    "delete_annotation": "Deleted note",
    "review": "Changed",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EMPTY_VALUE = "—"


def format_timestamp(timestamp: str) -> str:
    """An ISO UTC timestamp in local time, e.g. '11/23/2026 03:47 PM'; odd text unchanged."""
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return timestamp
    return moment.astimezone().strftime("%m/%d/%Y %I:%M %p")


def readable_value(value: Any, action: str = "") -> str:
    """One before/after value as a person reads it (full length; the table elides)."""
    if value is None or value == "" or value == []:
        return EMPTY_VALUE
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(readable_value(item) for item in value)
    if isinstance(value, dict):
        if "request" in value:
            outcome = value.get("outcome")
            return f"{value['request']} ({outcome})" if outcome else str(value["request"])
        if "note" in value:
            return str(value["note"])
        if "state" in value:
            return review_state_word(str(value["state"]))
        return "; ".join(f"{key}: {readable_value(item)}" for key, item in value.items())
    text = " ".join(str(value).split())
    if action == "review":
        return review_state_word(text)
    return format_date(text) if _ISO_DATE.match(text) else text


def elide(text: str, limit: int = MAX_CELL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def what_text(entry: HistoryEntry) -> str:
    label = ACTION_LABELS.get(entry.action, entry.action.replace("_", " ").capitalize())
    what = f"{label}: {entry.target}" if entry.target else label
    return f"{what} (undone)" if entry.undone else what


class HistoryDialog(QDialog):
    """Who changed what in one letter, and when (read-only)."""

    def __init__(self, entries: list[HistoryEntry], parent: QWidget | None = None, *, title: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History — {title}" if title else "History")
        self.table = QTableWidget(len(entries), len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAccessibleName("Edit history")
        greyed = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        newest_first = sorted(entries, key=lambda entry: entry.id, reverse=True)
        for row, entry in enumerate(newest_first):
            cells = (
                format_timestamp(entry.created_at),
                entry.user,
                what_text(entry),
                readable_value(entry.before, entry.action),
                readable_value(entry.after, entry.action),
            )
            for column, full_text in enumerate(cells):
                item = QTableWidgetItem(elide(full_text))
                item.setToolTip(full_text)
                if entry.undone:
                    item.setForeground(greyed)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        empty = QLabel("No edits yet: corrections, notes and review changes will be listed here.", self)
        empty.setVisible(not entries)
        self.table.setVisible(bool(entries))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(900, 420 if entries else 120)
