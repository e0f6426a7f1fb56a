"""Menus, toolbar and keyboard shortcuts of the review window, and the Help dialogs.

`WindowActions(host, targets)` creates every QAction once (standard `QKeySequence`s where the
platform has one, free combinations otherwise) on the `host` main window, fills its menu bar
and toolbar with them, builds the letter's context menu (assign selection to a field, add
decision, annotate) and keeps their enabled state in step with the open letter. It acts only
on what `ActionTargets` hands it (the panels, the current letter, the editing helper, the
store for reads and `StoreOps` to wait for pending writes), never on the window itself. Help ▸
Keyboard Shortcuts lists the actions themselves, so it can never disagree with the keys that
work. Export, print and preview run through `ReportRunner` (the PDF is built off the UI thread).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QWidget,
)

from imr_desk import __version__
from imr_desk.core.fields import ADD_NOTE_WORDS
from imr_desk.core.store import Store, StoreError
from imr_desk.ui import settings
from imr_desk.ui.current_letter import CurrentLetter
from imr_desk.ui.fields_model import DECISION_FIELD_SPECS, LETTER_SECTIONS
from imr_desk.ui.fields_panel import FieldsPanel
from imr_desk.ui.icons import icon
from imr_desk.ui.letter_editing import LetterEditing
from imr_desk.ui.letter_pane import LetterPane
from imr_desk.ui.queue_panel import QueuePanel
from imr_desk.ui.store_ops import StoreOps
from imr_desk.ui.undo_commands import LetterEdits

if TYPE_CHECKING:
    from imr_desk.ui.report_jobs import ReportRunner  # brings in reportlab: loaded on first use

SUMMARY_HISTORY = "summary_history"  # view option: the case summary ends with the edit history
Keys = QKeySequence.StandardKey | str | tuple[QKeySequence.StandardKey | str, ...] | None


@dataclass(frozen=True)
class ActionTargets:
    """What the window's actions act on (the window hands these over, never itself)."""

    current: CurrentLetter
    store: Store  # the UI thread's connection, for reads (records to print, history)
    store_ops: StoreOps  # printing and history wait for the writes still pending
    edits: LetterEdits  # the undo group
    editing: LetterEditing
    queue: QueuePanel
    letter_pane: LetterPane
    fields: FieldsPanel
    recent_menu: Callable[[QWidget], QMenu]
    open_files: Callable[[], None]
    import_folder: Callable[[], None]
    open_samples: Callable[[], None]
    show_in_queue: Callable[[int], None]  # select the letter's row (clearing filters that hide it)
    remove_letter: Callable[[], bool]  # asks, then moves the letter on screen to the trash
    open_trash: Callable[[], QDialog]  # File ▸ Trash…
    show_copies: Callable[[], object]  # Edit ▸ Copies of This Case… (the letter on screen)
    export_letters: Callable[[], object]  # File ▸ Export Letters… (JSON Lines / CSV)


class WindowActions:
    """All actions of the review window; attributes named after what they do."""

    def __init__(self, host: QMainWindow, targets: ActionTargets) -> None:
        self.host = host
        self.targets = targets
        self.all: list[QAction] = []
        self.reports: ReportRunner | None = None  # made on the first export / print
        self.extras_enabled: Callable[[bool, bool], None] | None = None  # (editable, has letter)
        self.letter_extras: list[QAction] = []  # added to the letter's context menu (Highlight)
        self.panel_actions: list[QAction] = []  # the panels' own (caret browsing), listed in the help
        t, editing, pane = targets, targets.editing, targets.letter_pane
        self.open = self._make("&Open Letters…", "open", QKeySequence.StandardKey.Open, t.open_files)
        self.import_folder = self._make("&Import Folder…", "import-folder", "Ctrl+Shift+O", t.import_folder)
        self.open_samples = self._make("Open &Sample Letters", None, None, t.open_samples)
        self.export_pdf = self._make("&Export Summary PDF…", "export-pdf", "Ctrl+Shift+E",
                                     lambda: self._report("export"))
        self.print = self._make("&Print Summary…", "print", QKeySequence.StandardKey.Print,
                                lambda: self._report("print"))
        self.print_preview = self._make("Print Pre&view…", "print-preview", "Ctrl+Shift+P",
                                        lambda: self._report("preview"))
        self.export_letters = self._make("Export &Letters (JSON Lines, CSV)…", None, "Ctrl+Alt+E",
                                         t.export_letters)
        self.trash = self._make("&Trash…", None, None, self.open_trash)
        self.quit = self._make("&Quit", None, QKeySequence.StandardKey.Quit, host.close)
        self.undo = t.edits.group.createUndoAction(host, "&Undo")
        self.redo = t.edits.group.createRedoAction(host, "&Redo")
        for action, name, keys in (
            (self.undo, "undo", QKeySequence.StandardKey.Undo),
            (self.redo, "redo", QKeySequence.StandardKey.Redo),
        ):
            action.setIcon(icon(name))
            action.setShortcuts(keys)
            self.all.append(action)
        self.assign = self._make("&Assign Selection to Field", "assign", "Ctrl+Shift+A", editing.assign_selection)
        self.add_decision = self._make("Add &Decision from Selection…", "add-decision", "Ctrl+Shift+D",
                                       editing.add_decision_from_selection)
        self.delete_decision = self._make("De&lete Decision…", "delete-decision", "Ctrl+Shift+Del",
                                          editing.delete_decision)
        self.annotate = self._make(ADD_NOTE_WORDS.replace("Note", "&Note"), "annotate", "Ctrl+Shift+M",
                                   editing.annotate_selection)
        self.remove_letter = self._make("&Remove Letter…", None, None, self._remove_letter)
        self.history = self._make("&History…", "history", "Ctrl+H", self._show_history)
        self.copies = self._make("&Copies of This Case…", None, "Ctrl+Shift+C", t.show_copies)
        self.find = self._make("&Find in Letter…", "find", QKeySequence.StandardKey.Find, pane.open_find)
        self.search_queue = self._make("Search &Queue", None, "Ctrl+Shift+F", t.queue.focus_search)
        self.zoom_in = self._make("Zoom &In", "zoom-in", QKeySequence.StandardKey.ZoomIn, pane.zoom_in)
        self.zoom_out = self._make("Zoom &Out", "zoom-out", QKeySequence.StandardKey.ZoomOut, pane.zoom_out)
        self.fit_width = self._make("&Fit Width", "fit-width", "Ctrl+0", pane.fit_width)
        self.legend = self._make("Highlight &Legend", None, None, None)
        self.legend.setCheckable(True)
        self.legend.setChecked(settings.view_option("legend", True))
        pane.set_legend_visible(self.legend.isChecked())
        self.legend.toggled.connect(pane.set_legend_visible)
        self.legend.toggled.connect(lambda on: settings.set_view_option("legend", on))
        self.next_decision = self._make("&Next Decision", "next", ("F8", "Alt+Down"), lambda: self._step_decision(1))
        self.previous_decision = self._make("&Previous Decision", "previous", ("Shift+F8", "Alt+Up"),
                                            lambda: self._step_decision(-1))
        self.next_unreviewed = self._make("Next &Unreviewed Letter", "next-unreviewed", "Ctrl+Shift+N",
                                          self._next_unreviewed)
        self.focus_queue = self._make("Go to &Queue", None, "Alt+1", lambda: t.queue.focus_search())
        self.focus_letter = self._make("Go to &Letter", None, "Alt+2", lambda: pane.view.setFocus())
        self.focus_fields = self._make("Go to &Fields", None, "Alt+3", self._focus_fields)
        self.review_group = QActionGroup(host)
        self.review: dict[str, QAction] = {}
        review_actions: tuple[tuple[str, str, str | None, str], ...] = (
            ("unreviewed", "Mark &Unreviewed", None, "Ctrl+Shift+U"),
            ("in_review", "Mark &In Review", "in-review", "Ctrl+Shift+R"),
            ("verified", "Mark &Verified", "verified", "Ctrl+Shift+V"),
        )
        for state, text, icon_name, shortcut in review_actions:
            action = self._make(text, icon_name, shortcut, lambda _checked=False, s=state: editing.set_review_state(s))
            action.setCheckable(True)
            self.review_group.addAction(action)
            self.review[state] = action
        self.shortcuts_help = self._make("&Keyboard Shortcuts", None, QKeySequence.StandardKey.HelpContents,
                                         self._show_shortcuts)
        self.about = self._make("&About imr-desk", "app", None, self._show_about)
        self._build_menus()
        self._build_toolbar()
        self.update_enabled()

    def _make(self, text: str, icon_name: str | None, keys: Keys, slot: Callable[..., object] | None) -> QAction:
        return self.make(text, icon_name, keys, slot)

    def make(self, text: str, icon_name: str | None, keys: Keys, slot: Callable[..., object] | None) -> QAction:
        """A window-wide action (listed in Help ▸ Keyboard Shortcuts)."""
        action = QAction(text, self.host)
        if icon_name:
            action.setIcon(icon(icon_name))
        if isinstance(keys, tuple):
            action.setShortcuts([QKeySequence(key) for key in keys])
        elif isinstance(keys, str):
            action.setShortcuts([QKeySequence(keys)])
        elif keys is not None:
            action.setShortcuts(QKeySequence.keyBindings(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        plain = text.replace("&", "").rstrip("…")
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{plain} ({shortcut})" if shortcut else plain)
        action.setStatusTip(plain)
        self.host.addAction(action)
        self.all.append(action)
        return action

    def _build_menus(self) -> None:
        bar = self.host.menuBar()
        file_menu = bar.addMenu("&File")
        self.menus: dict[str, QMenu] = {"file": file_menu}
        file_menu.addActions([self.open, self.import_folder])
        file_menu.addMenu(self.targets.recent_menu(self.host))
        file_menu.addAction(self.open_samples)
        file_menu.addSeparator()
        file_menu.addActions([self.export_pdf, self.print_preview, self.print, self.export_letters])
        file_menu.addSeparator()
        file_menu.addAction(self.trash)
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        edit_menu = self.menus["edit"] = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo, self.redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.assign, self.add_decision, self.delete_decision, self.annotate])
        edit_menu.addSeparator()
        edit_menu.addActions([self.history, self.copies])
        edit_menu.addSeparator()
        edit_menu.addAction(self.remove_letter)
        view_menu = self.menus["view"] = bar.addMenu("&View")
        view_menu.addActions([self.find, self.search_queue])
        view_menu.addSeparator()
        view_menu.addActions([self.zoom_in, self.zoom_out, self.fit_width, self.legend])
        view_menu.addSeparator()
        view_menu.addActions([self.focus_queue, self.focus_letter, self.focus_fields])
        go_menu = self.menus["go"] = bar.addMenu("&Go")
        go_menu.addActions([self.next_decision, self.previous_decision, self.next_unreviewed])
        review_menu = self.menus["review"] = bar.addMenu("&Review")
        review_menu.addActions(list(self.review.values()))
        help_menu = self.menus["help"] = bar.addMenu("&Help")
        help_menu.addActions([self.shortcuts_help, self.about])

    def _build_toolbar(self) -> None:
        toolbar = self.host.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        toolbar.addActions([self.open, self.import_folder])
        toolbar.addSeparator()
        toolbar.addActions([self.undo, self.redo])
        toolbar.addSeparator()
        toolbar.addActions([self.zoom_out, self.zoom_in, self.fit_width, self.find])
        toolbar.addSeparator()
        toolbar.addActions([self.previous_decision, self.next_decision])
        toolbar.addSeparator()
        toolbar.addActions([self.assign, self.add_decision, self.delete_decision, self.annotate, self.history])
        toolbar.addSeparator()
        toolbar.addActions([self.review["in_review"], self.review["verified"], self.next_unreviewed])
        toolbar.addSeparator()
        toolbar.addActions([self.export_pdf, self.print_preview, self.print])

    # --- state ----------------------------------------------------------------------------

    def update_enabled(self) -> None:
        """Letter actions work only with a letter open (Remove Letter… with one out of the trash);
        edits only on a letter that takes them (not a copy opened read-only, nor one in the
        trash); Copies of This Case… when the store holds more than one copy of it."""
        record = self.targets.current.record
        has_letter = record is not None
        editable = record is not None and not record.read_only
        self.remove_letter.setEnabled(record is not None and record.removed_at is None)
        self.copies.setEnabled(record is not None and record.removed_at is None and record.copies > 1)
        for action in (
            self.history, self.find, self.zoom_in, self.zoom_out, self.fit_width, self.next_decision,
            self.previous_decision,
        ):
            action.setEnabled(has_letter)
        for action in (self.assign, self.add_decision, self.delete_decision, self.annotate, *self.review.values()):
            action.setEnabled(editable)
        if self.extras_enabled is not None:
            self.extras_enabled(editable, has_letter)

    def show_review_state(self, state: str) -> None:
        action = self.review.get(state)
        if action is not None:
            action.setChecked(True)

    # --- handlers -------------------------------------------------------------------------

    def show_letter_menu(self, global_pos: QPoint, start: int, end: int) -> None:
        """Pop up the letter's context menu at `global_pos` for the selection ``[start, end)``."""
        menu = self.letter_menu(start, end)
        menu.exec(global_pos)
        menu.deleteLater()

    def letter_menu(self, start: int, end: int) -> QMenu:
        """The letter's context menu: assign the selection, add a decision, annotate, copy."""
        current, fields, editing = self.targets.current, self.targets.fields, self.targets.editing
        menu = QMenu(self.host)
        has_selection = current.record is not None and end > start
        last_key = fields.current_field_key()
        if last_key:
            spec = fields.spec_for(last_key)
            assign = menu.addAction(icon("assign"), f"Assign to “{spec.label if spec else last_key}”")
            assign.triggered.connect(lambda: editing.assign_selection(last_key))
            assign.setEnabled(has_selection)
        assign_menu = menu.addMenu("Assign to Field")
        assign_menu.setEnabled(has_selection)
        for title, specs in LETTER_SECTIONS:
            for spec in specs:
                label = spec.label if title in ("Header", "Case summary") else f"{title} · {spec.label}"
                action = assign_menu.addAction(label)
                action.triggered.connect(lambda _c=False, key=spec.name: editing.assign_selection(key))
        decision_key = fields.current_decision_key()
        if decision_key and current.record is not None:
            number = current.record.decision_keys.index(decision_key) + 1
            assign_menu.addSeparator()
            for spec in DECISION_FIELD_SPECS:
                if spec.kind == "choice":
                    continue
                action = assign_menu.addAction(f"Decision {number} · {spec.label}")
                action.triggered.connect(
                    lambda _c=False, key=f"{decision_key}.{spec.name}": editing.assign_selection(key)
                )
        menu.addSeparator()
        menu.addAction(self.add_decision)
        menu.addAction(self.annotate)
        menu.addActions(self.letter_extras)
        copy = menu.addAction("&Copy")
        copy.setEnabled(has_selection)
        copy.triggered.connect(self.targets.letter_pane.copy_selection)
        return menu

    def _focus_fields(self) -> None:
        page = self.targets.fields.tabs.currentWidget()
        (page or self.targets.fields).setFocus()

    def _step_decision(self, step: int) -> None:
        key = self.targets.fields.select_adjacent_decision(step)
        if key:
            self.targets.letter_pane.show_block(key)

    def _next_unreviewed(self) -> None:
        if not self.targets.queue.select_next_unreviewed():
            self.host.statusBar().showMessage("No unreviewed letters left in the queue.", 5000)

    def _report(self, kind: str) -> None:
        """Export, print or preview ("export" | "print" | "preview") the letter on screen — or,
        when several rows of the queue are selected, those letters as one batch — once the
        edits still being written have been stored."""
        targets = self.targets
        letter_ids = targets.queue.selected_letter_ids()
        on_screen = targets.current.letter_id
        if len(letter_ids) < 2:
            letter_ids = [on_screen] if on_screen is not None else []
            if on_screen is not None:
                targets.show_in_queue(on_screen)
        if not letter_ids:
            QMessageBox.information(self.host, "Nothing to Print",
                                    "Open a letter or select letters in the queue first.")
            return
        targets.fields.commit_pending()
        targets.store_ops.after_pending(lambda: self._start_report(kind, letter_ids))

    def _start_report(self, kind: str, letter_ids: list[int]) -> None:
        from imr_desk.ui.printing import report_inputs
        from imr_desk.ui.report_jobs import ReportRunner  # loaded on first use: brings in reportlab

        store = self.targets.store
        try:
            records = [store.load(letter_id) for letter_id in letter_ids]
            inputs = report_inputs(store, records, with_history=settings.view_option(SUMMARY_HISTORY, False))
        except StoreError as problem:
            QMessageBox.warning(self.host, "Could Not Prepare the Summary", str(problem))
            return
        if self.reports is None:
            self.reports = ReportRunner(self.host)
        self.reports.start(kind, records, inputs)

    def _remove_letter(self) -> None:
        record = self.targets.current.record
        if record is not None:
            self.targets.show_in_queue(record.letter_id)
            self.targets.fields.commit_pending()  # what is being typed is kept with the letter
            self.targets.remove_letter()

    def open_trash(self) -> QDialog:
        """File ▸ Trash… (returns the dialog, opened window-modal)."""
        return self.targets.open_trash()

    def _show_history(self) -> None:
        record = self.targets.current.record
        if record is not None:
            self.targets.show_in_queue(record.letter_id)
            letter_id, title = record.letter_id, f"History of {record.case_label}"
            self.targets.store_ops.after_pending(lambda: self._open_history(letter_id, title))

    def _open_history(self, letter_id: int, title: str) -> None:
        from imr_desk.ui.history_dialog import HistoryDialog

        try:
            history = self.targets.store.history(letter_id)
        except StoreError as problem:
            QMessageBox.warning(self.host, "Cannot Show the History", str(problem))
            return
        HistoryDialog(history, self.host, title=title).exec()

    def _show_shortcuts(self) -> None:
        from imr_desk.ui.shortcuts_dialog import shortcuts_dialog

        shortcuts_dialog([*self.all, *self.panel_actions], self.host).exec()

    def _show_about(self) -> None:
        QMessageBox.about(
            self.host,
            "About imr-desk",
            f"<h3>imr-desk {__version__}</h3>"
            "<p>Review workstation for California workers' compensation IMR Final "
            "Determination letters.</p><p>Works offline: letters and notes stay in the local "
            f"store ({self.targets.store.path}).</p>"
            "<p>Licence: GNU Affero General Public License, version 3 or later "
            "(AGPL-3.0-or-later).</p>",
        )
