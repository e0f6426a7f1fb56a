"""An edit of a verified letter's content moves it back to in review (issue 12 item 2).

The state change is written in the edit's own transaction, as a review entry of its own in the
history (before ``verified``, after ``in_review``) that belongs to the edit: undo and redo step
both together, and the undo stack shows one step. Notes are not content: they change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from imr_desk.core.model import Decision
from imr_desk.core.store import ANY_VERSION, Store
from tests.support.store_fixtures import add_letter, invented_letter

# content edits (each makes a verified letter in review again), as (store, letter id, version)
CONTENT_EDITS: dict[str, Callable[[Store, int, int], Any]] = {
    "correct": lambda s, i, v: s.correct(i, "header.priority", "Expedited", expected_version=v),
    "add_decision": lambda s, i, v: s.add_decision(i, Decision("Heat pack", "upheld"), expected_version=v),
    "delete_decision": lambda s, i, v: s.delete_decision(i, "p0", expected_version=v),
}


def verified(store: Store, letter_id: int) -> int:
    """Mark the letter verified (with the version read); the version it is at afterwards."""
    store.set_review_state(letter_id, "verified", expected_version=store.version(letter_id))
    return store.version(letter_id)


def test_a_correction_of_a_verified_letter_moves_it_to_in_review_undo_and_redo_move_both(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    verified(store, letter_id)
    before = store.load(letter_id)
    assert before.review.state == "verified" and store.queue_row(letter_id).review_state == "verified"

    entry = store.correct(letter_id, "header.priority", "Expedited", expected_version=before.version)
    assert (entry.action, entry.before, entry.after) == ("correct", None, "Expedited")
    after = store.load(letter_id)
    assert after.letter.header.priority == "Expedited"
    assert after.review.state == "in_review" and after.review.user == entry.user
    assert after.review.changed_at == entry.created_at
    assert after.version == before.version + 1  # one write, one version
    assert store.queue_row(letter_id).review_state == "in_review"
    history = store.history(letter_id)
    assert [(e.action, e.before, e.after) for e in history] == [
        ("review", "unreviewed", "verified"), ("correct", None, "Expedited"), ("review", "verified", "in_review"),
    ]
    assert (history[2].user, history[2].created_at) == (entry.user, entry.created_at)
    assert history[2].target.startswith("Review state")
    done, redoable = store.undo_stack(letter_id)
    assert [e.action for e in done] == ["review", "correct"] and redoable == []  # one step, not two

    undone = store.undo(letter_id, expected_version=after.version)
    assert undone is not None and (undone.action, undone.after, undone.undone) == ("correct", "Expedited", True)
    back = store.load(letter_id)
    assert back.letter.header.priority is None and back.corrections == []
    assert back.review == before.review  # verified, by whom and when it was verified
    assert store.queue_row(letter_id).review_state == "verified"
    assert [(e.action, e.undone) for e in store.history(letter_id)] == [
        ("review", False), ("correct", True), ("review", True), ("undo", True)]  # who undid it is an entry
    done, redoable = store.undo_stack(letter_id)
    assert [e.action for e in done] == ["review"] and [e.action for e in redoable] == ["correct"]

    redone = store.redo(letter_id, expected_version=back.version)
    assert redone is not None and (redone.action, redone.undone) == ("correct", False)
    again = store.load(letter_id)
    assert again.letter.header.priority == "Expedited" and again.review.state == "in_review"
    assert store.queue_row(letter_id).review_state == "in_review"
    assert [(e.action, e.undone) for e in store.history(letter_id)] == [
        ("review", False), ("correct", False), ("review", False), ("undo", True), ("redo", True)]

    store.undo(letter_id, expected_version=again.version)
    assert store.undo(letter_id, expected_version=ANY_VERSION).action == "review"  # then the verification
    assert store.load(letter_id).review.state == "unreviewed"


@pytest.mark.parametrize("name", list(CONTENT_EDITS))
def test_every_content_edit_of_a_verified_letter_moves_it_to_in_review(store: Store, name: str) -> None:
    letter_id = add_letter(store, invented_letter())
    version = verified(store, letter_id)
    CONTENT_EDITS[name](store, letter_id, version)
    assert store.load(letter_id).review.state == "in_review"
    assert [e.action for e in store.history(letter_id)] == ["review", name, "review"]
    store.undo(letter_id, expected_version=version + 1)
    record = store.load(letter_id)
    assert record.review.state == "verified" and record.decision_keys == ["p0", "p1"]
    assert record.letter.header.priority is None


def test_notes_are_not_content_and_leave_a_verified_letter_verified(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    version = verified(store, letter_id)
    note, _ = store.annotate(letter_id, "Call the adjuster", expected_version=version)
    store.delete_annotation(letter_id, note.id, expected_version=version + 1)
    assert store.load(letter_id).review.state == "verified"
    assert [e.action for e in store.history(letter_id)] == ["review", "annotate", "delete_annotation"]


@pytest.mark.parametrize("state", ["unreviewed", "in_review"])
def test_an_edit_of_a_letter_not_verified_leaves_its_state_alone(store: Store, state: str) -> None:
    letter_id = add_letter(store, invented_letter())
    if state != "unreviewed":
        store.set_review_state(letter_id, state, expected_version=store.version(letter_id))
    store.correct(letter_id, "header.priority", "Expedited", expected_version=store.version(letter_id))
    assert store.load(letter_id).review.state == state
    assert [e.action for e in store.history(letter_id)][-1] == "correct"


def test_verified_again_after_an_edit_undoes_step_by_step(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    version = verified(store, letter_id)
    store.correct(letter_id, "header.priority", "Expedited", expected_version=version)
    verified(store, letter_id)  # checked again after the edit
    assert store.load(letter_id).review.state == "verified"
    store.undo(letter_id, expected_version=store.version(letter_id))  # the second verification
    record = store.load(letter_id)
    assert record.review.state == "in_review" and record.letter.header.priority == "Expedited"
    store.undo(letter_id, expected_version=record.version)  # the edit, with its move to in review
    record = store.load(letter_id)
    assert record.review.state == "verified" and record.letter.header.priority is None


def test_the_pair_undoes_after_reopening_and_a_new_edit_drops_both(store_target: Path | str) -> None:
    with Store(store_target) as first:
        letter_id = add_letter(first, invented_letter())
        version = verified(first, letter_id)
        first.correct(letter_id, "header.priority", "Expedited", expected_version=version)
    with Store(store_target) as second:
        second.undo(letter_id, expected_version=second.version(letter_id))
        assert second.load(letter_id).review.state == "verified"
        second.correct(letter_id, "header.priority", "Standard", expected_version=second.version(letter_id))
        assert second.redo(letter_id, expected_version=second.version(letter_id)) is None  # the tail is gone
        record = second.load(letter_id)
        assert record.review.state == "in_review" and record.letter.header.priority == "Standard"
        assert [(e.action, e.after, e.undone) for e in second.history(letter_id)
                if e.action != "undo"] == [
            ("review", "verified", False), ("correct", "Expedited", True), ("review", "in_review", True),
            ("correct", "Standard", False), ("review", "in_review", False),
        ]  # the undo's own entry (who undid it, when) left out here
        done, redoable = second.undo_stack(letter_id)
        assert [(e.action, e.after) for e in done] == [("review", "verified"), ("correct", "Standard")]
        assert redoable == []
