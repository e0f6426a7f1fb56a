"""The optimistic lock is the default: an edit is checked against the version its caller read.

A caller passes the version it read (`CaseRecord.version`, `Store.version()`), or opts out with
``expected_version=ANY_VERSION``. Omitting it is deprecated: the edit is then checked against
the version this `Store` last read or wrote for the letter, so two windows that both read a
letter and both save without a version no longer overwrite each other silently.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.store_fixtures import add_letter, invented_letter, store  # noqa: F401 (fixture)

from imr_desk.core.model import Decision
from imr_desk.core.store import ANY_VERSION, StaleRecordError, Store


def test_two_writers_that_omit_the_version_do_not_silently_overwrite(tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as window_a, Store(tmp_store_path) as window_b:
        letter_id = add_letter(window_a, invented_letter())
        assert window_a.load(letter_id).letter.header.priority is None
        assert window_b.load(letter_id).letter.header.priority is None  # both read version 1
        with pytest.warns(DeprecationWarning, match="expected_version"):
            window_a.correct(letter_id, "header.priority", "Expedited")
        with pytest.raises(StaleRecordError, match="changed elsewhere"), pytest.warns(DeprecationWarning):
            window_b.correct(letter_id, "header.priority", "Standard")
        assert window_b.load(letter_id).letter.header.priority == "Expedited"  # A's edit kept
        with pytest.warns(DeprecationWarning):
            window_b.correct(letter_id, "header.priority", "Standard")  # after a reload it saves
        assert window_a.load(letter_id).letter.header.priority == "Standard"


@pytest.mark.filterwarnings("error")  # a caller that passes versions gets no deprecation warning
def test_the_version_read_is_checked_and_any_version_opts_out(tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as window_a, Store(tmp_store_path) as window_b:
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
    with pytest.raises(TypeError, match="expected_version must be"):
        with store.edit(letter_id, None):  # the low-level edit has no deprecated default
            pass
    assert store.history(letter_id) == [] and store.version(letter_id) == 1


def test_deprecated_omission_checks_what_this_store_last_read_or_wrote(store: Store, tmp_store_path: Path) -> None:
    letter_id = add_letter(store, invented_letter())
    with pytest.warns(DeprecationWarning) as caught:
        store.correct(letter_id, "header.priority", "Expedited")  # never read here: unchecked, as before
        store.correct(letter_id, "header.priority", "Standard")  # checked against its own last write
        store.undo(letter_id, expected_version=None)  # None is the same deprecated default
        store.redo(letter_id)
    assert len(caught) == 4 and all(w.filename == __file__ for w in caught)  # points at the caller
    store.reparse(letter_id)  # a write of its own: the version it left is remembered too
    with pytest.warns(DeprecationWarning):
        store.set_review_state(letter_id, "verified")
    with Store(tmp_store_path) as other:
        other.annotate(letter_id, "Changed elsewhere", expected_version=other.version(letter_id))
    with pytest.raises(StaleRecordError), pytest.warns(DeprecationWarning):
        store.undo(letter_id)
    assert store.load(letter_id).review.state == "verified"
    with pytest.warns(DeprecationWarning):
        assert store.undo(letter_id).action == "annotate"  # after reading again
