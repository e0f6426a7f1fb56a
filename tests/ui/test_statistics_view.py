"""The Statistics view: counted off the UI thread, regrouped at once, each case once, a chart
that says its figures; the table model is tested without widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from imr_desk.cli import main
from imr_desk.core.analysis.statistics import DecisionFact, statistics, totals
from imr_desk.core.findings import Category
from imr_desk.core.store import SearchFilters
from imr_desk.ui.statistics_view import StatisticsView, StatsTableModel, chart_bars
from tests.support.invented_letters import statistics_letters

ARTIFACTS = Path(__file__).resolve().parent.parent / "_artifacts"


@pytest.fixture
def stats_store(tmp_path: Path) -> Path:
    db = tmp_path / "view.db"
    assert main(["import", "--db", str(db), "-q", str(statistics_letters(tmp_path / "letters"))]) == 0
    return db


def _cells(model: StatsTableModel) -> list[list[str]]:
    return [[model.index(row, column).data() for column in range(model.columnCount())]
            for row in range(model.rowCount())]


def test_table_model_rows_then_total(qapp: object) -> None:
    facts = [DecisionFact(1, "upheld", Category("Pharmaceuticals", None, "Opioids")),
             DecisionFact(1, "overturned", Category("Pharmaceuticals", None, "Opioids")),
             DecisionFact(2, None, None)]
    model = StatsTableModel()
    model.set_rows(statistics(facts, "category"), totals(facts), "Treatment category")
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Treatment category"
    assert _cells(model) == [
        ["Pharmaceuticals", "1", "2", "1", "1", "0", "50.0%"],
        ["Not categorised", "1", "1", "0", "0", "1", "–"],
        ["All", "2", "3", "1", "1", "1", "50.0%"],
    ]
    bars = chart_bars(statistics(facts, "category"))
    assert [(bar.label, bar.caption) for bar in bars] == [("Pharmaceuticals", "50.0% of 2 decided")]


def test_view_counts_each_case_once_and_regroups(qtbot, stats_store: Path) -> None:
    view = StatisticsView(stats_store)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.loaded, timeout=10_000)
    assert "2 letters, 4 decisions: 2 overturned of 4 decided (50.0%)" in view.summary.text()
    view.grouping.setCurrentIndex(view.grouping.findData("month"))
    assert [row[0] for row in _cells(view.model)] == ["2016-12", "2017-01", "All"]
    assert [bar.label for bar in view.chart.bars()] == ["2016-12", "2017-01"]
    view.grouping.setCurrentIndex(view.grouping.findData("specialty"))
    assert {row[0] for row in _cells(view.model)} == {"Family Practice", "Orthopedic Surgery", "All"}
    ARTIFACTS.mkdir(exist_ok=True)
    assert view.grab().save(str(ARTIFACTS / "statistics_view.png"))


def test_view_uses_the_queues_filters(qtbot, stats_store: Path) -> None:
    view = StatisticsView(stats_store, SearchFilters(decided_from="2017-01-01"))
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.loaded, timeout=10_000)
    assert "1 letter, 2 decisions: 1 overturned of 2 decided (50.0%)" in view.summary.text()
    assert "decided 2017-01-01 to …" in view.scope.text()
    view.set_filters(SearchFilters(decided_to="2000-01-01"))
    qtbot.waitUntil(lambda: view.loaded, timeout=10_000)
    assert view.summary.text() == "No decisions in the letters the queue's filters select."
    assert view.model.rowCount() == 0 and view.chart.bars() == []
