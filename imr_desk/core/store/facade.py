"""The case store: one SQLite file, or one PostgreSQL database, holding letters, corrections,
notes, review and history.

`Store` is the only way the rest of imr-desk reads or changes stored cases. It sits on top of
the store's parts and delegates to them: it owns one `StoreConnection` (``connection``: the
open file, its transactions and the version-checked write of a letter) and hands that to
``read``, ``edits``, ``importing``, ``export`` and ``search``; none of them knows `Store`.
Each edit is one ``BEGIN IMMEDIATE`` transaction that checks the letter's row `version` (a
stale caller gets `StaleRecordError`, never a silent overwrite), writes the correction or note
together with its history entry, bumps the version and refreshes the denormalised summary
columns the case queue and full-text search read. A `Store` (its connection) belongs to the
thread that made it. The schema and migrations are in ``schema``.

A case is stored once with one or more copies (``cases``): the queue, search, exports and
counts show it once, by its copy of record, which alone takes edits. A letter imported by
mistake goes to the trash (``trash``), restorable until the trash is emptied.

Every write of a letter requires ``expected_version=`` (keyword only): the version of the
letter the caller read (`CaseRecord.version`, `Store.version()`), or `ANY_VERSION` to opt out
and write whatever version the letter is at. There is no default: leaving it out is a
`TypeError` naming the argument, and None (or any other kind of value) is refused the same way.
A content edit of a verified letter moves it back to in review in the same transaction
(``edits``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, TextIO

from imr_desk.core.fields import check_note_length
from imr_desk.core.model import Decision, Region, Span
from imr_desk.core.reading.document import CancelCheck, ProgressCallback
from imr_desk.core.records import Annotation, CaseCopy, CaseMatch, CaseRecord, Correction, HistoryEntry, TrashEntry
from imr_desk.core.store.cases import NOT_UNDOABLE, case_copies, find_case
from imr_desk.core.store.connection import ExpectedVersion, StoreConnection, store_target
from imr_desk.core.store.deadline_facade import DeadlineMethods
from imr_desk.core.store.desk_config import default_store_file, read_desk_config
from imr_desk.core.store.desk_facade import DeskMethods
from imr_desk.core.store.edits import (
    EditContext,
    choose_copy_of_record,
    is_review_follow_up,
    letter_edit,
    review_from_history,
    step_history,
)
from imr_desk.core.store.export import case_record_ids, write_csv, write_jsonl
from imr_desk.core.store.importing import ImportResult, import_file, import_paths, reparse_letter
from imr_desk.core.store.note_facade import NoteMethods
from imr_desk.core.store.notices import install_notifier
from imr_desk.core.store.queue_facade import QueueMethods
from imr_desk.core.store.read import original_bytes, read_record
from imr_desk.core.store.rows import (
    DECISION_FIELD,
    check_review_state,
    check_value,
    decision_value,
    dumps,
    get_letter_field,
    history_from_row,
    parsed_decision_value,
    target_label,
)
from imr_desk.core.store.schema import StoreError
from imr_desk.core.store.search import QueueRow, SearchFilters, SearchHit, queue_row, queue_rows, search_hits
from imr_desk.core.store.trash import empty_trash, remove_letters, restore_letter, trash_entries

__all__ = ["Store", "default_db_path"]  # the package (imr_desk.core.store) is the public face


def default_db_path() -> Path | str:
    """``$IMR_DESK_DB`` if set (a file, or a PostgreSQL connection string), else the store
    chosen in the desk's settings (``desk_config``: Tools ▸ Desk Settings…), else
    ``imr-desk.sqlite3`` in the user's data folder."""
    configured = os.environ.get("IMR_DESK_DB") or read_desk_config().store
    if configured:
        return store_target(configured)
    return default_store_file()


class Store(DeadlineMethods, NoteMethods, DeskMethods, QueueMethods):
    """The case store at `path` (default `default_db_path()`); created on first use, mode 0600.

    Service records, deadline statuses, the firm's deadline settings and deadline lists come
    from `DeadlineMethods` (``deadline_facade``); assignment and presence from `DeskMethods`."""

    def __init__(self, path: str | Path | None = None, *, create: bool = True) -> None:
        self.path: Path | str = store_target(path) if path is not None else default_db_path()
        self.connection = StoreConnection(self.path, create=create)
        install_notifier(self.connection)  # PostgreSQL: tell the other desks of each write

    @property
    def db(self) -> Any:
        """The open database: sqlite-utils' `Database` of a store file, or a
        ``pg_backend.PgDatabase`` (for tests and tools; edits go through `Store`)."""
        return self.connection.db

    @property
    def is_postgres(self) -> bool:
        """True for a store on a PostgreSQL database."""
        return self.connection.is_postgres

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def plain_errors(self) -> AbstractContextManager[None]:
        """Report any SQLite failure as a `StoreError` that names the store file."""
        return self.connection.plain_errors()

    def one(self, sql: str, params: Iterable[Any] = ()) -> dict[str, Any] | None:
        """The first row of a query, or None."""
        return self.connection.one(sql, params)

    # -- import ---------------------------------------------------------------------------

    def import_file(
        self, path: str | Path, *, progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> ImportResult:
        """Import one letter file (deduplicated by sha256); bad files give an "error" result."""
        with self.plain_errors():
            return import_file(self.connection, Path(path), progress=progress, cancelled=cancelled)

    def import_paths(
        self, paths: Iterable[str | Path], *, progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None, on_result: Callable[[ImportResult], None] | None = None,
    ) -> list[ImportResult]:
        """Import files and folders (recursively: .pdf and .txt); one transaction per letter.

        `on_result` (optional) hears each file's result as soon as it is known."""
        with self.plain_errors():
            return import_paths(
                self.connection, [Path(p) for p in paths], progress=progress, cancelled=cancelled,
                on_result=on_result,
            )

    def reparse(self, letter_id: int) -> list[Correction]:
        """Re-run the parser on the stored letter; keep corrections, flag those now stale."""
        with self.plain_errors():
            return reparse_letter(self.connection, letter_id)

    # -- reading --------------------------------------------------------------------------

    def count(self) -> int:
        """How many cases the store holds out of the trash (a case with several copies counts once)."""
        with self.plain_errors():
            row = self.one("SELECT count(*) AS n FROM letters WHERE is_record = 1 AND removed_at IS NULL")
        return int(row["n"]) if row else 0

    def queue(self, query: str | None = None, filters: SearchFilters | None = None) -> list[QueueRow]:
        """The case queue: one summary row per case, its copy of record's (newest decision
        first, or by relevance); `QueueRow.copies` counts its copies."""
        with self.plain_errors():
            return queue_rows(self.db, query, filters)

    def queue_row(self, letter_id: int) -> QueueRow | None:
        """One letter's queue row, e.g. to refresh it after an edit."""
        with self.plain_errors():
            return queue_row(self.db, letter_id)

    def search(self, query: str, filters: SearchFilters | None = None, limit: int = 200) -> list[SearchHit]:
        """Full-text search of effective values; any user text is a safe query."""
        with self.plain_errors():
            return search_hits(self.db, query, filters, limit)

    def load(self, letter_id: int) -> CaseRecord:
        """Everything about one letter, corrections applied (see `CaseRecord`)."""
        with self.plain_errors():
            return read_record(self.connection, letter_id)

    def version(self, letter_id: int) -> int:
        """The letter's row version now (what an edit's `expected_version` is checked against)."""
        with self.plain_errors():
            return self.connection.version(letter_id)

    def find_letter(self, case_number_or_sha256_prefix: str) -> int | None:
        """The copy of record of this case number's case, else the copy whose sha256 starts so."""
        match = self.find_case(case_number_or_sha256_prefix)
        return None if match is None else match.letter_id

    def find_case(self, case_number_or_sha256_prefix: str) -> CaseMatch | None:
        """What a case number (or sha256 prefix) names: the case's copy of record (or the one
        copy the prefix names), the file, and all its copies; None when nothing matches."""
        with self.plain_errors():
            return find_case(self.connection, case_number_or_sha256_prefix)

    def copies(self, case: int | str) -> list[CaseCopy]:
        """A case's copies out of the trash (by any copy's id, or case number), in import order,
        with what tells them apart and the fields whose parse differs from the copy of record's."""
        with self.plain_errors():
            return case_copies(self.connection, case)

    def original_bytes(self, letter_id: int) -> bytes:
        """The letter file exactly as imported (it reopens even if the file was moved)."""
        with self.plain_errors():
            return original_bytes(self.connection, letter_id)

    def history(self, letter_id: int) -> list[HistoryEntry]:
        """Every edit of the letter, oldest first; undone ones included (flagged `undone`)."""
        with self.plain_errors():
            rows = self.db.query("SELECT * FROM history WHERE letter_id = ? ORDER BY id", [letter_id])
            return [history_from_row(row) for row in rows]

    def undo_stack(self, letter_id: int) -> tuple[list[HistoryEntry], list[HistoryEntry]]:
        """(done, redoable), both oldest first: `redoable[0]` is what `redo()` would redo next.

        One entry per undo step: the move back to in review that a content edit of a verified
        letter made is part of that edit (`history()` lists it)."""
        with self.plain_errors():
            rows = list(self.db.query(
                "SELECT * FROM history WHERE letter_id = ? AND dropped = 0 ORDER BY id", [letter_id]
            ))
        entries = [history_from_row(row) for row in rows
                   if row["action"] not in NOT_UNDOABLE and not is_review_follow_up(row)]
        return [e for e in entries if not e.undone], [e for e in entries if e.undone]

    def missing(self, letter_id: int) -> StoreError:
        return self.connection.missing(letter_id)

    # -- editing --------------------------------------------------------------------------

    def edit(
        self, letter_id: int, expected_version: ExpectedVersion, *, new_edit: bool = True
    ) -> AbstractContextManager[EditContext]:
        """One edit of one letter: locked, version-checked, summarised; all or nothing.

        `expected_version` is required here: a version number or `ANY_VERSION`."""
        return letter_edit(self.connection, letter_id, expected_version, new_edit=new_edit)

    def correct(
        self, letter_id: int, field: str, value: Any, *, decision_key: str | None = None,
        span: Span | None = None, expected_version: ExpectedVersion,
    ) -> HistoryEntry:
        """Correct one field (letter-level, or of decision `decision_key`); the parse is kept."""
        with self.edit(letter_id, expected_version) as edit:
            record = read_record(self.connection, letter_id)
            value = check_value(field, decision_key, value)
            new_span = edit.check_span(record, span)
            if decision_key is None:
                before = get_letter_field(record.letter, field)
                parsed_value = get_letter_field(record.parsed, field)
                target = target_label(field, None)
            else:
                number = edit.decision_number(record, decision_key)
                before = decision_value(record.letter.decisions[number - 1], field)  # a category: its label
                parsed_value = parsed_decision_value(edit.base_decision(decision_key), field)
                target = target_label(field, number)
            correction_id = edit.add_correction(decision_key, field, parsed_value, value, new_span)
            return edit.add_history("correct", target, before, value, correction_id=correction_id)

    def add_decision(
        self, letter_id: int, decision: Decision, *, expected_version: ExpectedVersion
    ) -> tuple[str, HistoryEntry]:
        """Add a decision the parser missed; returns its new key ("a<n>") and the history entry."""
        with self.edit(letter_id, expected_version) as edit:
            record = read_record(self.connection, letter_id)
            check_value("outcome", "new", decision.outcome)
            key = edit.new_decision_key()
            data = decision.to_json()
            self.db.execute(
                "INSERT INTO decisions (letter_id, key, added, active, position, base_json) "
                "VALUES (?, ?, 1, 0, ?, ?)",
                [letter_id, key, len(record.decision_keys), dumps(data)],
            )
            correction_id = edit.add_correction(key, DECISION_FIELD, None, data, None)
            target = f"Decision {len(record.decision_keys) + 1} (added)"
            entry = edit.add_history("add_decision", target, None, data, correction_id=correction_id)
            return key, entry

    def delete_decision(
        self, letter_id: int, decision_key: str, *, expected_version: ExpectedVersion
    ) -> HistoryEntry:
        """Remove a decision from the effective letter (the parse keeps it; undo brings it back)."""
        with self.edit(letter_id, expected_version) as edit:
            record = read_record(self.connection, letter_id)
            number = edit.decision_number(record, decision_key)
            current = record.letter.decisions[number - 1].to_json()
            parsed_value = None if decision_key.startswith("a") else edit.base_decision(decision_key)
            correction_id = edit.add_correction(decision_key, DECISION_FIELD, parsed_value, None, None)
            return edit.add_history(
                "delete_decision", f"Decision {number}", current, None, correction_id=correction_id
            )

    def annotate(
        self, letter_id: int, note: str, *, tag: str | None = None, span: Span | None = None,
        regions: list[Region] | None = None, expected_version: ExpectedVersion,
    ) -> tuple[Annotation, HistoryEntry]:
        """Attach a note to a span of the letter (with its page regions) or to the whole letter."""
        if not note.strip():
            raise ValueError("A note cannot be empty.")
        check_note_length(note)
        with self.edit(letter_id, expected_version) as edit:
            record = read_record(self.connection, letter_id)
            annotation = edit.add_annotation(record, note, tag or None, edit.check_span(record, span), regions)
            after = {"note": note, "tag": annotation.tag, "span": list(annotation.span) if annotation.span else None}
            target = f"Note ({annotation.tag})" if annotation.tag else "Note"
            entry = edit.add_history("annotate", target, None, after, annotation_id=annotation.id)
            return annotation, entry

    def delete_annotation(
        self, letter_id: int, annotation_id: int, *, expected_version: ExpectedVersion
    ) -> HistoryEntry:
        with self.edit(letter_id, expected_version) as edit:
            row = self.one(
                "SELECT * FROM annotations WHERE id = ? AND letter_id = ? AND active = 1",
                [annotation_id, letter_id],
            )
            if row is None:
                raise ValueError(f"Letter {letter_id} has no note {annotation_id}.")
            self.db.execute("UPDATE annotations SET active = 0 WHERE id = ?", [annotation_id])
            before = {"note": row["note"], "tag": row["tag"], "span": edit.json(row["span"])}
            target = f"Note ({row['tag']})" if row["tag"] else "Note"
            return edit.add_history("delete_annotation", target, before, None, annotation_id=annotation_id)

    def set_review_state(
        self, letter_id: int, state: str, *, expected_version: ExpectedVersion
    ) -> HistoryEntry:
        """Mark the letter unreviewed / in_review / verified (who and when are recorded)."""
        check_review_state(state)
        with self.edit(letter_id, expected_version) as edit:
            before = review_from_history(self.db, letter_id).state
            entry = edit.add_history("review", "Review state", before, state)
            self.db.execute(
                "UPDATE letters SET review_state = ?, review_user = ?, review_changed_at = ? WHERE id = ?",
                [state, edit.user, edit.now, letter_id],
            )
            return entry

    def undo(self, letter_id: int, *, expected_version: ExpectedVersion) -> HistoryEntry | None:
        """Undo the latest done edit of the letter; None when there is nothing to undo."""
        return self._step(letter_id, expected_version, undo=True)

    def redo(self, letter_id: int, *, expected_version: ExpectedVersion) -> HistoryEntry | None:
        """Redo the earliest undone edit (after undo, before any new edit); None when none."""
        return self._step(letter_id, expected_version, undo=False)

    def _step(self, letter_id: int, expected_version: ExpectedVersion, *, undo: bool) -> HistoryEntry | None:
        with self.plain_errors():
            return step_history(self.connection, letter_id, expected_version, undo=undo)

    # -- cases and the trash -----------------------------------------------------------------

    def set_copy_of_record(self, letter_id: int, *, expected_version: ExpectedVersion) -> HistoryEntry | None:
        """Make this copy its case's copy of record (checked against this copy's version, e.g.
        `CaseCopy.version`); recorded in its history, undone like any edit. None if it already is."""
        with self.plain_errors():
            return choose_copy_of_record(self.connection, letter_id, expected_version)

    def remove(
        self, letter_id: int, *, expected_version: ExpectedVersion, whole_case: bool = False
    ) -> list[HistoryEntry]:
        """Move the letter (with `whole_case`, every copy of its case) to the trash (restorable)."""
        with self.plain_errors():
            return remove_letters(self.connection, letter_id, expected_version, whole_case=whole_case)

    def restore(self, letter_id: int, *, expected_version: ExpectedVersion) -> HistoryEntry:
        """Bring a letter back from the trash (`TrashEntry.version`, or `ANY_VERSION`)."""
        with self.plain_errors():
            return restore_letter(self.connection, letter_id, expected_version)

    def trash(self) -> list[TrashEntry]:
        """The letters in the trash, most recently removed first."""
        with self.plain_errors():
            return trash_entries(self.connection)

    def empty_trash(self, letter_ids: Iterable[int] | None = None) -> int:
        """Delete the letters in the trash (or those of `letter_ids`) for good, with their files."""
        with self.plain_errors():
            return empty_trash(self.connection, letter_ids)

    # -- export ---------------------------------------------------------------------------

    def letter_ids(self) -> list[int]:
        """One letter per case out of the trash (its copy of record), in import order."""
        with self.plain_errors():
            return case_record_ids(self.connection)

    def export_jsonl(self, fp: TextIO, letter_ids: Iterable[int] | None = None) -> int:
        """One ``imr-desk/letter@1`` object per case (corrections applied); returns the count."""
        with self.plain_errors():
            return write_jsonl(self.connection, fp, letter_ids)

    def export_csv(self, fp: TextIO, letter_ids: Iterable[int] | None = None) -> int:
        """One row per decision, spreadsheet-safe (BOM, formula guard); returns the row count."""
        with self.plain_errors():
            return write_csv(self.connection, fp, letter_ids)
