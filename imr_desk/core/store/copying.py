"""Copying letters from one store to another (``imr-desk store copy``): a desk's SQLite store
into the firm's PostgreSQL store, or the firm's into a file for a backup or a laptop.

Each letter out of the source's trash is copied with everything it has: its original file,
text, parse and layout, decisions, corrections, notes, review state and history (undo and redo
included, their links to the corrections and notes kept), and, for the copy of record of a case
new to the target, the case's service record and deadline statuses. A letter is written in one
transaction of the target: all of it or none of it. A letter whose file (sha256) the target
already holds is skipped and listed, so a second run copies nothing: the copy is idempotent.
Letters in the source's trash are listed, not copied.

In the target a copied letter joins its case as an import would (``cases.join_case``): a case
new to the target keeps the source's copy of record; a case the target already has takes the
letter as one more copy. Ids are the target's own. The columns copied are those both stores
have (both are at this imr-desk's schema version); the target's firm-wide deadline settings
are its own and are not copied. The large cells (parse, text, layout, a decision's stored
parse) take the target's form: compressed on SQLite, plain text on PostgreSQL, and the parse
with its decisions on PostgreSQL, without them (they are in their rows) on SQLite (`packing`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from imr_desk.core.store.cases import join_case
from imr_desk.core.store.connection import StoreConnection
from imr_desk.core.store.packing import LETTER_CONTENT_COLUMNS, for_store, joined_parse, parse_for_store, unpack
from imr_desk.core.store.schema import StoreError

# Columns never copied: the target makes its own ids, case grouping and search vectors.
_OWN_COLUMNS = frozenset({"id", "fts", "case_id", "case_key", "is_record", "copies"})


@dataclass
class CopiedLetter:
    """One letter of the source: its id there, its id in the target (None when not copied)."""

    source_id: int
    target_id: int | None
    case_number: str | None
    file_name: str
    reason: str = ""  # why it was not copied


@dataclass
class CopyReport:
    copied: list[CopiedLetter] = field(default_factory=list)
    skipped: list[CopiedLetter] = field(default_factory=list)


def _columns(connection: StoreConnection, table: str) -> list[str]:
    cursor = connection.db.execute(f"SELECT * FROM {table} LIMIT 0")
    return [str(column[0]) for column in cursor.description]


class _Copier:
    def __init__(self, source: StoreConnection, target: StoreConnection) -> None:
        self.source, self.target = source, target
        tables = ("letters", "letter_content", "decisions", "corrections", "annotations", "history",
                  "service_records", "deadline_status", "originals")
        self.columns = {table: _columns(target, table) for table in tables}

    def _insert(self, table: str, row: dict[str, Any], changes: dict[str, Any], *, returning: bool = False,
                ignore: bool = False) -> int:
        values = {name: row[name] for name in self.columns[table] if name in row and name not in _OWN_COLUMNS}
        values.update(changes)
        names = list(values)
        sql = (f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
               + (" ON CONFLICT DO NOTHING" if ignore else ""))
        if returning:
            return self.target.insert_returning_id(sql, list(values.values()))
        self.target.db.execute(sql, list(values.values()))
        return 0

    def _rows(self, table: str, letter_id: int) -> list[dict[str, Any]]:
        return list(self.source.db.query(f"SELECT * FROM {table} WHERE letter_id = ? ORDER BY 1", [letter_id]))

    def _repacked(self, row: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
        """`row` with its large cells (`columns`) in the target's form."""
        return {name: for_store(self.target, unpack(value)) if name in columns and value is not None else value
                for name, value in row.items()}

    def copy_letter(self, letter: dict[str, Any]) -> int:
        """Write one letter and everything it has into the target (inside its transaction)."""
        original = self.source.one("SELECT * FROM originals WHERE sha256 = ?", [letter["sha256"]])
        if original is None:
            raise StoreError(f"The letter {letter['id']} of the store {self.source.path} has no original file.")
        self._insert("originals", original, {}, ignore=True)
        new_id = self._insert("letters", letter, {}, returning=True)
        join_case(self.target, new_id, letter["case_key"])
        decisions = self._rows("decisions", letter["id"])
        for content in self._rows("letter_content", letter["id"]):
            parse = joined_parse(json.loads(unpack(content["parsed_json"])), decisions)
            content = {**content, "parsed_json": json.dumps(parse_for_store(self.target, parse), ensure_ascii=False)}
            self._insert("letter_content", self._repacked(content, LETTER_CONTENT_COLUMNS), {"letter_id": new_id})
        for decision in decisions:
            self._insert("decisions", self._repacked(decision, ("base_json",)), {"letter_id": new_id})
        corrections = {row["id"]: self._insert("corrections", row, {"letter_id": new_id}, returning=True)
                       for row in self._rows("corrections", letter["id"])}
        annotations = {row["id"]: self._insert("annotations", row, {"letter_id": new_id}, returning=True)
                       for row in self._rows("annotations", letter["id"])}
        for entry in self._rows("history", letter["id"]):
            self._insert("history", entry, {
                "letter_id": new_id,
                "correction_id": corrections.get(entry["correction_id"]),
                "annotation_id": annotations.get(entry["annotation_id"]),
            })
        self._copy_case_records(letter, new_id)
        return new_id

    def _copy_case_records(self, letter: dict[str, Any], new_id: int) -> None:
        """The case's service record and deadline statuses, when the letter is the copy of record
        of its case in both stores and the target's case has none of its own yet."""
        placed = self.target.one("SELECT case_id, is_record FROM letters WHERE id = ?", [new_id])
        if not letter["is_record"] or placed is None or not placed["is_record"] or letter["case_id"] is None:
            return
        for table in ("service_records", "deadline_status"):
            for row in self.source.db.query(f"SELECT * FROM {table} WHERE case_id = ?", [letter["case_id"]]):
                self._insert(table, row, {"case_id": placed["case_id"]}, ignore=True)


def copy_letters(
    source: StoreConnection, target: StoreConnection, *,
    progress: Callable[[CopiedLetter], None] | None = None,
) -> CopyReport:
    """Copy every letter of `source` out of its trash that `target` does not hold (by sha256)."""
    if str(source.path) == str(target.path):
        raise StoreError(f"The stores to copy from and to are the same ({source.path}).")
    copier = _Copier(source, target)
    report = CopyReport()
    letters = list(source.db.query(  # each case's copy of record first: it keeps its case's role
        "SELECT * FROM letters ORDER BY coalesce(case_id, id), is_record DESC, id"
    ))
    for letter in letters:
        found = CopiedLetter(letter["id"], None, letter["case_number"], letter["file_name"])
        if letter["removed_at"] is not None:
            found.reason = "in the trash of the source"
            report.skipped.append(found)
        elif (held := target.one("SELECT id FROM letters WHERE sha256 = ?", [letter["sha256"]])) is not None:
            found.reason = f"already in the target (letter {held['id']})"
            report.skipped.append(found)
        else:
            with target.plain_errors(), target.transaction():
                found.target_id = copier.copy_letter(letter)
            report.copied.append(found)
        if progress is not None:
            progress(found)
    return report
