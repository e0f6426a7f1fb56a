"""Copies of a case in the window (issue 12 item 4): one queue row with a copies mark, the
copies view naming the fields whose parse differs (both values side by side), a copy opened
read-only, another copy made the copy of record through the worker thread — the queue, the
letter on screen and the history follow. The second copy is an 'amended' text letter written
at test time from the project's invented sample (its decision date moved by a day)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from imr_desk.resources import RESOURCES_DIR
from imr_desk.ui.copies_dialog import CopiesDialog
from imr_desk.ui.import_worker import ImportSummaryDialog, import_status_text, summary_headline
from imr_desk.ui.queue_model import Column

pytestmark = pytest.mark.usefixtures("message_boxes")
ARTIFACTS = Path(__file__).resolve().parent.parent / "_artifacts"
SAMPLE_PDF = RESOURCES_DIR / "samples" / "sample-upheld.pdf"
SAMPLE_TEXT = RESOURCES_DIR / "samples" / "text" / "sample-upheld.txt"


def save_shot(widget: Any, name: str) -> None:
    for _ in range(5):
        QApplication.processEvents()
    ARTIFACTS.mkdir(exist_ok=True)
    assert widget.grab().save(str(ARTIFACTS / name))
    shots = Path("/tmp/shots")
    shots.mkdir(exist_ok=True)
    shutil.copy(ARTIFACTS / name, shots / name)


def amended_copy(folder: Path) -> Path:
    """The sample letter as a text file whose decision date is a day later (an amended letter)."""
    text = SAMPLE_TEXT.read_text(encoding="utf-8")
    assert "Decision Date:        04/04/2016" in text
    path = folder / "sample-upheld amended.txt"
    path.write_text(text.replace("Decision Date:        04/04/2016", "Decision Date:        04/05/2016"), "utf-8")
    return path


@pytest.fixture
def two_copies(store: Any, tmp_path: Path) -> tuple[Any, Any]:
    first = store.import_file(SAMPLE_PDF)
    second = store.import_file(amended_copy(tmp_path))
    assert first.status == "imported", first.message
    assert second.status == "copy" and second.copy_of == first.letter_id, second.message
    return first, second


def test_import_says_copy_of_the_case_already_in_the_store(qtbot: Any, two_copies: tuple[Any, Any]) -> None:
    first, second = two_copies
    case = first.case_number
    assert summary_headline([second], False) == f"0 imported · copy of {case} already in the store."
    assert summary_headline([first, second], False) == f"1 imported · copy of {case} already in the store."
    assert f"Copy of {case} already in the store" in import_status_text([second])
    dialog = ImportSummaryDialog([first, second])
    qtbot.addWidget(dialog)
    assert dialog.group_counts() == {"Imported": 1, "Copies of cases already in the store": 1}
    copies_group = dialog.tree.topLevelItem(1)
    assert copies_group is not None and copies_group.child(0).text(1) == f"copy of {case} already in the store"


def test_one_row_per_case_copies_view_and_choosing_the_copy_of_record(
    make_window: Any, store: Any, two_copies: tuple[Any, Any], qtbot: Any, settle: Any
) -> None:
    first, second = two_copies
    window = make_window()
    window.queue.reload()
    window._on_import_finished([second])  # as after an import: the case opens, as its copy of record
    assert window.record.letter_id == first.letter_id and not window.record.read_only
    assert "already in the store" in window.statusBar().currentMessage()
    model = window.queue.model
    assert model.rowCount() == 1 and model.letter_id(0) == first.letter_id
    assert "\u00d72" in model.data(model.index(0, Column.MARKS))
    assert window.menu_actions.copies.isEnabled() and window.menu_actions.copies.shortcut().toString()

    dialog = window.show_copies()
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.copies_table.rowCount() == 2
    files = [dialog.copies_table.item(row, 0).text() for row in range(2)]
    assert files == ["sample-upheld.pdf", "sample-upheld amended.txt"]
    assert dialog.copies_table.item(0, 6).text().endswith("Copy of record")
    assert dialog.copies_table.item(1, 3).text() == "text file"
    assert dialog.selected_copy().letter_id == second.letter_id  # the other copy, to compare
    assert "Decision date" in dialog.diff_label.text()
    rows = {dialog.diff_table.item(row, 0).text(): (dialog.diff_table.item(row, 1).text(),
                                                      dialog.diff_table.item(row, 2).text())
            for row in range(dialog.diff_table.rowCount())}
    assert rows["Decision date"] == ("2016-04-05", "2016-04-04")
    save_shot(dialog, "copies-dialog.png")

    dialog.open_selected()  # the other copy, read-only
    assert window.record.letter_id == second.letter_id and window.record.read_only
    assert "[copy sample-upheld amended.txt, read-only]" in window.windowTitle()
    assert not window.menu_actions.annotate.isEnabled() and not window.menu_actions.review["verified"].isEnabled()

    dialog.make_selected_record()
    qtbot.waitUntil(lambda: store.load(second.letter_id).is_copy_of_record, timeout=10_000)
    settle(window)
    qtbot.waitUntil(lambda: dialog.copies_table.item(1, 6).text().endswith("Copy of record"), timeout=5000)
    assert "is now the copy of record" in dialog.status.text()
    assert model.rowCount() == 1 and model.letter_id(0) == second.letter_id  # the queue follows
    assert model.data(model.index(0, Column.DECISION_DATE)) == "04/05/2016"
    assert window.record.letter_id == second.letter_id and not window.record.read_only  # the screen too
    assert window.menu_actions.annotate.isEnabled()
    assert store.load(first.letter_id).read_only
    assert "copy_of_record" in [entry.action for entry in store.history(second.letter_id)]
    assert dialog.selected_copy().letter_id == second.letter_id and not dialog.record_button.isEnabled()
    save_shot(window, "copies-window-after-choice.png")
    dialog.close()


def test_the_copy_of_record_shown_follows_to_the_new_one(
    make_window: Any, store: Any, two_copies: tuple[Any, Any], qtbot: Any, settle: Any
) -> None:
    first, second = two_copies
    window = make_window()
    window.queue.reload()
    assert window.open_letter(first.letter_id)
    window.queue.copiesRequested.emit(first.letter_id)  # the queue row's context menu
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(CopiesDialog)), timeout=5000)
    (dialog,) = window.findChildren(CopiesDialog)
    dialog.select_copy(second.letter_id)
    dialog.make_selected_record()
    qtbot.waitUntil(lambda: window.record is not None and window.record.letter_id == second.letter_id,
                    timeout=10_000)
    settle(window)
    assert window.queue.current_letter_id() == second.letter_id
    assert window.queue.row_menu(0).actions()[0].text() == "Copies of This Case (2)…"
    dialog.close()
