"""File ▸ Trash…: the letters removed by mistake, to restore or to delete for good.

`TrashDialog(store, store_ops, parent)` lists `Store.trash()` (case number, file, when and by
whom removed, its corrections and notes), newest first. Restore brings the selected letters
back with everything they had (`Store.restore`, checked against the version listed);
Empty Trash… asks, then deletes every letter listed for good, with its file (`Store.empty_trash`).
The writes run on `StoreOps`' worker thread; the list is read again once each is answered, and
`restored(letter_id)` / `emptied(count)` tell the window, which updates its queue. The dialog
is opened with `open()` (window-modal, no nested event loop).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from imr_desk.core.records import HistoryEntry, TrashEntry
from imr_desk.core.store import Store, StoreError
from imr_desk.ui.store_ops import StoreOps

COLUMNS = ("Case number", "File", "Removed (UTC)", "By", "Corrections", "Notes")
EMPTY_TEXT = "The trash is empty."


def removed_when(entry: TrashEntry) -> str:
    """``2016-12-13 09:00`` (UTC) from the stored ISO time."""
    return entry.removed_at.replace("T", " ").rstrip("Z")[:16]


class TrashDialog(QDialog):
    """The trash's letters, with Restore and Empty Trash… (see the module docstring)."""

    restored = Signal(int)  # letter id back out of the trash
    emptied = Signal(int)  # letters deleted for good

    def __init__(self, store: Store, store_ops: StoreOps, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Trash")
        self.store = store  # the UI thread's, for reading the list
        self.store_ops = store_ops
        self.entries: list[TrashEntry] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Letters in the trash")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setToolTip("Bring the selected letters back, with everything they had")
        self.empty_button = QPushButton("&Empty Trash…")
        self.empty_button.setToolTip("Delete every letter in the trash for good (asks first)")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.empty_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.restore_button.clicked.connect(self.restore_selected)
        self.empty_button.clicked.connect(self.empty)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(760, 360)
        self.refresh()

    def refresh(self) -> None:
        """Read the trash again and list it."""
        try:
            self.entries = self.store.trash()
        except StoreError as problem:
            self.entries = []
            self.summary.setText(f"The trash could not be read: {problem}")
        else:
            count = len(self.entries)
            one = count == 1
            self.summary.setText(
                EMPTY_TEXT if not count else
                f"{count} letter{'' if one else 's'} {'is' if one else 'are'} in the trash: out of the "
                f"queue, kept with {'its' if one else 'their'} corrections, notes and history until the "
                "trash is emptied."
            )
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            values = (entry.case_number or "(no case number)", entry.file_name, removed_when(entry),
                      entry.removed_by, str(entry.corrections), str(entry.notes))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if column >= 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        for column in (0, 2):
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, self.table.columnWidth(column) + 16)
        self._update_buttons()

    def selected_entries(self) -> list[TrashEntry]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.entries[row] for row in rows if row < len(self.entries)]

    def restore_selected(self) -> None:
        """Bring the selected letters back out of the trash."""
        for entry in self.selected_entries():
            self._submit_restore(entry.letter_id, entry.version)

    def _submit_restore(self, letter_id: int, version: int) -> None:
        def restore(store: Store) -> HistoryEntry:
            return store.restore(letter_id, expected_version=version)

        def restored(_entry: HistoryEntry) -> None:
            self._restored(letter_id)

        self.store_ops.submit(restore, on_done=restored, on_failed=self._failed)

    def empty(self) -> None:
        """Ask, then delete every letter listed for good."""
        letter_ids = [entry.letter_id for entry in self.entries]
        if not letter_ids:
            return
        count = f"{len(letter_ids)} letter{'s' if len(letter_ids) != 1 else ''}"
        answer = QMessageBox.question(
            self, "Empty Trash",
            f"Delete the {count} in the trash for good, with their files, corrections, notes and "
            "history?\n\nThis cannot be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.store_ops.submit(lambda store: store.empty_trash(letter_ids), on_done=self._emptied,
                              on_failed=self._failed)

    def _restored(self, letter_id: int) -> None:
        self.refresh()
        self.restored.emit(letter_id)

    def _emptied(self, count: int) -> None:
        self.refresh()
        self.emptied.emit(count)

    def _failed(self, error: Exception) -> None:
        self.refresh()
        QMessageBox.warning(self, "Trash", str(error))

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectionModel().selectedRows()))
        self.empty_button.setEnabled(bool(self.entries))
