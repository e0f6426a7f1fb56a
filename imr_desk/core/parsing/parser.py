"""Parse the extracted text of an IMR Final Determination letter into a `Letter`.

The letter is cut into its sections by fixed landmarks, each found fuzzily (see `labels`):

    header fields            ... up to "HOW THE IMR FINAL DETERMINATION WAS MADE"
    reviewer credentials     ... up to "CLINICAL CASE SUMMARY"
    case summary             after "...including all medical records:" up to
                             "IMR ISSUES, DECISIONS AND RATIONALES"
    decisions                after "...set forth below:" to the end of the letter

Every value keeps a ``[start, end)`` span into the text. The rules are documented in
``docs/parser.md``. Pure Python: no Qt, no I/O.
"""

from __future__ import annotations

import datetime

from imr_desk.core.fields import LETTER
from imr_desk.core.model import FieldWarning, Letter, LetterError, Source
from imr_desk.core.parsing.dates import iso_to_date
from imr_desk.core.parsing.decisions import parse_decisions
from imr_desk.core.parsing.header import parse_credentials, parse_header, parse_patient
from imr_desk.core.parsing.labels import (
    Label,
    LabelMatch,
    damaged_note,
    find_at_line_end,
    find_at_line_start,
    line_bounds,
    trim_span,
)
from imr_desk.core.parsing.landmarks import (
    has_decision_block,
    has_letter_wording,
    imr_desk_report_kind,
    is_a_letter,
    not_a_letter_message,
    report_message,
)

HOW_MADE = Label("how_made", "HOW THE IMR FINAL DETERMINATION WAS MADE")
CREDENTIALS = Label("credentials", "The Expert Reviewer has the following credentials:")
SUMMARY_HEADING = Label("summary_heading", "CLINICAL CASE SUMMARY")
SUMMARY_OPENING = Label("summary_opening", "including all medical records:")
ISSUES_HEADING = Label("issues_heading", "IMR ISSUES, DECISIONS AND RATIONALES")
SET_FORTH = Label("set_forth", "set forth below:")

# Where no landmark ends the header, it is looked for in this many characters.
HEADER_SEARCH_CHARS = 1500


def parse_text(text: str, source: Source, *, today: datetime.date | None = None) -> Letter:
    """Parse extracted text into a Letter (spans set, regions empty).

    Raises `LetterError("not_a_letter", ...)` for one of imr-desk's own reports, and for a text
    without the landmarks of an IMR determination (`landmarks.is_a_letter`; a case number alone
    is not enough). Each warning names the field it concerns (`Letter.field_warnings`).
    """
    today = today or datetime.date.today()
    report = imr_desk_report_kind(text)
    if report is not None:
        raise LetterError("not_a_letter", report_message(source.file, report))
    lines = line_bounds(text)
    warnings: list[FieldWarning] = []
    letter = Letter(source=source, text=text)
    spans = letter.spans

    def landmark(
        label: Label, start: int = 0, end: int | None = None, *, at_end: bool = False, concerns: str = LETTER
    ) -> LabelMatch | None:
        finder = find_at_line_end if at_end else find_at_line_start
        match = finder(text, lines, label, start, end)
        if match is not None and not match.exact:
            warnings.append(FieldWarning(concerns, damaged_note(match.found, label.text)))
        return match

    how_made = landmark(HOW_MADE)
    issues = landmark(ISSUES_HEADING, how_made.end if how_made else 0)
    summary_heading = landmark(SUMMARY_HEADING, how_made.end if how_made else 0, issues.start if issues else None,
                               concerns="case_summary")
    after_summary = summary_heading.end if summary_heading else (how_made.end if how_made else 0)
    opening = landmark(SUMMARY_OPENING, after_summary, issues.start if issues else None, at_end=True,
                       concerns="case_summary")
    set_forth = landmark(SET_FORTH, issues.end, at_end=True) if issues else None

    header_end = how_made.start if how_made else min(len(text), HEADER_SEARCH_CHARS)
    letter.header = parse_header(text, 0, header_end, today, spans, warnings)
    if "header" not in spans:
        warnings.append(FieldWarning(LETTER, "header: no first-page header found (case number, dates)"))
    reference = iso_to_date(letter.header.decision_date) or today

    credentials_start = how_made.end if how_made else 0
    credentials_end = summary_heading.start if summary_heading else (issues.start if issues else len(text))
    letter.reviewer = parse_credentials(text, lines, credentials_start, credentials_end, spans, warnings)

    summary_found = opening or summary_heading
    if summary_found:
        summary_start = summary_found.end
        if opening is None:
            warnings.append(FieldWarning(
                "case_summary", "case summary: its opening sentence was not found; taken from the heading"))
        summary_end = issues.start if issues else summary_start  # unknown end: left empty, warned below
        span = trim_span(text, summary_start, summary_end)
        spans["case_summary"] = span
        letter.case_summary = " ".join(text[span[0] : span[1]].split())
        letter.patient = parse_patient(text, span[0], span[1], reference, spans)
    else:
        warnings.append(FieldWarning("case_summary", "case summary: not found"))

    if issues is None:
        warnings.append(FieldWarning(LETTER, f"the heading {ISSUES_HEADING.text!r} was not found"))
    if set_forth is not None:
        decisions_start = set_forth.end
    elif issues is not None:
        decisions_start = issues.end
    else:
        decisions_start = spans.get("case_summary", (0, 0))[1]
    letter.decisions = parse_decisions(text, lines, decisions_start, len(text), warnings)
    found = {name for name, present in (
        ("how_made", how_made), ("wording", has_letter_wording(text)), ("credentials", "reviewer" in spans),
        ("case_summary", opening or summary_heading), ("issues", issues),
        ("decisions", has_decision_block(letter.decisions))) if present}
    if not is_a_letter(found, letter.header.case_number):
        raise LetterError("not_a_letter", not_a_letter_message(source.file, found, letter.header.case_number))
    if not letter.decisions:
        warnings.append(FieldWarning(LETTER, "no decision blocks found"))
    letter.set_warnings(warnings)
    return letter
