"""Schema versions 7 and 8, for full-text search: the narrow index from a decision to its
letter (7), and the letters' search row rewritten only when a searched column changes (8).

A search's full-text match on decisions yields decision row ids (FTS5 rowids); the queue needs
each one's letter. On SQLite ``decisions_fts`` is an external-content FTS5 table over
``decisions``, so any column it returns (an ``UNINDEXED`` ``letter_id`` too) is read from the
large decision row itself; the index ``decisions_owner`` (decision id, letter id: about 20 bytes
an entry) answers the same look-up from a few small pages, in the rowid order FTS5 yields its
matches in (``dialect.SqliteDialect.fts_owners`` and the ranking window take it with
``INDEXED BY``). At 100,000 letters it halves the cost of finding every matching case of an
everyday query (docs/performance.md, "Scale"). It is an index, kept by SQLite itself: no
trigger, and nothing changes in how letters are written. `migrate_to_v7` builds it on a
version 6 store (about a second at 100,000 letters).

PostgreSQL needs nothing (`PG_SEARCH_STEP`): its match comes from the GIN index on the
``tsvector`` column, whose heap rows are read anyway (a GIN index returns no columns), so an
index on (id, letter_id) would not be used.

Version 8: the trigger ``letters_au`` that sqlite-utils' ``enable_fts`` made deleted and
re-inserted a letter's ``letters_fts`` row on EVERY update of the letter (a version bump, a
review state, each copy's ``copies`` count when a case gains a copy), though only
``case_number``, ``case_summary`` and ``notes`` are searched; `migrate_to_v8` makes it fire on
updates OF those columns only (an import of a case's 50th copy spent 2.26 ms a letter in it,
now 0.28). PostgreSQL needs nothing (`PG_FTS_TRIGGER_STEP`): its ``fts`` column is generated.
"""

from __future__ import annotations

import sqlite_utils

# The index the look-up of a decision's letter names (``INDEXED BY``): keep the name in step.
DECISION_OWNER_INDEX = "decisions_owner"

_V7_INDEX = f"CREATE INDEX IF NOT EXISTS {DECISION_OWNER_INDEX} ON decisions(id, letter_id)"

# The PostgreSQL store's step to version 7: a statement that changes nothing (see above).
PG_SEARCH_STEP = "SELECT 1;"


def migrate_to_v7(db: sqlite_utils.Database) -> None:
    """Version 6 → 7: the index from a decision's id to its letter's (`DECISION_OWNER_INDEX`)."""
    db.execute(_V7_INDEX)


_V8_TRIGGER = """
DROP TRIGGER IF EXISTS letters_au;
CREATE TRIGGER letters_au AFTER UPDATE OF case_number, case_summary, notes ON letters BEGIN
  INSERT INTO letters_fts (letters_fts, rowid, case_number, case_summary, notes)
    VALUES ('delete', old.rowid, old.case_number, old.case_summary, old.notes);
  INSERT INTO letters_fts (rowid, case_number, case_summary, notes)
    VALUES (new.rowid, new.case_number, new.case_summary, new.notes);
END;
"""

# The PostgreSQL store's step to version 8: a statement that changes nothing (see above).
PG_FTS_TRIGGER_STEP = "SELECT 1;"


def migrate_to_v8(db: sqlite_utils.Database) -> None:
    """Version 7 → 8: ``letters_au`` fires only when a searched column of the letter changes."""
    db.executescript(_V8_TRIGGER)
