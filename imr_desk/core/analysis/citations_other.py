"""The Non-MTUS part of a guideline line as citations (``shared/spec/citations.md`` section D).

"Decision based on Non-MTUS Citation <references>." The references are cut apart where a
guideline is named again, at "and Other Medical Treatment Guidelines", between the URLs of a
list and before each further literature reference (its authors); each becomes one citation
whose `text` is the whole part. ODG references are read by `citations_odg`; ACOEM, bare
sites and literature references here.
"""

from __future__ import annotations

import itertools
import re

from imr_desk.core.analysis.citations_mtus import split_outside_brackets
from imr_desk.core.analysis.citations_odg import (
    EDITION,
    NON_MTUS,
    ODG_NAME,
    PAGES,
    odg_citations,
    starts_with_chapter,
)
from imr_desk.core.analysis.citations_odg import topic_sections as odg_topic_sections
from imr_desk.core.findings import Citation

ACOEM = "ACOEM"

_LEAD_WORDS = r"Decision based on (?:the )?Non-\s*MTUS\b(?:\s+Citations?)?\s*:?\s*"
_LEAD = re.compile(rf"^\s*{_LEAD_WORDS}", re.IGNORECASE)
_LEAD_AGAIN = re.compile(rf"\.?\s+{_LEAD_WORDS}", re.IGNORECASE)  # a second Non-MTUS sentence
_NOTHING = re.compile(r"^(?:none|n/?a|not applicable)$", re.IGNORECASE)
_OTHER_GUIDELINES = re.compile(
    r"(?:^|,?\s+and\s+|;\s+|,\s+)Other\s+Medical\s+Treatment\s+Guidelines?\b(?:\s*\(MTG\))?\s*:?\s*", re.IGNORECASE
)
_ACOEM_NAME = re.compile(
    r"^(?:The\s+)?(?:American\s+College\s+of\s+Occupational\s+(?:and|&)\s+Environmental\s+Medicine\s*(?:\(ACOEM\))?|ACOEM)"
    r"(?:\s+Guidelines?\b)?\s*:?",
    re.IGNORECASE,
)
_GUIDELINE_START = (
    r"(?:The\s+)?(?:ODG|Official\s+Disability\s+Guidelines?|ACOEM|American\s+College\s+of\s+Occupational)\b"
)
_NAMED_AGAIN = re.compile(rf"(?:,?\s+and\s+|;\s+|,\s+|\.\s+)(?={_GUIDELINE_START})", re.IGNORECASE)
_URL_START = r"(?:https?://|www\.)"
_URL_LIST = re.compile(rf",\s+(?={_URL_START})", re.IGNORECASE)
_BARE_SITE = re.compile(
    rf"^(?:{_URL_START}\S.*|[\w\-]+(?:\.[\w\-]+)*\.(?:com|org|gov|net|edu)(?:/\S*)?)$", re.IGNORECASE
)
_AUTHOR = r"[A-Z][A-Za-z'\-]+\s+[A-Z]{1,3}"
_AUTHORS = rf"{_AUTHOR}(?:,\s+{_AUTHOR}){{0,11}}(?:,?\s+et\s+al\.|\.)"  # at most 12 names: linear time
_NEXT_REFERENCE = re.compile(rf"(?:^|(?<=,\s)|(?<=\.\s)){_AUTHORS}\s")
_LEADING_AUTHORS = re.compile(rf"^(?P<authors>{_AUTHORS})\s+")
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=\S)")
_EDITION_PIECE = re.compile(
    rf"^(?:{_URL_START}|accessed\b|retrieved\b|available\b|topic\s+\d|version\b|updated\b|last\s+updated\b|vol\.?\s|\d)",
    re.IGNORECASE,
)
_ACCESSED_FROM = re.compile(
    r"\baccessed\s+(?:from|at|on)\s+(?P<site>[\w.\-]+\.(?:com|org|gov|net|edu))\b", re.IGNORECASE
)
_PUBLISHER = re.compile(
    r"\b(?:Aetna|Cigna|Anthem|Blue\s+Cross|Medscape|UpToDate|FDA|WebMD|Institute|Association|Society|College|Academy"
    r"|Foundation|Clinic|Agency|Department|Division|Board|Commission|Council|Organi[sz]ation|Bulletin|MDGuidelines"
    r"|Medical\s+Disability\s+Advisor|Work\s+Loss\s+Data)\b|^[\w\-]+\.(?:com|org|gov|net|edu)$",
    re.IGNORECASE,
)
_CHAPTER_PIECE = re.compile(r"^Chapters?\s+(?P<number>\d+)\b\s*[:,\-–]?\s*(?P<title>.*)$", re.IGNORECASE)
_EDITION_WORK = re.compile(r"^\d+(?:st|nd|rd|th)\s+ed(?:ition|\.)?\.?$", re.IGNORECASE)


def non_mtus_citations(part: str) -> list[Citation]:
    """The citations of "Decision based on Non-MTUS Citation …" (already collapsed)."""
    text = _LEAD.sub("", part, count=1).strip()
    body = text[:-1].rstrip() if text.endswith(".") else text
    if not body:
        return []
    citations: list[Citation] = []
    for reference in _references(body):
        citations.extend(_reference(reference, text))
    return citations


def _references(body: str) -> list[str]:
    references: list[str] = []
    linked_parts = [linked for again in _LEAD_AGAIN.split(body) for linked in _OTHER_GUIDELINES.split(again)]
    for linked in linked_parts:
        for named in _NAMED_AGAIN.split(linked):
            if re.match(_GUIDELINE_START, named, re.IGNORECASE):
                references.append(named)
                continue
            for listed in _URL_LIST.split(named):
                references.extend(_split_before_authors(listed))
    kept = [reference.strip(" ,;") for reference in references]
    return [reference for reference in kept if reference.strip(".") and not _NOTHING.match(reference.strip("."))]


def _split_before_authors(text: str) -> list[str]:
    """`text` cut before each further literature reference's list of authors ("…, Benditt D, et al. …")."""
    starts = [found.start() for found in _NEXT_REFERENCE.finditer(text) if found.start() > 0]
    return [text[start:end].strip(" ,") for start, end in itertools.pairwise([0, *starts, len(text)])]


def _reference(reference: str, text: str) -> list[Citation]:
    if ODG_NAME.match(reference):
        return odg_citations(reference, text)
    if _ACOEM_NAME.match(reference):
        return [_acoem(_ACOEM_NAME.sub("", reference, count=1).strip(" ,:"), text)]
    if _BARE_SITE.match(reference) and ", " not in reference:
        return [Citation(body=NON_MTUS, guideline=reference.rstrip("."), text=text)]
    if starts_with_chapter(reference):  # plainly an ODG chapter, no guideline named
        return odg_citations(reference, text, named=False)
    return [_literature(reference, text)]


def _acoem(rest: str, text: str) -> Citation:
    """ACOEM outside the MTUS: its 3rd edition's parts, or a numbered chapter (D4, D5, D9)."""
    chapter: int | None = None
    title: str | None = None
    pages: str | None = None
    editions: list[str] = []
    others: list[str] = []
    pieces = split_outside_brackets(rest, ", ")
    for index, piece in enumerate(pieces):
        found_pages = PAGES.search(piece)
        if found_pages:
            pages = found_pages["pages"].strip(" ,")
            piece = piece[: found_pages.start()].strip()
            if not piece:
                continue
        chapter_piece = _CHAPTER_PIECE.match(piece)
        if chapter_piece:
            chapter = int(chapter_piece["number"])
            title = chapter_piece["title"].strip() or title
        elif _EDITION_WORK.match(piece) or EDITION.match(piece):
            if others and others[-1].casefold().endswith("guidelines") and index > 0:
                editions.append(f"{others.pop()}, {piece}")
            else:
                editions.append(piece)
        else:
            others.append(piece)
    if title is None and others:
        title = others.pop(0)
    topic = ", ".join(others) or None
    return Citation(
        body=NON_MTUS, guideline=ACOEM, chapter=chapter, title=title, topic=topic, pages=pages,
        edition=", ".join(editions) or None, sections=odg_topic_sections(topic), text=text,
    )  # fmt: skip


def _literature(reference: str, text: str) -> Citation:
    """A literature or web reference (D9): title, publisher or site, and the rest as edition."""
    authors = _LEADING_AUTHORS.match(reference)
    if authors:
        reference = reference[authors.end() :]
    title: str | None = None
    guideline: str | None = None
    editions: list[str] = []
    for number, sentence in enumerate(_SENTENCE_END.split(reference)):
        sentence = sentence[:-1] if sentence.endswith(".") else sentence
        named: list[str] = []
        for piece in split_outside_brackets(sentence, ", "):
            (editions if _EDITION_PIECE.match(piece) else named).append(piece)
        words = ", ".join(named)
        if not words:
            continue
        if number == 0:
            title = words
        elif guideline is None:
            guideline = words
        else:
            editions.append(words)
    if title and guideline and _PUBLISHER.search(title) and not _PUBLISHER.search(guideline):
        title, guideline = guideline, title  # "Medscape. Sildenafil dosing. …": the publisher first
    if guideline is None and title and ":" in title:
        publisher, _, rest = title.partition(":")
        if _PUBLISHER.search(publisher) and rest.strip():
            guideline, title = publisher.strip(), rest.strip()
    topic: str | None = None
    if guideline is None and title and ", " in title:  # "Drugs.com, Lyrica": the publisher first
        first, *others = split_outside_brackets(title, ", ")
        if others and _PUBLISHER.search(first):
            guideline, title, topic = first, others[0], ", ".join(others[1:]) or None
    if guideline is None:
        accessed = next((m for e in editions if (m := _ACCESSED_FROM.search(e))), None)
        urls = [e.split(",")[0] for e in editions if re.match(_URL_START, e, re.IGNORECASE)]
        guideline = accessed["site"] if accessed else (urls[0] if urls else None)
    return Citation(
        body=NON_MTUS, guideline=guideline, title=title, topic=topic, edition=", ".join(editions) or None,
        sections=odg_topic_sections(topic), text=text,
    )  # fmt: skip
