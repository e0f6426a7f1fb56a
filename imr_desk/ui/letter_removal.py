"""Edit ▸ Remove Letter…: the letter on screen to the trash, after a confirmation naming the case.

`LetterRemoval.remove_current()` asks first (`ask_removal`): a case stored once gets "Move to
Trash" / "Cancel"; a case with several copies asks whether to move the whole case or only the
copy on screen. The removal is submitted through `LetterEdits` (the worker thread, checked
against the version on screen after any edit still in flight); it is recorded in the letter's
history but is not on the undo stack — File ▸ Trash… restores it (`TrashDialog`, which
`open_trash()` opens). Once it is stored, the queue is re-read and the letter that took its
row is shown, or no letter (`close_letter`) when the queue lists none; a letter restored from
the trash is listed and shown again. The helper gets the few objects
and callables it works with, never the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from imr_desk.core.records import CaseCopy, CaseRecord, HistoryEntry
from imr_desk.core.store import Store, StoreError
from imr_desk.core.store.connection import ExpectedVersion
from imr_desk.ui.current_letter import CurrentLetter
from imr_desk.ui.queue_panel import QueuePanel
from imr_desk.ui.store_ops import StoreOps
from imr_desk.ui.trash_dialog import TrashDialog
from imr_desk.ui.undo_commands import LetterEdits

MOVE_LETTER = "&Move to Trash"
MOVE_CASE = "Move the Whole &Case to Trash"
MOVE_COPY = "Move This &Copy Only"
RESTORE_HINT = "File ▸ Trash… brings it back, with everything it has, until the trash is emptied."
ShowStatus = Callable[[str, int], None]


def ask_removal(parent: QWidget, record: CaseRecord, copies: list[CaseCopy]) -> bool | None:
    """Ask before moving `record` to the trash: True for its whole case, False for this letter
    (copy) only, None when cancelled. `copies` are its case's copies out of the trash."""
    box = QMessageBox(QMessageBox.Icon.Question, "Remove Letter", "", parent=parent)
    others = [copy.file_name for copy in copies if copy.letter_id != record.letter_id]
    kept = ("A letter in the trash is out of the queue, search, exports and reports, and keeps its "
            f"corrections, notes, review and history. {RESTORE_HINT}")
    if others:
        box.setText(f"{record.case_label} has {len(copies)} copies: {record.file_name} (on screen) and "
                    f"{', '.join(others)}.\n\nMove the whole case to the trash, or only the copy on screen?")
        answers = [(box.addButton(MOVE_CASE, QMessageBox.ButtonRole.DestructiveRole), True),
                   (box.addButton(MOVE_COPY, QMessageBox.ButtonRole.DestructiveRole), False)]
    else:
        box.setText(f"Move {record.case_label} ({record.file_name}) to the trash?")
        answers = [(box.addButton(MOVE_LETTER, QMessageBox.ButtonRole.DestructiveRole), False)]
    box.setInformativeText(kept)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return next((whole for button, whole in answers if button is clicked), None)


class LetterRemoval(QObject):
    """Remove Letter… for the window (see the module docstring)."""

    def __init__(self, current: CurrentLetter, store: Store, edits: LetterEdits, queue: QueuePanel,
                 parent: QWidget, show_status: ShowStatus, *, open_letter: Callable[[int], bool],
                 close_letter: Callable[[], None], refresh: Callable[[], None]) -> None:
        super().__init__(parent)
        self.current = current
        self.store = store  # the UI thread's, for reads (the case's copies, the trash)
        self.edits = edits
        self.queue = queue
        self._parent = parent
        self._show_status = show_status
        self._open_letter = open_letter
        self._close_letter = close_letter
        self._refresh = refresh  # the letter count and the welcome view
        self.trash_dialog: TrashDialog | None = None

    def remove_current(self) -> bool:
        """Ask, then move the letter on screen (or its whole case) to the trash; False: not asked
        for (no letter, already in the trash) or cancelled."""
        record = self.current.record
        if record is None or record.removed_at is not None:
            return False
        try:
            copies = self.store.copies(record.letter_id) if record.copies > 1 else []
        except StoreError as problem:
            QMessageBox.warning(self._parent, "Cannot Remove the Letter", str(problem))
            return False
        whole_case = ask_removal(self._parent, record, copies)
        if whole_case is None:
            return False
        letter_id, case = record.letter_id, record.case_label
        position = self.queue.model.row_for_letter(letter_id)

        def remove(store: Store, version: ExpectedVersion) -> list[HistoryEntry]:
            return store.remove(letter_id, expected_version=version, whole_case=whole_case)

        def removed(entries: list[HistoryEntry]) -> None:
            for entry in entries:
                self.edits.forget(entry.letter_id)  # its history stays in the store
            what = f"{case} ({len(entries)} copies)" if len(entries) > 1 else case
            self.queue.reload()
            self._show_row(position)
            self._refresh()
            self._show_status(f"Moved {what} to the trash. {RESTORE_HINT}", 10_000)
            if self.trash_dialog is not None:
                self.trash_dialog.refresh()

        self.edits.perform(letter_id, remove, on_done=removed)
        return True

    def _show_row(self, position: int | None) -> None:
        """Show the letter now in the queue row `position` (the last row if it is past the end),
        or no letter when the queue lists none."""
        count = self.queue.model.rowCount()
        if position is not None and count and self._open_letter(self.queue.model.letter_id(min(position, count - 1))):
            return
        self._close_letter()

    def open_trash(self) -> TrashDialog:
        """File ▸ Trash…: the trash's letters, window-modal (opened, not exec'd)."""
        if self.trash_dialog is None:
            ops: StoreOps = self.edits.ops
            self.trash_dialog = TrashDialog(self.store, ops, self._parent)
            self.trash_dialog.restored.connect(self._restored)
            self.trash_dialog.emptied.connect(lambda _count: self._refresh())
        self.trash_dialog.refresh()
        self.trash_dialog.open()
        return self.trash_dialog

    def _restored(self, letter_id: int) -> None:
        self.queue.reload()
        self._refresh()
        if self._open_letter(letter_id) and self.current.record is not None:
            self._show_status(f"Restored {self.current.record.case_label} from the trash.", 10_000)
