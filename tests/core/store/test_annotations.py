"""Notes beyond adding one (core/store/annotations.py): edit, highlight, tags in use; every one
recorded in the history, undoable, version-checked; and undo/redo recorded with who and when."""

from __future__ import annotations

import pytest

from imr_desk.core.history_words import step_of
from imr_desk.core.store import ANY_VERSION, StaleRecordError, Store
from imr_desk.core.store.annotations import TAG_MAX_LENGTH, edit_annotation, highlight, used_tags
from tests.support.store_fixtures import add_letter, invented_letter


def _span(store: Store, letter_id: int) -> tuple[int, int]:
    start = store.load(letter_id).letter.text.index("MRI")
    return (start, start + 3)


def test_edit_changes_text_and_tag_and_undo_redo_walk_it(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    note, _ = store.annotate(letter_id, "Check onset date", tag="follow-up", expected_version=ANY_VERSION)
    version = store.version(letter_id)
    entry = edit_annotation(store.connection, letter_id, note.id, "Check onset date with the clinic", "question",
                            expected_version=version)
    assert entry is not None and entry.action == "edit_annotation"
    assert entry.before == {"note": "Check onset date", "tag": "follow-up", "span": None}
    assert entry.after == {"note": "Check onset date with the clinic", "tag": "question", "span": None}
    assert store.version(letter_id) == version + 1
    [shown] = store.load(letter_id).annotations
    assert (shown.id, shown.note, shown.tag) == (note.id, "Check onset date with the clinic", "question")
    assert "question: Check onset date with the clinic" in store.one("SELECT notes FROM letters")["notes"]

    store.undo(letter_id, expected_version=ANY_VERSION)
    [back] = store.load(letter_id).annotations
    assert (back.note, back.tag) == ("Check onset date", "follow-up")
    store.redo(letter_id, expected_version=ANY_VERSION)
    [again] = store.load(letter_id).annotations
    assert (again.note, again.tag) == ("Check onset date with the clinic", "question")


def test_edit_that_changes_nothing_writes_nothing(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    note, _ = store.annotate(letter_id, "Same", tag="todo", expected_version=ANY_VERSION)
    version = store.version(letter_id)
    assert edit_annotation(store.connection, letter_id, note.id, "Same", " todo ", expected_version=version) is None
    assert store.version(letter_id) == version
    assert len(store.history(letter_id)) == 1


def test_edit_checks_the_version_and_refuses_bad_edits(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    note, _ = store.annotate(letter_id, "Whole-letter note", expected_version=ANY_VERSION)
    stale = store.version(letter_id) - 1
    with pytest.raises(StaleRecordError):
        edit_annotation(store.connection, letter_id, note.id, "Changed", None, expected_version=stale)
    with pytest.raises(ValueError, match="needs text"):
        edit_annotation(store.connection, letter_id, note.id, "   ", None, expected_version=ANY_VERSION)
    with pytest.raises(ValueError, match=r"Tag: .* more than the"):
        edit_annotation(store.connection, letter_id, note.id, "x", "t" * (TAG_MAX_LENGTH + 1),
                        expected_version=ANY_VERSION)
    with pytest.raises(ValueError, match="no note 999"):
        edit_annotation(store.connection, letter_id, 999, "x", None, expected_version=ANY_VERSION)
    store.delete_annotation(letter_id, note.id, expected_version=ANY_VERSION)
    with pytest.raises(ValueError, match="was it deleted"):
        edit_annotation(store.connection, letter_id, note.id, "x", None, expected_version=ANY_VERSION)
    assert store.one("SELECT note FROM annotations WHERE id = ?", [note.id])["note"] == "Whole-letter note"


def test_highlight_is_a_span_without_text_undoable(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    span = _span(store, letter_id)
    version = store.version(letter_id)
    mark, entry = highlight(store.connection, letter_id, span, tag="key fact", expected_version=version)
    assert (mark.note, mark.tag, mark.span) == ("", "key fact", span)
    assert mark.regions, "a highlight carries its page regions like a note"
    assert entry.action == "highlight" and entry.target == "Highlight (key fact)"
    assert [a.id for a in store.load(letter_id).annotations] == [mark.id]
    store.undo(letter_id, expected_version=ANY_VERSION)
    assert store.load(letter_id).annotations == []
    store.redo(letter_id, expected_version=ANY_VERSION)
    assert [a.note for a in store.load(letter_id).annotations] == [""]
    # text may be added to a highlight later, and taken away again (it keeps its span)
    edit_annotation(store.connection, letter_id, mark.id, "Onset date is wrong", "key fact",
                    expected_version=ANY_VERSION)
    edit_annotation(store.connection, letter_id, mark.id, "", "key fact", expected_version=ANY_VERSION)
    assert store.load(letter_id).annotations[0].note == ""


@pytest.mark.parametrize("span", [(5, 5), (0, 10**6)])
def test_bad_highlights_are_refused_and_write_nothing(store: Store, span: tuple[int, int]) -> None:
    letter_id = add_letter(store, invented_letter())
    with pytest.raises(ValueError):
        highlight(store.connection, letter_id, span, expected_version=ANY_VERSION)
    assert store.version(letter_id) == 1 and store.history(letter_id) == []


def test_delete_of_an_edited_note_undoes_back_through_the_edit(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    note, _ = store.annotate(letter_id, "First text", expected_version=ANY_VERSION)
    edit_annotation(store.connection, letter_id, note.id, "Second text", None, expected_version=ANY_VERSION)
    store.delete_annotation(letter_id, note.id, expected_version=ANY_VERSION)
    assert store.load(letter_id).annotations == []
    store.undo(letter_id, expected_version=ANY_VERSION)
    assert store.load(letter_id).annotations[0].note == "Second text"
    store.undo(letter_id, expected_version=ANY_VERSION)
    assert store.load(letter_id).annotations[0].note == "First text"
    assert [e.action for e in store.history(letter_id)] == [
        "annotate", "edit_annotation", "delete_annotation", "undo", "undo"]


def test_undo_and_redo_are_entries_with_who_and_when(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    store.correct(letter_id, "header.priority", "Expedited", expected_version=ANY_VERSION)
    stepped = store.undo(letter_id, expected_version=ANY_VERSION)
    store.redo(letter_id, expected_version=ANY_VERSION)
    correct, undo, redo = store.history(letter_id)
    assert stepped is not None and stepped.id == correct.id
    assert (undo.action, redo.action) == ("undo", "redo")
    for step in (undo, redo):
        assert step.user and step.created_at.endswith("Z") and step.target == correct.target
    left, restored = step_of(undo.before), step_of(undo.after)
    assert left is not None and restored is not None
    assert (left.entry_id, left.action, left.value, restored.value) == (correct.id, "correct", "Expedited",
                                                                        correct.before)
    # the records are never steps themselves: the undo stack and further undo pass over them
    done, redoable = store.undo_stack(letter_id)
    assert [e.id for e in done] == [correct.id] and redoable == []
    assert store.undo(letter_id, expected_version=ANY_VERSION).id == correct.id
    assert store.undo(letter_id, expected_version=ANY_VERSION) is None
    assert store.load(letter_id).letter.header.priority == correct.before


def test_used_tags_most_used_first(store: Store) -> None:
    first = add_letter(store, invented_letter("CM16-9000001"))
    second = add_letter(store, invented_letter("CM16-9000002"))
    assert used_tags(store.connection) == []
    store.annotate(first, "a", tag="todo", expected_version=ANY_VERSION)
    store.annotate(second, "b", tag="todo", expected_version=ANY_VERSION)
    store.annotate(second, "c", tag="Question", expected_version=ANY_VERSION)
    gone, _ = store.annotate(second, "d", tag="obsolete", expected_version=ANY_VERSION)
    store.annotate(second, "e", expected_version=ANY_VERSION)
    store.delete_annotation(second, gone.id, expected_version=ANY_VERSION)
    assert used_tags(store.connection) == ["todo", "Question"]


def test_the_store_facade_carries_the_note_edits(store: Store) -> None:
    """`Store.edit_annotation`, `highlight` and `used_tags` are the note edits, version-checked."""
    letter_id = add_letter(store, invented_letter())
    note, _entry = store.annotate(letter_id, "Call the adjuster", tag="todo", expected_version=ANY_VERSION)
    assert store.edit_annotation(letter_id, note.id, "Called the adjuster", tag="done",
                                 expected_version=store.version(letter_id)) is not None
    mark, _ = store.highlight(letter_id, _span(store, letter_id), tag="todo", expected_version=store.version(letter_id))
    assert mark.note == "" and sorted(store.used_tags()) == ["done", "todo"]
    with pytest.raises(StaleRecordError):
        store.edit_annotation(letter_id, note.id, "again", expected_version=1)
