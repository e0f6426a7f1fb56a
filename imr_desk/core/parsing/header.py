"""The letter-level sections: first-page header, reviewer credentials and patient details.

The header is read as labels and values, because extractors emit its two columns in
different orders (label/value pairs, all labels then all values, both columns on one line,
``Application`` and ``Received:`` around the date). Dates are paired with their labels by
`header_dates.pair_dates` (a missing value never takes the next label's), and checked for the
order of the case's course.
"""

from __future__ import annotations

import datetime
import re

from imr_desk.core.fields import LETTER
from imr_desk.core.model import FieldWarning, Header, Patient, Reviewer, Span
from imr_desk.core.parsing.dates import DATE_PATTERN, find_date, to_iso
from imr_desk.core.parsing.header_dates import DATE_ORDER, DatePairing, order_conflicts, pair_dates
from imr_desk.core.parsing.labels import (
    Label,
    close_enough,
    damaged_note,
    find_at_line_start,
    is_scrap,
    normalise,
    trim_span,
)

HEADER_LABELS = (
    Label("case_number", "Case Number"),
    Label("date_assigned", "Date Assigned"),
    Label("date_of_injury", "Date of Injury"),
    Label("decision_date", "Decision Date"),
    Label("ur_denial_date", "UR Denial Date"),
    Label("priority", "Priority"),
    # "Application" alone: its "Received:" may come after the date, on another line, or be
    # lost to OCR (the table's ruled lines); the word is distinctive enough in the header.
    Label("application_received", "Application"),
)
_SHOWN_AS = {"application_received": "Application Received"}
_DATE_FIELDS = ("date_assigned", "date_of_injury", "decision_date", "ur_denial_date", "application_received")
_CASE_NUMBER = re.compile(r"[A-Z]{2}\d{2}-\d{4,9}")
_TOKEN = re.compile(r"\S+")
_WORD_VALUE = re.compile(r"[A-Za-z][A-Za-z-]*")
_RECEIVED = normalise("Received")

STATES_LABEL = Label("licensure_states", "State(s) of Licensure")
SPECIALTY_LABEL = Label("specialties", "Certification(s)/Specialty")
_OLD_CREDENTIALS = re.compile(
    r"Board\s+Certified\s+in\s+(?P<specialties>[^.]+?)\s+and\s+is\s+licensed\s+to\s+practice\s+in\s+"
    r"(?P<states>[^.]+?)\s*\.",
    re.IGNORECASE,
)
_LIST_SPLIT = re.compile(r"\s*[,;]\s*")
_STATE_SPLIT = re.compile(r"\s*,\s*|\s+and\s+")
_AGE = re.compile(r"\b(\d{1,3})\s*-?\s*years?\s*-?\s*old\b", re.IGNORECASE)
_SEX_AFTER_AGE = re.compile(r"[\s-]+(male|female|man|woman|gentleman|lady)\b", re.IGNORECASE)
_SEX_WORDS = {
    "male": "male", "man": "male", "gentleman": "male",
    "female": "female", "woman": "female", "lady": "female",
}
_INJURY_DATE = re.compile(
    r"\binjur(?:y|ies)\b[^.]{0,90}?\b(?:on|of|dated?)\s*:?\s*(?=\d)", re.IGNORECASE
)


def _leading_scraps(token: str) -> int:
    """How many characters at the start of `token` are neither letters nor digits (OCR specks
    glued to a value: a date or case number never starts with one)."""
    for index, character in enumerate(token):
        if character.isalnum():
            return index
    return len(token)


def parse_header(
    text: str, start: int, end: int, today: datetime.date, spans: dict[str, Span], warnings: list[FieldWarning]
) -> Header:
    """Read the header fields from ``text[start:end]``; record value spans as ``header.<field>``."""
    header = Header()
    words: list[re.Match[str]] = []
    dates: list[tuple[int, int]] = []
    case_numbers: list[tuple[int, int]] = []
    for token in _TOKEN.finditer(text, start, end):
        value = token.group().rstrip(".,;")
        lead = _leading_scraps(value)  # "——-01/20/2017", "§=12/21/2016" from OCR
        value_start, value = token.start() + lead, value[lead:]
        if DATE_PATTERN.fullmatch(value):
            dates.append((value_start, value_start + len(value)))
        elif _CASE_NUMBER.fullmatch(value):
            case_numbers.append((value_start, value_start + len(value)))
        else:
            words.append(token)
    found, free_words = _header_labels(words, warnings)
    if not found:
        return header
    # The header runs from its first label or value to its last one, "Received:" included
    # (OCR may read it after the date); text before it (a logo read by OCR) is no part of it.
    received = [word.end() for word in words if normalise(word.group()) == _RECEIVED]
    header_start = min([s for s, _ in found.values()] + [s for s, _ in dates + case_numbers])
    header_end = max([e for _, e in found.values()] + [e for _, e in dates + case_numbers] + received)
    spans["header"] = trim_span(text, header_start, header_end)
    if case_numbers:
        spans["header.case_number"] = case_numbers[0]
        header.case_number = text[case_numbers[0][0] : case_numbers[0][1]]
    pairing = pair_dates(text, {name: found[name][0] for name in _DATE_FIELDS if name in found}, dates, today)
    reference = _decision_reference(text, pairing.values.get("decision_date"), today)
    for name, (s, e) in pairing.values.items():
        match = DATE_PATTERN.fullmatch(text[s:e])
        setattr(header, name, to_iso(match, reference) if match else None)
        spans[f"header.{name}"] = (s, e)
    if "priority" in found:
        after = [w for w in free_words if w.start() >= found["priority"][1] and _WORD_VALUE.fullmatch(w.group())]
        if after:
            header.priority = after[0].group()
            spans["header.priority"] = (after[0].start(), after[0].end())
    for label in HEADER_LABELS:
        if getattr(header, label.name) is None:
            warnings.append(FieldWarning(f"header.{label.name}", _no_value_note(label.name, pairing)))
    warnings += _order_warnings(text, header, spans)
    return header


def _header_labels(
    words: list[re.Match[str]], warnings: list[FieldWarning]
) -> tuple[dict[str, tuple[int, int]], list[re.Match[str]]]:
    """Label name → (start, end) of the label, and the words that are no label (values).

    A label's words need not be adjacent: values between them are skipped, which is how
    ``Application 11/15/2016 Received:`` still reads as one label.
    """
    found: dict[str, tuple[int, int]] = {}
    free: list[re.Match[str]] = []
    keys = [normalise(word.group()) for word in words]
    index = 0
    while index < len(words):
        if not keys[index] or is_scrap(words[index].group()):  # OCR scraps of the table's rules
            index += 1
            continue
        matched = False
        for label in HEADER_LABELS:
            if label.name in found:
                continue
            joined = ""
            for count in range(1, len(label.text.split()) + 2):
                if index + count > len(words):
                    break
                joined += keys[index + count - 1]
                if close_enough(joined, label.key):
                    last = words[index + count - 1]
                    found[label.name] = (words[index].start(), last.end())
                    shown = " ".join(w.group() for w in words[index : index + count]).rstrip(":")
                    if normalise(shown) != label.key or not _plain(shown, label.text):
                        note = "header: " + damaged_note(shown, label.text)
                        warnings.append(FieldWarning(f"header.{label.name}", note))
                    index += count
                    matched = True
                    break
            if matched:
                break
        if not matched:
            if keys[index] != _RECEIVED:  # the second half of a split "Application Received"
                free.append(words[index])
            index += 1
    return found, free


def _plain(shown: str, canonical: str) -> bool:
    return " ".join(shown.split()).lower() == canonical.lower()


def _shown(name: str) -> str:
    """A header field as the letter labels it: ``Decision Date``, ``Application Received``."""
    return _SHOWN_AS.get(name) or next(label.text for label in HEADER_LABELS if label.name == name)


def _no_value_note(name: str, pairing: DatePairing) -> str:
    note = f"header: no value found for {_shown(name)!r}"
    others = pairing.uncertain.get(name)
    if others:
        named = " or ".join(repr(_shown(other)) for other in others)
        note += f" (a date there may be its value or that of {named}; the text does not say which)"
    return note


def _order_warnings(text: str, header: Header, spans: dict[str, Span]) -> list[FieldWarning]:
    """One warning for each header date out of the order injury ≤ UR denial ≤ application
    received ≤ date assigned ≤ decision date (both fields of a pair out of order are warned)."""
    conflicts = order_conflicts({name: getattr(header, name) for name in DATE_ORDER})

    def written(name: str) -> str:
        start, end = spans[f"header.{name}"]
        return f"{_shown(name)!r} ({text[start:end]})"

    found = []
    for name in DATE_ORDER:
        parts = [f"after {written(later)}" for earlier, later in conflicts if earlier == name]
        parts += [f"before {written(earlier)}" for earlier, later in conflicts if later == name]
        if parts:
            found.append(FieldWarning(f"header.{name}", f"header: {written(name)} is {' and '.join(parts)}"
                                      " (dates out of order; please check)"))
    return found


def _decision_reference(text: str, decision_span: Span | None, today: datetime.date) -> datetime.date:
    """The reference date for two-digit years: a four-digit decision date, else today."""
    if decision_span is not None:
        match = DATE_PATTERN.fullmatch(text[decision_span[0] : decision_span[1]])
        if match and len(match["year"]) == 4:
            iso = to_iso(match, today)
            if iso:
                return datetime.date.fromisoformat(iso)
    return today


def parse_credentials(
    text: str, lines: list[tuple[int, int]], start: int, end: int,
    spans: dict[str, Span], warnings: list[FieldWarning],
) -> Reviewer:
    """Reviewer states and specialties: the labelled lines, or the older one-sentence wording."""
    reviewer = Reviewer()
    section: list[int] = []
    for label in (STATES_LABEL, SPECIALTY_LABEL):
        match = find_at_line_start(text, lines, label, start, end, need_colon=True)
        if match is None:
            continue
        if not match.exact:
            note = "reviewer: " + damaged_note(match.found, label.text)
            warnings.append(FieldWarning(f"reviewer.{label.name}", note))
        line_end = text.find("\n", match.end, end)
        value = trim_span(text, match.end, end if line_end < 0 else line_end)
        while value[1] > value[0] and text[value[1] - 1] in ".;:,":  # "Texas,Ohio,California."
            value = (value[0], value[1] - 1)
        items = _LIST_SPLIT.split(text[value[0] : value[1]])  # OCR may read a comma as ";"
        setattr(reviewer, label.name, [" ".join(item.split()) for item in items if item])
        spans[f"reviewer.{label.name}"] = value
        section += [match.start, value[1]]
    if not section:
        old = _OLD_CREDENTIALS.search(text, start, end)
        if old:
            reviewer.specialties = [" ".join(s.split()) for s in old["specialties"].split(",") if s.strip()]
            reviewer.licensure_states = [
                " ".join(s.split()) for s in _STATE_SPLIT.split(old["states"]) if s.strip()
            ]
            spans["reviewer.specialties"] = old.span("specialties")
            spans["reviewer.licensure_states"] = old.span("states")
            section = [old.start(), old.end()]
    if section:
        spans["reviewer"] = (min(section), max(section))
    else:
        warnings.append(FieldWarning(LETTER, "reviewer: no licensure states or specialty found"))  # two fields
    return reviewer


def parse_patient(
    text: str, start: int, end: int, reference: datetime.date, spans: dict[str, Span]
) -> Patient:
    """Age, sex and date of injury as the case summary ``text[start:end]`` states them."""
    patient = Patient()
    age = _AGE.search(text, start, end)
    if age:
        patient.age = int(age.group(1))
        spans["patient.age"] = age.span(1)
        sex = _SEX_AFTER_AGE.match(text, age.end(), end)
        if sex:
            patient.sex = _SEX_WORDS[sex.group(1).lower()]
            spans["patient.sex"] = sex.span(1)
    injury = _INJURY_DATE.search(text, start, end)
    if injury:
        found = find_date(text, reference, injury.end(), min(end, injury.end() + 12))
        if found and found[1] == injury.end():
            patient.date_of_injury = found[0]
            spans["patient.date_of_injury"] = (found[1], found[2])
    return patient
