"""Schema version 3: service records, deadline statuses, the firm's deadline settings and the
materialised deadlines of every case.

- ``service_records``: one row per case (``case_id``, as ``letters.case_id``) with the values
  the user entered (NULL: not entered, the spec's default applies); ``rev`` counts its changes.
- ``deadline_status``: the firm's status of a case's deadline of one kind (open/done/dismissed,
  the day done, a note). No row: open.
- ``deadline_settings``: one firm-wide row (holidays added or removed, the firm's side) with its
  own ``version`` that a settings write is checked against.
- ``case_deadlines``: each live case's computed deadlines (due date, assumed, basis JSON), by its
  copy of record, refreshed whenever what they are computed from changed (``deadline_inputs``
  holds that key per case); it makes the queue's "next deadline" one indexed query.
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
CREATE TABLE deadline_inputs (
    case_id INTEGER PRIMARY KEY,
    inputs TEXT NOT NULL
);
"""


def migrate_to_v3(db: sqlite_utils.Database) -> None:
    """Add the deadline tables to a version 2 store (one transaction); deadlines are computed
    the first time they are read."""
    db.executescript(_V3_TABLES)
