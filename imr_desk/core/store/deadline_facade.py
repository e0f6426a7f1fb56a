"""The store's deadline methods, which `Store` inherits (kept here to keep the facade small).

Reads first bring the materialised deadlines up to date (`deadline_table.refresh_deadlines`,
which writes only when something changed). `kinds=None` means the kinds the firm's side shows
by default (`DeadlineSettings.default_kinds`); pass `settings.KINDS` for all. `today=None` is
the local date now.

For the case queue: `next_deadlines(letter_ids)` gives each copy of record's soonest open
deadline (a column "Next deadline"), `deadline_letter_ids(overdue=True)` /
`deadline_letter_ids(due_within=7)` the letters an Overdue / Due within 7 days filter keeps.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from imr_desk.core.deadlines.calendar import HolidayCalendar
from imr_desk.core.deadlines.case import CaseDeadlines, letter_checks
from imr_desk.core.deadlines.entries import DeadlineEntry, DeadlineStatus
from imr_desk.core.deadlines.service import EnteredService, ServiceRecord
from imr_desk.core.deadlines.settings import DeadlineSettings
from imr_desk.core.records import HistoryEntry
from imr_desk.core.store.cases import case_row, find_case
from imr_desk.core.store.connection import ExpectedVersion, StoreConnection
from imr_desk.core.store.deadline_rows import read_service, read_settings
from imr_desk.core.store.deadline_table import (
    NextDeadline,
    deadline_entries,
    letter_ids_due,
    next_open_deadlines,
    refresh_deadlines,
)
from imr_desk.core.store.read import read_record
from imr_desk.core.store.schema import StoreError
from imr_desk.core.store.service_records import set_service, set_settings, set_status


class DeadlineMethods:
    """Service records, deadline statuses, the firm's settings and the deadline lists."""

    connection: StoreConnection

    def _case_id(self, case: int | str) -> int:
        """The case id of a letter id, or of a case number / sha256 prefix (`StoreError` if none)."""
        if isinstance(case, str):
            match = find_case(self.connection, case)
            if match is None:
                raise StoreError(f"There is no case {case!r} in the store {self.connection.path}.")
            case = match.record_id
        return int(case_row(self.connection, case)["case_id"])

    def _kinds(self, kinds: Iterable[str] | None) -> tuple[str, ...]:
        return tuple(kinds) if kinds is not None else self.deadline_settings().default_kinds()

    def refresh_deadlines(self) -> int:
        """Recompute the deadlines of the cases whose inputs changed; how many cases that was."""
        with self.connection.plain_errors():
            return refresh_deadlines(self.connection)

    def entered_service(self, case: int | str) -> EnteredService:
        """What the user entered for the case (None where nothing was)."""
        with self.connection.plain_errors():
            return read_service(self.connection, self._case_id(case))

    def service_record(self, case: int | str) -> ServiceRecord:
        """The case's service record: entered values, the spec's defaults for the rest (assumed)."""
        with self.connection.plain_errors():
            case_id = self._case_id(case)
            record = self.connection.one(
                "SELECT decision_date FROM letters WHERE case_id = ? AND is_record = 1 AND removed_at IS NULL "
                "ORDER BY id LIMIT 1", [case_id],
            ) or self.connection.one("SELECT decision_date FROM letters WHERE id = ?", [case_id])
            decision_date = record["decision_date"] if record else None
            return ServiceRecord.resolve(read_service(self.connection, case_id), decision_date)

    def set_service(
        self, letter_id: int, entered: EnteredService, *, expected_version: ExpectedVersion
    ) -> HistoryEntry | None:
        """Store the service values of the case of copy of record `letter_id` (history, undo);
        None when they are already so."""
        with self.connection.plain_errors():
            return set_service(self.connection, letter_id, entered, expected_version)

    def set_deadline_status(
        self, letter_id: int, kind: str, status: DeadlineStatus, *, expected_version: ExpectedVersion
    ) -> HistoryEntry | None:
        """Mark a deadline of the case done (`DeadlineStatus("done", day, note)`), dismissed or
        open again (history, undo); None when it already is."""
        with self.connection.plain_errors():
            return set_status(self.connection, letter_id, kind, status, expected_version)

    def deadline_settings(self) -> DeadlineSettings:
        with self.connection.plain_errors():
            return read_settings(self.connection)[0]

    def deadline_settings_version(self) -> int:
        """The version a settings write is checked against (0: never saved)."""
        with self.connection.plain_errors():
            return read_settings(self.connection)[1]

    def set_deadline_settings(self, settings: DeadlineSettings, *, expected_version: ExpectedVersion) -> int:
        """Save the firm's settings (every case's deadlines follow); their new version."""
        with self.connection.plain_errors():
            return set_settings(self.connection, settings, expected_version)

    def holiday_calendar(self) -> HolidayCalendar:
        """The holidays in force for the firm (`HolidayCalendar.holidays_in(year)` lists them)."""
        return HolidayCalendar(self.deadline_settings())

    def deadlines(
        self, *, kinds: Iterable[str] | None = None, overdue: bool = False, due_within: int | None = None,
        today: datetime.date | None = None,
    ) -> list[DeadlineEntry]:
        """One entry per case and kind, by the copy of record, soonest first; with `overdue`
        and/or `due_within` only the open ones overdue or due from today to today + N days."""
        wanted = self._kinds(kinds)
        self.refresh_deadlines()
        with self.connection.plain_errors():
            return deadline_entries(self.connection, kinds=wanted, overdue=overdue, due_within=due_within,
                                    today=today or datetime.date.today())

    def letter_deadlines(self, letter_id: int, *, kinds: Iterable[str] | None = None) -> list[DeadlineEntry]:
        """The deadlines of the letter's case (as its copy of record has them), soonest first."""
        wanted = self._kinds(kinds)
        self.refresh_deadlines()
        with self.connection.plain_errors():
            return deadline_entries(self.connection, kinds=wanted, today=datetime.date.today(),
                                    case_id=self._case_id(letter_id))

    def case_deadlines(self, letter_id: int, *, kinds: Iterable[str] | None = None) -> CaseDeadlines:
        """The letter's case's service record, deadlines and deadline checks (for the case
        summary PDF: ``build_case_summary(record, out, deadlines=store.case_deadlines(id))``)."""
        entries = self.letter_deadlines(letter_id, kinds=kinds)
        with self.connection.plain_errors():
            letter = read_record(self.connection, letter_id).letter
        return CaseDeadlines(self.service_record(letter_id), tuple(entries), letter_checks(letter),
                             self.deadline_settings())

    def next_deadlines(
        self, letter_ids: Iterable[int] | None = None, *, kinds: Iterable[str] | None = None
    ) -> dict[int, NextDeadline]:
        """Each copy of record's soonest open deadline (kind, due, assumed), by letter id (all,
        or of `letter_ids`): the queue's "Next deadline" column."""
        wanted = self._kinds(kinds)
        self.refresh_deadlines()
        with self.connection.plain_errors():
            return next_open_deadlines(self.connection, kinds=wanted, letter_ids=letter_ids)

    def deadline_letter_ids(
        self, *, overdue: bool = False, due_within: int | None = None, kinds: Iterable[str] | None = None,
        today: datetime.date | None = None,
    ) -> set[int]:
        """The copies of record with an open deadline overdue (and/or due within N days)."""
        wanted = self._kinds(kinds)
        self.refresh_deadlines()
        with self.connection.plain_errors():
            return letter_ids_due(self.connection, kinds=wanted, overdue=overdue, due_within=due_within,
                                  today=today or datetime.date.today())
