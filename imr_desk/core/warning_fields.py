"""Which field a parser warning concerns, read from its words (for letters stored without keys).

Since `Letter.field_warnings` exists the parser names the field of each warning itself. A
letter stored before then has only the warning texts; `field_of_warning` maps each one to the
key the parser gives it today, by the parser's own wording:

    "header: no value found for 'Date of Injury'"              -> header.date_of_injury
    "header: label 'Dale of Injury' read as 'Date of Injury' …" -> header.date_of_injury
    "header: 'UR Denial Date' (12/23/2016) is after … (dates out of order; …)" -> header.ur_denial_date
    "reviewer: label … read as 'State(s) of Licensure' …"      -> reviewer.licensure_states
    "case summary: …", a damaged summary heading                -> case_summary
    "decision 3: no MAXIMUS guideline found"                    -> decisions[2].maximus_guideline
    "decision 3: outcome read from an OCR-damaged word …"       -> decisions[2].outcome
    anything about the letter as a whole, or not recognised     -> letter

The tests check these rules against what the parser emits. Pure data: imports only the
field registry.
"""

from __future__ import annotations

import re

from imr_desk.core.fields import FIELDS, LETTER, decision_field_key

# The letter's own words for its labels and landmarks (as the parser names them in a
# warning), lower case, and the field each belongs to.
LETTER_WORDS = {
    "state(s) of licensure": "reviewer.licensure_states",
    "certification(s)/specialty": "reviewer.specialties",
    "clinical case summary": "case_summary",
    "including all medical records:": "case_summary",
    "claims administrator guideline": "decisions[].claims_administrator_guideline",
    "maximus guideline": "decisions[].maximus_guideline",
    "decision rationale": "decisions[].rationale",
}
# The words a stray-marks warning uses for the parts of a heading.
HEADING_PART_WORDS = {"request": "request", "original request": "original_request", "authorized part": "authorized"}

_DECISION_PREFIX = re.compile(r"decision (\d+)")
_DAMAGED = re.compile(r"label .* read as (['\"])(?P<canonical>.*)\1 \(OCR damage\?\)")
_NO_VALUE = re.compile(r"no value found for (['\"])(?P<label>.*?)\1(?: \(.*\))?")
_OUT_OF_ORDER = re.compile(r"(['\"])(?P<label>[^'\"]+)\1 .* \(dates out of order; please check\)")
_NOT_FOUND = re.compile(r"no (?P<words>.+) found")
_STRAY_MARKS = re.compile(r"the (?P<part>.+?) holds stray marks .*")


def field_of_warning(message: str) -> str:
    """The key of the field a parser warning concerns (`LETTER` where it names none)."""
    prefix, separator, rest = message.partition(": ")
    if not separator:
        return _letter_landmark(message)
    decision = _DECISION_PREFIX.fullmatch(prefix)
    if decision:
        name = _decision_field(rest)
        return decision_field_key(int(decision.group(1)) - 1, name) if name else LETTER
    if prefix == "header":
        return _header_field(rest)
    if prefix == "reviewer":
        damaged = _DAMAGED.fullmatch(rest)
        return LETTER_WORDS.get(damaged["canonical"].lower(), LETTER) if damaged else LETTER
    if prefix == "case summary":
        return "case_summary"
    return _letter_landmark(message)


def _letter_landmark(message: str) -> str:
    """A damaged landmark of the summary concerns the summary; any other one the letter."""
    damaged = _DAMAGED.fullmatch(message)
    if damaged and LETTER_WORDS.get(damaged["canonical"].lower()) == "case_summary":
        return "case_summary"
    return LETTER


def _header_field(rest: str) -> str:
    """A header label by its words (``Application`` alone stands for Application Received)."""
    found = _NO_VALUE.fullmatch(rest) or _DAMAGED.fullmatch(rest) or _OUT_OF_ORDER.fullmatch(rest)
    if not found:
        return LETTER
    words = (found.groupdict().get("label") or found["canonical"]).lower()
    for key, entry in FIELDS.items():
        label = entry.label.lower()
        if entry.section == "header" and (label == words or label.startswith(words + " ")):
            return key
    return LETTER


def _decision_field(rest: str) -> str | None:
    """The name of the decision field a decision's warning concerns, or None."""
    damaged = _DAMAGED.fullmatch(rest) or _NOT_FOUND.fullmatch(rest)
    if damaged:
        words = (damaged.groupdict().get("canonical") or damaged["words"]).lower()
        if words in LETTER_WORDS:
            return LETTER_WORDS[words].rpartition(".")[2]
    stray = _STRAY_MARKS.fullmatch(rest)
    if stray and stray["part"] in HEADING_PART_WORDS:
        return HEADING_PART_WORDS[stray["part"]]
    if "outcome" in rest:
        return "outcome"
    if "request" in rest:
        return "request"
    return None
