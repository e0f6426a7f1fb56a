"""The find bar of the letter pane: a search box, "3 of 12", previous / next and close.

Enter (or F3, the window's View ▸ Find Next) goes to the next hit, Shift+Enter (Shift+F3) to
the previous one, Esc closes the bar. The bar only reports what the user asks for; the pane
searches the letter and calls `set_count`. `show_query(text)` opens the bar on a search the
user made elsewhere (the queue's search box: opening a letter found by it highlights the
words), without taking the focus from where the user is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QStyle, QToolButton, QWidget

QUERY_DELAY_MS = 120


class FindBar(QWidget):
    """Search box with hit count and navigation; hidden until `open()`."""

    queryChanged = Signal(str)
    nextRequested = Signal()
    previousRequested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(4)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Find in letter")
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName("Find in letter")
        self.edit.installEventFilter(self)
        self.count_label = QLabel()
        self.count_label.setMinimumWidth(90)
        self.count_label.setAccessibleName("Find result count")
        style = self.style()
        self.previous_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp),
                                            "Previous match (Shift+Enter)", self.previousRequested.emit)
        self.next_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
                                        "Next match (Enter)", self.nextRequested.emit)
        self.close_button = self._button(style.standardIcon(QStyle.StandardPixmap.SP_DialogCloseButton),
                                         "Close find bar (Esc)", self.close_bar)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(QUERY_DELAY_MS)
        self._delay.timeout.connect(self._emit_query)
        self.edit.textChanged.connect(lambda _text: self._delay.start())
        self.set_count(0, 0)
        self.hide()

    def _button(self, icon: QIcon, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def open(self) -> None:
        """Show the bar with the search text selected and focused."""
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def show_query(self, text: str) -> None:
        """Show the bar searching `text` (its hits highlighted), leaving the focus where it is."""
        self.show()
        if text != self.edit.text():
            self.set_query(text)
        else:
            self._emit_query()

    def find_next(self) -> None:
        """The next hit (F3): the query typed is searched first if it is still pending."""
        if self._delay.isActive():
            self._emit_query()
        self.show()
        self.nextRequested.emit()

    def find_previous(self) -> None:
        if self._delay.isActive():
            self._emit_query()
        self.show()
        self.previousRequested.emit()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def query(self) -> str:
        return self.edit.text()

    def set_query(self, text: str) -> None:
        """Put `text` in the box and search for it at once."""
        self.edit.setText(text)
        self._emit_query()

    def set_count(self, current: int, total: int) -> None:
        """Show "current of total" (current from 1), or "No matches" for a query with none."""
        if total:
            self.count_label.setText(f"{current} of {total}")
        else:
            self.count_label.setText("No matches" if self.edit.text().strip() else "")
        self.previous_button.setEnabled(total > 1)
        self.next_button.setEnabled(total > 1)

    def _emit_query(self) -> None:
        self._delay.stop()
        self.queryChanged.emit(self.edit.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key_event = event
            if key_event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._delay.isActive():
                    self._emit_query()
                elif key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.previousRequested.emit()
                else:
                    self.nextRequested.emit()
                return True
            if key_event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)
