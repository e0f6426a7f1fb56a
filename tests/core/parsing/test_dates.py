"""Dates as letters write them, to ISO; two-digit years before the decision date (or today)."""

from __future__ import annotations

import datetime

import pytest

from imr_desk.core.parsing.dates import find_date, iso_to_date, parse_date, resolve_year

DECIDED = datetime.date(2016, 12, 9)


@pytest.mark.parametrize(
    "written,iso",
    [
        ("10/13/2016", "2016-10-13"),
        ("10-13-16", "2016-10-13"),
        ("4/25/11", "2011-04-25"),
        ("1/6/2011", "2011-01-06"),
        ("11-7-16", "2016-11-07"),
        (" 02/27/2017 ", "2017-02-27"),
    ],
)
def test_numeric_dates_become_iso(written: str, iso: str) -> None:
    assert parse_date(written, DECIDED) == iso


@pytest.mark.parametrize("written", ["13/01/2016", "2/30/2016", "10/13", "10/13-2016", "October 13, 2016", "", "1/2/3"])
def test_things_that_are_no_date(written: str) -> None:
    assert parse_date(written, DECIDED) is None


def test_two_digit_year_is_never_after_the_reference() -> None:
    # 12/10/16 would be after a 2016-12-09 decision, so it is 1916
    assert parse_date("12/10/16", DECIDED) == "1916-12-10"
    assert parse_date("12/09/16", DECIDED) == "2016-12-09"
    assert parse_date("5/1/98", DECIDED) == "1998-05-01"
    assert parse_date("5/1/98", datetime.date(2099, 1, 1)) == "2098-05-01"


def test_two_digit_year_on_a_leap_day() -> None:
    assert resolve_year(16, 2, 29, DECIDED) == 2016
    assert parse_date("2/29/17", DECIDED) is None  # 2017 and 1917 have no 29 February


def test_find_date_returns_offsets_into_the_text() -> None:
    text = "injured on 10-13-16, seen 11/2/2016"
    iso, start, end = find_date(text, DECIDED)
    assert (iso, text[start:end]) == ("2016-10-13", "10-13-16")
    iso, start, end = find_date(text, DECIDED, start=end)
    assert (iso, text[start:end]) == ("2016-11-02", "11/2/2016")
    assert find_date("page 2 of 3, 99/99/99", DECIDED) is None


def test_dates_inside_longer_numbers_are_not_read() -> None:
    assert find_date("claim 110/13/20169", DECIDED) is None


def test_iso_to_date() -> None:
    assert iso_to_date("2016-12-09") == DECIDED
    assert iso_to_date(None) is None
    assert iso_to_date("12/09/2016") is None
