"""Rows of the deadline tables: a case's service record, a deadline's status, the firm's
settings — read and written inside the caller's transaction, and undo/redo of their history.

A service record edit is history action ``service`` (before/after: the entered values,
`EnteredService.to_json`); a status change is ``deadline_status`` (before/after:
`status_history_value`). Both are state written whole, so undo writes `before` back and
redo `after` (`apply_deadline_history`, which `edits.apply_history` calls for these actions).
"""

from __future__ import annotations

from typing import Any

from imr_desk.core.deadlines.entries import DeadlineStatus
from imr_desk.core.deadlines.service import EnteredService
from imr_desk.core.deadlines.settings import DeadlineSettings
from imr_desk.core.store.connection import StoreConnection
from imr_desk.core.store.rows import loads

SERVICE_ACTION = "service"
STATUS_ACTION = "deadline_status"
DEADLINE_ACTIONS = frozenset({SERVICE_ACTION, STATUS_ACTION})
SERVICE_TARGET = "Service record"


def status_target(kind: str) -> str:
    return f"Deadline ({kind})"


def status_history_value(kind: str, status: DeadlineStatus) -> dict[str, Any]:
    """A status as a history entry's before/after: ``{"kind", "status", "done_on", "status_note"}``
    (its own key for the note, so that the history view never reads it as a note's)."""
    values = status.to_json()
    return {"kind": kind, "status": values["status"], "done_on": values["done_on"], "status_note": values["note"]}


def status_from_history(value: Any) -> DeadlineStatus:
    if not isinstance(value, dict):
        return DeadlineStatus()
    return DeadlineStatus.from_json({**value, "note": value.get("status_note") or value.get("note")})


def case_of(connection: StoreConnection, letter_id: int) -> int:
    """The case id of a stored letter; `StoreError` if it is not stored."""
    row = connection.one("SELECT case_id FROM letters WHERE id = ?", [letter_id])
    if row is None:
        raise connection.missing(letter_id)
    return int(row["case_id"])


def read_service(connection: StoreConnection, case_id: int) -> EnteredService:
    row = connection.one("SELECT * FROM service_records WHERE case_id = ?", [case_id])
    return EnteredService() if row is None else EnteredService.from_json(row)


def write_service(connection: StoreConnection, case_id: int, entered: EnteredService, *, user: str, now: str) -> None:
    values = entered.to_json()
    connection.db.execute(
        "INSERT INTO service_records (case_id, served_on, served_by, address, received_on, rev, user, changed_at) "
        "VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT(case_id) DO UPDATE SET served_on = excluded.served_on, "
        "served_by = excluded.served_by, address = excluded.address, received_on = excluded.received_on, "
        "rev = service_records.rev + 1, user = excluded.user, changed_at = excluded.changed_at",
        [case_id, values["served_on"], values["served_by"], values["address"], values["received_on"], user, now],
    )


def read_status(connection: StoreConnection, case_id: int, kind: str) -> DeadlineStatus:
    row = connection.one("SELECT * FROM deadline_status WHERE case_id = ? AND kind = ?", [case_id, kind])
    return DeadlineStatus() if row is None else DeadlineStatus.from_json(row)


def read_statuses(connection: StoreConnection) -> dict[tuple[int, str], DeadlineStatus]:
    """Every status that is not plain open, by (case id, kind)."""
    return {(row["case_id"], row["kind"]): DeadlineStatus.from_json(row)
            for row in connection.db.query("SELECT * FROM deadline_status WHERE status != 'open'")}


def write_status(
    connection: StoreConnection, case_id: int, kind: str, status: DeadlineStatus, *, user: str, now: str
) -> None:
    values = status.to_json()
    connection.db.execute(
        "INSERT INTO deadline_status (case_id, kind, status, done_on, note, user, changed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(case_id, kind) DO UPDATE SET status = excluded.status, "
        "done_on = excluded.done_on, note = excluded.note, user = excluded.user, changed_at = excluded.changed_at",
        [case_id, kind, values["status"], values["done_on"], values["note"], user, now],
    )


def read_settings(connection: StoreConnection) -> tuple[DeadlineSettings, int]:
    """The firm's settings and their version (0: never saved, the defaults)."""
    row = connection.one("SELECT settings_json, version FROM deadline_settings WHERE id = 1")
    if row is None:
        return DeadlineSettings(), 0
    return DeadlineSettings.from_json(loads(row["settings_json"])), int(row["version"])


def apply_deadline_history(connection: StoreConnection, row: dict[str, Any], *, undo: bool) -> None:
    """Undo (write `before` back) or redo (write `after`) a service or status history entry
    (`edits.apply_history` has flagged the entry)."""
    wanted = loads(row["before"] if undo else row["after"])
    other = loads(row["after"] if undo else row["before"])
    case_id = case_of(connection, row["letter_id"])
    user, now = row["user"], row["created_at"]
    if row["action"] == SERVICE_ACTION:
        write_service(connection, case_id, EnteredService.from_json(wanted), user=user, now=now)
        return
    kind = str((wanted or other or {}).get("kind") or "")
    write_status(connection, case_id, kind, status_from_history(wanted), user=user, now=now)
