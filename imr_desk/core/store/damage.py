"""Finding the stored letter that cannot be read back, and naming what of it is damaged.

A cell changed outside imr-desk (a hand edit, a disk fault that SQLite's page checks do not
catch) can make a letter unreadable: its parse is not JSON, a number holds text, a decision
is not an object. Reading it raises whatever the decoding met (`ValueError`, `TypeError`, ...),
whose message may quote the cell — that is, the letter's text. `find_unreadable_letter()` looks
for such a letter and describes it by letter id, case number, file name and the column
holding the damage, never by any content, so a command can say which letter to restore.

It first asks SQLite which JSON cells are not JSON at all, and which compressed cells
(`packing`, schema version 6) lack their format marker (cheap), then reads the letters one by
one as a `CaseRecord` would be read (unpacking each compressed cell: bytes zlib rejects are
found there); only a command that has already failed pays for it. On PostgreSQL (no
``json_valid()`` before version 16, no compressed cells) only the second pass runs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec

from imr_desk.core.model import Decision, Letter
from imr_desk.core.store.connection import StoreConnection
from imr_desk.core.store.packing import PACKED_MARKER, unpack
from imr_desk.core.store.read import read_record

ReaderArgs = ParamSpec("ReaderArgs")

# (table, column, what the column is, how the row is named) for every JSON cell a read decodes.
_JSON_CELLS = (
    ("letter_content", "parsed_json", "its stored parse", None),
    ("letter_content", "layout_json", "its stored page layout", None),
    ("letter_content", "text", "its stored text", None),
    ("decisions", "base_json", "the stored decision {key}", "key"),
    ("corrections", "parsed_value", "correction {id}", "id"),
    ("corrections", "new_value", "correction {id}", "id"),
    ("corrections", "new_span", "correction {id}", "id"),
    ("annotations", "span", "note {id}", "id"),
    ("annotations", "regions", "note {id}", "id"),
)
_PLAIN_NAME = re.compile(r"^[^\n\r\t]{1,80}$")


def _named(value: Any) -> str | None:
    """A case number or file name fit to print (short, one line), else None."""
    text = "" if value is None else str(value)
    if not _PLAIN_NAME.match(text):
        return None
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def describe(connection: StoreConnection, letter_id: int, what: str, why: str) -> str:
    """The plain message for a letter that cannot be read (no cell content in it)."""
    row = connection.one("SELECT case_number, file_name FROM letters WHERE id = ?", [letter_id]) or {}
    names = [n for n in (_named(row.get("case_number")), _named(row.get("file_name"))) if n]
    if len(names) == 2:
        label = f"letter {letter_id} ({names[0]}, file {names[1]})"
    elif names:
        label = f"letter {letter_id} ({names[0]})"
    else:
        label = f"letter {letter_id}"
    return (f"{label} in the store {connection.path} cannot be read: {what} is damaged ({why}). "
            "Restore the store from a backup, or remove the letter and import its file again.")


def _bad_json_cell(connection: StoreConnection, letter_ids: set[int] | None) -> tuple[int, str, str] | None:
    """(letter id, the damaged cell, why) for the first cell that is neither valid JSON (plain)
    nor marked as compressed (packed); None when there is none, or on PostgreSQL."""
    if connection.is_postgres:
        return None  # no json_valid() before PostgreSQL 16; reading each letter back finds a bad cell
    marker = PACKED_MARKER.hex().upper()
    for table, column, what, name_column in _JSON_CELLS:
        name_sql = f", {name_column} AS name" if name_column else ""
        plain_bad = "FALSE" if column == "text" else f"NOT json_valid({column})"  # plain text is any text
        for row in connection.db.query(
            f"SELECT letter_id{name_sql}, typeof({column}) AS kind FROM {table} WHERE {column} IS NOT NULL "
            f"AND CASE typeof({column}) WHEN 'blob' THEN substr({column}, 1, {len(PACKED_MARKER)}) != x'{marker}' "
            f"ELSE {plain_bad} END ORDER BY letter_id"
        ):
            if letter_ids is None or row["letter_id"] in letter_ids:
                label = what.format(key=row.get("name"), id=row.get("name"))
                why = "compressed data without its format marker" if row["kind"] == "blob" else "not valid JSON"
                return row["letter_id"], f"{label} ({table}.{column})", why
    return None


def _failing(
    reader: Callable[ReaderArgs, object], *args: ReaderArgs.args, **kwargs: ReaderArgs.kwargs
) -> BaseException | None:
    """The exception `reader(*args, **kwargs)` raises, or None when it reads."""
    try:
        reader(*args, **kwargs)
    except Exception as error:  # anything a damaged cell can make a decoder raise
        return error
    return None


def _decision_from_cell(base_json: str | bytes) -> Decision:
    return Decision.from_json(json.loads(unpack(base_json)))


def _damaged_part(connection: StoreConnection, letter_id: int) -> str:
    """Which part of a letter that fails to read is to blame (its parse, a decision, ...)."""
    content = connection.one("SELECT * FROM letter_content WHERE letter_id = ?", [letter_id])
    if content is None:
        return "its stored content (letter_content, missing)"
    if _failing(lambda: Letter.from_json(json.loads(unpack(content["parsed_json"])))) is not None:
        return "its stored parse (letter_content.parsed_json)"
    if _failing(lambda: json.loads(unpack(content["layout_json"]))) is not None:
        return "its stored page layout (letter_content.layout_json)"
    if _failing(unpack, content["text"]) is not None:
        return "its stored text (letter_content.text)"
    for row in connection.db.query("SELECT key, base_json FROM decisions WHERE letter_id = ?", [letter_id]):
        if _failing(_decision_from_cell, row["base_json"]) is not None:
            return f"the stored decision {row['key']} (decisions.base_json)"
    return "its stored data"


def find_unreadable_letter(connection: StoreConnection, letter_ids: Iterable[int] | None = None) -> str | None:
    """The message for the first letter (of `letter_ids`, default all) that cannot be read
    back, naming it and its damaged column; None when every one reads."""
    wanted = None if letter_ids is None else set(letter_ids)
    bad_cell = _bad_json_cell(connection, wanted)
    if bad_cell is not None:
        return describe(connection, *bad_cell)
    for letter_id in sorted(wanted) if wanted is not None else connection.letter_ids():
        error = _failing(read_record, connection, letter_id)
        if error is not None:
            return describe(connection, letter_id, _damaged_part(connection, letter_id), type(error).__name__)
    return None
