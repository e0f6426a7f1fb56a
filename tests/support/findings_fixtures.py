"""Invented letters with their findings, for the store's category and checks tests.

`analysed_letter()` is `store_fixtures.invented_letter` run through the analysis (categories,
citations, diagnoses, checks), as an import stores it. `necessary_letter()` is a one-decision
letter whose rationale concludes "not medically necessary": Upheld, it has no warn check;
corrected to Overturned, `outcome_rationale_conflict` (warn) fires on the corrected values.
"""

from __future__ import annotations

from typing import Any

from imr_desk.core.analysis.analyse import analyse
from imr_desk.core.model import Letter
from tests.support.store_fixtures import invented_letter

OPIOIDS = "Pharmaceuticals · Opioids"


def analysed_letter(case_number: str = "CM16-9000001", **options: Any) -> Letter:
    """An invented letter with the findings the analysis gives it."""
    return analyse(invented_letter(case_number, **options))


def necessary_letter(case_number: str = "CM16-9000077") -> Letter:
    """One Upheld decision whose rationale says it is not medically necessary (analysed)."""
    letter = invented_letter(case_number, decisions=1)
    decision = letter.decisions[0]
    start, end = decision.spans["rationale"]
    rationale = "There are no red flags. Therefore the requested MRI of the lumbar spine is not medically necessary."
    letter.text = letter.text[:start] + rationale + letter.text[end:]
    decision.rationale = rationale
    decision.spans["rationale"] = (start, start + len(rationale))
    decision.spans["block"] = (decision.spans["block"][0], start + len(rationale))
    return analyse(letter)
