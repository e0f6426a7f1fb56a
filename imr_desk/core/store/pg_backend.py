"""The case store on a PostgreSQL database (psycopg 3): connecting, judging and creating the
schema, write transactions, and database errors in the store's plain words.

`PostgresTarget` is a store name that is a libpq connection string; as a ``str`` it is the
string with its password masked, so every message and log line that names the store shows it
safely, and `Store(target)` opens the real one. `PgDatabase` is the open database as the store
modules use it (``dialect.StoreDatabase``): ``?`` placeholders translated by the dialect, rows
as tuples (``execute``) or dicts (``query``), one connection in autocommit mode outside the
write transactions.

Locks. Every write transaction first takes the store's advisory lock `WRITE_LOCK`, in one of
two forms (readers never wait for either):

- *shared* (``pg_advisory_xact_lock_shared``, ``transaction(shared=True)``): a write that locks
  the rows it changes itself. The version-checked letter write (``StoreConnection.letter_write``)
  is one: it locks its letter's case rows (``FOR NO KEY UPDATE``, in id order) and reads the
  version under that row lock, so desks editing different cases write at the same time and two
  desks editing one letter take turns (the second then finds the version moved on:
  ``StaleRecordError``).
- *exclusive* (``pg_advisory_xact_lock``, the default): a store-wide write that waits for every
  other writer and keeps them all out until it commits, the counterpart of SQLite's
  ``BEGIN IMMEDIATE``: importing (a new letter may join any case), copying stores, emptying
  the trash, the firm's deadline settings and the deadline recompute, schema creation and
  upgrades.

A lock wait longer than `LOCK_TIMEOUT_MS`, a deadlock or a serialization failure the server
reports rolls the transaction back and is the plain `StoreError` "… is busy …; try again"
(`explain_pg`, `is_busy`); nothing is written. (``StoreConnection.after_commit`` runs hooks
after each committed write: where the desks' ``NOTIFY`` goes.)

A database is judged before anything is written: its ``imr_desk_meta`` must say ``imr-desk``
at a schema version this imr-desk knows; a newer one is refused untouched, as is a schema
holding other tables. A new one is created (or an older one upgraded) in one transaction per
step, under the lock, in the connection's current schema; no superuser right is needed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import psycopg
from psycopg.adapt import Dumper
from psycopg.rows import dict_row
from psycopg.types.numeric import NumericLoader

from imr_desk.core.store.dialect import POSTGRES, mask_password
from imr_desk.core.store.pg_schema import (
    APPLICATION,
    META_TABLE,
    PG_BASE,
    PG_BASE_VERSION,
    PG_UPGRADES,
    check_versions,
)
from imr_desk.core.store.schema import SCHEMA_VERSION, StoreError

check_versions(SCHEMA_VERSION)  # a SQLite migration without its PostgreSQL step fails here, loudly

WRITE_LOCK = 0x494D5244  # "IMRD": the advisory lock every write transaction holds (shared or exclusive)
EXCLUSIVE_LOCK_SQL = "SELECT pg_advisory_xact_lock(%s)"
SHARED_LOCK_SQL = "SELECT pg_advisory_xact_lock_shared(%s)"
# lock_not_available (lock_timeout), deadlock_detected, serialization_failure, query_canceled
BUSY_STATES = frozenset({"55P03", "40P01", "40001", "57014"})
LOCK_TIMEOUT_MS = 15_000
CONNECT_TIMEOUT_S = 15


class PostgresTarget(str):
    """A PostgreSQL store: shown (as a ``str``) with its password masked; `dsn` is the real
    connection string."""

    dsn: str

    def __new__(cls, dsn: str) -> PostgresTarget:
        shown = super().__new__(cls, mask_password(dsn.strip()))
        shown.dsn = dsn.strip()
        return shown


class _Number(NumericLoader):
    """``numeric`` (what ``sum()`` of integers gives) as an int when whole, as SQLite does."""

    def load(self, data: Any) -> Any:
        value = super().load(data)
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        return value


class _BoolAsInteger(Dumper):
    """Python booleans as 0/1 into the integer columns, as sqlite3 binds them."""

    oid = psycopg.adapters.types["int8"].oid

    def dump(self, obj: Any) -> bytes:
        return b"1" if obj else b"0"


class PgDatabase:
    """One open PostgreSQL store (see the module's docstring)."""

    dialect = POSTGRES

    def __init__(self, conn: psycopg.Connection[Any], target: PostgresTarget) -> None:
        self.conn = conn
        self.target = target

    def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> psycopg.Cursor[Any]:
        return self.conn.execute(POSTGRES.translate(sql), list(parameters or ()))

    def binary_value(self, sql: str, parameters: Iterable[Any] | None = None) -> Any:
        """The first column of `sql`'s first row (None without one), sent in binary: an array of
        100,000 ids loads in two thirds of the time of its text form."""
        with self.conn.cursor(binary=True) as cursor:
            row = cursor.execute(POSTGRES.translate(sql), list(parameters or ())).fetchone()
        return None if row is None else row[0]

    def query(self, sql: str, params: Iterable[Any] | None = None) -> Iterator[dict[str, Any]]:
        with self.conn.cursor(row_factory=dict_row) as cursor:
            cursor.execute(POSTGRES.translate(sql), list(params or ()))
            yield from cursor.fetchall()

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(POSTGRES.translate(sql), [list(row) for row in rows])

    def insert_returning_id(self, sql: str, params: Iterable[Any]) -> int:
        row = self.execute(f"{sql} RETURNING id", params).fetchone()
        if row is None:
            raise StoreError(f"The store {self.target} did not report the id of the row it just added.")
        return int(row[0])

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self, *, shared: bool = False) -> Iterator[PgDatabase]:
        """One write transaction holding the store's write lock, exclusive (a store-wide write)
        or `shared` (the caller locks the rows it writes); rolled back on any error."""
        with self.conn.transaction():
            self.conn.execute(SHARED_LOCK_SQL if shared else EXCLUSIVE_LOCK_SQL, [WRITE_LOCK])
            yield self


def is_busy(exc: BaseException) -> bool:
    """True for a psycopg error that only says "not now": a lock wait that ran out, a deadlock,
    a serialization failure (the transaction was rolled back; trying again may well succeed)."""
    return isinstance(exc, psycopg.Error) and (getattr(exc, "sqlstate", None) or "") in BUSY_STATES


def explain_pg(target: object, exc: psycopg.Error) -> StoreError:
    """A psycopg error as a plain `StoreError` naming the store (its password masked)."""
    state = getattr(exc, "sqlstate", None) or ""
    detail = mask_password(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
    if isinstance(exc, psycopg.OperationalError) and not state:
        return StoreError(
            f"The store {target} cannot be reached ({detail}); check the server, the connection "
            "string and your password (~/.pgpass or PGPASSFILE)."
        )
    if state in ("28P01", "28000"):
        return StoreError(f"The store {target} refused the login ({detail}); check the role and its password.")
    if state.startswith("42501") or state == "42501":
        return StoreError(
            f"The store {target} does not allow this role to do that ({detail}); ask the firm's "
            "admin for the rights docs/firm-store.md lists."
        )
    if state in BUSY_STATES:
        return StoreError(f"The store {target} is busy (another imr-desk is writing to it); try again.")
    if state == "53100":
        return StoreError(f"The disk holding the store {target} is full.")
    return StoreError(f"The store {target} cannot be used: {detail}.")


def _meta(db: PgDatabase) -> dict[str, str] | None:
    """The store's meta rows, or None when the current schema has no meta table."""
    found = db.execute("SELECT to_regclass(?) IS NOT NULL", [META_TABLE]).fetchone()
    if not found or not found[0]:
        return None
    return dict(db.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())


def _judge(db: PgDatabase, meta: dict[str, str] | None) -> int:
    """The schema version of an imr-desk store (0: empty); `StoreError` for anything else."""
    target = db.target
    if meta is None:
        tables = db.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchone()
        if tables and tables[0]:
            raise StoreError(
                f"The database {target} is not an imr-desk store (its schema holds other tables); "
                "it was left as it was. Choose an empty database or schema for the store."
            )
        return 0
    if meta.get("application") != APPLICATION:
        raise StoreError(f"The database {target} is not an imr-desk store; it was left as it was.")
    try:
        version = int(meta.get("schema_version", ""))
    except ValueError:
        raise StoreError(f"The store {target} has no readable schema version; it was left as it was.") from None
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"The store {target} was written by a newer imr-desk (schema version {version}; this "
            f"one knows {SCHEMA_VERSION}); it was not changed. Update imr-desk to use it."
        )
    if version < PG_BASE_VERSION:
        raise StoreError(f"The store {target} has an unknown schema version {version}; it was left as it was.")
    return version


def _migrate(db: PgDatabase, version: int) -> int:
    """Create (version 0) or upgrade the store to `SCHEMA_VERSION`; one transaction per step,
    each re-judging the store once it holds the lock (another desk may have done it)."""
    while version < SCHEMA_VERSION:
        with db.transaction():
            version = _judge(db, _meta(db))
            if version >= SCHEMA_VERSION:
                break
            if version == 0:
                db.conn.execute(PG_BASE)
                db.conn.execute(
                    f"INSERT INTO {META_TABLE} (key, value) VALUES ('application', %s), ('schema_version', %s)",
                    [APPLICATION, str(PG_BASE_VERSION)],
                )
                version = PG_BASE_VERSION
            else:
                db.conn.execute(PG_UPGRADES[version - PG_BASE_VERSION])
                version += 1
                db.conn.execute(f"UPDATE {META_TABLE} SET value = %s WHERE key = 'schema_version'", [str(version)])
    return version


def open_pg(target: PostgresTarget, *, create: bool = True) -> PgDatabase:
    """Connect to the store `target` names and create or upgrade its schema (with `create`;
    without it, a database without a store is the plain "there is no store" error)."""
    try:
        conn = psycopg.connect(target.dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                               application_name=os.environ.get("IMR_DESK_APP_NAME", "imr-desk"))
    except psycopg.Error as exc:
        raise explain_pg(target, exc) from None
    conn.adapters.register_loader("numeric", _Number)
    conn.adapters.register_dumper(bool, _BoolAsInteger)
    db = PgDatabase(conn, target)
    try:
        conn.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
        version = _judge(db, _meta(db))
        if version == 0 and not create:
            raise StoreError(f"there is no store at {target} (run: imr-desk store init URL, or import letters).")
        _migrate(db, version)
    except psycopg.Error as exc:
        conn.close()
        raise explain_pg(target, exc) from None
    except BaseException:
        conn.close()
        raise
    return db


def schema_version(db: PgDatabase) -> int:
    """The store's schema version as its meta table says."""
    meta = _meta(db) or {}
    return int(meta.get("schema_version", "0"))
