"""The decisions list's rows: the request, then a coloured badge with the decision's outcome.

`OutcomeBadgeDelegate` paints a row of `DecisionListModel` as "n. request" (✎ before a
corrected decision, ⚠ before one with parser warnings), elided, followed by a rounded badge:
Upheld or Overturned in their colours, or "Not found" in the warning colour for a decision
whose outcome word the parser did not find (never shown as either outcome).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from imr_desk.core.fields import outcome_word
from imr_desk.ui import theme
from imr_desk.ui.fields_model import DecisionListModel

ModelIndex = QModelIndex | QPersistentModelIndex


class OutcomeBadgeDelegate(QStyledItemDelegate):
    """Paints a decision row as its request followed by a coloured outcome badge."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        outcome = str(index.data(DecisionListModel.OutcomeRole) or "")
        word = outcome_word(outcome) or "Not found"  # no outcome word in the letter
        badge_width = option.fontMetrics.horizontalAdvance(word) + 14
        text_option = QStyleOptionViewItem(option)
        self.initStyleOption(text_option, index)
        text_option.rect = option.rect.adjusted(0, 0, -badge_width - 8, 0)
        if index.data(DecisionListModel.CorrectedRole):
            text_option.font.setItalic(True)
            text_option.text = "✎ " + text_option.text
        if index.data(DecisionListModel.WarningsRole):
            text_option.text = "⚠ " + text_option.text
        style = option.widget.style() if option.widget else QStyle()
        painter.save()
        # the row background (selection) spans the whole row, the text stops before the badge
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, text_option, painter, option.widget)
        colours = theme.colours()
        badge = QRect(option.rect.right() - badge_width - 4, option.rect.top() + 3, badge_width,
                      option.rect.height() - 6)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        fill = {"overturned": colours.overturned, "upheld": colours.upheld}.get(outcome, colours.warning)
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(badge, 4, 4)
        painter.setPen(QColor(colours.badge_text))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, word)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        # narrow on purpose: rows take the list's width and the request is elided, never scrolled
        size = super().sizeHint(option, index)
        return QSize(1, max(size.height(), option.fontMetrics.height() + 10))
