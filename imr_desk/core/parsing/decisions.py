"""The decision blocks: heading (request and outcome), both guidelines and the rationale.

Blocks are found from their labels at line starts (`Claims Administrator guideline:`,
`MAXIMUS guideline:`, `Decision rationale:`), read fuzzily so OCR damage is tolerated. The
heading of a block is the text before its first label and ends with the outcome word; it
starts where the previous rationale (or the "set forth below:" line) ends, which is found by
walking up line by line: a heading line is taken in while the line above it does not end a
sentence, the heading so far starts in lower case, or a partial-approval heading is still
missing its "was the original request" part.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from imr_desk.core.fields import decision_field_key
from imr_desk.core.model import Decision, FieldWarning, Span
from imr_desk.core.parsing.labels import (
    Label,
    LabelMatch,
    damaged_note,
    find_all_at_line_start,
    is_noise_line,
    is_scrap,
    skip_noise,
    trim_span,
)
from imr_desk.core.parsing.outcomes import Outcome, find_outcome

CLAIMS_LABEL = Label("claims_administrator_guideline", "Claims Administrator guideline")
MAXIMUS_LABEL = Label("maximus_guideline", "MAXIMUS guideline")
RATIONALE_LABEL = Label("rationale", "Decision rationale")
DECISION_LABELS = (CLAIMS_LABEL, MAXIMUS_LABEL, RATIONALE_LABEL)

# A heading is a few lines; beyond this the walk falls back to the nearest blank line.
MAX_HEADING_LINES = 8
# The end of a rationale: a full stop, or (where the period was forgotten) its usual last words.
_SENTENCE_END = re.compile(
    r"(?:[.!?][\"')\]\u201d\u2019]*|\bmedically\s+(?:necessary|appropriate|indicated)\W*)$", re.IGNORECASE
)
# OCR scraps (tokens without a letter or digit, such as "—" or "|") at the end of a line.
_TRAILING_SCRAPS = re.compile(r"(?:\s+[^\w\s]+)*\s*$")
# Characters that, standing alone between the words of a request, are OCR specks, not text.
_STRAY_MARKS = set("_|~=.,:;'`\u2018\u2019\u2014\u2013\u2022")
# The end of a heading before its outcome word: colons, white space and OCR scraps ("is: |").
_TRAILING_COLON = re.compile(r"(?:[\s:;]|(?<=\s)[|_~=.,\-\u2014\u2013\u2022'`\u2018\u2019]+(?=\s|$))+$")
_TRAILING_IS = re.compile(r"\s+is$")
_NEEDS_ORIGINAL = re.compile(r"original\s+request\s*,", re.IGNORECASE)
_HAS_ORIGINAL = re.compile(r"was\s+the\s+original\s+request", re.IGNORECASE)
# Between the fixed words of a partial-approval heading: white space, and OCR scraps such as
# "_", "." or "7" left by specks (tokens of at most three characters). Never next to a value,
# whose own short words ("times 12") must stay in it.
_GAP = r"(?:\s+\S{1,3})*?\s+"


def _no_letter(token: str) -> bool:
    return not any(char.isalnum() for char in token)


def _phrase(words: str) -> str:
    return _GAP.join(re.escape(word) for word in words.split())


_REMAINING_PORTION = re.compile(
    r"(?P<original_request>.+?)\s+" + _phrase("was the original request") + r"\s*\.?" + _GAP
    + r"(?P<authorized>.+?)\s+" + _phrase("was authorized by the Claims Administrator") + r"\s*\.?" + _GAP
    + _phrase("The remaining IMR eligible portion of the original request") + r"\s*,?\s+"
    + r"(?P<request>.+)",
    re.IGNORECASE | re.DOTALL,
)
_ORIGINAL_ELIGIBLE = re.compile(
    r"(?P<original_request>.+?)\s+" + _phrase("was the original request") + r"\s*\.?" + _GAP
    + _phrase("The Claims Administrator authorized") + r"\s+(?P<authorized>.+?)\s*,?\s+"
    + _phrase("leaving the original request IMR eligible") + r"\s*\.?" + _GAP
    + _phrase("The original request") + r"\s*,?\s+(?P<request>.+)",
    re.IGNORECASE | re.DOTALL,
)



# Records a warning about one field of the decision being read: warn(field name, message).
Warn = Callable[[str, str], None]


def group_labels(matches: list[LabelMatch]) -> list[list[LabelMatch]]:
    """Split label hits into blocks: a block starts at a label that cannot follow the last one."""
    order = {label.name: index for index, label in enumerate(DECISION_LABELS)}
    groups: list[list[LabelMatch]] = []
    for match in matches:
        if groups and order[match.label.name] > order[groups[-1][-1].label.name]:
            groups[-1].append(match)
        else:
            groups.append([match])
    return groups


def parse_decisions(
    text: str, lines: list[tuple[int, int]], start: int, end: int, warnings: list[FieldWarning]
) -> list[Decision]:
    """Every decision block in ``text[start:end]``; `start` is where the first heading may begin.

    Warnings name the decision's field by its place among the blocks: ``decisions[0].outcome``.
    """
    groups = group_labels(find_all_at_line_start(text, lines, DECISION_LABELS, start, end))
    line_starts = [s for s, _ in lines]
    floor = start  # a heading never starts before the previous block's last label
    headings: list[tuple[int, int, Outcome | None]] = []
    for group in groups:
        outcome = find_outcome(text, floor, group[0].start)
        heading_end = outcome.words_start if outcome else group[0].start
        heading_start = _heading_start(text, lines, line_starts, floor, heading_end)
        headings.append((heading_start, heading_end, outcome))
        floor = group[-1].end
    decisions: list[Decision] = []
    for number, (group, (heading_start, heading_end, outcome)) in enumerate(zip(groups, headings), 1):
        block_end = headings[number][0] if number < len(groups) else end  # the next heading
        decisions.append(
            _decision(text, number, group, heading_start, heading_end, outcome, block_end, warnings)
        )
    return decisions


def _decision(
    text: str, number: int, group: list[LabelMatch], heading_start: int, heading_end: int,
    outcome: Outcome | None, block_end: int, warnings: list[FieldWarning],
) -> Decision:
    prefix = f"decision {number}"

    def warn(name: str, message: str) -> None:
        warnings.append(FieldWarning(decision_field_key(number - 1, name), f"{prefix}: {message}"))

    spans: dict[str, Span] = {}
    values: dict[str, str | None] = {}
    for index, match in enumerate(group):
        if not match.exact:
            warn(match.label.name, damaged_note(match.found, match.label.text))
        value_end = group[index + 1].start if index + 1 < len(group) else block_end
        span = trim_span(text, match.end, value_end)
        spans[match.label.name] = span
        values[match.label.name] = " ".join(text[span[0] : span[1]].split())
    for label, words in ((CLAIMS_LABEL, "Claims Administrator guideline"), (MAXIMUS_LABEL, "MAXIMUS guideline")):
        if label.name not in values:
            warn(label.name, f"no {words} found")
    if RATIONALE_LABEL.name not in values:
        warn(RATIONALE_LABEL.name, "no decision rationale found")
    request_fields = _read_heading(text, heading_start, heading_end, spans, warn)
    for name, message in _stray_mark_warnings(request_fields):
        warn(name, message)
    outcome_value = _outcome_value(outcome, spans, warn)
    last = max([e for _, e in spans.values()] + [heading_end])
    spans["block"] = (heading_start, max(last, heading_start))
    spans["heading"] = (heading_start, outcome.end if outcome else heading_end)
    return Decision(
        request=request_fields.get("request") or "",
        outcome=outcome_value,
        original_request=request_fields.get("original_request"),
        authorized=request_fields.get("authorized"),
        claims_administrator_guideline=values.get(CLAIMS_LABEL.name),
        maximus_guideline=values.get(MAXIMUS_LABEL.name),
        rationale=values.get(RATIONALE_LABEL.name) or "",
        spans=spans,
    )


def _stray_mark_warnings(fields: dict[str, str]) -> list[tuple[str, str]]:
    """(field, warning) for heading values holding marks that stand alone between words (OCR specks)."""
    found = []
    for name, value in fields.items():
        marks = [token for token in value.split() if set(token) <= _STRAY_MARKS]
        if marks:
            shown = {"original_request": "original request", "authorized": "authorized part"}.get(name, name)
            found.append((name, f"the {shown} holds stray marks {' '.join(marks)!r} (OCR specks?); please check"))
    return found


def _outcome_value(outcome: Outcome | None, spans: dict[str, Span], warn: Warn) -> str | None:
    """The decision's outcome from its word; None (with a warning) where none can be read."""
    if outcome is None:
        warn("outcome", "no outcome (Upheld or Overturned) found; outcome unknown")
        return None
    if outcome.ambiguous:
        warn("outcome", f"the heading ends with both outcome words {outcome.found!r}; outcome unknown")
        return None
    spans["outcome"] = (outcome.start, outcome.end)
    if not outcome.exact:
        warn("outcome", f"outcome read from an OCR-damaged word {outcome.found!r}")
    return outcome.value


def _heading_start(
    text: str, lines: list[tuple[int, int]], line_starts: list[int], floor: int, heading_end: int
) -> int:
    """Where the heading that ends at `heading_end` begins (never before `floor`)."""
    top = max(bisect_right(line_starts, max(heading_end - 1, floor)) - 1, 0)
    taken = 1
    fallback: int | None = None
    while True:
        above = top - 1
        gap = False
        while above >= 0 and lines[above][1] > floor and is_noise_line(text[lines[above][0] : lines[above][1]]):
            above -= 1
            gap = True
        if above < 0 or lines[above][1] <= floor or lines[above][0] < floor:
            break
        so_far = text[max(lines[top][0], floor) : heading_end].strip()
        if gap and fallback is None:
            fallback = top
        if not _needs_more(so_far):
            previous = _TRAILING_SCRAPS.sub("", text[lines[above][0] : lines[above][1]])
            if _SENTENCE_END.search(previous) or taken >= MAX_HEADING_LINES:
                if taken >= MAX_HEADING_LINES and fallback is not None:
                    top = fallback
                break
        top = above
        taken += 1
    return skip_noise(text, max(lines[top][0], floor), heading_end, scrap=is_scrap)


def _needs_more(heading: str) -> bool:
    """True while the heading text so far cannot be a whole heading."""
    stripped = _TRAILING_COLON.sub("", heading)
    if not stripped or not any(char.isalnum() for char in stripped):
        return True
    if stripped[0].islower():
        return True
    return bool(_NEEDS_ORIGINAL.search(stripped)) and not _HAS_ORIGINAL.search(stripped)


def _read_heading(
    text: str, start: int, end: int, spans: dict[str, Span], warn: Warn
) -> dict[str, str]:
    """Request (and original request / authorized for partial approvals) from the heading."""
    end = start + len(_TRAILING_COLON.sub("", text[start:end]))
    trailing_is = _TRAILING_IS.search(text, start, end)
    if trailing_is:
        end = trailing_is.start()
    end = start + len(_TRAILING_COLON.sub("", text[start:end]))
    fields: dict[str, str] = {}
    for pattern in (_REMAINING_PORTION, _ORIGINAL_ELIGIBLE):
        match = pattern.fullmatch(text, start, end)
        if match:
            for name in ("request", "original_request", "authorized"):
                value_start, value_end = match.span(name)
                span = trim_span(text, skip_noise(text, value_start, value_end, scrap=_no_letter), value_end)
                spans[name] = span
                fields[name] = " ".join(text[span[0] : span[1]].split())
            return fields
    if _HAS_ORIGINAL.search(text, start, end):
        warn("request", "partial-approval heading not understood; the whole heading is taken as the request")
    span = trim_span(text, start, end)
    spans["request"] = span
    fields["request"] = " ".join(text[span[0] : span[1]].split())
    if not fields["request"]:
        warn("request", "no request found in the heading")
    return fields
