"""Schema version 1 of the SQLite store: the base tables, their indexes and full-text search.

Every later version is a migration of its own (``case_schema`` 2, ``deadline_schema`` 3,
``findings_schema`` 4, ``desk_schema`` 5, ``compact_schema`` 6, ``search_schema`` 7 and 8,
``pg_search_schema`` 9), run in order by ``schema`` (`MIGRATIONS`); ``docs/store.md``
describes each table as it is now. The full-text tables are sqlite-utils' external-content
FTS5 tables (porter stemming) with its triggers; version 8 narrowed the letters' update trigger.
"""

from __future__ import annotations

import sqlite_utils

from imr_desk.core.fields import DECISION_FINDING_FIELD_NAMES
from imr_desk.core.model import DECISION_TEXT_FIELDS

# Columns of the decisions table that hold the effective values of a decision (the treatment
# category as its one-line label, from schema version 4).
DECISION_COLUMNS = (*DECISION_TEXT_FIELDS, *DECISION_FINDING_FIELD_NAMES)
DECISION_FTS_COLUMNS = ("request", "claims_administrator_guideline", "maximus_guideline", "rationale")
LETTER_FTS_COLUMNS = ("case_number", "case_summary", "notes")


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


def migrate_to_v1(db: sqlite_utils.Database) -> None:
    """Version 0 (an empty file) → 1: the base tables and their full-text indexes."""
    db.executescript(_V1_TABLES)
    db.table("decisions").enable_fts(DECISION_FTS_COLUMNS, create_triggers=True, tokenize="porter")
    db.table("letters").enable_fts(LETTER_FTS_COLUMNS, create_triggers=True, tokenize="porter")
