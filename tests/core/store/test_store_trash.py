"""Removing a letter imported by mistake: the trash, restoring, emptying (issue 12 item 15).

A removed letter leaves the queue, search, exports and counts, is recorded in history and comes
back with everything (corrections, notes, review, history) until the trash is emptied; emptying
deletes it for good, original file included, leaving none of its text in the store file.
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from imr_desk.core.model import Letter
from imr_desk.core.store import ANY_VERSION, StaleRecordError, Store, StoreError
from imr_desk.core.store.cases import ReadOnlyLetterError
from tests.support.store_fixtures import add_letter, invented_letter

SECRET = "Zanzibarite"  # a word found only in the letter that is removed


def marked_letter(case_number: str = "CM16-9000005", *, extra: str = "") -> Letter:
    letter = invented_letter(case_number)
    letter.decisions[0].rationale += f" {SECRET} {extra}".rstrip()
    letter.text = letter.text.replace("after a fall.", f"after a fall. {SECRET}{extra}")
    letter.source.sha256 = hashlib.sha256(letter.text.encode()).hexdigest()
    return letter


def stored_bytes(path: Path) -> bytes:
    """The store file's bytes with its -wal and -shm companions."""
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


def edited(store: Store, letter_id: int) -> None:
    """A correction, a note and a review, as a paralegal would leave them."""
    store.correct(letter_id, "header.priority", "Expedited", expected_version=store.version(letter_id))
    store.annotate(letter_id, "Ask for the PR-2", expected_version=store.version(letter_id))
    store.set_review_state(letter_id, "in_review", expected_version=store.version(letter_id))


def test_a_removed_letter_leaves_every_view_and_comes_back_with_everything(store: Store) -> None:
    keep = add_letter(store, invented_letter("CM16-9000004"))
    gone = add_letter(store, marked_letter())
    edited(store, gone)
    before = store.load(gone)
    [entry] = store.remove(gone, expected_version=store.version(gone))
    assert (entry.letter_id, entry.action) == (gone, "remove")
    assert store.count() == 1 and [row.letter_id for row in store.queue()] == [keep]
    assert store.queue(SECRET) == [] and store.search(SECRET) == [] and store.queue("CM16-9000005") == []
    assert store.find_letter("CM16-9000005") is None and store.queue_row(gone) is None
    assert store.letter_ids() == [keep]
    lines = io.StringIO()
    assert store.export_jsonl(lines) == 1 and SECRET not in lines.getvalue()
    [trashed] = store.trash()
    assert (trashed.letter_id, trashed.case_number, trashed.corrections, trashed.notes) == (gone, "CM16-9000005", 1, 1)
    assert trashed.removed_by and trashed.removed_at and trashed.was_copy_of_record
    assert store.load(gone).removed_at is not None and store.load(gone).read_only
    with pytest.raises(ReadOnlyLetterError, match="in the trash; restore it"):
        store.correct(gone, "header.priority", "Standard", expected_version=ANY_VERSION)
    with pytest.raises(StaleRecordError):
        store.restore(gone, expected_version=trashed.version - 1)
    restored = store.restore(gone, expected_version=trashed.version)
    assert restored.action == "restore" and store.trash() == []
    after = store.load(gone)
    assert (after.letter.to_json(), after.corrections, after.annotations, after.review) == (
        before.letter.to_json(), before.corrections, before.annotations, before.review)
    assert [e.action for e in store.history(gone)] == ["correct", "annotate", "review", "remove", "restore"]
    assert [r.letter_id for r in store.queue(SECRET)] == [gone] and store.count() == 2


def test_undo_never_steps_over_a_removal(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    store.correct(letter_id, "header.priority", "Expedited", expected_version=store.version(letter_id))
    store.remove(letter_id, expected_version=store.version(letter_id))
    store.restore(letter_id, expected_version=store.version(letter_id))
    done, redoable = store.undo_stack(letter_id)
    assert [e.action for e in done] == ["correct"] and redoable == []
    undone = store.undo(letter_id, expected_version=store.version(letter_id))
    assert undone.action == "correct" and store.trash() == []
    assert store.undo(letter_id, expected_version=store.version(letter_id)) is None


def test_removing_the_copy_of_record_hands_the_case_to_the_next_copy_and_back(store: Store) -> None:
    record_id = add_letter(store, marked_letter())
    copy_id = add_letter(store, marked_letter(extra="x"))
    edited(store, record_id)
    store.remove(record_id, expected_version=store.version(record_id))
    [row] = store.queue()
    assert (row.letter_id, row.copies, row.corrections) == (copy_id, 1, 0)
    assert store.history(copy_id)[-1].action == "record_change"
    assert [c.letter_id for c in store.copies(copy_id)] == [copy_id]
    store.restore(record_id, expected_version=ANY_VERSION)
    [row] = store.queue()
    assert (row.letter_id, row.copies, row.corrections, row.review_state) == (record_id, 2, 1, "in_review")
    store.remove(copy_id, expected_version=store.version(copy_id))  # a plain copy: the record stays
    assert [(r.letter_id, r.copies) for r in store.queue()] == [(record_id, 1)]


def test_a_whole_case_goes_to_the_trash_together(store: Store) -> None:
    record_id = add_letter(store, marked_letter())
    copy_id = add_letter(store, marked_letter(extra="x"))
    entries = store.remove(copy_id, expected_version=store.version(copy_id), whole_case=True)
    assert sorted(e.letter_id for e in entries) == [record_id, copy_id]
    assert store.count() == 0 and store.queue() == [] and store.copies(record_id) == []
    assert sorted(t.letter_id for t in store.trash()) == [record_id, copy_id]
    store.restore(copy_id, expected_version=ANY_VERSION)  # alone, it stands for the case
    assert [(r.letter_id, r.copies) for r in store.queue()] == [(copy_id, 1)]
    store.restore(record_id, expected_version=ANY_VERSION)  # and the copy of record takes over again
    assert [(r.letter_id, r.copies) for r in store.queue()] == [(record_id, 2)]


def test_removing_twice_or_restoring_a_letter_not_in_the_trash_is_refused(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    with pytest.raises(ValueError, match="not in the trash"):
        store.restore(letter_id, expected_version=ANY_VERSION)
    store.remove(letter_id, expected_version=ANY_VERSION)
    with pytest.raises(ValueError, match="already in the trash"):
        store.remove(letter_id, expected_version=ANY_VERSION)
    with pytest.raises(StoreError, match="Letter 99 is not in the store"):
        store.remove(99, expected_version=ANY_VERSION)


def test_reimporting_a_file_in_the_trash_says_so(store: Store, tmp_path: Path, corpus_dir: Path) -> None:
    path = corpus_dir / "dwc-2016" / "CM16-0229336.pdf"
    letter_id = store.import_file(path).letter_id
    store.remove(letter_id, expected_version=ANY_VERSION)
    again = store.import_file(path)
    assert again.status == "duplicate" and again.letter_id is None
    assert "in the trash" in again.message and f"imr-desk remove --restore {letter_id}" in again.message
    assert store.count() == 0


@pytest.mark.parametrize("store_target", ["sqlite"], indirect=True)
def test_emptying_the_trash_deletes_for_good_with_the_original(store: Store, tmp_store_path: Path) -> None:
    keep = add_letter(store, invented_letter("CM16-9000004"))
    gone = add_letter(store, marked_letter())
    edited(store, gone)
    with pytest.raises(ValueError, match="not in the trash"):
        store.empty_trash([keep])
    store.remove(gone, expected_version=ANY_VERSION)
    assert SECRET.encode() in stored_bytes(tmp_store_path)  # in the file while it is in the trash
    assert store.empty_trash() == 1 and store.empty_trash() == 0
    assert store.trash() == [] and store.count() == 1
    for table in ("letters", "letter_content", "decisions", "corrections", "annotations", "history"):
        column = "id" if table == "letters" else "letter_id"
        assert store.one(f"SELECT count(*) AS n FROM {table} WHERE {column} = ?", [gone])["n"] == 0, table
    assert store.one("SELECT count(*) AS n FROM originals")["n"] == 1
    with pytest.raises(StoreError, match="not in the store"):
        store.restore(gone, expected_version=ANY_VERSION)
    store.close()
    left = stored_bytes(tmp_store_path)
    assert b"anzibarit" not in left  # not the text, nor the index's stemmed word
    with Store(tmp_store_path) as reopened:
        assert reopened.search(SECRET) == [] and json.dumps(reopened.load(keep).letter.to_json())
