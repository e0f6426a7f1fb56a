"""The materialised deadlines of every case (``case_deadlines``) and the queries on them.

A case's deadlines depend only on its copy of record (which letter, its decision date, whether
it has an Overturned decision: summary columns every edit and import keeps), its service
record and the firm's settings. Triggers mark a case in ``deadline_dirty`` whenever one of
those changes, whatever code changed it (``deadline_schema``); a settings change marks every
case. `refresh_deadlines()` recomputes only the marked cases, in one write transaction, and
when none is marked it is one indexed look-up that writes nothing. The queue's "next deadline"
and its Overdue / Due within N days filters are then single queries on ``case_deadlines``.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Any, NamedTuple

from imr_desk.core.deadlines.calendar import HolidayCalendar
from imr_desk.core.deadlines.entries import DeadlineEntry, DeadlineStatus
from imr_desk.core.deadlines.rules import compute_deadlines
from imr_desk.core.deadlines.service import EnteredService, ServiceRecord
from imr_desk.core.deadlines.settings import KINDS
from imr_desk.core.store.connection import StoreConnection
from imr_desk.core.store.deadline_rows import read_settings

_DIRTY = (
    "SELECT d.case_id, l.id, l.decision_date, l.overturned, s.served_on, s.served_by, s.address, s.received_on "
    "FROM deadline_dirty d "
    "LEFT JOIN letters l ON l.case_id = d.case_id AND l.is_record = 1 AND l.removed_at IS NULL "
    "LEFT JOIN service_records s ON s.case_id = d.case_id"
)
_ENTRY_SQL = (
    "SELECT d.case_id, d.letter_id, d.kind, d.due, d.assumed, d.basis, l.case_number, l.sha256, "
    "st.status, st.done_on, st.note FROM case_deadlines d JOIN letters l ON l.id = d.letter_id "
    "LEFT JOIN deadline_status st ON st.case_id = d.case_id AND st.kind = d.kind"
)
_OPEN = "coalesce(st.status, 'open') = 'open'"


class NextDeadline(NamedTuple):
    """A copy of record's soonest open deadline, as the queue shows it."""

    kind: str
    due: datetime.date
    assumed: bool


def mark_every_case(connection: StoreConnection) -> None:
    """Mark every live case for recomputing (the settings changed); inside the caller's transaction."""
    connection.db.execute(
        "INSERT INTO deadline_dirty (case_id) SELECT case_id FROM letters "
        "WHERE is_record = 1 AND removed_at IS NULL AND case_id IS NOT NULL ON CONFLICT DO NOTHING"
    )


def refresh_deadlines(connection: StoreConnection) -> int:
    """Recompute the marked cases' deadlines; how many cases were marked."""
    if connection.one("SELECT case_id FROM deadline_dirty LIMIT 1") is None:
        return 0
    with connection.transaction() as db:
        settings, _ = read_settings(connection)
        calendar = HolidayCalendar(settings)
        rows = list(db.query(_DIRTY))
        db.execute("DELETE FROM case_deadlines WHERE case_id IN (SELECT case_id FROM deadline_dirty)")
        found: list[tuple[Any, ...]] = []
        # many cases share their inputs (a decision date, nothing entered): compute each once
        computed: dict[tuple[ServiceRecord, bool], list[tuple[str, str, int, str]]] = {}
        for row in rows:
            if row["id"] is None:  # the case is gone (trash, emptied) or has no copy of record
                continue
            service = ServiceRecord.resolve(EnteredService.from_json(row), row["decision_date"])
            key = (service, row["overturned"] > 0)
            if key not in computed:
                computed[key] = [
                    (d.kind, d.due.isoformat(), int(d.assumed), json.dumps(list(d.basis), ensure_ascii=False))
                    for d in compute_deadlines(service, overturned=key[1], calendar=calendar)
                ]
            found += [(row["case_id"], kind, row["id"], due, assumed, basis)
                      for kind, due, assumed, basis in computed[key]]
        connection.executemany(
            "INSERT INTO case_deadlines (case_id, kind, letter_id, due, assumed, basis) VALUES (?, ?, ?, ?, ?, ?)",
            found,
        )
        db.execute("DELETE FROM deadline_dirty")
    return len(rows)


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
        return "1 = 1", []
    return f"{_OPEN} AND ({' OR '.join(parts)})", params


def deadline_entries(
    connection: StoreConnection, *, kinds: Iterable[str], overdue: bool = False, due_within: int | None = None,
    today: datetime.date, case_id: int | None = None,
) -> list[DeadlineEntry]:
    """The deadlines of the given kinds, soonest first (then case number, kind order); with
    `overdue` / `due_within` only open ones that are overdue / due within that many days."""
    kind_sql, params = _kinds_sql(kinds)
    window_sql, window_values = _window(overdue, due_within, today)
    window_params: list[Any] = list(window_values)
    where = f"{kind_sql} AND {window_sql}"
    if case_id is not None:
        where += " AND d.case_id = ?"
        window_params.append(int(case_id))
    rows = connection.db.query(f"{_ENTRY_SQL} WHERE {where}", [*params, *window_params])
    entries = [_entry(row) for row in rows]
    return sorted(entries, key=lambda e: (e.due, e.case_number or "", KINDS.index(e.kind), e.case_id))


def next_open_deadlines(
    connection: StoreConnection, *, kinds: Iterable[str], letter_ids: Iterable[int] | None = None,
) -> dict[int, NextDeadline]:
    """Each case's soonest open deadline of the given kinds, by its copy of record's letter id
    (all cases, or those of `letter_ids`)."""
    kind_sql, params = _kinds_sql(kinds)
    where = f"{kind_sql} AND {_OPEN}"
    extra: list[Any] = []
    if letter_ids is not None:
        where += f" AND d.letter_id IN ({connection.dialect.id_list()})"
        extra.append(json.dumps(list(letter_ids)))
    # each letter's soonest row (a window: both backends; ties go to the first kind by name)
    sql = (
        "SELECT letter_id, kind, due, assumed FROM (SELECT d.letter_id, d.kind, d.due, d.assumed, "
        "row_number() OVER (PARTITION BY d.letter_id ORDER BY d.due, d.kind) AS n FROM case_deadlines d "
        "LEFT JOIN deadline_status st ON st.case_id = d.case_id AND st.kind = d.kind "
        f"WHERE {where}) soonest WHERE n = 1"
    )
    date = datetime.date.fromisoformat
    return {letter_id: NextDeadline(kind, date(due), bool(assumed))
            for letter_id, kind, due, assumed in connection.db.execute(sql, [*params, *extra])}


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
