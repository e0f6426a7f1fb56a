"""Reading one stored letter back as a `CaseRecord` (effective values applied), and its file.

Five small indexed queries (the letter's summary row, its content, decision rows, active
corrections, active notes) and one JSON decode (the large cells unpacked first when the store
keeps them compressed: `packing`); no re-extraction and never OCR. A corrected
letter's checks are those of its corrected values (`findings_schema.letter_checks`, run again). Each function
works on the open `StoreConnection` it is given.
"""

from __future__ import annotations

import json
from typing import Any

from imr_desk.core.model import Letter
from imr_desk.core.records import CaseRecord, ReviewState
from imr_desk.core.store.connection import StoreConnection
from imr_desk.core.store.findings_schema import letter_checks
from imr_desk.core.store.packing import LETTER_CONTENT_COLUMNS, joined_parse, unpack, unpacked_row
from imr_desk.core.store.rows import annotation_from_row, correction_from_row, effective_letter


def parsed_letter(content: dict[str, Any], decisions: list[dict[str, Any]]) -> Letter:
    """The parser's letter as stored (its `text` lives in its own column); `content` is a
    ``letter_content`` row, its cells packed or plain, `decisions` the letter's decision rows
    (`decision_rows`), whose ``base_json`` holds the parsed decisions an SQLite store's parse
    leaves out (`packing.joined_parse`)."""
    letter = Letter.from_json(joined_parse(json.loads(unpack(content["parsed_json"])), decisions))
    letter.text = unpack(content["text"])
    return letter


def letter_content(connection: StoreConnection, letter_id: int) -> dict[str, Any]:
    """The letter's ``letter_content`` row (parse, text, layout), its cells as plain text. A
    stored letter without one is damaged: `LookupError` (not a `StoreError`), which
    `damage.find_unreadable_letter` names; so is a packed cell that cannot be unpacked
    (`packing.PackedCellError`)."""
    content = connection.one("SELECT * FROM letter_content WHERE letter_id = ?", [letter_id])
    if content is None:
        raise LookupError(f"letter {letter_id} has no letter_content row")
    return unpacked_row(content, LETTER_CONTENT_COLUMNS)


def decision_rows(connection: StoreConnection, letter_id: int) -> list[dict[str, Any]]:
    """The letter's decision rows: parsed ones in parse order, then added ones (``base_json``
    as plain text)."""
    return [unpacked_row(row, ("base_json",)) for row in connection.db.query(
        "SELECT id, key, added, gone, active, position, base_json FROM decisions "
        "WHERE letter_id = ? ORDER BY added, id",
        [letter_id],
    )]


def original_bytes(connection: StoreConnection, letter_id: int) -> bytes:
    """The letter file exactly as imported; `StoreError` for a letter not stored."""
    row = connection.one(
        "SELECT o.content FROM letters l JOIN originals o ON o.sha256 = l.sha256 WHERE l.id = ?",
        [letter_id],
    )
    if row is None:
        raise connection.missing(letter_id)
    return bytes(row["content"])


def read_record(connection: StoreConnection, letter_id: int) -> CaseRecord:
    """Everything about one stored letter, corrections applied; `StoreError` if not stored.

    Any copy can be read (and a letter in the trash): `CaseRecord.read_only` says whether it
    takes edits."""
    letter_row = connection.one("SELECT * FROM letters WHERE id = ?", [letter_id])
    if letter_row is None:
        raise connection.missing(letter_id)
    content = letter_content(connection, letter_id)
    rows = decision_rows(connection, letter_id)
    parsed = parsed_letter(content, rows)
    layout = json.loads(content["layout_json"])
    corrections = [
        correction_from_row(row)
        for row in connection.db.query(
            "SELECT * FROM corrections WHERE letter_id = ? AND active = 1 ORDER BY id", [letter_id]
        )
    ]
    annotations = [
        annotation_from_row(row)
        for row in connection.db.query(
            "SELECT * FROM annotations WHERE letter_id = ? AND active = 1 ORDER BY id", [letter_id]
        )
    ]
    letter, keys = effective_letter(parsed, rows, corrections, layout)
    if corrections:  # the checks of the values as corrected, not as parsed
        letter.checks = letter_checks(letter)
    return CaseRecord(
        letter_id=letter_id,
        letter=letter,
        parsed=parsed,
        decision_keys=keys,
        corrections=corrections,
        annotations=annotations,
        review=ReviewState(
            state=letter_row["review_state"],
            user=letter_row["review_user"],
            changed_at=letter_row["review_changed_at"],
        ),
        version=letter_row["version"],
        file_name=letter_row["file_name"],
        sha256=letter_row["sha256"],
        imported_at=letter_row["imported_at"],
        layout=layout,
        case_id=letter_row["case_id"],
        copies=letter_row["copies"],
        is_copy_of_record=bool(letter_row["is_record"]),
        removed_at=letter_row["removed_at"],
    )
