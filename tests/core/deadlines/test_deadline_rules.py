"""The deadline rules against dates worked out independently: a plain day loop over the
``holidays`` package's California list, and dates checked by hand on a calendar."""

from __future__ import annotations

import datetime
from collections.abc import Collection

import holidays
import pytest

from imr_desk.core.deadlines.calendar import HolidayCalendar
from imr_desk.core.deadlines.rules import compute_deadlines
from imr_desk.core.deadlines.service import EnteredService, ServiceRecord
from imr_desk.core.deadlines.settings import DeadlineSettings

D = datetime.date


def closed(day: D, added: Collection[D] = (), removed: Collection[D] = ()) -> bool:
    state = holidays.country_holidays("US", subdiv="CA", years=day.year)
    return day.weekday() >= 5 or day in added or (day in state and day not in removed)


def by_loop(start: D, days: int, **kw: Collection[D]) -> D:
    """`start` + `days` calendar days, stepping one day at a time, then past closed days."""
    day = start
    for _ in range(days):
        day += datetime.timedelta(days=1)
    while closed(day, **kw):
        day += datetime.timedelta(days=1)
    return day


def working_days_by_loop(start: D, count: int, **kw: Collection[D]) -> D:
    day, left = start, count
    while left:
        day += datetime.timedelta(days=1)
        if not closed(day, **kw):
            left -= 1
    return day


def deadlines(entered: EnteredService, decision_date: str | None = None, *, overturned: bool = True,
              settings: DeadlineSettings | None = None) -> dict[str, object]:
    service = ServiceRecord.resolve(entered, decision_date)
    found = compute_deadlines(service, overturned=overturned, calendar=HolidayCalendar(settings))
    return {d.kind: d for d in found}


def test_the_spec_example_basis_and_date() -> None:
    appeal = deadlines(EnteredService(served_on=D(2017, 2, 2)))["appeal"]
    assert appeal.due == D(2017, 3, 9) == by_loop(D(2017, 2, 2), 35)
    assert appeal.basis == (
        "served 2017-02-02 by mail (assumed) to a California address (assumed)",
        "+30 days: Lab. Code § 4610.6(h)", "+5 days: 8 CCR 10605(a)(1)", "2017-03-09 is a Thursday",
    )
    assert appeal.assumed


@pytest.mark.parametrize(("served", "by", "address", "days", "hand_checked"), [
    (D(2017, 6, 3), "mail", "california", 35, D(2017, 7, 10)),    # last day Saturday 2017-07-08
    (D(2017, 5, 30), "mail", "california", 35, D(2017, 7, 5)),    # last day Independence Day
    (D(2017, 11, 26), "mail", "california", 35, D(2018, 1, 2)),   # Sunday 12-31, then New Year's Day
    (D(2017, 11, 22), "fax", "abroad", 50, D(2018, 1, 11)),       # across the year end
    (D(2017, 2, 2), "email", "us", 40, D(2017, 3, 14)),
    (D(2017, 2, 2), "personal", "abroad", 30, D(2017, 3, 6)),     # no days added; Saturday rolls
])
def test_appeal_dates(served: D, by: str, address: str, days: int, hand_checked: D) -> None:
    appeal = deadlines(EnteredService(served_on=served, served_by=by, address=address))["appeal"]
    assert appeal.due == by_loop(served, days) == hand_checked
    assert not appeal.assumed  # every input it used was entered
    assert appeal.basis[-1] == f"{hand_checked.isoformat()} is a {hand_checked.strftime('%A')}"


def test_a_saturday_last_day_says_it_rolled_and_why() -> None:
    appeal = deadlines(EnteredService(served_on=D(2017, 6, 3)))["appeal"]
    assert "2017-07-08 is a Saturday: the last day moves to the next business day (8 CCR 10600(b))" in appeal.basis


def test_a_holiday_last_day_names_the_holiday() -> None:
    appeal = deadlines(EnteredService(served_on=D(2017, 5, 30)))["appeal"]
    assert appeal.basis[-2].startswith("2017-07-04 is Independence Day (a holiday, Tuesday)")
    year_end = deadlines(EnteredService(served_on=D(2017, 11, 26)))["appeal"]
    assert any(line.startswith("2018-01-01 is New Year's Day") for line in year_end.basis)


def test_firm_added_and_removed_holidays() -> None:
    closure = DeadlineSettings(added_holidays=(D(2017, 3, 9),), added_names={"2017-03-09": "Board closed"})
    appeal = deadlines(EnteredService(served_on=D(2017, 2, 2)), settings=closure)["appeal"]
    assert appeal.due == by_loop(D(2017, 2, 2), 35, added={D(2017, 3, 9)}) == D(2017, 3, 10)
    assert "Board closed" in appeal.basis[-2]
    # Thanksgiving week: the day after Thanksgiving counts as a working day once removed (Pa'u)
    received = EnteredService(served_on=D(2017, 11, 20))
    assert deadlines(received)["authorize"].due == working_days_by_loop(D(2017, 11, 20), 5) == D(2017, 11, 29)
    pau = DeadlineSettings(removed_holidays=(D(2017, 11, 24),))
    assert deadlines(received, settings=pau)["authorize"].due == D(2017, 11, 28) == working_days_by_loop(
        D(2017, 11, 20), 5, removed={D(2017, 11, 24)})


def test_authorize_skips_holidays_and_reimburse_never_rolls() -> None:
    found = deadlines(EnteredService(served_on=D(2017, 6, 1), received_on=D(2017, 6, 4)))
    assert found["reimburse"].due == D(2017, 6, 24)  # a Saturday, kept
    assert found["reimburse"].basis[-1] == "2017-06-24 is a Saturday: this deadline does not roll"
    assert found["authorize"].due == working_days_by_loop(D(2017, 6, 4), 5) == D(2017, 6, 9)
    thanksgiving = deadlines(EnteredService(served_on=D(2017, 11, 20)))["authorize"]
    assert any("Thanksgiving" in line and "not counted" in line for line in thanksgiving.basis)


def test_defaults_are_assumed_and_come_from_the_decision_date() -> None:
    found = deadlines(EnteredService(), "2017-02-02")
    assert found["appeal"].due == D(2017, 3, 9) and found["appeal"].assumed
    assert found["appeal"].basis[0].startswith("served 2017-02-02 (assumed) by mail (assumed)")
    assert found["authorize"].assumed and found["reimburse"].assumed
    entered = deadlines(EnteredService(served_on=D(2017, 2, 2), received_on=D(2017, 2, 6)))
    assert not entered["authorize"].assumed and entered["authorize"].basis[0] == "received 2017-02-06"


def test_only_overturned_cases_have_authorize_and_reimburse() -> None:
    assert set(deadlines(EnteredService(), "2017-02-02", overturned=False)) == {"appeal"}
    assert deadlines(EnteredService(), None) == {}  # no decision date, nothing entered


def test_entered_values_are_checked() -> None:
    with pytest.raises(ValueError, match="before served on"):
        EnteredService(served_on=D(2017, 2, 2), received_on=D(2017, 2, 1))
    with pytest.raises(ValueError, match="Served by"):
        EnteredService(served_by="pigeon")
