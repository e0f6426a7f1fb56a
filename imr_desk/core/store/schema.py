"""The case store's SQLite file: opening it safely, its schema and its migrations.

The schema version is ``PRAGMA user_version``; `MIGRATIONS[n]` turns version n into n + 1.
A store written by a newer imr-desk (higher version) is refused with a plain message, never
touched. Every connection gets ``foreign_keys=ON``, WAL journaling and a busy timeout; a new
store file is created with mode 0600 (it holds medical records). Tables are plain rows with
JSON text columns so that the ``sqlite-utils`` command and Datasette read them as they are;
``docs/store.md`` describes each table.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from imr_desk.core.model import DECISION_TEXT_FIELDS

BUSY_TIMEOUT_MS = 15_000

# Columns of the decisions table that hold the effective text of a decision.
DECISION_COLUMNS = DECISION_TEXT_FIELDS
DECISION_FTS_COLUMNS = ("request", "claims_administrator_guideline", "maximus_guideline", "rationale")
LETTER_FTS_COLUMNS = ("case_number", "case_summary", "notes")


class StoreError(Exception):
    """A problem with the store file, in plain words that name the file."""


class StaleRecordError(StoreError):
    """The letter was changed (by another window or process) since the caller read it."""


_V1_TABLES = """
CREATE TABLE originals (
    sha256 TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL
);
CREATE TABLE letters (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE REFERENCES originals(sha256),
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    pages INTEGER NOT NULL,
    ocr INTEGER NOT NULL DEFAULT 0,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    case_number TEXT,
    decision_date TEXT,
    date_of_injury TEXT,
    specialties TEXT,
    decisions INTEGER NOT NULL DEFAULT 0,
    upheld INTEGER NOT NULL DEFAULT 0,
    overturned INTEGER NOT NULL DEFAULT 0,
    corrections INTEGER NOT NULL DEFAULT 0,
    stale_corrections INTEGER NOT NULL DEFAULT 0,
    annotations INTEGER NOT NULL DEFAULT 0,
    has_warnings INTEGER NOT NULL DEFAULT 0,
    review_state TEXT NOT NULL DEFAULT 'unreviewed'
        CHECK (review_state IN ('unreviewed', 'in_review', 'verified')),
    review_user TEXT,
    review_changed_at TEXT,
    case_summary TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT ''
);
CREATE TABLE letter_content (
    letter_id INTEGER PRIMARY KEY REFERENCES letters(id) ON DELETE CASCADE,
    parsed_json TEXT NOT NULL,
    text TEXT NOT NULL,
    layout_json TEXT NOT NULL
);
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    letter_id INTEGER NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    added INTEGER NOT NULL DEFAULT 0,
    gone INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    position INTEGER NOT NULL DEFAULT 0,
    request TEXT,
    outcome TEXT,
    original_request TEXT,
    authorized TEXT,
    claims_administrator_guideline TEXT,
    maximus_guideline TEXT,
    rationale TEXT,
    base_json TEXT NOT NULL,
    UNIQUE (letter_id, key)
);
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    letter_id INTEGER NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
    decision_key TEXT,
    field TEXT NOT NULL,
    parsed_value TEXT,
    new_value TEXT,
    new_span TEXT,
    user TEXT NOT NULL,
    created_at TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    stale INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE annotations (
    id INTEGER PRIMARY KEY,
    letter_id INTEGER NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
    note TEXT NOT NULL,
    tag TEXT,
    span TEXT,
    regions TEXT NOT NULL DEFAULT '[]',
    user TEXT NOT NULL,
    created_at TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    letter_id INTEGER NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    before TEXT,
    after TEXT,
    user TEXT NOT NULL,
    created_at TEXT NOT NULL,
    correction_id INTEGER REFERENCES corrections(id),
    annotation_id INTEGER REFERENCES annotations(id),
    undone INTEGER NOT NULL DEFAULT 0,
    dropped INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX letters_case_number ON letters(case_number);
-- covering index: the case queue (newest decision first) reads only this index
CREATE INDEX letters_queue ON letters(decision_date DESC, id DESC, case_number, date_of_injury,
    decisions, overturned, review_state, corrections, has_warnings, file_name, version);
CREATE INDEX decisions_letter ON decisions(letter_id, position);
CREATE INDEX corrections_letter ON corrections(letter_id);
CREATE INDEX annotations_letter ON annotations(letter_id);
CREATE INDEX history_letter ON history(letter_id, id);
"""


def _migrate_to_v1(db: sqlite_utils.Database) -> None:
    db.executescript(_V1_TABLES)
    db["decisions"].enable_fts(DECISION_FTS_COLUMNS, create_triggers=True, tokenize="porter")
    db["letters"].enable_fts(LETTER_FTS_COLUMNS, create_triggers=True, tokenize="porter")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_migrate_to_v1]
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
        if path.is_dir():
            raise StoreError(f"The store path {path} is a folder, not a store file.")
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
            "Restore it from a backup, or choose another store file."
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


def open_database(path: Path) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the store at `path`; raise `StoreError` on failure."""
    _create_private_file(path)
    try:
        connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise explain(path, exc) from None
    try:
        db = sqlite_utils.Database(connection, execute_plugins=False)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = _schema_version(db, path)  # before anything is written to the file
        journal = next(iter(db.query("PRAGMA journal_mode = WAL")))["journal_mode"]
        if journal.lower() != "wal" and os.access(path, os.W_OK):
            raise StoreError(f"The store file {path} cannot use write-ahead logging ({journal}).")
        db.execute("PRAGMA synchronous = NORMAL")
        _migrate(db, version)
    except sqlite3.Error as exc:
        connection.close()
        raise explain(path, exc) from None
    except StoreError:
        connection.close()
        raise
    return db


def _schema_version(db: sqlite_utils.Database, path: Path) -> int:
    """The file's store version; `StoreError` for a newer store or another SQLite database.

    Read before the connection changes anything (not even the journal mode), so a file that
    is refused is left byte for byte as it was.
    """
    version = int(next(iter(db.query("PRAGMA user_version")))["user_version"])
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"The store file {path} was written by a newer imr-desk (store version {version}; "
            f"this one reads up to {SCHEMA_VERSION}). Update imr-desk to open it."
        )
    if version == 0 and db.table_names():
        raise StoreError(
            f"The file {path} is an SQLite database but not an imr-desk store; "
            "choose another store file."
        )
    return version


def _migrate(db: sqlite_utils.Database, version: int) -> None:
    """Upgrade a store of schema `version` to `SCHEMA_VERSION`, one transaction per step."""
    for index in range(version, SCHEMA_VERSION):
        with write_transaction(db):
            MIGRATIONS[index](db)
            db.execute(f"PRAGMA user_version = {index + 1}")


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: takes the write lock first, so no reader-turned-writer
    race between two processes; rolled back on any error (nothing half-written)."""
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")
