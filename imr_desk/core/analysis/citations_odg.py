"""Official Disability Guidelines references as citations (``shared/spec/citations.md`` D2–D9).

After the guideline's name a letter writes one or more ODG chapters, each with the heading
(topic) it cites: "Low back, Manipulation; Neck and Upper back, Manipulation", "Knee & Leg
(updated 11/22/16) Chapter: Home Health Services: …", "Pain (Chronic) Acupuncture", or the
topic first ("MRI hand"). A chapter's name keeps its own words and its description in
brackets ("(Acute & Chronic)"); a bracket of dates or versions is the edition; a bracket of
anything else right after the chapter is the topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from imr_desk.core.analysis.citations_mtus import split_outside_brackets
from imr_desk.core.findings import Citation

ODG = "Official Disability Guidelines (ODG)"
NON_MTUS = "Non-MTUS"

ODG_NAME = re.compile(
    r"^(?:The\s+)?(?:Official\s+Disability\s+Guidelines?(?:\s*\(ODG\))?|ODG)(?:\s+Guidelines?\b)?"
    r"(?:\s*-?\s*(?:Treatment\s+in\s+Workers'?\s*Comp(?:ensation)?|TWC)\b)?",
    re.IGNORECASE,
)
_AND = r"\s*(?:and|&)\s*"
# ODG's body-region chapters as letters write them (D5), and "Preface".
_CHAPTERS = (
    rf"Low(?:er)?\s+Back(?:\s*(?:[-–,]\s*)?(?:Lumbar{_AND}Thoracic|Thoracic{_AND}Lumbar))?",
    rf"Neck(?:{_AND}Upper\s+Back)?",
    rf"Forearm,?\s+Wrist,?{_AND}Hand",
    rf"Knee(?:{_AND}Leg)?",
    rf"Ankle{_AND}Foot",
    rf"Hip{_AND}Pelvis",
    rf"Mental\s+Illness{_AND}Stress",
    r"Carpal\s+Tunnel\s+Syndrome",
    r"Traumatic\s+Brain\s+Injury",
    r"Chronic\s+Pain(?=\s+(?:Chapter|section)|\s*[,;:(]|\s*$)",
    r"Shoulder|Elbow|Head|Hernia|Pain|Preface|Burns|Eye|Pulmonary|Diabetes",
)
CHAPTER = re.compile(rf"^(?:{'|'.join(_CHAPTERS)})\b(?=$|[\s,;:(/\-–])", re.IGNORECASE)
# A chapter written after its topic ("MRI hand", "Physical therapy/Preface"): the chapter or a body region.
_REGION = rf"(?:{'|'.join(_CHAPTERS)}|hand|wrist|foot|leg|pelvis|back)"
_TOPIC_FIRST = re.compile(
    rf"^(?P<topic>.*\S)(?<!\bfor)(?<!\bof)(?<!\bin)(?<!\bthe)(?<!\band)(?:\s+|/)(?P<title>{_REGION})$", re.IGNORECASE
)
_AND_CHAPTER = re.compile(r"^\s*,?\s*(?:and|&)\s+")
_LABEL = re.compile(r"^\s*(?:Chapters?|Sections?)\b\s*:?", re.IGNORECASE)
_PROCEDURES = re.compile(r"^\s*(?P<edition>Procedures?(?:\s+Summary)?)\b\s*", re.IGNORECASE)
_SEPARATOR = re.compile(r"^\s*(?:[,:;/]|[-–](?=\s))\s*|^\s+")
_CHAPTER_WORDS = frozenset(
    "acute chronic and lumbar thoracic cervical trauma headaches etc not including stress mental disorders".split()
)
EDITION = re.compile(
    r"^(?:(?:last\s+)?(?:updated|revised|reviewed)\b.*|\d{4}|(?:\d{1,2}[/-]){1,2}\d{2,4}|web\s+version|online(?:\s+\w+)?"
    r"|.*\bversion\b.*|\d+(?:st|nd|rd|th)\s+ed(?:ition|\.)?)$",
    re.IGNORECASE,
)
_LEADING_EDITION = re.compile(
    r"^(?P<edition>\d{4}|web\s+version|web-based(?:\s+version)?|online(?:\s+version|\s+edition)?"
    r"|(?:last\s+)?updated\s+[\d/.\-]+|\d+(?:st|nd|rd|th)\s+Edition(?:\s*\([^()]*\))?|Treatment\s+Index"
    r"|Integrated\s+Treatment/Disability\s+Duration\s+Guidelines)\s*(?:,\s*|$)",
    re.IGNORECASE,
)
_TRAILING_BRACKET = re.compile(r"\s*\((?P<inner>[^()]*)\)\s*$")
_TOPIC_LABEL = re.compile(r"^(?:Topic|subheading)\s*:\s*", re.IGNORECASE)
_TRAILING_LABEL = re.compile(r"\s+(?:Topic|subheading)\s*$", re.IGNORECASE)
PAGES = re.compile(r"(?:^|,?\s+)(?:pg\.?|pages?|pp?\.|p|Page\(s\):?)\s*(?P<pages>\d[\d\s,\-–]*)$", re.IGNORECASE)
# ODG headings that take a qualifier after a comma ("Indications for imaging, MRI"): one section.
QUALIFIED_HEADINGS = frozenset({"indications for imaging"})


@dataclass
class _Entry:
    title: str | None = None
    topic: str | None = None
    editions: list[str] = field(default_factory=list)
    pages: str | None = None


def odg_citations(reference: str, text: str, *, named: bool = True) -> list[Citation]:
    """The citations of one ODG reference (its guideline's name still in front when `named`)."""
    rest = ODG_NAME.sub("", reference, count=1) if named else reference
    rest = rest.lstrip(" ,:;-–")
    leading: list[str] = []
    rest = _take_editions(rest, leading)
    entries = _entries(rest.strip())
    if leading:
        entries[0].editions[:0] = leading
    return [
        Citation(
            body=NON_MTUS,
            guideline=ODG,
            title=entry.title,
            topic=entry.topic,
            pages=entry.pages,
            edition=", ".join(entry.editions) or None,
            sections=topic_sections(entry.topic),
            text=text,
        )
        for entry in entries
    ]


def starts_with_chapter(text: str) -> bool:
    """Whether `text` is plainly an ODG chapter: a chapter name alone, or one labelled "Chapter"."""
    found = CHAPTER.match(text)
    if not found:
        return False
    after = text[found.end() :]
    return not after.strip(" .") or bool(_LABEL.match(after))


def _entries(rest: str) -> list[_Entry]:
    segments: list[str] = []
    for piece in split_outside_brackets(rest, "; "):
        if segments and not _chapter_alone_at_start(piece):  # "…(EMG); Nerve Conduction Studies": one topic
            segments[-1] = f"{segments[-1]}; {piece}"
        else:
            segments.append(piece)
    entries: list[_Entry] = []
    for segment in segments or [""]:
        entries.extend(_segment(segment))
    return entries


def _segment(segment: str) -> list[_Entry]:
    """The entries of one segment: usually one, more where chapters follow each other."""
    entries: list[_Entry] = []
    chained: list[bool] = []  # entry i was followed directly by another chapter
    rest: str | None = segment
    while rest is not None:
        entry, rest, followed = _one_entry(rest)
        entries.append(entry)
        chained.append(followed)
    for index in range(len(entries) - 2, -1, -1):  # a topic written once after several chapters
        if chained[index] and entries[index].topic is None:
            entries[index].topic = entries[index + 1].topic
    return entries


def _one_entry(segment: str) -> tuple[_Entry, str | None, bool]:
    """The first entry of `segment`, what is left of it for further entries, and whether
    another chapter follows directly (it then shares a topic written once)."""
    entry = _Entry()
    labelled = _LABEL.match(segment)
    if labelled and _chapter_at_start(segment[labelled.end() :].lstrip()):  # "Chapter: Low Back, …"
        segment = segment[labelled.end() :].lstrip()
    found = _chapter_at_start(segment)
    if not found:
        first = _TOPIC_FIRST.match(segment)
        if first:
            entry.title = first["title"]
            _set_topic(entry, first["topic"])
        else:
            _set_topic(entry, segment)
        return entry, None, False
    title = found.group(0)
    rest = segment[found.end() :]
    while True:
        rest = _LABEL.sub("", rest, count=1)
        bracket = _leading_bracket(rest)
        if bracket is None:
            break
        inner, rest = bracket
        if EDITION.match(inner.strip()):
            entry.editions.append(inner.strip())
        elif set(re.findall(r"[a-z]+", inner.casefold())) <= _CHAPTER_WORDS:
            title = f"{title} ({inner})"
        else:  # "Low Back (Shock wave therapy)": the topic in brackets
            entry.title = title
            _set_topic(entry, inner)
            rest = rest.strip(" ,.")
            return entry, rest or None, False
    entry.title = title
    joined = _AND_CHAPTER.match(rest)
    if joined and _chapter_at_start(rest[joined.end() :]):
        return entry, rest[joined.end() :], True
    procedures = _PROCEDURES.match(rest)
    if procedures:
        entry.editions.append(procedures["edition"])
        rest = rest[procedures.end() :]
    rest = _SEPARATOR.sub("", rest, count=1).strip()
    if _chapter_alone_at_start(rest):  # two chapters in a row
        return entry, rest, True
    _set_topic(entry, rest)
    return entry, None, False


def _chapter_at_start(text: str) -> re.Match[str] | None:
    """The ODG chapter `text` starts with; not one that a lower-case word continues ("Knee joint
    replacement" is a topic), unless that word labels it ("Low back chapter")."""
    found = CHAPTER.match(text)
    if not found:
        return None
    after = text[found.end() :]
    if re.match(r"\s+[a-z]", after) and not _LABEL.match(after) and not _PROCEDURES.match(after):
        joined = _AND_CHAPTER.match(after)  # "Low Back and Neck chapters": two chapters
        return found if joined and _chapter_at_start(after[joined.end() :]) else None
    return found


def _chapter_alone_at_start(text: str) -> bool:
    """Whether `text` starts with a chapter that no topic follows directly ("Knee, Brace" does;
    "Knee Brace" is a topic): what follows is a label, a bracket or a separator."""
    found = _chapter_at_start(text)
    if not found:
        return False
    after = text[found.end() :]
    joined = _AND_CHAPTER.match(after)
    if joined and _chapter_at_start(after[joined.end() :]):
        return True
    return bool(_LABEL.match(after)) or not re.match(r"\s+[^\s(\-–/]", after)


def _leading_bracket(text: str) -> tuple[str, str] | None:
    stripped = text.lstrip()
    if not stripped.startswith("("):
        return None
    depth = 0
    for index, char in enumerate(stripped):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return stripped[1:index], stripped[index + 1 :]
    return None


def _take_editions(text: str, editions: list[str]) -> str:
    """`text` without the edition qualifiers it starts with ("2016, Web Version, …"), kept in `editions`."""
    while found := _LEADING_EDITION.match(text):
        editions.append(found["edition"])
        text = text[found.end() :]
    return text


def _set_topic(entry: _Entry, topic: str) -> None:
    topic = _take_editions(_TOPIC_LABEL.sub("", topic.strip(), count=1), entry.editions).strip()
    pages = PAGES.search(topic)
    if pages:
        entry.pages = pages["pages"].strip(" ,")
        topic = topic[: pages.start()].strip()
    trailing = _TRAILING_BRACKET.search(topic)
    if trailing and EDITION.match(trailing["inner"].strip()):
        entry.editions.append(trailing["inner"].strip())
        topic = topic[: trailing.start()]
    topic = _TRAILING_LABEL.sub("", topic).strip(" ,;:")
    entry.topic = topic or None


def topic_sections(topic: str | None) -> tuple[str, ...]:
    """The separate headings of a Non-MTUS topic (D7): split only where each piece is a heading."""
    if not topic:
        return ()
    sections: list[str] = []
    for part in split_outside_brackets(topic, "; "):
        for piece in _split_if_headings(part, ", ", comma=True):
            joiner = " and " if " and " in piece else " & "
            sections.extend(_split_if_headings(piece, joiner))
    return tuple(sections)


def _split_if_headings(text: str, separator: str, *, comma: bool = False) -> list[str]:
    pieces = [re.sub(r"^(?:and|&)\s+", "", piece) for piece in split_outside_brackets(text, separator)]
    if len(pieces) < 2 or not all(piece[:1].isupper() or piece[:1].isdigit() for piece in pieces):
        return [text]
    if comma and any(piece.casefold() in QUALIFIED_HEADINGS for piece in pieces[:-1]):
        return [text]
    return pieces
