"""The case queue and full-text search over the store's effective (corrected) values.

Both read only the denormalised summary columns of `letters` and the full-text indexes of
decisions (request, guidelines, rationale) and letters (case number, case summary, notes),
kept in step with every edit: on SQLite the FTS5 tables ``decisions_fts`` / ``letters_fts``
(triggers; user text quoted word by word, so quotes, ``*``, ``AND`` or unbalanced parentheses
are plain words; bm25 ranking), on PostgreSQL generated ``tsvector`` columns
(``websearch_to_tsquery``, ``ts_rank``); the SQL of each is the dialect's (``dialect``).
Ranking is bounded (``ranking``): relevance among each index's newest `RANK_WINDOW` matches,
then (in the queue) every other matching case, newest stored first.
Snippets (matched words between `MARK_OPEN` and `MARK_CLOSE`) are cut from the hit's own text
by `store_snippets`, which is much cheaper than FTS5's snippet().

The queue has one row per case: its copy of record's (corrected) values, with the count of
copies; letters in the trash are left out everywhere. A search matches the text of any copy
but names the case once, by its copy of record; filters apply to the copy of record's values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from imr_desk.core.store.dialect import SQLITE, Dialect, StoreDatabase, dialect_of
from imr_desk.core.store.ranking import (
    CASE_ROW,
    NO_FILTER,
    RANK_WINDOW,
    ids_sql,
    matching_cases,
    ranked_window,
    standing_in,
)
from imr_desk.core.store.snippets import MARK_CLOSE, MARK_OPEN, SnippetMaker

__all__ = ["MARK_CLOSE", "MARK_OPEN", "QueueRow", "SearchFilters", "SearchHit", "queue_rows", "search_hits"]

DECISION_SEARCH_FIELDS = ("request", "claims_administrator_guideline", "maximus_guideline", "rationale")
LETTER_SEARCH_FIELDS = ("case_number", "case_summary", "notes")


@dataclass
class QueueRow:
    """One line of the window's case queue."""

    letter_id: int
    case_number: str | None
    decision_date: str | None
    date_of_injury: str | None
    decisions: int
    overturned: int
    review_state: str
    corrections: int
    has_warnings: bool
    file_name: str
    version: int
    copies: int = 1  # copies of the case out of the trash (this row is its copy of record)
    ocr: bool = False  # its text was read by OCR from a scan
    assigned_to: str | None = None  # the person the case is assigned to (None: nobody)
    review_user: str | None = None  # who set its review state last
    open_by: str | None = None  # who has it open at another desk now (`queue_pages.queue_rows_by_id`)


HAS_CHECKS = ("warn", "any")  # the "has checks" filter: a warn check, or any check at all
UNASSIGNED = ""  # the assignment filter's value for cases assigned to nobody


@dataclass
class SearchFilters:
    outcome: str | None = None  # "upheld" | "overturned": the letter has such a decision
    decided_from: str | None = None  # ISO date, inclusive
    decided_to: str | None = None
    specialty: str | None = None  # reviewer specialty, case-insensitive "contains"
    review_state: str | None = None
    has_corrections: bool | None = None
    has_warnings: bool | None = None
    # a treatment category's label or its first parts ("Pharmaceuticals" matches every
    # "Pharmaceuticals · …"), case-insensitive: the letter has such a decision (as corrected)
    category: str | None = None
    has_checks: str | None = None  # "warn": a warn check; "any": any check (`HAS_CHECKS`)
    # the case is assigned to this person (their name as history records it, exact);
    # `UNASSIGNED` ("") for cases assigned to nobody
    assigned_to: str | None = None


def category_pattern(text: str) -> tuple[str, str]:
    """The category filter's (label, LIKE pattern) for `text`: its parts spaced as the labels
    are, and the pattern of every label below it (``Pharmaceuticals · %``, LIKE's own ``%`` and
    ``_`` in the text escaped with ``\\``)."""
    wanted = " · ".join(" ".join(part.split()) for part in text.split("·") if part.strip())
    escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return wanted, f"{escaped} · %"


@dataclass
class SearchHit:
    """One matching field. `letter_id` is the case's copy of record; `copy_id` is the other copy
    the words were found in when only that copy has them (its `decision_key`), else None."""

    letter_id: int
    case_number: str | None
    decision_key: str | None  # None for a letter-level match (case summary, notes, case number)
    field: str
    snippet: str
    rank: float  # relevance: higher is more relevant
    copy_id: int | None = None


def filter_sql(filters: SearchFilters | None, alias: str = "l", dialect: Dialect = SQLITE) -> tuple[str, list[Any]]:
    """A WHERE fragment (always valid, `NO_FILTER` when empty) over the letters table `alias`."""
    if filters is None:
        return NO_FILTER, []
    clauses: list[str] = []
    params: list[Any] = []
    if filters.outcome is not None:
        if filters.outcome not in ("upheld", "overturned"):
            raise ValueError(f"The outcome filter must be 'upheld' or 'overturned', not {filters.outcome!r}.")
        clauses.append(f"{alias}.{filters.outcome} > 0")
    if filters.decided_from:
        clauses.append(f"{alias}.decision_date >= ?")
        params.append(filters.decided_from)
    if filters.decided_to:
        clauses.append(f"{alias}.decision_date <= ?")
        params.append(filters.decided_to)
    if filters.specialty:
        clauses.append(dialect.contains(f"{alias}.specialties", "?"))
        params.append(filters.specialty.strip())
    if filters.review_state is not None:
        clauses.append(f"{alias}.review_state = ?")
        params.append(filters.review_state)
    if filters.has_corrections is not None:
        clauses.append(f"{alias}.corrections {'>' if filters.has_corrections else '='} 0")
    if filters.has_warnings is not None:
        clauses.append(f"{alias}.has_warnings = ?")
        params.append(int(filters.has_warnings))
    if filters.category is not None and filters.category.strip():
        wanted, pattern = category_pattern(filters.category)
        clauses.append(
            f"EXISTS (SELECT 1 FROM decisions d WHERE d.letter_id = {alias}.id AND d.active = 1 AND "
            "(lower(d.category) = lower(?) OR d.category LIKE ? ESCAPE '\\'))"
        )
        params += [wanted, pattern]
    if filters.has_checks is not None:
        if filters.has_checks not in HAS_CHECKS:
            raise ValueError(f"The checks filter must be 'warn' or 'any', not {filters.has_checks!r}.")
        clauses.append(f"{alias}.checks_warn > 0" if filters.has_checks == "warn"
                       else f"({alias}.checks_warn + {alias}.checks_info) > 0")
    if filters.assigned_to is not None:
        if filters.assigned_to == UNASSIGNED:
            clauses.append(f"{alias}.assigned_to IS NULL")
        else:
            clauses.append(f"{alias}.assigned_to = ?")
            params.append(filters.assigned_to)
    return " AND ".join(clauses) or NO_FILTER, params


_QUEUE_COLUMNS = (
    "l.id AS letter_id, l.case_number, l.decision_date, l.date_of_injury, l.decisions, "
    "l.overturned, l.review_state, l.corrections, l.has_warnings, l.file_name, l.version, l.copies"
)


def _queue_rows(db: StoreDatabase, sql: str, params: list[Any], ids: list[int] | None = None) -> list[QueueRow]:
    """Rows of `_QUEUE_COLUMNS`, built positionally (10,000 of them in a few milliseconds), each
    marked when its letter was read by OCR. The flags come from a query of their own, so the
    rows' query stays on the queue's covering index: for the letters `ids` when the caller knows
    them (one row after an edit, a page of search results: look-ups by id), else every OCR'd
    letter (a pass over the table, paid once per whole-queue read)."""
    ocr_sql = "SELECT id FROM letters WHERE ocr = 1"
    if ids is not None:
        ocr_sql += f" AND id IN ({ids_sql(ids)})"
    read_by_ocr = {letter_id for (letter_id,) in db.execute(ocr_sql)}
    return [
        QueueRow(i, case, decided, injured, decisions, overturned, state, corrections, bool(warn), name, version,
                 copies, i in read_by_ocr)
        for i, case, decided, injured, decisions, overturned, state, corrections, warn, name, version, copies
        in db.execute(sql, params)
    ]


def queue_rows(
    db: StoreDatabase, query: str | None, filters: SearchFilters | None
) -> list[QueueRow]:
    """Every case passing `filters` (newest decision first), one row each (its copy of record);
    with `query`, only cases with a matching copy, most relevant first (full-text matches, then
    case-number/file-name matches)."""
    dialect = dialect_of(db)
    newest_first = dialect.newest_first  # no date (NULL) sorts last; see letters_queue
    where, params = filter_sql(filters, dialect=dialect)
    if not query or not query.strip():
        return _queue_rows(
            db, f"SELECT {_QUEUE_COLUMNS} FROM letters l WHERE {CASE_ROW} AND {where} ORDER BY {newest_first}",
            params,
        )
    ids = search_order(db, query, filters)
    if not ids:
        return []
    order = {letter_id: index for index, letter_id in enumerate(ids)}
    found: list[QueueRow] = []
    for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
        chunk = ids[start:start + 500]
        found.extend(_queue_rows(
            db, f"SELECT {_QUEUE_COLUMNS} FROM letters l WHERE l.id IN ({', '.join('?' for _ in chunk)})", chunk,
            chunk,
        ))
    return sorted(found, key=lambda row: order[row.letter_id])


def search_order(db: StoreDatabase, query: str, filters: SearchFilters | None) -> list[int]:
    """The ids of the cases (copies of record passing `filters`) matching `query`, most relevant
    first: full-text matches, then case-number/file-name matches (newest first)."""
    dialect = dialect_of(db)
    newest_first = dialect.newest_first
    where, params = filter_sql(filters, dialect=dialect)
    order = dict.fromkeys(matching_letters(db, query, filters), 0)  # an ordered set, built in C
    literal = query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    like = f"%{literal}%"
    matches = "(m.case_number LIKE ? ESCAPE '\\' OR m.file_name LIKE ? ESCAPE '\\')"
    for (record_id,) in db.execute(  # the copies of record themselves (on the queue's index) ...
        f"SELECT l.id FROM letters l WHERE {CASE_ROW} AND {matches.replace('m.', 'l.')} AND {where} "
        f"ORDER BY {newest_first}",
        [like, like, *params],
    ):
        order.setdefault(record_id, 0)
    copy_cases = [case_id for (case_id,) in db.execute(  # ... then the cases of the other copies (few)
        f"SELECT DISTINCT m.case_id FROM letters m WHERE m.is_record = 0 AND m.removed_at IS NULL AND {matches}",
        [like, like],
    )]
    for (record_id,) in db.execute(
        f"SELECT l.id FROM letters l WHERE {CASE_ROW} AND l.case_id IN ({ids_sql(copy_cases)}) AND {where} "
        f"ORDER BY {newest_first}",
        params,
    ) if copy_cases else ():
        order.setdefault(record_id, 0)
    return list(order)


def queue_row(db: StoreDatabase, letter_id: int) -> QueueRow | None:
    """One case's queue row (after an edit), or None when `letter_id` is not the copy of record
    of a case out of the trash (no such letter, another copy, or a letter in the trash)."""
    rows = _queue_rows(db, f"SELECT {_QUEUE_COLUMNS} FROM letters l WHERE l.id = ? AND {CASE_ROW}", [letter_id],
                       [letter_id])
    return rows[0] if rows else None


def matching_letters(
    db: StoreDatabase, query: str, filters: SearchFilters | None, window: int = RANK_WINDOW
) -> list[int]:
    """Ids of the cases (their copies of record) with a full-text match in any copy (in a
    decision or letter field): the ranking window's cases most relevant first, then every other
    matching case, newest stored first (``ranking``)."""
    dialect = dialect_of(db)
    quoted = dialect.fts_query(query.strip())
    if not quoted.strip():
        return []
    where, params = filter_sql(filters, dialect=dialect)
    return matching_cases(db, quoted, where, params, window)


def search_hits(
    db: StoreDatabase, query: str, filters: SearchFilters | None, limit: int = 200, window: int = RANK_WINDOW
) -> list[SearchHit]:
    """Decisions and letters matching `query` (every word, any order), most relevant first:
    the best `limit` of each index's ranking window (its newest max(`window`, `limit`)
    matching rows, ``ranking``), so every hit of a query with fewer matches.

    Each field of a case is named once: the copy of record's match, else the best one of
    another copy (`SearchHit.copy_id`). Deleted decisions are not in the index (their
    effective text columns are empty)."""
    if not query or not query.strip():
        return []
    dialect = dialect_of(db)
    quoted = dialect.fts_query(query.strip())
    if not quoted.strip():
        return []
    where, params = filter_sql(filters, dialect=dialect)
    window, stands_for = max(window, limit), standing_in(db) if where == NO_FILTER else None
    ranked = [("d", *hit) for hit in ranked_window(db, "decisions_fts", quoted, where, params, window, stands_for)[0]]
    ranked += [("l", *hit) for hit in ranked_window(db, "letters_fts", quoted, where, params, window, stands_for)[0]]
    ranked.sort(key=lambda item: item[2])
    ranked = ranked[:limit]
    decision_ids = [rowid for kind, rowid, _, _ in ranked if kind == "d"]
    letter_ids = [rowid for kind, rowid, _, _ in ranked if kind == "l"]
    decisions = {row["id"]: row for row in db.query(
        f"SELECT d.id, d.letter_id, d.key, {', '.join('d.' + f for f in DECISION_SEARCH_FIELDS)} "
        f"FROM decisions d WHERE d.id IN ({ids_sql(decision_ids)})"
    )}
    letters = {row["id"]: row for row in db.query(
        f"SELECT id, {', '.join(LETTER_SEARCH_FIELDS)} FROM letters WHERE id IN ({ids_sql(letter_ids)})"
    )}
    case_numbers = dict(db.execute(
        f"SELECT id, case_number FROM letters WHERE id IN ({ids_sql([record for *_, record in ranked])})"
    ).fetchall())
    marker = SnippetMaker(query)
    chosen: dict[tuple[int, str | None, str], SearchHit] = {}
    for kind, rowid, score, record in ranked:
        if kind == "d":
            row = decisions[rowid]
            owner, key = row["letter_id"], row["key"]
            field, snippet = marker.best(row, DECISION_SEARCH_FIELDS)
        else:
            row = letters[rowid]
            owner, key = rowid, None
            field, snippet = marker.best(row, LETTER_SEARCH_FIELDS)
        hit = SearchHit(record, case_numbers.get(record), key, field, snippet, -score,
                        None if owner == record else owner)
        known = chosen.get((record, key, field))
        if known is None or (known.copy_id is not None and hit.copy_id is None):
            chosen[(record, key, field)] = hit  # the copy of record's own match wins
    return sorted(chosen.values(), key=lambda hit: -hit.rank)
