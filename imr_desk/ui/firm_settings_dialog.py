"""Tools ▸ Firm Settings…: the side the firm works for and the holidays its deadlines skip.

`FirmSettingsDialog(store, store_ops)` shows the store's `DeadlineSettings`: the firm's side
(applicant / defense / claims administrator, which chooses the kinds of deadline shown by
default, named under the choice), the holidays in force for a chosen year (California's,
plus the firm's own dates, minus those it removed: `HolidayCalendar.holidays_in(year)` of the
settings being edited) and the firm's own dates (court or board closures) to add or remove.
OK saves on the worker thread (`set_deadline_settings(..., expected_version=` the version read
when the dialog opened`)`), then recomputes every case's deadlines there (`refresh_deadlines`,
seconds on a large store); `saved(count)` follows with how many cases were recomputed. A save
refused because another window changed the settings meanwhile says so and keeps the dialog open.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from imr_desk.core.deadlines.calendar import HolidayCalendar
from imr_desk.core.deadlines.settings import FIRM_SIDE_WORDS, FIRM_SIDES, KIND_WORDS, DeadlineSettings
from imr_desk.core.store import Store, StoreError
from imr_desk.ui.queue_texts import WARNING_SIGN, format_date
from imr_desk.ui.store_ops import StoreOps


class FirmSettingsDialog(QDialog):
    """Edit the firm's deadline settings; saved (and deadlines recomputed) off the UI thread."""

    saved = Signal(int)  # how many cases' deadlines were recomputed

    def __init__(self, store: Store, store_ops: StoreOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Firm Settings")
        self.setObjectName("firmSettings")
        self.store_ops = store_ops
        self.version = store.deadline_settings_version()
        self.settings = store.deadline_settings()
        self.added = dict.fromkeys(self.settings.added_holidays, "")
        self.added.update({d: self.settings.added_names.get(d.isoformat(), "") for d in self.added})
        self.side = QComboBox(self)
        for side in FIRM_SIDES:
            self.side.addItem(FIRM_SIDE_WORDS[side], side)
        self.side.setCurrentIndex(FIRM_SIDES.index(self.settings.firm_side))
        self.side.setAccessibleName("The firm's side")
        self.kinds_label = QLabel(self)
        self.kinds_label.setWordWrap(True)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(datetime.date.today().year)
        self.year.setAccessibleName("Year of the holidays shown")
        self.holidays = QListWidget(self)
        self.holidays.setAccessibleName("Holidays in force")
        longest = "00/00/0000  Mon  Juneteenth National Independence Day"  # the longest state holiday
        self.holidays.setMinimumWidth(self.fontMetrics().horizontalAdvance(longest) + 40)
        self.firm_dates = QListWidget(self)
        self.firm_dates.setAccessibleName("The firm's own closures")
        self.new_date = QDateEdit(self)
        self.new_date.setCalendarPopup(True)
        self.new_date.setDisplayFormat("MM/dd/yyyy")
        today = datetime.date.today()
        self.new_date.setDate(QDate(today.year, today.month, today.day))
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText("e.g. Court closed")
        self.add_button = QPushButton("&Add Date", self)
        self.remove_button = QPushButton("&Remove Date", self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        form = QFormLayout()
        form.addRow("The firm works for:", self.side)
        form.addRow("", self.kinds_label)
        holidays_box = QGroupBox("Holidays in force", self)
        holidays_layout = QVBoxLayout(holidays_box)
        year_row = QHBoxLayout()
        year_row.addWidget(QLabel("Year:"))
        year_row.addWidget(self.year)
        year_row.addStretch(1)
        holidays_layout.addLayout(year_row)
        holidays_layout.addWidget(self.holidays)
        firm_box = QGroupBox("The firm's own closures (court or board closed)", self)
        firm_layout = QVBoxLayout(firm_box)
        firm_layout.addWidget(self.firm_dates)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_date)
        add_row.addWidget(self.new_name, 1)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        firm_layout.addLayout(add_row)
        lists = QHBoxLayout()
        lists.addWidget(holidays_box, 1)
        lists.addWidget(firm_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(lists, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.side.currentIndexChanged.connect(lambda _i: self._show())
        self.year.valueChanged.connect(lambda _y: self._show())
        self.add_button.clicked.connect(self.add_date)
        self.remove_button.clicked.connect(self.remove_date)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.resize(900, 520)
        self._show()

    def edited_settings(self) -> DeadlineSettings:
        """The settings as the dialog has them now."""
        return DeadlineSettings(
            added_holidays=tuple(self.added), removed_holidays=self.settings.removed_holidays,
            firm_side=str(self.side.currentData()),
            added_names={d.isoformat(): name for d, name in self.added.items() if name},
        )

    def add_date(self, day: datetime.date | None = None, name: str | None = None) -> None:
        """Add a closure (the date and name typed, unless given)."""
        if day is None:
            picked = self.new_date.date()
            day = datetime.date(picked.year(), picked.month(), picked.day())
        self.added[day] = (name if name is not None else self.new_name.text()).strip()
        self.new_name.clear()
        self.year.setValue(day.year)
        self._show()

    def remove_date(self) -> None:
        item = self.firm_dates.currentItem()
        if item is not None:
            self.added.pop(datetime.date.fromisoformat(item.data(Qt.ItemDataRole.UserRole)), None)
            self._show()

    def _show(self) -> None:
        settings = self.edited_settings()
        kinds = settings.default_kinds()
        self.kinds_label.setText("Deadlines shown by default: " + "; ".join(KIND_WORDS[k] for k in kinds) + ".")
        self.holidays.clear()
        for day, name in HolidayCalendar(settings).holidays_in(self.year.value()):
            self.holidays.addItem(f"{format_date(day.isoformat())}  {day:%a}  {name}")
        self.firm_dates.clear()
        for day in sorted(self.added):
            item = QListWidgetItem(f"{format_date(day.isoformat())}  {self.added[day] or 'Firm closure'}")
            item.setData(Qt.ItemDataRole.UserRole, day.isoformat())
            self.firm_dates.addItem(item)
        self.remove_button.setEnabled(bool(self.added))

    def save(self) -> None:
        """Save on the worker thread, then recompute the deadlines there; close when done."""
        settings, version = self.edited_settings(), self.version
        self.buttons.setEnabled(False)
        self.message.setText("Saving and recomputing every case's deadlines\u2026")

        def write(store: Store) -> int:
            store.set_deadline_settings(settings, expected_version=version)
            return store.refresh_deadlines()

        self.store_ops.submit(write, on_done=self._saved, on_failed=self._failed)

    def _saved(self, count: int) -> None:
        self.saved.emit(count)
        self.accept()

    def _failed(self, problem: StoreError | ValueError) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(f"{WARNING_SIGN} Not saved: {problem}")
