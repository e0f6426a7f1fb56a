"""The case store's SQLite file: opening it safely, its schema and its migrations.

The schema version is ``PRAGMA user_version``; `MIGRATIONS[n]` turns version n into n + 1,
inside one ``BEGIN IMMEDIATE`` transaction that re-reads the version once it holds the lock
(so two processes creating one new store both succeed, and neither runs a step twice). A
migration gets a connection whose ``executescript`` stays inside that transaction.

Before SQLite may write anything, the file is judged from its header (`file_checks`): a file
that is not an SQLite database, another program's database (``application_id``, tables) or a
store written by a newer imr-desk is refused with a plain message and never touched, not even
switched to write-ahead logging. A new store is created with mode 0600 (it holds medical
records) and carries ``application_id`` ``'IMRD'``. The first write transaction of every
connection runs ``PRAGMA quick_check``: a damaged store takes no new write (`StoreError` saying
what to do). Every connection gets ``foreign_keys=ON``, WAL journaling and a busy timeout.
Tables are plain rows with JSON text columns so that the ``sqlite-utils`` command and
Datasette read them as they are (except a letter's large cells, kept compressed on SQLite since
version 6: ``packing``); ``docs/store.md`` describes each table.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import stat
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from imr_desk.core.store.base_schema import migrate_to_v1
from imr_desk.core.store.case_schema import migrate_to_v2
from imr_desk.core.store.compact_schema import migrate_to_v6
from imr_desk.core.store.deadline_schema import migrate_to_v3
from imr_desk.core.store.desk_schema import migrate_to_v5
from imr_desk.core.store.file_checks import (
    damaged_store,
    database_uri,
    foreign_database,
    judge_file,
    quick_check_problem,
)
from imr_desk.core.store.findings_schema import migrate_to_v4
from imr_desk.core.store.pg_search_schema import migrate_to_v9
from imr_desk.core.store.search_schema import migrate_to_v7, migrate_to_v8

BUSY_TIMEOUT_MS = 15_000
APPLICATION_ID = 0x494D5244  # "IMRD"

class StoreError(Exception):
    """A problem with the store file, in plain words that name the file."""


class StaleRecordError(StoreError):
    """The letter was changed (by another window or process) since the caller read it."""


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    migrate_to_v1, migrate_to_v2, migrate_to_v3, migrate_to_v4, migrate_to_v5, migrate_to_v6, migrate_to_v7,
    migrate_to_v8, migrate_to_v9,
]
SCHEMA_VERSION = len(MIGRATIONS)


def _create_private_file(path: Path) -> None:
    """Create an empty store file readable only by its owner (0600), unless it exists."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"The store folder {path.parent} cannot be created ({exc.strerror or exc})."
        ) from None
    if path.exists():
        return
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreError(
            f"The store file {path} cannot be created ({exc.strerror or exc}); "
            "choose a folder you can write to."
        ) from None
    os.close(descriptor)


def explain(path: Path, exc: sqlite3.Error) -> StoreError:
    """Turn an sqlite3 error into a plain-words `StoreError` naming the store file."""
    message = str(exc).lower()
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return StoreError(
            f"The store file {path} is damaged or is not an imr-desk store ({exc}). "
            "Restore it from a backup, or choose another store file "
            f'(sqlite3 {shlex.quote(str(path))} ".recover" copies what a damaged store still holds).'
        )
    if "readonly" in message or "read-only" in message:
        return StoreError(
            f"The store file {path} is read-only; it cannot be changed. "
            "Check its permissions or choose a store in a folder you can write to."
        )
    if "unable to open" in message or "disk i/o" in message:
        return StoreError(
            f"The store file {path} cannot be opened ({exc}); check that its folder exists "
            "and that you may read and write it."
        )
    if "locked" in message or "busy" in message:
        return StoreError(
            f"The store file {path} is busy (another imr-desk is writing to it); try again."
        )
    if "full" in message:
        return StoreError(f"The disk holding the store file {path} is full.")
    return StoreError(f"The store file {path} cannot be used: {exc}.")


def _make_private(path: Path) -> None:
    """The store and its ``-wal``/``-shm`` companions readable by their owner only (0600): a
    store restored with ``cp`` takes the umask's mode (0644). SQLite gives new companions the
    store file's mode, so tightening the store first covers those too."""
    for companion in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            status = companion.stat()
            if stat.S_ISREG(status.st_mode) and stat.S_IMODE(status.st_mode) & 0o077:
                os.chmod(companion, 0o600)
        except OSError:
            pass  # missing, or not ours to change: SQLite says what it cannot open


def _judged(path: Path, *, create: bool) -> int:
    """The store version of the file at `path` (0: new), judged before SQLite opens it for
    writing; `StoreError` (the file untouched) for anything that is not an imr-desk store
    this imr-desk can use. With `create`, a missing file (and its folder) is made, mode 0600."""
    if path.is_dir():
        raise StoreError(f"The store path {path} is a folder, not a store file.")
    if path.exists() and not path.is_file():  # a pipe would block the header's read
        raise StoreError(f"The store path {path} is not a regular file (a pipe, device or socket).")
    if create:
        _create_private_file(path)
    elif not path.exists():
        raise StoreError(f"there is no store at {path} (import letters first, or pass --db PATH).")
    try:
        verdict = judge_file(path, schema_version=SCHEMA_VERSION, application_id=APPLICATION_ID)
    except OSError as exc:
        raise StoreError(
            f"The store file {path} cannot be opened ({exc.strerror or exc}); check that you may "
            "read and write it."
        ) from None
    if verdict.problem:
        raise StoreError(verdict.problem)
    _make_private(path)  # only a file judged to be a store of ours
    return verdict.version


def open_database(path: Path, *, create: bool = True) -> sqlite_utils.Database:
    """Open and migrate the store at `path`; raise `StoreError` on failure.

    The file is judged first (`file_checks.judge_file`: header, ``user_version``,
    ``application_id``), so a file that is refused is never written, not even switched to
    write-ahead logging. A missing file is created only with `create` (never its folder
    otherwise). Every write transaction on the connection checks the store first
    (``quick_check``, once): a damaged store takes no new write.
    """
    version = _judged(path, create=create)
    try:
        connection = sqlite3.connect(database_uri(path, mode="rw"), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise explain(path, exc) from None
    try:
        db = sqlite_utils.Database(connection, execute_plugins=False)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _WRITE_CHECKS[db] = _WriteCheck(path)
        journal = _switch_to_wal(db)
        if journal.lower() != "wal" and os.access(path, os.W_OK):
            raise StoreError(f"The store file {path} cannot use write-ahead logging ({journal}).")
        db.execute("PRAGMA synchronous = NORMAL")
        _migrate(db, version, path)
    except sqlite3.Error as exc:
        connection.close()
        raise explain(path, exc) from None
    except StoreError:
        connection.close()
        raise
    return db


def _switch_to_wal(db: sqlite_utils.Database) -> str:
    """``PRAGMA journal_mode = WAL``; the journal mode it leaves. The switch needs the file to
    itself, and SQLite answers "database is locked" at once (no busy wait) while another
    process is opening or switching the same new store, so it is retried until the busy
    timeout."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return str(db.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if ("locked" not in message and "busy" not in message) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


class _ScriptInTransaction(sqlite_utils.Database):
    """The store's connection for a migration: `executescript` runs the script one statement
    at a time, inside the open transaction (sqlite3's own ``executescript`` commits first, so a
    migration using it, or sqlite-utils' ``enable_fts``, would not be all or nothing)."""

    def executescript(self, sql: str) -> sqlite3.Cursor:
        cursor = self.conn.cursor()
        for statement in sql_statements(sql):
            cursor.execute(statement)
        return cursor


def sql_statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, one by one (a trigger's body stays whole)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            if statement.strip().rstrip(";").strip():
                yield statement
            statement = ""
    if statement.strip():
        yield statement


def _migrate(db: sqlite_utils.Database, version: int, path: Path) -> None:
    """Upgrade a store of schema `version` to `SCHEMA_VERSION`, one transaction per step.

    Each step re-reads the version once it holds the write lock: another process may have
    created or upgraded the store meanwhile (then the step is skipped, not run twice).
    """
    if version >= SCHEMA_VERSION:
        return
    migrating = _ScriptInTransaction(db.conn, execute_plugins=False)
    for index in range(version, SCHEMA_VERSION):
        with write_transaction(db):
            now = int(db.execute("PRAGMA user_version").fetchone()[0])
            if now > index:
                continue  # done by another process while this one waited for the lock
            if index == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise StoreError(foreign_database(path))
            MIGRATIONS[index](migrating)
            if index == 0:
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {index + 1}")


@dataclass
class _WriteCheck:
    """The store check a connection still owes before its first write (see `write_transaction`)."""

    path: Path
    done: bool = False
    problem: str | None = None


# Connections opened by `open_database` whose store is checked before they first write.
_WRITE_CHECKS: weakref.WeakKeyDictionary[sqlite_utils.Database, _WriteCheck] = weakref.WeakKeyDictionary()


def check_before_writing(db: sqlite_utils.Database) -> None:
    """Run the store check now (``quick_check``, once per connection) instead of at the first
    write; `StoreError` naming the store and what to do if it is damaged."""
    check = _WRITE_CHECKS.get(db)
    if check is None:
        return
    if not check.done:
        check.problem = quick_check_problem(db.conn)
        check.done = True
    if check.problem is not None:
        raise StoreError(damaged_store(check.path, check.problem))


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: takes the write lock first, so no reader-turned-writer
    race between two processes; rolled back on any error (nothing half-written). The first
    write of a connection checks the store (`check_before_writing`): a damaged store raises
    `StoreError` and is not written."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        check_before_writing(db)
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")
