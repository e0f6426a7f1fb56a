"""The case queue and full-text search over the store's effective (corrected) values.

Both read only the denormalised summary columns of `letters` and the FTS5 indexes
``decisions_fts`` (request, guidelines, rationale) and ``letters_fts`` (case number, case
summary, notes), which triggers keep in step with every edit. User text is always quoted
(``quote_fts``), so quotes, ``*``, ``AND`` or unbalanced parentheses are plain words.
Snippets mark the matched words with `MARK_OPEN` … `MARK_CLOSE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlite_utils

MARK_OPEN = "«"
MARK_CLOSE = "»"
_SNIPPET_TOKENS = 14

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

_NEWEST_FIRST = "l.decision_date IS NULL, l.decision_date DESC, l.id DESC"


def _queue_row(row: dict[str, Any]) -> QueueRow:
    return QueueRow(**{**row, "has_warnings": bool(row["has_warnings"])})


def queue_rows(
    db: sqlite_utils.Database, query: str | None, filters: SearchFilters | None
) -> list[QueueRow]:
    """Every letter passing `filters` (newest decision first); with `query`, only matching
    letters, most relevant first (full-text matches, then case-number/file-name matches)."""
    where, params = filter_sql(filters)
    if not query or not query.strip():
        rows = db.query(
            f"SELECT {_QUEUE_COLUMNS} FROM letters l WHERE {where} ORDER BY {_NEWEST_FIRST}",
            params,
        )
        return [_queue_row(row) for row in rows]
    order: dict[int, int] = {}
    for hit in search_hits(db, query, filters, limit=100_000):
        order.setdefault(hit.letter_id, len(order))
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
        rows = db.query(
            f"SELECT {_QUEUE_COLUMNS} FROM letters l WHERE l.id IN ({', '.join('?' for _ in chunk)})",
            chunk,
        )
        found.extend(_queue_row(row) for row in rows)
    return sorted(found, key=lambda row: order[row.letter_id])


def _marked_field(row: dict[str, Any], fields: tuple[str, ...]) -> tuple[str, str]:
    """The first field whose snippet holds a marked match, and that snippet."""
    for index, name in enumerate(fields):
        snippet = row[f"s{index}"] or ""
        if MARK_OPEN in snippet:
            return name, snippet
    return fields[0], row["s0"] or ""


def _snippets(table: str, count: int) -> str:
    return ", ".join(
        f"snippet({table}, {index}, '{MARK_OPEN}', '{MARK_CLOSE}', '…', {_SNIPPET_TOKENS}) AS s{index}"
        for index in range(count)
    )


def search_hits(
    db: sqlite_utils.Database, query: str, filters: SearchFilters | None, limit: int = 200
) -> list[SearchHit]:
    """Decisions and letters matching `query` (every word, any order), most relevant first."""
    if not query or not query.strip():
        return []
    quoted = db.quote_fts(query.strip())
    if not quoted.strip():
        return []
    where, params = filter_sql(filters)
    decision_rows = db.query(
        f"SELECT d.letter_id, l.case_number, d.key, bm25(decisions_fts) AS score, "
        f"{_snippets('decisions_fts', len(DECISION_SEARCH_FIELDS))} "
        "FROM decisions_fts JOIN decisions d ON d.id = decisions_fts.rowid "
        "JOIN letters l ON l.id = d.letter_id "
        f"WHERE decisions_fts MATCH ? AND d.active = 1 AND {where} ORDER BY score LIMIT ?",
        [quoted, *params, limit],
    )
    hits = []
    for row in decision_rows:
        field, snippet = _marked_field(row, DECISION_SEARCH_FIELDS)
        hits.append(SearchHit(row["letter_id"], row["case_number"], row["key"], field, snippet, -row["score"]))
    letter_rows = db.query(
        f"SELECT l.id, l.case_number, bm25(letters_fts) AS score, "
        f"{_snippets('letters_fts', len(LETTER_SEARCH_FIELDS))} "
        "FROM letters_fts JOIN letters l ON l.id = letters_fts.rowid "
        f"WHERE letters_fts MATCH ? AND {where} ORDER BY score LIMIT ?",
        [quoted, *params, limit],
    )
    for row in letter_rows:
        field, snippet = _marked_field(row, LETTER_SEARCH_FIELDS)
        hits.append(SearchHit(row["id"], row["case_number"], None, field, snippet, -row["score"]))
    hits.sort(key=lambda hit: -hit.rank)
    return hits[:limit]
