"""Upgrading a store of schema version 1 (one letter per file) groups its letters into cases.

A store written before cases existed may hold the same case twice (issue 12 item 4): opening it
files both letters under one case, makes the copy with edits the copy of record (the first
imported among equals), and leaves every correction, note and history entry where it was.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import sqlite_utils

from imr_desk.core.model import Letter
from imr_desk.core.store import Store
from imr_desk.core.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.support.store_fixtures import invented_letter, line_layout


def _v1_letter(db: sqlite_utils.Database, letter: Letter, *, reviewed: bool = False) -> int:
    """Store `letter` the way imr-desk with schema version 1 did (no case columns)."""
    data = letter.text.encode()
    db.execute("INSERT INTO originals (sha256, kind, size, content) VALUES (?, 'text', ?, ?)",
               [letter.source.sha256, len(data), data])
    cursor = db.execute(
        "INSERT INTO letters (sha256, file_name, kind, pages, imported_at, imported_by, case_number, "
        "decision_date, decisions, review_state) VALUES (?, ?, 'text', 1, '2026-01-05T10:00:00Z', 'tester', "
        "?, ?, ?, ?)",
        [letter.source.sha256, letter.source.file, letter.header.case_number, letter.header.decision_date,
         len(letter.decisions), "verified" if reviewed else "unreviewed"],
    )
    letter_id = int(cursor.lastrowid)
    parsed = letter.to_json()
    parsed.pop("text")
    db.execute("INSERT INTO letter_content (letter_id, parsed_json, text, layout_json) VALUES (?, ?, ?, ?)",
               [letter_id, json.dumps(parsed), letter.text, json.dumps(line_layout(letter.text))])
    for index, decision in enumerate(letter.decisions):
        db.execute("INSERT INTO decisions (letter_id, key, position, request, outcome, base_json) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   [letter_id, f"p{index}", index, decision.request, decision.outcome, json.dumps(decision.to_json())])
    if reviewed:
        db.execute("INSERT INTO history (letter_id, action, target, before, after, user, created_at) "
                   "VALUES (?, 'review', 'Review state', '\"unreviewed\"', '\"verified\"', 'jdoe', "
                   "'2026-01-06T09:00:00Z')", [letter_id])
    return letter_id


def _copy_of(letter: Letter, note: str) -> Letter:
    import hashlib

    letter.text += note + "\n"
    letter.source.sha256 = hashlib.sha256(letter.text.encode()).hexdigest()
    return letter


def test_a_version_1_store_is_upgraded_to_cases_and_keeps_every_edit(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    connection = sqlite3.connect(path)
    db = sqlite_utils.Database(connection)
    MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    first = _v1_letter(db, invented_letter("CM16-9000001"))
    reviewed = _v1_letter(db, _copy_of(invented_letter("cm16-9000001 "), "Faxed."), reviewed=True)
    other = _v1_letter(db, invented_letter("CM16-9000002"))
    nameless = invented_letter("CM16-9000003")
    nameless.header.case_number = None
    alone = _v1_letter(db, nameless)
    connection.commit()
    connection.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 2
        assert store.count() == 3
        rows = {row.letter_id: row for row in store.queue()}
        assert sorted(rows) == [reviewed, other, alone]  # the copy with edits is the case's copy of record
        assert (rows[reviewed].copies, rows[reviewed].review_state) == (2, "verified")
        assert [c.letter_id for c in store.copies(first)] == [first, reviewed]
        assert store.load(first).read_only and store.history(reviewed)[0].after == "verified"
        assert store.find_letter("CM16-9000001") == reviewed
