"""Days for deadlines: business days, the holiday calendar and the roll rule.

A *business day* is Monday to Friday and not a holiday. Holidays are California's as the
``holidays`` package lists them (``holidays.country_holidays("US", subdiv="CA")``, observed
dates included), plus the firm's added dates, minus its removed ones (`DeadlineSettings`).
The *roll* (8 CCR 10600(b)): a last day on a weekend or holiday moves to the next business
day. Each step says why in words the basis of a deadline quotes.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

from imr_desk.core.deadlines.settings import DeadlineSettings

ROLL_SOURCE = "8 CCR 10600(b)"
ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def _state_holidays(year: int) -> dict[datetime.date, str]:
    """The state holidays of `year` by date (cached: never change the dict returned)."""
    listed = holidays.country_holidays("US", subdiv="CA", years=year)
    return {day: str(name) for day, name in sorted(listed.items())}


def weekday_name(day: datetime.date) -> str:
    return day.strftime("%A")


class HolidayCalendar:
    """The holidays in force for the firm (state list, plus added, minus removed)."""

    def __init__(self, settings: DeadlineSettings | None = None) -> None:
        self.settings = settings or DeadlineSettings()
        self._added = set(self.settings.added_holidays)
        self._removed = set(self.settings.removed_holidays)

    def holiday_name(self, day: datetime.date) -> str | None:
        """The holiday's name on `day`, or None when it is no holiday for the firm."""
        if day in self._removed:
            return None
        if day in self._added:
            return self.settings.added_names.get(day.isoformat()) or "Firm closure"
        return _state_holidays(day.year).get(day)

    def holidays_in(self, year: int) -> list[tuple[datetime.date, str]]:
        """The list in force for `year`, by date (what the settings show)."""
        days = {d: n for d, n in _state_holidays(year).items() if d not in self._removed}
        for added in self._added:
            if added.year == year:
                days[added] = self.holiday_name(added) or "Firm closure"
        return sorted(days.items())

    def is_business_day(self, day: datetime.date) -> bool:
        return day.weekday() < 5 and self.holiday_name(day) is None

    def why_not_business(self, day: datetime.date) -> str:
        """``2017-03-11 is a Saturday`` / ``2017-07-04 is Independence Day (a holiday)``."""
        name = self.holiday_name(day)
        if name is not None:
            return f"{day.isoformat()} is {name} (a holiday, {weekday_name(day)})"
        return f"{day.isoformat()} is a {weekday_name(day)}"

    def roll(self, day: datetime.date) -> tuple[datetime.date, list[str]]:
        """The first business day on or after `day`; a line for the day that rolled (citing the
        rule) and one for each holiday passed over after it."""
        reasons: list[str] = []
        while not self.is_business_day(day):
            if not reasons:
                reasons.append(
                    f"{self.why_not_business(day)}: the last day moves to the next business day ({ROLL_SOURCE})"
                )
            elif self.holiday_name(day) is not None:
                reasons.append(self.why_not_business(day))
            day += ONE_DAY
        return day, reasons

    def add_working_days(self, start: datetime.date, count: int) -> tuple[datetime.date, list[str]]:
        """`start` + `count` business days (`start` itself not counted), with a line for each
        holiday that was skipped on a weekday."""
        skipped: list[str] = []
        day, counted = start, 0
        while counted < count:
            day += ONE_DAY
            if self.is_business_day(day):
                counted += 1
            elif day.weekday() < 5:
                skipped.append(f"{self.why_not_business(day)}: not counted")
        return day, skipped
