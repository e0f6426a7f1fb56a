"""The review window: case queue (left), letter (centre), fields and notes (right).

`MainWindow(store)` puts C's `QueuePanel`, A's `LetterPane` (or C's `WelcomeView` while the store
is empty) and the `FieldsPanel` with C's `AnnotationsPanel` in splitters, wires them together
(a field or decision selected shows its block in the letter; a block clicked in the letter
selects its field), gets letters in through `LetterIntake` (Open…, Import Folder…, drag and
drop, recent files, sample letters; `importer` and `recent` are its), removes them through
`LetterRemoval` (Remove Letter…, Trash…), and keeps geometry and splitter sizes in QSettings.
Every action acts on the letter on screen, and `show_in_queue` keeps its row selected.

The window reads through its `store` on the UI thread and never writes through it: every
write goes through `store_ops` (`StoreOps`: a worker thread with its own connection), via
`LetterEdits` (undo stacks) and `LetterEditing` (the edits). While a write waits for a busy
store the window keeps running and the status bar says "Waiting for the store…". The open
letter lives in `current` (`CurrentLetter`); menus and shortcuts are `menu_actions`
(`WindowActions`) and `extras` (`WindowExtras`: deadlines, statistics, firm settings, assigning),
which get the panels and helpers they act on, never the window; `window_dialogs` holds the
rest; `live` (`LiveRefresh`) shows other desks' changes as they happen, and this desk's presence.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox, QSplitter, QStackedWidget, QWidget

from imr_desk.core.model import LetterError
from imr_desk.core.reading.document import Document
from imr_desk.core.records import CaseRecord
from imr_desk.core.store import ImportResult, Store, StoreError
from imr_desk.ui import settings
from imr_desk.ui.actions import ActionTargets, WindowActions
from imr_desk.ui.annotations_panel import AnnotationsPanel
from imr_desk.ui.current_letter import CurrentLetter, stored_document, with_exact_boxes
from imr_desk.ui.fields_panel import FieldsPanel
from imr_desk.ui.icons import icon
from imr_desk.ui.import_worker import import_status_text
from imr_desk.ui.letter_editing import LetterEditing
from imr_desk.ui.letter_intake import LetterIntake
from imr_desk.ui.letter_pane import LetterPane
from imr_desk.ui.letter_removal import LetterRemoval
from imr_desk.ui.live_refresh import LiveRefresh
from imr_desk.ui.queue_panel import QueuePanel
from imr_desk.ui.store_ops import StoreOps, used_note_tags
from imr_desk.ui.undo_commands import LetterEdits
from imr_desk.ui.welcome_view import WelcomeView
from imr_desk.ui.window_dialogs import (
    add_status_widgets,
    open_copies,
    open_export,
    queue_notice,
    typing_in_progress,
    window_title,
)
from imr_desk.ui.window_menus import WindowExtras

WAITING_TEXT = "Waiting for the store\u2026"
NOTICE_MS = 10_000  # how long a notice (import done, queue filters cleared) stays in the status bar
SAVING_ON_CLOSE_TEXT = "Saving your edits\u2026 the window closes once the store has them."


class MainWindow(QMainWindow):
    """The whole review window around one open `Store`."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store  # reads only, on the UI thread
        self.current = CurrentLetter()
        self._pdf: Any = None  # the open original of a PDF letter (pymupdf.Document), for drawing
        self._close_when_saved = False  # a close is waiting for the pending writes
        self._saved_for_close = False  # ...and they are done: close without committing again
        self._fields_letter: int | None = None  # the letter whose values the fields panel shows
        self._queue_notice: tuple[str, float] | None = None  # (what the queue cleared, shown until)
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.queue = QueuePanel()
        self.queue.set_store(store)
        self.letter_pane = LetterPane()
        self.letter_pane.setAccessibleName("Letter")
        self.welcome = WelcomeView()
        self.centre = QStackedWidget()
        self.centre.addWidget(self.letter_pane)
        self.centre.addWidget(self.welcome)
        self.centre.setMinimumWidth(360)  # the pane's own hint (legend in one row) is too wide
        self.fields = FieldsPanel()
        self.annotations = AnnotationsPanel()
        self.notes_tab = self.fields.tabs.addTab(self.annotations, "Notes")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        for widget in (self.queue, self.centre, self.fields):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self.store_ops = StoreOps(store.path, self)
        self.edits = LetterEdits(store, self.store_ops, self.current.version_of, self)
        self.editing = LetterEditing(self.current, self.edits, self.fields, self.letter_pane, self,
                                     self.show_status)
        self.removal = LetterRemoval(self.current, store, self.edits, self.queue, self, self.show_status,
                                     open_letter=self.open_letter, close_letter=self.close_letter,
                                     refresh=self._refresh_overview)
        self.live = LiveRefresh(store, self.store_ops, self.current, self.queue, self.edits, self.letter_pane,
                                reload_letter=self.reload_letter, parent=self, typing=lambda: typing_in_progress(
                                    self.editing, self._fields_letter, self.current.letter_id or -1) is not None)
        self.intake = LetterIntake(store.path, self, self._on_import_finished)
        self.importer, self.recent, self.open_files = self.intake.importer, self.intake.recent, self.intake.open_files
        self.import_folder, self.open_samples = self.intake.import_folder, self.intake.open_samples
        self.import_and_open = self.intake.import_and_open
        self.menu_actions = WindowActions(self, ActionTargets(
            current=self.current, store=store, store_ops=self.store_ops, edits=self.edits,
            editing=self.editing, queue=self.queue, letter_pane=self.letter_pane, fields=self.fields,
            recent_menu=self.recent.menu, open_files=self.open_files, import_folder=self.import_folder,
            open_samples=self.open_samples, show_in_queue=self.show_in_queue,
            remove_letter=self.removal.remove_current, open_trash=self.removal.open_trash,
            show_copies=self.show_copies, export_letters=self.export_letters,
        ))
        self.extras = WindowExtras(self, self.menu_actions, open_letter=self.open_letter,
                                   letter_changed=self._on_letter_changed, show_status=self.show_status)
        self.waiting_label, self._count_label = add_status_widgets(self.statusBar(), store.path, WAITING_TEXT)
        self._connect()
        self._first_run_layout = not settings.restore_window(self, {"main": self.splitter})
        self._refresh_overview()
        self._update_title()

    def _connect(self) -> None:
        self.queue.letterActivated.connect(self._open_from_queue)
        self.queue.copiesRequested.connect(self.show_copies)
        self.queue.assignRequested.connect(self.extras.assign_row)
        self.fields.fieldActivated.connect(self.letter_pane.show_block)
        self.fields.fieldCommitted.connect(self.editing.commit_field)
        self.fields.addDecisionRequested.connect(self.editing.add_decision_from_selection)
        self.fields.deleteDecisionRequested.connect(self.editing.delete_decision)
        self.letter_pane.blockActivated.connect(self._on_block_activated)
        self.letter_pane.contextMenuRequested.connect(self.menu_actions.show_letter_menu)
        self.annotations.annotationActivated.connect(lambda note_id: self.letter_pane.show_block(f"note:{note_id}"))
        self.annotations.deleteRequested.connect(self.editing.delete_annotation)
        self.annotations.editRequested.connect(self.editing.edit_annotation)
        self.edits.changed.connect(self._on_letter_changed)
        self.edits.submitted.connect(self._on_edit_submitted)
        self.store_ops.waitingChanged.connect(self._show_waiting)
        self.store_ops.failed.connect(lambda message: QMessageBox.warning(self, "Not Saved", message))
        self.welcome.openLettersRequested.connect(self.open_files)
        self.welcome.importFolderRequested.connect(self.import_folder)
        self.welcome.openSamplesRequested.connect(self.open_samples)

    # --- the open letter ------------------------------------------------------------------

    @property
    def record(self) -> CaseRecord | None:
        """The open letter's stored record (None: no letter open)."""
        return self.current.record

    @property
    def document(self) -> Document | None:
        """The open letter's document (its text and where each character sits)."""
        return self.current.document

    def _open_from_queue(self, letter_id: int) -> None:
        """The user moved to a row: show its letter (the queue's selection is the user's own)."""
        if not self.open_letter(letter_id, reveal=False):
            # the row clicked is not the letter shown: select that one again once the click is over
            QTimer.singleShot(0, self._show_current_in_queue)
        elif self.queue.search_query():  # found by a search: its words highlighted, F3 to the next
            self.letter_pane.find_bar.show_query(self.queue.search_query())

    def open_letter(self, letter_id: int, *, reveal: bool = True) -> bool:
        """Show stored letter `letter_id` (fields being edited are committed first); with
        `reveal`, the queue then selects its row (see `show_in_queue`)."""
        if self.current.is_open(letter_id):
            if reveal:
                self.show_in_queue(letter_id)
            return True
        self.fields.commit_pending()
        try:
            record = self.store.load(letter_id)
            document, pdf = stored_document(self.store, record)
        except (StoreError, LetterError) as problem:
            QMessageBox.warning(self, "Cannot open letter", f"Letter {letter_id} could not be opened:\n{problem}")
            if reveal:
                self._show_current_in_queue()
            return False
        previous, self._pdf = self._pdf, pdf
        self.current.show(record, document)
        self.centre.setCurrentWidget(self.letter_pane)
        self.letter_pane.set_letter(document, record, pdf=pdf)
        if previous is not None:
            previous.close()
        if pdf is not None and not document.source.ocr:
            QTimer.singleShot(0, lambda: self._sharpen_highlights(document, pdf))
        self._show_record(record)
        self.edits.activate(letter_id)
        self.live.letter_shown(letter_id)
        if reveal:
            self.show_in_queue(letter_id)
        return True

    def show_in_queue(self, letter_id: int) -> None:
        """Select the letter's row in the queue (a search or filter hiding it is cleared, and the
        status bar says so); every action on the letter on screen calls this first."""
        cleared = self.queue.reveal_letter(letter_id)
        if not cleared:
            return
        notice = queue_notice(cleared, self.current.record, letter_id)
        self._queue_notice = (notice, time.monotonic() + NOTICE_MS / 1000)
        self.statusBar().showMessage(notice, NOTICE_MS)

    def _show_current_in_queue(self) -> None:
        letter_id = self.current.letter_id
        if letter_id is None:
            self.queue.select_none()
        else:
            self.show_in_queue(letter_id)

    def show_status(self, message: str, milliseconds: int = 0) -> None:
        """A status-bar message, followed by the latest queue notice while it is fresh."""
        notice = self._queue_notice
        if notice is not None and time.monotonic() < notice[1] and notice[0] not in message:
            message = f"{message}  {notice[0]}"
        self.statusBar().showMessage(message, milliseconds)

    def close_letter(self) -> None:
        """Show no letter (the last one listed was removed): empty panes, letter actions off."""
        previous, self._pdf = self._pdf, None
        self.current.show(None, None)
        self.letter_pane.set_letter(None, None)
        if previous is not None:
            previous.close()
        self.fields.set_record(None)
        self._fields_letter = None
        self.annotations.set_record(None)
        self.fields.tabs.setTabText(self.notes_tab, "Notes")
        self.edits.activate(None)
        self.live.letter_shown(None)
        self.queue.select_none()
        self.menu_actions.update_enabled()
        self._update_title()

    def _sharpen_highlights(self, document: Document, pdf: Any) -> None:
        """After the first paint: let highlights use exact character boxes from the original PDF
        (the stored layout places them to within a word). Skipped if another letter opened since."""
        record = self.current.record
        if self.current.document is document and record is not None:
            exact = with_exact_boxes(record, pdf)
            self.current.show(record, exact)
            self.letter_pane.use_document(exact)

    def reload_letter(self) -> None:
        """Re-read the open letter from the store after an edit; the view keeps its place."""
        if self.current.record is None:
            return
        try:
            record = self.store.load(self.current.record.letter_id)
        except StoreError as problem:
            QMessageBox.warning(self, "Cannot reload letter", str(problem))
            return
        self.current.update(record)
        self.letter_pane.refresh_highlights(record)
        self._show_record(record)

    def _show_record(self, record: CaseRecord) -> None:
        typing = typing_in_progress(self.editing, self._fields_letter, record.letter_id)
        self.fields.set_record(record)
        self._fields_letter = record.letter_id
        if typing is not None:
            editor, text, caret = typing
            editor.show_typed(text, caret)
        self.annotations.set_record(record)
        self.annotations.set_used_tags(used_note_tags(self.store))
        self.fields.tabs.setTabText(self.notes_tab, f"Notes ({len(record.annotations)})")
        self.menu_actions.update_enabled()
        self._update_title()
        self.live.show_desks()

    def _on_edit_submitted(self, letter_id: int) -> None:
        if self.current.is_open(letter_id):
            self.show_in_queue(letter_id)

    def _on_letter_changed(self, letter_id: int) -> None:
        """A write of `letter_id` was answered; reload once the letter has none in flight."""
        self.queue.update_row(letter_id)
        if self.current.is_open(letter_id) and not self.edits.in_flight(letter_id):
            self.reload_letter()

    def _show_waiting(self, waiting: bool) -> None:
        """Say so while a write waits for the store (another program may be holding it)."""
        self.waiting_label.setText(SAVING_ON_CLOSE_TEXT if self._close_when_saved else WAITING_TEXT)
        self.waiting_label.setVisible(waiting)

    def _on_block_activated(self, key: str) -> None:
        if key.startswith("note:"):
            self.fields.tabs.setCurrentIndex(self.notes_tab)
            self.annotations.select_annotation(int(key.split(":", 1)[1]))
        elif not key.startswith("find:"):
            self.fields.focus_field(key)

    def _update_title(self) -> None:
        record = self.current.record
        title, status = window_title(record)
        self.setWindowTitle(title)
        if record is not None:
            self.show_status(status)
            self.menu_actions.show_review_state(record.review.state)

    def _refresh_overview(self) -> None:
        """Letter count in the status bar; the welcome page while the store is empty."""
        try:
            count = self.store.count()
        except StoreError as problem:
            self._count_label.setText(str(problem))
            return
        self._count_label.setText(f"{count} letter{'s' if count != 1 else ''}")
        if count == 0:
            self.centre.setCurrentWidget(self.welcome)
        elif self.centre.currentWidget() is self.welcome:
            self.centre.setCurrentWidget(self.letter_pane)

    # --- copies of a case, export (window_dialogs) --------------------------------------

    def show_copies(self, letter_id: int | None = None) -> QDialog | None:
        """Edit ▸ Copies of This Case… (the letter on screen, or a queue row's); the dialog."""
        return open_copies(self, letter_id)

    def export_letters(self) -> QDialog:
        """File ▸ Export Letters… (JSON Lines or CSV); the dialog."""
        return open_export(self)

    # --- getting letters in (LetterIntake) ------------------------------------------------

    def _on_import_finished(self, results: list[ImportResult]) -> None:
        self.queue.reload()
        self._refresh_overview()
        opened = [r.copy_of if r.status == "copy" else r.letter_id for r in results
                  if r.status in ("imported", "duplicate", "copy") and r.letter_id]
        if opened and opened[0] is not None:
            self.open_letter(opened[0])  # a copy: its case, as its copy of record
        self.show_status(import_status_text(results), NOTICE_MS)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_and_open(paths)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._first_run_layout:  # once laid out: queue a third, fields 29 %, letter the rest
            self._first_run_layout = False
            QTimer.singleShot(0, self._apply_first_run_sizes)

    def _apply_first_run_sizes(self) -> None:  # the queue a third: case, date, outcome, review, marks
        width = sum(self.splitter.sizes())
        self.splitter.setSizes([width * 33 // 100, width * 38 // 100, width * 29 // 100])

    # --- closing --------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Commit any field being edited, stop an import, remember the layout. While writes are
        pending the window stays open (and says so) and closes itself once they are stored."""
        if not self._saved_for_close:
            self.fields.commit_pending()
            if not self.editing.may_lose_refused_values():
                event.ignore()
                return
        self._saved_for_close = False
        if not self.store_ops.is_idle():
            event.ignore()
            if not self._close_when_saved:
                self._close_when_saved = True
                self._show_waiting(True)
                self.store_ops.after_pending(self._close_after_saving)
            return
        self.importer.shutdown()
        self.live.close_all()  # no letter open at this desk any more: the worker's last write
        self.store_ops.shutdown()
        self.live.shutdown()
        settings.save_window(self, {"main": self.splitter})
        if self._pdf is not None:
            self.letter_pane.set_letter(None, None)  # stop rendering before the PDF closes
            self._pdf.close()
            self._pdf = None
        super().closeEvent(event)

    def _close_after_saving(self) -> None:
        self._close_when_saved = False
        self._show_waiting(False)
        self._saved_for_close = True  # what could not be saved stays in its field: do not loop
        self.close()

