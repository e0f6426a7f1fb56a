"""Reading a letter file's bytes and telling what they are (PDF, text, or something else).

Every failure is a `LetterError` naming the file: missing, a folder, unreadable, far too large,
an image or Office document, a damaged PDF or binary data. Text is decoded as UTF-8 (with or
without BOM), UTF-16 with BOM, else cp1252.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from imr_desk.core.model import LetterError

# Beyond this a "letter" cannot be an IMR determination (real ones are 5-60 KB of text).
MAX_TEXT_BYTES = 8 * 1024 * 1024
MAX_PDF_BYTES = 200 * 1024 * 1024

PDF_SUFFIXES = {".pdf"}

_MAGIC_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a ZIP archive or Office document (.docx, .xlsx)"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc, .xls)"),
    (b"{\\rtf", "an RTF document"),
)


def display_name(path: str | os.PathLike[str]) -> str:
    """The file's base name as it is shown and written to JSON: bytes of a name that are not
    valid in the file system's encoding (a Latin-1 name on a UTF-8 disk) appear as ``\\xe9``,
    so no terminal, log or JSON writer meets a character it cannot encode."""
    name = Path(path).name
    return os.fsencode(name).decode("utf-8", errors="backslashreplace") if _has_surrogates(name) else name


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= character <= "\udcff" for character in text)


def read_file_bytes(path: Path, name: str) -> bytes:
    """The bytes of a letter file, or a `LetterError` naming `name` (missing, folder, too big,
    a pipe or device...). Only regular files are opened: a named pipe would block the read and
    a device never end it."""
    try:
        if path.is_dir():
            raise LetterError("unreadable", f"{name}: this is a folder, not a letter file.")
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            raise LetterError(
                "unreadable", f"{name}: this is not a regular file (a pipe, device or socket); it was not read."
            )
        size = status.st_size
        limit = MAX_PDF_BYTES if path.suffix.lower() == ".pdf" else MAX_TEXT_BYTES
        if size > limit:
            raise LetterError(
                "not_a_letter",
                f"{name}: the file is {size / 1e6:.0f} MB, far larger than any IMR letter "
                f"(limit {limit // (1024 * 1024)} MB); it was not read.",
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise LetterError("unreadable", f"{name}: no such file.") from None
    except PermissionError:
        raise LetterError("unreadable", f"{name}: permission denied; the file cannot be read.") from None
    except IsADirectoryError:
        raise LetterError("unreadable", f"{name}: this is a folder, not a letter file.") from None
    except OSError as exc:
        raise LetterError("unreadable", f"{name}: the file cannot be read ({exc.strerror or exc}).") from None


def sniff_kind(data: bytes, path: Path, name: str) -> str:
    """"pdf" or "text" for a letter file's bytes, else a `LetterError` saying what the file is."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    for magic, what in _MAGIC_TYPES:
        if head.startswith(magic):
            raise LetterError(
                "unsupported",
                f"{name}: this is {what}, not a PDF or text letter. "
                "Save the letter as PDF or plain text and try again.",
            )
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        raise LetterError(
            "unreadable", f"{name}: the file is named .pdf but is not a valid PDF (it may be damaged)."
        )
    if looks_like_text(data):
        return "text"
    raise LetterError(
        "unsupported", f"{name}: this is not a PDF or a text file (binary data of an unknown type)."
    )


def looks_like_text(data: bytes) -> bool:
    """True when the bytes read as text: a UTF-16 BOM, or no NUL and few control characters."""
    sample = data[:65536]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return False
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls <= len(sample) // 100


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM optional), UTF-16 with BOM, else cp1252 (undefined bytes kept as Latin-1)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return "".join(
            bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data
        )
