"""The analysis stage's entry points: a parsed letter in, the same letter with its findings out.

`analyse` fills, in this order, each decision's `category` (`categories.categorize`) and
`citations` (`citations.decision_citations`), the patient's `diagnoses`
(`diagnoses.find_diagnoses`) and last the letter's `checks` (`checks.find_checks`, which read
the categories and citations, then the deadline rules' `deadline_checks`). It replaces what
was there, so analysing a letter twice gives the same findings.

`read_letter` and `parse_text` are the parsing stage's entry points followed by `analyse`;
the command line, the store's import and re-parse, and the stable face ``imr_desk.core`` call
these, so every letter they hand out carries its findings. (Parsing cannot call the analysis:
it is the layer below.) Should the analysis fail on a letter, the parse is kept, without
findings, and a letter warning says the analysis failed and why (`analysed`).
"""

from __future__ import annotations

import datetime
import os

from imr_desk.core.analysis.categories import categorize
from imr_desk.core.analysis.checks import find_checks
from imr_desk.core.analysis.citations import decision_citations
from imr_desk.core.analysis.diagnoses import find_diagnoses
from imr_desk.core.deadlines.checks import deadline_checks
from imr_desk.core.fields import LETTER
from imr_desk.core.findings import DecisionCitations
from imr_desk.core.model import FieldWarning, Letter, Source
from imr_desk.core.parsing import letters as parsing_letters
from imr_desk.core.parsing import parser as parsing_parser
from imr_desk.core.reading.document import CancelCheck, Document, PageReader, ProgressCallback


def analyse(letter: Letter) -> Letter:
    """Fill `letter`'s findings in place (see the module's docstring) and return it."""
    for decision in letter.decisions:
        decision.category = categorize(decision)
        decision.citations = decision_citations(decision)
    letter.patient.diagnoses = find_diagnoses(letter)
    letter.checks = find_checks(letter) + deadline_checks(letter)
    return letter


def analysed(letter: Letter) -> Letter:
    """`analyse` for the entry points: a fault of the analysis on one letter (a bug meeting an
    unusual letter) must not cost the user the parse. The letter is kept without findings and
    a warning says plainly that its analysis failed, and why."""
    try:
        return analyse(letter)
    except Exception as exc:
        for decision in letter.decisions:
            decision.category, decision.citations = None, DecisionCitations()
        letter.patient.diagnoses, letter.checks = [], []
        message = (f"{letter.source.file}: the letter was parsed but its analysis failed "
                   f"({type(exc).__name__}: {exc}); it has no categories, citations, diagnoses or checks.")
        letter.set_warnings([*letter.field_warnings, FieldWarning(LETTER, message)])
        return letter


def parse_text(text: str, source: Source, *, today: datetime.date | None = None) -> Letter:
    """`parsing.parser.parse_text`, then `analyse` (raises what it raises: `LetterError`)."""
    return analysed(parsing_parser.parse_text(text, source, today=today))


def parse_document(document: Document, *, today: datetime.date | None = None) -> Letter:
    """`parsing.letters.parse_document` (text, spans and page regions), then `analyse`."""
    return analysed(parsing_letters.parse_document(document, today=today))


def read_letter(
    path: str | os.PathLike[str],
    *,
    display_name: str | None = None,
    data: bytes | None = None,
    ocr: bool | PageReader = True,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    today: datetime.date | None = None,
) -> tuple[Letter, Document]:
    """`parsing.letters.read_letter`, then `analyse`; raises only `LetterError`, like it.

    The caller closes the returned document.
    """
    letter, document = parsing_letters.read_letter(
        path, display_name=display_name, data=data, ocr=ocr, progress=progress, cancelled=cancelled, today=today
    )
    return analysed(letter), document
