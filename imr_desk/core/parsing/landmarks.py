"""What makes a text an IMR Final Determination letter, and what marks imr-desk's own reports.

A letter shows the structure of a MAXIMUS determination. The parser counts these landmarks,
each of a different kind:

- ``how_made``: the heading ``HOW THE IMR FINAL DETERMINATION WAS MADE``;
- ``wording``: the determination's fixed sentences (``MAXIMUS Federal Services sent the
  complete case file to an expert reviewer``, ``The Expert Reviewer has the following
  credentials:``, ``The Final Determination was based on decisions for the disputed
  items/services set forth below:``);
- ``credentials``: the reviewer's ``State(s) of Licensure:`` / ``Certification(s)/Specialty:``
  lines (or the older "is Board Certified in … and is licensed to practice in …");
- ``case_summary``: the heading ``CLINICAL CASE SUMMARY`` or its opening sentence;
- ``issues``: the heading ``IMR ISSUES, DECISIONS AND RATIONALES``;
- ``decisions``: a decision block with its labels (two of ``Claims Administrator
  guideline:``, ``MAXIMUS guideline:``, ``Decision rationale:``; a ``MAXIMUS guideline:``; or
  one of them after a heading that ends with its outcome word).

A text is a letter with two landmarks, or with one and the header's case number. A case
number alone is not enough: a batch report lists case numbers too.

imr-desk's own case summaries and batch reports are recognised first, by the mark every page
of them carries ("a report made by imr-desk", in the footer), or, for reports made before that
mark, by their confidentiality notice together with their kicker line or running title. They
are refused with that reason. Pure functions over text.
"""

from __future__ import annotations

import re

from imr_desk.core.model import Decision
from imr_desk.core.parsing.labels import normalise

# The footer mark of every imr-desk report page (reports/pages.py prints it).
REPORT_MARK = "a report made by imr-desk"
# A letter needs this many landmarks, or one fewer and its case number.
LANDMARKS_NEEDED = 2
# imr-desk's marks are looked for in the first characters of the text (page 1 carries them).
REPORT_SEARCH_CHARS = 20_000

_SENTENCES = (
    "MAXIMUS Federal Services sent the complete case file to an expert reviewer",
    "The Expert Reviewer has the following credentials",
    "The Final Determination was based on decisions for the disputed items/services",
)
_WORDING = tuple(normalise(sentence) for sentence in _SENTENCES)
_EXACT_WORDING = re.compile("|".join(r"\s+".join(map(re.escape, s.split())) for s in _SENTENCES), re.IGNORECASE)
_REPORT_MARK = normalise(REPORT_MARK)
_CONFIDENTIAL = normalise("Confidential \u2014 contains medical information")
# (normalised words, what imr-desk calls the report), the batch report's kicker first: a batch
# report with its case summaries holds theirs too.
_REPORT_KINDS = (
    (normalise("INDEPENDENT MEDICAL REVIEW \u00b7 FINAL DETERMINATIONS"), "batch report"),
    (normalise("INDEPENDENT MEDICAL REVIEW \u00b7 FINAL DETERMINATION \u00b7 CASE SUMMARY"), "case summary"),
    (normalise("IMR case summary"), "case summary"),
)


def imr_desk_report_kind(text: str) -> str | None:
    """``case summary`` / ``batch report`` / ``report`` when `text` is one of imr-desk's own
    reports, else None."""
    head = text[:REPORT_SEARCH_CHARS]
    folded = normalise(head)
    marked = _REPORT_MARK in folded
    if not marked and _CONFIDENTIAL not in folded:
        return None
    for words, kind in _REPORT_KINDS:
        if any(normalise(line).startswith(words) for line in head.splitlines() if line.strip()):
            return kind
    return "report" if marked else None


def has_letter_wording(text: str) -> bool:
    """True when the text holds one of the determination's fixed sentences (OCR damage allowed)."""
    if _EXACT_WORDING.search(text):
        return True
    folded = normalise(text)
    return any(sentence in folded for sentence in _WORDING)


def has_decision_block(decisions: list[Decision]) -> bool:
    """True when a decision block carries its labels: two of the three, MAXIMUS's, or one
    after a heading that ends with its outcome word."""
    labels = ("claims_administrator_guideline", "maximus_guideline", "rationale")
    for decision in decisions:
        count = sum(name in decision.spans for name in labels)
        if "maximus_guideline" in decision.spans or count >= 2 or (count and "outcome" in decision.spans):
            return True
    return False


def is_a_letter(landmarks: set[str], case_number: str | None) -> bool:
    """The rule of the module docstring."""
    return len(landmarks) >= LANDMARKS_NEEDED or (len(landmarks) == LANDMARKS_NEEDED - 1 and bool(case_number))


def not_a_letter_message(file_name: str, landmarks: set[str], case_number: str | None) -> str:
    """Plain words for a text that is not a letter (names the file, never quotes its text)."""
    message = f"{file_name}: this is not an IMR Final Determination letter"
    if case_number and not landmarks:
        return (message + ": it has a case number, but none of a letter's headings, its MAXIMUS wording "
                "or a decision block with its guideline labels (a case number alone is not enough).")
    if landmarks:
        return (message + f": of a letter's headings, wording and decision blocks only one was found "
                f"({', '.join(sorted(landmarks))}), and no case number.")
    return message + " (none of its headings, header fields or decision blocks were found)."


def report_message(file_name: str, kind: str) -> str:
    """The refusal of one of imr-desk's own reports."""
    return (f"{file_name}: this is an imr-desk {kind}, not a letter; import the IMR Final Determination "
            "letter it was made from instead.")
