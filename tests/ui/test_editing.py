"""Editing in the window: every edit reaches the store at once, shows as corrected, undoes and
redoes through the store, survives a restart, and never loses what the user typed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog
from test_main_window import save_shot, settle

from imr_desk.core.store import Store
from imr_desk.core.store.connection import ANY_VERSION
from imr_desk.ui.fields_model import (
    DECISION_SPECS_BY_NAME,
    LETTER_FIELD_SPECS,
    DecisionListModel,
    field_warnings,
    parse_field_text,
)
from imr_desk.ui.letter_editing import NoteDialog

pytestmark = pytest.mark.usefixtures("message_boxes")


def type_into(qtbot: Any, editor: Any, text: str, finish: bool = True) -> None:
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    if finish:
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        settle(editor.window())  # the write runs on the store worker


def test_typed_correction_is_stored_and_marked(opened: Any, store: Store, qtbot: Any) -> None:
    letter_id = opened.record.letter_id
    parsed = opened.record.letter.header.decision_date
    editor = opened.fields.editor_for("header.decision_date")
    type_into(qtbot, editor, "02/03/2017")
    record = store.load(letter_id)
    assert record.letter.header.decision_date == "2017-02-03"
    correction = record.correction_for("header.decision_date")
    assert correction is not None and correction.parsed_value == parsed
    assert editor.text() == "2017-02-03"
    assert editor.property("fieldState") == "corrected"
    assert parsed in editor.toolTip() and correction.user in editor.toolTip()
    assert editor.label.text().startswith("✎")
    save_shot(opened, "window-correction.png")


def test_decision_field_edit_on_ctrl_enter(opened: Any, store: Store, qtbot: Any) -> None:
    key = opened.record.decision_keys[1]
    opened.fields.select_decision(key)
    editor = opened.fields.decision_editor.editors["request"]
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "MRI of the lumbar spine without contrast")
    assert store.load(opened.record.letter_id).correction_for("request", key) is None  # not yet
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    settle(opened)
    record = store.load(opened.record.letter_id)
    assert record.letter.decisions[1].request == "MRI of the lumbar spine without contrast"
    assert opened.fields.decision_model.data(opened.fields.decision_model.index(1), DecisionListModel.CorrectedRole)


def test_undo_and_redo_go_through_the_store(opened: Any, store: Store, qtbot: Any) -> None:
    letter_id = opened.record.letter_id
    parsed = opened.record.letter.header.priority
    type_into(qtbot, opened.fields.editor_for("header.priority"), "Expedited")
    assert store.load(letter_id).letter.header.priority == "Expedited"
    assert opened.menu_actions.undo.isEnabled()
    assert "Priority" in opened.menu_actions.undo.text()
    opened.menu_actions.undo.trigger()
    settle(opened)
    assert store.load(letter_id).letter.header.priority == parsed
    assert opened.fields.editor_for("header.priority").text() == (parsed or "")
    opened.menu_actions.redo.trigger()
    settle(opened)
    assert store.load(letter_id).letter.header.priority == "Expedited"
    assert opened.fields.editor_for("header.priority").text() == "Expedited"


def test_restart_keeps_the_edits_and_their_undo(opened: Any, store: Store, make_window: Any, tmp_store_path: Path,
                                                qtbot: Any) -> None:
    letter_id = opened.record.letter_id
    type_into(qtbot, opened.fields.editor_for("patient.age"), "49")
    opened.menu_actions.review["verified"].trigger()
    settle(opened)
    opened.close()
    reopened_store = Store(tmp_store_path)
    try:
        again = make_window(reopened_store)
        again.queue.reload()
        assert again.open_letter(letter_id)
        assert again.fields.editor_for("patient.age").text() == "49"
        assert again.fields.editor_for("patient.age").property("fieldState") == "corrected"
        assert again.menu_actions.review["verified"].isChecked()
        again.menu_actions.undo.trigger()  # the review state
        settle(again)
        assert reopened_store.load(letter_id).review.state == "unreviewed"
        again.menu_actions.undo.trigger()  # the age
        settle(again)
        assert reopened_store.load(letter_id).letter.patient.age == reopened_store.load(letter_id).parsed.patient.age
        assert not again.menu_actions.undo.isEnabled()
        again.menu_actions.redo.trigger()
        settle(again)
        assert reopened_store.load(letter_id).letter.patient.age == 49
        again.close()
    finally:
        reopened_store.close()


def test_a_value_that_is_not_valid_stays_in_the_field(opened: Any, store: Store, qtbot: Any) -> None:
    editor = opened.fields.editor_for("header.date_assigned")
    type_into(qtbot, editor, "13/45/2016")
    assert store.load(opened.record.letter_id).correction_for("header.date_assigned") is None
    assert editor.text() == "13/45/2016"
    assert "Date assigned" in opened.fields._problem.text() and opened.fields._problem.isVisible()


def test_assign_selection_changes_value_and_span(opened: Any, store: Store, qtbot: Any) -> None:
    record = opened.record
    key = record.decision_keys[0]
    start, end = record.letter.decisions[0].spans["request"]
    opened.fields.focus_field(f"{key}.original_request")
    opened.letter_pane.set_selection(start, end)
    opened.menu_actions.assign.trigger()
    settle(opened)
    stored = store.load(record.letter_id)
    correction = stored.correction_for("original_request", key)
    assert correction is not None and tuple(correction.new_span) == (start, end)
    assert stored.letter.decisions[0].original_request == record.letter.decisions[0].request
    assert stored.letter.decisions[0].spans["original_request"] == (start, end)


def test_add_a_missing_decision_from_a_selection(opened: Any, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    record = opened.record
    words = "conservative treatment"
    start = record.letter.text.index(words)
    opened.letter_pane.set_selection(start, start + len(words))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Overturned", True))
    opened.menu_actions.add_decision.trigger()
    settle(opened)
    stored = store.load(record.letter_id)
    assert len(stored.decision_keys) == len(record.decision_keys) + 1
    added = stored.letter.decisions[-1]
    assert (added.request, added.outcome) == (words, "overturned")
    assert opened.fields.current_decision_key() == stored.decision_keys[-1]
    assert opened.letter_pane.scene.items_by_key.get(stored.decision_keys[-1]) is not None
    opened.menu_actions.undo.trigger()
    settle(opened)
    assert store.load(record.letter_id).decision_keys == record.decision_keys


def test_delete_a_decision_only_after_confirming(opened: Any, store: Store, message_boxes: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    record = opened.record
    key = record.decision_keys[2]
    opened.fields.select_decision(key)
    message_boxes.answers.append(QMessageBox.StandardButton.No)
    opened.menu_actions.delete_decision.trigger()
    settle(opened)
    assert store.load(record.letter_id).decision_keys == record.decision_keys
    opened.menu_actions.delete_decision.trigger()  # answered Yes
    settle(opened)
    assert message_boxes[-1].kind == "question" and "decision 3" in message_boxes[-1].text.lower()
    assert key not in store.load(record.letter_id).decision_keys
    assert opened.fields.decision_model.rowCount() == len(record.decision_keys) - 1
    opened.menu_actions.undo.trigger()
    settle(opened)
    assert store.load(record.letter_id).decision_keys == record.decision_keys


def test_annotate_a_selection(opened: Any, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    record = opened.record
    start, end = record.letter.decisions[0].spans["rationale"]

    def fill_and_accept(dialog: NoteDialog) -> int:
        dialog.note.setPlainText("Ask the attorney about the knee records.")
        dialog.tag.setEditText("question for attorney")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NoteDialog, "exec", fill_and_accept)
    opened.letter_pane.set_selection(start, end)
    opened.menu_actions.annotate.trigger()
    settle(opened)
    notes = store.load(record.letter_id).annotations
    assert len(notes) == 1
    note = notes[0]
    assert (note.note, note.tag, tuple(note.span)) == ("Ask the attorney about the knee records.",
                                                       "question for attorney", (start, end))
    assert note.regions and all(region.page >= 0 for region in note.regions)
    assert opened.annotations.annotation_ids() == [note.id]
    assert opened.letter_pane.show_block(f"note:{note.id}")
    assert opened.fields.tabs.tabText(opened.notes_tab) == "Notes (1)"
    opened.annotations.deleteRequested.emit(note.id)
    settle(opened)
    assert store.load(record.letter_id).annotations == []
    opened.menu_actions.undo.trigger()
    settle(opened)
    assert [n.id for n in store.load(record.letter_id).annotations] == [note.id]


def test_review_state_buttons_title_and_queue(opened: Any, store: Store) -> None:
    letter_id = opened.record.letter_id
    opened.menu_actions.review["in_review"].trigger()
    settle(opened)
    assert store.load(letter_id).review.state == "in_review"
    opened.menu_actions.review["verified"].trigger()
    settle(opened)
    assert store.load(letter_id).review.state == "verified"
    assert "Verified" in opened.statusBar().currentMessage()
    assert opened.windowTitle() == "CM16-0243453 [Verified] — imr-desk"
    assert [row.review_state for row in store.queue()] == ["verified"]
    model = opened.queue.table.model()
    row_texts = [str(model.index(0, column).data()) for column in range(model.columnCount())]
    assert any("erified" in text for text in row_texts), row_texts
    assert opened.menu_actions.review["verified"].shortcut().toString() == "Ctrl+Shift+V"


def test_an_edit_on_a_letter_changed_elsewhere_keeps_the_typed_text(opened: Any, store: Store, tmp_store_path: Path,
                                                                    qtbot: Any, message_boxes: Any) -> None:
    letter_id = opened.record.letter_id
    with Store(tmp_store_path) as other_window_store:
        other_window_store.correct(letter_id, "header.priority", "Expedited", expected_version=ANY_VERSION)
    editor = opened.fields.editor_for("case_summary")
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "My careful summary.")
    opened.fields.commit_pending()
    settle(opened)
    assert message_boxes and "another window" in message_boxes[-1].text
    assert "clipboard" in message_boxes[-1].text
    assert editor.text_value() == "My careful summary."
    assert QApplication.clipboard().text() == "My careful summary."
    assert opened.fields.editor_for("header.priority").text() == "Expedited"  # reloaded
    assert store.load(letter_id).correction_for("case_summary") is None
    opened.fields.commit_pending()  # trying again now works on the fresh version
    settle(opened)
    assert store.load(letter_id).letter.case_summary == "My careful summary."


def test_closing_the_window_commits_the_field_being_edited(opened: Any, store: Store, qtbot: Any) -> None:
    letter_id = opened.record.letter_id
    type_into(qtbot, opened.fields.editor_for("header.case_number"), "CM16-0243454", finish=False)
    opened.close()  # stays open, saying so, until the store has the edit; then closes itself
    qtbot.waitUntil(lambda: not opened.isVisible(), timeout=10_000)
    assert store.load(letter_id).letter.header.case_number == "CM16-0243454"


def test_decision_list_model(opened: Any, qtmodeltester: Any) -> None:
    model = DecisionListModel()
    model.set_record(opened.record)
    qtmodeltester.check(model)
    assert model.rowCount() == 4
    assert model.data(model.index(0), DecisionListModel.OutcomeRole) == "upheld"
    assert model.row_of(opened.record.decision_keys[3]) == 3
    model.set_record(None)
    qtmodeltester.check(model)


@pytest.mark.parametrize(
    ("name", "typed", "stored"),
    [
        ("header.decision_date", "10/13/16", "2016-10-13"),
        ("header.decision_date", "2016-10-13", "2016-10-13"),
        ("header.decision_date", "", None),
        ("patient.age", " 48 ", 48),
        ("reviewer.specialties", "Orthopedic Surgery,  Pain Medicine", ["Orthopedic Surgery", "Pain Medicine"]),
        ("case_summary", "  two\n lines ", "two lines"),
        ("case_summary", "", ""),
    ],
)
def test_typed_text_becomes_the_stored_value(name: str, typed: str, stored: Any) -> None:
    assert parse_field_text(typed, LETTER_FIELD_SPECS[name]) == stored


@pytest.mark.parametrize(
    ("spec", "typed", "message"),
    [
        (LETTER_FIELD_SPECS["patient.age"], "forty", "whole number"),
        (LETTER_FIELD_SPECS["header.date_of_injury"], "yesterday", "date"),
        (DECISION_SPECS_BY_NAME["request"], "  ", "cannot be empty"),
        (DECISION_SPECS_BY_NAME["outcome"], "maybe", "upheld, overturned"),
    ],
)
def test_text_that_is_not_a_value_is_refused_plainly(spec: Any, typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_field_text(typed, spec)


def test_warnings_are_matched_to_fields_by_whole_words() -> None:
    warnings = ["header: no first-page header found (case number, dates)", "decision 2: no MAXIMUS guideline"]
    assert field_warnings(warnings, "Case number") == warnings[:1]
    assert field_warnings(warnings, "Age") == []
    assert field_warnings(warnings, "MAXIMUS guideline", 2) == warnings[1:]
    assert field_warnings(warnings, "MAXIMUS guideline", 1) == []


def test_undo_after_a_change_elsewhere_reloads_and_says_so(opened: Any, store: Store, tmp_store_path: Path, qtbot: Any,
                                                           message_boxes: Any) -> None:
    letter_id = opened.record.letter_id
    type_into(qtbot, opened.fields.editor_for("header.priority"), "Expedited")
    with Store(tmp_store_path) as other_window_store:
        other_window_store.set_review_state(letter_id, "in_review", expected_version=ANY_VERSION)
    opened.menu_actions.undo.trigger()
    settle(opened)
    qtbot.waitUntil(lambda: bool(message_boxes), timeout=5000)
    assert "another window" in message_boxes[-1].text
    assert store.load(letter_id).letter.header.priority == "Expedited"  # nothing undone blindly
    assert opened.record.review.state == "in_review"  # reloaded
    assert opened.menu_actions.undo.text().replace("&",
                                                   "") == "Undo Mark in review"  # the stack mirrors the store again
    opened.menu_actions.undo.trigger()
    settle(opened)
    assert store.load(letter_id).review.state == "unreviewed"


def test_switching_letters_commits_the_field_being_edited(opened: Any, store: Store, corpus_dir: Path,
                                                          qtbot: Any) -> None:
    first = opened.record.letter_id
    other = store.import_file(sorted((corpus_dir / "dwc-2016").glob("*.pdf"))[0]).letter_id
    opened.queue.reload()
    type_into(qtbot, opened.fields.editor_for("header.priority"), "Expedited", finish=False)
    assert opened.open_letter(other)
    settle(opened)
    assert store.load(first).letter.header.priority == "Expedited"
    assert opened.record.letter_id == other
    assert opened.fields.editor_for("header.priority").text() == (store.load(other).letter.header.priority or "")


def test_history_dialog_lists_the_letters_edits(opened: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from imr_desk.ui.history_dialog import HistoryDialog

    type_into(qtbot, opened.fields.editor_for("header.priority"), "Expedited")
    opened.menu_actions.review["in_review"].trigger()
    settle(opened)
    shown: list[HistoryDialog] = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    opened.menu_actions.history.trigger()
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=10_000)  # once the edits are stored
    table = shown[0].table
    assert table.rowCount() == 2
    cells = [table.item(row, column) for row in range(2) for column in range(table.columnCount())]
    texts = " ".join(cell.text() for cell in cells if cell)
    assert "Expedited" in texts and "CM16-0243453" in shown[0].windowTitle()


def test_export_summary_pdf_of_the_open_letter(opened: Any, tmp_path: Path, qtbot: Any,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "summary.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    type_into(qtbot, opened.fields.editor_for("header.priority"), "Expedited", finish=False)
    opened.menu_actions.export_pdf.trigger()
    qtbot.waitUntil(target.exists, timeout=20_000)  # built off the UI thread, after the edit is stored
    assert target.read_bytes().startswith(b"%PDF")
    assert store_priority(opened) == "Expedited"  # the field being edited was committed first


def store_priority(window: Any) -> str | None:
    return window.store.load(window.record.letter_id).letter.header.priority


def test_keyboard_only_review(opened: Any, store: Store, qtbot: Any) -> None:
    letter_id = opened.record.letter_id
    opened.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is opened, timeout=5000)
    keys = opened.record.decision_keys
    opened.fields.select_decision(keys[0])
    qtbot.keyClick(opened.fields.decision_list, Qt.Key.Key_F8)
    assert opened.fields.current_decision_key() == keys[1]
    qtbot.keyClick(opened.fields.decision_list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert opened.fields.current_decision_key() == keys[0]
    qtbot.keyClick(opened.fields.decision_list, Qt.Key.Key_V,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(opened)
    assert store.load(letter_id).review.state == "verified"
    qtbot.keyClick(opened.fields.decision_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(opened)
    assert store.load(letter_id).review.state == "unreviewed"


def test_context_menu_assigns_the_selection_to_a_chosen_field(opened: Any, store: Store) -> None:
    text = opened.record.letter.text
    start = text.index("Standard")
    opened.letter_pane.set_selection(start, start + len("Standard"))
    menu = opened.menu_actions.letter_menu(start, start + len("Standard"))
    assign_menu = next(a.menu() for a in menu.actions() if a.text() == "Assign to Field")
    target = next(a for a in assign_menu.actions() if a.text() == "Priority")
    assert target.isEnabled()
    target.trigger()
    settle(opened)
    correction = store.load(opened.record.letter_id).correction_for("header.priority")
    assert correction is not None and tuple(correction.new_span) == (start, start + len("Standard"))


def test_undo_stacks_are_kept_for_the_last_letters_shown_only(store: Store, corpus_dir: Path, qtbot: Any) -> None:
    """`forget()` drops the stacks of letters shown longest ago; their history stays in the
    store, so showing such a letter again rebuilds its stack."""
    from imr_desk.ui.store_ops import StoreOps
    from imr_desk.ui.undo_commands import LetterEdits

    letter_ids = [store.import_file(path).letter_id for path in sorted((corpus_dir / "dwc-2016").glob("*.pdf"))[:3]]
    store.set_review_state(letter_ids[0], "verified", expected_version=ANY_VERSION)
    ops = StoreOps(store.path)
    edits = LetterEdits(store, ops, lambda _letter_id: None, max_stacks=2)
    try:
        for letter_id in letter_ids:
            edits.activate(letter_id)
        assert edits.stacks_kept() == letter_ids[1:]
        assert len(edits.group.stacks()) == 2
        edits.activate(letter_ids[1])  # shown again: now the most recent
        edits.activate(letter_ids[0])  # comes back with its history from the store
        assert edits.stacks_kept() == [letter_ids[1], letter_ids[0]]
        assert edits.group.activeStack().undoText() == "Mark verified"
        assert len(edits.group.stacks()) == 2
    finally:
        ops.shutdown()


def test_the_window_keeps_a_bounded_number_of_undo_stacks(opened: Any, store: Store, corpus_dir: Path) -> None:
    from imr_desk.ui.undo_commands import MAX_STACKS

    first = opened.record.letter_id
    paths = [path for path in sorted((corpus_dir / "dwc-2016").glob("*.pdf")) if path.name != opened.record.file_name]
    others = [store.import_file(path).letter_id for path in paths[: MAX_STACKS + 1]]
    opened.queue.reload()
    for letter_id in others:
        assert opened.open_letter(letter_id)
    kept = opened.edits.stacks_kept()
    assert len(kept) == MAX_STACKS and len(opened.edits.group.stacks()) == MAX_STACKS
    assert kept[-1] == opened.record.letter_id and first not in kept


def test_an_edit_of_a_verified_letter_shows_it_back_in_review(opened: Any, store: Store, qtbot: Any) -> None:
    """Issue 12 item 2 (the rule is the store's): the window shows what the store says."""
    letter_id = opened.record.letter_id
    opened.menu_actions.review["verified"].trigger()
    settle(opened)
    assert opened.windowTitle() == "CM16-0243453 [Verified] — imr-desk"
    type_into(qtbot, opened.fields.editor_for("patient.age"), "61")
    assert store.load(letter_id).review.state == "in_review"
    assert opened.windowTitle() == "CM16-0243453 [In review] — imr-desk"
    assert opened.menu_actions.review["in_review"].isChecked()
    assert [row.review_state for row in store.queue()] == ["in_review"]
    row = opened.queue.model.queue_row(opened.queue.model.row_for_letter(letter_id))
    assert row.review_state == "in_review"
