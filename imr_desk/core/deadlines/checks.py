"""Checks computed from the letter alone (no service record): information for the reviewer.

- ``application_late``: the application for IMR was received later than the UR denial date
  + 30 days (+ 5 for a UR decision served by mail, which is assumed) — Lab. Code § 4610.5(h)(1);
- ``decision_late``: a Standard review decided later than 30 days after assignment — Lab. Code
  § 4610.6(d); the limit is directory, a late determination stays valid (*Margaris*, 2016);
- ``repeat_after``: for each Upheld decision, the date after which the same treatment may be
  requested again without new facts: UR denial date + 12 months — Lab. Code § 4610(k).

Each check is a `findings.Check` of severity ``info`` naming the fields it read and their
spans in the letter's text where the parser found them.
"""

from __future__ import annotations

import datetime

from imr_desk.core.fields import decision_field_key
from imr_desk.core.findings import Check, Span
from imr_desk.core.model import Letter

APPLICATION_DAYS = 30
APPLICATION_MAIL_DAYS = 5
APPLICATION_SOURCE = "Lab. Code § 4610.5(h)(1)"
DECISION_DAYS = 30
DECISION_SOURCE = "Lab. Code § 4610.6(d); California Highway Patrol v. WCAB (Margaris) (2016)"
REPEAT_MONTHS = 12
REPEAT_SOURCE = "Lab. Code § 4610(k)"


def _date(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by `months` calendar months; a day the month lacks becomes its last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(f"no date {months} months after {day}")  # pragma: no cover - 28 always exists


def _spans(letter: Letter, keys: tuple[str, ...]) -> tuple[Span, ...]:
    return tuple(letter.spans[key] for key in keys if key in letter.spans)


def application_late(letter: Letter) -> Check | None:
    denial = _date(letter.header.ur_denial_date)
    received = _date(letter.header.application_received)
    if denial is None or received is None:
        return None
    limit = denial + datetime.timedelta(days=APPLICATION_DAYS + APPLICATION_MAIL_DAYS)
    if received <= limit:
        return None
    keys = ("header.application_received", "header.ur_denial_date")
    message = (
        f"The application for IMR was received {received.isoformat()}, later than the UR denial "
        f"{denial.isoformat()} + {APPLICATION_DAYS} days + {APPLICATION_MAIL_DAYS} days for service "
        f"by mail (assumed) = {limit.isoformat()} ({APPLICATION_SOURCE})."
    )
    return Check("application_late", "info", message, keys, _spans(letter, keys))


def decision_late(letter: Letter) -> Check | None:
    if (letter.header.priority or "").strip().lower() != "standard":
        return None
    assigned = _date(letter.header.date_assigned)
    decided = _date(letter.header.decision_date)
    if assigned is None or decided is None:
        return None
    limit = assigned + datetime.timedelta(days=DECISION_DAYS)
    if decided <= limit:
        return None
    keys = ("header.decision_date", "header.date_assigned", "header.priority")
    message = (
        f"This Standard review was decided {decided.isoformat()}, later than its assignment "
        f"{assigned.isoformat()} + {DECISION_DAYS} days = {limit.isoformat()}. The time limit is "
        f"directory: a late determination stays valid ({DECISION_SOURCE})."
    )
    return Check("decision_late", "info", message, keys, _spans(letter, keys))


def repeat_after(letter: Letter) -> list[Check]:
    denial = _date(letter.header.ur_denial_date)
    if denial is None:
        return []
    after = add_months(denial, REPEAT_MONTHS)
    found = []
    for index, decision in enumerate(letter.decisions):
        if decision.outcome != "upheld":
            continue
        outcome_key = decision_field_key(index, "outcome")
        keys = ("header.ur_denial_date", outcome_key)
        spans = list(_spans(letter, ("header.ur_denial_date",)))
        for name in ("outcome", "request"):
            if name in decision.spans:
                spans.append(decision.spans[name])
                break
        message = (
            f"Decision {index + 1} (Upheld): the same treatment may be requested again without "
            f"new facts after {after.isoformat()} (the UR denial {denial.isoformat()} + "
            f"{REPEAT_MONTHS} months, {REPEAT_SOURCE})."
        )
        found.append(Check("repeat_after", "info", message, keys, tuple(spans)))
    return found


def deadline_checks(letter: Letter) -> list[Check]:
    """The letter's deadline checks: application_late, decision_late, repeat_after (per Upheld
    decision), in that order; [] when none applies."""
    found = [check for check in (application_late(letter), decision_late(letter)) if check is not None]
    return found + repeat_after(letter)
