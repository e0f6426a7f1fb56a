"""The review window's Copies of This Case… and Export Letters… dialogs, and its words.

Split out of `main_window` (kept small): `open_copies` and `open_export` build the dialog,
open it window-modal once the edits still being written are stored, and return it;
`add_status_widgets` makes the status bar's labels; `window_title(record)` is the title
bar's text and the status line for the letter on screen; `queue_notice` says what the queue
cleared to show a letter; `typing_in_progress` finds the field being typed in, so a reload
can give it back its text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QStatusBar, QWidget

from imr_desk.core.fields import review_state_word
from imr_desk.core.records import CaseRecord
from imr_desk.ui import settings
from imr_desk.ui.decision_editor import FieldEditor
from imr_desk.ui.letter_editing import LetterEditing

if TYPE_CHECKING:
    from imr_desk.core.store import Store
    from imr_desk.ui.current_letter import CurrentLetter
    from imr_desk.ui.fields_panel import FieldsPanel
    from imr_desk.ui.queue_panel import QueuePanel
    from imr_desk.ui.store_ops import StoreOps
    from imr_desk.ui.undo_commands import LetterEdits


class DialogHost(Protocol):
    """What these dialogs need of the review window (`MainWindow` is one): a protocol, so this
    module need not import the window that imports it."""

    store: Store
    store_ops: StoreOps
    current: CurrentLetter
    fields: FieldsPanel
    edits: LetterEdits
    queue: QueuePanel

    def open_letter(self, letter_id: int, *, reveal: bool = True) -> bool: ...

    def reload_letter(self) -> None: ...

    def show_in_queue(self, letter_id: int) -> None: ...

    def show_status(self, message: str, milliseconds: int = 0) -> None: ...

APP_TITLE = "imr-desk"
NOTICE_MS = 10_000
READ_ONLY_NOTE = (" — a copy opened read-only; only the copy of record takes edits "
                  "(Edit ▸ Copies of This Case…)")


def window_title(record: CaseRecord | None) -> tuple[str, str]:
    """(window title, status line) for the letter on screen (None: no letter)."""
    if record is None:
        return APP_TITLE, ""
    state = review_state_word(record.review.state)
    marker = f" [{state}]" if record.review.state != "unreviewed" else ""
    copy_open = record.read_only and record.removed_at is None  # another copy, opened to compare
    if copy_open:
        marker += f" [copy {record.file_name}, read-only]"
    return f"{record.case_label}{marker} — {APP_TITLE}", f"{record.case_label}: {state}" + (
        READ_ONLY_NOTE if copy_open else "")


def add_status_widgets(bar: QStatusBar, store_path: object, waiting_text: str) -> tuple[QLabel, QLabel]:
    """The status bar's permanent labels (hover tips never hide them): "Waiting for the
    store…" (hidden until a write waits), the letter count and the store's path."""
    waiting = QLabel(waiting_text)
    waiting.setAccessibleName("Store status")
    waiting.setStyleSheet("QLabel { font-weight: bold; padding: 0 6px; }")
    waiting.hide()
    count = QLabel()
    path = QLabel(f"Store: {store_path}")
    path.setToolTip(str(store_path))
    for label in (waiting, count, path):
        bar.addPermanentWidget(label)
    return waiting, count


def queue_notice(cleared: str, record: CaseRecord | None, letter_id: int) -> str:
    """``The search “knee” was cleared to show CM16-… in the queue.``"""
    case = record.case_label if record is not None and record.letter_id == letter_id else f"letter {letter_id}"
    verb = "were" if cleared.endswith("filters") else "was"
    return f"{cleared[0].upper()}{cleared[1:]} {verb} cleared to show {case} in the queue."


def typing_in_progress(editing: LetterEditing, fields_letter: int | None,
                       letter_id: int) -> tuple[FieldEditor, str, int] | None:
    """The field the user is typing in, not yet submitted: (editor, text, cursor position).

    A reload refills every field; this one gets its text (and caret) back afterwards, so
    an answer from the store that arrives mid-typing never wipes what is being typed.
    """
    focused = QApplication.focusWidget()
    if fields_letter != letter_id or not isinstance(focused, FieldEditor) or not focused.is_modified():
        return None
    text = focused.text_value()
    if editing.submitted_text(letter_id, focused.key) == text:
        return None  # submitted and now stored: show the stored value
    return focused, text, focused.caret()


def _open_modal(window: DialogHost, dialog: QDialog) -> QDialog:
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.store_ops.after_pending(dialog.open)
    return dialog


def open_copies(window: DialogHost, letter_id: int | None = None) -> QDialog | None:
    """Edit ▸ Copies of This Case… (the letter on screen, or a queue row's)."""
    from imr_desk.ui.copies_dialog import CopiesDialog

    target = letter_id if letter_id is not None else window.current.letter_id
    if target is None:
        return None
    window.fields.commit_pending()
    dialog = CopiesDialog(window.store, window.edits, target, open_letter=window.open_letter,
                          record_changed=lambda new, old: copy_of_record_changed(window, new, old),
                          parent=cast(QWidget, window))
    return _open_modal(window, dialog)


def copy_of_record_changed(window: DialogHost, new_id: int, old_id: int) -> None:
    """The queue lists the case by its new copy of record; the screen follows it."""
    window.queue.reload()
    if window.current.letter_id == old_id:  # the case was on screen: show its new copy of record
        window.open_letter(new_id)
        window.edits.forget(old_id)  # a copy now: it takes no edits
    elif window.current.letter_id == new_id:
        window.reload_letter()  # no longer read-only
        window.show_in_queue(new_id)
    record = window.current.record
    case = record.case_label if record is not None else f"letter {new_id}"
    window.show_status(f"{case}: the copy of record is now {window.store.load(new_id).file_name}.", NOTICE_MS)


def open_export(window: DialogHost) -> QDialog:
    """File ▸ Export Letters…: the queue's selected letters or all of them, as JSON Lines or
    CSV, written on a worker thread once pending edits are stored."""
    from imr_desk.ui.export_dialog import ExportDialog

    window.fields.commit_pending()
    dialog = ExportDialog(window.store.path, window.queue.selected_letter_ids(), window.store.count(),
                          start_folder=settings.last_directory(), parent=cast(QWidget, window))
    dialog.finished_export.connect(lambda path: window.show_status(f"Exported to {path}.", NOTICE_MS))
    return _open_modal(window, dialog)
