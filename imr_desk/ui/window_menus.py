"""The window's deadline, statistics and export menus, and the actions added beside the others.

`WindowExtras(host, actions, ...)` adds to the menus `WindowActions` built:
File ▸ Export Deadlines… (an iCalendar file, `core/deadlines/ics.py`, written atomically on
the worker thread and never over the store), View ▸ Deadlines… (`deadlines_view.DeadlinesView`),
View ▸ Statistics… (`statistics_view.StatisticsView` for the queue's current filters, imported
on first use so start-up does not pay for it), View ▸ Caret Browsing (F7, the letter pane's),
View ▸ Find Next / Find Previous (F3 / Shift+F3 in the letter's find bar), File ▸ Include
Edit History in Summary (a setting the summary actions read), Tools ▸ Firm
Settings… (`firm_settings_dialog.FirmSettingsDialog`), Tools ▸ Desk Settings… (this desk's
name and store, `desk_settings_dialog`), Edit ▸ Highlight (Ctrl+Shift+H, also
in the letter's context menu) and Edit ▸ Assign Case To… (Ctrl+Alt+A, `assign_dialog.AssignDialog`:
a person, me, or nobody; undoable; also a queue row's, `assign_row`). Each dialog opens once
the writes still pending are stored.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMenu, QMessageBox

from imr_desk.core.store import Store, StoreError
from imr_desk.ui import settings
from imr_desk.ui.actions import SUMMARY_HISTORY, WindowActions
from imr_desk.ui.letter_editing import LetterEditing
from imr_desk.ui.letter_pane import LetterPane
from imr_desk.ui.queue_panel import QueuePanel
from imr_desk.ui.store_ops import StoreOps

NOTICE_MS = 10_000


@dataclass(frozen=True)
class ExtraTargets:
    """What the extra actions act on (never the window itself)."""

    store: Store
    store_ops: StoreOps
    queue: QueuePanel
    letter_pane: LetterPane
    editing: LetterEditing
    open_letter: Callable[[int], bool]
    letter_changed: Callable[[int], None]  # a deadline status stored: refresh row and letter
    show_status: Callable[[str, int], None]
    commit_pending: Callable[[], None]


def refuse_store_file(path: Path, store_path: Path | str) -> str | None:
    """Why `path` must not be written (it is the store or one of its side files), or None; a
    store on a database server (a connection string) has no file to protect."""
    if not isinstance(store_path, Path):
        return None
    target = path.resolve()
    store = store_path.resolve()
    if target in {store, *(store.with_name(store.name + suffix) for suffix in ("-wal", "-shm", "-journal"))}:
        return f"{path} is the store itself; choose another file name."
    return None


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in its folder, so a failure leaves the
    file as it was (OSError on failure, the temporary file removed)."""
    import tempfile  # only when exporting: it costs start-up time

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_deadlines(store: Store, path: Path) -> int:
    """The deadlines of the kinds the firm's side shows, as iCalendar at `path`; how many."""
    from imr_desk.core.deadlines.ics import deadlines_calendar

    entries = store.deadlines()
    write_atomically(path, deadlines_calendar(entries))
    return len(entries)


class WindowExtras:
    """The added actions; attributes named after what they do."""

    def __init__(self, host: QMainWindow, actions: WindowActions, *, open_letter: Callable[[int], bool],
                 letter_changed: Callable[[int], None], show_status: Callable[[str, int], None]) -> None:
        t = actions.targets
        targets = ExtraTargets(t.store, t.store_ops, t.queue, t.letter_pane, t.editing, open_letter,
                               letter_changed, show_status, t.fields.commit_pending)
        self.host, self.targets, menus, make = host, targets, actions.menus, actions.make
        self.statistics_dialog: QDialog | None = None
        pane, editing = targets.letter_pane, targets.editing
        self.export_deadlines = make("Export &Deadlines (iCalendar)…", None, None, self.ask_export_deadlines)
        self.deadlines = make("&Deadlines…", None, "Ctrl+Shift+L", self.show_deadlines)
        self.statistics = make("&Statistics…", None, "Ctrl+Shift+T", self.show_statistics)
        self.firm_settings = make("&Firm Settings…", None, None, self.show_firm_settings)
        self.desk_settings = make("&Desk Settings…", None, None, self.show_desk_settings)
        self.find_next = make("Find &Next", None, QKeySequence.StandardKey.FindNext, lambda: self._step_find(1))
        self.find_previous = make("Find Pre&vious", None, QKeySequence.StandardKey.FindPrevious,
                                  lambda: self._step_find(-1))
        self.highlight = make("&Highlight", None, "Ctrl+Shift+H", editing.highlight)
        self.assign_case = make("Assign Case &To\u2026", None, "Ctrl+Alt+A", self.show_assign)
        self.caret = pane.caret.action
        self.summary_history = make("Include Edit &History in Summary", None, None, None)
        self.summary_history.setCheckable(True)
        self.summary_history.setChecked(settings.view_option(SUMMARY_HISTORY, False))
        self.summary_history.setToolTip("Export / Print Summary of one letter ends with its edit history")
        self.summary_history.toggled.connect(lambda on: settings.set_view_option(SUMMARY_HISTORY, on))
        actions.panel_actions.append(self.caret)
        _insert_after(menus["file"], "&Print Summary", [self.summary_history])
        _insert_after(menus["file"], "Export &Letters", [self.export_deadlines])
        _insert_after(menus["edit"], "&Note", [self.highlight])
        _insert_after(menus["edit"], "&Copies of This Case", [self.assign_case])
        view = menus["view"]
        _insert_after(view, "Search &Queue", [self.find_next, self.find_previous])
        view.addSeparator()
        view.addAction(self.caret)
        view.addSeparator()
        view.addActions([self.deadlines, self.statistics])
        tools = QMenu("&Tools", host)
        tools.addAction(self.firm_settings)
        tools.addAction(self.desk_settings)
        host.menuBar().insertMenu(menus["help"].menuAction(), tools)
        menus["tools"] = tools
        actions.extras_enabled = self.update_enabled
        actions.letter_extras.append(self.highlight)

    def update_enabled(self, editable: bool, has_letter: bool) -> None:
        self.highlight.setEnabled(editable)
        self.assign_case.setEnabled(editable)
        for action in (self.find_next, self.find_previous):
            action.setEnabled(has_letter)

    def _step_find(self, step: int) -> None:
        bar = self.targets.letter_pane.find_bar
        if not bar.query().strip():
            self.targets.letter_pane.open_find()
        elif step > 0:
            bar.find_next()
        else:
            bar.find_previous()

    # --- dialogs -------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.targets.commit_pending()
        self.targets.store_ops.after_pending(dialog.open)
        return dialog

    def show_deadlines(self) -> QDialog:
        """View ▸ Deadlines… (returns the dialog)."""
        from imr_desk.ui.deadlines_view import DeadlinesView

        view = DeadlinesView(self.targets.store, self.targets.store_ops, self.host)
        view.openLetter.connect(self.targets.open_letter)
        view.changed.connect(self.targets.letter_changed)
        return self._open(view)

    def show_assign(self) -> QDialog | None:
        """Edit ▸ Assign Case To… for the case on screen (returns the dialog; None: no case)."""
        from imr_desk.core.store.rows import current_user
        from imr_desk.ui.assign_dialog import AssignDialog

        editing, store = self.targets.editing, self.targets.store
        record = editing.current.record
        if record is None or record.read_only:
            return None
        try:
            people = store.known_people()
            assignment = store.assignment(record.letter_id)
        except StoreError as problem:
            QMessageBox.warning(self.host, "Cannot Assign the Case", str(problem))
            return None
        dialog = AssignDialog(people, current_user(), assignment.person if assignment else None,
                              record.case_label, self.host)
        dialog.assigned.connect(editing.assign_case)
        return self._open(dialog)

    def assign_row(self, letter_id: int) -> QDialog | None:
        """A queue row's Assign Case To…: its letter is opened (as a click on the row would), then
        the dialog for it (None when the letter could not be opened or is read-only)."""
        if not self.targets.open_letter(letter_id):
            return None
        return self.show_assign()

    def show_desk_settings(self) -> bool:
        """Tools ▸ Desk Settings… (this desk's name and which store to open); True when saved."""
        from imr_desk.ui.desk_settings_dialog import open_desk_settings

        return open_desk_settings(self.host, str(self.targets.store.path))

    def show_firm_settings(self) -> QDialog:
        """Tools ▸ Firm Settings… (returns the dialog)."""
        from imr_desk.ui.firm_settings_dialog import FirmSettingsDialog

        dialog = FirmSettingsDialog(self.targets.store, self.targets.store_ops, self.host)
        dialog.saved.connect(self._settings_saved)
        return self._open(dialog)

    def _settings_saved(self, count: int) -> None:
        self.targets.queue.reload()
        self.targets.show_status(f"Firm settings saved; deadlines recomputed for {count} "
                                 f"case{'s' if count != 1 else ''}.", NOTICE_MS)

    def show_statistics(self) -> QDialog:
        """View ▸ Statistics… for the letters the queue's filters keep (returns the dialog)."""
        from imr_desk.ui.statistics_view import StatisticsView  # loaded on first use

        dialog = StatisticsView(self.targets.store.path, self.targets.queue.search_filters(), self.host)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.targets.commit_pending()
        self.targets.store_ops.after_pending(dialog.show)
        self.statistics_dialog = dialog
        return dialog

    def ask_export_deadlines(self) -> None:
        """File ▸ Export Deadlines…: ask for a file name, then write it on the worker thread."""
        name, _filter = QFileDialog.getSaveFileName(
            self.host, "Export Deadlines", str(Path(settings.last_directory()) / "imr-deadlines.ics"),
            "iCalendar files (*.ics)")
        if name:
            path = Path(name if name.lower().endswith(".ics") else f"{name}.ics")
            settings.set_last_directory(str(path.parent))
            self.start_export_deadlines(path)

    def start_export_deadlines(self, path: Path) -> None:
        """Write the deadlines' iCalendar file at `path` (after the pending writes)."""
        refused = refuse_store_file(path, self.targets.store.path)
        if refused:
            QMessageBox.warning(self.host, "Cannot Export Deadlines", refused)
            return

        def job(store: Store) -> int | str:
            try:
                return export_deadlines(store, path)
            except OSError as problem:
                return f"{path} could not be written ({problem.strerror or problem}); nothing was changed."

        self.targets.commit_pending()
        self.targets.store_ops.submit(job, on_done=lambda result: self._exported(path, result))

    def _exported(self, path: Path, result: int | str) -> None:
        if isinstance(result, str):
            QMessageBox.warning(self.host, "Cannot Export Deadlines", result)
        else:
            self.targets.show_status(f"Exported {result} deadline{'s' if result != 1 else ''} to {path}.",
                                     NOTICE_MS)


def _insert_after(menu: QMenu, text_part: str, actions: list[QAction]) -> None:
    """Put `actions` after the menu's first action whose text contains `text_part` (else last)."""
    items = menu.actions()
    for index, action in enumerate(items):
        if text_part in action.text() and index + 1 < len(items):
            menu.insertActions(items[index + 1], actions)
            return
    menu.addActions(actions)
