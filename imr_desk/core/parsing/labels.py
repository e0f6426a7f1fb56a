"""Fuzzy landmarks: find the fixed labels of an IMR letter even when OCR damaged them.

Every comparison is made on a *normalised* form of the words: lower case, the usual OCR
confusions folded together (``1 l I | !`` → ``l``, ``0`` → ``o``, ``5`` → ``s``, ``rn`` → ``m``,
``vv`` → ``w``, ``cl`` → ``d``) and everything but letters dropped, so split or merged words
and stray characters do not matter. What remains may differ from the label by a small edit
distance. A match that is not exact says so (`LabelMatch.exact`), so callers can warn.

Labels are only looked for where the layout puts them (at the start of a line, or a phrase at
the end of a line), which keeps fuzzy matching from inventing landmarks inside running text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

_FOLD = str.maketrans({"1": "l", "|": "l", "!": "l", "i": "l", "0": "o", "5": "s"})
_NOT_LETTER = re.compile(r"[^a-z]+")
_TOKEN = re.compile(r"\S+")
_COLON_AFTER = re.compile(r"[ \t]*[:;]")


def normalise(text: str) -> str:
    """The form labels are compared in (see the module docstring)."""
    folded = text.lower().translate(_FOLD)
    folded = _NOT_LETTER.sub("", folded)
    return folded.replace("rn", "m").replace("vv", "w").replace("cl", "d")


def tolerance(length: int) -> int:
    """How many edits a normalised label of `length` letters may differ by."""
    if length <= 4:
        return 0
    if length <= 9:
        return 1
    if length <= 20:
        return 2
    return 3


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of `a` and `b`, or ``limit + 1`` as soon as it must exceed `limit`.

    The common prefix and suffix are dropped first and only the diagonal band of width
    ``2 * limit + 1`` is computed, so near-misses of short labels cost a few dozen steps.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prefix = 0
    while prefix < len(a) and prefix < len(b) and a[prefix] == b[prefix]:
        prefix += 1
    a, b = a[prefix:], b[prefix:]
    while a and b and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    if not a or not b:
        return max(len(a), len(b))
    too_far = limit + 1
    previous = [j if j <= limit else too_far for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        low, high = max(1, i - limit), min(len(b), i + limit)
        current = [too_far] * (len(b) + 1)
        current[0] = i if i <= limit else too_far
        for j in range(low, high + 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]), too_far
            )
        if min(current[low - 1 : high + 1]) > limit:
            return too_far
        previous = current
    return previous[-1]


@dataclass(frozen=True)
class Label:
    """A fixed label of the letter: its canonical text and normalised form."""

    name: str
    text: str
    key: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", normalise(self.text))

    def exact_pattern(self) -> str:
        """A regex for the undamaged label (any white space between words, any case)."""
        return r"\s+".join(re.escape(word) for word in self.text.split())


@dataclass(frozen=True)
class LabelMatch:
    """A label found in the text: ``[start, end)`` covers it (and its colon, if any)."""

    label: Label
    start: int
    end: int
    found: str
    exact: bool
    has_colon: bool


def close_enough(candidate: str, key: str) -> bool:
    """True when normalised `candidate` is within the tolerance of normalised label `key`."""
    if candidate == key:
        return True
    limit = tolerance(len(key))
    return limit > 0 and edit_distance(candidate, key, limit) <= limit


def match_tokens_at(
    text: str, start: int, end: int, label: Label, *, max_extra_tokens: int = 2
) -> LabelMatch | None:
    """Match `label` against the words that begin at `start` (not past `end`)."""
    key = label.key
    limit = tolerance(len(key))
    word_count = len(label.text.split())
    joined = ""
    best: tuple[int, int] | None = None  # (distance, token end)
    for count, token in enumerate(_TOKEN.finditer(text, start, end), 1):
        if count > word_count + max_extra_tokens:
            break
        joined += normalise(token.group())
        if len(joined) > len(key) + limit:
            break
        if len(joined) < len(key) - limit:
            continue
        distance = 0 if joined == key else edit_distance(joined, key, limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, token.end())
    if best is None:
        return None
    match_end = best[1]
    has_colon = text[match_end - 1] in ":;"
    colon = _COLON_AFTER.match(text, match_end, end)
    if not has_colon and colon:
        match_end, has_colon = colon.end(), True
    found = text[start:match_end]
    exact = re.fullmatch(label.exact_pattern() + r"\s*:?", found, re.IGNORECASE) is not None
    return LabelMatch(label, start, match_end, found, exact, has_colon)


def is_noise_token(token: str) -> bool:
    """A scrap OCR makes of specks and ruled lines: no letter or digit at all (``|``, ``_.``,
    ``-....``), or at most three characters of which at most two are letters or digits
    (``oo``, ``a``, ``7``)."""
    alnum = sum(char.isalnum() for char in token)
    return alnum == 0 or (len(token) <= 3 and alnum <= 2)


# Marks that OCR leaves in front of a word from specks and ruled lines (not quotes or brackets).
_SCRAP_MARKS = set("\u2018\u2019'`|_~=-\u2014\u2013.,:;\u2022")
_WORD_THEN_STOP = re.compile(r"[A-Za-z0-9][.!?:;]")


def is_noise_line(line: str) -> bool:
    """True for a blank line or one that holds only a few OCR scraps (never a word ending
    a sentence, such as ``it.``)."""
    stripped = line.strip()
    if not stripped:
        return True
    return len(stripped) <= 6 and not _WORD_THEN_STOP.search(stripped) and all(
        is_noise_token(token) for token in stripped.split()
    )


def is_scrap(token: str) -> bool:
    """A token that cannot begin a heading or a value: no letter or digit, or one or two lower
    case letters (``a``, ``oo``; a heading or value begins with a capital, a digit or a word)."""
    return not any(char.isalnum() for char in token) or (len(token) <= 2 and token.isalpha() and token.islower())


def skip_noise(
    text: str, start: int, end: int, *, max_tokens: int = 3, scrap: Callable[[str], bool] = is_noise_token
) -> int:
    """Offset of the first letter or digit after up to `max_tokens` leading OCR scraps."""
    for _ in range(max_tokens):
        token = _TOKEN.match(text, first_word_start(text, start, end), end)
        if token is None or not scrap(token.group()):
            break
        following = _TOKEN.match(text, first_word_start(text, token.end(), end), end)
        if following is None:
            break
        start = token.end()
    start = first_word_start(text, start, end)
    while start < end and text[start] in _SCRAP_MARKS:
        start += 1
    return start


def line_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line of `text` (end excludes the newline)."""
    bounds = []
    start = 0
    for line in text.split("\n"):
        bounds.append((start, start + len(line)))
        start += len(line) + 1
    return bounds


def first_word_start(text: str, start: int, end: int) -> int:
    """Offset of the first non-space character in ``text[start:end]`` (or `end`)."""
    while start < end and text[start].isspace():
        start += 1
    return start


def find_at_line_start(
    text: str,
    lines: list[tuple[int, int]],
    label: Label,
    start: int = 0,
    end: int | None = None,
    *,
    need_colon: bool = False,
) -> LabelMatch | None:
    """The first line (within ``[start, end)``) that begins with `label`, exact match first."""
    end = len(text) if end is None else end
    exact = re.compile(r"(?im)^[ \t]*(" + label.exact_pattern() + r")" + (r"[ \t]*:" if need_colon else ""))
    found = exact.search(text, start, end)
    if found:
        return match_tokens_at(text, found.start(1), end, label)
    key = label.key
    for line_start, line_end in lines:
        if line_end <= start:
            continue
        if line_start >= end:
            break
        word = skip_noise(text, max(line_start, start), min(line_end, end))
        head = normalise(text[word : word + len(label.text) + 12])
        if not head or (head[:2] != key[:2] and key[2:5] not in head[:8]):
            continue
        match = match_tokens_at(text, word, min(line_end, end), label)
        if match and (match.has_colon or not need_colon):
            return match
    return None


def find_at_line_end(
    text: str, lines: list[tuple[int, int]], label: Label, start: int = 0, end: int | None = None
) -> LabelMatch | None:
    """The first line (within ``[start, end)``) that ends with the phrase `label`."""
    end = len(text) if end is None else end
    exact = re.compile(r"(?i)(" + label.exact_pattern() + r")[ \t]*$", re.MULTILINE)
    found = exact.search(text, start, end)
    if found:
        return LabelMatch(label, found.start(1), found.end(1), found.group(1), True, True)
    key = label.key
    limit = tolerance(len(key))
    for line_start, line_end in lines:
        if line_end <= start:
            continue
        if line_start >= end:
            break
        content = text[max(line_start, start) : min(line_end, end)].rstrip()
        tail = normalise(content[-(len(label.text) + 12) :])
        sizes = [len(key) + extra for extra in range(-limit, limit + 1) if 0 < len(key) + extra <= len(tail)]
        scored = sorted((edit_distance(tail[-size:], key, limit), abs(size - len(key)), size) for size in sizes)
        if scored and scored[0][0] <= limit:
            size = scored[0][2]
            phrase_start = _start_of_tail(content, size)
            offset = max(line_start, start)
            return LabelMatch(
                label, offset + phrase_start, offset + len(content),
                content[phrase_start:], False, content.endswith(":"),
            )
    return None


def _start_of_tail(content: str, letters: int) -> int:
    """Offset in `content` where its last `letters` normalised letters begin (approximately)."""
    for index in range(len(content) - 1, -1, -1):
        if len(normalise(content[index:])) >= letters:
            return index
    return 0


def find_all_at_line_start(
    text: str, lines: list[tuple[int, int]], labels: tuple[Label, ...], start: int = 0, end: int | None = None
) -> list[LabelMatch]:
    """Every line in ``[start, end)`` that begins with one of `labels`, in text order.

    A damaged label must still be followed by its colon; without one only an exact
    (normalised) match counts, so running text that happens to begin with similar words
    is not taken for a label.
    """
    end = len(text) if end is None else end
    longest = max(len(label.text) for label in labels) + 8
    initials = {label.text[0].lower() for label in labels}
    found: list[LabelMatch] = []
    for line_start, line_end in lines:
        if line_end <= start:
            continue
        if line_start >= end:
            break
        word = first_word_start(text, max(line_start, start), min(line_end, end))
        if not text[word : word + 4].isalnum():  # a short first token may be an OCR scrap
            word = skip_noise(text, word, min(line_end, end))
        window = text[word : min(word + longest, line_end)]
        has_colon = ":" in window or ";" in window
        if not has_colon and window[:1].lower() not in initials:
            continue  # without a colon only an exact label counts, and none starts this way
        head = normalise(window)
        for label in labels:
            key = label.key
            if not head.startswith(key) and not (has_colon and (head[:2] == key[:2] or key[2:5] in head[:8])):
                continue
            match = match_tokens_at(text, word, min(line_end, end), label)
            if match and (match.has_colon or normalise(match.found) == key):
                found.append(match)
                break
    return found


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed so that neither end is white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def damaged_note(found: str, canonical: str) -> str:
    """Plain words for a label read through OCR damage, for `Letter.warnings`."""
    return f"label {' '.join(found.split())!r} read as {canonical!r} (OCR damage?)"
