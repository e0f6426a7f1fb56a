"""The deadline edits: a case's service record, a deadline's status, the firm's settings.

A service record or status change is an edit of the case's copy of record like a correction:
version-checked (``expected_version=``), one transaction with its history entry (actions
``service`` and ``deadline_status``, see `deadline_rows`), undone and redone through the
letter's undo stack, and it survives a restart. Writing what is already stored changes
nothing (None, no history, no version bump). The firm's settings are one firm-wide row with
a version of their own: a write is checked against the version the caller read.
"""

from __future__ import annotations

from imr_desk.core.deadlines.entries import DeadlineStatus
from imr_desk.core.deadlines.service import EnteredService
from imr_desk.core.deadlines.settings import KINDS, DeadlineSettings
from imr_desk.core.records import HistoryEntry
from imr_desk.core.store.connection import ANY_VERSION, ExpectedVersion, StoreConnection, check_expected_version
from imr_desk.core.store.deadline_rows import (
    SERVICE_ACTION,
    SERVICE_TARGET,
    STATUS_ACTION,
    case_of,
    read_service,
    read_settings,
    read_status,
    status_history_value,
    status_target,
    write_service,
    write_status,
)
from imr_desk.core.store.deadline_table import mark_every_case
from imr_desk.core.store.edits import letter_edit
from imr_desk.core.store.rows import current_user, dumps, utc_now
from imr_desk.core.store.schema import StaleRecordError


def set_service(
    connection: StoreConnection, letter_id: int, entered: EnteredService, expected_version: ExpectedVersion
) -> HistoryEntry | None:
    """Store the entered service values of the case of copy of record `letter_id` (a value
    left None goes back to its assumed default); None when nothing changes."""
    with letter_edit(connection, letter_id, expected_version) as edit:
        case_id = case_of(connection, letter_id)
        before = read_service(connection, case_id)
        if before == entered:
            edit.changed = False
            return None
        write_service(connection, case_id, entered, user=edit.user, now=edit.now)
        return edit.add_history(SERVICE_ACTION, SERVICE_TARGET, before.to_json(), entered.to_json())


def set_status(
    connection: StoreConnection, letter_id: int, kind: str, status: DeadlineStatus,
    expected_version: ExpectedVersion,
) -> HistoryEntry | None:
    """Mark the case's deadline of `kind` open, done (`done_on`, note) or dismissed."""
    if kind not in KINDS:
        raise ValueError(f"There is no deadline kind {kind!r}; the kinds are: {', '.join(KINDS)}.")
    with letter_edit(connection, letter_id, expected_version) as edit:
        case_id = case_of(connection, letter_id)
        before = read_status(connection, case_id, kind)
        if before == status:
            edit.changed = False
            return None
        write_status(connection, case_id, kind, status, user=edit.user, now=edit.now)
        return edit.add_history(
            STATUS_ACTION, status_target(kind), status_history_value(kind, before), status_history_value(kind, status)
        )


def set_settings(
    connection: StoreConnection, settings: DeadlineSettings, expected_version: ExpectedVersion
) -> int:
    """Save the firm's settings if they are still at `expected_version` (0: never saved), or
    with `ANY_VERSION`; the version they are at afterwards. `StaleRecordError` otherwise."""
    check_expected_version(expected_version)
    with connection.plain_errors(), connection.transaction() as db:
        current, version = read_settings(connection)
        if expected_version is not ANY_VERSION and version != expected_version:
            raise StaleRecordError(
                f"The deadline settings in {connection.path} were changed elsewhere (version {version}, "
                f"expected {expected_version}); reload them and try again."
            )
        if current == settings and current.added_names == settings.added_names and version:
            return version
        db.execute(
            "INSERT INTO deadline_settings (id, settings_json, version, user, changed_at) VALUES (1, ?, 1, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET settings_json = excluded.settings_json, "
            "version = deadline_settings.version + 1, "
            "user = excluded.user, changed_at = excluded.changed_at",
            [dumps(settings.to_json()), current_user(), utc_now()],
        )
        mark_every_case(connection)
        return read_settings(connection)[1]
