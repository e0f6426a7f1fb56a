"""A decision's guideline lines as structured citations (``shared/spec/citations.md``).

`parse_citations` reads one line — the Claims Administrator's or the Expert Reviewer's
guideline text — and `decision_citations` both lines of a decision. The whole-line rules
(section B) are here: white space collapsed, "did not cite any medical evidence" gives no
citation, "based their decision on recommendation(s) outside of the MTUS Guidelines" gives
the `not_addressed` entry, and the line splits at the first "Decision based on Non-" into
its MTUS part (`citations_mtus`) and its Non-MTUS part (`citations_other`).
"""

from __future__ import annotations

import re

from imr_desk.core.analysis.citations_mtus import MTUS, mtus_citations
from imr_desk.core.analysis.citations_other import non_mtus_citations
from imr_desk.core.findings import Citation, DecisionCitations
from imr_desk.core.model import Decision, collapse_whitespace

_NO_EVIDENCE = re.compile(
    r"^The (?:Claims Administrator|Expert Reviewer) did not cite any medical evidence for its decision\.?$",
    re.IGNORECASE,
)
_OUTSIDE_MTUS = re.compile(
    r"^The (?:Claims Administrator|Expert Reviewer) based (?:their|its) decision on recommendation(?:\(s\)|s)? outside"
    r" of the MTUS(?: Guidelines)?\.",
    re.IGNORECASE,
)
_NON_MTUS = re.compile(r"Decision based on (?:the )?Non-", re.IGNORECASE)


def parse_citations(line: str | None) -> tuple[Citation, ...]:
    """The citations of one guideline line, in the letter's order (MTUS first, then Non-MTUS)."""
    if not line:
        return ()
    text = collapse_whitespace(line)
    if not text or _NO_EVIDENCE.match(text):
        return ()
    citations: list[Citation] = []
    outside = _OUTSIDE_MTUS.match(text)
    if outside:
        citations.append(Citation(body=MTUS, text=outside.group(0), not_addressed=True))
        text = text[outside.end() :].strip()
    split = _NON_MTUS.search(text)
    mtus_part, other_part = (text[: split.start()], text[split.start() :]) if split else (text, "")
    if mtus_part.strip():
        citations.extend(mtus_citations(mtus_part.strip()))
    if other_part:
        citations.extend(non_mtus_citations(other_part))
    return tuple(citations)


def decision_citations(decision: Decision) -> DecisionCitations:
    """The citations of both guideline lines of `decision`."""
    return DecisionCitations(
        claims_administrator=parse_citations(decision.claims_administrator_guideline),
        maximus=parse_citations(decision.maximus_guideline),
    )
