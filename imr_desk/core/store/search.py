"""The case queue and full-text search over the store's effective (corrected) values.

Both read only the denormalised summary columns of `letters` and the FTS5 indexes
``decisions_fts`` (request, guidelines, rationale) and ``letters_fts`` (case number, case
summary, notes), which triggers keep in step with every edit. User text is always quoted
(``quote_fts``), so quotes, ``*``, ``AND`` or unbalanced parentheses are plain words.
Ranking is FTS5's bm25; snippets (matched words between `MARK_OPEN` and `MARK_CLOSE`) are
cut from the hit's own text by `store_snippets`, which is much cheaper than FTS5's snippet().
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

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


@dataclass
class SearchFilters:
    outcome: str | None = None  # "upheld" | "overturned": the letter has such a decision
    decided_from: str | None = None  # ISO date, inclusive
    decided_to: str | None = None
    specialty: str | None = None  # reviewer specialty, case-insensitive "contains"
    review_state: str | None = None
    has_corrections: bool | None = None
    has_warnings: bool | None = None


@dataclass
class SearchHit:
    letter_id: int
    case_number: str | None
    decision_key: str | None  # None for a letter-level match (case summary, notes, case number)
    field: str
    snippet: str
    rank: float  # relevance: higher is more relevant


def filter_sql(filters: SearchFilters | None, alias: str = "l") -> tuple[str, list[Any]]:
    """A WHERE fragment (always valid, "1" when empty) over the letters table `alias`."""
    if filters is None:
        return "1", []
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
        clauses.append(f"instr(lower({alias}.specialties), lower(?)) > 0")
        params.append(filters.specialty.strip())
    if filters.review_state is not None:
        clauses.append(f"{alias}.review_state = ?")
        params.append(filters.review_state)
    if filters.has_corrections is not None:
        clauses.append(f"{alias}.corrections {'>' if filters.has_corrections else '='} 0")
    if filters.has_warnings is not None:
        clauses.append(f"{alias}.has_warnings = ?")
        params.append(int(filters.has_warnings))
    return " AND ".join(clauses) or "1", params


_QUEUE_COLUMNS = (
    "l.id AS letter_id, l.case_number, l.decision_date, l.date_of_injury, l.decisions, "
    "l.overturned, l.review_state, l.corrections, l.has_warnings, l.file_name, l.version"
)

_NEWEST_FIRST = "l.decision_date DESC, l.id DESC"  # no date (NULL) sorts last; see letters_queue


def _queue_rows(db: sqlite_utils.Database, sql: str, params: list[Any]) -> list[QueueRow]:
    """Rows of `_QUEUE_COLUMNS`, built positionally (10,000 of them in a few milliseconds)."""
    return [
        QueueRow(i, case, decided, injured, decisions, overturned, state, corrections, bool(warn), name, version)
        for i, case, decided, injured, decisions, overturned, state, corrections, warn, name, version
        in db.execute(sql, params)
    ]


def queue_rows(
    db: sqlite_utils.Database, query: str | None, filters: SearchFilters | None
) -> list[QueueRow]:
    """Every letter passing `filters` (newest decision first); with `query`, only matching
    letters, most relevant first (full-text matches, then case-number/file-name matches)."""
    where, params = filter_sql(filters)
    if not query or not query.strip():
        return _queue_rows(
            db, f"SELECT {_QUEUE_COLUMNS} FROM letters l WHERE {where} ORDER BY {_NEWEST_FIRST}", params
        )
    order = {letter_id: index for index, letter_id in enumerate(matching_letters(db, query, filters))}
    literal = query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    like = f"%{literal}%"
    for row in db.query(
        "SELECT l.id FROM letters l WHERE (l.case_number LIKE ? ESCAPE '\\' OR l.file_name LIKE ? ESCAPE '\\') "
        f"AND {where} "
        f"ORDER BY {_NEWEST_FIRST}",
        [like, like, *params],
    ):
        order.setdefault(row["id"], len(order))
    if not order:
        return []
    ids = list(order)
    found: list[QueueRow] = []
    for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
        chunk = ids[start:start + 500]
        found.extend(_queue_rows(
            db, f"SELECT {_QUEUE_COLUMNS} FROM letters l WHERE l.id IN ({', '.join('?' for _ in chunk)})", chunk
        ))
    return sorted(found, key=lambda row: order[row.letter_id])


def queue_row(db: sqlite_utils.Database, letter_id: int) -> QueueRow | None:
    """One letter's queue row (after an edit), or None when there is no such letter."""
    rows = _queue_rows(db, f"SELECT {_QUEUE_COLUMNS} FROM letters l WHERE l.id = ?", [letter_id])
    return rows[0] if rows else None


def _ids_sql(ids: list[int]) -> str:
    return ", ".join(str(int(i)) for i in ids) or "NULL"


def _ranked(
    db: sqlite_utils.Database, table: str, quoted: str, filters: SearchFilters | None, limit: int | None
) -> list[tuple[int, float]]:
    """(rowid, bm25) of the best rows of one FTS index, best first.

    Without filters this is FTS5's own ``ORDER BY rank LIMIT`` path; with filters the rows
    are ranked in a join with the letters table.
    """
    where, params = filter_sql(filters)
    limit_sql = "" if limit is None else f" LIMIT {int(limit)}"
    if where == "1":
        sql = f"SELECT rowid, rank FROM {table} WHERE {table} MATCH ? ORDER BY rank{limit_sql}"
    else:
        owner = "(SELECT letter_id FROM decisions WHERE id = f.rowid)" if table == "decisions_fts" else "f.rowid"
        sql = (
            f"SELECT f.rowid, f.rank FROM {table} f JOIN letters l ON l.id = {owner} "
            f"WHERE {table} MATCH ? AND {where} ORDER BY f.rank{limit_sql}"
        )
    return [(row[0], row[1]) for row in db.execute(sql, [quoted, *params])]


def matching_letters(db: sqlite_utils.Database, query: str, filters: SearchFilters | None) -> list[int]:
    """Ids of the letters with a full-text match (in a decision or letter field), best first."""
    quoted = db.quote_fts(query.strip())
    if not quoted.strip():
        return []
    where, params = filter_sql(filters)
    letters_join = "" if where == "1" else "JOIN letters l ON l.id = d.letter_id "
    best = dict(db.execute(
        f"SELECT d.letter_id, min(f.rank) FROM decisions_fts f JOIN decisions d ON d.id = f.rowid {letters_join}"
        f"WHERE decisions_fts MATCH ? AND {where} GROUP BY d.letter_id",
        [quoted, *params],
    ).fetchall())
    for rowid, score in _ranked(db, "letters_fts", quoted, filters, None):
        best[rowid] = min(score, best.get(rowid, score))
    return sorted(best, key=best.__getitem__)


def search_hits(
    db: sqlite_utils.Database, query: str, filters: SearchFilters | None, limit: int = 200
) -> list[SearchHit]:
    """Decisions and letters matching `query` (every word, any order), most relevant first.

    Deleted decisions are not in the index (their effective text columns are empty)."""
    if not query or not query.strip():
        return []
    quoted = db.quote_fts(query.strip())
    if not quoted.strip():
        return []
    ranked = [("d", rowid, score) for rowid, score in _ranked(db, "decisions_fts", quoted, filters, limit)]
    ranked += [("l", rowid, score) for rowid, score in _ranked(db, "letters_fts", quoted, filters, limit)]
    ranked.sort(key=lambda item: item[2])
    ranked = ranked[:limit]
    decision_ids = [rowid for kind, rowid, _ in ranked if kind == "d"]
    letter_ids = [rowid for kind, rowid, _ in ranked if kind == "l"]
    decisions = {row["id"]: row for row in db.query(
        f"SELECT d.id, d.letter_id, d.key, l.case_number, {', '.join('d.' + f for f in DECISION_SEARCH_FIELDS)} "
        f"FROM decisions d JOIN letters l ON l.id = d.letter_id WHERE d.id IN ({_ids_sql(decision_ids)})"
    )}
    letters = {row["id"]: row for row in db.query(
        f"SELECT id, {', '.join(LETTER_SEARCH_FIELDS)} FROM letters WHERE id IN ({_ids_sql(letter_ids)})"
    )}
    marker = SnippetMaker(query)
    hits = []
    for kind, rowid, score in ranked:
        if kind == "d":
            row = decisions[rowid]
            field, snippet = marker.best(row, DECISION_SEARCH_FIELDS)
            hits.append(SearchHit(row["letter_id"], row["case_number"], row["key"], field, snippet, -score))
        else:
            row = letters[rowid]
            field, snippet = marker.best(row, LETTER_SEARCH_FIELDS)
            hits.append(SearchHit(rowid, row["case_number"], None, field, snippet, -score))
    return hits
