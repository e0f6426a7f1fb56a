"""Menus, toolbar and keyboard shortcuts of the review window, and the Help dialogs.

`WindowActions(window)` creates every QAction once (standard `QKeySequence`s where the platform
has one, free combinations otherwise), fills the menu bar and the toolbar with them, builds the
letter's context menu (assign selection to a field, add decision, annotate) and keeps their
enabled state in step with the open letter. Help ▸ Keyboard Shortcuts lists the actions
themselves, so it can never disagree with the keys that work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QMessageBox, QTableWidget, QTableWidgetItem, QVBoxLayout

from imr_desk import __version__
from imr_desk.ui import settings
from imr_desk.ui.fields_model import DECISION_FIELD_SPECS, LETTER_SECTIONS
from imr_desk.ui.icons import icon

if TYPE_CHECKING:
    from imr_desk.ui.main_window import MainWindow

Keys = QKeySequence.StandardKey | str | tuple[QKeySequence.StandardKey | str, ...] | None


class WindowActions:
    """All actions of one `MainWindow`; attributes named after what they do."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.all: list[QAction] = []
        w, editing = window, window.editing
        self.open = self._make("&Open Letters…", "open", QKeySequence.StandardKey.Open, w.open_files)
        self.import_folder = self._make("&Import Folder…", "import-folder", "Ctrl+Shift+O", w.import_folder)
        self.open_samples = self._make("Open &Sample Letters", None, None, w.open_samples)
        self.export_pdf = self._make("&Export Summary PDF…", "export-pdf", "Ctrl+Shift+E", lambda: self._print("export_summary_pdf"))
        self.print = self._make("&Print Summary…", "print", QKeySequence.StandardKey.Print, lambda: self._print("print_summary"))
        self.print_preview = self._make("Print Pre&view…", "print-preview", "Ctrl+Shift+P", lambda: self._print("print_preview"))
        self.quit = self._make("&Quit", None, QKeySequence.StandardKey.Quit, w.close)
        self.undo = w.edits.group.createUndoAction(w, "&Undo")
        self.redo = w.edits.group.createRedoAction(w, "&Redo")
        for action, name, keys in ((self.undo, "undo", QKeySequence.StandardKey.Undo), (self.redo, "redo", QKeySequence.StandardKey.Redo)):
            action.setIcon(icon(name))
            action.setShortcuts(keys)
            self.all.append(action)
        self.assign = self._make("&Assign Selection to Field", "assign", "Ctrl+Shift+A", editing.assign_selection)
        self.add_decision = self._make("Add &Decision from Selection…", "add-decision", "Ctrl+Shift+D", editing.add_decision_from_selection)
        self.delete_decision = self._make("De&lete Decision…", "delete-decision", "Ctrl+Shift+Del", editing.delete_decision)
        self.annotate = self._make("Add &Note…", "annotate", "Ctrl+Shift+M", editing.annotate_selection)
        self.history = self._make("&History…", "history", "Ctrl+H", self._show_history)
        self.find = self._make("&Find in Letter…", "find", QKeySequence.StandardKey.Find, w.letter_pane.open_find)
        self.search_queue = self._make("Search &Queue", None, "Ctrl+Shift+F", w.queue.focus_search)
        self.zoom_in = self._make("Zoom &In", "zoom-in", QKeySequence.StandardKey.ZoomIn, w.letter_pane.zoom_in)
        self.zoom_out = self._make("Zoom &Out", "zoom-out", QKeySequence.StandardKey.ZoomOut, w.letter_pane.zoom_out)
        self.fit_width = self._make("&Fit Width", "fit-width", "Ctrl+0", w.letter_pane.fit_width)
        self.legend = self._make("Highlight &Legend", None, None, None)
        self.legend.setCheckable(True)
        self.legend.setChecked(settings.view_option("legend", True))
        w.letter_pane.set_legend_visible(self.legend.isChecked())
        self.legend.toggled.connect(w.letter_pane.set_legend_visible)
        self.legend.toggled.connect(lambda on: settings.set_view_option("legend", on))
        self.next_decision = self._make("&Next Decision", "next", ("F8", "Alt+Down"), lambda: self._step_decision(1))
        self.previous_decision = self._make("&Previous Decision", "previous", ("Shift+F8", "Alt+Up"), lambda: self._step_decision(-1))
        self.next_unreviewed = self._make("Next &Unreviewed Letter", "next-unreviewed", "Ctrl+Shift+N", self._next_unreviewed)
        self.focus_queue = self._make("Go to &Queue", None, "Alt+1", lambda: w.queue.focus_search())
        self.focus_letter = self._make("Go to &Letter", None, "Alt+2", lambda: w.letter_pane.view.setFocus())
        self.focus_fields = self._make("Go to &Fields", None, "Alt+3", lambda: w.fields.tabs.currentWidget().setFocus())
        self.review_group = QActionGroup(w)
        self.review: dict[str, QAction] = {}
        for state, text, name, keys in (
            ("unreviewed", "Mark &Unreviewed", None, "Ctrl+Shift+U"),
            ("in_review", "Mark &In Review", "in-review", "Ctrl+Shift+R"),
            ("verified", "Mark &Verified", "verified", "Ctrl+Shift+V"),
        ):
            action = self._make(text, name, keys, lambda _checked=False, s=state: editing.set_review_state(s))
            action.setCheckable(True)
            self.review_group.addAction(action)
            self.review[state] = action
        self.shortcuts_help = self._make("&Keyboard Shortcuts", None, QKeySequence.StandardKey.HelpContents, self._show_shortcuts)
        self.about = self._make("&About imr-desk", "app", None, self._show_about)
        self._build_menus()
        self._build_toolbar()
        self.update_enabled()

    def _make(self, text: str, icon_name: str | None, keys: Keys, slot: Callable[..., object] | None) -> QAction:
        action = QAction(text, self.window)
        if icon_name:
            action.setIcon(icon(icon_name))
        if isinstance(keys, tuple):
            action.setShortcuts([QKeySequence(key) for key in keys])
        elif keys is not None:
            action.setShortcuts(QKeySequence.keyBindings(keys) if isinstance(keys, QKeySequence.StandardKey) else [QKeySequence(keys)])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        plain = text.replace("&", "").rstrip("…")
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{plain} ({shortcut})" if shortcut else plain)
        action.setStatusTip(plain)
        self.window.addAction(action)
        self.all.append(action)
        return action

    def _build_menus(self) -> None:
        bar = self.window.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.open, self.import_folder])
        file_menu.addMenu(self.window.recent.menu(self.window))
        file_menu.addAction(self.open_samples)
        file_menu.addSeparator()
        file_menu.addActions([self.export_pdf, self.print_preview, self.print])
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([self.undo, self.redo])
        edit_menu.addSeparator()
        edit_menu.addActions([self.assign, self.add_decision, self.delete_decision, self.annotate])
        edit_menu.addSeparator()
        edit_menu.addAction(self.history)
        view_menu = bar.addMenu("&View")
        view_menu.addActions([self.find, self.search_queue])
        view_menu.addSeparator()
        view_menu.addActions([self.zoom_in, self.zoom_out, self.fit_width, self.legend])
        view_menu.addSeparator()
        view_menu.addActions([self.focus_queue, self.focus_letter, self.focus_fields])
        go_menu = bar.addMenu("&Go")
        go_menu.addActions([self.next_decision, self.previous_decision, self.next_unreviewed])
        review_menu = bar.addMenu("&Review")
        review_menu.addActions(list(self.review.values()))
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.shortcuts_help, self.about])

    def _build_toolbar(self) -> None:
        toolbar = self.window.addToolBar("Main")
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
        """Letter actions work only with a letter open."""
        has_letter = self.window.record is not None
        for action in (
            self.assign, self.add_decision, self.delete_decision, self.annotate, self.history,
            self.find, self.zoom_in, self.zoom_out, self.fit_width, self.next_decision,
            self.previous_decision, *self.review.values(),
        ):
            action.setEnabled(has_letter)

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
        window = self.window
        menu = QMenu(window)
        has_selection = window.record is not None and end > start
        current = window.fields.current_field_key()
        if current:
            spec = window.fields.spec_for(current)
            assign = menu.addAction(icon("assign"), f"Assign to “{spec.label if spec else current}”")
            assign.triggered.connect(lambda: window.editing.assign_selection(current))
            assign.setEnabled(has_selection)
        assign_menu = menu.addMenu("Assign to Field")
        assign_menu.setEnabled(has_selection)
        for title, specs in LETTER_SECTIONS:
            for spec in specs:
                label = spec.label if title in ("Header", "Case summary") else f"{title} · {spec.label}"
                action = assign_menu.addAction(label)
                action.triggered.connect(lambda _c=False, key=spec.name: window.editing.assign_selection(key))
        decision_key = window.fields.current_decision_key()
        if decision_key and window.record is not None:
            number = window.record.decision_keys.index(decision_key) + 1
            assign_menu.addSeparator()
            for spec in DECISION_FIELD_SPECS:
                if spec.kind == "choice":
                    continue
                action = assign_menu.addAction(f"Decision {number} · {spec.label}")
                action.triggered.connect(
                    lambda _c=False, key=f"{decision_key}.{spec.name}": window.editing.assign_selection(key)
                )
        menu.addSeparator()
        menu.addAction(self.add_decision)
        menu.addAction(self.annotate)
        copy = menu.addAction("&Copy")
        copy.setEnabled(has_selection)
        copy.triggered.connect(window.letter_pane.copy_selection)
        return menu

    def _step_decision(self, step: int) -> None:
        key = self.window.fields.select_adjacent_decision(step)
        if key:
            self.window.letter_pane.show_block(key)

    def _next_unreviewed(self) -> None:
        if not self.window.queue.select_next_unreviewed():
            self.window.statusBar().showMessage("No unreviewed letters left in the queue.", 5000)

    def _print(self, function_name: str) -> None:
        """Run one of imr_desk.ui.printing's functions on the queue selection or the open letter."""
        from imr_desk.ui import printing  # loaded on first use: brings in reportlab

        window = self.window
        letter_ids = window.queue.selected_letter_ids()
        if not letter_ids and window.record is not None:
            letter_ids = [window.record.letter_id]
        if not letter_ids:
            QMessageBox.information(window, "Nothing to Print", "Open a letter or select letters in the queue first.")
            return
        window.fields.commit_pending()
        records = [window.store.load(letter_id) for letter_id in letter_ids]
        getattr(printing, function_name)(window, records)

    def _show_history(self) -> None:
        from imr_desk.ui.history_dialog import HistoryDialog

        record = self.window.record
        if record is not None:
            title = f"History of {record.case_label}"
            HistoryDialog(self.window.store.history(record.letter_id), self.window, title=title).exec()

    def _show_shortcuts(self) -> None:
        dialog = QDialog(self.window)
        dialog.setWindowTitle("Keyboard Shortcuts")
        rows = [
            (action.text().replace("&", ""), ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()))
            for action in self.all
            if action.shortcuts()
        ]
        table = QTableWidget(len(rows), 2, dialog)
        table.setHorizontalHeaderLabels(["Action", "Shortcut"])
        table.setAccessibleName("Keyboard shortcuts")
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (text, keys) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(text))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().hide()
        layout = QVBoxLayout(dialog)
        layout.addWidget(table)
        dialog.resize(520, 600)
        dialog.exec()

    def _show_about(self) -> None:
        QMessageBox.about(
            self.window,
            "About imr-desk",
            f"<h3>imr-desk {__version__}</h3>"
            "<p>Review workstation for California workers' compensation IMR Final "
            "Determination letters.</p><p>Works offline: letters and notes stay in the local "
            f"store ({self.window.store.path}).</p>"
            "<p>Licence: GNU Affero General Public License, version 3 or later "
            "(AGPL-3.0-or-later).</p>",
        )
