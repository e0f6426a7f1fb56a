"""The case queue's filters: review state and outcome at hand, the rest behind a Filters button.

`QueueFilters` holds the two quick combo boxes (review state, outcome), the "My letters" check
(cases assigned to whoever sits at this desk: ``SearchFilters.assigned_to``) and a "Filters" button
whose popup has the decision date range (from / to), the treatment category (the taxonomy's
top-level names and full labels: ``SearchFilters.category``), "Has checks" (any / warn:
``SearchFilters.has_checks``) and the deadlines (overdue, due within 7 / 14 / 30 days, which
the panel answers with `Store.deadline_letter_ids`). `active_words()` says in words what is
filtered (shown under the filters with a one-click Clear); `changed` fires on every change.
`SearchBox` is the queue's search line (Down / Enter go to the table, Esc clears it).
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from imr_desk.core import taxonomy
from imr_desk.core.fields import REVIEW_STATES, outcome_word, review_state_word
from imr_desk.core.store import SearchFilters
from imr_desk.core.store.rows import current_user
from imr_desk.ui.queue_texts import ASSIGNED_TO_ME, MY_LETTERS

REVIEW_FILTERS = (("All states", None), *((review_state_word(state), state) for state in REVIEW_STATES))
OUTCOME_FILTERS = (("Any outcome", None), *((f"Any {outcome_word(o).lower()}", o) for o in ("overturned", "upheld")))
CHECK_FILTERS = (("Any or none", None), ("Any check", "any"), ("A warning check", "warn"))
DEADLINE_FILTERS: tuple[tuple[str, tuple[bool, int | None] | None], ...] = (
    ("Any or none", None), ("Overdue", (True, None)), ("Due within 7 days", (False, 7)),
    ("Due within 14 days", (False, 14)), ("Due within 30 days", (False, 30)),
)
CHECK_WORDS = {"any": "has checks", "warn": "has a warning check"}
EARLIEST = QDate(1990, 1, 1)  # a date edit at its minimum shows "Any" (no bound)


def category_choices() -> list[tuple[str, str | None]]:
    """("Any category", None), then each top-level name followed by its full labels, indented."""
    choices: list[tuple[str, str | None]] = [("Any category", None)]
    seen_top: set[str] = set()
    for label in taxonomy.labels():
        top = label.split(" · ")[0]
        if top not in seen_top:
            seen_top.add(top)
            choices.append((top, top))
        if label != top:
            choices.append((f"    {label}", label))
    return choices


def combo(choices: tuple[tuple[str, object], ...] | list[tuple[str, str | None]], tooltip: str,
          parent: QWidget) -> QComboBox:
    box = QComboBox(parent)
    for label, value in choices:
        box.addItem(label, value)
    box.setToolTip(tooltip)
    box.setAccessibleName(tooltip)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


def _date_edit(parent: QWidget, name: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("MM/dd/yyyy")
    edit.setMinimumDate(EARLIEST)
    edit.setSpecialValueText("Any")  # shown at the minimum date: no bound
    edit.setDate(EARLIEST)
    edit.setAccessibleName(name)
    edit.setToolTip(f"{name} (inclusive); “Any” for no bound")
    return edit


def count_text(shown: int, total: int) -> str:
    """'124 letters', '1 letter', or '12 of 124 letters' when a search or filter narrows the list."""
    noun = "letter" if total == 1 else "letters"
    return f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"


class SearchBox(QLineEdit):
    """A line edit that hands Down/Enter over to the table and clears itself on Escape."""

    moveToTable = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.moveToTable.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class QueueFilters(QWidget):
    """The queue's filter widgets (two combos and the Filters button) in one row."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review_filter = combo(REVIEW_FILTERS, "Show letters in this review state", self)
        self.outcome_filter = combo(OUTCOME_FILTERS, "Show letters with at least one decision of this outcome", self)
        self.mine = QCheckBox(MY_LETTERS, self)
        self.mine.setToolTip("Only the cases assigned to you")
        self.mine.setAccessibleName(MY_LETTERS)
        self.button = QToolButton(self)
        self.button.setText("Filters")
        self.button.setToolTip("More filters: decision dates, treatment category, checks, deadlines")
        self.button.setAccessibleName("More filters")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.popup = QWidget(self)
        self.decided_from = _date_edit(self.popup, "Decided from")
        self.decided_to = _date_edit(self.popup, "Decided to")
        self.category = combo(category_choices(), "Letters with a decision in this treatment category", self.popup)
        self.category.setMaxVisibleItems(20)
        self.checks = combo(CHECK_FILTERS, "Letters whose checks found something", self.popup)
        self.deadlines = combo(DEADLINE_FILTERS, "Letters with an open deadline overdue or due soon", self.popup)
        form = QFormLayout(self.popup)
        form.setContentsMargins(10, 8, 10, 8)
        form.addRow("Decided from:", self.decided_from)
        form.addRow("Decided to:", self.decided_to)
        form.addRow("Category:", self.category)
        form.addRow("Has checks:", self.checks)
        form.addRow("Deadlines:", self.deadlines)
        menu = QMenu(self.button)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.popup)
        menu.addAction(holder)
        self.button.setMenu(menu)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.review_filter)
        row.addWidget(self.outcome_filter)
        row.addWidget(self.mine)
        row.addWidget(self.button)
        for box in (self.review_filter, self.outcome_filter, self.category, self.checks, self.deadlines):
            box.currentIndexChanged.connect(lambda _index: self._changed())
        for edit in (self.decided_from, self.decided_to):
            edit.dateChanged.connect(lambda _date: self._changed())
        self.mine.toggled.connect(lambda _checked: self._changed())
        self._changed_quietly = False

    # -- what is filtered -----------------------------------------------------------------
    def search_filters(self) -> SearchFilters:
        """The store's filters (the deadline choice is `deadline_choice()`)."""
        return SearchFilters(
            review_state=self.review_filter.currentData(), outcome=self.outcome_filter.currentData(),
            decided_from=_iso(self.decided_from), decided_to=_iso(self.decided_to),
            category=self.category.currentData(), has_checks=self.checks.currentData(),
            assigned_to=current_user() if self.mine.isChecked() else None,
        )

    def deadline_choice(self) -> tuple[bool, int | None] | None:
        """(overdue, due_within days) for `Store.deadline_letter_ids`, or None: no deadline filter."""
        choice = self.deadlines.currentData()
        return (bool(choice[0]), choice[1]) if choice else None

    def active_words(self) -> list[str]:
        """Each active filter in words ("In review", "decided from 01/01/2017", "overdue")."""
        words: list[str] = []
        for box in (self.review_filter, self.outcome_filter):
            if box.currentIndex() > 0:
                words.append(box.currentText())
        if self.mine.isChecked():
            words.append(ASSIGNED_TO_ME)
        start, end = _iso(self.decided_from), _iso(self.decided_to)
        if start and end:
            words.append(f"decided {self.decided_from.text()}–{self.decided_to.text()}")
        elif start:
            words.append(f"decided from {self.decided_from.text()}")
        elif end:
            words.append(f"decided by {self.decided_to.text()}")
        if self.category.currentData():
            words.append(f"category {self.category.currentData()}")
        if self.checks.currentData():
            words.append(CHECK_WORDS[self.checks.currentData()])
        if self.deadlines.currentIndex() > 0:
            words.append(self.deadlines.currentText().lower())
        return words

    def extra_count(self) -> int:
        """How many of the popup's filters are active (shown on the button)."""
        return sum((bool(_iso(self.decided_from)) or bool(_iso(self.decided_to)),
                    self.category.currentIndex() > 0, self.checks.currentIndex() > 0,
                    self.deadlines.currentIndex() > 0))

    def is_active(self) -> bool:
        return bool(self.active_words())

    def clear(self, *, notify: bool = True) -> None:
        """Every filter back to "any" (one `changed` at the end, or none without `notify`)."""
        self._changed_quietly = True
        try:
            for box in (self.review_filter, self.outcome_filter, self.category, self.checks, self.deadlines):
                box.setCurrentIndex(0)
            for edit in (self.decided_from, self.decided_to):
                edit.setDate(EARLIEST)
            self.mine.setChecked(False)
        finally:
            self._changed_quietly = False
        self._show_count()
        if notify:
            self.changed.emit()

    def set_category(self, value: str | None) -> None:
        index = self.category.findData(value)
        self.category.setCurrentIndex(max(index, 0))

    def _show_count(self) -> None:
        extra = self.extra_count()
        self.button.setText(f"Filters ({extra})" if extra else "Filters")

    def _changed(self) -> None:
        if self._changed_quietly:
            return
        self._show_count()
        self.changed.emit()


def _iso(edit: QDateEdit) -> str | None:
    day = edit.date()
    if day <= EARLIEST or not day.isValid():
        return None
    return datetime.date(day.year(), day.month(), day.day()).isoformat()


def set_date(edit: QDateEdit, day: datetime.date | None) -> None:
    """Set a date edit of the popup (None: no bound)."""
    edit.setDate(QDate(day.year, day.month, day.day) if day else EARLIEST)


