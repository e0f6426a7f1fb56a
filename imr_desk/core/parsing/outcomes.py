"""The outcome word that ends a decision's heading: ``Upheld`` or ``Overturned``, never guessed.

The word stands right before the block's first label, after the request (``MRI: Upheld``),
glued to it after a colon (``50mg:Upheld``), or on a line of its own. A misspelt word is
still read when it is unambiguous: it is compared with the two outcome words only, within the
labels' edit distance (one edit for either word), in the form labels are compared in (OCR
confusions folded: ``Overtumed``, ``Uphe1d``) or as plain letters with two neighbours
swapped (``Overtruned``, ``Uphled``), and never within reach of both words.
``Up-held``, ``Uphe1d``, ``0verturned`` and ``Upheld.`` read, with a warning. A heading that
ends with both words (``Upheld/Overturned``) or with neither has no outcome (None): the
caller warns, and the word is never taken into the request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from imr_desk.core.parsing.labels import edit_distance, is_noise_token, normalise, tolerance

# outcome value -> its word as letters print it
OUTCOME_WORDS = {"upheld": "Upheld", "overturned": "Overturned"}
# At most this many OCR scraps ("|", "a", "oo") may stand between an outcome word and its label.
MAX_TRAILING_SCRAPS = 8
# How far before the label the outcome word is looked for.
SEARCH_CHARS = 160

_DIGIT_FOLD = str.maketrans({"1": "l", "|": "l", "!": "l", "0": "o", "5": "s"})
_NOT_LETTER = re.compile(r"[^a-z]+")
_TOKEN = re.compile(r"\S+")
# What may join two outcome words into one ambiguous ending: "Upheld/Overturned", "Upheld or Overturned".
_JOINER = re.compile(r"(?:[\s/,;&+\-]|\bor\b|\band\b)*$", re.IGNORECASE)
_OPENING_MARKS = "([{\"'\u201c\u2018"
_FORMS = {value: (normalise(word), _NOT_LETTER.sub("", word.lower())) for value, word in OUTCOME_WORDS.items()}


@dataclass(frozen=True)
class Outcome:
    """The outcome word found at ``text[start:end]`` (as written: `found`).

    `value` is ``upheld`` / ``overturned``, or None when the heading ends with both words
    (`ambiguous`). `exact` is False for a misspelt word (the caller warns). The request ends
    at `words_start`: the outcome word's start, or that of the first of two outcome words.
    """

    value: str | None
    start: int
    end: int
    found: str
    exact: bool
    ambiguous: bool = False
    words_start: int = -1

    def __post_init__(self) -> None:
        if self.words_start < 0:
            object.__setattr__(self, "words_start", self.start)


def outcome_distances(word: str) -> dict[str, int]:
    """How many edits `word` is from each outcome word, or a number past the tolerance where it
    is not within it (in the folded form, or in plain letters of the same length)."""
    folded = normalise(word)
    plain = _NOT_LETTER.sub("", word.lower().translate(_DIGIT_FOLD))
    found = {}
    for value, (folded_word, plain_word) in _FORMS.items():
        limit = tolerance(len(folded_word))
        distance = edit_distance(folded, folded_word, limit)
        if distance > limit and _one_swap(plain, plain_word):  # "Overtruned", "Uphled"
            distance = limit
        found[value] = distance
    return found


def _one_swap(word: str, target: str) -> bool:
    """True when `word` is `target` with two neighbouring letters swapped."""
    if len(word) != len(target) or word == target:
        return False
    differ = [index for index, (a, b) in enumerate(zip(word, target)) if a != b]
    return (len(differ) == 2 and differ[1] == differ[0] + 1
            and word[differ[0]] == target[differ[1]] and word[differ[1]] == target[differ[0]])


def read_outcome_word(word: str) -> str | None:
    """The outcome `word` spells, when it spells exactly one of the two (else None)."""
    matches = [value for value, distance in outcome_distances(word).items()
               if distance <= tolerance(len(_FORMS[value][0]))]
    return matches[0] if len(matches) == 1 and normalise(word) else None


def is_exact_outcome_word(found: str) -> bool:
    """True for ``Upheld`` / ``Overturned`` as printed (any case), nothing glued to it."""
    return found.lower() in ("upheld", "overturned")


def find_outcome(text: str, floor: int, label_start: int) -> Outcome | None:
    """The outcome word that ends the heading just before `label_start` (not before `floor`)."""
    tokens = list(_TOKEN.finditer(text, max(floor, label_start - SEARCH_CHARS), label_start))
    for _ in range(MAX_TRAILING_SCRAPS):  # OCR scraps between the outcome word and the label
        if len(tokens) > 1 and is_noise_token(tokens[-1].group()):
            tokens.pop()
    tokens = tokens[-2:]
    if not tokens:
        return None
    # (distance, letters left out, start, end): "Upheld", "50mg:Upheld", "Up held", "Upheld/"
    best: tuple[int, int, int, int, str] | None = None
    for start, end in _candidates(tokens):
        start, end = _trimmed(text, start, end)
        value = read_outcome_word(text[start:end]) if start < end else None
        if value is None:
            continue
        distance = outcome_distances(text[start:end])[value]
        rank = (distance, end - start)
        if best is None or rank < (best[0], best[1]):
            best = (distance, end - start, start, end, value)
    if best is None:
        return None
    _distance, _size, start, end, value = best
    start = _with_opening_mark(text, max(floor, start - 2), start)
    as_written = text[start : _token_end(text, end, label_start)]  # "Upheld." with its full stop
    before = _outcome_before(text, floor, start)
    if before is not None:
        other_start, other_value = before
        both = text[other_start:end]
        if other_value != value:
            return Outcome(None, other_start, end, " ".join(both.split()), False, ambiguous=True)
        # the word written twice: the last one is the outcome, neither is the request's
        return Outcome(value, start, end, " ".join(both.split()), False, words_start=other_start)
    return Outcome(value, start, end, " ".join(as_written.split()), is_exact_outcome_word(as_written))


def _token_end(text: str, end: int, limit: int) -> int:
    while end < limit and not text[end].isspace():
        end += 1
    return end


def _candidates(tokens: list[re.Match[str]]) -> list[tuple[int, int]]:
    """Where the outcome word may be: after the last colon or slash of the last token, or the
    last two tokens together ("Up held") when the last one has no colon of its own."""
    last = tokens[-1]
    word = last.group().rstrip(":;.,")
    cut = max(word.rfind(":"), word.rfind("/")) + 1
    found = [(last.start() + cut, last.end())]
    if len(tokens) == 2 and cut == 0:
        first = tokens[0].group()
        found.append((tokens[0].start() + max(first.rfind(":"), first.rfind("/")) + 1, last.end()))
    return found


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _with_opening_mark(text: str, low: int, start: int) -> int:
    """`start` moved back over an opening bracket or quote glued to the word ("(Upheld)")."""
    while start > low and text[start - 1] in _OPENING_MARKS:
        start -= 1
    return start


def _outcome_before(text: str, floor: int, start: int) -> tuple[int, str] | None:
    """(start, value) of an outcome word just before `start`, joined to it by white space, a
    slash, a comma or "or": the two words of ``Upheld/Overturned``."""
    head = text[max(floor, start - 40) : start]
    joiner = _JOINER.search(head)
    words_end = start - (len(head) - joiner.start()) if joiner else start
    if words_end == start and text[start - 1 : start].isalnum():
        return None
    previous = re.search(r"(?:^|(?<=[\s:/,;(]))([^\s:/,;(]+)$", text[max(floor, start - 40) : words_end])
    if previous is None:
        return None
    word_start = words_end - len(previous.group(1))
    word_start, word_end = _trimmed(text, word_start, words_end)
    value = read_outcome_word(text[word_start:word_end]) if word_start < word_end else None
    return (_with_opening_mark(text, max(floor, word_start - 2), word_start), value) if value else None
