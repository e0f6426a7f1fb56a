"""Read-only copies take no typing (fields, decisions, deadlines; both panels say so), and the
notes' edits (change a note, highlight a selection) go through `LetterEditing`'s edit flow:
stored on the worker, undoable."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from letter_desk import Desk
from PySide6.QtCore import Qt

from imr_desk.core.store import ANY_VERSION, Store
from imr_desk.ui.fields_model import READ_ONLY_NOTICE

pytestmark = pytest.mark.usefixtures("message_boxes")


@pytest.fixture
def desk(store: Store, qtbot: Any, letter_path: Any) -> Any:
    result = store.import_file(letter_path)
    assert result.status == "imported", result.message
    made = Desk(store, qtbot)
    made.open(result.letter_id)
    yield made
    made.close_desk()


def test_a_read_only_copy_takes_no_typing(desk: Desk, store: Store, qtbot: Any) -> None:
    letter_id = desk.record.letter_id
    trashed = dataclasses.replace(store.load(letter_id), removed_at="2026-12-01T10:00:00")
    assert trashed.read_only
    desk.fields.set_record(trashed)
    desk.letter_pane.set_letter(desk.current.document, trashed)
    fields = desk.fields
    assert fields._read_only.isVisible() and fields._read_only.text() == READ_ONLY_NOTICE
    assert desk.letter_pane.read_only_notice.isVisible()
    assert desk.letter_pane.read_only_notice.text() == READ_ONLY_NOTICE
    case_number = fields.editor_for("header.case_number")
    before = case_number.text()
    case_number.setFocus()
    qtbot.keyClicks(case_number, "XYZ")
    qtbot.keyClick(case_number, Qt.Key.Key_Return)
    assert case_number.text() == before and case_number.isReadOnly()
    assert not fields.editor_for("patient.sex").isEnabled()
    fields.select_decision(trashed.decision_keys[0])
    assert fields.decision_editor.editors["rationale"].isReadOnly()
    assert not fields.decision_editor.editors["outcome"].isEnabled()
    category = fields.decision_editor.editors["category"]
    assert category.isReadOnly() and not category.isClearButtonEnabled()
    assert not fields._add_button.isEnabled() and not fields._delete_button.isEnabled()
    section = fields.deadlines
    assert all(line.isReadOnly() for line in section.dates.values())
    assert not any(button.isEnabled() for button in section.buttons.values())
    desk.shot("read-only-copy.png")
    desk.settle()
    assert store.load(letter_id).version == trashed.version  # nothing was written
    fields.set_record(store.load(letter_id))  # the copy of record again: editable
    assert not fields._read_only.isVisible() and not fields.editor_for("header.case_number").isReadOnly()
    assert fields.editor_for("patient.sex").isEnabled()


def test_a_note_is_edited_through_the_edit_flow_and_undone(desk: Desk, store: Store) -> None:
    letter_id = desk.record.letter_id
    note, _entry = store.annotate(letter_id, "Ask about the MRI", tag="follow up", expected_version=ANY_VERSION)
    desk.reload(letter_id)
    assert desk.editing.edit_annotation(note.id, "Ask about the MRI of the lumbar spine", "question for attorney")
    desk.settle()
    stored = next(a for a in store.load(letter_id).annotations if a.id == note.id)
    assert (stored.note, stored.tag) == ("Ask about the MRI of the lumbar spine", "question for attorney")
    assert desk.edits.stack(letter_id).canUndo()
    desk.undo()
    stored = next(a for a in store.load(letter_id).annotations if a.id == note.id)
    assert (stored.note, stored.tag) == ("Ask about the MRI", "follow up")
    desk.editing.edit_annotation(note.id, "Ask about the MRI", "")  # the panel's "" is no tag
    desk.settle()
    assert next(a for a in store.load(letter_id).annotations if a.id == note.id).tag is None


def test_a_selection_is_highlighted_through_the_edit_flow(desk: Desk, store: Store) -> None:
    letter_id = desk.record.letter_id
    text = desk.record.letter.text
    start = text.index(desk.record.letter.decisions[0].request)
    span = (start, start + len(desk.record.letter.decisions[0].request))
    assert not desk.editing.highlight()  # nothing selected: the user is told
    assert desk.status and "Select" in desk.status[-1]
    desk.letter_pane.set_selection(*span)
    assert desk.editing.highlight(tag="key fact")
    desk.settle()
    added = [a for a in store.load(letter_id).annotations if a.span == span]
    assert len(added) == 1 and added[0].tag == "key fact"
    desk.undo()
    assert not [a for a in store.load(letter_id).annotations if a.span == span]
