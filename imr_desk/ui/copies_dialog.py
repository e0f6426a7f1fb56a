"""Edit ▸ Copies of This Case…: the files stored for one case number, side by side.

A case may be stored as several copies (a pdftotext copy, a fax, a re-scan, an amended
letter); the queue shows the case once, as its copy of record. `CopiesDialog` lists every copy
out of the trash (file, when and by whom imported, OCR'd or not, pages, which one is the copy
of record) and, for the copy selected, the fields whose parsed values differ from the copy of
record's, with both values side by side. "Open Read-Only" shows that copy in the window (it
takes no edits); "Make This the Copy of Record" submits `Store.set_copy_of_record` through
`LetterEdits` (so `StoreOps`' worker thread, and one step of the copy's undo stack) with the
version the list was read at, and the window follows (queue row, letter on screen, history).
The dialog only reads through the UI thread's store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from imr_desk.core.fields import field_for, split_key
from imr_desk.core.model import Letter
from imr_desk.core.records import CaseCopy, HistoryEntry
from imr_desk.core.store import Store, StoreError
from imr_desk.ui.queue_model import elide, format_date
from imr_desk.ui.undo_commands import EditFailure, LetterEdits

COPY_HEADERS = ("File", "Imported", "By", "Read", "Pages", "Differs in", "Copy of record")
DIFF_HEADERS = ("Field", "This copy", "Copy of record")
RECORD_MARK = "\u2714 Copy of record"
VALUE_SHOWN = 160  # characters of a long value shown in a cell; the whole value in its tooltip


def field_label(key: str) -> str:
    """``decisions[2].outcome`` → 'Decision 3 · Outcome'; ``header.decision_date`` → its label."""
    index, _name = split_key(key)
    try:
        spec = field_for(key)
    except KeyError:
        return key
    return f"Decision {index + 1} · {spec.shown_label}" if index is not None else spec.label


def field_value(letter: Letter, key: str) -> Any:
    """The value of field `key` in `letter` (None for a decision the letter does not have)."""
    index, name = split_key(key)
    if index is not None:
        return getattr(letter.decisions[index], name) if index < len(letter.decisions) else None
    section, _dot, rest = key.partition(".")
    holder = getattr(letter, section)
    return getattr(holder, rest) if rest else holder


def value_text(value: Any) -> str:
    """A parsed value in words for a cell: lists joined, nothing as '(none)'."""
    if value is None or value == "" or value == []:
        return "(none)"
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def imported_text(copy: CaseCopy) -> str:
    """'11/03/2016 14:05' from the stored ISO time (date and minutes)."""
    day, _t, clock = copy.imported_at.partition("T")
    return f"{format_date(day)} {clock[:5]}".strip()


class CopiesDialog(QDialog):
    """The copies of one case; choose which is the copy of record, open any read-only."""

    def __init__(
        self,
        store: Store,
        edits: LetterEdits,
        letter_id: int,
        *,
        open_letter: Callable[[int], object],
        record_changed: Callable[[int, int], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store, self._edits = store, edits
        self._waiting_for: int | None = None  # the copy being made the copy of record
        self._letter_id = letter_id  # any copy of the case
        self._open_letter, self._record_changed = open_letter, record_changed
        self._copies: list[CaseCopy] = []
        self._parses: dict[int, Letter] = {}
        self.setWindowTitle("Copies of This Case")
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.copies_table = _table(COPY_HEADERS, self)
        self.copies_table.setAccessibleName("Copies of the case")
        self.diff_label = QLabel(self)
        self.diff_label.setWordWrap(True)
        self.diff_table = _table(DIFF_HEADERS, self)
        self.diff_table.setAccessibleName("Fields whose parsed values differ")
        self.diff_table.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = QPushButton("&Open Read-Only", self)
        self.open_button.setToolTip("Show this copy in the window; it takes no edits (only the copy of record does)")
        self.record_button = QPushButton("&Make This the Copy of Record", self)
        self.record_button.setToolTip("The queue, reports and statistics then use this copy for the case (undoable)")
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.record_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self.open_selected)
        self.record_button.clicked.connect(self.make_selected_record)
        self.copies_table.currentCellChanged.connect(lambda *_args: self._show_selected())
        edits.failed.connect(self._on_failed)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.copies_table, 2)
        layout.addWidget(self.diff_label)
        layout.addWidget(self.diff_table, 3)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(900, 520)
        self.reload()

    # -- reading ------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the case's copies again (after a change of copy of record)."""
        try:
            self._copies = self._store.copies(self._letter_id)
            self._parses = {copy.letter_id: self._store.load(copy.letter_id).parsed for copy in self._copies}
        except StoreError as problem:
            self._copies, self._parses = [], {}
            self.headline.setText(f"The copies could not be read: {problem}")
            self.copies_table.setRowCount(0)
            self._show_selected()
            return
        record = self.record_copy()
        case_number = self._parses[record.letter_id].header.case_number if record is not None else None
        label = case_number or (record.file_name if record is not None else f"letter {self._letter_id}")
        self.setWindowTitle(f"Copies of {label}")
        self.headline.setText(
            f"{len(self._copies)} copies of {label} are stored. The copy of record is the one the queue, "
            "reports and statistics use, and the only one that takes edits."
        )
        selected = self.selected_copy()
        self.copies_table.setRowCount(len(self._copies))
        for row, copy in enumerate(self._copies):
            read = "OCR (scan)" if copy.ocr else ("text file" if copy.kind == "text" else "PDF text")
            differs = "—" if copy.is_copy_of_record else (f"{len(copy.differing_fields)} field(s)"
                                                         if copy.differing_fields else "nothing")
            cells = (copy.file_name, imported_text(copy), copy.imported_by, read, str(copy.pages), differs,
                     RECORD_MARK if copy.is_copy_of_record else "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{copy.file_name}\nsha256 {copy.sha256[:16]}…" if column == 0 else text)
                if copy.is_copy_of_record:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.copies_table.setItem(row, column, item)
        self.copies_table.resizeColumnsToContents()
        keep = next((row for row, c in enumerate(self._copies)
                     if selected is not None and c.letter_id == selected.letter_id), None)
        if keep is None:  # first look: the first copy that is not the copy of record
            keep = next((row for row, c in enumerate(self._copies) if not c.is_copy_of_record), 0)
        self.copies_table.setCurrentCell(keep, 0)
        self._show_selected()

    def record_copy(self) -> CaseCopy | None:
        return next((copy for copy in self._copies if copy.is_copy_of_record), None)

    def selected_copy(self) -> CaseCopy | None:
        row = self.copies_table.currentRow()
        return self._copies[row] if 0 <= row < len(self._copies) else None

    def select_copy(self, letter_id: int) -> None:
        row = next(row for row, copy in enumerate(self._copies) if copy.letter_id == letter_id)
        self.copies_table.setCurrentCell(row, 0)

    def _show_selected(self) -> None:
        copy, record = self.selected_copy(), self.record_copy()
        self.open_button.setEnabled(copy is not None)
        self.record_button.setEnabled(copy is not None and not copy.is_copy_of_record)
        self.diff_table.setRowCount(0)
        if copy is None or record is None:
            self.diff_label.setText("")
            return
        if copy.is_copy_of_record:
            self.diff_label.setText(f"{copy.file_name} is the copy of record; select another copy to compare.")
            return
        if not copy.differing_fields:
            self.diff_label.setText(f"{copy.file_name} and the copy of record parse to the same values.")
            return
        labels = [field_label(key) for key in copy.differing_fields]
        self.diff_label.setText(f"Where {copy.file_name} parses differently from the copy of record "
                                f"({record.file_name}): {', '.join(labels)}.")
        mine, theirs = self._parses[copy.letter_id], self._parses[record.letter_id]
        self.diff_table.setRowCount(len(copy.differing_fields))
        for row, key in enumerate(copy.differing_fields):
            values = (value_text(field_value(mine, key)), value_text(field_value(theirs, key)))
            self.diff_table.setItem(row, 0, QTableWidgetItem(labels[row]))
            for column, text in enumerate(values, start=1):
                item = QTableWidgetItem(elide(text, VALUE_SHOWN))
                item.setToolTip(text)
                self.diff_table.setItem(row, column, item)
        self.diff_table.resizeRowsToContents()

    # -- actions ------------------------------------------------------------------------
    def open_selected(self) -> None:
        copy = self.selected_copy()
        if copy is not None:
            self._open_letter(copy.letter_id)

    def make_selected_record(self) -> None:
        """Submit the change on the worker thread, at the version the list was read at."""
        copy, record = self.selected_copy(), self.record_copy()
        if copy is None or record is None or copy.is_copy_of_record:
            return
        self.record_button.setEnabled(False)
        self.status.setText(f"Making {copy.file_name} the copy of record…")
        new_id, old_id, version = copy.letter_id, record.letter_id, copy.version

        def write(store: Store, _chain_version: object) -> HistoryEntry | None:
            return store.set_copy_of_record(new_id, expected_version=version)  # the version listed

        self._waiting_for = new_id
        self._edits.perform(new_id, write, description="Copy of record",
                            on_done=lambda _entry: self._on_record_set(new_id, old_id))

    def _on_record_set(self, new_id: int, old_id: int) -> None:
        self._waiting_for = None
        self.reload()
        chosen = next((copy for copy in self._copies if copy.letter_id == new_id), None)
        self.status.setText(f"{chosen.file_name if chosen else 'The copy'} is now the copy of record "
                            "(Edit ▸ Undo takes it back).")
        self._record_changed(new_id, old_id)

    def _on_failed(self, failure: EditFailure) -> None:
        if failure.letter_id != self._waiting_for:
            return
        self._waiting_for = None
        self.status.setText(f"The copy of record was not changed: {failure.message}")
        self.reload()


def _table(headers: tuple[str, ...], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    return table
