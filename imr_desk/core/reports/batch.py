"""The batch report: one row per letter of a selection, with totals and the overturn rate.

The first pages list the letters (case number, decision date, decisions, upheld, overturned,
review state) under a header row that repeats on every page, with a totals row and a short
statistics band above the table; then the overturn rate by treatment category, drug class,
guideline, reviewer specialty and month, each as a chart and a table
(`statistics_section`). With ``include_summaries`` each letter's case summary
follows on a page of its own (its pages carry that letter's source file in the footer).

Each stored case counts once: of several records of one case (copies of its letter, same
`CaseRecord.case_id`) the report keeps one, the copy of record if it is among them, and says
how many it left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, HRFlowable, PageBreak, Paragraph, Table, TableStyle

from imr_desk.core.analysis.statistics import DecisionFact, facts_from_letter
from imr_desk.core.deadlines.case import CaseDeadlines
from imr_desk.core.fields import OUTCOME_WORDS, REVIEW_STATE_LABEL, review_state_word
from imr_desk.core.records import CaseRecord
from imr_desk.core.reports.pages import CONTENT_WIDTH, PageContext, write_report
from imr_desk.core.reports.statistics_section import statistics_story
from imr_desk.core.reports.styles import (
    ACCENT,
    FONT_BOLD,
    HEADER_FILL,
    MISSING,
    OUTCOME_COLOURS,
    RULE,
    bold,
    coloured,
    counted,
    data_table,
    disputed_markup,
    is_long,
    markup,
    section_heading,
    styles,
    text_paragraph,
    us_date,
)
from imr_desk.core.reports.summary import LETTER_FIELD_LABELS, case_summary_story

DEFAULT_TITLE = "IMR batch report"


@dataclass(frozen=True)
class BatchTotals:
    """The figures of a selection of letters."""

    letters: int
    decisions: int
    upheld: int
    overturned: int
    letters_with_overturn: int
    review_states: Counter[str]

    @property
    def overturn_rate(self) -> float | None:
        """Overturned decisions over all decisions (None when there are none)."""
        return self.overturned / self.decisions if self.decisions else None


def one_per_case(records: Sequence[CaseRecord]) -> list[CaseRecord]:
    """`records` in their order, each stored case once (its copy of record where given, else
    its first record); records not from a store (`case_id` None) are all kept."""
    kept: list[CaseRecord] = []
    place: dict[int, int] = {}
    for record in records:
        if record.case_id is None:
            kept.append(record)
        elif record.case_id not in place:
            place[record.case_id] = len(kept)
            kept.append(record)
        elif record.is_copy_of_record and not kept[place[record.case_id]].is_copy_of_record:
            kept[place[record.case_id]] = record
    return kept


def batch_totals(records: Sequence[CaseRecord]) -> BatchTotals:
    """The figures of `records`, each stored case counted once (`one_per_case`)."""
    records = one_per_case(records)
    letters = [record.letter for record in records]
    return BatchTotals(
        letters=len(records),
        decisions=sum(len(letter.decisions) for letter in letters),
        upheld=sum(letter.upheld_count for letter in letters),
        overturned=sum(letter.overturned_count for letter in letters),
        letters_with_overturn=sum(1 for letter in letters if letter.overturned_count),
        review_states=Counter(record.review.state for record in records),
    )


def percent(rate: float | None) -> str:
    """``23.5%``, or a dash when there is nothing to divide."""
    return MISSING if rate is None else f"{rate * 100:.1f}%"


def build_batch_report(records: Sequence[CaseRecord], out: str | Path | BinaryIO, *,
                       include_summaries: bool = False, title: str | None = None,
                       generated_at: datetime | None = None,
                       deadlines: Mapping[int, CaseDeadlines] | None = None) -> int:
    """Write the batch report of `records` (in the order given) to `out`; returns pages.
    `deadlines` are the stored cases' deadlines by letter id, for their summaries.

    Raises `report_pages.ReportError` when the file cannot be written.
    """
    heading = title.strip() if title and title.strip() else DEFAULT_TITLE
    given = len(records)
    records = one_per_case(records)
    context = PageContext(heading, f"{counted(len(records), 'letter')} selected")
    story: list[Flowable] = [context, *_overview(records, heading, given - len(records))]
    if include_summaries:
        for record in records:
            story.append(PageBreak())
            story += case_summary_story(record, (deadlines or {}).get(record.letter_id))
    return write_report(story, out, context=context,
                        generated_at=generated_at or datetime.now().astimezone(), title=heading)


def _overview(records: Sequence[CaseRecord], heading: str, copies_left_out: int) -> list[Flowable]:
    style = styles()
    totals = batch_totals(records)
    story: list[Flowable] = [
        Paragraph("INDEPENDENT MEDICAL REVIEW \u00b7 FINAL DETERMINATIONS", style["kicker"]),
        text_paragraph(heading, style["title"]),
        Paragraph(_result_markup(totals), style["result"]),
    ]
    if copies_left_out:
        story.append(Paragraph(markup(
            f"{counted(copies_left_out, 'other copy', 'other copies')} of a case already listed "
            f"{'was' if copies_left_out == 1 else 'were'} left out: each case is counted once."
        ), style["meta"]))
    story += [
        HRFlowable(width="100%", thickness=0.8, color=RULE, spaceAfter=10),
        _statistics_band(totals),
        *section_heading("Letters"),
    ]
    if not records:
        return [*story, Paragraph("No letters were selected.", style["meta"])]
    return [*story, _letters_table(records, totals), *statistics_story(record_facts(records))]


def record_facts(records: Sequence[CaseRecord]) -> list[DecisionFact]:
    """The statistics' facts of `records` (one per case already, so each is its own case):
    each decision as corrected."""
    return [fact for position, record in enumerate(records) for fact in facts_from_letter(record.letter, position)]


def _result_markup(totals: BatchTotals) -> str:
    if not totals.decisions:
        return f"{counted(totals.letters, 'letter')}, no decisions."
    disputed = disputed_markup(totals.decisions, totals.upheld, totals.overturned)
    return f"{counted(totals.letters, 'letter')} \u00b7 {disputed}"


def _statistics_band(totals: BatchTotals) -> Table:
    """Four figures side by side: letters, decisions, overturn rate, verified letters."""
    style = styles()
    verified = totals.review_states.get("verified", 0)
    figures = [
        ("Letters", str(totals.letters)),
        ("Decisions", str(totals.decisions)),
        ("Overturn rate", percent(totals.overturn_rate)),
        (review_state_word("verified"), f"{verified} of {totals.letters}"),
    ]
    detail = [
        "",
        f"{totals.upheld} upheld, {totals.overturned} overturned",
        f"{counted(totals.letters_with_overturn, 'letter')} with an overturn",
        ", ".join(f"{count} {review_state_word(state).lower()}"
                  for state, count in sorted(totals.review_states.items()) if state != "verified"),
    ]
    cells = [[Paragraph(label.upper(), style["label"]) for label, _ in figures],
             [Paragraph(markup(value), style["stat_value"]) for _, value in figures],
             [Paragraph(markup(text), style["cell_small"]) for text in detail]]
    band = Table(cells, colWidths=[CONTENT_WIDTH / 4] * 4, hAlign="LEFT")
    band.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), HEADER_FILL),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.6, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, 0), 8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return band


def _letters_table(records: Sequence[CaseRecord], totals: BatchTotals) -> Table:
    style = styles()
    rows: list[list[Any]] = [[
        *(Paragraph(text, style["cell_head"]) for text in
          ("#", LETTER_FIELD_LABELS["header.case_number"], LETTER_FIELD_LABELS["header.decision_date"])),
        *(Paragraph(text, style["cell_head_number"])
          for text in ("Decisions", OUTCOME_WORDS["upheld"], OUTCOME_WORDS["overturned"], "Overturn rate")),
        Paragraph(REVIEW_STATE_LABEL, style["cell_head"]),
    ]]
    for number, record in enumerate(records, start=1):
        letter = record.letter
        rate = letter.overturned_count / len(letter.decisions) if letter.decisions else None
        rows.append([
            Paragraph(str(number), style["cell_small"]),
            (text_paragraph(record.case_label, style["cell_bold"]) if is_long(record.case_label)
             else Paragraph(bold(markup(record.case_label)), style["cell"])),
            Paragraph(markup(us_date(letter.header.decision_date)), style["cell"]),
            Paragraph(str(len(letter.decisions)), style["cell_number"]),
            Paragraph(str(letter.upheld_count), style["cell_number"]),
            Paragraph(_overturned_markup(letter.overturned_count), style["cell_number"]),
            Paragraph(percent(rate), style["cell_number"]),
            Paragraph(markup(review_state_word(record.review.state)), style["cell"]),
        ])
    rows.append([
        "", Paragraph(bold("Total"), style["cell"]), "",
        Paragraph(bold(str(totals.decisions)), style["cell_number"]),
        Paragraph(bold(str(totals.upheld)), style["cell_number"]),
        Paragraph(bold(_overturned_markup(totals.overturned)), style["cell_number"]),
        Paragraph(bold(percent(totals.overturn_rate)), style["cell_number"]),
        Paragraph(bold(f"{totals.review_states.get('verified', 0)} {review_state_word('verified').lower()}"),
                  style["cell"]),
    ])
    widths = [0.35, 1.45, 1.0, 0.75, 0.65, 0.9, 0.95]
    widths_pt = [w * inch for w in widths] + [CONTENT_WIDTH - sum(widths) * inch]
    total_row = [("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
                 ("BACKGROUND", (0, -1), (-1, -1), HEADER_FILL),
                 ("FONTNAME", (0, -1), (-1, -1), FONT_BOLD)]
    return data_table(rows, widths_pt, extra_style=total_row)


def _overturned_markup(count: int) -> str:
    return coloured(str(count), OUTCOME_COLOURS["overturned"]) if count else "0"
