"""Schema version 5: the firm's many desks, who a case is assigned to and who has it open.

- ``letters.assigned_to`` (a person's name as history records it, or NULL: nobody),
  ``assigned_by`` and ``assigned_at``: set on a case's copy of record by an assignment, which
  is an edit of its own (version-checked, in history, undoable). The partial index
  ``letters_assigned`` makes the "My letters" filter an indexed look-up.
- ``letter_presence``: one row per letter open at a desk (``desk``: one window's id for as long
  as it runs; ``person``: who sits at it), refreshed by the window while the letter stays open
  (``seen_at``, UTC ISO 8601) and deleted when it closes. A row older than the store's
  presence timeout is stale (the desk went away without closing). Presence is not an edit: it
  neither bumps the letter's version nor writes history.

The PostgreSQL store takes the same step (``pg_schema.PG_UPGRADES``, `PG_DESK_STEP`).
"""

from __future__ import annotations

import sqlite_utils

# A presence row not refreshed for this long is stale (its desk went away without closing the
# letter); an open letter's row is refreshed every `PRESENCE_REFRESH_SECONDS`.
PRESENCE_TIMEOUT_SECONDS = 120
PRESENCE_REFRESH_SECONDS = 30

# (table, column, declaration) added by version 5; the same on both backends.
V5_COLUMNS = (
    ("letters", "assigned_to", "TEXT"),
    ("letters", "assigned_by", "TEXT"),
    ("letters", "assigned_at", "TEXT"),
)

V5_INDEX = ("CREATE INDEX IF NOT EXISTS letters_assigned ON letters(assigned_to, case_id) "
            "WHERE assigned_to IS NOT NULL")

_V5_PRESENCE = """
CREATE TABLE IF NOT EXISTS letter_presence (
    letter_id INTEGER NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
    desk TEXT NOT NULL,
    person TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (letter_id, desk)
);
"""

# The PostgreSQL step taking a version 4 store to version 5 (same tables, PostgreSQL's types).
PG_DESK_STEP = """
ALTER TABLE letters ADD COLUMN IF NOT EXISTS assigned_to text;
ALTER TABLE letters ADD COLUMN IF NOT EXISTS assigned_by text;
ALTER TABLE letters ADD COLUMN IF NOT EXISTS assigned_at text;
CREATE INDEX IF NOT EXISTS letters_assigned ON letters(assigned_to, case_id) WHERE assigned_to IS NOT NULL;
CREATE TABLE IF NOT EXISTS letter_presence (
    letter_id bigint NOT NULL REFERENCES letters(id) ON DELETE CASCADE,
    desk text NOT NULL,
    person text NOT NULL,
    seen_at text NOT NULL,
    PRIMARY KEY (letter_id, desk)
);
"""


def migrate_to_v5(db: sqlite_utils.Database) -> None:
    """Add the assignment columns and the presence table to a version 4 store."""
    for table, column, declaration in V5_COLUMNS:  # a column already there is left as it is
        if column not in {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
    db.execute(V5_INDEX)
    db.executescript(_V5_PRESENCE)
