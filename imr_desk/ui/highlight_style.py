"""How highlights look in the letter pane: colours per kind, the highlight item and the legend.

Highlights sit on the white page (light or dark window palette alike), so colours are fixed
translucent tints (alpha ~0.3) that keep black text readable. Outcome is never told by colour
alone: the margin tab of each decision names it, tooltips name every block and the legend
spells the colours out. Pens are cosmetic (same width at every zoom).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsItem,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyleOptionGraphicsItem,
    QWidget,
)

from imr_desk.core.fields import FIELDS, outcome_word
from imr_desk.core.parsing.highlights import Highlight


@dataclass(frozen=True)
class Style:
    """Look of one highlight kind: tint, drawing mode ("fill", "underline", "note" frame or
    "block" — a decision's margin tab, nothing for a section), alpha, stacking order, legend name.
    Long blocks (summary, rationale) take a lighter tint so a page of them stays easy to read."""

    rgb: tuple[int, int, int]
    mode: str = "fill"
    alpha: float = 0.30
    z: float = 10.0
    legend: str = ""


UPHELD_RGB = (211, 47, 47)
OVERTURNED_RGB = (46, 160, 67)
SELECTED_RGB = (21, 101, 192)

STYLES: dict[str, Style] = {
    "section": Style((96, 125, 139), "block", 0.0, 1, ""),
    "decision": Style((96, 125, 139), "block", 0.0, 2, ""),
    "header": Style((66, 133, 244), "fill", 0.28, 10, "Header field"),
    "reviewer": Style((142, 68, 173), "fill", 0.25, 10, "Reviewer"),
    "summary": Style((120, 144, 156), "fill", 0.2, 9, "Case summary"),
    "patient": Style((0, 137, 123), "underline", 0.9, 12, "Patient (underlined)"),
    "heading": Style((255, 179, 0), "fill", 0.30, 10, "Decision heading"),
    "request": Style((230, 81, 0), "underline", 0.9, 12, "Request (underlined)"),
    "outcome": Style(UPHELD_RGB, "fill", 0.32, 11, ""),
    "ca_guideline": Style((0, 172, 193), "fill", 0.25, 10, "Claims Admin. guideline"),
    "maximus_guideline": Style((216, 27, 96), "fill", 0.22, 10, "MAXIMUS guideline"),
    "rationale": Style((126, 87, 194), "fill", 0.18, 9, "Rationale"),
    "note": Style((109, 76, 65), "note", 1.0, 13, "Note (dashed frame)"),
    "find": Style((255, 235, 59), "fill", 0.55, 14, "Find hit"),
    "selection": Style((33, 150, 243), "fill", 0.35, 15, "Selected text"),
    "mark": Style((255, 111, 0), "fill", 0.40, 14, "Clicked check or diagnosis"),
}

OUTCOME_LEGEND = tuple(
    (rgb, f"{FIELDS['decisions[].outcome'].label}: {outcome_word(outcome)}")
    for rgb, outcome in ((UPHELD_RGB, "upheld"), (OVERTURNED_RGB, "overturned"))
)


# Decision tab labels: scene pixel size at large zooms, the most they grow at small zooms,
# and the on-screen size they keep while they can
TAB_FONT_PX = 7
TAB_FONT_MAX_PX = 14
TAB_MIN_SCREEN_PX = 8.5


def style_for(kind: str) -> Style:
    return STYLES.get(kind, STYLES["header"])


def tint(highlight: Highlight) -> QColor:
    """The highlight's solid colour (outcome-coloured for outcomes and decision blocks)."""
    rgb = style_for(highlight.kind).rgb
    if highlight.kind in ("outcome", "decision"):
        rgb = OVERTURNED_RGB if highlight.outcome == "overturned" else UPHELD_RGB
    return QColor(*rgb)


class HighlightItem(QGraphicsItem):
    """One highlight drawn over one or more scene rectangles (a multi-line span).

    Fills cover their rectangles and underlines run along `baselines` (default: the
    rectangles' bottom edges); decision and section blocks draw a margin
    tab (with the decision's name and outcome) and are clickable over their whole area.
    `selected` draws a thick outline around the block.
    """

    PAD = 1.2
    TAB_GAP = 7.0

    def __init__(self, highlight: Highlight, rects: list[QRectF], baselines: list[QLineF] | None = None) -> None:
        super().__init__()
        self.highlight = highlight
        self.style = style_for(highlight.kind)
        self.color = tint(highlight)
        self.selected = False
        self.rects = [rect.adjusted(-self.PAD, -self.PAD, self.PAD, self.PAD) for rect in rects]
        self.baselines = baselines or [QLineF(rect.bottomLeft(), rect.bottomRight()) for rect in self.rects]
        self._fill = _united(self.rects)
        self._shape = _united(_close_line_gaps(self.rects))
        self._label_tab = highlight.kind == "decision"
        largest = tab_font(TAB_FONT_MAX_PX)[1]  # room for the label at its largest (small zooms)
        self._tab_length = largest.horizontalAdvance(highlight.label) + 4 if self._label_tab else 0.0
        margin = self.TAB_GAP + 3 + largest.height() + 2 if self._label_tab else 24
        self._bounds = self._shape.boundingRect().adjusted(-margin, -6, 6, 6 + self._tab_length)
        self.setZValue(self.style.z)
        self.setToolTip(highlight.label)
        self.setAcceptHoverEvents(False)

    def set_selected(self, selected: bool) -> None:
        if selected != self.selected:
            self.selected = selected
            self.update()

    def scene_bounds(self) -> QRectF:
        """The rectangle the highlighted text occupies in the scene."""
        return self._shape.boundingRect()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        return self._shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        color = QColor(self.color)
        if self.style.mode == "fill":
            color.setAlphaF(self.style.alpha)
            painter.fillPath(self._fill, color)
            if not self.selected:
                return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)  # lines, frames and the tab text
        if self.style.mode == "underline":
            color.setAlphaF(self.style.alpha)
            pen = QPen(color, 2.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawLines(self.baselines)
        elif self.style.mode == "note":
            self._paint_note(painter, color)
        elif self._label_tab:
            self._paint_tab(painter, color)
        if self.selected:
            outline = QPen(QColor(*SELECTED_RGB), 2.5)
            outline.setCosmetic(True)
            outline.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(outline)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if self.highlight.is_container:
                bounds = self._shape.boundingRect()
                for top, bottom in _vertical_pieces(self.rects):
                    painter.drawRoundedRect(QRectF(bounds.left() - 3, top - 3, bounds.width() + 6,
                                                   bottom - top + 6), 3, 3)
            else:
                painter.drawPath(self._shape)

    def _paint_note(self, painter: QPainter, color: QColor) -> None:
        """A dashed frame with a folded corner (like a sticky note) around the noted text."""
        pen = QPen(color, 1.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._shape)
        first = self._shape.boundingRect()
        corner = QPainterPath(first.topLeft())
        corner.lineTo(first.topLeft() + QPointF(5, 0))
        corner.lineTo(first.topLeft() + QPointF(0, 5))
        corner.closeSubpath()
        painter.fillPath(corner, color)

    def _paint_tab(self, painter: QPainter, color: QColor) -> None:
        """A bar in the left margin beside each page's piece of the block, named along the first."""
        left = self._shape.boundingRect().left() - self.TAB_GAP
        pen = QPen(color, 3.0)
        pen.setCosmetic(True)
        for index, (top, bottom) in enumerate(_vertical_pieces(self.rects)):
            painter.setPen(pen)
            painter.drawLine(QPointF(left, top), QPointF(left, bottom))
            if index:
                continue
            font, metrics = tab_font(tab_font_px(painter.worldTransform().m11()))
            painter.save()
            painter.translate(left - 3.0, top)
            painter.rotate(-90)
            painter.setFont(font)
            painter.setPen(color.darker(130))
            length = max(bottom - top, metrics.horizontalAdvance(self.highlight.label) + 4)
            height = metrics.height()
            painter.drawText(QRectF(-length, -height, length, height),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self.highlight.label)
            painter.restore()


def tab_font_px(zoom: float) -> int:
    """Scene pixel size of the decision tab labels at `zoom`: 7 from about 125 % up, larger
    below (up to 14) so the label stays about 8.5 px tall on screen (a letter fitted to the
    window's letter pane shows at 65–90 %)."""
    wanted = TAB_MIN_SCREEN_PX / zoom if zoom > 0 else TAB_FONT_MAX_PX
    return round(min(max(wanted, TAB_FONT_PX), TAB_FONT_MAX_PX))


@cache
def tab_font(pixel_size: int = 7) -> tuple[QFont, QFontMetricsF]:
    """The small bold font of decision tabs at `pixel_size` scene pixels and its metrics (made once)."""
    font = QFont()
    font.setPixelSize(pixel_size)
    font.setBold(True)
    return font, QFontMetricsF(font)


def _united(rects: list[QRectF]) -> QPainterPath:
    path = QPainterPath()
    if len(rects) == 1:
        path.addRect(rects[0])
        return path
    path.setFillRule(Qt.FillRule.WindingFill)
    for rect in rects:
        path.addRect(rect)
    return path.simplified()


def _close_line_gaps(rects: list[QRectF], widest_gap: float = 24.0) -> list[QRectF]:
    """The rectangles stretched to meet the next line's, so a paragraph has one outline."""
    ordered = [QRectF(rect) for rect in sorted(rects, key=QRectF.top)]
    for upper, lower in itertools.pairwise(ordered):
        gap = lower.top() - upper.bottom()
        if 0 < gap <= widest_gap:
            upper.setBottom(upper.bottom() + gap / 2)
            lower.setTop(lower.top() - gap / 2)
    return ordered


def _vertical_pieces(rects: list[QRectF], gap: float = 80.0) -> list[tuple[float, float]]:
    """(top, bottom) of each run of rectangles with no vertical gap wider than `gap` (a page break)."""
    pieces: list[tuple[float, float]] = []
    for rect in sorted(rects, key=QRectF.top):
        if pieces and rect.top() - pieces[-1][1] <= gap:
            pieces[-1] = (pieces[-1][0], max(pieces[-1][1], rect.bottom()))
        else:
            pieces.append((rect.top(), rect.bottom()))
    return pieces


class Swatch(QWidget):
    """A small sample of one highlight style, for the legend."""

    def __init__(self, rgb: tuple[int, int, int], mode: str, alpha: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.color = QColor(*rgb)
        self.color.setAlphaF(max(alpha, 0.3) if mode == "fill" else 1.0)
        self.mode = mode
        self.setFixedSize(QSize(22, 12))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        if self.mode == "underline":
            painter.setPen(QPen(self.color, 2))
            painter.drawLine(2, self.height() - 2, self.width() - 2, self.height() - 2)
        elif self.mode == "note":
            painter.setPen(QPen(self.color, 1.5, Qt.PenStyle.DashLine))
            painter.drawRect(self.rect().adjusted(2, 2, -3, -3))
        else:
            painter.fillRect(self.rect(), QBrush(self.color))
        painter.setPen(QColor(0, 0, 0, 90))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))


class LegendWidget(QFrame):
    """The colour key of the highlights: swatches with names under the letter, in as many
    columns as fit the pane's width."""

    SPACING = 14

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("highlightLegend")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setToolTip("Highlight colours. Hover a highlight on the page to see which field it is.")
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(8, 4, 8, 4)
        self._grid.setHorizontalSpacing(self.SPACING)
        self._grid.setVerticalSpacing(2)
        entries = [(s.rgb, s.mode, s.alpha, s.legend) for s in STYLES.values() if s.legend]
        entries[5:5] = [(rgb, "fill", 0.32, text) for rgb, text in OUTCOME_LEGEND]
        self._entries: list[QWidget] = []
        for rgb, mode, alpha, text in entries:
            entry = QWidget(self)
            row = QHBoxLayout(entry)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(5)
            row.addWidget(Swatch(rgb, mode, alpha))
            label = QLabel(text)
            label.setObjectName("legendEntry")
            row.addWidget(label, 1)
            self._entries.append(entry)
        self.columns = 0
        self._arrange(5)
        # The strip takes the pane's width (columns follow it) and never widens the pane.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for entry in self._entries:
            self._grid.removeWidget(entry)
        for index, entry in enumerate(self._entries):
            self._grid.addWidget(entry, index // columns, index % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        widest = max(entry.sizeHint().width() for entry in self._entries) + self.SPACING
        self._arrange(max(1, min(len(self._entries), (self.width() - 16 + self.SPACING) // widest)))
        super().resizeEvent(event)

    def entry_texts(self) -> list[str]:
        return [label.text() for label in self.findChildren(QLabel, "legendEntry")]
