"""Schema version 9: on PostgreSQL the full-text vectors in narrow tables of their own, and on
both backends a queue index covering every column the queue sorts by.

Up to version 8 each ``tsvector`` was a generated column of the wide ``decisions`` and
``letters`` rows. A search's ranking window (``ranking``) walks the newest rows of an index
until enough of them match, testing each row's vector: with the vectors inside the wide rows
that walk read the decision texts' pages and detoasted each vector, about 5 µs a row, and an
everyday query walked 10,000 of them at 100,000 letters (25 ms median, docs/performance.md
"Scale"). Version 9 keeps each vector in a narrow row — ``decisions_search`` (decision id, its
letter's id, the vector) and ``letters_search`` (letter id, the vector) — stored inline
(``STORAGE MAIN``: compressed in the row rather than moved out of it), so the walk reads a
few small pages and the GIN indexes sit on those tables.

Triggers keep them in step, as SQLite's triggers keep its FTS5 tables: a new decision or
letter gets its row, and an update of a searched column (or of a decision's letter) rewrites
it; a row goes with its decision or letter (``ON DELETE CASCADE``). The vectors are the same
expressions as before, so every search finds what it found at version 8. The step moves the
existing vectors across as they are (no text is parsed again: a second or two at 100,000
letters) and drops the old columns with their indexes.

The same step makes the queue's index ``letters_queue`` cover the queue's columns (``INCLUDE``),
as SQLite's has since version 1: sorting 100,000 cases by another column than the decision
date read every wide letter row (a sequential scan, 50–60 ms of the 110–150) and now reads the
index alone (about 18 MB at 100,000 letters).

On SQLite the FTS5 tables are narrow already; its ``letters_queue`` has covered the queue's
columns since version 1, and `migrate_to_v9` adds the three the Marks and Assigned to sorts
read (``ocr``, ``assigned_to``, ``upheld``): those sorts read every letter row before (210 ms
at 100,000 letters), the index now (≈ 50 ms).
"""

from __future__ import annotations

import sqlite_utils

from imr_desk.core.store.base_schema import DECISION_FTS_COLUMNS, LETTER_FTS_COLUMNS

# The full-text index names the search code uses (SQLite's FTS5 tables) → PostgreSQL's tables.
PG_SEARCH_TABLES = {"decisions_fts": "decisions_search", "letters_fts": "letters_search"}

DECISION_WORDS = ("coalesce(NEW.request, '') || ' ' || coalesce(NEW.claims_administrator_guideline, '') || ' ' "
                  "|| coalesce(NEW.maximus_guideline, '') || ' ' || coalesce(NEW.rationale, '')")
LETTER_WORDS = "coalesce(NEW.case_number, '') || ' ' || NEW.case_summary || ' ' || NEW.notes"
_DECISION_COLUMNS = ("letter_id", *DECISION_FTS_COLUMNS)  # a change of these rewrites the row
_LETTER_COLUMNS = LETTER_FTS_COLUMNS


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column in columns)


def _kept_by_triggers(table: str, function: str, keys: tuple[str, ...], words: str, columns: tuple[str, ...]) -> str:
    """The PL/pgSQL function writing `table`'s row of ``{table}_search`` (its `keys` and the
    vector of `words`), and the triggers running it on each new row and on each update that
    changes one of `columns`."""
    names = ", ".join((*keys, "fts"))
    values = ", ".join((*(f"NEW.{key}" for key in keys), f"to_tsvector('english'::regconfig, {words})"))
    updated = ", ".join(f"{name} = EXCLUDED.{name}" for name in (*keys[1:], "fts"))
    return f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
    INSERT INTO {table}_search ({names}) VALUES ({values})
        ON CONFLICT (id) DO UPDATE SET {updated};
    RETURN NULL;
END
$body$;
CREATE TRIGGER {table}_search_new AFTER INSERT ON {table}
    FOR EACH ROW EXECUTE FUNCTION {function}();
CREATE TRIGGER {table}_search_changed AFTER UPDATE OF {", ".join(columns)} ON {table}
    FOR EACH ROW WHEN ({_changed(columns)}) EXECUTE FUNCTION {function}();"""


PG_SEARCH_TABLES_STEP = f"""
CREATE TABLE decisions_search (
    id bigint PRIMARY KEY REFERENCES decisions(id) ON DELETE CASCADE,
    letter_id bigint NOT NULL,
    fts tsvector NOT NULL
);
ALTER TABLE decisions_search ALTER COLUMN fts SET STORAGE MAIN;
CREATE TABLE letters_search (
    id bigint PRIMARY KEY REFERENCES letters(id) ON DELETE CASCADE,
    fts tsvector NOT NULL
);
ALTER TABLE letters_search ALTER COLUMN fts SET STORAGE MAIN;
INSERT INTO decisions_search (id, letter_id, fts) SELECT id, letter_id, fts FROM decisions;
INSERT INTO letters_search (id, fts) SELECT id, fts FROM letters;
ALTER TABLE decisions DROP COLUMN fts;
ALTER TABLE letters DROP COLUMN fts;
DROP INDEX letters_queue;
CREATE INDEX letters_queue ON letters(decision_date DESC NULLS LAST, id DESC)
    INCLUDE (case_number, date_of_injury, decisions, upheld, overturned, review_state, corrections, has_warnings,
             file_name, version, ocr, copies, assigned_to)
    WHERE is_record = 1 AND removed_at IS NULL;
CREATE INDEX decisions_search_fts ON decisions_search USING gin (fts);
CREATE INDEX letters_search_fts ON letters_search USING gin (fts);
{_kept_by_triggers("decisions", "imr_desk_decision_words", ("id", "letter_id"), DECISION_WORDS, _DECISION_COLUMNS)}
{_kept_by_triggers("letters", "imr_desk_letter_words", ("id",), LETTER_WORDS, _LETTER_COLUMNS)}
"""


_V9_SQLITE_QUEUE_INDEX = """
DROP INDEX IF EXISTS letters_queue;
CREATE INDEX letters_queue ON letters(decision_date DESC, id DESC, case_number, date_of_injury,
    decisions, overturned, review_state, corrections, has_warnings, file_name, version, copies,
    ocr, assigned_to, upheld)
    WHERE is_record = 1 AND removed_at IS NULL;
"""


def migrate_to_v9(db: sqlite_utils.Database) -> None:
    """Version 8 → 9 on SQLite: ``letters_queue`` covers the Marks and Assigned to sorts too."""
    db.executescript(_V9_SQLITE_QUEUE_INDEX)
