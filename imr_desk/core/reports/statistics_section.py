"""The batch report's statistics: a table and a bar chart of the overturn rate per grouping.

For each grouping of `statistics.GROUPINGS` that has something to show, a heading, a chart of
the overturn rate of its largest groups (reportlab's own `HorizontalBarChart`, drawn as vector
graphics so the PDF stays small and sharp) and a table with every group's letters, decisions,
upheld, overturned and rate. Group names are letter text (a specialty, a guideline's name):
they are escaped like any other value.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from imr_desk.core.analysis.statistics import (
    GROUPING_HEADINGS,
    GROUPING_LABELS,
    GROUPINGS,
    DecisionFact,
    StatRow,
    rate_text,
    statistics,
)
from imr_desk.core.reports.pages import CONTENT_WIDTH
from imr_desk.core.reports.styles import ACCENT, FONT_REGULAR, data_table, markup, section_heading, styles

CHART_GROUPS = 8  # bars per chart: the largest groups (all of them are in the table)
BAR_HEIGHT = 14
LABEL_CHARACTERS = 34  # a longer group name is shortened on the chart (the table has it whole)


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARACTERS else name[: LABEL_CHARACTERS - 1] + "…"


def rate_chart(rows: Sequence[StatRow], title: str) -> Drawing:
    """A horizontal bar chart of the overturn rate (0–100 %) of `rows`, largest group on top."""
    shown = [row for row in rows if row.decided][:CHART_GROUPS]
    height = BAR_HEIGHT * max(len(shown), 1) + 44
    drawing = Drawing(CONTENT_WIDTH, height)
    drawing.add(String(0, height - 12, title, fontName=FONT_REGULAR, fontSize=9, fillColor=colors.black))
    if not shown:
        drawing.add(String(0, height - 30, "Nothing decided to chart.", fontName=FONT_REGULAR, fontSize=8))
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = 2.3 * inch, 18
    chart.width, chart.height = CONTENT_WIDTH - 2.3 * inch - 40, BAR_HEIGHT * len(shown)
    ordered = list(reversed(shown))  # reportlab draws the first category at the bottom
    chart.data = [[round((row.overturn_rate or 0.0) * 100, 1) for row in ordered]]
    chart.categoryAxis.categoryNames = [_short(row.group) for row in ordered]
    chart.categoryAxis.labels.fontName = FONT_REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = FONT_REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%.1f%%"
    chart.barLabels.fontName = FONT_REGULAR
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _rows_table(rows: Sequence[StatRow], label: str) -> Flowable:
    style = styles()
    header: list[object] = [label, "Letters", "Decisions", "Upheld", "Overturned", "Rate"]
    body: list[list[object]] = [
        [Paragraph(markup(value), style["cell"]) for value in
         (row.group, row.letters, row.decisions, row.upheld, row.overturned, rate_text(row.overturn_rate))]
        for row in rows
    ]
    widths = [CONTENT_WIDTH - 5 * 0.8 * inch, *([0.8 * inch] * 5)]
    return data_table([header, *body], widths)


def statistics_story(facts: Sequence[DecisionFact], groupings: Sequence[str] = GROUPINGS) -> list[Flowable]:
    """Every grouping with something in it: heading, chart and table."""
    story: list[Flowable] = []
    for by in groupings:
        rows = statistics(facts, by)
        if not rows:
            continue
        heading = GROUPING_HEADINGS[by]
        chart = rate_chart(rows, f"Overturned decisions, % of those decided, by {heading}")
        story.append(KeepTogether([*section_heading(f"Overturn rate by {heading}"), chart,
                                   _rows_table(rows, GROUPING_LABELS[by])]))
    return story
