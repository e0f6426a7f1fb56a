"""Bounded relevance ranking for full-text search: relevance among the newest matches.

Ranking costs per ranked row (bm25 on SQLite, ``ts_rank`` on a TOASTed ``tsvector`` on
PostgreSQL), and a common word matches most of a store: ranking every match cost 150–500 ms
per query at 100,000 letters. So each full-text index (decisions, letters) ranks only its
*ranking window*: the newest `RANK_WINDOW` matching rows (highest row id: the most recently
stored) of letters out of the trash whose case passes the filters. Both backends fetch that
window cheaply (`Dialect.fts_newest`: FTS5 walks a match in rowid order; PostgreSQL walks the
primary key backward for a common word, or takes the GIN index for a rare one).

A search (`search.search_hits`) returns the best hits of the two windows. The queue's order
(`matching_cases`) is: the cases with a row in either window, most relevant first (by their
best row); then every other matching case, most recently stored first (highest id of its copy
of record) — their match is known without ranking. A query with no more matches than the
window (any rare word, any store of fewer letters) is ranked in full, exactly as before.

A copy (not the copy of record) or a letter in the trash does not stand for itself
(`standing_in`): its match counts for its case's copy of record, or not at all.
"""

from __future__ import annotations

import json
from typing import Any

from imr_desk.core.store.dialect import StoreDatabase, dialect_of, selected_ids

RANK_WINDOW = 500  # matching rows ranked by relevance, per full-text index
# A match fetched through PostgreSQL's GIN index (a heap page of its own) costs about as much as
# this many rows walked newest first (measured at 100,000 letters, schema 9: 0.43 µs a walked
# row; 1.5 µs a fetched match with the pages cached, 7 µs without).
FETCH_COST = 8

# A letter that stands for its case: its copy of record, out of the trash (letters_queue's WHERE).
CASE_ROW = "l.is_record = 1 AND l.removed_at IS NULL"

# From a matching letter m (any copy out of the trash) to its case's copy of record l.
TO_RECORD = "JOIN letters l ON l.case_id = m.case_id AND l.is_record = 1 AND l.removed_at IS NULL"

NO_FILTER = "1 = 1"  # the WHERE fragment of no filter (PostgreSQL wants a boolean)

Ranked = tuple[int, float, int]  # (row id in its index, rank: lower is better, copy of record's id)


def ids_sql(ids: list[int]) -> str:
    return ", ".join(str(int(i)) for i in ids) or "NULL"


def standing_in(db: StoreDatabase) -> dict[int, int | None]:
    """For each letter that does not stand for its own case (a copy that is not the copy of
    record, or a letter in the trash): its case's copy of record, or None (in the trash). Every
    other letter stands for itself; there are few such letters, so this is cheap."""
    odd = db.execute(
        "SELECT id, case_id, removed_at FROM letters WHERE is_record = 0 OR removed_at IS NOT NULL"
    ).fetchall()
    cases = sorted({case_id for _, case_id, removed in odd if removed is None})
    records = dict(db.execute(
        f"SELECT case_id, id FROM letters l WHERE {CASE_ROW} AND case_id IN ({ids_sql(cases)})"
    ).fetchall())
    return {letter_id: None if removed is not None else records.get(case_id) for letter_id, case_id, removed in odd}


def rare_match(db: StoreDatabase, table: str, quoted: str, window: int) -> bool:
    """True when the planner expects so few matching rows m in `table` (of n) that fetching
    every match through the full-text index (m random rows, each costing about `FETCH_COST`
    rows walked) costs less than walking the newest rows until `window` of them match
    (window·n/m rows): FETCH_COST·m² < window·n. Only where the backend's plan depends on it
    (PostgreSQL; its estimate costs a planning, well under a millisecond)."""
    sql = dialect_of(db).fts_estimate(table)
    if sql is None:
        return False
    (plan,) = db.execute(sql, [quoted]).fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    matches = float(plan[0]["Plan"]["Plan Rows"])
    (rows,) = db.execute(
        f"SELECT reltuples FROM pg_class WHERE oid = '{dialect_of(db).fts_table(table)}'::regclass"
    ).fetchone()
    return FETCH_COST * matches * matches < window * max(float(rows), 1.0)


def ranked_window(
    db: StoreDatabase, table: str, quoted: str, where: str, params: list[Any], window: int,
    stands_for: dict[int, int | None] | None = None,
) -> tuple[list[Ranked], bool]:
    """The ranking window of index `table` (its newest `window` matching rows of letters out of
    the trash whose copy of record passes the filter fragment `where` over ``l``), best first;
    and True when those are all its matching rows."""
    dialect = dialect_of(db)
    if where == NO_FILTER:
        stands_for = standing_in(db) if stands_for is None else stands_for
        fetch = window
        while True:  # letters in the trash leave the window short: fetch more
            rows = db.execute(dialect.fts_newest(table, rare_match(db, table, quoted, fetch)),
                              [quoted, fetch]).fetchall()
            found = []
            for rowid, rank, owner in rows:
                record = stands_for.get(owner, owner)
                if record is not None:
                    found.append((rowid, float(rank), record))
            if len(rows) < fetch or len(found) >= window:
                break
            fetch *= 2
        complete = len(rows) < fetch and len(found) <= window
        found = found[:window]
    else:
        rowid_sql = dialect.fts_rowid()
        picked = db.execute(  # the window's rows, without ranking
            f"SELECT {rowid_sql}, l.id FROM {dialect.fts_from(table)} "
            f"JOIN letters m ON m.id = {dialect.fts_owner(table)} {TO_RECORD} "
            f"WHERE {dialect.fts_match(table)} AND m.removed_at IS NULL AND {where} "
            f"ORDER BY {rowid_sql} DESC LIMIT {int(window) + 1}",
            [quoted, *params],
        ).fetchall()
        complete = len(picked) <= window
        records = dict(picked[:window])
        found = []
        if records:
            sql, more = dialect.fts_scores(table, list(records))
            found = [(rowid, float(rank), records[rowid]) for rowid, rank in db.execute(sql, [quoted, *more])
                     if rowid in records]
    found.sort(key=lambda hit: (hit[1], -hit[0]))
    return found, complete


def matching_records(
    db: StoreDatabase, quoted: str, where: str, params: list[Any], stands_for: dict[int, int | None] | None,
) -> set[int]:
    """Every case (its copy of record's id) with a full-text match in any copy out of the trash,
    passing the filter fragment `where`: no ranking."""
    dialect = dialect_of(db)
    if where != NO_FILTER:
        found: set[int] = set()
        for table in ("decisions_fts", "letters_fts"):
            found.update(selected_ids(
                db, f"SELECT DISTINCT l.id FROM {dialect.fts_from(table)} "
                f"JOIN letters m ON m.id = {dialect.fts_owner(table)} {TO_RECORD} "
                f"WHERE {dialect.fts_match(table)} AND m.removed_at IS NULL AND {where}",
                [quoted, *params],
            ))
        return found
    stands_for = standing_in(db) if stands_for is None else stands_for
    owners: set[int] = set()
    for table in ("decisions_fts", "letters_fts"):  # one array: faster than stepping 50,000 rows
        owners.update(selected_ids(db, dialect.fts_owners(table), [quoted]))
    odd = owners & stands_for.keys()  # set operations: tens of thousands of owners, few odd ones
    records = owners - odd
    records.update(record for owner in odd if (record := stands_for[owner]) is not None)
    return records


def matching_cases(
    db: StoreDatabase, quoted: str, where: str, params: list[Any], window: int = RANK_WINDOW
) -> list[int]:
    """Ids of the cases (copies of record passing `where`) with a full-text match in any copy:
    the ranking windows' cases most relevant first, then every other one, newest stored first."""
    stands_for = standing_in(db) if where == NO_FILTER else None
    best: dict[int, float] = {}
    complete = True
    for table in ("decisions_fts", "letters_fts"):
        rows, whole = ranked_window(db, table, quoted, where, params, window, stands_for)
        complete = complete and whole
        for _rowid, score, record in rows:
            best[record] = min(score, best.get(record, score))
    ranked = sorted(best, key=lambda record: (best[record], -record))
    if complete:
        return ranked
    rest = matching_records(db, quoted, where, params, stands_for) - best.keys()
    return ranked + sorted(rest, reverse=True)
