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
"""

from __future__ import annotations

import zlib
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
