"""Everything about one case's deadlines that a report or the letter view shows at once.

`CaseDeadlines` holds the case's service record (each value with whether it is assumed), its
deadlines (`DeadlineEntry`, with status), the letter's deadline checks and the firm's settings.
The store gives it for a stored case (`Store.case_deadlines`); `for_letter()` computes it
from a letter alone (nothing entered: every input assumed, no status yet), e.g. for a letter
printed before it is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from imr_desk.core.deadlines.calendar import HolidayCalendar
from imr_desk.core.deadlines.checks import deadline_checks
from imr_desk.core.deadlines.entries import DeadlineEntry
from imr_desk.core.deadlines.rules import compute_deadlines
from imr_desk.core.deadlines.service import EnteredService, ServiceRecord
from imr_desk.core.deadlines.settings import DeadlineSettings
from imr_desk.core.findings import Check
from imr_desk.core.model import Letter

CHECK_CODES = ("application_late", "decision_late", "repeat_after")


@dataclass(frozen=True)
class CaseDeadlines:
    service: ServiceRecord
    entries: tuple[DeadlineEntry, ...]
    checks: tuple[Check, ...] = ()
    settings: DeadlineSettings = field(default_factory=DeadlineSettings)
    from_letter_only: bool = False  # computed by `for_letter`, not read from the store

    @property
    def any_assumed(self) -> bool:
        """A deadline rests on an assumed value (an unused one, e.g. the address of personal
        service, does not count)."""
        return any(entry.assumed for entry in self.entries)


def letter_checks(letter: Letter) -> tuple[Check, ...]:
    """The letter's deadline checks: those the analysis stored on it, else computed now."""
    stored = tuple(check for check in letter.checks if check.code in CHECK_CODES)
    return stored or tuple(deadline_checks(letter))


def for_letter(
    letter: Letter, *, settings: DeadlineSettings | None = None, entered: EnteredService | None = None,
    kinds: tuple[str, ...] | None = None,
) -> CaseDeadlines:
    """The deadlines of `letter` from its own dates (and `entered` values, if any)."""
    settings = settings or DeadlineSettings()
    service = ServiceRecord.resolve(entered or EnteredService(), letter.header.decision_date)
    wanted = kinds or settings.default_kinds()
    found = compute_deadlines(service, overturned=letter.overturned_count > 0, calendar=HolidayCalendar(settings))
    entries = tuple(
        DeadlineEntry(0, 0, letter.header.case_number, letter.source.sha256, d.kind, d.due, d.assumed, d.basis)
        for d in sorted(found, key=lambda d: d.due) if d.kind in wanted
    )
    return CaseDeadlines(service, entries, letter_checks(letter), settings, from_letter_only=True)
