"""Deadlines as an iCalendar file: one all-day event per case and kind.

Each event's UID is made from the case (its case number, else its copy of record's sha256)
and the kind only, so exporting again gives the same UIDs and a calendar that already holds
the events updates them in place (a new due date moves the event) instead of adding copies.
The description carries the basis, line by line; a dismissed deadline is a cancelled event,
a done one says so in its title.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

import icalendar

from imr_desk.core.deadlines.entries import DeadlineEntry
from imr_desk.core.deadlines.rules import SOURCES

PRODID = "-//imr-desk//deadlines//EN"
_TITLES = {"appeal": "Appeal to the WCAB", "authorize": "Authorize overturned treatment",
           "reimburse": "Pay for overturned treatment"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def event_uid(entry: DeadlineEntry) -> str:
    """``CM16-0248698.appeal@imr-desk``: stable for the case and kind."""
    case = _UNSAFE.sub("_", (entry.case_number or "").strip().upper()) or entry.letter_sha256
    return f"{case}.{entry.kind}@imr-desk"


def event_title(entry: DeadlineEntry) -> str:
    title = f"{_TITLES[entry.kind]}: {entry.case_number or entry.letter_sha256[:12]}"
    if entry.assumed:
        title += " (assumed)"
    if entry.status.status == "done":
        title = f"Done: {title}"
    return title


def deadlines_calendar(entries: Iterable[DeadlineEntry], *, now: datetime.datetime | None = None) -> bytes:
    """The iCalendar file (bytes, CRLF lines) of `entries`."""
    stamp = now or datetime.datetime.now(datetime.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "IMR deadlines")
    for entry in entries:
        event = icalendar.Event()
        event.add("uid", event_uid(entry))
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.due)
        event.add("dtend", entry.due + datetime.timedelta(days=1))
        event.add("summary", event_title(entry))
        lines = list(entry.basis)
        if entry.assumed:
            lines.append("Some of the service record is assumed: enter it with imr-desk service.")
        lines.append(f"Source: {SOURCES[entry.kind]}")
        if entry.status.status == "done":
            done = entry.status.done_on.isoformat() if entry.status.done_on else "?"
            lines.append(f"Done on {done}" + (f": {entry.status.note}" if entry.status.note else ""))
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        if entry.status.status == "dismissed":
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
