"""The store's lower layer: one open store, its write transactions and version checks.

`StoreConnection` owns the open database of one store: the sqlite-utils `Database` of a store
file, or a ``pg_backend.PgDatabase`` for a PostgreSQL connection string (`is_postgres_target`);
both answer ``db.execute`` / ``db.query`` with the SQL the store modules
write once, and `dialect` holds what differs (``dialect``). The parts of the store
(`read`, `edits`, `importing`, `export`) are handed a `StoreConnection` and work on it; the
`Store` facade (``facade``) sits on top, owns one and delegates. This module imports only
``schema`` from the store, so every part may import it and none needs the facade.

`letter_write()` is the optimistic lock every edit goes through: the write lock, the
letter's row `version` compared with the version the caller read (a mismatch raises
`StaleRecordError` and writes nothing), then the version bumped on commit. A caller that means
to write whatever the current version is says so with `ANY_VERSION`; there is no default
(None is refused with a `TypeError`, like any value that is neither).

Locks. On SQLite every write transaction is ``BEGIN IMMEDIATE``: one writer at a time, for the
whole file. On PostgreSQL (``pg_backend``) `transaction()` is a store-wide write that holds
the store's advisory lock exclusively (import, copy, emptying the trash, deadline settings and
recompute), while `letter_write()` holds it shared and locks the rows of the letter's case
(every copy: removing, restoring and choosing the copy of record change them too) with
``FOR NO KEY UPDATE`` in id order, reading the version under that row lock. So desks editing
different cases write at once, two desks editing one letter take turns and the second gets
`StaleRecordError`, and a store-wide write waits for (and then keeps out) every letter write.
Rows are always locked in id order and only after the advisory lock, so writers cannot
deadlock each other; should the server still report a deadlock, a lock wait past its timeout
or a serialization failure, the transaction is rolled back and the caller gets
`StoreBusyError` (a `StoreError`: "… is busy …; try again"), as for a busy SQLite file.
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeAlias

from imr_desk.core.store.dialect import POSTGRES, SQLITE, Dialect, StoreDatabase, is_postgres_target, mask_password
from imr_desk.core.store.schema import (
    StaleRecordError,
    StoreError,
    check_before_writing,
    explain,
    open_database,
    write_transaction,
)


class StoreBusyError(StoreError):
    """The store could not take the write now (another desk holds the lock too long, or the
    server broke a deadlock); nothing was written and trying again may succeed."""


# The letter's row and those of every copy of its case, in id order (locked on PostgreSQL).
_CASE_ROWS_SQL = (
    "SELECT id, version FROM letters WHERE id = ? OR case_id = (SELECT case_id FROM letters WHERE id = ?) "
    "ORDER BY id"
)


def inserted_id(cursor: sqlite3.Cursor) -> int:
    """The rowid of the row an INSERT just added (sqlite3 sets it on every INSERT that adds one)."""
    row_id = cursor.lastrowid
    if row_id is None:
        raise StoreError("The store did not report the id of the row it just added.")
    return row_id


class AnyVersion(enum.Enum):
    """The type of `ANY_VERSION` (a one-member enum, so type checkers know the sentinel)."""

    ANY = "any version"

    def __repr__(self) -> str:
        return "ANY_VERSION"


# `expected_version=ANY_VERSION`: write whatever version the letter is at now (no lock check).
ANY_VERSION: Final = AnyVersion.ANY

# What an edit is told about the version its caller read: that version, or ANY_VERSION.
ExpectedVersion: TypeAlias = int | AnyVersion


@dataclass
class LetterWrite:
    """One version-checked write of one letter, in progress.

    `version` is the letter's version when the write began, and once the transaction has
    committed, the version it left (one higher when `changed`). Set `changed` to False when
    the write turned out to change nothing: the version is then not bumped.
    """

    letter_id: int
    version: int
    changed: bool = True


def check_expected_version(expected_version: object) -> None:
    """Refuse anything but a version number or `ANY_VERSION` (e.g. None), with a TypeError."""
    if expected_version is ANY_VERSION:
        return
    if isinstance(expected_version, bool) or not isinstance(expected_version, int):
        raise TypeError(
            f"expected_version must be the letter version the caller read (an int) or "
            f"ANY_VERSION, not {expected_version!r}."
        )


def store_target(path: str | Path) -> Path | str:
    """A store name as the store takes it: a `PostgresTarget` for a PostgreSQL connection
    string (kept as it is), else the store file's path (``~`` expanded)."""
    if isinstance(path, str) and is_postgres_target(path):
        from imr_desk.core.store.pg_backend import PostgresTarget

        return path if isinstance(path, PostgresTarget) else PostgresTarget(path)
    if str(path).lower().startswith(("postgresql:", "postgres:")):  # a URL turned into a path by mistake
        raise StoreError(f"The store {mask_password(str(path))} is a connection string made into a file "
                         "path (its // lost); pass it as text.")
    return Path(path).expanduser()


class StoreConnection:
    """The open store at `path` (migrated if needed; created only with `create`); one per
    thread. `path` is a store file, or a PostgreSQL connection string (shown with its password
    masked). A file or database that is not an imr-desk store this imr-desk can use is refused
    untouched (`StoreError`); a damaged SQLite store refuses writes (`check_writable`, or at the
    first write). It keeps no memory of the versions it read: every write is told the version
    to expect.
    """

    def __init__(self, path: Path | str, *, create: bool = True) -> None:
        target = store_target(path)
        self.path: Path | str = target
        self.dialect: Dialect = SQLITE
        # called after every committed write transaction with the ids of the letters its
        # version-checked writes changed (empty: which letters is not known, e.g. an import)
        self.after_commit: list[Callable[[frozenset[int]], None]] = []
        self._touched: set[int] = set()
        self._errors: tuple[type[Exception], ...] = (sqlite3.Error,)
        if isinstance(target, Path):
            self.db: Any = open_database(target, create=create)
        else:
            import psycopg

            from imr_desk.core.store.pg_backend import open_pg

            self.db = open_pg(target, create=create)  # type: ignore[arg-type]
            self.dialect = POSTGRES
            self._errors = (psycopg.Error,)

    @property
    def is_postgres(self) -> bool:
        return self.dialect is POSTGRES

    @property
    def database(self) -> StoreDatabase:
        """The open database, typed as the store modules use it."""
        database: StoreDatabase = self.db
        return database

    def check_writable(self) -> None:
        """Check the store now (SQLite: ``PRAGMA quick_check``, once per connection; it is
        otherwise run at the first write): `StoreError` naming the store and what to do if it
        is damaged. A command that is about to write (``import``) calls it before any other work."""
        if self.is_postgres:
            return  # the server checks its own pages
        with self.plain_errors():
            check_before_writing(self.db)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def plain_errors(self) -> Iterator[None]:
        """Report any database failure as a `StoreError` that names the store."""
        try:
            yield
        except self._errors as exc:
            raise self.explain(exc) from None

    def explain(self, exc: Exception) -> StoreError:
        """A database error in the store's plain words (`StoreBusyError` when it only says
        "not now": a lock wait that ran out, a deadlock)."""
        if self.is_postgres:
            from imr_desk.core.store.pg_backend import explain_pg, is_busy

            error = explain_pg(self.path, exc)  # type: ignore[arg-type]
            busy = is_busy(exc)
        else:
            error = explain(self.path, exc)  # type: ignore[arg-type]
            message = str(exc).lower()
            busy = isinstance(exc, sqlite3.OperationalError) and ("locked" in message or "busy" in message)
        return StoreBusyError(str(error)) if busy else error

    def is_integrity_error(self, exc: BaseException) -> bool:
        """True for a broken UNIQUE / foreign key constraint (another process wrote first)."""
        if self.is_postgres:
            import psycopg

            return isinstance(exc, psycopg.IntegrityError)
        return isinstance(exc, sqlite3.IntegrityError)

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        """Run one statement for each row of parameters."""
        if self.is_postgres:
            self.db.executemany(sql, rows)
        else:
            self.db.conn.executemany(sql, [list(row) for row in rows])

    def insert_returning_id(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run one INSERT of one row; the id of the row it added."""
        if self.is_postgres:
            return int(self.db.insert_returning_id(sql, params))
        return inserted_id(self.db.execute(sql, list(params)))

    def one(self, sql: str, params: Iterable[Any] = ()) -> dict[str, Any] | None:
        """The first row of a query, or None."""
        return next(iter(self.db.query(sql, list(params))), None)

    def missing(self, letter_id: int) -> StoreError:
        """The error for a letter id that is not in this store."""
        return StoreError(f"Letter {letter_id} is not in the store {self.path}.")

    def version(self, letter_id: int) -> int:
        """The letter's row version (bumped by every edit); `StoreError` if it is not stored."""
        row = self.one("SELECT version FROM letters WHERE id = ?", [letter_id])
        if row is None:
            raise self.missing(letter_id)
        return int(row["version"])

    def letter_ids(self) -> list[int]:
        """Every stored letter's id, in import order."""
        return [row["id"] for row in self.db.query("SELECT id FROM letters ORDER BY id")]

    @contextmanager
    def transaction(self, *, shared: bool = False) -> Iterator[Any]:
        """One write transaction, rolled back on any error; yields the database. SQLite:
        ``BEGIN IMMEDIATE``. PostgreSQL: the store's advisory lock, exclusive (a store-wide
        write: no other write runs meanwhile), or with `shared` for a write that locks the rows
        it changes itself (`letter_write`; see the module's docstring). The `after_commit`
        hooks run once it has committed, told which letters its version-checked writes changed."""
        self._touched.clear()
        if self.is_postgres:
            with self.db.transaction(shared=shared):
                yield self.db
        else:
            with write_transaction(self.db) as db:
                yield db
        touched = frozenset(self._touched)
        self._touched.clear()
        for hook in list(self.after_commit):
            hook(touched)

    @contextmanager
    def letter_write(self, letter_id: int, expected_version: ExpectedVersion) -> Iterator[LetterWrite]:
        """A write transaction on one letter, checked against `expected_version`.

        Raises `StoreError` when the letter is not stored and `StaleRecordError` when its
        version is not `expected_version` (unless that is `ANY_VERSION`); on commit the version
        is bumped if the write `changed` anything. All or nothing. On PostgreSQL the rows of
        the letter's case stay locked until the transaction ends (see the module's docstring):
        the write may change the case's other copies, and no other letter.
        """
        check_expected_version(expected_version)
        with self.plain_errors(), self.transaction(shared=True):
            versions = dict(self.db.execute(_CASE_ROWS_SQL + self.dialect.row_lock, [letter_id, letter_id]).fetchall())
            if letter_id not in versions:
                raise self.missing(letter_id)
            current = int(versions[letter_id])
            if expected_version is not ANY_VERSION and current != expected_version:
                raise StaleRecordError(
                    f"Letter {letter_id} in {self.path} was changed elsewhere (version "
                    f"{current}, expected {expected_version}); reload it and try again."
                )
            write = LetterWrite(letter_id, current)
            yield write
            if write.changed:
                self.db.execute("UPDATE letters SET version = version + 1 WHERE id = ?", [letter_id])
                write.version += 1
                self._touched.add(letter_id)
