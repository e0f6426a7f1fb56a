"""Store schema version 2: cases (one case, several copies of its letter) and the trash.

A *case* is every stored letter with the same case number: a second file of one case (a
``pdftotext`` copy, a fax, a re-scan, an amended letter) is stored as another *copy* of it, not
as a new letter. Letters without a case number are each a case of their own. Version 2 adds to
``letters``:

- ``case_key``: the letter's case number when it joined the store, normalised by `case_key()`
  (upper case, no white space); NULL when it has none. An import joins the case whose letters
  have its key.
- ``case_id``: the case the letter belongs to (the id of the case's first letter).
- ``is_record``: 1 for the case's *copy of record*, the copy whose values (with its
  corrections, notes and review) stand for the case in the queue, search, exports and reports;
  exactly one letter of a case that is not in the trash has it. A letter in the trash keeps
  the flag it had when it was removed (so a restore can make it the copy of record again).
- ``copies``: how many copies of its case are out of the trash (kept on every copy).
- ``removed_at``, ``removed_by``: set while the letter is in the trash (NULL otherwise).

The queue's covering index becomes a partial index over the copies of record out of the trash.
Upgrading a store groups the letters it already holds by case number: the copy with the most
history (edits) becomes the copy of record, the first imported among equals. This module
imports nothing of the store (``schema`` imports it).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

import sqlite_utils

_V2_CHANGES = """
ALTER TABLE letters ADD COLUMN case_key TEXT;
ALTER TABLE letters ADD COLUMN case_id INTEGER;
ALTER TABLE letters ADD COLUMN is_record INTEGER NOT NULL DEFAULT 1;
ALTER TABLE letters ADD COLUMN copies INTEGER NOT NULL DEFAULT 1;
ALTER TABLE letters ADD COLUMN removed_at TEXT;
ALTER TABLE letters ADD COLUMN removed_by TEXT;
DROP INDEX IF EXISTS letters_queue;
-- covering index: the case queue (one row per case, newest decision first) reads only this index
CREATE INDEX letters_queue ON letters(decision_date DESC, id DESC, case_number, date_of_injury,
    decisions, overturned, review_state, corrections, has_warnings, file_name, version, copies)
    WHERE is_record = 1 AND removed_at IS NULL;
CREATE INDEX letters_case ON letters(case_id);
CREATE INDEX letters_case_key ON letters(case_key);
-- the few letters that do not stand for their own case: search maps them to their case
CREATE INDEX letters_not_standing ON letters(case_id, removed_at) WHERE is_record = 0 OR removed_at IS NOT NULL;
"""

_SPACE = re.compile(r"\s+")


def case_key(case_number: str | None) -> str | None:
    """The key two letters of one case share: the case number upper-cased, white space removed."""
    if not case_number:
        return None
    key = _SPACE.sub("", case_number).upper()
    return key or None


def migrate_to_v2(db: sqlite_utils.Database) -> None:
    """Add cases, copies of record and the trash to a version 1 store (one transaction)."""
    db.executescript(_V2_CHANGES)
    edits = dict(db.execute("SELECT letter_id, count(*) FROM history GROUP BY letter_id").fetchall())
    groups: dict[str, list[int]] = defaultdict(list)
    alone: list[int] = []  # no case number: each letter is a case of its own
    for letter_id, case_number in db.execute("SELECT id, case_number FROM letters ORDER BY id").fetchall():
        key = case_key(case_number)
        (alone if key is None else groups[key]).append(letter_id)
    db.execute("UPDATE letters SET case_id = id WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(alone)])
    for key, letter_ids in groups.items():
        record = min(letter_ids, key=lambda letter_id: (-edits.get(letter_id, 0), letter_id))
        for letter_id in letter_ids:
            db.execute(
                "UPDATE letters SET case_key = ?, case_id = ?, is_record = ?, copies = ? WHERE id = ?",
                [key, letter_ids[0], int(letter_id == record), len(letter_ids), letter_id],
            )
