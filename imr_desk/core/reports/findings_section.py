"""The findings in the case summary PDF: each decision's treatment category and citations, the
patient's diagnoses and the letter's Checks section.

- `decision_findings`: two compact lines under a decision's guidelines: its treatment category
  (dagger where a reviewer corrected it) and its citations per side in one line each
  (`store.finding_words.citations_line`: ``MTUS: ACOEM Low Back Complaints, Special Studies
  (2004)``).
- `diagnoses_text`: the diagnoses the clinical summary names, for the patient block.
- `checks_section`: a Checks section, warnings first: the check in words and its code, its
  severity (a warning in red), the message and the words of the letter its spans mark, quoted
  (cut at `EVIDENCE_LIMIT` characters each). The deadline checks are left to the Deadlines
  section (`deadlines.case.CHECK_CODES`), which explains them with their dates.

Every text from the letter or the analysis goes through `styles.markup` (escaped), so ``<``,
``&`` or a stray ``<b>`` in a letter prints as itself.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Paragraph

from imr_desk.core.deadlines.case import CHECK_CODES as DEADLINE_CHECK_CODES
from imr_desk.core.fields import CHECKS_LABEL, FIELDS, check_word, severity_word
from imr_desk.core.findings import Check
from imr_desk.core.model import Decision, Letter, collapse_whitespace
from imr_desk.core.reports.pages import CONTENT_WIDTH
from imr_desk.core.reports.styles import (
    CORRECTED_MARK,
    MISSING,
    UPHELD,
    bold,
    coloured,
    data_table,
    markup,
    section_heading,
    styles,
)
from imr_desk.core.store.finding_words import citations_line, diagnoses_line

CATEGORY_LABEL = FIELDS["decisions[].category"].label
NOT_CATEGORISED = "not categorised"
EVIDENCE_LIMIT = 240  # characters of the letter quoted for one span of a check
SIDES = (("claims_administrator", "Claims administrator"), ("maximus", "Expert reviewer"))


def category_text(decision: Decision) -> str:
    """The decision's treatment category in one line, or `NOT_CATEGORISED`."""
    return decision.category.label() if decision.category is not None else NOT_CATEGORISED


def decision_findings(decision: Decision, *, category_corrected: bool = False) -> list[Flowable]:
    """The category line and the citations line of one decision (small print)."""
    style = styles()
    mark = CORRECTED_MARK if category_corrected else ""
    story: list[Flowable] = [
        Paragraph(f"{bold(markup(CATEGORY_LABEL + ':'))} {markup(category_text(decision))}{mark}", style["meta"])
    ]
    sides = [(words, citations_line(getattr(decision.citations, side))) for side, words in SIDES]
    cited = [f"{bold(markup(words + ':'))} {markup(line)}" for words, line in sides if line]
    if cited:
        story.append(Paragraph(f"{bold('Citations')} \u2014 " + " \u00b7 ".join(cited), style["meta"]))
    return story


def diagnoses_text(letter: Letter) -> str:
    """The diagnoses in one line (plain text), or ``""`` where none were found."""
    return diagnoses_line(letter.patient.diagnoses)


def evidence_text(check: Check, text: str) -> str:
    """The words of the letter each of the check's spans marks, quoted, as plain text."""
    quotes = []
    for start, end in check.spans:
        words = collapse_whitespace(text[max(start, 0):max(end, 0)])
        if len(words) > EVIDENCE_LIMIT:
            words = words[:EVIDENCE_LIMIT].rstrip() + "\u2026"
        if words:
            quotes.append(f"\u201c{words}\u201d")
    return " \u00b7 ".join(dict.fromkeys(quotes))


def shown_checks(letter: Letter) -> list[Check]:
    """The checks the section lists: all but the deadline ones, warnings first."""
    kept = [check for check in letter.checks if check.code not in DEADLINE_CHECK_CODES]
    return sorted(kept, key=lambda check: check.severity != "warn")


def checks_section(letter: Letter) -> list[Flowable]:
    """The Checks section (always a heading; a line when there is nothing to list)."""
    style = styles()
    story: list[Flowable] = section_heading(CHECKS_LABEL)
    checks = shown_checks(letter)
    if not checks:
        return [*story, Paragraph("No check found anything to look at in this letter (the deadline "
                                  "checks are under Deadlines).", style["meta"])]
    rows: list[list[Any]] = [[Paragraph(text, style["cell_head"]) for text in ("Check", "Severity", "What it found")]]
    for check in checks:
        severity = markup(severity_word(check.severity))
        if check.severity == "warn":
            severity = coloured(bold(severity), UPHELD)
        found = markup(check.message)
        evidence = evidence_text(check, letter.text)
        if evidence:
            found += f'<br/><font size="7.5">{markup(evidence)}</font>'
        rows.append([
            Paragraph(f"{bold(markup(check_word(check.code)))}<br/>"
                      f'<font size="7">{markup(check.code)}</font>', style["cell"]),
            Paragraph(severity, style["cell"]),
            Paragraph(found or MISSING, style["cell"]),
        ])
    widths = [CONTENT_WIDTH * share for share in (0.24, 0.13, 0.63)]
    story.append(data_table(rows, widths))
    story.append(Paragraph("Checks compare what the letter says in two places; none is a legal "
                           "conclusion. The deadline checks are under Deadlines.", style["meta"]))
    return story
