"""The materialised deadlines of every case (``case_deadlines``) and the queries on them.

A case's deadlines depend only on its copy of record's id, decision date and whether it has
an Overturned decision (summary columns every edit and import keeps), its service record
(``rev``) and the firm's settings (``version``). `refresh_deadlines()` compares that key, built
in SQL, with the one stored in ``deadline_inputs`` and recomputes only the cases whose key
changed (and drops cases gone from the store): after any import, edit, re-parse, trash move,
service or settings change, the next read brings the table up to date in one write
transaction, and when nothing changed it writes nothing. The queue's "next deadline" and its
Overdue / Due within N days filters are then single indexed queries.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Any

from imr_desk.core.deadlines.calendar import HolidayCalendar
from imr_desk.core.deadlines.entries import DeadlineEntry, DeadlineStatus
from imr_desk.core.deadlines.rules import compute_deadlines
from imr_desk.core.deadlines.service import EnteredService, ServiceRecord
from imr_desk.core.deadlines.settings import KINDS
from imr_desk.core.store.connection import StoreConnection
from imr_desk.core.store.deadline_rows import read_settings

_KEY = ("l.id || '|' || ifnull(l.decision_date, '') || '|' || (l.overturned > 0) || '|' "
        "|| ifnull(s.rev, 0) || '|' || ?")
_STALE = (
    f"SELECT l.id, l.case_id, l.decision_date, l.overturned, s.served_on, s.served_by, s.address, "
    f"s.received_on, {_KEY} AS inputs FROM letters l "
    "LEFT JOIN service_records s ON s.case_id = l.case_id "
    "LEFT JOIN deadline_inputs k ON k.case_id = l.case_id "
    f"WHERE l.is_record = 1 AND l.removed_at IS NULL AND (k.inputs IS NULL OR k.inputs != {_KEY})"
)
_GONE = (
    "SELECT k.case_id FROM deadline_inputs k WHERE NOT EXISTS (SELECT 1 FROM letters l "
    "WHERE l.case_id = k.case_id AND l.is_record = 1 AND l.removed_at IS NULL)"
)
_ENTRY_SQL = (
    "SELECT d.case_id, d.letter_id, d.kind, d.due, d.assumed, d.basis, l.case_number, l.sha256, "
    "st.status, st.done_on, st.note FROM case_deadlines d JOIN letters l ON l.id = d.letter_id "
    "LEFT JOIN deadline_status st ON st.case_id = d.case_id AND st.kind = d.kind"
)
_OPEN = "ifnull(st.status, 'open') = 'open'"


def _stale(connection: StoreConnection, version: int) -> tuple[list[dict[str, Any]], list[int]]:
    stale = list(connection.db.query(_STALE, [str(version), str(version)]))
    gone = [row["case_id"] for row in connection.db.query(_GONE)]
    return stale, gone


def refresh_deadlines(connection: StoreConnection) -> int:
    """Bring ``case_deadlines`` up to date; the number of cases recomputed or dropped."""
    settings, version = read_settings(connection)
    stale, gone = _stale(connection, version)
    if not stale and not gone:
        return 0
    calendar = HolidayCalendar(settings)
    with connection.transaction() as db:
        stale, gone = _stale(connection, version)  # again, now holding the write lock
        for case_id in gone:
            db.execute("DELETE FROM case_deadlines WHERE case_id = ?", [case_id])
            db.execute("DELETE FROM deadline_inputs WHERE case_id = ?", [case_id])
        for row in stale:
            service = ServiceRecord.resolve(EnteredService.from_json(row), row["decision_date"])
            db.execute("DELETE FROM case_deadlines WHERE case_id = ?", [row["case_id"]])
            for deadline in compute_deadlines(service, overturned=row["overturned"] > 0, calendar=calendar):
                db.execute(
                    "INSERT INTO case_deadlines (case_id, kind, letter_id, due, assumed, basis) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [row["case_id"], deadline.kind, row["id"], deadline.due.isoformat(),
                     int(deadline.assumed), json.dumps(list(deadline.basis), ensure_ascii=False)],
                )
            db.execute(
                "INSERT INTO deadline_inputs (case_id, inputs) VALUES (?, ?) "
                "ON CONFLICT(case_id) DO UPDATE SET inputs = excluded.inputs",
                [row["case_id"], row["inputs"]],
            )
    return len(stale) + len(gone)


def _entry(row: dict[str, Any]) -> DeadlineEntry:
    status = DeadlineStatus.from_json(row) if row["status"] else DeadlineStatus()
    return DeadlineEntry(
        case_id=row["case_id"], letter_id=row["letter_id"], case_number=row["case_number"],
        letter_sha256=row["sha256"], kind=row["kind"], due=datetime.date.fromisoformat(row["due"]),
        assumed=bool(row["assumed"]), basis=tuple(json.loads(row["basis"])), status=status,
    )


def _kinds_sql(kinds: Iterable[str]) -> tuple[str, list[str]]:
    wanted = [kind for kind in KINDS if kind in set(kinds)]
    return f"d.kind IN ({', '.join('?' for _ in wanted) or 'NULL'})", wanted


def _window(overdue: bool, due_within: int | None, today: datetime.date) -> tuple[str, list[str]]:
    """The SQL for "open and overdue" / "open and due from today to today + N days" (either)."""
    parts, params = [], []
    if overdue:
        parts.append("d.due < ?")
        params.append(today.isoformat())
    if due_within is not None:
        parts.append("d.due BETWEEN ? AND ?")
        params += [today.isoformat(), (today + datetime.timedelta(days=due_within)).isoformat()]
    if not parts:
        return "1", []
    return f"{_OPEN} AND ({' OR '.join(parts)})", params


def deadline_entries(
    connection: StoreConnection, *, kinds: Iterable[str], overdue: bool = False, due_within: int | None = None,
    today: datetime.date, case_id: int | None = None,
) -> list[DeadlineEntry]:
    """The deadlines of the given kinds, soonest first (then case number, kind order); with
    `overdue` / `due_within` only open ones that are overdue / due within that many days."""
    kind_sql, params = _kinds_sql(kinds)
    window_sql, window_params = _window(overdue, due_within, today)
    where = f"{kind_sql} AND {window_sql}"
    if case_id is not None:
        where += " AND d.case_id = ?"
        window_params.append(str(case_id))
    rows = connection.db.query(f"{_ENTRY_SQL} WHERE {where}", [*params, *window_params])
    entries = [_entry(row) for row in rows]
    return sorted(entries, key=lambda e: (e.due, e.case_number or "", KINDS.index(e.kind), e.case_id))


def next_open_deadlines(
    connection: StoreConnection, *, kinds: Iterable[str], letter_ids: Iterable[int] | None = None,
) -> dict[int, DeadlineEntry]:
    """Each case's soonest open deadline of the given kinds, by its copy of record's letter id."""
    kind_sql, params = _kinds_sql(kinds)
    where = f"{kind_sql} AND {_OPEN}"
    extra: list[Any] = []
    if letter_ids is not None:
        where += " AND d.letter_id IN (SELECT value FROM json_each(?))"
        extra.append(json.dumps(list(letter_ids)))
    # SQLite takes the bare columns of a min() aggregate from the row holding the minimum
    sql = (
        "SELECT d.case_id, d.letter_id, d.kind, min(d.due) AS due, d.assumed, d.basis, l.case_number, "
        "l.sha256, st.status, st.done_on, st.note FROM case_deadlines d JOIN letters l ON l.id = d.letter_id "
        "LEFT JOIN deadline_status st ON st.case_id = d.case_id AND st.kind = d.kind "
        f"WHERE {where} GROUP BY d.letter_id"
    )
    return {row["letter_id"]: _entry(row) for row in connection.db.query(sql, [*params, *extra])}


def letter_ids_due(
    connection: StoreConnection, *, kinds: Iterable[str], overdue: bool = False, due_within: int | None = None,
    today: datetime.date,
) -> set[int]:
    """The copies of record with an open deadline overdue / due within `due_within` days."""
    kind_sql, params = _kinds_sql(kinds)
    window_sql, window_params = _window(overdue, due_within, today)
    sql = ("SELECT DISTINCT d.letter_id FROM case_deadlines d LEFT JOIN deadline_status st "
           f"ON st.case_id = d.case_id AND st.kind = d.kind WHERE {kind_sql} AND {window_sql}")
    return {row["letter_id"] for row in connection.db.query(sql, [*params, *window_params])}
