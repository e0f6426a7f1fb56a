"""The optimistic lock has no way around it: every edit is checked against the version its caller read.

A caller passes the version it read (`CaseRecord.version`, `Store.version()`), or opts out
explicitly with ``expected_version=ANY_VERSION``. Leaving it out (or passing None) is a
`TypeError` naming the argument, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from imr_desk.core.model import Decision
from imr_desk.core.store import ANY_VERSION, StaleRecordError, Store
from tests.support.store_fixtures import add_letter, invented_letter

# Every write of a letter that takes expected_version, called with the given keyword arguments.
EDITS: dict[str, Callable[[Store, int, dict[str, Any]], Any]] = {
    "correct": lambda s, i, kw: s.correct(i, "header.priority", "Expedited", **kw),
    "add_decision": lambda s, i, kw: s.add_decision(i, Decision("Heat pack", "upheld"), **kw),
    "delete_decision": lambda s, i, kw: s.delete_decision(i, "p0", **kw),
    "annotate": lambda s, i, kw: s.annotate(i, "Call the clinic", **kw),
    "delete_annotation": lambda s, i, kw: s.delete_annotation(i, 1, **kw),
    "set_review_state": lambda s, i, kw: s.set_review_state(i, "verified", **kw),
    "undo": lambda s, i, kw: s.undo(i, **kw),
    "redo": lambda s, i, kw: s.redo(i, **kw),
    "set_copy_of_record": lambda s, i, kw: s.set_copy_of_record(i, **kw),
    "remove": lambda s, i, kw: s.remove(i, **kw),
    "restore": lambda s, i, kw: s.restore(i, **kw),
}


def test_two_writers_that_pass_the_version_they_read_do_not_silently_overwrite(store_target: Path | str) -> None:
    with Store(store_target) as window_a, Store(store_target) as window_b:
        letter_id = add_letter(window_a, invented_letter())
        read_by_a = window_a.load(letter_id)
        read_by_b = window_b.load(letter_id)
        assert read_by_a.letter.header.priority is None and read_by_b.letter.header.priority is None  # both version 1
        window_a.correct(letter_id, "header.priority", "Expedited", expected_version=read_by_a.version)
        with pytest.raises(StaleRecordError, match="changed elsewhere"):
            window_b.correct(letter_id, "header.priority", "Standard", expected_version=read_by_b.version)
        reloaded = window_b.load(letter_id)
        assert reloaded.letter.header.priority == "Expedited"  # A's edit kept
        # after a reload it saves
        window_b.correct(letter_id, "header.priority", "Standard", expected_version=reloaded.version)
        assert window_a.load(letter_id).letter.header.priority == "Standard"


@pytest.mark.filterwarnings("error")  # a caller that passes versions gets no warning at all
def test_the_version_read_is_checked_and_any_version_opts_out(store_target: Path | str) -> None:
    with Store(store_target) as window_a, Store(store_target) as window_b:
        letter_id = add_letter(window_a, invented_letter())
        read_by_b = window_b.load(letter_id).version
        entry = window_a.correct(letter_id, "header.priority", "Expedited", expected_version=read_by_b)
        assert entry.after == "Expedited"
        for edit in (
            lambda: window_b.correct(letter_id, "header.priority", "Standard", expected_version=read_by_b),
            lambda: window_b.add_decision(letter_id, Decision("Heat pack", "upheld"), expected_version=read_by_b),
            lambda: window_b.delete_decision(letter_id, "p0", expected_version=read_by_b),
            lambda: window_b.annotate(letter_id, "Call the clinic", expected_version=read_by_b),
            lambda: window_b.set_review_state(letter_id, "verified", expected_version=read_by_b),
            lambda: window_b.undo(letter_id, expected_version=read_by_b),
            lambda: window_b.redo(letter_id, expected_version=read_by_b),
        ):
            with pytest.raises(StaleRecordError, match=f"version {read_by_b + 1}, expected {read_by_b}"):
                edit()
        assert window_b.version(letter_id) == read_by_b + 1  # nothing was written
        window_b.correct(letter_id, "header.priority", "Standard", expected_version=ANY_VERSION)
        assert window_a.load(letter_id).letter.header.priority == "Standard"
        assert window_a.load(letter_id).version == read_by_b + 2


def test_a_wrong_kind_of_version_is_refused_before_anything_is_written(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    for wrong in ("1", 1.0, True):
        with pytest.raises(TypeError, match="expected_version must be"):
            store.correct(letter_id, "header.priority", "Expedited", expected_version=wrong)
    # the low-level edit has no default either
    with pytest.raises(TypeError, match="expected_version must be"), store.edit(letter_id, None):
        pass
    assert store.history(letter_id) == [] and store.version(letter_id) == 1


@pytest.mark.parametrize("name", list(EDITS))
def test_every_edit_without_a_version_is_a_type_error_naming_it_and_writes_nothing(store: Store, name: str) -> None:
    letter_id = add_letter(store, invented_letter())
    store.load(letter_id)  # even a Store that has read the letter does not guess the version
    for omitted in ({}, {"expected_version": None}):
        with pytest.raises(TypeError, match="expected_version"):
            EDITS[name](store, letter_id, omitted)
    assert store.history(letter_id) == [] and store.version(letter_id) == 1
    assert store.load(letter_id).letter.header.priority is None


def test_a_store_that_never_read_the_letter_cannot_write_over_it_by_leaving_the_version_out(
    store_target: Path | str,
) -> None:
    with Store(store_target) as window_a, Store(store_target) as blind:
        letter_id = add_letter(window_a, invented_letter())
        read = window_a.load(letter_id).version
        window_a.correct(letter_id, "header.priority", "Expedited", expected_version=read)
        with pytest.raises(TypeError, match="expected_version"):
            blind.correct(letter_id, "header.priority", "Standard")  # never read here: no silent write
        record = window_a.load(letter_id)
        assert record.letter.header.priority == "Expedited" and record.version == read + 1
        assert [entry.after for entry in window_a.history(letter_id)] == ["Expedited"]
