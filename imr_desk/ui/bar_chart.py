"""A horizontal bar chart of overturn rates, drawn with QPainter (no chart library).

Each bar is one group's overturn rate (0–100 %), labelled with the group's name on the left
and the rate and the decided count on the right, so the chart reads without colour. The widget
asks for the height its bars need and draws in the palette's colours (light and dark themes).
Qt's own chart module lives in PySide6-Addons, a second very large wheel; a bar per group is a
few dozen lines of painting, which keep the window's start-up and memory as they are
(docs/architecture.md, "Dependency choices").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_HEIGHT = 18
BAR_GAP = 6
LABEL_SHARE = 0.38  # of the width, for group names
VALUE_WIDTH = 150  # for "33.3% of 12 decided"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, the rate (0–1, or None where nothing was decided) and the text
    shown beside it."""

    label: str
    rate: float | None
    caption: str


class RateBarChart(QWidget):
    """Bars for `set_bars()`, largest group first; an empty chart says so."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[Bar] = []
        self._empty_text = "Nothing decided to chart."
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Overturn rate chart")

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self._bars = list(bars)
        self.setAccessibleDescription("; ".join(f"{bar.label}: {bar.caption}" for bar in self._bars))
        self.updateGeometry()
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def sizeHint(self) -> QSize:
        rows = max(len(self._bars), 1)
        return QSize(480, rows * (BAR_HEIGHT + BAR_GAP) + BAR_GAP + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            palette = self.palette()
            text = palette.color(QPalette.ColorRole.WindowText)
            bar_colour = palette.color(QPalette.ColorRole.Highlight)
            track = palette.color(QPalette.ColorRole.AlternateBase)
            if not self._bars:
                painter.setPen(text)
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self._empty_text)
                return
            width = self.width()
            label_width = int(width * LABEL_SHARE)
            bar_left = label_width + 8
            bar_span = max(width - bar_left - VALUE_WIDTH - 8, 20)
            metrics = painter.fontMetrics()
            for index, bar in enumerate(self._bars):
                top = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
                painter.setPen(text)
                label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width)
                painter.drawText(QRectF(0, top, label_width, BAR_HEIGHT),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
                painter.fillRect(QRectF(bar_left, top + 2, bar_span, BAR_HEIGHT - 4), track)
                if bar.rate:
                    painter.fillRect(QRectF(bar_left, top + 2, bar_span * min(bar.rate, 1.0), BAR_HEIGHT - 4),
                                     bar_colour)
                painter.setPen(text)
                painter.drawText(QRectF(bar_left + bar_span + 8, top, VALUE_WIDTH, BAR_HEIGHT),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, bar.caption)
        finally:
            painter.end()
