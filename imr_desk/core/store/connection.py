"""The store's lower layer: one open store file, its write transactions and version checks.

`StoreConnection` owns the sqlite-utils `Database` of one store file. The parts of the store
(`read`, `edits`, `importing`, `export`) are handed a `StoreConnection` and work on it; the
`Store` facade (``facade``) sits on top, owns one and delegates. This module imports only
``schema`` from the store, so every part may import it and none needs the facade.

`letter_write()` is the optimistic lock every edit goes through: ``BEGIN IMMEDIATE``, the
letter's row `version` compared with the version the caller read (a mismatch raises
`StaleRecordError` and writes nothing), then the version bumped on commit. A caller that means
to write whatever the current version is says so with `ANY_VERSION`; there is no default
(None is refused with a `TypeError`, like any value that is neither).
"""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeAlias

import sqlite_utils

from imr_desk.core.store.schema import (
    StaleRecordError,
    StoreError,
    check_before_writing,
    explain,
    open_database,
    write_transaction,
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


class StoreConnection:
    """The open store file at `path` (migrated if needed; created only with `create`); one per
    thread. A file that is not an imr-desk store this imr-desk can use is refused untouched
    (`StoreError`); a damaged store refuses writes (`check_writable`, or at the first write).
    It keeps no memory of the versions it read: every write is told the version to expect.
    """

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = path
        self.db: sqlite_utils.Database = open_database(path, create=create)

    def check_writable(self) -> None:
        """Check the store now (``PRAGMA quick_check``, once per connection; it is otherwise
        run at the first write): `StoreError` naming the store and what to do if it is damaged.
        A command that is about to write (``import``) calls it before any other work."""
        with self.plain_errors():
            check_before_writing(self.db)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def plain_errors(self) -> Iterator[None]:
        """Report any SQLite failure as a `StoreError` that names the store file."""
        try:
            yield
        except sqlite3.Error as exc:
            raise explain(self.path, exc) from None

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
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction (``BEGIN IMMEDIATE``), rolled back on any error."""
        with write_transaction(self.db) as db:
            yield db

    @contextmanager
    def letter_write(self, letter_id: int, expected_version: ExpectedVersion) -> Iterator[LetterWrite]:
        """A write transaction on one letter, checked against `expected_version`.

        Raises `StoreError` when the letter is not stored and `StaleRecordError` when its
        version is not `expected_version` (unless that is `ANY_VERSION`); on commit the version
        is bumped if the write `changed` anything. All or nothing.
        """
        check_expected_version(expected_version)
        with self.plain_errors(), self.transaction():
            row = self.one("SELECT version FROM letters WHERE id = ?", [letter_id])
            if row is None:
                raise self.missing(letter_id)
            if expected_version is not ANY_VERSION and row["version"] != expected_version:
                raise StaleRecordError(
                    f"Letter {letter_id} in {self.path} was changed elsewhere (version "
                    f"{row['version']}, expected {expected_version}); reload it and try again."
                )
            write = LetterWrite(letter_id, int(row["version"]))
            yield write
            if write.changed:
                self.db.execute("UPDATE letters SET version = version + 1 WHERE id = ?", [letter_id])
                write.version += 1
