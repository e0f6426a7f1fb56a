"""Search snippets: a short piece of a matched field with the query's words marked «like this».

FTS5 ranks the hits; the snippet is cut here, in Python, from the field's text, which costs far
less than FTS5's ``snippet()`` (that one tokenizes every candidate row). The index stems words
(porter), so a word of the text matches a query word when both share the query word's stem-ish
prefix (``injections`` → ``injecti``, ``therapy`` → ``thera``); short words must match whole.
"""

from __future__ import annotations

import re
from typing import Any

MARK_OPEN = "«"
MARK_CLOSE = "»"
ELLIPSIS = "…"
WORDS_BEFORE = 5
WORDS_TOTAL = 16
_REACH_BEFORE = 30 * WORDS_BEFORE  # characters: generous for five words before the match
_REACH_AFTER = 30 * WORDS_TOTAL

_WORD = re.compile(r"\w+")


def _prefix(term: str) -> str:
    """The part of a query word that its inflections share (roughly what porter keeps)."""
    if len(term) <= 4:
        return term
    return term[: max(4, len(term) - 3)]


class SnippetMaker:
    """Finds and marks one query's words in the text of search hits."""

    def __init__(self, query: str) -> None:
        terms = {word.lower() for word in _WORD.findall(query)}
        prefixes = sorted({_prefix(term) for term in terms}, key=len, reverse=True)
        self.pattern = (
            re.compile(r"\b(?:" + "|".join(re.escape(p) for p in prefixes) + r")\w*", re.IGNORECASE)
            if prefixes else None
        )
        # A field holding none of these (case-folded) cannot match: a substring test is twenty
        # times cheaper than the pattern's search, and most fields a hit is tried on miss.
        self.needles = tuple(prefix.casefold() for prefix in prefixes)

    def mark(self, text: str) -> str | None:
        """A window of `text` around its first match with every match marked; None if none."""
        if self.pattern is None or not text:
            return None
        folded = text.casefold()
        if not any(needle in folded for needle in self.needles):
            return None
        first = self.pattern.search(text)
        if first is None:
            return None
        at = first.start()
        # Only the neighbourhood of the match is split into words (rationales run to pages).
        low = max(0, at - _REACH_BEFORE)
        head = text[low:at].split()
        if low > 0 and head and not text[low - 1].isspace():
            head = head[1:]  # the window cut this word
        before = head[-WORDS_BEFORE:]
        high = min(len(text), at + _REACH_AFTER)
        tail = text[at:high].split()
        if high < len(text) and tail and not text[high].isspace():
            tail = tail[:-1]  # the window cut this word
        after = tail[: WORDS_TOTAL - len(before)]
        cut_before = low > 0 or len(head) > len(before)
        cut_after = len(after) < len(tail) or bool(text[high:].strip())
        piece = self.pattern.sub(lambda m: f"{MARK_OPEN}{m.group(0)}{MARK_CLOSE}", " ".join(before + after))
        return (ELLIPSIS if cut_before else "") + piece + (ELLIPSIS if cut_after else "")

    def best(self, row: dict[str, Any], fields: tuple[str, ...]) -> tuple[str, str]:
        """The first of `fields` whose text in `row` holds a match, and its snippet."""
        for name in fields:
            snippet = self.mark(row.get(name) or "")
            if snippet is not None:
                return name, snippet
        text = " ".join((row.get(fields[0]) or "").split())
        return fields[0], text[:120]
