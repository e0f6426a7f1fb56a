"""The store takes only what a field can hold: choice fields their values (the registry's),
values and notes up to the registry's lengths, each refusal a plain message naming the field,
with nothing written."""

from __future__ import annotations

import pytest

from imr_desk.core import fields
from imr_desk.core.store import ANY_VERSION, Store
from tests.support.store_fixtures import add_letter, invented_letter


def history_length(store: Store, letter_id: int) -> int:
    return len(store.history(letter_id))


def test_a_choice_field_takes_only_its_values(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    before = store.version(letter_id)
    with pytest.raises(ValueError) as refused:
        store.correct(letter_id, "header.priority", "Urgent please", expected_version=ANY_VERSION)
    assert "Priority" in str(refused.value) and "Standard" in str(refused.value)
    assert store.version(letter_id) == before
    store.correct(letter_id, "header.priority", "expedited", expected_version=ANY_VERSION)
    assert store.load(letter_id).letter.header.priority == "Expedited"  # stored as the registry spells it


def test_a_value_longer_than_its_field_holds_is_refused_naming_the_field(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    entries = history_length(store, letter_id)
    limit = fields.field_for("header.case_number").max_length
    with pytest.raises(ValueError) as refused:
        store.correct(letter_id, "header.case_number", "C" * 20_000, expected_version=ANY_VERSION)
    assert str(refused.value) == f"Case number: 20,000 characters, more than the {limit:,} this field holds"
    request_limit = fields.field_for("decisions[].request").max_length
    with pytest.raises(ValueError, match="characters, more than the"):
        store.correct(letter_id, "request", "x" * (request_limit + 1), decision_key="p0", expected_version=ANY_VERSION)
    assert history_length(store, letter_id) == entries


def test_a_note_longer_than_a_note_holds_is_refused(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    with pytest.raises(ValueError) as refused:
        store.annotate(letter_id, "n" * (fields.NOTE_MAX_LENGTH + 1), expected_version=ANY_VERSION)
    assert "more than the" in str(refused.value) and str(refused.value).startswith("Note: ")
    assert store.load(letter_id).annotations == []
    store.annotate(letter_id, "n" * 5_000, expected_version=ANY_VERSION)  # a long real note is fine
