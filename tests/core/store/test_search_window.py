"""Bounded ranking (core/store/ranking.py): relevance among each index's newest matches.

A query matching more rows than the ranking window lists, in the queue, the window's cases most
relevant first and then every other matching case, newest stored first; a search returns the
best hits of the window. Both backends (the `store` fixture); the window is made small here.
"""

from __future__ import annotations

import pytest

from imr_desk.core.store import ANY_VERSION, SearchFilters, Store
from imr_desk.core.store.search import matching_letters, search_hits
from tests.support.store_fixtures import add_letter, invented_letter

# how often each letter's note says the word (stored in this order), in notes of one length,
# so the more often, the more relevant on both backends
REPEATS = (5, 8, 1, 3, 7, 2, 6, 4)


def _note(repeats: int) -> str:
    return " ".join(["whiplash"] * repeats + ["unrelated"] * (8 - repeats))


@pytest.fixture
def noted(store: Store) -> list[int]:
    """Eight letters (oldest first) whose notes say "whiplash" `REPEATS` times; the even ones
    decided in 2017, the odd ones in 2016."""
    ids = []
    for n, repeats in enumerate(REPEATS):
        letter_id = add_letter(store, invented_letter(f"CM16-20000{n:02d}", decisions=1,
                                                      decision_date=f"{2017 - n % 2}-03-0{n % 9 + 1}"))
        store.annotate(letter_id, _note(repeats), expected_version=ANY_VERSION)
        ids.append(letter_id)
    return ids


def _by_repeats(noted: list[int]) -> list[int]:
    """The letters, most relevant first."""
    repeats = dict(zip(noted, REPEATS, strict=True))
    return sorted(noted, key=lambda letter_id: -repeats[letter_id])


def test_a_common_word_lists_the_window_by_relevance_then_every_other_case_newest_first(
    store: Store, noted: list[int]
) -> None:
    order = matching_letters(store.db, "whiplash", None, window=3)
    newest = noted[-3:]  # REPEATS 2, 6, 4
    repeats = dict(zip(noted, REPEATS, strict=True))
    assert order[:3] == sorted(newest, key=lambda letter_id: -repeats[letter_id])
    assert order[3:] == sorted(noted[:-3], reverse=True)
    assert set(order) == set(noted)
    # the queue's search order is the same, every matching case in it
    assert store.queue_ids("whiplash") == matching_letters(store.db, "whiplash", None)
    assert set(store.queue_ids("whiplash")) == set(noted)


def test_a_window_as_large_as_the_matches_ranks_them_all(store: Store, noted: list[int]) -> None:
    assert matching_letters(store.db, "whiplash", None, window=len(noted)) == _by_repeats(noted)
    assert store.queue_ids("whiplash") == _by_repeats(noted)  # the store's window is far larger
    hits = store.search("whiplash")
    assert [hit.letter_id for hit in hits] == _by_repeats(noted)


def test_search_returns_the_best_hits_of_the_window_within_its_limit(store: Store, noted: list[int]) -> None:
    repeats = dict(zip(noted, REPEATS, strict=True))
    hits = search_hits(store.db, "whiplash", None, limit=2, window=4)
    assert [hit.letter_id for hit in hits] == sorted(noted[-4:], key=lambda i: -repeats[i])[:2]
    assert hits[0].rank > hits[1].rank
    # the window is never smaller than the limit: a limit of 5 ranks the newest 5
    hits = search_hits(store.db, "whiplash", None, limit=5, window=2)
    assert [hit.letter_id for hit in hits] == sorted(noted[-5:], key=lambda i: -repeats[i])
    best = store.search("whiplash", limit=3)
    assert [hit.letter_id for hit in best] == _by_repeats(noted)[:3]


def test_filters_apply_to_the_window_and_to_the_rest(store: Store, noted: list[int]) -> None:
    repeats = dict(zip(noted, REPEATS, strict=True))
    decided_2017 = SearchFilters(decided_from="2017-01-01")
    passing = noted[0::2]  # REPEATS 5, 1, 7, 6
    order = matching_letters(store.db, "whiplash", decided_2017, window=2)
    assert order[:2] == sorted(passing[-2:], key=lambda i: -repeats[i])
    assert order[2:] == sorted(passing[:-2], reverse=True)
    hits = search_hits(store.db, "whiplash", decided_2017, limit=1, window=3)
    assert [hit.letter_id for hit in hits] == [passing[2]]  # the best of the newest 3 passing
    assert set(store.queue_ids("whiplash", decided_2017)) == set(passing)


def test_letters_in_the_trash_leave_the_window_and_the_rest(store: Store, noted: list[int]) -> None:
    repeats = dict(zip(noted, REPEATS, strict=True))
    store.remove(noted[-1], expected_version=ANY_VERSION)
    store.remove(noted[1], expected_version=ANY_VERSION)
    live = [letter_id for letter_id in noted if letter_id not in (noted[-1], noted[1])]
    order = matching_letters(store.db, "whiplash", None, window=3)
    assert order[:3] == sorted(live[-3:], key=lambda i: -repeats[i])
    assert order[3:] == sorted(live[:-3], reverse=True)
    hits = search_hits(store.db, "whiplash", None, limit=3, window=3)
    assert [hit.letter_id for hit in hits] == order[:3]
