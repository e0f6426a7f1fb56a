"""The Deadlines box of the Letter tab: the case's service record and its deadlines.

The service record (served on, served by, address, received on) shows what the user entered;
a value not entered is marked "assumed" (its label says so and the field shows the spec's
default in grey: the decision date, mail, a California address). Typing a date or picking a
value enters it, emptying a date or picking "Not entered" goes back to the default:
`serviceEntered(letter_id, EnteredService)` carries the whole entered record (the window
stores it with `Store.set_service` through its edit flow: history, undo). A date that cannot
be read, or a received date before the served one, is refused in place and left in its field.

Each deadline shows what it is (`KIND_WORDS`), its last day, its status and "assumed" while it
rests on an assumed value, the `basis` chain it was computed by, and Mark done… (the day and
a note such as "petition filed on …"), Dismiss and Reopen: `statusChosen(letter_id, kind,
DeadlineStatus)`. The values come from `set_reader(store.case_deadlines)` (a read on the UI
thread's store, each time a record is shown); the writes run on the worker thread.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from imr_desk.core.deadlines.case import CaseDeadlines
from imr_desk.core.deadlines.entries import STATUS_WORDS, DeadlineEntry, DeadlineStatus
from imr_desk.core.deadlines.service import (
    ADDRESS_WORDS,
    ADDRESSES,
    SERVED_BY,
    SERVED_BY_WORDS,
    SERVICE_WORDS,
    EnteredService,
    ServiceRecord,
)
from imr_desk.core.deadlines.settings import KIND_WORDS
from imr_desk.core.records import CaseRecord
from imr_desk.core.store import StoreError
from imr_desk.ui.fields_model import parse_date

TITLE = "Deadlines"
ASSUMED = "assumed"
NOT_ENTERED = "Not entered"
NO_DEADLINES = "No deadline can be computed for this case (it has no decision date)."
Reader = Callable[[int], CaseDeadlines]


def entered_of(service: ServiceRecord) -> EnteredService:
    """What the user entered, read back from a service record (assumed values left out)."""
    def kept(name: str) -> object:
        return None if service.is_assumed(name) else getattr(service, name)

    return EnteredService(kept("served_on"), kept("served_by"), kept("address"), kept("received_on"))  # type: ignore[arg-type]


def deadline_heading(entry: DeadlineEntry) -> str:
    """``Petition appealing … · due 2017-01-16 · Open · assumed``."""
    status = STATUS_WORDS.get(entry.status.status, entry.status.status)
    if entry.status.status == "done" and entry.status.done_on:
        status += f" on {entry.status.done_on.isoformat()}"
    if entry.status.note:
        status += f" — {entry.status.note}"
    assumed = f" · {ASSUMED}" if entry.assumed else ""
    return f"{KIND_WORDS.get(entry.kind, entry.kind)} · due {entry.due.isoformat()} · {status}{assumed}"


class DoneDialog(QDialog):
    """Asks the day a deadline was met and a note."""

    def __init__(self, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Mark Deadline Done")
        form = QFormLayout(self)
        about = QLabel(heading)
        about.setWordWrap(True)
        form.addRow(about)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setAccessibleName("Done on")
        self.note = QLineEdit()
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("e.g. petition filed on …")
        form.addRow("Done &on:", self.day)
        form.addRow("&Note:", self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[datetime.date, str]:
        return self.day.date().toPython(), " ".join(self.note.text().split())  # type: ignore[return-value]


class DeadlineSection(QGroupBox):
    """The case's service record and deadlines (see the module docstring)."""

    serviceEntered = Signal(int, object)  # letter id, EnteredService
    statusChosen = Signal(int, str, object)  # letter id, deadline kind, DeadlineStatus

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(TITLE, parent)
        self.setAccessibleName(TITLE)
        self._reader: Reader | None = None
        self._letter_id: int | None = None
        self.deadlines: CaseDeadlines | None = None
        self._read_only = False
        # (letter id, date field) -> (text typed and refused, the problem): kept over reloads
        self._refused: dict[tuple[int, str], tuple[str, str]] = {}
        layout = QVBoxLayout(self)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Deadline problem")
        self.problem.hide()
        layout.addWidget(self.problem)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.labels = {name: QLabel(SERVICE_WORDS[name]) for name in SERVICE_WORDS}
        self.dates = {name: QLineEdit() for name in ("served_on", "received_on")}
        self.choices = {"served_by": self._combo(SERVED_BY, SERVED_BY_WORDS),
                        "address": self._combo(ADDRESSES, ADDRESS_WORDS)}
        for name, line in self.dates.items():
            line.setAccessibleName(SERVICE_WORDS[name])
            line.editingFinished.connect(lambda name=name: self._date_finished(name))
        for name, combo in self.choices.items():
            combo.setAccessibleName(SERVICE_WORDS[name])
            combo.activated.connect(lambda _index, name=name: self._enter(name, self.choices[name].currentData()))
        for name in SERVICE_WORDS:
            editor = self.dates.get(name) or self.choices[name]
            self.labels[name].setBuddy(editor)
            form.addRow(self.labels[name], editor)
        layout.addLayout(form)
        self.list = QVBoxLayout()
        self.list.setSpacing(6)
        layout.addLayout(self.list)
        self.rows: dict[str, QFrame] = {}
        self.buttons: dict[tuple[str, str], QPushButton] = {}

    @staticmethod
    def _combo(values: tuple[str, ...], words: dict[str, str]) -> QComboBox:
        combo = QComboBox()
        # shrink with the panel (the longest choice is shown whole in the open list)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
        combo.addItem(NOT_ENTERED, None)
        for value in values:
            combo.addItem(words[value], value)
        return combo

    def set_reader(self, reader: Reader | None) -> None:
        """Where the case's deadlines are read from (`Store.case_deadlines`)."""
        self._reader = reader

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for line in self.dates.values():
            line.setReadOnly(read_only)
        for combo in self.choices.values():
            combo.setEnabled(not read_only)
        self._enable_buttons()

    def set_record(self, record: CaseRecord | None) -> None:
        """Show the deadlines of `record`'s case (read now); hidden without a reader or record."""
        self._letter_id = record.letter_id if record is not None else None
        self.deadlines = None
        self.problem.hide()
        if record is not None and self._reader is not None:
            try:
                self.deadlines = self._reader(record.letter_id)
            except (StoreError, ValueError) as problem:
                self._show_problem(str(problem))
        self.setVisible(self.deadlines is not None)
        if self.deadlines is not None:
            self._show_service(self.deadlines.service)
            self._show_entries(self.deadlines.entries)

    def _show_service(self, service: ServiceRecord) -> None:
        for name, label in self.labels.items():
            assumed = service.is_assumed(name)
            label.setText(SERVICE_WORDS[name] + (f" ({ASSUMED})" if assumed else ""))
            label.setToolTip("Not entered: the spec's default is assumed." if assumed else "Entered.")
        for name, line in self.dates.items():
            value: datetime.date | None = getattr(service, name)
            line.setText("" if service.is_assumed(name) or value is None else value.isoformat())
            shown = value.isoformat() if value else "no date"
            line.setPlaceholderText(f"{shown} ({ASSUMED}) — type a date to enter it")
            refused = self._refused.get((self._letter_id or 0, name))
            if refused is not None:
                line.setText(refused[0])
                self._show_problem(refused[1])
        for name, combo in self.choices.items():
            value_word = (SERVED_BY_WORDS if name == "served_by" else ADDRESS_WORDS)[getattr(service, name)]
            combo.setItemText(0, f"{NOT_ENTERED} — {value_word} {ASSUMED}")
            combo.setCurrentIndex(0 if service.is_assumed(name) else max(0, combo.findData(getattr(service, name))))

    def _show_entries(self, entries: tuple[DeadlineEntry, ...]) -> None:
        for row in self.rows.values():
            self.list.removeWidget(row)
            row.deleteLater()
        self.rows, self.buttons = {}, {}
        if not entries:
            empty = QFrame()
            QVBoxLayout(empty).addWidget(QLabel(NO_DEADLINES))
            self.rows[""] = empty
            self.list.addWidget(empty)
        for entry in entries:
            self.rows[entry.kind] = self._entry_row(entry)
            self.list.addWidget(self.rows[entry.kind])
        self._enable_buttons()

    def _entry_row(self, entry: DeadlineEntry) -> QFrame:
        row = QFrame()
        row.setObjectName(f"deadline:{entry.kind}")
        row.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(row)
        heading = QLabel(deadline_heading(entry))
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold;")
        basis = QLabel("\n".join(f"• {step}" for step in entry.basis))
        basis.setWordWrap(True)
        basis.setAccessibleName("Basis")
        layout.addWidget(heading)
        layout.addWidget(basis)
        buttons = QHBoxLayout()
        for action, text in (("done", "Mark done…"), ("dismissed", "Dismiss"), ("open", "Reopen")):
            button = QPushButton(text)
            button.setAccessibleName(f"{text.rstrip('…')}: {KIND_WORDS.get(entry.kind, entry.kind)}")
            button.clicked.connect(lambda _c=False, kind=entry.kind, action=action: self._choose(kind, action))
            self.buttons[(entry.kind, action)] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return row

    def _enable_buttons(self) -> None:
        statuses = {entry.kind: entry.status.status for entry in (self.deadlines.entries if self.deadlines else ())}
        for (kind, action), button in self.buttons.items():
            current = statuses.get(kind, "open")
            button.setEnabled(not self._read_only and (current == "open") == (action != "open"))

    # --- edits ----------------------------------------------------------------------------

    def _date_finished(self, name: str) -> None:
        line = self.dates[name]
        text = line.text().strip()
        try:
            value = datetime.date.fromisoformat(parse_date(text, SERVICE_WORDS[name])) if text else None
        except ValueError as problem:
            self._refuse(name, text, str(problem))
            return
        self._enter(name, value)

    def _enter(self, name: str, value: object) -> None:
        if self.deadlines is None or self._letter_id is None or self._read_only:
            return
        values = entered_of(self.deadlines.service).to_json()
        before = EnteredService.from_json(values)
        values[name] = value.isoformat() if isinstance(value, datetime.date) else value
        try:
            entered = EnteredService(
                datetime.date.fromisoformat(values["served_on"]) if values["served_on"] else None,
                values["served_by"], values["address"],
                datetime.date.fromisoformat(values["received_on"]) if values["received_on"] else None,
            )
        except ValueError as problem:
            self._refuse(name, self.dates[name].text() if name in self.dates else "", str(problem))
            return
        self.problem.hide()
        for key in [key for key in self._refused if key[0] == self._letter_id]:
            del self._refused[key]  # what is entered now replaces what was refused
        if entered != before:
            self.serviceEntered.emit(self._letter_id, entered)

    def _choose(self, kind: str, action: str) -> None:
        if self._letter_id is None or self._read_only:
            return
        if action == "done":
            entry = next(e for e in self.deadlines.entries if e.kind == kind) if self.deadlines else None
            dialog = DoneDialog(deadline_heading(entry) if entry else kind, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            day, note = dialog.values()
            self.statusChosen.emit(self._letter_id, kind, DeadlineStatus("done", day, note))
        else:
            self.statusChosen.emit(self._letter_id, kind, DeadlineStatus(action))

    def _refuse(self, name: str, text: str, problem: str) -> None:
        if self._letter_id is not None and name in self.dates:
            self._refused[(self._letter_id, name)] = (text, problem)
        self._show_problem(problem)

    def _show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setStyleSheet("font-weight: bold; padding: 4px;")
        self.problem.show()
