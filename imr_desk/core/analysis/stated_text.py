"""What the letter's prose states: dates in any of the forms the summaries use, sentences, polarity.

The parsing stage reads numeric dates only (`parsing.dates`: the header's fields); clinical
summaries and rationales also write "October 28, 2016", "Nov. 4, 2016" and "11-8- 16". The
checks need those too, so this module finds every date in a stretch of text as
``(iso, start, end)``, the sentence around an offset, and whether a clause negates what it
says ("is not medically necessary", "cannot be considered medically necessary").
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from imr_desk.core.model import Letter
from imr_desk.core.parsing.dates import iso_to_date, to_iso

StatedDate = tuple[str, int, int]  # ISO date, start, end (offsets into the text)

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# DATE_PATTERN's numeric dates, also where a line break left a space after a separator
# ("10/10/ 2016", "11-8- 16"); the groups are DATE_PATTERN's, so `to_iso` reads them.
_NUMERIC_DATE = re.compile(
    r"(?<![\d/-])(?P<month>\d{1,2})(?P<sep>[/-]) ?(?P<day>\d{1,2})(?P=sep) ?(?P<year>\d{4}|\d{2})(?![\d])"
)
_MONTH_DATE = re.compile(
    r"\b(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r",?\s+(?P<year>\d{4})\b",
    re.IGNORECASE,
)
# A sentence ends at a full stop followed by space or a capital (lost space), or at the end.
_SENTENCE_END = re.compile(r"[.!?](?=\s|[A-Z\"]|$)")
_NEGATION = re.compile(r"\b(?:not|cannot|can\s+not|never|neither|nor|no\s+longer)\b|n't\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:but|however|although|though|while|whereas)\b", re.IGNORECASE)


def reference_date(letter: Letter) -> datetime.date:
    """The date two-digit years are read against: the decision date, or today."""
    return iso_to_date(letter.header.decision_date) or datetime.date.today()


def stated_dates(text: str, start: int, end: int, reference: datetime.date) -> list[StatedDate]:
    """Every real date in ``text[start:end]``, numeric or with a month name, in text order."""
    found: list[StatedDate] = []
    for match in _NUMERIC_DATE.finditer(text, start, end):
        iso = to_iso(match, reference)
        if iso is not None:
            found.append((iso, match.start(), match.end()))
    for match in _MONTH_DATE.finditer(text, start, end):
        try:
            day = datetime.date(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]))
        except ValueError:
            continue
        found.append((day.isoformat(), match.start(), match.end()))
    return sorted(found, key=lambda item: item[1])


def sentence_start(text: str, floor: int, offset: int) -> int:
    """Where the sentence holding `offset` begins (not before `floor`)."""
    last = floor
    for match in _SENTENCE_END.finditer(text, floor, offset):
        last = match.end()
    while last < offset and text[last].isspace():
        last += 1
    return last


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as spans (white space trimmed)."""
    spans: list[tuple[int, int]] = []
    cut = start
    for match in _SENTENCE_END.finditer(text, start, end):
        spans.append((cut, match.end()))
        cut = match.end()
    spans.append((cut, end))
    trimmed = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def clause_start(text: str, floor: int, offset: int) -> int:
    """Where the clause that ends at `offset` begins: after the last comma, semicolon or
    "but"/"however" between `floor` (a sentence start) and `offset`."""
    last = floor
    for match in _CLAUSE_BREAK.finditer(text, floor, offset):
        last = match.end()
    while last < offset and text[last].isspace():
        last += 1
    return last


def negated(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (one clause) holds a negation."""
    return _NEGATION.search(text, start, end) is not None


def shown_date(iso: str) -> str:
    """`2016-10-16` as the letters write it: ``10/16/2016``."""
    day = iso_to_date(iso)
    return f"{day.month}/{day.day}/{day.year}" if day else iso


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class NearPattern:
    """A slow pattern searched only near its fast hints: `hint` (plain lower-case words, no
    flags) finds candidate places in the lower-cased text; `pattern` is then run over the
    merged windows from `before` characters before each hint to `after` characters after it.
    Every match of `pattern` must contain a hint and fit its window (lookarounds included)."""

    pattern: re.Pattern[str]
    hint: re.Pattern[str]
    before: int
    after: int

    def finditer(self, text: str, lowered: str, start: int, end: int) -> Iterator[re.Match[str]]:
        """The matches of `pattern` in ``text[start:end]`` (`lowered`: `lowered_text(text)`)."""
        window: list[int] = []
        for hint in self.hint.finditer(lowered, start, end):
            low, high = max(start, hint.start() - self.before), min(end, hint.end() + self.after)
            if window and low <= window[1]:
                window[1] = max(window[1], high)
                continue
            if window:
                yield from self.pattern.finditer(text, window[0], window[1])
            window = [low, high]
        if window:
            yield from self.pattern.finditer(text, window[0], window[1])


def lowered_text(text: str) -> str:
    """`text` lower-cased with every offset kept (`str.lower` where it keeps the length, as on
    every letter seen; else only A–Z, which is slower)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)
