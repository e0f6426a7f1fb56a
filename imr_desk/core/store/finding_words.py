"""The findings in a few words: the one-line forms the CSV export and the case summary print.

- `citation_line`: one citation, ``body: guideline title, chapter, topic (year)`` with the
  guideline shortened to the abbreviation it gives in parentheses (``Official Disability
  Guidelines (ODG)`` → ``ODG``): ``MTUS: ACOEM Low Back Complaints, Special Studies (2004)``,
  ``Non-MTUS: ODG Low Back, Indications for imaging``; a guideline line saying the decision
  went outside the MTUS is ``MTUS: not addressed``. Only what the citation names is printed,
  so a reference with no structure left is its text as the letter has it.
- `citations_line`: one side's citations joined with ``; `` (empty: none).
- `check_codes`, `diagnoses_line`: a letter's check codes (in order, once each) and its
  diagnoses, joined with ``; ``.

Pure functions over `core.findings` values; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from imr_desk.core.findings import Check, Citation, Diagnosis

SEPARATOR = "; "
NOT_ADDRESSED = "not addressed"
_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z&-]{1,9})\)\s*$")


def short_guideline(name: str) -> str:
    """A guideline's name as people shorten it: its abbreviation in parentheses, else as it is."""
    found = _ABBREVIATION.search(name)
    return found.group(1) if found else " ".join(name.split())


def citation_line(citation: Citation) -> str:
    """One citation in one line (see the module's docstring)."""
    if citation.not_addressed:
        return f"{citation.body}: {NOT_ADDRESSED}"
    parts: list[str] = []
    name = " ".join(part for part in (
        short_guideline(citation.guideline) if citation.guideline else "",
        citation.title or "",
    ) if part)
    if name:
        parts.append(name)
    if citation.chapter is not None:
        parts.append(f"Ch. {citation.chapter}")
    topics = list(citation.sections) or ([citation.topic] if citation.topic else [])
    parts.extend(topic for topic in topics if topic and topic not in parts)
    if citation.pages:
        parts.append(f"pp. {citation.pages}")
    line = ", ".join(parts) if parts else " ".join(citation.text.split()).rstrip(".")
    if citation.year:
        line += f" ({citation.year})"
    return f"{citation.body}: {line}" if line else citation.body


def citations_line(citations: Iterable[Citation]) -> str:
    """A side's citations, each once, joined with ``; ``."""
    return SEPARATOR.join(dict.fromkeys(citation_line(citation) for citation in citations))


def check_codes(checks: Iterable[Check]) -> str:
    """A letter's check codes, in order, once each: ``doi_mismatch; specialty_fit``."""
    return SEPARATOR.join(dict.fromkeys(check.code for check in checks))


def diagnoses_line(diagnoses: Iterable[Diagnosis]) -> str:
    """A letter's diagnoses, each once, joined with ``; ``."""
    return SEPARATOR.join(dict.fromkeys(" ".join(d.text.split()) for d in diagnoses))
