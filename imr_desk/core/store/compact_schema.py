"""Schema version 6: a letter's large cells kept compressed on SQLite, and compacting the file.

A new SQLite store writes each letter's parse, text and page layout (``letter_content``) and
each decision's stored parse (``decisions.base_json``) in the compact form of `packing`
(zlib, a marked BLOB), and its parse without the decisions (each parsed decision is kept once,
in its row): about a third of the bytes of a letter besides its original file. `migrate_to_v6`
rewrites the cells of a version 5 store in that form, every letter in the migration's one
transaction (all or nothing; readers take either form, so nothing else changes). A parse whose
decisions are not exactly those of its rows (never written so by imr-desk) keeps them. The
columns keep their names and declarations: SQLite stores a BLOB in a ``TEXT`` column as it
is, so no table is rebuilt.

SQLite does not give the freed pages back to the file system by itself: after the upgrade the
file keeps its size (its free pages are reused by the next imports) until it is compacted with
``VACUUM`` (`compact_file`, or ``sqlite3 FILE VACUUM``), which rewrites the whole file and needs
as much free disk as the store's size; it is not run on opening, so opening a large store stays
quick.

PostgreSQL needs nothing (`PG_COMPACT_STEP`): its ``text`` cells larger than 2 KB are already
compressed by the server (TOAST), so the PostgreSQL store keeps plain text.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import sqlite_utils

from imr_desk.core.store.packing import LETTER_CONTENT_COLUMNS, pack_text, parsed_decision_rows, unpack

# The PostgreSQL store's step to version 6: a statement that changes nothing (TOAST already
# compresses its large text cells; see the module docstring).
PG_COMPACT_STEP = "SELECT 1;"

_BATCH = 200


def _pack_letter_content(db: sqlite_utils.Database) -> None:
    last = 0
    plain = " OR ".join(f"typeof({name}) = 'text'" for name in LETTER_CONTENT_COLUMNS)
    while True:
        rows = db.execute(
            f"SELECT letter_id, {', '.join(LETTER_CONTENT_COLUMNS)} FROM letter_content "
            f"WHERE letter_id > ? AND ({plain}) ORDER BY letter_id LIMIT {_BATCH}", [last]
        ).fetchall()
        if not rows:
            return
        for letter_id, *cells in rows:
            cells[0] = _parse_without_decisions(db, letter_id, cells[0])
            packed = [pack_text(cell) if isinstance(cell, str) else cell for cell in cells]
            db.execute(
                f"UPDATE letter_content SET {', '.join(f'{name} = ?' for name in LETTER_CONTENT_COLUMNS)} "
                "WHERE letter_id = ?", [*packed, letter_id]
            )
        last = rows[-1][0]


def _parse_without_decisions(db: sqlite_utils.Database, letter_id: int, parse_json: Any) -> Any:
    """The stored parse without its decisions when they are exactly its parsed decision rows'
    (the rows keep them); otherwise, or for a cell that is not JSON text, as it is."""
    if not isinstance(parse_json, str):
        return parse_json
    try:
        data = json.loads(parse_json)
        columns = ("key", "added", "gone", "base_json")
        rows = [dict(zip(columns, row)) for row in db.execute(
            "SELECT key, added, gone, base_json FROM decisions WHERE letter_id = ?", [letter_id]).fetchall()]
        in_rows = [json.loads(unpack(row["base_json"])) for row in parsed_decision_rows(rows)]
    except (ValueError, TypeError):
        return parse_json  # a damaged cell stays as it is: the damage check names it
    if not isinstance(data, dict) or data.get("decisions") != in_rows:
        return parse_json
    return json.dumps({name: value for name, value in data.items() if name != "decisions"}, ensure_ascii=False)


def _pack_decisions(db: sqlite_utils.Database) -> None:
    last = 0
    while True:
        rows = db.execute(
            "SELECT id, base_json FROM decisions WHERE id > ? AND typeof(base_json) = 'text' "
            f"ORDER BY id LIMIT {_BATCH}", [last]
        ).fetchall()
        if not rows:
            return
        for row_id, base_json in rows:
            db.execute("UPDATE decisions SET base_json = ? WHERE id = ?", [pack_text(base_json), row_id])
        last = rows[-1][0]


def migrate_to_v6(db: sqlite_utils.Database) -> None:
    """Rewrite a version 5 store's large cells in the compact form (inside the migration's
    transaction); cells already packed are left as they are."""
    _pack_letter_content(db)
    _pack_decisions(db)


def compact_file(connection: sqlite3.Connection) -> tuple[int, int]:
    """``VACUUM`` the store (outside any transaction): the file gives its free pages back.
    Returns (bytes before, bytes after), counted in pages."""

    def size() -> int:
        pages = int(connection.execute("PRAGMA page_count").fetchone()[0])
        return pages * int(connection.execute("PRAGMA page_size").fetchone()[0])

    before = size()
    connection.execute("VACUUM")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return before, size()
