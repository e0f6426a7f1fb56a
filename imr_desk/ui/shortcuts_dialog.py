"""Help ▸ Keyboard Shortcuts: a table of the window's actions and the keys that trigger them.

It lists the actions themselves, so it can never disagree with the keys that work. `shown_keys`
leaves out the keys a keyboard rarely has (F13 and above, the "Undo" key of some platforms'
bindings) when an action has others: Undo shows "Ctrl+Z, Alt+Backspace", not "F14, Undo".
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget


def shown_keys(keys: Iterable[QKeySequence]) -> str:
    """The keys of an action as the shortcuts table shows them (portable ones, if it has any)."""
    keys = list(keys)
    portable = [k for k in keys if k.count() and k[0].key().value < Qt.Key.Key_F13.value]  # type: ignore[index]
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in portable or keys)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(action text, keys) for every action with a shortcut, in the order given."""
    return [(action.text().replace("&", ""), shown_keys(action.shortcuts())) for action in actions
            if action.shortcuts()]


def shortcuts_dialog(actions: Iterable[QAction], parent: QWidget) -> QDialog:
    """The dialog (not shown yet)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Keyboard Shortcuts")
    rows = shortcut_rows(actions)
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
    return dialog
