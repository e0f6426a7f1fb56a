"""Cases and their copies: which letters are one case, which copy stands for it, how they differ.

Every stored letter belongs to a case (``letters.case_id``): the letters that joined the store
with the same case number (`case_schema.case_key`), or the letter alone when it has none. One
copy per case, out of the trash, is the *copy of record* (``is_record``): its values, with its
corrections, notes and review, are the case's in the queue, search, exports and reports, and
only it takes edits (`check_editable`); another copy is read-only and shows its own parse.
``copies`` (how many copies of the case are out of the trash) is kept on every copy.

The functions work on the open `StoreConnection` they are given, inside the caller's
transaction where they write; none opens one of its own. A letter write
(``StoreConnection.letter_write``) has locked every copy of its letter's case on PostgreSQL,
so the writes here (copy-of-record flags, ``copies``) may change any copy of that case and
must change no other case; filing a new letter (`join_case`) runs in the import's store-wide
write.
"""

from __future__ import annotations

from typing import Any

from imr_desk.core import fields
from imr_desk.core.model import Letter
from imr_desk.core.records import CaseCopy, CaseMatch, HistoryEntry
from imr_desk.core.store.case_schema import case_key
from imr_desk.core.store.connection import StoreConnection
from imr_desk.core.store.read import decision_rows, parsed_letter
from imr_desk.core.store.rows import dumps, get_letter_field

# History actions that undo/redo never step over: the trash has its own way back (restore,
# remove), and a copy of record that moved because of the trash moves back with it.
NOT_UNDOABLE = ("remove", "restore", "record_change")
NOT_UNDOABLE_SQL = "action NOT IN ('remove', 'restore', 'record_change')"

_LIVE = "removed_at IS NULL"


class ReadOnlyLetterError(ValueError):
    """An edit of a copy that is not its case's copy of record, or of a letter in the trash."""


def insert_history(
    connection: StoreConnection, letter_id: int, action: str, target: str, before: Any, after: Any, *,
    user: str, now: str, correction_id: int | None = None, annotation_id: int | None = None,
) -> HistoryEntry:
    """Write one history row of `letter_id` (inside the caller's transaction)."""
    history_id = connection.insert_returning_id(
        "INSERT INTO history (letter_id, action, target, before, after, user, created_at, "
        "correction_id, annotation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [letter_id, action, target, dumps(before), dumps(after), user, now, correction_id, annotation_id],
    )
    return HistoryEntry(history_id, letter_id, action, target, before, after, user, now)


def case_row(connection: StoreConnection, letter_id: int) -> dict[str, Any]:
    """The letter's case columns (and file name, case number); `StoreError` if it is not stored."""
    row = connection.one(
        "SELECT id, case_id, case_key, is_record, copies, removed_at, removed_by, case_number, file_name, "
        "version FROM letters WHERE id = ?",
        [letter_id],
    )
    if row is None:
        raise connection.missing(letter_id)
    return row


def live_record(connection: StoreConnection, case_id: int, *, besides: int | None = None) -> dict[str, Any] | None:
    """The case's copy of record out of the trash (other than `besides`), or None."""
    return connection.one(
        f"SELECT id, file_name FROM letters WHERE case_id = ? AND is_record = 1 AND {_LIVE} AND id != ? "
        "ORDER BY id LIMIT 1",
        [case_id, -1 if besides is None else besides],
    )


def live_copy_ids(connection: StoreConnection, case_id: int) -> list[int]:
    """The case's copies out of the trash, in import order."""
    return [row[0] for row in connection.db.execute(
        f"SELECT id FROM letters WHERE case_id = ? AND {_LIVE} ORDER BY id", [case_id]
    )]


def letter_label(row: dict[str, Any]) -> str:
    """``letter 12 (CM16-0229336, fax.pdf)``: how messages name a letter."""
    case = row["case_number"] or "no case number"
    return f"letter {row['id']} ({case}, {row['file_name']})"


def check_editable(connection: StoreConnection, letter_id: int) -> None:
    """Refuse (`ReadOnlyLetterError`) an edit of a letter in the trash or of a copy that is not
    its case's copy of record."""
    row = case_row(connection, letter_id)
    if row["removed_at"] is not None:
        raise ReadOnlyLetterError(
            f"The {letter_label(row)} is in the trash; restore it before changing it."
        )
    if not row["is_record"]:
        record = live_record(connection, row["case_id"])
        where = f" (letter {record['id']}, {record['file_name']})" if record else ""
        raise ReadOnlyLetterError(
            f"The {letter_label(row)} is a copy of a case whose copy of record is another file{where}; "
            "its values are shown read-only. Edit the copy of record, or make this copy the copy of "
            "record first."
        )


def refresh_copies(connection: StoreConnection, case_id: int) -> None:
    """Write the case's count of copies out of the trash on each of its copies."""
    connection.db.execute(
        "UPDATE letters SET copies = (SELECT count(*) FROM letters c WHERE c.case_id = ? AND c.removed_at IS NULL) "
        "WHERE case_id = ? AND copies != (SELECT count(*) FROM letters c WHERE c.case_id = ? AND c.removed_at IS NULL)",
        [case_id, case_id, case_id],
    )


def join_case(connection: StoreConnection, letter_id: int, case_number: str | None) -> None:
    """File a newly stored letter under its case (inside the import's transaction).

    A case out of the trash with the same case number (a copy's key, or the copy of record's
    effective case number) makes the letter one more copy of it; otherwise it is the copy of
    record of its own case, which is the case of letters with that number in the trash, if any
    (so that restoring one of them joins it again).
    """
    key = case_key(case_number)
    joined = None
    if key is not None:
        joined = connection.one(
            f"SELECT case_id FROM letters WHERE case_key = ? AND {_LIVE} AND id != ? ORDER BY id LIMIT 1",
            [key, letter_id],
        ) or connection.one(  # a copy of record whose case number was corrected to this one
            f"SELECT case_id FROM letters WHERE case_number IN (?, ?) AND is_record = 1 AND {_LIVE} AND id != ? "
            "ORDER BY id LIMIT 1",
            [(case_number or "").strip(), (case_number or "").strip().upper(), letter_id],
        )
    if joined is not None:
        case_id, is_record = joined["case_id"], 0
    else:
        trashed = None if key is None else connection.one(
            "SELECT case_id FROM letters WHERE case_key = ? AND id != ? ORDER BY id LIMIT 1", [key, letter_id]
        )
        case_id, is_record = (trashed["case_id"] if trashed else letter_id), 1
    connection.db.execute(
        "UPDATE letters SET case_key = ?, case_id = ?, is_record = ? WHERE id = ?", [key, case_id, is_record, letter_id]
    )
    refresh_copies(connection, case_id)


def set_record_flags(connection: StoreConnection, letter_id: int) -> dict[str, Any] | None:
    """Make `letter_id` (out of the trash) its case's copy of record; return the one it replaces."""
    row = case_row(connection, letter_id)
    previous = live_record(connection, row["case_id"], besides=letter_id)
    connection.db.execute(
        f"UPDATE letters SET is_record = 0 WHERE case_id = ? AND {_LIVE} AND id != ? AND is_record = 1",
        [row["case_id"], letter_id],
    )
    if not row["is_record"]:
        connection.db.execute("UPDATE letters SET is_record = 1 WHERE id = ?", [letter_id])
    return previous


def record_change_values(previous: dict[str, Any] | None, letter_id: int, file_name: str) -> tuple[Any, Any]:
    """The before/after of a history entry that moves the copy of record."""
    before = None if previous is None else {"letter_id": previous["id"], "file_name": previous["file_name"]}
    return before, {"letter_id": letter_id, "file_name": file_name}


def find_case(connection: StoreConnection, case_number_or_sha256_prefix: str) -> CaseMatch | None:
    """The case a case number names (its copy of record), else the one copy a sha256 prefix
    names; letters in the trash are not found. None when nothing (or several files) match."""
    wanted = case_number_or_sha256_prefix.strip()
    if not wanted:
        return None
    by_sha256 = False
    row = connection.one(
        f"SELECT id, case_id FROM letters WHERE is_record = 1 AND {_LIVE} AND lower(case_number) = lower(?) "
        "ORDER BY id LIMIT 1",
        [wanted],
    ) or connection.one(
        f"SELECT id, case_id FROM letters WHERE case_key = ? AND {_LIVE} ORDER BY is_record DESC, id LIMIT 1",
        [case_key(wanted)],
    )
    if row is None:
        if len(wanted) < 6 or any(c not in "0123456789abcdefABCDEF" for c in wanted):
            return None
        rows = list(connection.db.query(
            f"SELECT id, case_id FROM letters WHERE sha256 LIKE ? AND {_LIVE} LIMIT 2", [wanted.lower() + "%"]
        ))
        if len(rows) != 1:
            return None
        row, by_sha256 = rows[0], True
    record = live_record(connection, row["case_id"])
    record_id = record["id"] if record else row["id"]
    letter_id = row["id"] if by_sha256 else record_id
    chosen = case_row(connection, letter_id)
    case_number = case_row(connection, record_id)["case_number"]
    return CaseMatch(letter_id, record_id, case_number, chosen["file_name"],
                     live_copy_ids(connection, row["case_id"]), by_sha256)


def _comparable(value: Any) -> Any:
    """A value with white space collapsed (copies of one letter differ in line breaks)."""
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    return value


def differing_fields(record: Letter, copy: Letter) -> list[str]:
    """The field keys whose parsed values differ between two parses of one case."""
    found = [key for key in fields.LETTER_FIELD_KEYS
             if _comparable(get_letter_field(record, key)) != _comparable(get_letter_field(copy, key))]
    for index in range(max(len(record.decisions), len(copy.decisions))):
        mine = record.decisions[index] if index < len(record.decisions) else None
        theirs = copy.decisions[index] if index < len(copy.decisions) else None
        for name in fields.DECISION_FIELD_NAMES:
            ours = _comparable(getattr(mine, name)) if mine is not None else None
            other = _comparable(getattr(theirs, name)) if theirs is not None else None
            if ours != other:
                found.append(fields.decision_field_key(index, name))
    return found


def _parse_of(connection: StoreConnection, letter_id: int) -> Letter:
    content = connection.one("SELECT * FROM letter_content WHERE letter_id = ?", [letter_id])
    if content is None:
        raise connection.missing(letter_id)
    return parsed_letter(content, decision_rows(connection, letter_id))


def case_copies(connection: StoreConnection, target: int | str) -> list[CaseCopy]:
    """The copies (out of the trash) of the case of letter id `target`, or of case number (or
    sha256 prefix) `target`, in import order; [] when a case number names nothing."""
    if isinstance(target, str):
        match = find_case(connection, target)
        if match is None:
            return []
        case_id = case_row(connection, match.record_id)["case_id"]
    else:
        case_id = case_row(connection, target)["case_id"]
    rows = list(connection.db.query(
        f"SELECT * FROM letters WHERE case_id = ? AND {_LIVE} ORDER BY id", [case_id]
    ))
    record = next((row for row in rows if row["is_record"]), None)
    record_parse = _parse_of(connection, record["id"]) if record is not None else None
    copies = []
    for row in rows:
        differing: list[str] = []
        if record_parse is not None and row is not record:
            differing = differing_fields(record_parse, _parse_of(connection, row["id"]))
        copies.append(CaseCopy(
            letter_id=row["id"], file_name=row["file_name"], kind=row["kind"], ocr=bool(row["ocr"]),
            pages=row["pages"], imported_at=row["imported_at"], imported_by=row["imported_by"],
            sha256=row["sha256"], version=row["version"], is_copy_of_record=bool(row["is_record"]),
            differing_fields=differing, corrections=row["corrections"], notes=row["annotations"],
            review_state=row["review_state"],
        ))
    return copies
