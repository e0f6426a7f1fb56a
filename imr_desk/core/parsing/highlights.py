"""Highlight blocks for the letter pane: which span of the letter each parsed field covers.

Pure data, no Qt. `build_highlights` turns a stored record (or a freshly parsed `Letter`) and
its `Document` into `Highlight`s keyed by the window's one highlight-key scheme:
``header.case_number`` … ``header.priority``, ``header``, ``reviewer``,
``reviewer.licensure_states``, ``reviewer.specialties``, ``patient.age``, ``patient.sex``,
``patient.date_of_injury``, ``case_summary``; per decision ``<key>`` (the whole block) and
``<key>.heading``, ``<key>.request``, ``<key>.outcome``, ``<key>.original_request``,
``<key>.authorized``, ``<key>.claims_administrator_guideline``, ``<key>.maximus_guideline``,
``<key>.rationale``; annotations ``note:<id>``; find hits ``find:<n>``.

A correction with a `new_span` moves its field's highlight. For PDF letters every highlight
carries its page `regions` (from `Document.regions`); text letters get none and the pane
maps spans through its own text layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from imr_desk.core.fields import FIELDS, HEADER_FIELD_NAMES, LETTER_FIELD_KEYS, outcome_word
from imr_desk.core.model import Letter, Region, Span
from imr_desk.core.reading.document import Document
from imr_desk.core.records import Annotation, CaseRecord

# The letter-level fields after the header, each highlighted under its registry label.
LETTER_KEYS = tuple(key for key in LETTER_FIELD_KEYS if not key.startswith("header."))

# (span key, highlight kind, label) for each part of a decision, outermost first; the fields'
# labels come from the registry.
_PART_KINDS = (
    ("heading", "heading"), ("request", "request"), ("original_request", "request"), ("authorized", "request"),
    ("outcome", "outcome"), ("claims_administrator_guideline", "ca_guideline"),
    ("maximus_guideline", "maximus_guideline"), ("rationale", "rationale"),
)
DECISION_PARTS = tuple(
    (part, kind, "Heading" if part == "heading" else FIELDS[f"decisions[].{part}"].label) for part, kind in _PART_KINDS
)

# Kinds that contain other highlights: drawn as an outline, never as a fill.
CONTAINER_KINDS = ("section", "decision")


@dataclass
class Highlight:
    """One highlighted block: its key, style kind, human label, outcome, span and regions."""

    key: str
    kind: str
    label: str
    outcome: str | None
    span: Span
    regions: list[Region] = field(default_factory=list)

    @property
    def is_container(self) -> bool:
        return self.kind in CONTAINER_KINDS


def build_highlights(
    record_or_letter: CaseRecord | Letter,
    document: Document,
    decision_keys: Sequence[str] | None = None,
    annotations: Sequence[Annotation] | None = None,
    with_regions: bool = True,
) -> list[Highlight]:
    """Every highlight of a letter, containers before the fields they hold.

    Given a `CaseRecord`, its effective letter, decision keys, corrections and annotations
    are used (explicit `decision_keys` / `annotations` win). Given a bare `Letter`, decision
    keys default to ``p0``, ``p1``, … Spans outside the text or empty are left out. With
    `with_regions` false the page regions are left for `add_regions` (a caller that wants the
    visible page's highlights first).
    """
    if isinstance(record_or_letter, CaseRecord):
        letter = record_or_letter.letter
        keys = list(decision_keys or record_or_letter.decision_keys)
        notes = record_or_letter.annotations if annotations is None else annotations
        moved = _corrected_spans(record_or_letter)
    else:
        letter = record_or_letter
        keys = list(decision_keys or [])
        notes = annotations or []
        moved = {}
    limit = len(document.text)
    result: list[Highlight] = []

    def add(key: str, kind: str, label: str, span: Span | None, outcome: str | None = None) -> None:
        span = moved.get(key, span)
        if span is None:
            return
        start, end = max(0, int(span[0])), min(limit, int(span[1]))
        if end <= start:
            return
        regions = text_regions(document, start, end) if with_regions else []
        result.append(Highlight(key, kind, label, outcome, (start, end), regions))

    spans = letter.spans
    add("header", "section", "Letter header", spans.get("header") or _enclosing(
        [spans[f"header.{name}"] for name in HEADER_FIELD_NAMES if f"header.{name}" in spans]))
    for name in HEADER_FIELD_NAMES:
        add(f"header.{name}", "header", FIELDS[f"header.{name}"].label, spans.get(f"header.{name}"))
    add("reviewer", "section", "Reviewer", spans.get("reviewer") or _enclosing(
        [spans[k] for k in ("reviewer.licensure_states", "reviewer.specialties") if k in spans]))
    for key in LETTER_KEYS:
        kind = key.split(".")[0] if "." in key else "summary"
        add(key, kind, FIELDS[key].label, spans.get(key))

    for index, decision in enumerate(letter.decisions):
        key = keys[index] if index < len(keys) else f"p{index}"
        number = f"Decision {index + 1}"
        word = outcome_word(decision.outcome)
        block = decision.spans.get("block") or _enclosing(list(decision.spans.values()))
        add(key, "decision", f"{number} — {word}".rstrip(" —"), block, decision.outcome)
        part_spans: dict[str, Span | None] = {**decision.spans, "heading": _heading_span(decision.spans)}
        for part, kind, label in DECISION_PARTS:
            if part == "outcome":
                label = f"{label}: {word}"
            add(f"{key}.{part}", kind, f"{number} — {label}", part_spans.get(part), decision.outcome)

    for note in notes:
        if note.span is None:
            continue
        before = len(result)
        add(f"note:{note.id}", "note", f"Note: {note.note}", note.span)
        if len(result) > before and note.regions:
            result[-1].regions = list(note.regions)
    return result


def find_spans(text: str, query: str) -> list[Span]:
    """Case-insensitive places of `query` in `text`; any white space matches any white space.

    A phrase broken over a line (or page) break is found. An empty query finds nothing.
    """
    words = query.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)
    return [match.span() for match in pattern.finditer(text)]


def find_highlights(document: Document, query: str) -> list[Highlight]:
    """One ``find:<n>`` highlight (n from 0) per hit of `query` in the document's text."""
    return [
        Highlight(f"find:{n}", "find", f"Find hit {n + 1}", None, span, text_regions(document, *span))
        for n, span in enumerate(find_spans(document.text, query))
    ]


def add_regions(highlights: Sequence[Highlight], document: Document) -> None:
    """Fill in the page regions of highlights built without them (notes keep their own)."""
    for highlight in highlights:
        if not highlight.regions:
            highlight.regions = text_regions(document, *highlight.span)


def text_regions(document: Document, start: int, end: int) -> list[Region]:
    """`Document.regions` without the boxes of lines that hold only white space."""
    blank = {(line.page, line.bbox) for line in document.lines_between(start, end)
             if not document.text[line.start:line.end].strip()}
    regions = document.regions(start, end)
    return [region for region in regions if (region.page, region.bbox) not in blank] if blank else regions


def highlight_group(key: str) -> str:
    """The group a highlight key belongs to: find hits, the text selection, or the letter's own."""
    if key.startswith("find:"):
        return "find"
    return "selection" if key == "selection" else "letter"


def most_specific(highlights: Sequence[Highlight], keys: Sequence[str]) -> str | None:
    """Of the highlights named in `keys`, the key of the narrowest one (a field over its block)."""
    wanted = set(keys)
    candidates = [h for h in highlights if h.key in wanted]
    if not candidates:
        return None
    return min(candidates, key=lambda h: (h.is_container, h.span[1] - h.span[0])).key


def _corrected_spans(record: CaseRecord) -> dict[str, Span]:
    """Highlight key → span for each field a correction moved (a later correction wins)."""
    moved: dict[str, Span] = {}
    for correction in record.corrections:
        if correction.field == "decision":
            continue
        key = correction.field if correction.decision_key is None else (
            f"{correction.decision_key}.{correction.field}")
        if correction.new_span is not None:
            moved[key] = (int(correction.new_span[0]), int(correction.new_span[1]))
    return moved


def _heading_span(spans: dict[str, Span]) -> Span | None:
    """A decision's heading up to (not including) its outcome word, which has its own colour."""
    starts = [spans[name][0] for name in ("heading", "block", "original_request", "request") if name in spans]
    if not starts:
        return None
    start = min(starts)
    if "outcome" in spans and spans["outcome"][0] > start:
        end = spans["outcome"][0]
    elif "heading" in spans:
        end = spans["heading"][1]
    else:
        end = max((spans[name][1] for name in ("request", "original_request", "authorized")
                   if name in spans), default=start)
    return (start, end) if end > start else None


def _enclosing(spans: list[Span]) -> Span | None:
    if not spans:
        return None
    return (min(s for s, _ in spans), max(e for _, e in spans))
