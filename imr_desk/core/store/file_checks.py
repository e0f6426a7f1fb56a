"""Judging a store file before SQLite may write to it, and checking it before the first write.

`judge_file()` decides from the file itself, before any read-write connection exists, whether
a file may be opened as a store: its first 16 bytes must be SQLite's ``"SQLite format 3\\0"``
(or the file empty: a new store), and its header's ``user_version`` (offset 60) and
``application_id`` (offset 68) must be an imr-desk store's. When the file's write-ahead log
holds committed frames the header may be stale, so those values are then read through a
read-only connection, which never writes the database file. A file that is refused is left
byte for byte as it was, with its modification time, and no ``-wal``/``-shm`` is created for
it. An SQLite database whose ``user_version`` is 0 is only a new store when it has no tables.

`quick_check_problem()` runs ``PRAGMA quick_check`` (on a 1,000-letter store of 74 MB:
20–37 ms from the page cache, about 0.4 s read cold from disk) and returns its first
complaint, or None when the store is sound.

Both return plain words (or raise nothing): the schema module turns them into `StoreError`.
"""

from __future__ import annotations

import os
import shlex
import sqlite3
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
WAL_HEADER_SIZE = 32  # a -wal file no longer than its header holds no frames
# The tables every imr-desk store has had since schema version 1.
CORE_TABLES = frozenset({"originals", "letters", "letter_content", "decisions"})
# A header shorter than 100 bytes may be a new store being written by another process.
_SHORT_HEADER_RETRIES = 5
_SHORT_HEADER_PAUSE_S = 0.05


@dataclass(frozen=True)
class FileVerdict:
    """What `judge_file` found: the store version to migrate from, or the reason to refuse."""

    version: int = 0
    problem: str | None = None


def database_uri(path: Path, *, mode: str) -> str:
    """An SQLite ``file:`` URI for `path` (any bytes in its name), opened with `mode` (ro, rw)."""
    quoted = urllib.parse.quote(os.fsencode(os.path.abspath(path)), safe=b"/")
    return f"file:{quoted}?mode={mode}"


def not_a_database(path: Path) -> str:
    return (f"The store file {path} is damaged or is not an imr-desk store (it is not an SQLite "
            "database). Restore it from a backup, or choose another store file.")


def foreign_database(path: Path) -> str:
    return f"The file {path} is an SQLite database but not an imr-desk store; choose another store file."


def newer_store(path: Path, version: int, readable: int) -> str:
    return (f"The store file {path} was written by a newer imr-desk (store version {version}; "
            f"this one reads up to {readable}). Update imr-desk to open it.")


def damaged_store(path: Path, complaint: str) -> str:
    """The message for a store that fails ``quick_check``: what to do, with the command to type."""
    recovered = path.with_name(f"{path.stem}-recovered{path.suffix or '.sqlite3'}")
    return (
        f"The store file {path} is damaged (quick_check: {complaint}); nothing was written to it. "
        f"Restore it from a backup, or copy what it still holds into a new file for inspection: "
        f'sqlite3 {shlex.quote(str(path))} ".recover" | sqlite3 {shlex.quote(str(recovered))}'
    )


def _read_header(path: Path) -> bytes:
    """The file's first 100 bytes (fewer if it is shorter), read without changing anything."""
    with open(path, "rb") as file:
        return file.read(HEADER_SIZE)


def _wal_has_frames(path: Path) -> bool:
    try:
        return os.path.getsize(f"{path}-wal") > WAL_HEADER_SIZE
    except OSError:
        return False


def judge_file(path: Path, *, schema_version: int, application_id: int) -> FileVerdict:
    """May the existing file at `path` be opened as a store? Never writes to it."""
    header = _read_header(path)
    for _ in range(_SHORT_HEADER_RETRIES):
        if not 0 < len(header) < HEADER_SIZE:
            break
        time.sleep(_SHORT_HEADER_PAUSE_S)  # another process may be writing a new store's header
        header = _read_header(path)
    if not header:
        return FileVerdict(0)  # an empty file: a new store
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_MAGIC):
        return FileVerdict(problem=not_a_database(path))
    if _wal_has_frames(path):
        return _judge_through_sqlite(path, schema_version=schema_version, application_id=application_id)
    version = int.from_bytes(header[60:64], "big")
    app_id = int.from_bytes(header[68:72], "big")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    one_page = os.path.getsize(path) <= page_size
    return _verdict(path, version, app_id, None if one_page and version == 0 else path,
                    schema_version=schema_version, application_id=application_id)


def _verdict(path: Path, version: int, app_id: int, tables_from: Path | sqlite3.Connection | None, *,
             schema_version: int, application_id: int) -> FileVerdict:
    if app_id not in (0, application_id):
        return FileVerdict(problem=foreign_database(path))
    if version > schema_version:
        return FileVerdict(problem=newer_store(path, version, schema_version))
    if tables_from is None:
        return FileVerdict(version)
    tables = _table_names(tables_from)
    if tables is None:
        return FileVerdict(problem=not_a_database(path))
    if (version == 0 and tables) or (version > 0 and not tables >= CORE_TABLES):
        return FileVerdict(problem=foreign_database(path))
    return FileVerdict(version)


def _table_names(source: Path | sqlite3.Connection) -> set[str] | None:
    """The file's table names, read without locks or journals (``immutable=1``: there is no
    write-ahead log with frames, so the file alone is the database); None if unreadable."""
    try:
        if isinstance(source, sqlite3.Connection):
            rows = source.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        else:
            connection = sqlite3.connect(database_uri(source, mode="ro") + "&immutable=1", uri=True)
            try:
                rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            finally:
                connection.close()
    except sqlite3.Error:
        return None
    return {row[0] for row in rows}


def _judge_through_sqlite(path: Path, *, schema_version: int, application_id: int) -> FileVerdict:
    """Read the header values through a read-only connection (the log's frames count)."""
    try:
        connection = sqlite3.connect(database_uri(path, mode="ro"), uri=True, timeout=15)
    except sqlite3.Error:
        return FileVerdict(problem=not_a_database(path))
    try:
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(connection.execute("PRAGMA application_id").fetchone()[0])
        return _verdict(path, version, app_id, connection, schema_version=schema_version,
                        application_id=application_id)
    except sqlite3.Error:
        return FileVerdict(problem=not_a_database(path))
    finally:
        connection.close()


def quick_check_problem(connection: sqlite3.Connection) -> str | None:
    """``PRAGMA quick_check``'s first complaint (structure only, never a cell's value), or None."""
    try:
        rows = connection.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.DatabaseError as error:  # too damaged to be checked at all
        return str(error)
    first = str(rows[0][0]) if rows else "no answer"
    return None if first == "ok" else first[:200]
