"""The firm's many desks: who a case is assigned to, and which desk has a letter open.

An assignment (`assign`) is an edit of the case's copy of record like any other: version
checked (``edits.letter_edit``), recorded in history (action `ASSIGN_ACTION`, before and
after the person's name, None for nobody) and undone/redone with the rest
(``edits.apply_history`` sets the assignment the latest done entry gives). The letter's
``assigned_to`` / ``assigned_by`` / ``assigned_at`` columns hold it (schema 5, ``desk_schema``).

Presence (`mark_open`, `mark_seen`, `mark_closed`) is not an edit: it writes the
``letter_presence`` rows without a version or history, each statement committed alone, and
tells the other desks (``notices.notify``, ``presence``). A row not refreshed for
`PRESENCE_TIMEOUT_SECONDS` is stale: `open_elsewhere` passes over it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from imr_desk.core.records import HistoryEntry
from imr_desk.core.store.connection import ExpectedVersion, StoreConnection
from imr_desk.core.store.desk_schema import PRESENCE_TIMEOUT_SECONDS
from imr_desk.core.store.edits import ASSIGN_ACTION, letter_edit
from imr_desk.core.store.notices import notify
from imr_desk.core.store.rows import current_user, loads, utc_now
from imr_desk.core.store.schema import write_transaction

ASSIGN_TARGET = "Assigned to"
MAX_PERSON_LENGTH = 80  # a person's name, as history and the queue show it


@dataclass(frozen=True)
class Assignment:
    """Who a case is assigned to, who assigned it and when (UTC ISO 8601)."""

    person: str
    by: str
    at: str


def check_person(person: str | None) -> str | None:
    """A person's name as stored (white space collapsed), None for nobody; a `ValueError`
    for an empty or over-long name."""
    if person is None:
        return None
    if not isinstance(person, str):
        raise ValueError(f"A person's name must be text, not {person!r}.")
    name = " ".join(person.split())
    if not name:
        raise ValueError("A case cannot be assigned to an empty name (unassign it instead).")
    if len(name) > MAX_PERSON_LENGTH:
        raise ValueError(f"A person's name can be at most {MAX_PERSON_LENGTH} characters "
                         f"(this one has {len(name)}).")
    return name


def assign(connection: StoreConnection, letter_id: int, person: str | None, *,
           expected_version: ExpectedVersion) -> HistoryEntry | None:
    """Assign the case (its copy of record `letter_id`) to `person`, or to nobody (None).
    None when it already was."""
    name = check_person(person)
    with letter_edit(connection, letter_id, expected_version) as edit:
        row = connection.one("SELECT assigned_to FROM letters WHERE id = ?", [letter_id])
        before = row["assigned_to"] if row else None
        if before == name:
            edit.changed = False
            return None
        connection.db.execute(
            "UPDATE letters SET assigned_to = ?, assigned_by = ?, assigned_at = ? WHERE id = ?",
            [name, edit.user if name else None, edit.now if name else None, letter_id],
        )
        return edit.add_history(ASSIGN_ACTION, ASSIGN_TARGET, before, name)


def assignment(connection: StoreConnection, letter_id: int) -> Assignment | None:
    """Who the letter's case is assigned to now; None for nobody."""
    row = connection.one("SELECT assigned_to, assigned_by, assigned_at FROM letters WHERE id = ?",
                         [letter_id])
    if row is None:
        raise connection.missing(letter_id)
    if not row["assigned_to"]:
        return None
    return Assignment(row["assigned_to"], row["assigned_by"] or "", row["assigned_at"] or "")


def known_people(connection: StoreConnection) -> list[str]:
    """The people the store knows (who made edits, who cases are or were assigned to), by name."""
    names = {row["name"] for row in connection.db.query(
        "SELECT user AS name FROM history UNION SELECT assigned_to AS name FROM letters "
        "WHERE assigned_to IS NOT NULL")}
    for row in connection.db.query(
            f"SELECT DISTINCT after FROM history WHERE action = '{ASSIGN_ACTION}' AND after IS NOT NULL"):
        person = loads(row["after"])
        if isinstance(person, str):
            names.add(person)
    return sorted((name for name in names if name), key=str.casefold)


# --- presence ----------------------------------------------------------------------------------

def _write_presence(connection: StoreConnection, sql: str, params: list[object]) -> None:
    """One presence statement, committed alone (not a letter edit: no after-commit hooks)."""
    with connection.plain_errors():
        if connection.is_postgres:
            connection.db.execute(sql, params)  # autocommit: its own transaction
        else:
            with write_transaction(connection.db):
                connection.db.execute(sql, params)


def mark_open(connection: StoreConnection, letter_id: int, desk: str, person: str | None = None) -> None:
    """Record that `desk` (`person` at it, default `current_user()`) has the letter open now."""
    _write_presence(
        connection,
        "INSERT INTO letter_presence (letter_id, desk, person, seen_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (letter_id, desk) DO UPDATE SET person = excluded.person, seen_at = excluded.seen_at",
        [letter_id, desk, person or current_user(), utc_now()],
    )
    notify(connection, [letter_id], presence=True, desk=desk)


def mark_seen(connection: StoreConnection, desk: str) -> None:
    """Refresh every presence row of `desk` (its letters are still open); no notice."""
    _write_presence(connection, "UPDATE letter_presence SET seen_at = ? WHERE desk = ?", [utc_now(), desk])


def mark_closed(connection: StoreConnection, letter_id: int | None, desk: str) -> None:
    """Record that `desk` closed the letter (None: every letter it had open)."""
    with connection.plain_errors():
        closed = [row["letter_id"] for row in connection.db.query(
            "SELECT letter_id FROM letter_presence WHERE desk = ?" + ("" if letter_id is None else
                                                                       " AND letter_id = ?"),
            [desk] if letter_id is None else [desk, letter_id])]
    if not closed:
        return
    if letter_id is None:
        _write_presence(connection, "DELETE FROM letter_presence WHERE desk = ?", [desk])
    else:
        _write_presence(connection, "DELETE FROM letter_presence WHERE desk = ? AND letter_id = ?",
                        [desk, letter_id])
    notify(connection, closed, presence=True, desk=desk)


def presence_cutoff(now: datetime | None = None) -> str:
    """The `seen_at` before which a presence row is stale."""
    moment = (now or datetime.now(UTC)) - timedelta(seconds=PRESENCE_TIMEOUT_SECONDS)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def open_elsewhere(connection: StoreConnection, letter_ids: Iterable[int], desk: str) -> dict[int, str]:
    """Of `letter_ids`, those open at another desk than `desk` (fresh rows only): letter id ->
    the person at that desk (the most recently seen one when several have it open)."""
    ids = sorted({int(i) for i in letter_ids})
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = connection.db.query(
        f"SELECT letter_id, person, seen_at FROM letter_presence WHERE letter_id IN ({marks}) "
        "AND desk <> ? AND seen_at >= ? ORDER BY seen_at",
        [*ids, desk, presence_cutoff()],
    )
    return {int(row["letter_id"]): row["person"] for row in rows}
