"""Schema version 3: service records, deadline statuses, the firm's deadline settings and the
materialised deadlines of every case.

- ``service_records``: one row per case (``case_id``, as ``letters.case_id``) with the values
  the user entered (NULL: not entered, the spec's default applies); ``rev`` counts its changes.
- ``deadline_status``: the firm's status of a case's deadline of one kind (open/done/dismissed,
  the day done, a note). No row: open.
- ``deadline_settings``: one firm-wide row (holidays added or removed, the firm's side) with its
  own ``version`` that a settings write is checked against.
- ``case_deadlines``: each live case's computed deadlines (due date, assumed, basis JSON), by its
  copy of record; it makes the queue's "next deadline" one indexed query.
- ``deadline_dirty``: the cases to recompute, marked by triggers on ``letters`` (decision date,
  overturned count, copy of record, trash, case) and ``service_records``, and for every case
  when the settings change; reading deadlines recomputes them and empties it.
"""

from __future__ import annotations

import sqlite_utils

_V3_TABLES = """
CREATE TABLE service_records (
    case_id INTEGER PRIMARY KEY,
    served_on TEXT,
    served_by TEXT CHECK (served_by IS NULL OR served_by IN ('mail', 'fax', 'email', 'personal')),
    address TEXT CHECK (address IS NULL OR address IN ('california', 'us', 'abroad')),
    received_on TEXT,
    rev INTEGER NOT NULL DEFAULT 0,
    user TEXT,
    changed_at TEXT
);
CREATE TABLE deadline_status (
    case_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dismissed')),
    done_on TEXT,
    note TEXT NOT NULL DEFAULT '',
    user TEXT,
    changed_at TEXT,
    PRIMARY KEY (case_id, kind)
);
CREATE TABLE deadline_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    settings_json TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    user TEXT,
    changed_at TEXT
);
CREATE TABLE case_deadlines (
    case_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    letter_id INTEGER NOT NULL,
    due TEXT NOT NULL,
    assumed INTEGER NOT NULL,
    basis TEXT NOT NULL,
    PRIMARY KEY (case_id, kind)
);
CREATE INDEX case_deadlines_due ON case_deadlines(due, kind);
CREATE INDEX case_deadlines_letter ON case_deadlines(letter_id, due);
-- the cases whose deadlines must be recomputed: every change of what they are computed from
-- marks its case here, whichever code made it (import, edit, re-parse, trash, service record)
CREATE TABLE deadline_dirty (
    case_id INTEGER PRIMARY KEY
);
CREATE TRIGGER deadline_dirty_letter_insert AFTER INSERT ON letters BEGIN
    INSERT OR IGNORE INTO deadline_dirty (case_id) VALUES (ifnull(NEW.case_id, NEW.id));
END;
CREATE TRIGGER deadline_dirty_letter_update
AFTER UPDATE OF decision_date, overturned, is_record, removed_at, case_id ON letters
WHEN OLD.decision_date IS NOT NEW.decision_date OR OLD.overturned IS NOT NEW.overturned
    OR OLD.is_record IS NOT NEW.is_record OR OLD.removed_at IS NOT NEW.removed_at
    OR OLD.case_id IS NOT NEW.case_id
BEGIN
    INSERT OR IGNORE INTO deadline_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL;
    INSERT OR IGNORE INTO deadline_dirty (case_id) SELECT NEW.case_id WHERE NEW.case_id IS NOT NULL;
END;
CREATE TRIGGER deadline_dirty_letter_delete AFTER DELETE ON letters BEGIN
    INSERT OR IGNORE INTO deadline_dirty (case_id) SELECT OLD.case_id WHERE OLD.case_id IS NOT NULL;
END;
CREATE TRIGGER deadline_dirty_service_insert AFTER INSERT ON service_records BEGIN
    INSERT OR IGNORE INTO deadline_dirty (case_id) VALUES (NEW.case_id);
END;
CREATE TRIGGER deadline_dirty_service_update AFTER UPDATE ON service_records BEGIN
    INSERT OR IGNORE INTO deadline_dirty (case_id) VALUES (NEW.case_id);
END;
"""


def migrate_to_v3(db: sqlite_utils.Database) -> None:
    """Add the deadline tables to a version 2 store (one transaction); deadlines are computed
    the first time they are read."""
    db.executescript(_V3_TABLES)
    db.execute("INSERT OR IGNORE INTO deadline_dirty (case_id) SELECT DISTINCT case_id FROM letters "
               "WHERE case_id IS NOT NULL")
