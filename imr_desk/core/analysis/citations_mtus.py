"""The MTUS part of a guideline line as citations (``shared/spec/citations.md`` section C).

"Decision based on MTUS <components>." names one or more parts of California's Medical
Treatment Utilization Schedule. The 2016–17 letters write each part as
"<Name> <year>[ Guidelines][, Section(s): <topic>]", joined by ", and "; the older letters
(2014–15) write "ACOEM Chapter <n> <Name>[ Page(s): <pages>]" or "Chronic Pain Treatment
Guidelines[ <topic>][ Page(s): <pages>]". Each part becomes one `Citation`; its topic is cut
into the MTUS section headings it names (C4).
"""

from __future__ import annotations

import re

from imr_desk.core.findings import Citation

MTUS = "MTUS"
ACOEM = "ACOEM"
CHRONIC_PAIN = "Chronic Pain Medical Treatment Guidelines"

# The parts of the MTUS as the 2016–17 letters name them (C2), longest first where one begins another.
MTUS_PART_NAMES = (
    "General Approaches",
    "Neck and Upper Back Complaints",
    "Shoulder Complaints",
    "Elbow Complaints",
    "Forearm, Wrist, and Hand Complaints",
    "Low Back Complaints",
    "Knee Complaints",
    "Ankle and Foot Complaints",
    "Stress-Related Conditions",
    "Eye",
    "Chronic Pain Medical Treatment",
    "Acupuncture Treatment",
    "Postsurgical Treatment",
    "Opioid Treatment",
)
# The guideline a part belongs to; every part not named here is one of ACOEM's chapters.
GUIDELINE_OF_PART = {
    "chronic pain medical treatment": CHRONIC_PAIN,
    "acupuncture treatment": "Acupuncture Medical Treatment Guidelines",
    "postsurgical treatment": "Postsurgical Treatment Guidelines",
    "opioid treatment": "Opioids",
}
OPIOID_GUIDELINE = "Opioids"

# MTUS section headings with a comma in them (C4); a topic's pieces are joined back into these.
COMMA_HEADINGS = frozenset(
    heading.casefold()
    for heading in (
        "NSAIDs, GI symptoms & cardiovascular risk",
        "NSAIDs, hypertension and renal function",
        "NSAIDs, specific drug list & adverse effects",
        "Opioids, criteria for use",
        "Opioids, dosing",
        "Opioids, differentiation: dependence & addiction",
        "Opioids, indicators for addiction",
        "Opioids, long-term assessment",
        "Opioids, pain treatment agreement",
        "Opioids, psychological intervention",
        "Opioids, screening for risk of addiction (tests)",
        "Opioids, specific drug list",
        "Opioids, steps to avoid misuse/addiction",
        "Opioids, cancer pain vs. nonmalignant pain",
        "CRPS, diagnostic tests",
        "CRPS, medications",
        "CRPS, prevention",
        "CRPS, sympathetic and epidural blocks",
        "CRPS, treatment",
        "CRPS, spinal cord stimulators",
        "Chronic pain programs, early intervention",
        "Chronic pain programs, intensity",
        "Chronic pain programs, opioids",
        "Work conditioning, work hardening",
        "TENS, chronic pain (transcutaneous electrical nerve stimulation)",
        "TENS, post operative pain (transcutaneous electrical nerve stimulation)",
        "Weaning, opioids (specific guidelines)",
        "Capsaicin, topical",
        "Lidocaine, topical",
    )
)

_LEAD = re.compile(r"^\s*Decision based on (?:the )?MTUS\b[:\s]*", re.IGNORECASE)
_LEAD_AGAIN = re.compile(r"\.?\s+Decision based on (?:the )?MTUS\b[:\s]*", re.IGNORECASE)  # a second MTUS sentence
_NAMES = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in MTUS_PART_NAMES)
_OLD_START = (
    r"ACOEM\b|Chronic\s+Pain\s+(?:Medical\s+)?Treatment\s+Guidelines"
    r"|(?:Acupuncture|Post-?surgical)\s+(?:Medical\s+)?Treatment\s+Guidelines"
)
_COMPONENT_START = rf"(?:(?:{_NAMES})(?:\s+Guidelines?)?\s+\d{{4}}\b|{_OLD_START})"
_JOIN = re.compile(rf",?\s+and\s+(?={_COMPONENT_START})|,\s+(?={_COMPONENT_START})", re.IGNORECASE)
_CURRENT = re.compile(
    rf"^(?P<name>{_NAMES})(?:\s+Guidelines?)?\s+(?P<year>\d{{4}})(?:\s+Guidelines?)?\s*(?:,?\s*Sections?(?:\(s\))?\s*:\s*(?P<topic>.*))?$",
    re.IGNORECASE | re.DOTALL,
)
_PAGES = re.compile(r"\s*\bPages?(?:\(s\))?\s*:?\s*(?P<pages>\d.*)$", re.IGNORECASE)
_OLD_ACOEM = re.compile(r"^ACOEM(?:\s+Guidelines?)?,?\s+Chapter\s+(?P<chapter>\d+),?\s*(?P<title>.*)$", re.IGNORECASE)
_OLD_GUIDELINES = re.compile(
    r"^(?P<name>Chronic\s+Pain|Acupuncture|Post-?surgical)\s+(?:Medical\s+)?Treatment\s+Guidelines\b[,:]?\s*(?P<topic>.*)$",
    re.IGNORECASE,
)
_OLD_GUIDELINE_NAMES = {
    "chronic pain": CHRONIC_PAIN,
    "acupuncture": "Acupuncture Medical Treatment Guidelines",
    "postsurgical": "Postsurgical Treatment Guidelines",
    "post-surgical": "Postsurgical Treatment Guidelines",
}
_SECTION_NUMBER_AFTER = re.compile(r",\s+(?=\d+(?:\.\d+)*\.?\s)")


def mtus_citations(part: str) -> list[Citation]:
    """The citations of "Decision based on MTUS …" (already collapsed; may end in a full stop)."""
    body = _LEAD.sub("", part, count=1).strip()
    body = body[:-1].rstrip() if body.endswith(".") else body
    return [
        _component(text)
        for sentence in _LEAD_AGAIN.split(body)
        for text in _JOIN.split(sentence)
        if text.strip(" .")
    ]


def _component(text: str) -> Citation:
    text = text.strip()
    current = _CURRENT.match(text)
    if current:
        name = " ".join(current["name"].split())
        guideline = GUIDELINE_OF_PART.get(name.casefold(), ACOEM)
        topic = (current["topic"] or "").strip() or None
        return Citation(
            body=MTUS,
            guideline=guideline,
            title=name if guideline == ACOEM else None,
            topic=topic,
            year=current["year"],
            sections=mtus_sections(topic, opioid=guideline == OPIOID_GUIDELINE),
            text=text,
        )
    head, pages = _split_pages(text)
    acoem = _OLD_ACOEM.match(head)
    if acoem:
        return Citation(
            body=MTUS, guideline=ACOEM, chapter=int(acoem["chapter"]), title=acoem["title"].strip() or None,
            pages=pages, text=text,
        )  # fmt: skip
    older = _OLD_GUIDELINES.match(head)
    if older:
        topic = older["topic"].strip(" ,") or None
        guideline = _OLD_GUIDELINE_NAMES.get(" ".join(older["name"].split()).casefold(), CHRONIC_PAIN)
        return Citation(
            body=MTUS, guideline=guideline, topic=topic, pages=pages, sections=mtus_sections(topic), text=text
        )
    return Citation(body=MTUS, pages=pages, text=text)  # a part the rules do not name: kept as written


def _split_pages(text: str) -> tuple[str, str | None]:
    found = _PAGES.search(text)
    if not found:
        return text, None
    return text[: found.start()].rstrip(" ,"), found["pages"].strip()


def mtus_sections(topic: str | None, *, opioid: bool = False) -> tuple[str, ...]:
    """The MTUS section headings a topic names (C4), each exactly as written."""
    if not topic:
        return ()
    if opioid:
        return tuple(piece.strip() for piece in _SECTION_NUMBER_AFTER.split(topic) if piece.strip())
    pieces = [re.sub(r"^(?:and|&)\s+", "", piece) for piece in split_outside_brackets(topic, ", ")]
    sections: list[str] = []
    index = 0
    while index < len(pieces):
        for size in (3, 2):
            joined = ", ".join(pieces[index : index + size])
            if index + size <= len(pieces) and joined.casefold() in COMMA_HEADINGS:
                sections.append(joined)
                index += size
                break
        else:
            piece = pieces[index]
            if sections and piece[:1].islower():  # "<heading>, specific …": a qualifier, not a heading
                sections[-1] = f"{sections[-1]}, {piece}"
            else:
                sections.append(piece)
            index += 1
    return tuple(sections)


def split_outside_brackets(text: str, separator: str) -> list[str]:
    """`text` cut at each `separator` that stands outside round or square brackets."""
    pieces: list[str] = []
    depth = 0
    start = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        elif depth == 0 and text.startswith(separator, index):
            pieces.append(text[start:index])
            index += len(separator)
            start = index
            continue
        index += 1
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]
