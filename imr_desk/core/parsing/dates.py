"""Numeric dates as IMR letters write them (`10/13/2016`, `10-13-16`, `4/25/11`) to ISO strings.

A two-digit year takes the century that puts the date on or before a reference date: the
letter's decision date, or today where the letter has none. Month names ("October 28, 2016")
are deliberately not dates here: the spec only reads numeric dates.
"""

from __future__ import annotations

import datetime
import re

# month, day, year separated by "/" or "-" (the same separator twice); not inside a longer number
DATE_PATTERN = re.compile(
    r"(?<![\d/-])(?P<month>\d{1,2})(?P<sep>[/-])(?P<day>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![\d])"
)


def resolve_year(two_digit_year: int, month: int, day: int, reference: datetime.date) -> int:
    """The four-digit year for `two_digit_year` that puts the date on or before `reference`."""
    century = reference.year - reference.year % 100
    for year in (century + two_digit_year, century - 100 + two_digit_year):
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            return century + two_digit_year
        if candidate <= reference:
            return year
    return century - 100 + two_digit_year


def to_iso(match: re.Match[str], reference: datetime.date) -> str | None:
    """The ISO form of a `DATE_PATTERN` match, or None when it is not a real calendar date."""
    month, day, year_text = int(match["month"]), int(match["day"]), match["year"]
    year = int(year_text)
    if len(year_text) == 2:
        year = resolve_year(year, month, day, reference)
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str, reference: datetime.date) -> str | None:
    """The ISO date that `text` holds as a whole (white space around it allowed), else None."""
    match = DATE_PATTERN.fullmatch(text.strip())
    return to_iso(match, reference) if match else None


def find_date(
    text: str, reference: datetime.date, start: int = 0, end: int | None = None
) -> tuple[str, int, int] | None:
    """The first real date in ``text[start:end]`` as ``(iso, start, end)`` offsets into `text`."""
    for match in DATE_PATTERN.finditer(text, start, len(text) if end is None else end):
        iso = to_iso(match, reference)
        if iso is not None:
            return iso, match.start(), match.end()
    return None


def iso_to_date(value: str | None) -> datetime.date | None:
    """`YYYY-MM-DD` to a date (None for None or a malformed value)."""
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None
