"""The holiday calendar in force and the checks computed from the letter alone."""

from __future__ import annotations

import datetime

import holidays

from imr_desk.core.deadlines.calendar import HolidayCalendar
from imr_desk.core.deadlines.checks import add_months, deadline_checks
from imr_desk.core.deadlines.settings import DeadlineSettings
from imr_desk.core.model import Decision, Header, Letter, Source

D = datetime.date


def test_the_list_in_force_is_the_state_list_plus_added_minus_removed() -> None:
    state = holidays.country_holidays("US", subdiv="CA", years=2021)
    calendar = HolidayCalendar(DeadlineSettings(added_holidays=(D(2021, 10, 11),), removed_holidays=(D(2021, 11, 26),)))
    listed = dict(calendar.holidays_in(2021))
    assert set(listed) == (set(state) | {D(2021, 10, 11)}) - {D(2021, 11, 26)}
    assert listed[D(2021, 12, 24)].startswith("Christmas Day (observed)")  # observed dates included
    assert calendar.is_business_day(D(2021, 11, 26)) and not calendar.is_business_day(D(2021, 10, 11))


def test_add_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(D(2016, 2, 29), 12) == D(2017, 2, 28)
    assert add_months(D(2016, 11, 30), 12) == D(2017, 11, 30)


def letter(**header: str) -> Letter:
    text = "Date Assigned: 2016-10-03\nUR denial 2016-09-01\nReceived 2016-10-20\n"
    spans = {"header.date_assigned": (15, 25), "header.ur_denial_date": (36, 46),
             "header.application_received": (56, 66)}
    decisions = [Decision("MRI", "upheld", spans={"outcome": (0, 3)}), Decision("PT", "overturned")]
    return Letter(source=Source(file="x.txt", sha256="0" * 64, kind="text"), header=Header(**header),
                  decisions=decisions, text=text, spans=spans)


def test_application_late_and_decision_late_cite_their_sources() -> None:
    checks = deadline_checks(letter(ur_denial_date="2016-09-01", application_received="2016-10-07",
                                    priority="Standard", date_assigned="2016-10-03", decision_date="2016-11-03"))
    by_code = {c.code: c for c in checks}
    late = by_code["application_late"]  # 09-01 + 35 = 10-06, received 10-07
    assert late.severity == "info" and "2016-10-06" in late.message and "Lab. Code § 4610.5(h)(1)" in late.message
    assert late.fields == ("header.application_received", "header.ur_denial_date")
    assert late.spans == ((56, 66), (36, 46))
    decided = by_code["decision_late"]  # 10-03 + 30 = 11-02, decided 11-03
    assert "2016-11-02" in decided.message and "Lab. Code § 4610.6(d)" in decided.message
    assert "directory" in decided.message and "Margaris" in decided.message


def test_on_time_letters_have_no_late_checks() -> None:
    checks = deadline_checks(letter(ur_denial_date="2016-09-01", application_received="2016-10-06",
                                    priority="Expedited", date_assigned="2016-10-03", decision_date="2016-12-03"))
    assert [c.code for c in checks] == ["repeat_after"]


def test_repeat_after_is_given_for_each_upheld_decision() -> None:
    checks = [c for c in deadline_checks(letter(ur_denial_date="2016-09-01")) if c.code == "repeat_after"]
    assert len(checks) == 1  # the overturned decision has none
    assert "after 2017-09-01" in checks[0].message and "Lab. Code § 4610(k)" in checks[0].message
    assert checks[0].fields == ("header.ur_denial_date", "decisions[0].outcome")
    assert checks[0].spans == ((36, 46), (0, 3))
    assert deadline_checks(letter()) == []
