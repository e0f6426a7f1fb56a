"""The diagnoses the clinical case summary names, each with the span of its words in the text.

The summaries state diagnoses in a handful of set phrases ("The current diagnoses are
documented as …", "The injured worker was diagnosed as having …", "Diagnoses include …",
"The diagnosis was …", "is undergoing treatment for …", "has had diagnoses of …"). The
list after such a phrase runs to the end of its sentence; it is split into items on
semicolons (where the list uses them) or else on commas and "and", keeping ICD-10 wordings
such as "muscle, fascia and tendon" or "joints and ligaments" whole, joining bare modifiers
("lumbar, hip, and neck strain") with what they modify and trailing qualifiers ("subsequent
encounter", "unspecified") with what they qualify. Items that read as sentence fragments
(a verb, too many words) are dropped; the same diagnosis named twice is kept once.
"""

from __future__ import annotations

import re

from imr_desk.core.findings import Diagnosis, Span
from imr_desk.core.model import Letter, collapse_whitespace

_S = r"\s+"
_TRIGGER = re.compile(
    r"\b(?:"
    r"current(?:ly)?\s+diagnos(?:is|es)(?::|(?=\s+(?-i:[A-Z])))"  # "Current diagnoses Lumbar ..." (no verb)
    r"|diagnos(?:is|es)\s+(?:(?:is|are|was|were|has\s+been|have\s+been)\s+)?"
    r"(?:(?:documented|listed|noted|given|reported|recorded)\s+as|included|includes|include|including"
    r"|of|are|is|was|were|consist(?:s|ed)?\s+of)\s*:?"
    r"|diagnosed\s+(?:as\s+having|as\s+with|with|as)"
    r"|diagnostic\s+impression\s+(?:shows|showed|is|was|were|included|includes|include)\s*:?"
    r"|(?:(?:being|been)\s+treated|undergoing\s+treatments?|under\s+treatment)\s+for"
    r")\s*",
    re.IGNORECASE,
)
# The end of a sentence: a full stop before space, a capital (lost space) or the end.
_SENTENCE_END = re.compile(r"\.(?=\s|[A-Z]|$)")
# Wordings whose commas or "and" do not separate diagnoses.
_KEEP_WHOLE = re.compile(
    r"muscles?,?\s+fascia,?\s+(?:and|&)\s+tendons?|fascia\s+and\s+tendons?|muscles?\s+and(?:[-/\s]?or)?\s+tendons?"
    r"|joints\s+and\s+ligaments|shoulder\s+and\s+upper\s+arm|hand\s+and\s+wrist|wrist\s+and\s+hand"
    r"|(?:right|left)\s+and\s+(?:right|left)|hip\s+and\s+thigh|ankle\s+and\s+foot|foot\s+and\s+ankle",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"\s*[,;]\s*(?:and\s+|or\s+)?|\s+and\s+", re.IGNORECASE)
# Words that alone are no diagnosis but modify the item after them.
_MODIFIERS = {
    "right", "left", "bilateral", "lumbar", "cervical", "thoracic", "lumbosacral", "hip", "neck", "knee",
    "shoulder", "shoulders", "wrist", "elbow", "ankle", "back", "low", "upper", "lower", "mid", "spine",
    "muscle", "fascia", "tendon", "joints", "ligaments", "head", "hand", "foot", "arm", "leg", "chest",
}
# Items that only qualify the one before them.
_QUALIFIERS = re.compile(
    r"(?:subsequent|initial)(?:\s+encounter)?|unspecified|sequela|chronic|acute|not\s+otherwise\s+specified",
    re.IGNORECASE,
)
# Words that make an item a sentence fragment rather than a diagnosis.
_FRAGMENT = re.compile(
    r"\b(?:was|were|is|are|has|have|had|reported|complain(?:s|ed)?|noted|underwent|presented|request(?:ed)?"
    r"|treatment\s+to\s+date|which|who|according)\b",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^[\"'(\[]*(?:(?:and|or|a|an|the|of|as|having)\s+)*[\"'(\[]*", re.IGNORECASE)
# Adjectives that, ending an item, modify the one after it ("rule out cervical and lumbar ...").
_DANGLING = {"right", "left", "bilateral", "cervical", "thoracic", "lumbar", "lumbosacral"}
MAX_ITEM_WORDS = 16
MAX_LIST_CHARS = 600


def find_diagnoses(letter: Letter) -> list[Diagnosis]:
    """The diagnoses the case summary names, in order, without repeats (spans into `letter.text`)."""
    bounds = letter.spans.get("case_summary")
    if bounds is None:
        return []
    text = letter.text
    start, end = bounds
    found: list[Diagnosis] = []
    seen: set[str] = set()
    for trigger in _TRIGGER.finditer(text, start, end):
        stop = _SENTENCE_END.search(text, trigger.end(), end)
        list_end = min(stop.start() if stop else end, trigger.end() + MAX_LIST_CHARS)
        for item_start, item_end in split_items(text, trigger.end(), list_end):
            words = collapse_whitespace(text[item_start:item_end])
            key = words.lower()
            if key in seen or not is_diagnosis(words):
                continue
            seen.add(key)
            found.append(Diagnosis(words, (item_start, item_end)))
    return found


def split_items(text: str, start: int, end: int) -> list[Span]:
    """The spans of the items of the list ``text[start:end]`` (see the module's docstring)."""
    pieces: list[Span] = []
    separator = _SEPARATOR
    protected = [m.span() for m in _KEEP_WHOLE.finditer(text, start, end)]
    cut = start
    joined_by_and: list[bool] = []  # per piece: whether "and" alone (no comma) follows it
    for match in separator.finditer(text, start, end):
        if any(p_start < match.start() < p_end for p_start, p_end in protected):
            continue
        pieces.append((cut, match.start()))
        joined_by_and.append("," not in match.group() and ";" not in match.group())
        cut = match.end()
    pieces.append((cut, end))
    joined_by_and.append(False)
    items: list[Span] = []
    pending: int | None = None  # the start of modifiers waiting for what they modify
    for (piece_start, piece_end), before_and in zip((_trimmed(text, s, e) for s, e in pieces), joined_by_and):
        if piece_start >= piece_end:
            continue
        words = text[piece_start:piece_end]
        if _QUALIFIERS.fullmatch(words.strip()) and items and pending is None:
            items[-1] = (items[-1][0], piece_end)
            continue
        dangling = before_and and words.split()[-1].lower() in _DANGLING
        if all(word.lower() in _MODIFIERS for word in words.split()) or dangling:
            pending = piece_start if pending is None else pending
            continue
        items.append((pending if pending is not None else piece_start, piece_end))
        pending = None
    return items


def _trimmed(text: str, start: int, end: int) -> Span:
    """`start`/`end` moved past white space, leading articles and trailing punctuation."""
    piece = text[start:end]
    lead = _LEADING.match(piece.lstrip())
    start += len(piece) - len(piece.lstrip()) + (lead.end() if lead else 0)
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:."):
        end -= 1
    return start, end


def is_diagnosis(words: str) -> bool:
    """Whether an item reads as a diagnosis (letters, not too long, no verb of a sentence)."""
    count = len(words.split())
    return (
        any(c.isalpha() for c in words)
        and 0 < count <= MAX_ITEM_WORDS
        and not _FRAGMENT.search(words)
        and not words.lower().startswith(("not ", "no ", "unknown", "none"))
    )
