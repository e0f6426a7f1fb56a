"""View ▸ Deadlines…: the cases' deadlines on a month calendar and in a list by date.

`DeadlinesView(store, store_ops)` reads `Store.deadlines(kinds, overdue, due_within)` through
the window's store (reads on the UI thread). The calendar paints each day's count of open
deadlines due in its cell; clicking a day selects its deadlines in the list. The list has one
row per case and kind: case, kind, last day, status (an overdue one says "⚠ Overdue", not
colour alone) and whether the date rests on an assumed service record. Filters: kind, overdue,
due within N days. Double-click (or Enter) opens the letter (`openLetter(letter_id)`); Mark
Done… and Dismiss change the status through `StoreOps` on the worker thread
(`Store.set_deadline_status`, recorded in the case's history), then `changed(letter_id)`.
"""

from __future__ import annotations

import datetime
from collections import Counter

from PySide6.QtCore import QDate, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from imr_desk.core.deadlines.entries import STATUS_WORDS, DeadlineEntry, DeadlineStatus
from imr_desk.core.deadlines.settings import KIND_WORDS, KINDS
from imr_desk.core.store import Store, StoreError
from imr_desk.ui.queue_texts import DEADLINE_KIND_WORDS, OVERDUE_WORD, WARNING_SIGN, format_date
from imr_desk.ui.store_ops import StoreOps
from imr_desk.ui.theme import colours

WHEN_FILTERS: tuple[tuple[str, tuple[bool, int | None]], ...] = (
    ("Any date", (False, None)), ("Overdue", (True, None)), ("Due within 7 days", (False, 7)),
    ("Due within 14 days", (False, 14)), ("Due within 30 days", (False, 30)),
)
HEADERS = ("Case", "Kind", "Last day", "Status", "Assumed")


def status_text(entry: DeadlineEntry, today: datetime.date) -> str:
    """"⚠ Overdue", "Open", "Done 03/01/2017" or "Dismissed"."""
    if entry.is_overdue(today):
        return f"{WARNING_SIGN} {OVERDUE_WORD}"
    if entry.status.status == "done" and entry.status.done_on:
        return f"Done {format_date(entry.status.done_on.isoformat())}"
    return STATUS_WORDS[entry.status.status]


class DeadlineCalendar(QCalendarWidget):
    """A month calendar painting how many open deadlines fall due on each day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: Counter[datetime.date] = Counter()
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setAccessibleName("Deadlines by day")

    def set_counts(self, counts: Counter[datetime.date]) -> None:
        self.counts = counts
        self.updateCells()

    def count_on(self, day: datetime.date) -> int:
        return self.counts.get(day, 0)

    def paintCell(self, painter: QPainter, rect: QRect, date: QDate) -> None:
        super().paintCell(painter, rect, date)
        count = self.counts.get(datetime.date(date.year(), date.month(), date.day()), 0)
        if not count:
            return
        painter.save()
        badge = QRect(rect.right() - 22, rect.bottom() - 17, 20, 15)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colours().warning))
        painter.drawRoundedRect(badge, 6, 6)
        font = QFont(painter.font())
        font.setBold(True)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(count))
        painter.restore()


class DeadlinesView(QDialog):
    """The deadlines of every case: calendar, list, filters, Mark Done… / Dismiss."""

    openLetter = Signal(int)
    changed = Signal(int)  # a deadline's status was stored (the case's copy of record)

    def __init__(self, store: Store, store_ops: StoreOps, parent: QWidget | None = None, *,
                 today: datetime.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Deadlines")
        self.setObjectName("deadlinesView")
        self.resize(900, 620)
        self.store, self.store_ops = store, store_ops
        self.today = today or datetime.date.today()
        self.entries: list[DeadlineEntry] = []
        self.kind_filter = QComboBox(self)
        self.kind_filter.addItem("Kinds the firm's side watches", None)
        for kind in KINDS:
            self.kind_filter.addItem(DEADLINE_KIND_WORDS[kind], kind)
        self.kind_filter.setToolTip("Which kind of deadline to list")
        self.kind_filter.setAccessibleName("Kind of deadline")
        self.when_filter = QComboBox(self)
        for label, value in WHEN_FILTERS:
            self.when_filter.addItem(label, value)
        self.when_filter.setAccessibleName("Due when")
        self.count_label = QLabel(self)
        self.calendar = DeadlineCalendar(self)
        self.calendar.setSelectedDate(QDate(self.today.year, self.today.month, self.today.day))
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Deadlines")
        self.mark_done_button = QPushButton("Mark &Done…", self)
        self.dismiss_button = QPushButton("D&ismiss", self)
        self.reopen_button = QPushButton("Re&open", self)
        self.open_button = QPushButton("&Open Letter", self)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show:"))
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.when_filter)
        filters.addStretch(1)
        filters.addWidget(self.count_label)
        body = QHBoxLayout()
        body.addWidget(self.calendar, 2)
        body.addWidget(self.table, 3)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.mark_done_button, self.dismiss_button, self.reopen_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.when_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.calendar.clicked.connect(self._select_day)
        self.table.cellDoubleClicked.connect(lambda row, _column: self._open_row(row))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.open_button.clicked.connect(lambda: self._open_row(self.table.currentRow()))
        self.mark_done_button.clicked.connect(self.mark_done)
        self.dismiss_button.clicked.connect(lambda: self.set_status(DeadlineStatus("dismissed")))
        self.reopen_button.clicked.connect(lambda: self.set_status(DeadlineStatus("open")))
        self.reload()

    def reload(self) -> None:
        """Read the deadlines again for the filters chosen."""
        kind = self.kind_filter.currentData()
        overdue, within = self.when_filter.currentData()
        try:
            self.entries = self.store.deadlines(kinds=(kind,) if kind else None, overdue=overdue,
                                                due_within=within, today=self.today)
        except StoreError as problem:
            self.entries = []
            self.count_label.setText(f"{WARNING_SIGN} The deadlines could not be read")
            self.count_label.setToolTip(str(problem))
            return
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            texts = (entry.case_number or entry.letter_sha256[:12], DEADLINE_KIND_WORDS[entry.kind],
                     format_date(entry.due.isoformat()), status_text(entry, self.today),
                     "assumed" if entry.assumed else "")
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip("\n".join((KIND_WORDS[entry.kind], *entry.basis)))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.calendar.set_counts(Counter(e.due for e in self.entries if e.status.status == "open"))
        overdue_count = sum(entry.is_overdue(self.today) for entry in self.entries)
        self.count_label.setText(f"{len(self.entries)} deadline{'s' if len(self.entries) != 1 else ''}"
                                 + (f", {overdue_count} overdue" if overdue_count else ""))
        self.count_label.setToolTip("")
        self._update_buttons()

    def selected_entry(self) -> DeadlineEntry | None:
        row = self.table.currentRow()
        selected = self.table.selectionModel().selectedRows()
        return self.entries[row] if selected and 0 <= row < len(self.entries) else None

    def select_entry(self, row: int) -> None:
        self.table.selectRow(row)

    def mark_done(self) -> None:
        """Mark the selected deadline done today, with an optional note (asked for)."""
        entry = self.selected_entry()
        if entry is None:
            return
        note, accepted = QInputDialog.getText(
            self, "Mark Deadline Done",
            f"{DEADLINE_KIND_WORDS[entry.kind]} for {entry.case_number or 'this case'}: a note (optional), "
            "e.g. “petition filed”:")
        if accepted:
            self.set_status(DeadlineStatus("done", self.today, note.strip()))

    def set_status(self, status: DeadlineStatus) -> None:
        """Store `status` for the selected deadline on the worker thread (history, undo)."""
        entry = self.selected_entry()
        if entry is None:
            return
        letter_id, kind = entry.letter_id, entry.kind
        try:
            version = self.store.version(letter_id)
        except StoreError as problem:
            self.count_label.setText(f"{WARNING_SIGN} {problem}")
            return
        self.store_ops.submit(
            lambda store: store.set_deadline_status(letter_id, kind, status, expected_version=version),
            on_done=lambda _entry: self._stored(letter_id),
            on_failed=lambda problem: self.count_label.setText(f"{WARNING_SIGN} Not saved: {problem}"),
        )

    def _stored(self, letter_id: int) -> None:
        self.reload()
        self.changed.emit(letter_id)

    def _select_day(self, date: QDate) -> None:
        day = datetime.date(date.year(), date.month(), date.day())
        for row, entry in enumerate(self.entries):
            if entry.due == day:
                self.table.selectRow(row)
                self.table.scrollTo(self.table.model().index(row, 0))
                return

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            self.openLetter.emit(self.entries[row].letter_id)

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        status = entry.status.status if entry is not None else None
        self.open_button.setEnabled(entry is not None)
        self.mark_done_button.setEnabled(status == "open")
        self.dismiss_button.setEnabled(status == "open")
        self.reopen_button.setEnabled(status in ("done", "dismissed"))
