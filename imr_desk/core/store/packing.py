"""The compact form of a letter's large stored cells on SQLite (schema version 6).

A letter's parse, text and page layout (``letter_content.parsed_json`` / ``text`` /
``layout_json``) and each decision's stored parse (``decisions.base_json``) are JSON or plain
text of a few kilobytes that compress three to five times. On an SQLite store they are kept as
a BLOB: the format marker `PACKED_MARKER` (4 bytes) and then the UTF-8 text compressed with
zlib at level 6. Unpacking one letter (≈ 25 KB of text) takes a fraction of a millisecond.

A PostgreSQL store keeps plain text: the server compresses large values itself (TOAST), and
its columns are ``text``. Readers never need to know which form a cell has: `unpack` takes
either (text as it is, a packed BLOB decompressed), so a store half-way through its upgrade, a
decision added as plain text, or a row copied from another store all read the same.

A packed cell that is damaged (no marker, or bytes zlib rejects) raises `PackedCellError`, a
`ValueError` whose message names no content; the store's damage check names the letter.

Each parsed decision is kept once: in its row (``decisions.base_json``), which the queue, search
and statistics read. An SQLite store's parse (``parsed_json``) therefore leaves the key
``decisions`` out (`parse_for_store`), and `joined_parse` puts them back from the letter's
decision rows: the parsed ones (not added, not ``gone``) in parse order (key ``p<i>``). A
parse that has the key (every PostgreSQL one, every one stored before version 6) is used as it
is.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

PACKED_MARKER = b"IMZ1"  # "imr-desk, zlib, format 1"
_LEVEL = 6

# The cells kept in the compact form: (table, column).
PACKED_CELLS = (
    ("letter_content", "parsed_json"),
    ("letter_content", "text"),
    ("letter_content", "layout_json"),
    ("decisions", "base_json"),
)
LETTER_CONTENT_COLUMNS = ("parsed_json", "text", "layout_json")


class PackedCellError(ValueError):
    """A stored cell in the compact form that cannot be unpacked (damaged)."""


class BackendKind(Protocol):
    """Anything that says whether it is a PostgreSQL store (`StoreConnection`)."""

    @property
    def is_postgres(self) -> bool: ...


def pack_text(text: str) -> bytes:
    """The compact form of `text`: marker + zlib(UTF-8)."""
    return PACKED_MARKER + zlib.compress(text.encode("utf-8"), _LEVEL)


def is_packed(value: object) -> bool:
    """True for a cell in the compact form (any BLOB: plain cells are always text)."""
    return isinstance(value, (bytes, bytearray, memoryview))


def unpack(value: Any) -> str:
    """The text of a stored cell, packed or plain; `PackedCellError` for a damaged packed one."""
    if isinstance(value, str):
        return value
    if not is_packed(value):
        raise PackedCellError(f"a stored cell holds {type(value).__name__}, not text")
    data = bytes(value)
    if not data.startswith(PACKED_MARKER):
        raise PackedCellError("a stored compressed cell lacks its format marker")
    try:
        return zlib.decompress(data[len(PACKED_MARKER):]).decode("utf-8")
    except (zlib.error, UnicodeDecodeError):
        raise PackedCellError("a stored compressed cell cannot be decompressed") from None


def for_store(connection: BackendKind, text: str) -> str | bytes:
    """`text` as the store keeps it: packed on SQLite, plain on PostgreSQL (TOAST compresses)."""
    return text if connection.is_postgres else pack_text(text)


def unpacked_row(row: dict[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    """`row` with each of `columns` it holds (not NULL) as plain text."""
    return {name: unpack(value) if name in columns and value is not None else value for name, value in row.items()}


def parse_for_store(connection: BackendKind, data: dict[str, Any]) -> dict[str, Any]:
    """The parse (`Letter.to_json()` without ``text``) as the store keeps it: on SQLite without
    its decisions (each is in its decision row), on PostgreSQL whole."""
    if connection.is_postgres:
        return data
    return {name: value for name, value in data.items() if name != "decisions"}


def parsed_decision_rows(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The rows of the parser's current decisions (not added, not gone), in parse order."""
    parsed = [row for row in rows if not row["added"] and not row["gone"]]
    return sorted(parsed, key=lambda row: int(str(row["key"])[1:]))


def joined_parse(data: dict[str, Any], rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """A stored parse with its decisions: as stored, or (left out: schema 6 on SQLite) from the
    letter's decision rows (`rows`: key, added, gone, base_json, packed or plain)."""
    if "decisions" in data:
        return data
    decisions = [json.loads(unpack(row["base_json"])) for row in parsed_decision_rows(rows)]
    return {**data, "decisions": decisions}
