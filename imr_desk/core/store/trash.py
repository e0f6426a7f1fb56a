"""The trash: removing a letter imported by mistake, restoring it, and emptying the trash.

Removing moves a letter (one copy, or every copy of its case) to the trash: it is marked
``removed_at``/``removed_by`` and leaves the queue, search, exports, reports and statistics,
but keeps everything (its file, parse, corrections, notes, review and history) until the trash
is emptied; `restore_letter` brings it back as it was. Removing the copy of record of a case
with other copies makes the first imported of them the copy of record; restoring a letter that
was the copy of record makes it the copy of record again. Each of these is a history entry
(``remove``, ``restore``, ``record_change``) that undo never steps over. Emptying the trash
deletes its letters for good, with their original files (when no other letter shares them),
zeroing the freed pages (``secure_delete``) and purging the full-text indexes. On PostgreSQL the
rows are deleted just the same, but the server cannot be made to zero the space they took
(docs/firm-store.md: the admin's ``VACUUM FULL``; backups keep their copies).

Locks: removing and restoring are letter writes (``letter_edit``), which on PostgreSQL lock
every copy of the letter's case, so the copies whose copy-of-record flag, count or version
they change are locked too; emptying the trash is a store-wide write (the exclusive lock).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from imr_desk.core.records import HistoryEntry, TrashEntry
from imr_desk.core.store.cases import (
    case_row,
    insert_history,
    letter_label,
    live_copy_ids,
    live_record,
    record_change_values,
    refresh_copies,
    set_record_flags,
)
from imr_desk.core.store.connection import ExpectedVersion, StoreConnection
from imr_desk.core.store.edits import EditContext, letter_edit

# The tables holding a letter's rows, deleted in this order when the trash is emptied.
_LETTER_TABLES = (("history", "letter_id"), ("corrections", "letter_id"), ("annotations", "letter_id"),
                  ("decisions", "letter_id"), ("letter_content", "letter_id"), ("letters", "id"))


def _record_moved(edit: EditContext, previous: dict[str, Any] | None, letter_id: int, reason: str) -> None:
    """The history entry of a copy that became the copy of record because of the trash."""
    before, after = record_change_values(previous, letter_id, case_row(edit.connection, letter_id)["file_name"])
    insert_history(edit.connection, letter_id, "record_change", f"Copy of record ({reason})", before, after,
                   user=edit.user, now=edit.now)


def remove_letters(
    connection: StoreConnection, letter_id: int, expected_version: ExpectedVersion, *, whole_case: bool = False
) -> list[HistoryEntry]:
    """Move the letter (with `whole_case`, every copy of its case) to the trash; one history
    entry per letter removed. The letter's version is checked; its copies' are not."""
    with letter_edit(connection, letter_id, expected_version, new_edit=False, require_record=False) as edit:
        row = case_row(connection, letter_id)
        if row["removed_at"] is not None:
            raise ValueError(f"The {letter_label(row)} is already in the trash.")
        case_id = row["case_id"]
        targets = live_copy_ids(connection, case_id) if whole_case else [letter_id]
        record = live_record(connection, case_id)
        entries = []
        for target in targets:
            target_row = case_row(connection, target)
            connection.db.execute(
                "UPDATE letters SET removed_at = ?, removed_by = ? WHERE id = ?", [edit.now, edit.user, target]
            )
            if target != letter_id:  # the copies removed with it change too (their version says so)
                connection.db.execute("UPDATE letters SET version = version + 1 WHERE id = ?", [target])
            entries.append(insert_history(
                connection, target, "remove", "Moved to the trash", {"copy_of_record": bool(target_row["is_record"])},
                {"in_trash": True}, user=edit.user, now=edit.now,
            ))
        remaining = live_copy_ids(connection, case_id)
        if record is not None and record["id"] in targets and remaining:
            set_record_flags(connection, remaining[0])
            _record_moved(edit, record, remaining[0], f"letter {record['id']} was moved to the trash")
        refresh_copies(connection, case_id)
        return entries


def restore_letter(connection: StoreConnection, letter_id: int, expected_version: ExpectedVersion) -> HistoryEntry:
    """Bring a letter back from the trash with everything it had; it rejoins its case (as the
    copy of record again when it was that, or when its case has no other copy out of the trash)."""
    with letter_edit(connection, letter_id, expected_version, new_edit=False, require_record=False) as edit:
        row = case_row(connection, letter_id)
        if row["removed_at"] is None:
            raise ValueError(f"The {letter_label(row)} is not in the trash.")
        connection.db.execute("UPDATE letters SET removed_at = NULL, removed_by = NULL WHERE id = ?", [letter_id])
        current = live_record(connection, row["case_id"], besides=letter_id)
        becomes_record = current is None or bool(row["is_record"])
        if becomes_record:
            set_record_flags(connection, letter_id)
            if current is not None:
                connection.db.execute("UPDATE letters SET version = version + 1 WHERE id = ?", [current["id"]])
                reason = f"letter {letter_id} was restored as the copy of record"
                insert_history(connection, current["id"], "record_change", f"Copy of record ({reason})",
                               {"letter_id": current["id"], "file_name": current["file_name"]},
                               {"letter_id": letter_id, "file_name": row["file_name"]}, user=edit.user, now=edit.now)
        refresh_copies(connection, row["case_id"])
        return insert_history(
            connection, letter_id, "restore", "Restored from the trash",
            {"in_trash": True, "removed_at": row["removed_at"], "removed_by": row["removed_by"]},
            {"copy_of_record": becomes_record}, user=edit.user, now=edit.now,
        )


def trash_entries(connection: StoreConnection) -> list[TrashEntry]:
    """The letters in the trash, most recently removed first."""
    return [
        TrashEntry(row["id"], row["case_number"], row["file_name"], row["removed_at"], row["removed_by"] or "",
                   bool(row["is_record"]), row["corrections"], row["annotations"], row["version"])
        for row in connection.db.query(
            "SELECT id, case_number, file_name, removed_at, removed_by, is_record, corrections, annotations, "
            "version FROM letters WHERE removed_at IS NOT NULL ORDER BY removed_at DESC, id DESC"
        )
    ]


def empty_trash(connection: StoreConnection, letter_ids: Iterable[int] | None = None) -> int:
    """Delete the letters in the trash (all, or those of `letter_ids`, which must be in it) for
    good, with their original files; returns how many were deleted. Cannot be undone."""
    in_trash = {row[0] for row in connection.db.execute("SELECT id FROM letters WHERE removed_at IS NOT NULL")}
    wanted = sorted(in_trash) if letter_ids is None else list(dict.fromkeys(letter_ids))
    for letter_id in wanted:
        if letter_id not in in_trash:
            if connection.one("SELECT id FROM letters WHERE id = ?", [letter_id]) is None:
                raise connection.missing(letter_id)
            raise ValueError(f"Letter {letter_id} is not in the trash; only letters in the trash can be deleted.")
    if not wanted:
        return 0
    db = connection.db
    if connection.is_postgres:  # the server reclaims the rows (autovacuum); the tsvectors go with them
        with connection.transaction():
            _delete_rows(connection, wanted)
        return len(wanted)
    secure = db.execute("PRAGMA secure_delete").fetchone()[0]
    db.execute("PRAGMA secure_delete = ON")  # freed pages are zeroed: nothing of the letters stays in the file
    try:
        with connection.transaction():
            _delete_rows(connection, wanted)
            for index in ("decisions_fts", "letters_fts"):  # drop the deleted rows' words from the index
                db.execute(f"INSERT INTO {index}({index}) VALUES ('optimize')")
    finally:
        db.execute(f"PRAGMA secure_delete = {int(secure)}")
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # old page images leave the write-ahead log
    except sqlite3.Error:
        pass  # another connection is reading: the log is checkpointed later, as usual
    return len(wanted)


def _delete_rows(connection: StoreConnection, wanted: list[int]) -> None:
    """Delete the letters' rows in every table, and original files no letter has any more."""
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for table, column in _LETTER_TABLES:
            connection.db.execute(f"DELETE FROM {table} WHERE {column} IN ({marks})", chunk)
    connection.db.execute("DELETE FROM originals WHERE sha256 NOT IN (SELECT sha256 FROM letters)")
