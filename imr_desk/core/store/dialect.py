"""The SQL that differs between the store's two backends, SQLite and PostgreSQL, in one place.

Every store module writes its SQL once, in the portable subset both databases run (``?``
placeholders, ``INSERT … ON CONFLICT DO NOTHING``, ``coalesce``, CTEs), through
``connection.db`` (a `StoreDatabase`: ``execute``, ``query``). What cannot be
written once is asked of the connection's `Dialect`:

- placeholders and identifiers: PostgreSQL's `translate` turns ``?`` into ``%s`` (and a literal
  ``%`` into ``%%``), quotes the column ``user`` (a reserved word there) and makes ``LIKE``
  ``ILIKE`` (SQLite's ``LIKE`` ignores ASCII case);
- a JSON list of ids as a subquery (`id_list`), a case-insensitive "contains" (`contains`);
- the id of an inserted row (`inserted_id`: ``lastrowid`` vs ``RETURNING id``);
- full-text search (`fts_from`, `fts_match`, `fts_rowid`, `fts_rank`): SQLite's FTS5 tables
  kept by triggers, ranked by bm25, user text quoted word by word; PostgreSQL's ``tsvector``
  rows in narrow tables of their own (`fts_table`; kept by triggers, GIN-indexed; schema 9,
  ``pg_search_schema``) matched with ``websearch_to_tsquery`` (the web-search syntax for user
  input) and ranked by ``ts_rank``. Both stem English words; a lower rank is better.
  Bounded ranking (``ranking``) asks for the newest matching rows with their rank
  (`fts_newest`), the rank of rows it names (`fts_scores`) and the letters with a match
  (`fts_owners`), each written to stay cheap when most of the store matches.
- the newest-first order with undated letters last (`newest_first`);
- the row lock a version-checked letter write puts on its case's rows (`row_lock`): nothing on
  SQLite (``BEGIN IMMEDIATE`` already holds the whole file), ``FOR NO KEY UPDATE`` on
  PostgreSQL (writers of one case wait for each other; a foreign key pointing at the row, e.g.
  a new history row of another transaction, does not wait, as it would for ``FOR UPDATE``).

Opening, schema versions, write locks and error words are the backends' own modules:
``schema`` (SQLite) and ``pg_backend`` / ``pg_schema`` (PostgreSQL). `is_postgres_target` and
`mask_password` decide which one a store name means and how it is shown.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, cast

from imr_desk.core.store.pg_search_schema import PG_SEARCH_TABLES
from imr_desk.core.store.search_schema import DECISION_OWNER_INDEX

__all__ = ["POSTGRES", "SQLITE", "Dialect", "StoreDatabase", "dialect_of", "is_postgres_target", "mask_password",
           "selected_ids"]


class StoreDatabase(Protocol):
    """What the store modules use of an open database (sqlite-utils' `Database` has it, and
    ``pg_backend.PgDatabase`` mirrors it): rows as tuples from `execute`, as dicts from `query`."""

    def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> Any: ...

    def query(self, sql: str, params: Iterable[Any] | None = None) -> Iterator[dict[str, Any]]: ...


_FTS_BITS = re.compile(r'\s+|(".*?")')


class Dialect:
    """SQLite's SQL (the default); `PostgresDialect` overrides what differs."""

    name = "sqlite"
    newest_first = "l.decision_date DESC, l.id DESC"  # SQLite sorts NULL last in DESC
    row_lock = ""  # BEGIN IMMEDIATE holds the whole store

    def translate(self, sql: str) -> str:
        return sql

    def id_list(self) -> str:
        """A subquery of the ids in one JSON list parameter (``[1, 2]``)."""
        return "SELECT value FROM json_each(?)"

    def contains(self, haystack: str, needle: str) -> str:
        """SQL true when `needle` occurs in `haystack`, ignoring case (both SQL expressions)."""
        return f"instr(lower({haystack}), lower({needle})) > 0"

    def fts_query(self, text: str) -> str:
        """The search parameter for user text: every word quoted (``"`` ``*`` ``AND`` are words)."""
        if text.count('"') % 2:  # as sqlite-utils' quote_fts: an unbalanced quote is closed
            text += '"'
        bits = [bit for bit in _FTS_BITS.split(text) if bit and bit != '""']
        return " ".join(bit if bit.startswith('"') else f'"{bit}"' for bit in bits)

    def fts_from(self, table: str) -> str:
        """The FROM item (alias ``f``) of index `table` (``decisions_fts`` / ``letters_fts``);
        with `fts_match` it takes the query parameter before any other."""
        return f"{table} f"

    def fts_match(self, table: str) -> str:
        return f"{table} MATCH ?"

    def fts_rowid(self) -> str:
        """The id of the hit's row (a decision's or a letter's id)."""
        return "f.rowid"

    def fts_rank(self) -> str:
        """The hit's rank: lower is more relevant."""
        return "f.rank"

    def fts_match_param(self) -> bool:
        """True when the query parameter sits in `fts_match` (SQLite), False when in `fts_from`."""
        return True

    def fts_newest(self, table: str, rare: bool = False) -> str:
        """(row id, rank, letter id) of the newest matching rows of index `table`, newest first;
        parameters: the query, then how many. FTS5 walks a match in rowid order and stops at
        the LIMIT, so bm25 is computed for those rows only (plus its once-per-query term
        statistics). `rare` (a few matches, `fts_estimate`) changes nothing here."""
        return (f"SELECT f.rowid, f.rank, {self.fts_owner(table)} FROM {table} f WHERE {table} MATCH ? "
                "ORDER BY f.rowid DESC LIMIT ?")

    def fts_estimate(self, table: str) -> str | None:
        """A statement giving the planner's (estimated matches, rows of the table) for a query
        parameter, where the backend's plan for `fts_newest` depends on it; None here."""
        return None

    def fts_scores(self, table: str, rowids: list[int]) -> tuple[str, list[Any]]:
        """(row id, rank) of matching rows of `table` among `rowids` (more may come back: the caller
        keeps the ones it named) and the parameters after the query: here the rowid range."""
        return (f"SELECT f.rowid, f.rank FROM {table} f WHERE {table} MATCH ? AND f.rowid BETWEEN ? AND ?",
                [min(rowids), max(rowids)])

    def decision_rows(self) -> str:
        """The FROM item (alias ``d``) of ``decisions`` for looking up a decision's letter by its
        id: here through the narrow index `DECISION_OWNER_INDEX` (schema version 7), not the
        large decision rows."""
        return f"decisions d INDEXED BY {DECISION_OWNER_INDEX}"

    def fts_table(self, table: str) -> str:
        """The table holding index `table`'s rows (``decisions_fts`` / ``letters_fts``)."""
        return table

    def fts_owner(self, table: str) -> str:
        """The id of the letter a row ``f`` of index `table` (in `fts_from`) belongs to."""
        if table == "decisions_fts":
            return f"(SELECT d.letter_id FROM {self.decision_rows()} WHERE d.id = {self.fts_rowid()})"
        return self.fts_rowid()

    def fts_owners(self, table: str) -> str:
        """The ids of the letters with a matching row in `table` (any copy, the trash included;
        one may come more than once), without ranking. A decision's letter comes from the
        narrow index `DECISION_OWNER_INDEX`, probed in the rowid order FTS5 yields its matches
        in: ≈ 20 ms at 100k letters for 50,000 matches, where scanning ``decisions_letter``
        against them cost ≈ 45 and looking up the (large) decision rows 100–200 ms."""
        if table == "decisions_fts":
            return ("SELECT d.letter_id AS owner FROM decisions_fts f "
                    f"JOIN {self.decision_rows()} ON d.id = f.rowid WHERE decisions_fts MATCH ?")
        return f"SELECT rowid AS owner FROM {table} WHERE {table} MATCH ?"


_PG_TOKENS = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"|\?|%|\buser\b|\bLIKE\b", re.IGNORECASE)


class PostgresDialect(Dialect):
    name = "postgresql"
    newest_first = "l.decision_date DESC NULLS LAST, l.id DESC"
    row_lock = " FOR NO KEY UPDATE"

    def translate(self, sql: str) -> str:
        return _pg_translate(sql)

    def id_list(self) -> str:
        return "SELECT (jsonb_array_elements_text(?::jsonb))::bigint"

    def contains(self, haystack: str, needle: str) -> str:
        return f"strpos(lower({haystack}), lower({needle})) > 0"

    def fts_query(self, text: str) -> str:
        return text

    def fts_table(self, table: str) -> str:
        return PG_SEARCH_TABLES[table]

    def fts_owner(self, table: str) -> str:
        return "f.letter_id" if table == "decisions_fts" else "f.id"

    def fts_from(self, table: str) -> str:
        return f"{self.fts_table(table)} f CROSS JOIN websearch_to_tsquery('english', ?) q"

    def fts_match(self, table: str) -> str:
        return "f.fts @@ q"

    def fts_rowid(self) -> str:
        return "f.id"

    def fts_rank(self) -> str:
        return "(-ts_rank(f.fts, q))"

    def fts_match_param(self) -> bool:
        return False

    def fts_newest(self, table: str, rare: bool = False) -> str:
        # The inner query picks the rows and ts_rank runs on its rows only, outside it. For a
        # common word the primary key walked backward meets the newest matches at once; for a
        # `rare` one (`ranking.rare_match`) that walk would test the vector of thousands of rows
        # per match, which the planner does not price, so ``f.id + 0`` leaves it the GIN index:
        # every match's row, then a top-N sort.
        order = "f.id + 0" if rare else "f.id"
        return (f"SELECT w.id, -ts_rank(w.fts, w.q), w.owner FROM (SELECT f.id, f.fts, q, "
                f"{self.fts_owner(table)} AS owner FROM {self.fts_from(table)} "
                f"WHERE f.fts @@ q ORDER BY {order} DESC LIMIT ?) w")

    def fts_estimate(self, table: str) -> str | None:
        return f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {self.fts_from(table)} WHERE f.fts @@ q"

    def fts_scores(self, table: str, rowids: list[int]) -> tuple[str, list[Any]]:
        ids = ", ".join(str(int(i)) for i in rowids) or "NULL"
        return (f"SELECT f.id, -ts_rank(f.fts, q) FROM {self.fts_from(table)} WHERE f.fts @@ q AND f.id IN ({ids})",
                [])

    def fts_owners(self, table: str) -> str:
        return f"SELECT DISTINCT {self.fts_owner(table)} FROM {self.fts_from(table)} WHERE f.fts @@ q"


@functools.lru_cache(maxsize=2048)
def _pg_translate(sql: str) -> str:
    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith("'"):
            return token.replace("%", "%%")
        if token.startswith('"'):
            return token
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        if token.lower() == "user":
            return '"user"'
        return "ILIKE"

    return _PG_TOKENS.sub(replace, sql)


SQLITE = Dialect()
POSTGRES = PostgresDialect()


def dialect_of(db: object) -> Dialect:
    """The dialect of an open database: its own ``dialect`` (``pg_backend.PgDatabase``), else
    SQLite's (sqlite-utils' `Database`)."""
    found = getattr(db, "dialect", SQLITE)
    return found if isinstance(found, Dialect) else SQLITE


def selected_ids(db: StoreDatabase, sql: str, params: Iterable[Any] = ()) -> list[int]:
    """The ids (first column) `sql` selects, in its order, handed over as one value: SQLite's
    JSON array, PostgreSQL's ``bigint[]`` (at 100,000 rows a third to a half of the time of as
    many rows; PostgreSQL's in binary, `pg_backend.PgDatabase.binary_value`). Each aggregate
    reads the rows of its ordered subquery in their order."""
    if dialect_of(db).name == "sqlite":
        (listed,) = db.execute(f"WITH picked(id) AS ({sql}) SELECT json_group_array(id) FROM picked",
                               list(params)).fetchone()
        return list(json.loads(listed))
    found = cast(Any, db).binary_value(f"WITH picked(id) AS ({sql}) SELECT array_agg(id) FROM picked", list(params))
    return list(found or [])


_URI = re.compile(r"^postgres(?:ql)?://", re.IGNORECASE)
_KEYWORDS = re.compile(r"(?:^|\s)(?:host|hostaddr|dbname|service)\s*=", re.IGNORECASE)


def is_postgres_target(target: object) -> bool:
    """True for a PostgreSQL connection string: a ``postgresql://`` / ``postgres://`` URI, or
    libpq ``key=value`` words with ``host=``, ``dbname=`` or ``service=``."""
    text = str(target)
    return bool(_URI.match(text.strip())) or bool(_KEYWORDS.search(text))


_URI_PASSWORD = re.compile(r"(://[^:/@?#]*):([^@/?#]*)@")
_KEY_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)


def mask_password(dsn: str) -> str:
    """The connection string as messages and the log may show it: any password is ``***``."""
    if _URI.match(dsn.strip()):
        return _QUERY_PASSWORD.sub(r"\1***", _URI_PASSWORD.sub(r"\1:***@", dsn))
    return _KEY_PASSWORD.sub(r"\1***", dsn)
