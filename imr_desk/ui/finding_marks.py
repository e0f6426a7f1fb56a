"""Marks of what the analysis found, drawn on the letter when the user clicks a finding.

The fields panel names a finding by a highlight key the way it names a field: ``check:2``
(the letter's third check: the spans of its evidence) or ``diagnosis:0`` (the first
diagnosis: its words). `finding_spans()` gives the spans such a key stands for in the record
(None for any other key); `mark_highlights()` turns them into the highlights of the scene's
"mark" group (keys ``mark:0``, ``mark:1`` …), which the letter's own highlights, the find hits
and the selection leave alone. `mark_group()` tells a key's group, marks included.
"""

from __future__ import annotations

from imr_desk.core.model import Letter, Span
from imr_desk.core.parsing.highlights import Highlight, highlight_group, text_regions
from imr_desk.core.reading.document import Document
from imr_desk.core.records import CaseRecord

CHECK_PREFIX = "check:"
DIAGNOSIS_PREFIX = "diagnosis:"
MARK_PREFIX = "mark:"
MARK_GROUP = "mark"
MARK_KIND = "mark"


def check_key(index: int) -> str:
    return f"{CHECK_PREFIX}{index}"


def diagnosis_key(index: int) -> str:
    return f"{DIAGNOSIS_PREFIX}{index}"


def is_finding_key(key: str) -> bool:
    return key.startswith((CHECK_PREFIX, DIAGNOSIS_PREFIX))


def mark_group(key: str) -> str:
    """The scene group of a highlight key: "mark" for finding marks, else as core says."""
    return MARK_GROUP if key.startswith(MARK_PREFIX) else highlight_group(key)


def finding_spans(record: CaseRecord | Letter | None, key: str) -> list[Span] | None:
    """The letter spans finding `key` stands for, in text order (None: not a finding key, or
    no such finding); an empty list for a finding without evidence in the text."""
    if record is None or not is_finding_key(key):
        return None
    letter = record.letter if isinstance(record, CaseRecord) else record
    prefix, _, number = key.partition(":")
    if not number.isdigit():
        return None
    index = int(number)
    length = len(letter.text)
    if prefix + ":" == CHECK_PREFIX:
        if index >= len(letter.checks):
            return None
        spans = list(letter.checks[index].spans)
    else:
        diagnoses = letter.patient.diagnoses
        if index >= len(diagnoses):
            return None
        spans = [diagnoses[index].span]
    return sorted((start, end) for start, end in spans if 0 <= start < end <= length)


def mark_highlights(document: Document, spans: list[Span], label: str = "") -> list[Highlight]:
    """The scene highlights marking `spans` (one per span, keys ``mark:<n>``)."""
    return [
        Highlight(f"{MARK_PREFIX}{number}", MARK_KIND, label, None, span, text_regions(document, *span))
        for number, span in enumerate(spans)
    ]
