"""The history dialog: From → To wrapped (no sideways scrolling), a word diff for long text,
undo/redo entries with who and when, and a filter by field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from imr_desk.core.history_words import step_value
from imr_desk.core.records import HistoryEntry
from imr_desk.core.store import ANY_VERSION, Store
from imr_desk.ui.history_dialog import ALL_FIELDS, FROM_COLUMN, TO_COLUMN, HistoryDialog
from tests.support.store_fixtures import add_letter, invented_letter
from tests.ui.test_side_views import save_screenshot

RATIONALE = (
    "The guideline supports up to ten visits of physical therapy for this condition when there is "
    "documented functional improvement. The records show six prior visits with no documented "
    "functional improvement, and no new injury or flare is described. " * 3
)
CHANGED = RATIONALE.replace("six prior visits", "sixteen prior visits", 1)


def entries() -> list[HistoryEntry]:
    return [
        HistoryEntry(1, 7, "correct", "Decision 1 · Rationale", RATIONALE, CHANGED, "maria", "2026-11-23T10:00:00Z"),
        HistoryEntry(2, 7, "correct", "Priority", None, "Expedited", "maria", "2026-11-23T10:01:00Z", undone=True),
        HistoryEntry(3, 7, "undo", "Priority", step_value(2, "correct", "Expedited"), step_value(2, "correct", None),
                     "jon", "2026-11-23T11:30:00Z", undone=True),
        HistoryEntry(4, 7, "review", "Review state", "unreviewed", "in_review", "maria", "2026-11-23T11:31:00Z"),
        HistoryEntry(5, 7, "edit_annotation", "Note (todo)", {"note": "Call clinic", "tag": "todo", "span": None},
                     {"note": "Call the clinic on Monday", "tag": "todo", "span": None}, "maria",
                     "2026-11-23T11:32:00Z"),
        HistoryEntry(6, 7, "remove", "Moved to the trash", {"copy_of_record": True}, None, "jon",
                     "2026-11-23T12:00:00Z"),
    ]


def row_of(dialog: HistoryDialog, entry_id: int) -> int:
    return [entry.id for entry in dialog.entries].index(entry_id)


def test_a_long_text_change_shows_only_the_changed_words_marked(qtbot: Any) -> None:
    dialog = HistoryDialog(entries(), title="CM16-9000001")
    qtbot.addWidget(dialog)
    row = row_of(dialog, 1)
    after = dialog.table.item(row, TO_COLUMN)
    before_html, after_html = dialog.cell_html(row, FROM_COLUMN), dialog.cell_html(row, TO_COLUMN)
    assert "<s " in before_html and ">six</s>" in before_html
    assert ">sixteen</u>" in after_html and "<s " not in after_html
    assert "…" in after.text() and len(after.text()) < 200  # the unchanged stretches are shortened
    assert "[inserted: sixteen]" in after.data(Qt.ItemDataRole.AccessibleTextRole)
    assert after.toolTip().startswith("The guideline supports")
    assert len(after.toolTip()) > 500


def test_undo_entries_say_who_undid_what_and_when(qtbot: Any) -> None:
    dialog = HistoryDialog(entries())
    qtbot.addWidget(dialog)
    row = row_of(dialog, 3)
    cells = [dialog.table.item(row, column).text() for column in range(5)]
    assert cells[1] == "jon" and "2026" in cells[0]
    assert cells[2] == "Undid “Corrected: Priority”"
    assert cells[3:] == ["Expedited", "—"]
    greyed = dialog.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert dialog.table.item(row, 0).foreground().color() != greyed  # the undo itself is not undone
    undone_row = row_of(dialog, 2)
    assert dialog.table.item(undone_row, 2).text() == "Corrected: Priority (undone)"
    assert dialog.table.item(undone_row, 0).foreground().color() == greyed
    assert dialog.table.item(row_of(dialog, 6), 2).text() == "Moved to the trash"
    assert dialog.table.item(row_of(dialog, 6), FROM_COLUMN).text() == "Copy of record: Yes"


def test_filter_by_field(qtbot: Any) -> None:
    dialog = HistoryDialog(entries())
    qtbot.addWidget(dialog)
    box = dialog.field_box
    assert [box.itemText(i) for i in range(box.count())] == [
        ALL_FIELDS, "Moved to the trash", "Note", "Priority", "Rationale", "Review state"]
    box.setCurrentText("Priority")
    assert sorted(dialog.entries[row].id for row in dialog.visible_rows()) == [2, 3]
    box.setCurrentText(ALL_FIELDS)
    assert len(dialog.visible_rows()) == 6


@pytest.mark.parametrize("dark", [False, True])
def test_wrapped_without_sideways_scrolling(qtbot: Any, dark: bool) -> None:
    dialog = HistoryDialog(entries(), title="CM16-9000001")
    qtbot.addWidget(dialog)
    if dark:
        palette = QPalette()
        for role, colour in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.Base, "#1b1b1d"),
                             (QPalette.ColorRole.AlternateBase, "#26262a"), (QPalette.ColorRole.Text, "#e8e8e8"),
                             (QPalette.ColorRole.WindowText, "#e8e8e8")):
            palette.setColor(role, QColor(colour))
        dialog = HistoryDialog(entries(), title="CM16-9000001")
        dialog.setPalette(palette)
        qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert not table.horizontalScrollBar().isVisible()
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width() + 1
    row = row_of(dialog, 1)
    assert table.rowHeight(row) > 2 * table.fontMetrics().height()  # the diff wraps onto lines
    shot = save_screenshot(dialog, "history_dialog_dark" if dark else "history_dialog_diff")
    assert Path(shot).exists()


def test_history_of_a_stored_letter_with_undo_and_redo(qtbot: Any, tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as store:
        letter_id = add_letter(store, invented_letter())
        store.correct(letter_id, "header.priority", "Expedited", expected_version=ANY_VERSION)
        store.undo(letter_id, expected_version=ANY_VERSION)
        store.redo(letter_id, expected_version=ANY_VERSION)
        history = store.history(letter_id)
    dialog = HistoryDialog(history)
    qtbot.addWidget(dialog)
    whats = [dialog.table.item(row, 2).text() for row in range(dialog.table.rowCount())]
    assert whats == ["Redid “Corrected: Priority”", "Undid “Corrected: Priority”", "Corrected: Priority"]
    assert all(dialog.table.item(row, 1).text() for row in range(3))
