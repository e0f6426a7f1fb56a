"""The notes panel edits and deletes notes through the store (qtbot): the editor offers the
tags already used, the change is stored, in the history and undoable; highlights show as such."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer

from imr_desk.core.store import ANY_VERSION, Store
from imr_desk.ui.annotations_panel import HIGHLIGHT_WORD, AnnotationsPanel, NoteEditor
from imr_desk.ui.store_ops import StoreOps, edit_note, highlight_span, used_note_tags
from imr_desk.ui.undo_commands import LetterEdits, describe
from tests.support.store_fixtures import add_letter, invented_letter
from tests.ui.test_side_views import save_screenshot


class Desk:
    """A panel wired to a store the way the window wires it (writes on the worker, then reload)."""

    def __init__(self, store: Store, qtbot: Any) -> None:
        self.store, self.qtbot = store, qtbot
        self.letter_id = add_letter(store, invented_letter())
        self.ops = StoreOps(store.path)
        self.edits = LetterEdits(store, self.ops, lambda _id: self.store.version(self.letter_id))
        self.panel = AnnotationsPanel()
        qtbot.addWidget(self.panel)
        self.edits.changed.connect(lambda _id: self.reload())
        self.panel.editRequested.connect(self.edit)
        self.panel.deleteRequested.connect(self.delete)

    def reload(self) -> None:
        self.panel.set_used_tags(used_note_tags(self.store))
        self.panel.set_record(self.store.load(self.letter_id))

    def edit(self, annotation_id: int, note: str, tag: str) -> None:
        letter_id = self.letter_id
        self.edits.perform(letter_id, lambda store, version: edit_note(
            store, letter_id, annotation_id, note, tag, expected_version=version), description="Edit note")

    def delete(self, annotation_id: int) -> None:
        letter_id = self.letter_id
        self.edits.perform(letter_id, lambda store, version: store.delete_annotation(
            letter_id, annotation_id, expected_version=version), description="Delete note")

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: self.ops.is_idle() and self.edits.in_flight(self.letter_id) == 0,
                             timeout=10_000)


@pytest.fixture
def desk(tmp_store_path: Path, qtbot: Any) -> Iterator[Desk]:
    with Store(tmp_store_path) as store:
        made = Desk(store, qtbot)
        try:
            yield made
        finally:
            made.ops.shutdown()


def answer_editor(panel: AnnotationsPanel, note: str | None, tag: str | None, seen: dict[str, Any]) -> None:
    """Once the editor is open: note what it offers, type into it, press OK."""
    def act() -> None:
        editor = panel.open_editor
        assert isinstance(editor, NoteEditor)
        seen["tags"] = [editor.tag_box.itemText(i) for i in range(editor.tag_box.count())]
        seen["shot"] = save_screenshot(editor, "note_editor")
        if note is not None:
            editor.note_edit.setPlainText(note)
        if tag is not None:
            editor.tag_box.setCurrentText(tag)
        editor.accept()
    QTimer.singleShot(0, act)


def test_edit_a_note_through_the_panel_then_undo(desk: Desk, qtbot: Any) -> None:
    other = add_letter(desk.store, invented_letter("CM16-9000002"))
    desk.store.annotate(other, "elsewhere", tag="follow-up", expected_version=ANY_VERSION)
    note, _ = desk.store.annotate(desk.letter_id, "Call clinic", tag="todo", expected_version=ANY_VERSION)
    desk.reload()
    desk.panel.list.setCurrentRow(0)
    seen: dict[str, Any] = {}
    answer_editor(desk.panel, "Call the clinic on Monday", "follow-up", seen)
    qtbot.mouseClick(desk.panel.edit_button, Qt.MouseButton.LeftButton)
    desk.settle()
    assert seen["tags"] == ["", "follow-up", "todo"]
    [shown] = desk.store.load(desk.letter_id).annotations
    assert (shown.id, shown.note, shown.tag) == (note.id, "Call the clinic on Monday", "follow-up")
    assert desk.store.history(desk.letter_id)[-1].action == "edit_annotation"
    assert desk.edits.stack(desk.letter_id).undoText() == "Edit note (follow-up)"
    desk.edits.stack(desk.letter_id).undo()
    desk.settle()
    assert desk.store.load(desk.letter_id).annotations[0].note == "Call clinic"
    assert desk.panel.current_annotation_id() == note.id  # still selected after the reload


def test_f2_edits_and_delete_key_deletes_through_the_store(desk: Desk, qtbot: Any) -> None:
    desk.store.annotate(desk.letter_id, "First", expected_version=ANY_VERSION)
    desk.reload()
    desk.panel.list.setCurrentRow(0)
    desk.panel.list.setFocus()
    answer_editor(desk.panel, "First, edited", None, {})
    qtbot.keyClick(desk.panel.list, Qt.Key.Key_F2)
    desk.settle()
    assert desk.store.load(desk.letter_id).annotations[0].note == "First, edited"
    qtbot.keyClick(desk.panel.list, Qt.Key.Key_Delete)
    desk.settle()
    assert desk.store.load(desk.letter_id).annotations == []
    assert desk.panel.list.count() == 0 and not desk.panel.edit_button.isEnabled()


def test_a_cancelled_or_unchanged_edit_asks_nothing(desk: Desk, qtbot: Any) -> None:
    desk.store.annotate(desk.letter_id, "Same", expected_version=ANY_VERSION)
    desk.reload()
    desk.panel.list.setCurrentRow(0)
    asked: list[Any] = []
    desk.panel.editRequested.connect(lambda *args: asked.append(args))
    answer_editor(desk.panel, None, None, {})  # OK without a change
    desk.panel.edit_current()
    QTimer.singleShot(0, lambda: desk.panel.open_editor.reject() if desk.panel.open_editor else None)
    desk.panel.edit_current()
    assert asked == []


def test_whole_letter_note_needs_text_but_a_highlight_does_not(desk: Desk, qtbot: Any) -> None:
    start = desk.store.load(desk.letter_id).letter.text.index("MRI")
    _mark, entry = highlight_span(desk.store, desk.letter_id, (start, start + 3), tag="key fact",
                                  expected_version=ANY_VERSION)
    assert describe(entry) == "Add highlight (key fact)"  # the Undo menu's words
    desk.store.annotate(desk.letter_id, "Whole letter", expected_version=ANY_VERSION)
    desk.reload()
    desk.panel.resize(360, 300)
    desk.panel.show()
    first = desk.panel.list.item(0)
    assert first.toolTip() == HIGHLIGHT_WORD
    assert first.data(Qt.ItemDataRole.AccessibleTextRole) == "key fact: Highlight"
    save_screenshot(desk.panel, "annotations_panel_highlight")
    annotations = desk.store.load(desk.letter_id).annotations
    for annotation, ok_without_text in zip(annotations, (True, False), strict=True):
        editor = NoteEditor(annotation, ["key fact"])
        qtbot.addWidget(editor)
        editor.note_edit.setPlainText("  ")
        ok = editor.buttons.button(editor.buttons.StandardButton.Ok)
        assert ok.isEnabled() is ok_without_text
