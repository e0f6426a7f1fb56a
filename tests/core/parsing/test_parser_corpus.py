"""Accuracy on the real corpus: every expected field of every letter, spans and regions.

One test per file and aspect, so a failure names the letter. Expected values come from
``shared/corpus/expected/<file>.json`` (normative); nothing here is tuned per file. At the
end, invented letters (no real person) exercise layouts the corpus shows rarely.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from imr_desk.core.model import Letter, Source
from imr_desk.core.parsing.parser import parse_text
from imr_desk.core.reading.document import Document


def test_corpus_is_complete(corpus_dir: Path) -> None:
    assert len(list((corpus_dir / "dwc-2016").glob("*.pdf"))) == 64
    assert len(list((corpus_dir / "seeds").glob("*.txt"))) == 5
    assert len(list((corpus_dir / "expected").glob("*.json"))) == 69


def test_letter_fields_equal_expected(letter_path: Path, read_corpus, expected_values) -> None:
    path = letter_path
    letter, _ = read_corpus(path)
    expected = expected_values(path)
    data = letter.to_json()
    for section in ("header", "reviewer", "patient"):
        for name, value in expected[section].items():
            assert data[section][name] == value, f"{path.name}: {section}.{name}"
    assert letter.case_summary == expected["case_summary"], f"{path.name}: case_summary"


def test_decisions_equal_expected(letter_path: Path, read_corpus, expected_values) -> None:
    path = letter_path
    letter, _ = read_corpus(path)
    expected = expected_values(path)["decisions"]
    assert len(letter.decisions) == len(expected), f"{path.name}: number of decisions"
    for number, (decision, wanted) in enumerate(zip(letter.decisions, expected), 1):
        for name, value in wanted.items():
            assert getattr(decision, name) == value, f"{path.name}: decision {number} {name}"


def test_corpus_letters_parse_without_warnings(letter_path: Path, read_corpus) -> None:
    path = letter_path
    letter, _ = read_corpus(path)
    allowed = "header: no first-page header found (case number, dates)"  # the older text letters
    assert [w for w in letter.warnings if w != allowed] == []
    if path.suffix == ".pdf":
        assert letter.warnings == []


def test_spans_give_back_every_value(letter_path: Path, read_corpus, expected_values, check_spans) -> None:
    path = letter_path
    letter, _ = read_corpus(path)
    check_spans(letter)
    assert {"case_summary", "reviewer", "reviewer.specialties", "reviewer.licensure_states"} <= set(letter.spans)
    for name in ("age", "sex", "date_of_injury"):
        assert (f"patient.{name}" in letter.spans) == (getattr(letter.patient, name) is not None), name
    if path.suffix == ".pdf":
        assert {"header", *(f"header.{n}" for n in expected_values(path)["header"])} <= set(letter.spans)
    for decision in letter.decisions:
        assert {"block", "heading", "request", "outcome", "rationale"} <= set(decision.spans)
        block_start, block_end = decision.spans["block"]
        heading_start, heading_end = decision.spans["heading"]
        assert block_start == heading_start < heading_end <= block_end
        assert letter.text[heading_start:heading_end].rstrip().endswith(
            letter.text[slice(*decision.spans["outcome"])]
        )


def _words_by_block(document: Document, letter: Letter, pdf: pymupdf.Document) -> list[list[tuple[int, tuple]]]:
    """For each decision, the (page, word box) of every word whose text lies in its block."""
    blocks = [decision.spans["block"] for decision in letter.decisions]
    found: list[list[tuple[int, tuple]]] = [[] for _ in blocks]
    for page_index in range(pdf.page_count):
        words = pdf[page_index].get_text("words")
        page_lines = [line for line in document.lines if line.page == page_index]
        for line in page_lines:
            x0, y0, x1, y1 = line.bbox
            cursor = line.start
            for word in words:
                cx, cy = (word[0] + word[2]) / 2, (word[1] + word[3]) / 2
                if not (x0 <= cx <= x1 and y0 <= cy <= y1):
                    continue
                offset = document.text.find(word[4], cursor, line.end)
                if offset < 0:
                    continue
                cursor = offset + len(word[4])
                for index, (start, end) in enumerate(blocks):
                    if start <= offset and offset + len(word[4]) <= end:
                        found[index].append((page_index, word[:4]))
    return found


def _inside(page: int, box: tuple, regions: list) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return any(
        r.page == page and r.bbox[0] - 0.5 <= cx <= r.bbox[2] + 0.5 and r.bbox[1] - 0.5 <= cy <= r.bbox[3] + 0.5
        for r in regions
    )


def test_decision_regions_cover_own_words_only(pdf_path: Path, read_corpus) -> None:
    letter, document = read_corpus(pdf_path)
    with pymupdf.open(pdf_path) as pdf:
        words = _words_by_block(document, letter, pdf)
    for number, (decision, own) in enumerate(zip(letter.decisions, words), 1):
        assert decision.regions, f"decision {number} has no regions"
        assert own, f"decision {number}: no words mapped"
        for page, box in own:
            assert _inside(page, box, decision.regions), f"decision {number}: word at {box} not covered"
        for other, other_words in enumerate(words, 1):
            if other != number:
                for page, box in other_words:
                    assert not _inside(page, box, decision.regions), (
                        f"decision {number} covers a word of decision {other}"
                    )


def test_letter_level_regions_exist_for_every_span(pdf_path: Path, read_corpus) -> None:
    letter, _ = read_corpus(pdf_path)
    assert set(letter.regions) == set(letter.spans)
    for key, regions in letter.regions.items():
        assert regions, key
        for region in regions:
            assert region.bbox[0] < region.bbox[2] and region.bbox[1] < region.bbox[3]


# -- Invented letters: layouts the corpus shows rarely or not at all ---------------------------

INVENTED_HEAD = """Case Number:   CM16-0999999
Date Assigned:  11/09/2016          Date of Injury:  10/13/2016
Decision Date:  12/09/2016          UR Denial Date:  11/03/2016
Priority:  Standard                 Application Received:  11/04/2016

HOW THE IMR FINAL DETERMINATION WAS MADE
MAXIMUS Federal Services sent the complete case file to an expert reviewer. The expert
reviewer is Board Certified in Physical Medicine and Rehabilitation and is licensed to practice in
Oregon and Nevada. He/she has been in active clinical practice for more than five years.

CLINICAL CASE SUMMARY
The expert reviewer developed the following clinical case summary based on a review of the
case file, including all medical records:
The injured worker is a 51-year-old woman who sustained an industrial injury on 10-13-16 while
lifting crates. She reports low back pain.

IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
"""

INVENTED_BLOCKS = """Retrospective: Ketorolac 60mg IM injection
\x0c
(DOS: 11/11/2016): Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain 2016.
MAXIMUS guideline: Decision based on MTUS Chronic Pain 2016, Section(s): NSAIDs.
Decision rationale: The injection was not needed, as the records show no acute flare. Therefore,
the request is not medically necessary
MRI of the left knee without contrast:

Overturned

Claims Administrator guideline: The Claims Administrator did not cite any medical evidence
for its decision.

MAXIMUS guideline: Decision based on MTUS Knee Complaints 2004.

Decision rationale: There are red flags: the request is medically necessary.
Physical therapy 12 visits was the original request. The Claims Administrator authorized
Physical therapy 6 visits, leaving the original request IMR eligible. The original request,
Physical therapy 12 visits is:Upheld
Claims Administrator guideline: Decision based on MTUS Chronic Pain 2016.
MAXIMUS guideline: Decision based on MTUS Chronic Pain 2016.
Decision rationale: Six visits were already approved.
"""


def test_invented_letter_with_awkward_layouts(check_spans) -> None:
    letter = parse_text(INVENTED_HEAD + INVENTED_BLOCKS, Source(file="invented.txt", kind="text"))
    check_spans(letter)
    assert letter.header.case_number == "CM16-0999999"
    assert (letter.header.decision_date, letter.header.application_received) == ("2016-12-09", "2016-11-04")
    assert letter.reviewer.specialties == ["Physical Medicine and Rehabilitation"]
    assert letter.reviewer.licensure_states == ["Oregon", "Nevada"]
    assert (letter.patient.age, letter.patient.sex, letter.patient.date_of_injury) == (51, "female", "2016-10-13")
    requests = [(d.request, d.outcome, d.original_request, d.authorized) for d in letter.decisions]
    assert requests == [
        ("Retrospective: Ketorolac 60mg IM injection (DOS: 11/11/2016)", "upheld", None, None),
        ("MRI of the left knee without contrast", "overturned", None, None),
        ("Physical therapy 12 visits", "upheld", "Physical therapy 12 visits", "Physical therapy 6 visits"),
    ]
    first, second, third = letter.decisions
    assert first.rationale == (
        "The injection was not needed, as the records show no acute flare. Therefore, the request is not "
        "medically necessary"
    )
    assert second.claims_administrator_guideline == (
        "The Claims Administrator did not cite any medical evidence for its decision."
    )
    assert second.rationale == "There are red flags: the request is medically necessary."
    assert third.rationale == "Six visits were already approved."
    assert letter.warnings == []


def test_a_missing_outcome_word_is_null_and_flagged(check_spans) -> None:
    """Spec: the outcome is null when no outcome word is found, never guessed (it used to be
    inferred from the rationale's last words)."""
    text = INVENTED_HEAD + INVENTED_BLOCKS.replace("\nOverturned\n", "\n")
    letter = parse_text(text, Source(file="invented.txt", kind="text"))
    check_spans(letter)
    assert [d.outcome for d in letter.decisions] == ["upheld", None, "upheld"]
    assert "outcome" not in letter.decisions[1].spans
    assert letter.decisions[1].request == "MRI of the left knee without contrast"
    assert letter.warnings == ["decision 2: no outcome (Upheld or Overturned) found; outcome unknown"]
