"""The case summary PDF of one letter, for the attorney (reportlab platypus).

It shows the effective (corrected) values of a `CaseRecord`: the case number and result line,
the letter's dates, patient, reviewer and review state (corrected values marked with a
dagger), the patient's diagnoses, the clinical summary, a decisions table whose header repeats
on every page, each decision's guidelines, treatment category and citations
(``findings_section``) and full rationale, the letter's checks (``findings_section``), the
deadlines with their reasons (``deadline_section``), the notes, and every correction beside
the value the parser found. `case_summary_story` is reused by the batch report.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer

from imr_desk.core.deadlines.case import CaseDeadlines, for_letter
from imr_desk.core.fields import (
    FIELDS,
    LETTER_FIELD_KEYS,
    OCR_NOTICE,
    REVIEW_STATE_LABEL,
    outcome_word,
    review_state_word,
)
from imr_desk.core.model import Decision, Letter, collapse_whitespace
from imr_desk.core.records import Annotation, CaseRecord, Correction, HistoryEntry, ReviewState
from imr_desk.core.reports.deadline_section import deadline_section
from imr_desk.core.reports.findings_section import checks_section, decision_findings, diagnoses_text
from imr_desk.core.reports.history_section import history_section
from imr_desk.core.reports.pages import CONTENT_WIDTH, PageContext, source_line, write_report
from imr_desk.core.reports.styles import (
    CONFIDENTIAL,
    CORRECTED_MARK,
    MISSING,
    MUTED,
    RULE,
    bold,
    coloured,
    data_table,
    disputed_markup,
    is_long,
    markup,
    outcome_markup,
    section_heading,
    styles,
    text_paragraph,
    us_date,
    us_datetime,
)

# The words of each field, from the field registry (decision fields by their own name, as a
# correction names them).
LETTER_FIELD_LABELS = {key: FIELDS[key].label for key in LETTER_FIELD_KEYS}
DECISION_FIELD_LABELS = {entry.name: entry.label for entry in FIELDS.values() if entry.in_decision}
DATE_FIELDS = {key for key in LETTER_FIELD_KEYS if FIELDS[key].kind == "date"}
QUOTE_LIMIT = 400  # characters of annotated letter text quoted above a note
HEADING_LIMIT = 200  # characters of a long request in its rationale's heading (then in full below)


def build_case_summary(record: CaseRecord, out: str | Path | BinaryIO, *,
                       generated_at: datetime | None = None, deadlines: CaseDeadlines | None = None,
                       history: list[HistoryEntry] | None = None) -> int:
    """Write the case summary PDF of `record` to `out`; returns the number of pages.

    `deadlines` is the case's `Store.case_deadlines()`; without it the Deadlines section is
    computed from the letter alone (every input assumed) and says so. With `history` (the
    letter's `Store.history()`), the letter's edit history is printed last.

    Raises `report_pages.ReportError` when the file cannot be written (nothing is left behind).
    """
    return write_report(case_summary_story(record, deadlines, history), out, context=summary_context(record),
                        generated_at=generated_at or datetime.now().astimezone(),
                        title=f"IMR case summary {record.case_label}")


def summary_context(record: CaseRecord) -> PageContext:
    """The running title and source line of a case summary's pages."""
    return PageContext(f"IMR case summary \u00b7 {record.case_label}",
                       source_line(record.file_name, record.sha256))


def case_summary_story(record: CaseRecord, deadlines: CaseDeadlines | None = None,
                       history: list[HistoryEntry] | None = None) -> list[Flowable]:
    """The flowables of one case summary, starting with its `PageContext` marker (`deadlines`:
    as `build_case_summary` says)."""
    letter = record.letter
    style = styles()
    story: list[Flowable] = [
        summary_context(record),
        Paragraph("INDEPENDENT MEDICAL REVIEW \u00b7 FINAL DETERMINATION \u00b7 CASE SUMMARY",
                  style["kicker"]),
        text_paragraph(record.case_label, style["title"]),
        Paragraph(result_markup(letter), style["result"]),
        *([Paragraph(bold(coloured(markup(OCR_NOTICE), CONFIDENTIAL)), style["meta"])] if letter.source.ocr else []),
        HRFlowable(width="100%", thickness=0.8, color=RULE, spaceAfter=8),
        _facts_table(record),
    ]
    if any(record.correction_for(name) for name in LETTER_FIELD_LABELS):
        story.append(Paragraph(f"{CORRECTED_MARK} corrected by a reviewer; the parsed value is "
                               "listed under Corrections.", style["meta"]))
    story += _decisions_table(record)
    if letter.case_summary:
        story += [*section_heading(LETTER_FIELD_LABELS["case_summary"]),
                  text_paragraph(letter.case_summary, style["body"])]
    story += _rationales(record)
    story += checks_section(letter)
    story += deadline_section(deadlines or for_letter(record.letter))
    story += _notes_section(record)
    story += _corrections_section(record)
    if history is not None:  # the optional History section (Store.history(letter_id))
        story += history_section(history)
    return story


def result_markup(letter: Letter) -> str:
    """The letter's one-line result, ``3 disputed: 2 upheld, 1 overturned``, in colour."""
    if not letter.decisions:
        return "No decisions were found in this letter."
    return disputed_markup(len(letter.decisions), letter.upheld_count, letter.overturned_count)


def review_text(review: ReviewState) -> str:
    """``Verified by jdoe on Dec 10, 2016, 3:00 PM UTC``."""
    text = review_state_word(review.state)
    if review.user:
        text += f" by {review.user}"
    if review.changed_at:
        text += f" on {us_datetime(review.changed_at)}"
    return text


def _facts_table(record: CaseRecord) -> Flowable:
    letter, style = record.letter, styles()

    def value(field_name: str, text: object) -> Paragraph:
        mark = CORRECTED_MARK if record.correction_for(field_name) else ""
        if is_long(text):
            return text_paragraph(f"{text}{mark}", style["cell"])
        return Paragraph(markup(text) + mark, style["cell"])

    def label(text: str) -> Paragraph:
        return Paragraph(text, style["label"])

    header = letter.header
    paired = [
        ("header.decision_date", us_date(header.decision_date), "header.priority", header.priority or MISSING),
        ("header.date_assigned", us_date(header.date_assigned), "header.application_received",
         us_date(header.application_received)),
        ("header.ur_denial_date", us_date(header.ur_denial_date), "header.date_of_injury",
         us_date(header.date_of_injury)),
    ]
    rows: list[list[Any]] = [
        [label(LETTER_FIELD_LABELS[a]), value(a, a_text), label(LETTER_FIELD_LABELS[b]), value(b, b_text)]
        for a, a_text, b, b_text in paired
    ]
    patient_fields = ("patient.age", "patient.sex", "patient.date_of_injury")
    patient_mark = CORRECTED_MARK if any(record.correction_for(f) for f in patient_fields) else ""
    wide = [
        ("Patient", Paragraph(markup(_patient_text(record)) + patient_mark, style["cell"])),
        *((("Diagnoses", text_paragraph(diagnoses_text(letter), style["cell"])),) if diagnoses_text(letter) else ()),
        *((LETTER_FIELD_LABELS[key], value(key, ", ".join(getattr(letter.reviewer, key.partition(".")[2])) or MISSING))
          for key in ("reviewer.licensure_states", "reviewer.specialties")),
        (REVIEW_STATE_LABEL, Paragraph(markup(review_text(record.review)), style["cell"])),
        ("Source file", Paragraph(markup(_source_text(record)), style["cell"])),
    ]
    first_wide = len(rows)
    rows += [[label(name), content, "", ""] for name, content in wide]
    spans = [("SPAN", (1, row), (3, row)) for row in range(first_wide, len(rows))]
    widths = [1.3 * inch, CONTENT_WIDTH / 2 - 1.3 * inch] * 2
    return data_table(rows, widths, header_rows=0, zebra=False, extra_style=spans)


def _source_text(record: CaseRecord) -> str:
    stored = f"imported {us_datetime(record.imported_at)}" if record.imported_at else "not stored"
    return f"{record.file_name} \u00b7 sha256 {record.sha256[:12] or MISSING} \u00b7 {stored}"


def _patient_text(record: CaseRecord) -> str:
    patient = record.letter.patient
    parts = []
    if patient.age is not None:
        parts.append(f"{patient.age} years old")
    if patient.sex:
        parts.append(str(patient.sex).capitalize())
    if patient.date_of_injury:
        parts.append(f"injured {us_date(patient.date_of_injury)} (as stated in the summary)")
    return ", ".join(parts) or MISSING


def _decisions_table(record: CaseRecord) -> list[Flowable]:
    decisions, style = record.letter.decisions, styles()
    if not decisions:
        return [*section_heading("Decisions"),
                Paragraph("No decisions were found in this letter.", style["meta"])]
    rows: list[list[Any]] = [[Paragraph(text, style["cell_head"]) for text in
                              ("#", DECISION_FIELD_LABELS["request"], DECISION_FIELD_LABELS["outcome"],
                               "Guideline cited by the expert reviewer")]]
    for number, decision in enumerate(decisions, start=1):
        key = record.decision_keys[number - 1] if number <= len(record.decision_keys) else None
        corrected = any(c.decision_key == key for c in record.corrections) if key else False
        rows.append([
            Paragraph(str(number), style["cell"]),
            _request_cell(decision, CORRECTED_MARK if corrected else ""),
            Paragraph(outcome_markup(decision.outcome), style["cell"]),
            text_paragraph(decision.maximus_guideline or MISSING, style["cell"]),
        ])
    widths = [0.3 * inch, 2.75 * inch, 0.95 * inch, CONTENT_WIDTH - 4.0 * inch]
    return [*section_heading("Decisions"), data_table(rows, widths)]


def _request_cell(decision: Decision, mark: str) -> Flowable | list[Flowable]:
    """The request (bold) with the parts of a partial approval below it, in small print; text
    too long for markup of its own goes in plain paragraphs of its own (`text_paragraph`)."""
    style = styles()
    request = decision.request or MISSING
    if not any(is_long(text) for text in (request, decision.original_request, decision.authorized)):
        return Paragraph(bold(markup(request)) + mark + _partial_markup(decision, small=True), style["cell"])
    return [text_paragraph(request + mark, style["cell_bold"]),
            *(text_paragraph(line, style["cell_small"]) for line in _partial_lines(decision))]


def _rationales(record: CaseRecord) -> list[Flowable]:
    decisions, style = record.letter.decisions, styles()
    if not decisions:
        return []
    story: list[Flowable] = section_heading("Rationales")
    for number, decision in enumerate(decisions, start=1):
        request = decision.request or MISSING
        shown = request[:HEADING_LIMIT].rstrip() + "\u2026" if is_long(request) else request
        story.append(Paragraph(f"{number}. {markup(shown)} \u2014 "
                               f"{outcome_markup(decision.outcome)}", style["h3"]))
        if is_long(request):  # the heading shows its start: the whole request follows
            story.append(text_paragraph(f"Request: {request}", style["meta"]))
        if any(is_long(line) for line in _partial_lines(decision)):
            story += [text_paragraph(line, style["meta"]) for line in _partial_lines(decision)]
        elif _partial_lines(decision):
            story.append(Paragraph(_partial_markup(decision, small=False).removeprefix("<br/>"), style["meta"]))
        for cited, guideline in (("Claims administrator cited:", decision.claims_administrator_guideline),
                                 ("Expert reviewer cited:", decision.maximus_guideline)):
            if is_long(guideline):
                story.append(text_paragraph(f"{cited} {guideline}", style["meta"]))
            else:
                story.append(Paragraph(f"{bold(cited)} {markup(guideline or MISSING)}", style["meta"]))
        key = record.decision_keys[number - 1] if number <= len(record.decision_keys) else None
        story += decision_findings(decision, category_corrected=bool(key and record.correction_for("category", key)))
        rationale = decision.rationale or "No rationale was found in the letter."
        story.append(text_paragraph(rationale, style["body"]))
    return story


def _partial_lines(decision: Decision) -> list[str]:
    """The original request and authorized portion of a partial approval, in plain text."""
    lines = []
    if decision.original_request:
        lines.append(f"Original request: {decision.original_request}")
    if decision.authorized:
        lines.append(f"Authorized by the claims administrator: {decision.authorized}")
    return lines


def _partial_markup(decision: Decision, *, small: bool) -> str:
    """The original request and authorized portion of a partial approval, or ``""``."""
    lines = [markup(line) for line in _partial_lines(decision)]
    if not lines:
        return ""
    text = "<br/>".join(lines)
    if small:
        text = f'<font size="7.5" color="#{MUTED.hexval()[2:]}">{text}</font>'
    return "<br/>" + text


def _notes_section(record: CaseRecord) -> list[Flowable]:
    style = styles()
    story: list[Flowable] = section_heading("Notes")
    if not record.annotations:
        return [*story, Paragraph("No notes on this letter.", style["meta"])]
    letter_text = record.letter.text or record.parsed.text
    for annotation in sorted(record.annotations, key=lambda a: a.created_at):
        parts = [part for part in (annotation.tag, annotation.user, us_datetime(annotation.created_at)) if part]
        if any(is_long(part) for part in parts):
            story.append(text_paragraph(" \u00b7 ".join(parts), style["meta"]))
        else:
            heading = " \u00b7 ".join(
                markup(part) for part in (annotation.user, us_datetime(annotation.created_at)) if part)
            if annotation.tag:
                heading = f"{bold(markup(annotation.tag))} \u00b7 {heading}"
            story.append(Paragraph(heading, style["meta"]))
        quoted = _quoted_text(annotation, letter_text)
        story.append(Paragraph(quoted, style["quote"]))
        story.append(text_paragraph(annotation.note, style["body"]))
        story.append(Spacer(1, 4))
    return story


def _quoted_text(annotation: Annotation, letter_text: str) -> str:
    if annotation.span is None:
        return "On the whole letter"
    start, end = annotation.span
    excerpt = collapse_whitespace(letter_text[max(start, 0):max(end, 0)])
    if not excerpt:
        return "On a passage of the letter"
    if len(excerpt) > QUOTE_LIMIT:
        excerpt = excerpt[:QUOTE_LIMIT].rstrip() + "\u2026"
    return f"On \u201c{markup(excerpt)}\u201d"


def _corrections_section(record: CaseRecord) -> list[Flowable]:
    style = styles()
    story: list[Flowable] = section_heading("Corrections")
    if not record.corrections:
        return [*story, Paragraph("No corrections: every value is as parsed from the letter.", style["meta"])]
    rows: list[list[Any]] = [[Paragraph(text, style["cell_head"]) for text in
                              ("Field", "Parsed value", "Corrected value", "By", "When")]]
    for correction in record.corrections:
        label = markup(correction_label(record, correction))
        if correction.stale:
            label += '<br/><font size="7.5" color="#9A1B1B">parser value changed since</font>'
        elif record.correction_for(correction.field, correction.decision_key) is not correction:
            label += f'<br/><font size="7.5" color="#{MUTED.hexval()[2:]}">superseded</font>'
        rows.append([
            Paragraph(label, style["cell"]),
            text_paragraph(value_text(correction.field, correction.parsed_value), style["cell"]),
            text_paragraph(value_text(correction.field, correction.new_value), style["cell"]),
            text_paragraph(correction.user, style["cell"]),
            Paragraph(markup(us_datetime(correction.created_at)), style["cell_small"]),
        ])
    widths = [1.45 * inch, 1.95 * inch, 1.95 * inch, 0.75 * inch]
    widths.append(CONTENT_WIDTH - sum(widths))
    return [*story, data_table(rows, widths)]


def correction_label(record: CaseRecord, correction: Correction) -> str:
    """The corrected field in words, e.g. ``Decision date`` or ``Decision 2 · Request``."""
    if correction.decision_key is None:
        return LETTER_FIELD_LABELS.get(correction.field, correction.field)
    if correction.field == "decision":
        return "Decision removed" if correction.new_value is None else "Decision added"
    field_label = DECISION_FIELD_LABELS.get(correction.field, correction.field)
    if correction.decision_key in record.decision_keys:
        return f"Decision {record.decision_keys.index(correction.decision_key) + 1} \u00b7 {field_label}"
    return f"Removed decision \u00b7 {field_label}"


def value_text(field_name: str, value: Any) -> str:
    """A parsed or corrected value as plain text (dates in US style, lists joined)."""
    if value is None or value == "" or value == []:
        return MISSING
    if isinstance(value, dict):
        request = value.get("request") or MISSING
        outcome = value.get("outcome")
        return f"{request} ({outcome})" if outcome else str(request)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    if field_name in DATE_FIELDS:
        return us_date(str(value))
    if field_name == "outcome":
        return outcome_word(str(value))
    return str(value)


def unstored_record(letter: Letter) -> CaseRecord:
    """A `CaseRecord` for a letter parsed straight from a file (no corrections, no notes)."""
    return CaseRecord(
        letter_id=0, letter=letter, parsed=letter,
        decision_keys=[f"p{index}" for index in range(len(letter.decisions))],
        corrections=[], annotations=[], review=ReviewState(), version=0,
        file_name=letter.source.file, sha256=letter.source.sha256, imported_at="",
    )
