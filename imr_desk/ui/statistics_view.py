"""The Statistics view: overturn rates by category, drug class, guideline, specialty or month.

A window of its own (View ▸ Statistics…) sharing the queue's filters: the facts (one per
decision of each case's copy of record, `core.store.facts`) are read on a worker thread with
its own store connection, so a large store never stalls the window; choosing another grouping
regroups them at once (`core.analysis.statistics`, pure). A chart (`bar_chart.RateBarChart`)
shows each group's rate and a table (`StatsTableModel`, testable without widgets) its figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from imr_desk.core.analysis.statistics import (
    GROUPING_LABELS,
    GROUPINGS,
    DecisionFact,
    StatRow,
    rate_text,
    statistics,
    totals,
)
from imr_desk.core.fields import counted, review_state_word
from imr_desk.core.store import SearchFilters, Store
from imr_desk.core.store.connection import store_target
from imr_desk.core.store.facts import decision_facts
from imr_desk.ui.background import BackgroundWorker
from imr_desk.ui.bar_chart import Bar, RateBarChart

COLUMNS = ("Group", "Letters", "Decisions", "Upheld", "Overturned", "Not found", "Overturn rate")
LOADING = "Counting the store's decisions…"
ModelIndex = QModelIndex | QPersistentModelIndex


class StatsTableModel(QAbstractTableModel):
    """The rows of one grouping, then a total row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[StatRow] = []
        self._label = GROUPING_LABELS[GROUPINGS[0]]

    def set_rows(self, rows: Sequence[StatRow], total: StatRow, label: str) -> None:
        self.beginResetModel()
        self._rows = [*rows, total] if rows else []
        self._label = label
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return self._label if section == 0 else COLUMNS[section]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            values = (row.group, row.letters, row.decisions, row.upheld, row.overturned, row.not_found,
                      rate_text(row.overturn_rate))
            return str(values[index.column()])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and index.row() == len(self._rows) - 1:
            font = QFont()
            font.setBold(True)
            return font
        return None


def chart_bars(rows: Sequence[StatRow]) -> list[Bar]:
    """A bar per group that has decided decisions: "33.3% of 12 decided"."""
    return [Bar(row.group, row.overturn_rate, f"{rate_text(row.overturn_rate)} of {row.decided} decided")
            for row in rows if row.decided]


class StatisticsView(QDialog):
    """Statistics of the store at `store_path` for the queue's `filters`."""

    def __init__(self, store_path: str | Path, filters: SearchFilters | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Statistics")
        self.setObjectName("statisticsView")
        self.resize(860, 640)
        self._store_path = store_target(store_path)
        self._facts: list[DecisionFact] = []
        self._filters = filters
        self._loaded = False
        self._worker = BackgroundWorker("imr-desk statistics", lambda: Store(self._store_path), Store.close, self)

        self.grouping = QComboBox(self)
        for by in GROUPINGS:
            self.grouping.addItem(GROUPING_LABELS[by], by)
        self.grouping.setAccessibleName("Group by")
        self.grouping.currentIndexChanged.connect(self._show)
        self.summary = QLabel(LOADING, self)
        self.summary.setWordWrap(True)
        self.scope = QLabel(self)
        self.scope.setWordWrap(True)
        self.chart = RateBarChart(self)
        chart_area = QScrollArea(self)
        chart_area.setWidgetResizable(True)
        chart_area.setWidget(self.chart)
        chart_area.setMinimumHeight(180)
        self.model = StatsTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        top = QHBoxLayout()
        top.addWidget(QLabel("Group by:", self))
        top.addWidget(self.grouping)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.scope)
        layout.addWidget(chart_area, 2)
        layout.addWidget(self.table, 3)
        self.set_filters(filters)

    @property
    def loaded(self) -> bool:
        """True once the facts for the current filters have arrived."""
        return self._loaded

    def set_filters(self, filters: SearchFilters | None) -> None:
        """Count again for `filters` (the queue's), on the worker thread."""
        self._filters = filters
        self._loaded = False
        self.summary.setText(LOADING)
        self.scope.setText(_scope_text(filters))

        def count(store: Store) -> list[DecisionFact]:
            with store.plain_errors():
                return list(decision_facts(store.db, filters))

        self._worker.submit(count, self._on_counted, self._on_failed)

    def grouping_key(self) -> str:
        return str(self.grouping.currentData())

    def _on_counted(self, facts: list[DecisionFact]) -> None:
        self._facts = facts
        self._loaded = True
        self._show()

    def _on_failed(self, error: BaseException) -> None:
        self._loaded = True
        self.summary.setText(f"The statistics could not be counted: {error}")

    def _show(self) -> None:
        if not self._loaded:
            return
        by = self.grouping_key()
        rows, total = statistics(self._facts, by), totals(self._facts)
        self.model.set_rows(rows, total, GROUPING_LABELS[by])
        self.chart.set_bars(chart_bars(rows))
        if not self._facts:
            self.summary.setText("No decisions in the letters the queue's filters select.")
            return
        self.summary.setText(
            f"{counted(total.letters, 'letter')}, {counted(total.decisions, 'decision')}: "
            f"{total.overturned} overturned of {total.decided} decided ({rate_text(total.overturn_rate)}); "
            "each case counted once."
        )

    def done(self, result: int) -> None:
        self._worker.shutdown()
        super().done(result)

    def closeEvent(self, event: Any) -> None:
        self._worker.shutdown()
        super().closeEvent(event)


def _scope_text(filters: SearchFilters | None) -> str:
    """Which letters are counted, in words."""
    if filters is None:
        return "All letters in the store (no queue filter)."
    parts = []
    if filters.outcome:
        parts.append(f"with an {filters.outcome} decision")
    if filters.decided_from or filters.decided_to:
        parts.append(f"decided {filters.decided_from or '…'} to {filters.decided_to or '…'}")
    if filters.review_state:
        parts.append(f"review state {review_state_word(filters.review_state)}")
    if filters.specialty:
        parts.append(f"specialty containing “{filters.specialty}”")
    if filters.has_corrections is not None:
        parts.append("corrected" if filters.has_corrections else "uncorrected")
    if filters.has_warnings is not None:
        parts.append("with parser warnings" if filters.has_warnings else "without parser warnings")
    return "Letters " + ", ".join(parts) + " (the queue's filters)." if parts else "All letters in the store."
