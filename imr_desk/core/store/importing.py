"""Importing letter files into the store, and re-parsing stored letters with a newer parser.

One file is read once: its bytes are hashed (a letter already stored is reported as a
duplicate without parsing), parsed and analysed with `analysis.analyse.read_letter` (so the
stored letter carries its categories, citations, diagnoses and checks), and written in ONE transaction
(original bytes, parsed letter, text, page layout, decision rows, summary, its case; on SQLite
the large cells compressed, see `packing`), so an
interrupted import leaves either the whole letter or nothing. A file of a case already in the
store (same case number, other bytes: a ``pdftotext`` copy, a fax, a re-scan, an amended
letter) is stored as one more copy of that case ("copy" result); the case's copy of record
stays as it was. Bad files become "error" results carrying the spec's `LetterError`; they are
never stored. Everything here works on the open `StoreConnection` it is given.

The write is two steps: `prepare_letter` makes everything that needs no database (the JSON
texts, SQLite's compressed cells: a picklable `PreparedLetter`, which `import_pool`'s workers
make), `store_prepared` runs only the SQL; `store_letter` does both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imr_desk.core.model import DECISION_TEXT_FIELDS, Letter, LetterError
from imr_desk.core.reading.document import CancelCheck, Document, ProgressCallback, sha256_hex
from imr_desk.core.reading.files import display_name, read_file_bytes
from imr_desk.core.records import Correction
from imr_desk.core.store.cases import join_case
from imr_desk.core.store.connection import ANY_VERSION, StoreConnection
from imr_desk.core.store.edits import letter_edit, write_summary
from imr_desk.core.store.packing import for_store, parse_for_store
from imr_desk.core.store.read import decision_rows, letter_content, original_bytes, parsed_letter
from imr_desk.core.store.rows import (
    DECISION_FIELD,
    correction_from_row,
    current_user,
    get_letter_field,
    loads,
    parsed_decision_value,
    utc_now,
)

# The files an import picks up in a folder (and that `imr-desk report` takes for file names).
LETTER_SUFFIXES = (".pdf", ".txt")


@dataclass
class ImportResult:
    """What became of one file: "imported", "copy" (stored as another copy of a case already
    in the store: `letter_id` is the new copy, `copy_of` the case's copy of record),
    "duplicate" (these very bytes are stored already: `letter_id` is that letter, or None when
    it is in the trash), "error", or "cancelled" (the user stopped the import while this file
    was being read, e.g. during its OCR; nothing of it was stored)."""

    path: str
    status: str
    letter_id: int | None
    case_number: str | None
    error: LetterError | None
    message: str
    copy_of: int | None = None


def failed_result(path: Path, error: LetterError) -> ImportResult:
    """The "error" result of a file: the spec's error, its message naming the file."""
    return ImportResult(str(path), "error", None, None, error, f"{error.message} [{error.code}]")


def import_file(
    connection: StoreConnection, path: Path, *, progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ImportResult:
    name = display_name(path)
    try:
        data = read_file_bytes(path, name)
    except LetterError as error:
        return failed_result(path, error)
    sha256 = sha256_hex(data)
    existing = connection.one(SAME_BYTES, [sha256])
    if existing is not None:
        return duplicate_result(path, existing)
    from imr_desk.core.analysis.analyse import read_letter
    from imr_desk.core.ocr.pages import OCRCancelled

    try:
        letter, document = read_letter(
            path, display_name=name, data=data, progress=progress, cancelled=cancelled
        )
    except LetterError as error:  # read_letter raises nothing else
        if isinstance(error, OCRCancelled):
            return ImportResult(str(path), "cancelled", None, None, error, error.message)
        return failed_result(path, error)
    try:
        layout = document.layout_json()
    finally:
        document.close()
    letter.source.sha256 = sha256
    try:
        letter_id = store_letter(connection, letter, data, layout, imported_by=current_user(), imported_at=utc_now())
    except Exception as error:
        if not connection.is_integrity_error(error):
            raise
        existing = connection.one(SAME_BYTES, [sha256])  # another process stored the same bytes meanwhile
        if existing is None:
            raise
        return duplicate_result(path, existing)
    return stored_result(connection, path, letter, letter_id)


def stored_result(connection: StoreConnection, path: Path, letter: Letter, letter_id: int) -> ImportResult:
    """The "imported" or "copy" result of a letter just stored (serially or by `import_pool`)."""
    name = display_name(path)
    case = letter.header.case_number or "no case number"
    joined = connection.one(
        "SELECT l.is_record, l.copies, r.id AS record_id, r.file_name AS record_file, r.case_number AS record_case "
        "FROM letters l LEFT JOIN letters r ON r.case_id = l.case_id AND r.is_record = 1 AND r.removed_at IS NULL "
        "WHERE l.id = ?",
        [letter_id],
    )
    if joined is not None and not joined["is_record"] and joined["record_id"] is not None:
        return ImportResult(
            str(path), "copy", letter_id, joined["record_case"] or letter.header.case_number, None,
            f"{name}: copy of {joined['record_case'] or case} already in the store; stored as copy "
            f"{joined['copies']} of the case ({letter.result_line()}). The copy of record stays "
            f"{joined['record_file']} (letter {joined['record_id']}).",
            copy_of=joined["record_id"],
        )
    return ImportResult(
        str(path), "imported", letter_id, letter.header.case_number, None,
        f"{name}: imported ({case}; {letter.result_line()}).",
    )


# The stored letter holding a file's bytes (by their SHA-256), if any.
SAME_BYTES = "SELECT id, case_number, is_record, removed_at FROM letters WHERE sha256 = ?"


def duplicate_result(path: Path, existing: dict[str, Any]) -> ImportResult:
    """The "duplicate" result of a file whose bytes are stored already (`existing`: its `SAME_BYTES` row)."""
    case = existing["case_number"] or f"letter {existing['id']}"
    if existing["removed_at"] is not None:
        return ImportResult(
            str(path), "duplicate", None, existing["case_number"], None,
            f"{display_name(path)}: already in the store but in the trash ({case}, letter {existing['id']}); "
            f"restore it with: imr-desk remove --restore {existing['id']}",
        )
    what = case if existing["is_record"] else f"a copy of {case}"
    return ImportResult(
        str(path), "duplicate", existing["id"], existing["case_number"], None,
        f"{display_name(path)}: already in the store ({what}).",
    )


def letter_files(paths: list[Path]) -> tuple[list[Path], list[ImportResult]]:
    """Files named directly, plus .pdf/.txt files found in folders (recursively, sorted)."""
    files: list[Path] = []
    missing: list[ImportResult] = []
    for path in paths:
        if path.is_dir():
            found = [p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in LETTER_SUFFIXES]
            files.extend(sorted(found))
        elif path.exists():
            files.append(path)
        else:
            missing.append(failed_result(path, LetterError("unreadable", f"{path}: no such file or folder.")))
    return files, missing


def import_paths(
    connection: StoreConnection, paths: list[Path], *, progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None, on_result: Callable[[ImportResult], None] | None = None,
) -> list[ImportResult]:
    files, results = letter_files(paths)
    if on_result is not None:
        for result in results:
            on_result(result)
    total = len(files)
    done = 0
    for path in files:
        if cancelled is not None and cancelled():
            break
        file_progress = None
        if progress is not None:
            progress(done, total, f"Importing {display_name(path)}")
            file_progress = _per_file(progress, done, total, display_name(path))
        result = import_file(connection, path, progress=file_progress, cancelled=cancelled)
        results.append(result)
        if on_result is not None:
            on_result(result)
        done += 1
    if progress is not None:
        progress(done, total, "Import finished" if done == total else "Import cancelled")
    return results


def _per_file(progress: ProgressCallback, done: int, total: int, name: str) -> ProgressCallback:
    def report(_page: int, _pages: int, message: str) -> None:
        progress(done, total, f"{name}: {message}")

    return report


def _packed_json(connection: StoreConnection, value: Any) -> str | bytes:
    return for_store(connection, json.dumps(value, ensure_ascii=False))


def _parsed_json(connection: StoreConnection, letter: Letter) -> str | bytes:
    """The parse as the store keeps it: without its text (stored once, in ``letter_content.text``),
    on SQLite without its decisions too (each is in its row) and compressed (`packing`)."""
    data = letter.to_json()
    data.pop("text", None)
    return _packed_json(connection, parse_for_store(connection, data))


@dataclass(frozen=True)
class _Backend:
    """A store kind without a connection: what `packing` asks of one (a worker has none)."""

    is_postgres: bool


@dataclass
class PreparedLetter:
    """One parsed letter ready to be written (picklable, made without the database, e.g. in an
    `import_pool` worker): its original bytes and the cells as the target store keeps them
    (`packed`: SQLite's compressed form, else PostgreSQL's plain text)."""

    letter: Letter
    data: bytes
    packed: bool
    parsed_cell: str | bytes
    text_cell: str | bytes
    layout_cell: str | bytes
    decision_cells: list[str | bytes]


def prepare_letter(letter: Letter, data: bytes, layout: dict[str, Any], *, packed: bool) -> PreparedLetter:
    """Everything of `store_letter` that needs no database: the JSON texts and, when `packed`,
    their compression (`letter.source.sha256` must be set: the parse names it)."""
    backend = _Backend(is_postgres=not packed)
    parse = letter.to_json()
    parse.pop("text", None)

    def cell(value: Any) -> str | bytes:
        return for_store(backend, json.dumps(value, ensure_ascii=False))

    return PreparedLetter(
        letter, data, packed, cell(parse_for_store(backend, parse)), for_store(backend, letter.text),
        for_store(backend, json.dumps(layout)), [cell(decision.to_json()) for decision in letter.decisions],
    )


def store_letter(
    connection: StoreConnection, letter: Letter, data: bytes, layout: dict[str, Any], *, imported_by: str,
    imported_at: str,
) -> int:
    """Write one parsed letter (and its original bytes) in one transaction, filed under its
    case (a new case, or one more copy of a stored one); return its id."""
    prepared = prepare_letter(letter, data, layout, packed=not connection.is_postgres)
    return store_prepared(connection, prepared, imported_by=imported_by, imported_at=imported_at)


def store_prepared(connection: StoreConnection, prepared: PreparedLetter, *, imported_by: str, imported_at: str) -> int:
    """`store_letter`'s SQL for a `prepare_letter` result: one transaction; return the letter's id."""
    if prepared.packed == connection.is_postgres:
        raise ValueError("a letter prepared for the other kind of store (packed cells are SQLite's)")
    letter, source = prepared.letter, prepared.letter.source
    with connection.transaction():
        connection.db.execute(
            "INSERT INTO originals (sha256, kind, size, content) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [source.sha256, source.kind, len(prepared.data), prepared.data],
        )
        letter_id = connection.insert_returning_id(
            "INSERT INTO letters (sha256, file_name, kind, pages, ocr, imported_at, imported_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [source.sha256, source.file, source.kind, source.pages, int(source.ocr), imported_at, imported_by],
        )
        connection.db.execute(
            "INSERT INTO letter_content (letter_id, parsed_json, text, layout_json) VALUES (?, ?, ?, ?)",
            [letter_id, prepared.parsed_cell, prepared.text_cell, prepared.layout_cell],
        )
        for index, cell in enumerate(prepared.decision_cells):
            connection.db.execute(
                "INSERT INTO decisions (letter_id, key, position, base_json) VALUES (?, ?, ?, ?)",
                [letter_id, f"p{index}", index, cell],
            )
        write_summary(connection, letter_id, letter, [f"p{i}" for i in range(len(letter.decisions))], [], [])
        join_case(connection, letter_id, letter.header.case_number)
    return letter_id


def _text_values(decision: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if decision is None else {name: decision.get(name) for name in DECISION_TEXT_FIELDS}


def _reparsed_letter(connection: StoreConnection, letter_id: int) -> Letter:
    """Parse and analyse the stored text again: no re-extraction and never OCR, same spans and pages."""
    from imr_desk.core.analysis.analyse import parse_document
    from imr_desk.core.reading.pdf import open_pdf

    content = letter_content(connection, letter_id)
    old = parsed_letter(content, decision_rows(connection, letter_id))
    pdf = None
    if old.source.kind == "pdf" and not old.source.ocr:
        pdf = open_pdf(original_bytes(connection, letter_id), old.source.file)  # exact character boxes
    document = Document.from_layout(old.source, old.text, json.loads(content["layout_json"]), pdf=pdf)
    try:
        letter = parse_document(document)
    finally:
        document.close()
    letter.source = old.source
    return letter


def reparse_letter(connection: StoreConnection, letter_id: int) -> list[Correction]:
    """Replace the stored parse with a fresh one; keep every correction, flag the stale ones.

    A correction is stale when the parser's value for its field differs from the parsed value
    it was made against; it stays in effect (the user's word wins) but needs a look.
    """
    connection.version(letter_id)  # raises StoreError for an unknown letter
    letter = _reparsed_letter(connection, letter_id)
    new_bases = {f"p{i}": d.to_json() for i, d in enumerate(letter.decisions)}
    flagged: list[Correction] = []
    with letter_edit(connection, letter_id, ANY_VERSION, new_edit=False, require_record=False):
        connection.db.execute(
            "UPDATE letter_content SET parsed_json = ? WHERE letter_id = ?",
            [_parsed_json(connection, letter), letter_id],
        )
        known = {row["key"] for row in decision_rows(connection, letter_id)}
        for key, base in new_bases.items():
            if key in known:
                connection.db.execute(
                    "UPDATE decisions SET base_json = ?, gone = 0 WHERE letter_id = ? AND key = ?",
                    [_packed_json(connection, base), letter_id, key],
                )
            else:
                connection.db.execute(
                    "INSERT INTO decisions (letter_id, key, position, base_json) VALUES (?, ?, ?, ?)",
                    [letter_id, key, int(key[1:]), _packed_json(connection, base)],
                )
        connection.db.execute(
            "UPDATE decisions SET gone = 1 WHERE letter_id = ? AND added = 0 AND key NOT IN "
            f"({', '.join('?' for _ in new_bases) or 'NULL'})",
            [letter_id, *new_bases],
        )
        rows = list(connection.db.query("SELECT * FROM corrections WHERE letter_id = ? ORDER BY id", [letter_id]))
        for row in rows:
            key, name = row["decision_key"], row["field"]
            if key is not None and key.startswith("a"):
                continue  # added decisions have no parsed value to drift from
            if key is None:
                now_parsed: Any = get_letter_field(letter, name)
                was = loads(row["parsed_value"])
            elif name == DECISION_FIELD:
                now_parsed = _text_values(new_bases.get(key))
                was = _text_values(loads(row["parsed_value"]))
            else:
                now_parsed = parsed_decision_value(new_bases.get(key) or {}, name)
                was = loads(row["parsed_value"])
            if now_parsed != was and not row["stale"]:
                connection.db.execute("UPDATE corrections SET stale = 1 WHERE id = ?", [row["id"]])
                flagged.append(correction_from_row({**row, "stale": 1}))
    return flagged
