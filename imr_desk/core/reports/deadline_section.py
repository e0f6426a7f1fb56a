"""The Deadlines section of the case summary PDF: the service record, each deadline with its
chain of reasons and status, what is assumed, and the letter's deadline checks with sources.

Dates are written as the rest of the report writes them (``Mar 9, 2017``), in the basis lines
too. Every text is escaped for reportlab's Paragraph markup (`styles.markup`). imr-desk computes and
explains; the section says that the firm decides.
"""

from __future__ import annotations

import re

from reportlab.platypus import Flowable, Paragraph

from imr_desk.core.deadlines.case import CaseDeadlines
from imr_desk.core.deadlines.entries import STATUS_WORDS, DeadlineEntry
from imr_desk.core.deadlines.rules import SOURCES
from imr_desk.core.deadlines.service import ADDRESS_WORDS, SERVED_BY_WORDS, ServiceRecord
from imr_desk.core.deadlines.settings import KIND_WORDS
from imr_desk.core.reports.pages import CONTENT_WIDTH
from imr_desk.core.reports.styles import MISSING, bold, data_table, markup, section_heading, styles, us_date

ASSUMED_MARK = "assumed"
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def us_dates(text: str) -> str:
    """The reasons and checks with their ISO dates written as the report writes dates."""
    return _ISO_DATE.sub(lambda found: us_date(found.group()), text)


def service_text(service: ServiceRecord) -> str:
    """``Served Feb 2, 2017 (assumed) by mail (assumed) to a California address (assumed);
    received Feb 2, 2017 (assumed).`` as markup."""
    def mark(name: str) -> str:
        return f" <i>({ASSUMED_MARK})</i>" if service.is_assumed(name) else ""

    served = us_date(service.served_on) if service.served_on else MISSING
    received = us_date(service.received_on) if service.received_on else MISSING
    how = markup(SERVED_BY_WORDS[service.served_by])
    text = f"Served {markup(served)}{mark('served_on')} by {how}{mark('served_by')}"
    if service.served_by != "personal":
        text += f" to {markup(ADDRESS_WORDS[service.address])}{mark('address')}"
    return f"{text}; received {markup(received)}{mark('received_on')}."


def _status_text(entry: DeadlineEntry) -> str:
    text = STATUS_WORDS[entry.status.status]
    if entry.status.status == "done" and entry.status.done_on:
        text += f" on {us_date(entry.status.done_on)}"
    if entry.status.note:
        text += f": {entry.status.note}"
    return markup(text)


def deadline_rows(deadlines: CaseDeadlines) -> list[list[object]]:
    style = styles()
    rows: list[list[object]] = [[Paragraph(bold(h), style["cell"]) for h in ("Deadline", "Last day", "Status", "Why")]]
    for entry in deadlines.entries:
        due = bold(markup(us_date(entry.due)))
        if entry.assumed:
            due += f"<br/><i>{ASSUMED_MARK}</i>"
        why = "<br/>".join(markup(us_dates(line)) for line in entry.basis)
        rows.append([Paragraph(markup(KIND_WORDS[entry.kind]), style["cell"]), Paragraph(due, style["cell"]),
                     Paragraph(_status_text(entry), style["cell"]), Paragraph(why, style["cell"])])
    return rows


def deadline_section(deadlines: CaseDeadlines) -> list[Flowable]:
    """The section's flowables (always a heading; a line when no deadline can be computed)."""
    style = styles()
    story: list[Flowable] = [*section_heading("Deadlines"), Paragraph(service_text(deadlines.service), style["body"])]
    if deadlines.entries:
        widths = [CONTENT_WIDTH * share for share in (0.22, 0.14, 0.16, 0.48)]
        story.append(data_table(deadline_rows(deadlines), widths))
        for kind in dict.fromkeys(entry.kind for entry in deadlines.entries):
            story.append(Paragraph(f"{markup(KIND_WORDS[kind])}: {markup(SOURCES[kind])}", style["meta"]))
    else:
        story.append(Paragraph("No deadline can be computed: the letter has no decision date and no "
                               "service date was entered.", style["meta"]))
    if deadlines.any_assumed:
        story.append(Paragraph(
            f"Dates marked <i>{ASSUMED_MARK}</i> rest on values nobody entered (served on the decision date, "
            "by mail, to a California address, received the day served); enter the service record to "
            "make them firm.", style["meta"]))
    if deadlines.from_letter_only:
        story.append(Paragraph("Computed from the letter alone: a service record or status kept in the "
                               "store is not shown here.", style["meta"]))
    story.append(Paragraph("imr-desk computes and explains these dates; the firm decides.", style["meta"]))
    if deadlines.checks:
        story.append(Paragraph(bold("Checks on the letter's dates (information)"), style["body"]))
    for check in deadlines.checks:
        story.append(Paragraph(markup(us_dates(check.message)), style["body"]))
    return story
