"""Schema version 7: the narrow index from a decision to its letter, for full-text search.

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
