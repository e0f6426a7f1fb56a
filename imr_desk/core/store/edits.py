"""The pieces of one store edit: rows it writes, undo/redo of a history entry, summary refresh.

`letter_edit()` is one edit of one letter: the connection's version-checked write
transaction (`StoreConnection.letter_write`), an `EditContext` with helpers that write the
edit's rows, and on success the letter's summary columns refreshed. Undo never deletes
anything: it switches a correction or note off (``active = 0``) and flags the history entry
``undone``; redo switches it back on. A new edit after undo marks the undone entries
``dropped`` (the redo tail is gone, as in any editor) but keeps them in the history view.
Each undo and redo is also written as an entry of its own, with who and when (`undo_log`).
An edited note (`annotations.edit_annotation`) gets its earlier text and tag back on undo; a
highlight is switched off and on like a note.

An edit of a letter's content (a correction, a decision added or deleted: `CONTENT_ACTIONS`;
notes are not content) made while the letter is ``verified`` moves it back to ``in_review`` in
the same transaction: a second history entry, a review entry that carries the edit's
correction id (`is_review_follow_up`). It belongs to the edit: undo and redo step both
together, and the undo stack lists only the edit.

Only a case's copy of record, out of the trash, takes edits (`cases.check_editable`). Choosing
another copy of record is an edit of the copy chosen, undone like any other (the earlier copy
becomes the copy of record again); the trash's own entries (remove, restore, and the copy of
record moving with them) are history that undo/redo never step over.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from imr_desk.core.model import Letter, Region, Span
from imr_desk.core.reading.document import Document
from imr_desk.core.records import Annotation, CaseRecord, Correction, HistoryEntry, ReviewState
from imr_desk.core.store.base_schema import DECISION_COLUMNS
from imr_desk.core.store.cases import (
    NOT_UNDOABLE_SQL,
    ReadOnlyLetterError,
    case_row,
    check_editable,
    insert_history,
    letter_label,
    record_change_values,
    set_record_flags,
)
from imr_desk.core.store.connection import ExpectedVersion, LetterWrite, StoreConnection
from imr_desk.core.store.deadline_rows import DEADLINE_ACTIONS, apply_deadline_history
from imr_desk.core.store.dialect import StoreDatabase
from imr_desk.core.store.findings_schema import check_counts
from imr_desk.core.store.packing import unpack
from imr_desk.core.store.read import read_record
from imr_desk.core.store.rows import current_user, decision_value, dumps, history_from_row, loads, utc_now
from imr_desk.core.store.undo_log import record_step

# A case assigned to a person (``desks.assign``); undo/redo set the latest done one's assignment.
ASSIGN_ACTION = "assign"
# The edits of a letter's content: each moves a verified letter back to in review.
CONTENT_ACTIONS = frozenset({"correct", "add_decision", "delete_decision"})
# The target of the review entry such an edit writes.
REOPENED_TARGET = "Review state (edited after verification)"
# Not a review entry written by a content edit (those are undone and redone with their edit).
NOT_FOLLOW_UP_SQL = "NOT (action = 'review' AND correction_id IS NOT NULL)"

# history action -> (table, column holding the row id, "active" value while the entry is done)
_SWITCHES = {
    "correct": ("corrections", "correction_id", 1),
    "add_decision": ("corrections", "correction_id", 1),
    "delete_decision": ("corrections", "correction_id", 1),
    "annotate": ("annotations", "annotation_id", 1),
    "highlight": ("annotations", "annotation_id", 1),
    "delete_annotation": ("annotations", "annotation_id", 0),
}


class EditContext:
    """What one edit of one letter needs: who, when, and helpers that write its rows.

    `write` is the version-checked write it runs in: set `changed` to False for an edit that
    turned out to change nothing (the version is then not bumped, the summary not refreshed);
    after the edit `write.version` is the version it left.
    """

    def __init__(self, connection: StoreConnection, write: LetterWrite, user: str, now: str) -> None:
        self.connection = connection
        self.db = connection.db
        self.write = write
        self.letter_id = write.letter_id
        self.user = user
        self.now = now

    @property
    def changed(self) -> bool:
        return self.write.changed

    @changed.setter
    def changed(self, value: bool) -> None:
        self.write.changed = value

    @staticmethod
    def json(text: str | None) -> Any:
        return loads(text)

    def check_span(self, record: CaseRecord, span: Span | None) -> Span | None:
        if span is None:
            return None
        start, end = int(span[0]), int(span[1])
        if not 0 <= start <= end <= len(record.letter.text):
            raise ValueError(
                f"The selection {start}-{end} lies outside the letter's text (0-{len(record.letter.text)})."
            )
        return (start, end)

    def decision_number(self, record: CaseRecord, decision_key: str) -> int:
        """1-based place of the decision in the effective letter; ValueError if it is not there."""
        if decision_key not in record.decision_keys:
            raise ValueError(f"Letter {self.letter_id} has no decision '{decision_key}'.")
        return record.decision_keys.index(decision_key) + 1

    def base_decision(self, decision_key: str) -> dict[str, Any]:
        """The decision as parsed (or as added), before any field correction."""
        row = self.connection.one(
            "SELECT base_json FROM decisions WHERE letter_id = ? AND key = ?", [self.letter_id, decision_key]
        )
        return json.loads(unpack(row["base_json"])) if row else {}

    def new_decision_key(self) -> str:
        row = self.connection.one(
            "SELECT count(*) AS n FROM decisions WHERE letter_id = ? AND added = 1", [self.letter_id]
        )
        added = row["n"] if row else 0  # count(*) always gives a row
        return f"a{added + 1}"

    def add_correction(
        self, decision_key: str | None, field_name: str, parsed_value: Any, new_value: Any,
        new_span: Span | None,
    ) -> int:
        return self.connection.insert_returning_id(
            "INSERT INTO corrections (letter_id, decision_key, field, parsed_value, new_value, "
            "new_span, user, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [self.letter_id, decision_key, field_name, dumps(parsed_value), dumps(new_value),
             dumps(list(new_span)) if new_span else None, self.user, self.now],
        )

    def add_annotation(
        self, record: CaseRecord, note: str, tag: str | None, span: Span | None,
        regions: list[Region] | None,
    ) -> Annotation:
        if regions is None:
            regions = []
            if span is not None and record.layout.get("lines"):
                document = Document.from_layout(record.letter.source, record.letter.text, record.layout)
                regions = document.regions(*span)
        annotation_id = self.connection.insert_returning_id(
            "INSERT INTO annotations (letter_id, note, tag, span, regions, user, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [self.letter_id, note, tag, dumps(list(span)) if span else None,
             dumps([r.to_json() for r in regions]), self.user, self.now],
        )
        return Annotation(annotation_id, self.letter_id, note, tag, span, regions, self.user, self.now)

    def add_history(
        self, action: str, target: str, before: Any, after: Any, *,
        correction_id: int | None = None, annotation_id: int | None = None,
    ) -> HistoryEntry:
        """Write the edit's history entry; a content edit of a verified letter also moves it back
        to in review (`reopen_review`). Returns the edit's entry."""
        entry = insert_history(
            self.connection, self.letter_id, action, target, before, after, user=self.user, now=self.now,
            correction_id=correction_id, annotation_id=annotation_id,
        )
        if action in CONTENT_ACTIONS:
            self.reopen_review(correction_id)
        return entry

    def reopen_review(self, correction_id: int | None) -> HistoryEntry | None:
        """If the letter is verified, move it back to in review: a review entry tied to the
        content edit's `correction_id`, so undo/redo of the edit take it along. None otherwise."""
        if correction_id is None or review_from_history(self.db, self.letter_id).state != "verified":
            return None
        entry = insert_history(
            self.connection, self.letter_id, "review", REOPENED_TARGET, "verified", "in_review",
            user=self.user, now=self.now, correction_id=correction_id,
        )
        self.db.execute(
            "UPDATE letters SET review_state = ?, review_user = ?, review_changed_at = ? WHERE id = ?",
            ["in_review", self.user, self.now, self.letter_id],
        )
        return entry


@contextmanager
def letter_edit(
    connection: StoreConnection, letter_id: int, expected_version: ExpectedVersion, *, new_edit: bool = True,
    require_record: bool = True,
) -> Iterator[EditContext]:
    """One edit of one letter: locked, version-checked, summarised; all or nothing.

    A `new_edit` (anything but undo, redo and re-parse) first drops the letter's redo tail.
    With `require_record` (every edit but re-parse, undo/redo and the trash's, which check for
    themselves) the letter must be its case's copy of record, out of the trash, else
    `ReadOnlyLetterError`.
    """
    with connection.letter_write(letter_id, expected_version) as write:
        if require_record:
            check_editable(connection, letter_id)
        context = EditContext(connection, write, current_user(), utc_now())
        if new_edit:
            drop_redo_tail(connection.db, letter_id)
        yield context
        if context.changed:
            refresh_summary(connection, letter_id)


def drop_redo_tail(db: StoreDatabase, letter_id: int) -> None:
    db.execute(
        "UPDATE history SET dropped = 1 WHERE letter_id = ? AND undone = 1 AND dropped = 0", [letter_id]
    )


def review_from_history(db: StoreDatabase, letter_id: int) -> ReviewState:
    """The review state the letter's done history gives (its latest review entry)."""
    row = next(iter(db.query(
        "SELECT after, user, created_at FROM history WHERE letter_id = ? AND action = 'review' "
        "AND undone = 0 ORDER BY id DESC LIMIT 1",
        [letter_id],
    )), None)
    if row is None:
        return ReviewState()
    return ReviewState(loads(row["after"]), row["user"], row["created_at"])


def restore_assignment(connection: StoreConnection, letter_id: int) -> None:
    """Set the letter's assignment to what its latest done ``assign`` entry made it (nobody
    when there is none), with that entry's who and when."""
    row = connection.one(
        f"SELECT after, user, created_at FROM history WHERE letter_id = ? AND action = '{ASSIGN_ACTION}' "
        "AND undone = 0 ORDER BY id DESC LIMIT 1", [letter_id])
    person = loads(row["after"]) if row else None
    connection.db.execute(
        "UPDATE letters SET assigned_to = ?, assigned_by = ?, assigned_at = ? WHERE id = ?",
        [person, row["user"] if person and row else None, row["created_at"] if person and row else None,
         letter_id],
    )


def step_history(
    connection: StoreConnection, letter_id: int, expected_version: ExpectedVersion, *, undo: bool
) -> HistoryEntry | None:
    """Undo the letter's latest done edit (or redo its earliest undone one); None when none.

    The letter must take edits, except to redo its choice as copy of record (an undone choice
    left it a read-only copy; redoing it makes it the copy of record again)."""
    with letter_edit(connection, letter_id, expected_version, new_edit=False, require_record=False) as edit:
        steps = f"{NOT_UNDOABLE_SQL} AND {NOT_FOLLOW_UP_SQL}"
        sql = (
            f"SELECT * FROM history WHERE letter_id = ? AND undone = 0 AND {steps} ORDER BY id DESC LIMIT 1"
            if undo else
            f"SELECT * FROM history WHERE letter_id = ? AND undone = 1 AND dropped = 0 AND {steps} "
            "ORDER BY id LIMIT 1"
        )
        row = connection.one(sql, [letter_id])
        if undo or row is None or row["action"] != "copy_of_record":
            check_editable(connection, letter_id)
        if row is None:
            edit.changed = False
            return None
        apply_history(connection, row, undo=undo)
        for follow_up in follow_ups(connection, row, undo=undo):
            apply_history(connection, follow_up, undo=undo)
        record_step(connection, row, undo=undo, user=edit.user, now=edit.now)  # who undid it, when
        return history_from_row({**row, "undone": int(undo)})


def is_review_follow_up(row: dict[str, Any]) -> bool:
    """A review entry a content edit wrote (a verified letter back to in review): part of that
    edit, never a step of its own in undo/redo or the undo stack."""
    return row["action"] == "review" and row["correction_id"] is not None


def follow_ups(connection: StoreConnection, row: dict[str, Any], *, undo: bool) -> list[dict[str, Any]]:
    """The review entries the content edit `row` wrote that undo (or redo) must step with it."""
    if row["action"] not in CONTENT_ACTIONS or row["correction_id"] is None:
        return []
    return list(connection.db.query(
        "SELECT * FROM history WHERE letter_id = ? AND action = 'review' AND correction_id = ? "
        "AND undone = ? AND dropped = 0 ORDER BY id",
        [row["letter_id"], row["correction_id"], int(not undo)],
    ))


def choose_copy_of_record(
    connection: StoreConnection, letter_id: int, expected_version: ExpectedVersion
) -> HistoryEntry | None:
    """Make the copy `letter_id` its case's copy of record (an undoable edit of that copy,
    checked against its version); None when it already is."""
    with letter_edit(connection, letter_id, expected_version, require_record=False) as edit:
        row = case_row(connection, letter_id)
        if row["removed_at"] is not None:
            raise ReadOnlyLetterError(
                f"The {letter_label(row)} is in the trash; restore it before making it the copy of record."
            )
        if row["is_record"]:
            edit.changed = False
            return None
        previous = set_record_flags(connection, letter_id)
        before, after = record_change_values(previous, letter_id, row["file_name"])
        return edit.add_history("copy_of_record", "Copy of record", before, after)


def _switch_record(connection: StoreConnection, row: dict[str, Any], *, undo: bool) -> None:
    """Undo (back to the earlier copy) or redo (to this one) a choice of copy of record."""
    wanted = (loads(row["before"]) if undo else loads(row["after"])) or {}
    letter_id = int(wanted.get("letter_id") or 0)
    chosen = connection.one("SELECT id, case_id, removed_at FROM letters WHERE id = ?", [letter_id])
    own_case = case_row(connection, row["letter_id"])["case_id"]
    if chosen is None or chosen["case_id"] != own_case or chosen["removed_at"] is not None:
        raise ReadOnlyLetterError(
            f"The copy of record cannot go back to letter {letter_id}: it is no longer a copy of this "
            "case out of the trash (restore it first)."
        )
    set_record_flags(connection, letter_id)


def apply_history(connection: StoreConnection, row: dict[str, Any], *, undo: bool) -> None:
    """Undo (or redo) one history entry by switching its correction/note off (or on)."""
    db = connection.db
    db.execute("UPDATE history SET undone = ? WHERE id = ?", [int(undo), row["id"]])
    if row["action"] == "copy_of_record":
        _switch_record(connection, row, undo=undo)
        return
    if row["action"] in DEADLINE_ACTIONS:  # a service record or deadline status: state written whole
        apply_deadline_history(connection, row, undo=undo)
        return
    if row["action"] == "review":
        review = review_from_history(db, row["letter_id"])
        db.execute(
            "UPDATE letters SET review_state = ?, review_user = ?, review_changed_at = ? WHERE id = ?",
            [review.state, review.user, review.changed_at, row["letter_id"]],
        )
        return
    if row["action"] == ASSIGN_ACTION:
        restore_assignment(connection, row["letter_id"])
        return
    if row["action"] == "edit_annotation":  # the note's text and tag before (undo) or after (redo)
        wanted = loads(row["before"] if undo else row["after"]) or {}
        db.execute("UPDATE annotations SET note = ?, tag = ? WHERE id = ?",
                   [wanted.get("note") or "", wanted.get("tag"), row["annotation_id"]])
        return
    table, id_column, active_when_done = _SWITCHES[row["action"]]
    active = 1 - active_when_done if undo else active_when_done
    db.execute(f"UPDATE {table} SET active = ? WHERE id = ?", [active, row[id_column]])


def refresh_summary(connection: StoreConnection, letter_id: int) -> CaseRecord:
    """Write the effective values into the letter's summary columns and decision rows.

    These denormalised columns are what the queue, the filters and full-text search read, so
    they are refreshed inside every edit's transaction.
    """
    record = read_record(connection, letter_id)
    write_summary(connection, letter_id, record.letter, record.decision_keys, record.corrections, record.annotations)
    return record


def write_summary(
    connection: StoreConnection, letter_id: int, letter: Letter, decision_keys: list[str],
    corrections: list[Correction], annotations: list[Annotation],
) -> None:
    """Store the summary of an effective `letter` (its decisions keyed by `decision_keys`)."""
    notes = "\n".join(f"{a.tag}: {a.note}" if a.tag else a.note for a in annotations)
    checks_warn, checks_info = check_counts(letter.checks)
    connection.db.execute(
        "UPDATE letters SET case_number = ?, decision_date = ?, date_of_injury = ?, specialties = ?, "
        "decisions = ?, upheld = ?, overturned = ?, corrections = ?, stale_corrections = ?, "
        "annotations = ?, has_warnings = ?, case_summary = ?, notes = ?, checks_warn = ?, "
        "checks_info = ? WHERE id = ?",
        [letter.header.case_number, letter.header.decision_date, letter.header.date_of_injury,
         ", ".join(letter.reviewer.specialties), len(letter.decisions), letter.upheld_count,
         letter.overturned_count, len(corrections), sum(1 for c in corrections if c.stale),
         len(annotations), int(bool(letter.warnings)), letter.case_summary, notes, checks_warn,
         checks_info, letter_id],
    )
    effective = dict(zip(decision_keys, letter.decisions))
    positions = {key: index for index, key in enumerate(decision_keys)}
    for row in list(connection.db.query("SELECT * FROM decisions WHERE letter_id = ?", [letter_id])):
        decision = effective.get(row["key"])
        if decision is None:  # out of the effective letter: empty text keeps it out of search
            wanted = {"active": 0, "position": -1, **dict.fromkeys(DECISION_COLUMNS)}
        else:
            wanted = {"active": 1, "position": positions[row["key"]]}
            wanted.update({name: decision_value(decision, name) for name in DECISION_COLUMNS})
        if any(row[name] != value for name, value in wanted.items()):
            assignments = ", ".join(f"{name} = ?" for name in wanted)
            connection.db.execute(
                f"UPDATE decisions SET {assignments} WHERE id = ?", [*wanted.values(), row["id"]]
            )
