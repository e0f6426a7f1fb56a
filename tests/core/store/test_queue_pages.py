"""The queue a page at a time: its order as ids (sorted in SQL by every column, both backends)
equals sorting the full rows; rows by id carry the assignment, the reviewer and who has the
letter open at another desk (fresh presence only)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from imr_desk.core.store import SearchFilters, Store
from imr_desk.core.store.desk_schema import PRESENCE_TIMEOUT_SECONDS
from imr_desk.core.store.queue_pages import MATCH_ORDER, SORT_KEYS, first_unreviewed, queue_ids, queue_rows_by_id
from imr_desk.core.store.search import QueueRow
from tests.support.store_fixtures import add_letter, invented_letter

# (letter's case number, decision date, decisions) and then columns set as edits and imports would
LETTERS = [
    ("CM16-1000004", "2016-10-01", 1, {"has_warnings": 1, "corrections": 2, "assigned_to": "maria"}),
    ("cm16-1000002", "2016-11-15", 2, {"review_state": "verified", "review_user": "ann", "ocr": 1}),
    ("CM16-1000003", "2016-12-20", 3, {"review_state": "in_review", "review_user": "bob", "assigned_to": "Bob"}),
    ("CM16-1000001", None, 2, {"corrections": 1, "copies": 2}),
    ("CM16-1000005", "2016-11-15", 1, {"has_warnings": 1, "ocr": 1, "date_of_injury": "2014-03-02"}),
    ("CM16-1000006", "2017-01-05", 3, {"review_state": "in_review", "review_user": "ann"}),
]


@pytest.fixture
def queue(store: Store) -> list[int]:
    ids = []
    for case, decided, decisions, columns in LETTERS:
        letter_id = add_letter(store, invented_letter(case, decisions=decisions, decision_date=decided or "2016-01-01"))
        sets = ", ".join(f"{name} = ?" for name in columns)
        store.db.execute(f"UPDATE letters SET {sets} WHERE id = ?", [*columns.values(), letter_id])
        if decided is None:
            store.db.execute("UPDATE letters SET decision_date = NULL WHERE id = ?", [letter_id])
        ids.append(letter_id)
    store.db.execute("UPDATE letters SET date_of_injury = NULL WHERE id = ?", [ids[0]])
    store.db.execute("UPDATE letters SET overturned = decisions - 1 WHERE decisions > 1")
    store.db.execute("UPDATE letters SET file_name = 'b.pdf' WHERE id = ?", [ids[1]])
    store.db.execute("UPDATE letters SET file_name = 'A.pdf' WHERE id = ?", [ids[2]])
    return ids


def _marks(row: QueueRow) -> int:
    return int(row.has_warnings) + int(row.ocr) + int(row.copies > 1) + int(row.corrections > 0)


REVIEW_ORDER = ("unreviewed", "in_review", "verified")
PYTHON_KEYS: dict[str, Callable[[QueueRow], Any]] = {
    "case_number": lambda r: (r.case_number or "").casefold(),
    "decision_date": lambda r: r.decision_date or "",
    "date_of_injury": lambda r: r.date_of_injury or "",
    "decisions": lambda r: r.decisions,
    "overturned": lambda r: r.overturned,
    "review_state": lambda r: REVIEW_ORDER.index(r.review_state),
    "corrections": lambda r: r.corrections,
    "has_warnings": lambda r: int(r.has_warnings),
    "file_name": lambda r: r.file_name.lower(),
    "outcome": lambda r: (r.overturned / r.decisions if r.decisions else -1.0, r.decisions),
    "marks": lambda r: (int(r.has_warnings), _marks(r)),
    "assigned_to": lambda r: (r.assigned_to or "").casefold(),
}


def _newest_first(rows: list[QueueRow]) -> list[QueueRow]:
    return sorted(rows, key=lambda r: (r.decision_date or "", r.letter_id), reverse=True)


@pytest.mark.parametrize("descending", [False, True])
def test_id_order_of_every_column_equals_sorting_the_full_rows(store: Store, queue: list[int],
                                                               descending: bool) -> None:
    rows = _newest_first(queue_rows_by_id(store.db, queue))
    assert queue_ids(store.db) == [row.letter_id for row in rows]  # the queue's own order
    store.refresh_deadlines()
    kinds = store.deadline_settings().default_kinds()
    due = {letter_id: deadline.due.isoformat() for letter_id, deadline in store.next_deadlines().items()}
    assert due  # the invented letters have open deadlines
    keys = dict(PYTHON_KEYS, next_deadline=lambda r: (0, due[r.letter_id]) if r.letter_id in due else (1, ""))
    assert set(keys) == set(SORT_KEYS)
    for sort, key in keys.items():
        expected = [row.letter_id for row in sorted(rows, key=key, reverse=descending)]  # stable: ties newest first
        assert queue_ids(store.db, sort=sort, descending=descending, deadline_kinds=kinds) == expected, sort


def test_sorting_keeps_filters_and_a_search_sorts_its_matches(store: Store, queue: list[int]) -> None:
    filtered = queue_ids(store.db, filters=SearchFilters(review_state="in_review"), sort="case_number")
    assert filtered == [queue[2], queue[5]]
    ranked = queue_ids(store.db, "acupuncture")  # three decisions: only letters 3 and 6
    assert set(ranked) == {queue[2], queue[5]}
    assert queue_ids(store.db, "acupuncture", sort=MATCH_ORDER, descending=True) == ranked[::-1]
    assert queue_ids(store.db, "acupuncture", sort="case_number", descending=True) == [queue[5], queue[2]]
    assert queue_ids(store.db, "no such words anywhere", sort="case_number") == []
    with pytest.raises(ValueError, match="cannot be sorted by 'id; drop'"):
        queue_ids(store.db, sort="id; drop")


def test_rows_by_id_in_the_order_asked_with_assignment_and_reviewer(store: Store, queue: list[int]) -> None:
    asked = [queue[2], queue[0], 999_999, queue[1]]
    rows = queue_rows_by_id(store.db, asked)
    assert [row.letter_id for row in rows] == [queue[2], queue[0], queue[1]]  # an unknown id is left out
    assert (rows[0].assigned_to, rows[0].review_state, rows[0].review_user) == ("Bob", "in_review", "bob")
    assert rows[1].assigned_to == "maria" and rows[1].has_warnings and rows[1].corrections == 2
    assert rows[2].ocr and not rows[0].ocr
    whole = {row.letter_id: row for row in store.queue()}
    assert whole[queue[1]].ocr and whole[queue[1]].version == rows[2].version  # the same values as queue()
    assert queue_rows_by_id(store.db, []) == []


def test_open_by_names_a_fresh_presence_at_another_desk(store: Store, queue: list[int]) -> None:
    now = datetime(2026, 12, 2, 9, 0, 0, tzinfo=UTC)

    def seen(seconds_ago: int) -> str:
        return (now - timedelta(seconds=seconds_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")

    presence = [
        (queue[0], "desk-b", "bob", seen(5)),  # fresh, another desk
        (queue[1], "desk-c", "carol", seen(PRESENCE_TIMEOUT_SECONDS + 60)),  # stale: that desk went away
        (queue[2], "desk-a", "me", seen(1)),  # my own desk
        (queue[3], "desk-a", "me", seen(1)),
        (queue[3], "desk-d", "dora", seen(PRESENCE_TIMEOUT_SECONDS - 1)),  # mine and another's
    ]
    for row in presence:
        store.db.execute("INSERT INTO letter_presence (letter_id, desk, person, seen_at) VALUES (?, ?, ?, ?)",
                         list(row))
    rows = {row.letter_id: row.open_by for row in queue_rows_by_id(store.db, queue[:4], desk="desk-a", now=now)}
    assert rows == {queue[0]: "bob", queue[1]: None, queue[2]: None, queue[3]: "dora"}
    anyone = {row.letter_id: row.open_by for row in queue_rows_by_id(store.db, queue[:4], now=now)}
    assert anyone[queue[2]] == "me"


def test_first_unreviewed_in_the_order_given(store: Store, queue: list[int]) -> None:
    assert first_unreviewed(store.db, [queue[1], queue[2], queue[3], queue[0]]) == queue[3]
    assert first_unreviewed(store.db, [queue[1], queue[2]]) is None
    assert first_unreviewed(store.db, list(reversed(queue)), chunk=2) == queue[4]


def test_the_store_facade_sorts_by_fresh_deadlines(store: Store, queue: list[int]) -> None:
    by_deadline = store.queue_ids(sort="next_deadline")  # computes the deadlines first
    due = store.next_deadlines()
    assert set(by_deadline[:len(due)]) == set(due)  # cases with an open deadline first, soonest first
    dates = [due[i].due for i in by_deadline[:len(due)]]
    assert dates == sorted(dates)
    store.db.execute("UPDATE letters SET decision_date = '2015-01-01' WHERE id = ?", [queue[5]])  # marks it dirty
    assert store.queue_ids(sort="next_deadline")[0] == queue[5]  # its deadline is now the soonest
    rows = store.queue_rows_by_id([queue[5]], desk="any")
    assert rows[0].decision_date == "2015-01-01" and rows[0].open_by is None
    assert store.first_unreviewed(queue) == queue[0]
