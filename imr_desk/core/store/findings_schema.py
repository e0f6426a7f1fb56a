"""Schema version 4: the findings in the store's summary columns, and the letters stored before them.

- ``decisions.category``: the decision's effective (corrected) treatment category as its
  one-line taxonomy label (``Pharmaceuticals · Opioids``), NULL for none; indexed, so the
  queue's category filter is one indexed lookup.
- ``letters.checks_warn`` / ``letters.checks_info``: how many checks of each severity the
  letter's effective values give (`letter_checks`), for the queue's "has checks" filter.

Letters imported before the analysis existed have no categories, citations, diagnoses or
checks in their stored parse: the migration analyses each such parse (`analyse.analysed`, never
re-reading the file) and writes it back, with its parsed decisions' base JSON, in the
migration's one transaction; then every letter's new columns are filled from its effective
values. `letter_checks` is also what the store runs after an edit (see ``read.read_record``).
This module imports no store module that imports ``schema`` (it is imported by it).
"""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils

from imr_desk.core.findings import Check
from imr_desk.core.model import Letter
from imr_desk.core.store.packing import LETTER_CONTENT_COLUMNS, joined_parse, unpacked_row
from imr_desk.core.store.rows import correction_from_row, decision_value, effective_letter

_V4_COLUMNS = (
    ("decisions", "category", "TEXT"),
    ("letters", "checks_warn", "INTEGER NOT NULL DEFAULT 0"),
    ("letters", "checks_info", "INTEGER NOT NULL DEFAULT 0"),
)
_V4_INDEX = "CREATE INDEX IF NOT EXISTS decisions_category ON decisions(category, letter_id) WHERE active = 1"


def letter_checks(letter: Letter) -> list[Check]:
    """The checks of a letter's current values (the analysis' own, then the deadline rules'),
    as `analyse` computes them; categories and citations are taken as they stand. (The
    analysis is imported on first use: opening a store need not load its lexicons.)"""
    from imr_desk.core.analysis.checks import find_checks
    from imr_desk.core.deadlines.checks import deadline_checks

    return find_checks(letter) + deadline_checks(letter)


def check_counts(checks: list[Check]) -> tuple[int, int]:
    """(warn, info): how many checks of each severity."""
    warn = sum(1 for check in checks if check.severity == "warn")
    return warn, len(checks) - warn


def needs_analysis(data: dict[str, Any]) -> bool:
    """True for a stored parse written before the analysis: no ``checks``, or a decision
    without a ``category`` key."""
    decisions = data.get("decisions") or []
    return "checks" not in data or any(isinstance(d, dict) and "category" not in d for d in decisions)


def _analyse_stored(
    db: sqlite_utils.Database, letter_id: int, content: dict[str, Any], rows: list[dict[str, Any]]
) -> None:
    """Analyse one stored parse and write it back, with its parsed decisions' base JSON."""
    from imr_desk.core.analysis.analyse import analysed

    letter = Letter.from_json(joined_parse(json.loads(content["parsed_json"]), rows))
    letter.text = content["text"]
    analysed(letter)
    data = letter.to_json()
    data.pop("text", None)
    db.execute("UPDATE letter_content SET parsed_json = ? WHERE letter_id = ?",
               [json.dumps(data, ensure_ascii=False), letter_id])
    for index, decision in enumerate(letter.decisions):
        db.execute(
            "UPDATE decisions SET base_json = ? WHERE letter_id = ? AND key = ? AND added = 0",
            [json.dumps(decision.to_json(), ensure_ascii=False), letter_id, f"p{index}"],
        )


def _content(db: sqlite_utils.Database, letter_id: int) -> dict[str, Any] | None:
    """The letter's ``letter_content`` row, its cells plain (packed ones unpacked)."""
    row = next(iter(db.query("SELECT * FROM letter_content WHERE letter_id = ?", [letter_id])), None)
    return None if row is None else unpacked_row(row, LETTER_CONTENT_COLUMNS)


def _decision_rows(db: sqlite_utils.Database, letter_id: int) -> list[dict[str, Any]]:
    return [unpacked_row(row, ("base_json",)) for row in db.query(
        "SELECT id, key, added, gone, base_json FROM decisions WHERE letter_id = ? ORDER BY added, id", [letter_id])]


def fill_findings(db: sqlite_utils.Database, letter_id: int) -> None:
    """Write one letter's findings columns from its effective values (parse and corrections)."""
    content = _content(db, letter_id)
    if content is None:
        return  # a damaged letter: the store's damage check names it
    rows = _decision_rows(db, letter_id)
    if needs_analysis(joined_parse(json.loads(content["parsed_json"]), rows)):
        _analyse_stored(db, letter_id, content, rows)
        content = _content(db, letter_id) or content
        rows = _decision_rows(db, letter_id)
    parsed = Letter.from_json(joined_parse(json.loads(content["parsed_json"]), rows))
    parsed.text = content["text"]
    corrections = [correction_from_row(row) for row in db.query(
        "SELECT * FROM corrections WHERE letter_id = ? AND active = 1 ORDER BY id", [letter_id])]
    letter, keys = effective_letter(parsed, rows, corrections, None)
    if corrections:
        letter.checks = letter_checks(letter)
    warn, info = check_counts(letter.checks)
    db.execute("UPDATE letters SET checks_warn = ?, checks_info = ?, has_warnings = ? WHERE id = ?",
               [warn, info, int(bool(letter.warnings)), letter_id])
    for key, decision in zip(keys, letter.decisions):
        db.execute("UPDATE decisions SET category = ? WHERE letter_id = ? AND key = ?",
                   [decision_value(decision, "category"), letter_id, key])


def migrate_to_v4(db: sqlite_utils.Database) -> None:
    """Add the findings columns to a version 3 store and fill them (one transaction)."""
    for table, column, declaration in _V4_COLUMNS:  # a column already there (a store put back
        # to an older version by hand, keeping it) is left as it is
        if column not in {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
    db.execute(_V4_INDEX)
    for (letter_id,) in db.execute("SELECT id FROM letters ORDER BY id").fetchall():
        fill_findings(db, int(letter_id))
