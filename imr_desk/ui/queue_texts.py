"""What the case queue's cells say: dates, outcome summaries, marks, next deadlines, snippets,
and the firm's many desks (who set a letter in review, who has it open, who it is assigned to).

Pure text helpers for `queue_model.QueueModel` (no Qt): `format_date` (MM/DD/YYYY),
`outcome_summary`, `row_marks` (warnings, OCR, copies, corrected), `next_deadline_text` (an
overdue deadline marked by a sign and the word "Overdue", never by colour alone) and its
tooltip (saying when the date rests on an assumed service record), `plain_snippet`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from imr_desk.core.fields import OUTCOME_WORDS, review_state_word
from imr_desk.core.store.snippets import MARK_CLOSE, MARK_OPEN

WARNING_SIGN = "\u26a0"
OCR_MARK = "OCR"
CORRECTED_MARK = "\u270e"
OPEN_MARK = "Open: {name}"  # the Marks column's word while another desk has the letter open
IN_REVIEW_BY = "In review by {name}"
ASSIGNED_TO_HEADER = "Assigned to"
MY_LETTERS = "My letters"  # the filter bar's check: cases assigned to whoever sits at this desk
ASSIGNED_TO_ME = "assigned to me"  # that filter in the filters-in-words line


def elide(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def format_date(iso_date: str | None) -> str:
    """ISO `YYYY-MM-DD` as `MM/DD/YYYY`; an empty string for none; anything odd unchanged."""
    if not iso_date:
        return ""
    try:
        return date.fromisoformat(iso_date).strftime("%m/%d/%Y")
    except ValueError:
        return iso_date


def outcome_summary(decisions: int, overturned: int) -> str:
    """'2 of 5 overturned' ('No decisions' for a letter the parser found none in)."""
    if decisions <= 0:
        return "No decisions"
    return f"{overturned} of {decisions} {OUTCOME_WORDS['overturned'].lower()}"


def open_at_words(name: str) -> str:
    """``Open at ann's desk``: another desk has the letter open now."""
    return f"Open at {name}'s desk"


def review_text(row: Any, me: str) -> str:
    """The Review column: the state in words, "In review by NAME" when someone other than `me`
    set the letter in review."""
    reviewer = getattr(row, "review_user", None)
    if row.review_state == "in_review" and reviewer and reviewer != me:
        return IN_REVIEW_BY.format(name=reviewer)
    return review_state_word(row.review_state)


def review_tooltip(row: Any, me: str) -> str:
    """The Review column's tooltip: the state, who set it, and who has the letter open."""
    text = f"Review: {review_state_word(row.review_state)}"
    reviewer = getattr(row, "review_user", None)
    if reviewer:
        text += f" (set by {'you' if reviewer == me else reviewer})"
    opened = getattr(row, "open_by", None)
    if opened:
        text += f"\n{open_at_words(opened)} now: their edits may change it."
    return text


def assigned_tooltip(person: str | None, me: str) -> str:
    if not person:
        return "Assigned to nobody"
    return f"Assigned to {person}{' (you)' if person == me else ''}"


def row_marks(row: Any, *, with_open: bool = True) -> list[tuple[str, str]]:
    """The marks of one queue row, each (mark, what it means in words), in the column's order:
    another desk has it open (unless not `with_open`), parser warnings, OCR'd, copies,
    corrected. A row without the store's `ocr` flag shows none."""
    marks = []
    opened = getattr(row, "open_by", None) if with_open else None
    if opened:
        marks.append((OPEN_MARK.format(name=opened), f"{open_at_words(opened)} now: their edits may change it."))
    if row.has_warnings:
        marks.append((WARNING_SIGN, "The parser left warnings on this letter: check it against the PDF."))
    if getattr(row, "ocr", False):
        marks.append((OCR_MARK, "Read by OCR from a scan: check names and dates against the page."))
    copies = int(getattr(row, "copies", 1))
    if copies > 1:
        marks.append((f"\u00d7{copies}", f"{copies} copies of this case are stored (Edit ▸ Copies of This Case…)."))
    if row.corrections:
        marks.append((CORRECTED_MARK, f"{row.corrections} field(s) corrected by hand."))
    return marks


DEADLINE_KIND_WORDS = {"appeal": "Appeal", "authorize": "Authorize", "reimburse": "Reimburse"}
OVERDUE_WORD = "Overdue"


def next_deadline_text(deadline: Any, today: date) -> str:
    """``⚠ Overdue 03/01/2017 Appeal`` / ``03/01/2017 Appeal`` ("" for none): the icon and the
    word mark an overdue one, never colour alone."""
    if deadline is None:
        return ""
    text = f"{format_date(deadline.due.isoformat())} {DEADLINE_KIND_WORDS.get(deadline.kind, deadline.kind)}"
    return f"{WARNING_SIGN} {OVERDUE_WORD} {text}" if deadline.due < today else text


def next_deadline_tooltip(deadline: Any, today: date) -> str | None:
    if deadline is None:
        return None
    days = (deadline.due - today).days
    when = (f"overdue by {-days} day{'s' if days != -1 else ''}" if days < 0
            else "due today" if days == 0 else f"due in {days} day{'s' if days != 1 else ''}")
    kind = DEADLINE_KIND_WORDS.get(deadline.kind, deadline.kind)
    text = f"{kind}: last day {format_date(deadline.due.isoformat())}, {when}"
    if deadline.assumed:
        text += ("\nAssumed: part of the service record was never entered (served on the decision "
                 "date, by mail, to a California address).")
    return text


def plain_snippet(snippet: str) -> str:
    """A search snippet without its match markers, on one line."""
    return " ".join(snippet.replace(MARK_OPEN, "").replace(MARK_CLOSE, "").split())
