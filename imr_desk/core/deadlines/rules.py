"""The deadline rules of ``shared/spec/deadlines.md``: appeal, authorize and reimburse.

`compute_deadlines()` is pure: from a case's service record, whether it has an Overturned
decision, and the holiday calendar, it gives each deadline's last day with its `basis` — the
chain of reasons, one line per step, each citing its source — and whether any input it used
was assumed. The spec's example basis (served by mail to a California address)::

    served 2017-02-02 by mail (assumed) to a California address (assumed)
    +30 days: Lab. Code § 4610.6(h)
    +5 days: 8 CCR 10605(a)(1)
    2017-03-09 is a Thursday
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from imr_desk.core.deadlines.calendar import HolidayCalendar, weekday_name
from imr_desk.core.deadlines.service import ADDRESS_WORDS, SERVED_BY_WORDS, ServiceRecord

APPEAL_DAYS = 30
APPEAL_SOURCE = "Lab. Code § 4610.6(h)"
# days added for service other than personal, by address, with the subdivision that adds them
EXTENSIONS = {
    "california": (5, "8 CCR 10605(a)(1)"),
    "us": (10, "8 CCR 10605(a)(2)"),
    "abroad": (20, "8 CCR 10605(a)(3)"),
}
AUTHORIZE_WORKING_DAYS = 5
AUTHORIZE_SOURCE = "8 CCR 9792.10.7(a)(2)"
REIMBURSE_DAYS = 20
REIMBURSE_SOURCE = "8 CCR 9792.10.7(a)(1)"

# The full citation of each rule (what docs and reports show beside the kind).
SOURCES = {
    "appeal": "Lab. Code § 4610.6(h); 8 CCR 10575(c); 8 CCR 10605(a)(1)–(3); 8 CCR 10600(b); "
              "Matute v. Los Angeles Unified School Dist. (2015) 80 Cal.Comp.Cases 1153 (en banc)",
    "authorize": AUTHORIZE_SOURCE,
    "reimburse": REIMBURSE_SOURCE,
}
WHO = {
    "appeal": "any aggrieved party",
    "authorize": "claims administrator",
    "reimburse": "claims administrator",
}


@dataclass(frozen=True)
class Deadline:
    """One computed last day: its `kind`, the date, the chain of reasons, whether assumed."""

    kind: str
    due: datetime.date
    assumed: bool
    basis: tuple[str, ...]

    @property
    def source(self) -> str:
        return SOURCES[self.kind]

    @property
    def who(self) -> str:
        return WHO[self.kind]


def _landed(day: datetime.date) -> str:
    return f"{day.isoformat()} is a {weekday_name(day)}"


def appeal_deadline(service: ServiceRecord, calendar: HolidayCalendar) -> Deadline | None:
    """Last day to petition the WCAB (Lab. Code § 4610.6(h)), None without a service date."""
    if service.served_on is None:
        return None
    served = f"served {service.served_on.isoformat()}{service.mark('served_on')}"
    basis = []
    used = {"served_on", "served_by"}
    if service.served_by == "personal":
        basis.append(f"{served} by personal service{service.mark('served_by')}")
        basis.append(f"+{APPEAL_DAYS} days: {APPEAL_SOURCE}")
        basis.append("no days added for personal service: 8 CCR 10605(a)")
        day = service.served_on + datetime.timedelta(days=APPEAL_DAYS)
    else:
        used.add("address")
        how = SERVED_BY_WORDS[service.served_by]
        basis.append(
            f"{served} by {how}{service.mark('served_by')} to {ADDRESS_WORDS[service.address]}"
            f"{service.mark('address')}"
        )
        extra, source = EXTENSIONS[service.address]
        basis.append(f"+{APPEAL_DAYS} days: {APPEAL_SOURCE}")
        basis.append(f"+{extra} days: {source}")
        day = service.served_on + datetime.timedelta(days=APPEAL_DAYS + extra)
    day, rolled = calendar.roll(day)
    basis.extend(rolled)
    basis.append(_landed(day))
    return Deadline("appeal", day, bool(used & service.assumed), tuple(basis))


def _received(service: ServiceRecord) -> str:
    assert service.received_on is not None
    if service.is_assumed("received_on"):
        return f"received {service.received_on.isoformat()} (assumed: the day it was served)"
    return f"received {service.received_on.isoformat()}"


def authorize_deadline(service: ServiceRecord, calendar: HolidayCalendar) -> Deadline | None:
    """Last day to authorize overturned treatment: received + 5 working days."""
    if service.received_on is None:
        return None
    day, skipped = calendar.add_working_days(service.received_on, AUTHORIZE_WORKING_DAYS)
    basis = [_received(service), f"+{AUTHORIZE_WORKING_DAYS} working days: {AUTHORIZE_SOURCE}",
             *skipped, _landed(day)]
    return Deadline("authorize", day, service.is_assumed("received_on"), tuple(basis))


def reimburse_deadline(service: ServiceRecord, calendar: HolidayCalendar) -> Deadline | None:
    """Last day to pay for overturned treatment already provided: received + 20 days, no roll."""
    if service.received_on is None:
        return None
    day = service.received_on + datetime.timedelta(days=REIMBURSE_DAYS)
    landed = _landed(day)
    if not calendar.is_business_day(day):
        landed = f"{calendar.why_not_business(day)}: this deadline does not roll"
    basis = [_received(service), f"+{REIMBURSE_DAYS} days: {REIMBURSE_SOURCE}", landed]
    return Deadline("reimburse", day, service.is_assumed("received_on"), tuple(basis))


def compute_deadlines(
    service: ServiceRecord, *, overturned: bool, calendar: HolidayCalendar | None = None
) -> list[Deadline]:
    """Every deadline of a case, in kind order (appeal, authorize, reimburse); authorize and
    reimburse only for a case with an Overturned decision."""
    calendar = calendar or HolidayCalendar()
    found = [appeal_deadline(service, calendar)]
    if overturned:
        found += [authorize_deadline(service, calendar), reimburse_deadline(service, calendar)]
    return [deadline for deadline in found if deadline is not None]
