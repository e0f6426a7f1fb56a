"""The case queue a page at a time: its order as letter ids, and the full rows of a page.

A window listing 100,000 cases must not build 100,000 rows. `queue_ids` gives the queue's
order only (the ids of the cases' copies of record passing the filters), sorted in SQL by any
of the queue's columns (`SORT_KEYS`) on both backends; `queue_rows_by_id` then builds the
`QueueRow`s of the few ids on screen: look-ups by id (the OCR flag, the assignment, who set
the review state, and who has the letter open at another desk from ``letter_presence``).

Every sort breaks ties newest decision first (the queue's own order), in either direction, so
the order equals a stable sort of the newest-first rows. Without a sort column the order is
the queue's own (newest first) or, for a search, most relevant first; the "match" key keeps a
search's relevance order too (reversed when descending). The "next_deadline" key sorts by the
case's soonest open deadline of the given kinds (``case_deadlines``), cases with none last.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from imr_desk.core.deadlines.settings import KINDS
from imr_desk.core.store.desk_schema import PRESENCE_TIMEOUT_SECONDS
from imr_desk.core.store.dialect import StoreDatabase, dialect_of, selected_ids
from imr_desk.core.store.search import CASE_ROW, QueueRow, SearchFilters, filter_sql, search_order

_REVIEW_ORDER = ("CASE l.review_state WHEN 'unreviewed' THEN 0 WHEN 'in_review' THEN 1 "
                 "WHEN 'verified' THEN 2 ELSE 99 END")

# Each sortable column's SQL sort values (over the letters table `l`; `nd` for the next deadline).
SORT_KEYS: dict[str, tuple[str, ...]] = {
    "case_number": ("lower(COALESCE(l.case_number, ''))",),
    "decision_date": ("COALESCE(l.decision_date, '')",),
    "date_of_injury": ("COALESCE(l.date_of_injury, '')",),
    "decisions": ("l.decisions",),
    "overturned": ("l.overturned",),
    "review_state": (_REVIEW_ORDER,),
    "corrections": ("l.corrections",),
    "has_warnings": ("l.has_warnings",),
    "file_name": ("lower(l.file_name)",),
    # share overturned (none decided: -1), then how many decisions
    "outcome": ("CASE WHEN l.decisions > 0 THEN CAST(l.overturned AS DOUBLE PRECISION) / l.decisions "
                "ELSE -1.0 END", "l.decisions"),
    # warnings weigh most, then how many marks (warnings, OCR, copies, corrected)
    "marks": ("l.has_warnings", "l.has_warnings + l.ocr + CASE WHEN l.copies > 1 THEN 1 ELSE 0 END "
              "+ CASE WHEN l.corrections > 0 THEN 1 ELSE 0 END"),
    "next_deadline": ("CASE WHEN nd.due IS NULL THEN 1 ELSE 0 END", "COALESCE(nd.due, '')"),
    "assigned_to": ("lower(COALESCE(l.assigned_to, ''))",),
}
MATCH_ORDER = "match"  # a search's relevance order (no SQL key)

_ROW_COLUMNS = (
    "l.id, l.case_number, l.decision_date, l.date_of_injury, l.decisions, l.overturned, l.review_state, "
    "l.corrections, l.has_warnings, l.file_name, l.version, l.copies, l.ocr, l.assigned_to, l.review_user"
)


def _next_deadline_join(kinds: Iterable[str]) -> tuple[str, list[Any]]:
    """The LEFT JOIN giving each copy of record its soonest open deadline's date (``nd.due``)."""
    wanted = [kind for kind in KINDS if kind in set(kinds)]
    kind_sql = f"d.kind IN ({', '.join('?' for _ in wanted) or 'NULL'})"
    return (
        "LEFT JOIN (SELECT d.letter_id, min(d.due) AS due FROM case_deadlines d "
        "LEFT JOIN deadline_status st ON st.case_id = d.case_id AND st.kind = d.kind "
        f"WHERE {kind_sql} AND coalesce(st.status, 'open') = 'open' GROUP BY d.letter_id) nd "
        "ON nd.letter_id = l.id",
        wanted,
    )


def queue_ids(
    db: StoreDatabase, query: str | None = None, filters: SearchFilters | None = None, *,
    sort: str | None = None, descending: bool = False, deadline_kinds: Iterable[str] = KINDS,
) -> list[int]:
    """The queue's letter ids (each case's copy of record passing `filters`; with `query` only
    the matching cases) in the order of `sort` (a `SORT_KEYS` name, `MATCH_ORDER`, or None for
    the queue's own order), ties newest first."""
    if sort is not None and sort != MATCH_ORDER and sort not in SORT_KEYS:
        raise ValueError(f"The queue cannot be sorted by {sort!r}; it sorts by {', '.join(SORT_KEYS)}.")
    dialect = dialect_of(db)
    searching = bool(query and query.strip())
    if searching:
        ranked = search_order(db, str(query), filters)
        if sort is None or sort == MATCH_ORDER or not ranked:
            return ranked[::-1] if descending and sort == MATCH_ORDER else ranked
        where, params = f"l.id IN ({dialect.id_list()})", [json.dumps(ranked)]
    else:
        where, params = filter_sql(filters, dialect=dialect)
        where = f"{CASE_ROW} AND {where}"
        if sort is None or sort == MATCH_ORDER or (sort == "decision_date" and descending):
            # newest first is the queue's own order, on its index (ties newest first too)
            return selected_ids(db, f"SELECT l.id FROM letters l WHERE {where} ORDER BY {dialect.newest_first}", params)
    join, join_params = ("", []) if sort != "next_deadline" else _next_deadline_join(deadline_kinds)
    direction = " DESC" if descending else ""
    order = ", ".join(f"{key}{direction}" for key in SORT_KEYS[str(sort)])
    sql = f"SELECT l.id FROM letters l {join} WHERE {where} ORDER BY {order}, {dialect.newest_first}"
    return selected_ids(db, sql, [*join_params, *params])


def presence_cutoff(now: datetime | None = None) -> str:
    """The oldest ``seen_at`` of a fresh presence row (UTC ISO 8601, to the second)."""
    moment = (now or datetime.now(UTC)) - timedelta(seconds=PRESENCE_TIMEOUT_SECONDS)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def queue_rows_by_id(
    db: StoreDatabase, ids: Sequence[int], *, desk: str | None = None, now: datetime | None = None,
) -> list[QueueRow]:
    """The queue rows of `ids`, in their order (an id no longer stored is left out). `open_by`
    names who has the letter open at a desk other than `desk` (a presence row fresher than the
    timeout; with several, the first name in order)."""
    if not ids:
        return []
    dialect = dialect_of(db)
    listed = json.dumps([int(letter_id) for letter_id in ids])
    rows = {
        row[0]: row for row in db.execute(f"SELECT {_ROW_COLUMNS} FROM letters l WHERE l.id IN ({dialect.id_list()})",
                                          [listed])
    }
    desk_sql, params = ("", [listed, presence_cutoff(now)]) if desk is None else (" AND desk <> ?", [
        listed, presence_cutoff(now), desk])
    open_by = dict(db.execute(
        f"SELECT letter_id, min(person) FROM letter_presence WHERE letter_id IN ({dialect.id_list()}) "
        f"AND seen_at >= ?{desk_sql} GROUP BY letter_id", params,
    ).fetchall())
    found = []
    for letter_id in ids:
        row = rows.get(letter_id)
        if row is None:
            continue
        (i, case, decided, injured, decisions, overturned, state, corrections, warn, name, version, copies, ocr,
         assigned, reviewer) = row
        found.append(QueueRow(i, case, decided, injured, decisions, overturned, state, corrections, bool(warn), name,
                              version, copies, bool(ocr), assigned, reviewer, open_by.get(i)))
    return found


def first_unreviewed(db: StoreDatabase, ids: Sequence[int], chunk: int = 500) -> int | None:
    """The first of `ids` (in their order) whose case is unreviewed, asking a chunk at a time."""
    dialect = dialect_of(db)
    for start in range(0, len(ids), chunk):
        part = [int(letter_id) for letter_id in ids[start:start + chunk]]
        unreviewed = {letter_id for (letter_id,) in db.execute(
            f"SELECT id FROM letters WHERE id IN ({dialect.id_list()}) AND review_state = 'unreviewed'",
            [json.dumps(part)],
        )}
        for letter_id in part:
            if letter_id in unreviewed:
                return letter_id
    return None
