"""Pairing the header's date labels with their dates, and checking the dates' order.

Extractors print the header's two columns in two kinds of order:

- **label, value** (the app's pymupdf text, ``pdftotext -layout``, pypdf, OCR): each label is
  followed by its own value, on its line or the next (``Date Assigned: 01/04/2017 Date of
  Injury: 10/26/2016``, or the split ``Application 12/28/2016 Received:``);
- **labels, then values** (plain ``pdftotext``): a column's labels, then that column's values
  in the same order.

The labels and dates are read as runs (labels, then the values that follow them). A run of as
many values as labels pairs them in order. A run with fewer values than labels has lost some
values: in label-value order (the letter's other runs are one label and one value) the value
belongs to the label right before it, so ``Decision Date: UR Denial Date: 12/23/2016`` gives
the Decision Date none, never the UR denial date. In labels-then-values order the text does not
say which label lost its value; a value is given only where the letters' date order leaves one
possible label, else the labels it may belong to stay empty, each with a warning. A missing
value never takes the next label's value.

The header's dates follow the case's course: injury ≤ UR denial ≤ application received ≤ date
assigned ≤ decision date (so in every corpus letter). A pair out of that order is a warning on
each of its two fields. Pure functions, no I/O.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import combinations, pairwise

from imr_desk.core.parsing.dates import DATE_PATTERN, to_iso

# The header's date fields in the order a case runs through them.
DATE_ORDER = ("date_of_injury", "ur_denial_date", "application_received", "date_assigned", "decision_date")

Span = tuple[int, int]


@dataclass
class DatePairing:
    """Each date label's value (a span into the text), and the labels left empty because a
    value may be theirs or another's (name -> the other labels it may belong to)."""

    values: dict[str, Span] = field(default_factory=dict)
    uncertain: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class _Run:
    labels: list[str]
    values: list[Span]


def pair_dates(
    text: str, labels: dict[str, int], dates: list[Span], today: datetime.date
) -> DatePairing:
    """Pair the date labels (name -> offset of the label's first word) with `dates` (in text order)."""
    runs = _runs(labels, dates)
    one_to_one = sum(1 for run in runs if len(run.labels) == 1 and len(run.values) == 1)
    columns = sum(1 for run in runs if len(run.labels) >= 2 and len(run.values) >= 2)
    label_value_order = one_to_one > columns
    pairing = DatePairing()
    open_runs: list[_Run] = []
    for run in runs:
        if len(run.values) >= len(run.labels):  # extra values (stray dates) are nobody's
            pairing.values.update(zip(run.labels, run.values))
        elif run.values and label_value_order and len(run.values) == 1:
            pairing.values[run.labels[-1]] = run.values[0]  # the label right before its value
        elif run.values:
            open_runs.append(run)
    known = {name: _iso(text, span, today) for name, span in pairing.values.items()}
    for run in open_runs:
        _place_by_order(text, run, known, today, pairing)
    return pairing


def _runs(labels: dict[str, int], dates: list[Span]) -> list[_Run]:
    """Labels and dates in text order as runs: labels, then the dates after them."""
    items = sorted([(start, name) for name, start in labels.items()] + [(span[0], span) for span in dates],
                   key=lambda item: item[0])
    runs: list[_Run] = []
    for _position, item in items:
        if isinstance(item, str):
            if not runs or runs[-1].values:
                runs.append(_Run([], []))
            runs[-1].labels.append(item)
        elif runs:  # a date before every label is no header value
            runs[-1].values.append(item)
    return runs


def _place_by_order(
    text: str, run: _Run, known: dict[str, str | None], today: datetime.date, pairing: DatePairing
) -> None:
    """Give the run's values to the labels only where the date order leaves one choice."""
    values = [_iso(text, span, today) for span in run.values]
    choices = []
    for chosen in combinations(run.labels, len(run.values)):
        trial = dict(known)
        trial.update(zip(chosen, values))
        if not order_conflicts(trial):
            choices.append(dict(zip(chosen, run.values)))
    if not choices:  # the dates break the order whichever way they are placed
        choices = [dict(zip(chosen, run.values)) for chosen in combinations(run.labels, len(run.values))]
    for name in run.labels:
        placed = {choice.get(name) for choice in choices}
        if len(placed) == 1:
            span = placed.pop()
            if span is not None:
                pairing.values[name] = span
        else:
            pairing.uncertain[name] = [other for other in run.labels if other != name]


def _iso(text: str, span: Span, today: datetime.date) -> str | None:
    match = DATE_PATTERN.fullmatch(text[span[0] : span[1]])
    return to_iso(match, today) if match else None


def order_conflicts(values: dict[str, str | None]) -> list[tuple[str, str]]:
    """Neighbouring fields of `DATE_ORDER` (among those with a date) whose ISO dates are the
    wrong way round, as (earlier field, later field). The dates are in order when there are none."""
    present = [(name, date) for name in DATE_ORDER if (date := values.get(name))]
    return [(first, second) for (first, first_date), (second, second_date) in pairwise(present)
            if first_date > second_date]
