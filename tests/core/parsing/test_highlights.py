"""Highlight blocks built from a letter (or stored record) and its document, without Qt."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from imr_desk.core.model import Decision, Letter, Source
from imr_desk.core.parsing.highlights import build_highlights, find_highlights, find_spans, most_specific
from imr_desk.core.reading.document import Document
from imr_desk.core.reading.load import load_document
from imr_desk.core.records import Annotation, CaseRecord, Correction, ReviewState

TEXT = (
    "Case Number: CM16-0000001\n"
    "Date of Injury: 01/02/2015\n"
    "The injured worker is a 48 year old male.\n"
    "Physical therapy x 6: Upheld\n"
    "Claims Administrator guideline: none.\n"
    "Decision rationale: Not necessary.\n"
    "Acupuncture 8 sessions: Overturned\n"
    "Decision rationale: Necessary.\n"
)


def span_of(text: str, phrase: str, start: int = 0) -> tuple[int, int]:
    index = text.index(phrase, start)
    return (index, index + len(phrase))


def invented_letter() -> Letter:
    first_block = (TEXT.index("Physical"), TEXT.index("Acupuncture"))
    second_block = (TEXT.index("Acupuncture"), len(TEXT) - 1)
    first = Decision(request="Physical therapy x 6", outcome="upheld", rationale="Not necessary.", spans={
        "block": first_block,
        "request": span_of(TEXT, "Physical therapy x 6"),
        "outcome": span_of(TEXT, "Upheld"),
        "claims_administrator_guideline": span_of(TEXT, "none."),
        "rationale": span_of(TEXT, "Not necessary."),
    })
    second = Decision(request="Acupuncture 8 sessions", outcome="overturned", rationale="Necessary.", spans={
        "block": second_block,
        "request": span_of(TEXT, "Acupuncture 8 sessions"),
        "outcome": span_of(TEXT, "Overturned"),
        "rationale": span_of(TEXT, "Necessary.", second_block[0]),
    })
    return Letter(
        source=Source(file="invented.txt", kind="text"),
        decisions=[first, second],
        text=TEXT,
        spans={
            "header.case_number": span_of(TEXT, "CM16-0000001"),
            "header.date_of_injury": span_of(TEXT, "01/02/2015"),
            "patient.age": span_of(TEXT, "48"),
            "patient.sex": span_of(TEXT, "male"),
        },
    )


def text_document() -> Document:
    return Document(source=Source(file="invented.txt", kind="text"), text=TEXT)


def record_of(letter: Letter, corrections=(), annotations=(), keys=("p0", "p1")) -> CaseRecord:
    return CaseRecord(
        letter_id=7, letter=letter, parsed=letter, decision_keys=list(keys),
        corrections=list(corrections), annotations=list(annotations), review=ReviewState(),
        version=1, file_name="invented.txt", sha256="", imported_at="2026-01-01T00:00:00Z",
    )


def correction(field: str, new_span, decision_key=None, ident=1) -> Correction:
    return Correction(ident, 7, decision_key, field, "old", "new", new_span, "clerk", "2026-01-01T00:00:00Z")


def by_key(highlights):
    return {h.key: h for h in highlights}


def test_letter_fields_and_decision_parts_get_their_spans_and_labels():
    found = by_key(build_highlights(invented_letter(), text_document()))
    assert TEXT[slice(*found["header.case_number"].span)] == "CM16-0000001"
    assert found["header.case_number"].label == "Case number"
    # The header block encloses its fields; text letters carry no page regions.
    assert found["header"].span == (TEXT.index("CM16"), TEXT.index("01/02/2015") + 10)
    assert found["header"].is_container and not found["header.case_number"].is_container
    assert found["header.case_number"].regions == []
    assert "reviewer" not in found  # no reviewer spans in this letter
    assert TEXT[slice(*found["p0.heading"].span)] == "Physical therapy x 6: "
    assert TEXT[slice(*found["p1.outcome"].span)] == "Overturned"
    assert found["p1.outcome"].outcome == "overturned" and found["p0.outcome"].outcome == "upheld"
    assert found["p1.rationale"].label == "Decision 2 — Rationale"
    assert found["p0.outcome"].label == "Decision 1 — Outcome: Upheld"
    assert found["p0"].kind == "decision" and found["p0"].label == "Decision 1 — Upheld"
    assert "p1.claims_administrator_guideline" not in found


def test_record_decision_keys_corrected_spans_and_annotations():
    letter = invented_letter()
    moved_request = span_of(TEXT, "therapy x 6")
    corrections = [
        correction("request", span_of(TEXT, "Physical"), "a1", 1),
        correction("request", moved_request, "a1", 2),  # the later correction wins
        correction("header.case_number", None, None, 3),  # a typed value keeps the parsed span
        correction("decision", None, "p1", 4),
    ]
    notes = [
        Annotation(3, 7, "Check the dates", None, span_of(TEXT, "01/02/2015"), [], "clerk", "t"),
        Annotation(4, 7, "Whole letter note", None, None, [], "clerk", "t"),
    ]
    found = by_key(build_highlights(record_of(letter, corrections, notes, keys=("p0", "a1")), text_document()))
    assert "a1.request" in found and "p1.request" not in found
    assert found["a1.request"].span == moved_request
    assert TEXT[slice(*found["header.case_number"].span)] == "CM16-0000001"
    assert TEXT[slice(*found["note:3"].span)] == "01/02/2015"
    assert found["note:3"].label == "Note: Check the dates" and found["note:3"].kind == "note"
    assert "note:4" not in found


def test_spans_outside_the_text_are_clipped_or_dropped():
    letter = invented_letter()
    letter.spans["case_summary"] = (len(TEXT) - 5, len(TEXT) + 50)
    letter.spans["patient.date_of_injury"] = (len(TEXT) + 1, len(TEXT) + 9)
    found = by_key(build_highlights(letter, text_document()))
    assert found["case_summary"].span == (len(TEXT) - 5, len(TEXT))
    assert "patient.date_of_injury" not in found


def test_most_specific_prefers_a_field_over_its_block():
    highlights = build_highlights(invented_letter(), text_document())
    assert most_specific(highlights, ["p0", "p0.heading", "p0.request"]) == "p0.request"
    assert most_specific(highlights, ["p0", "p0.rationale"]) == "p0.rationale"
    assert most_specific(highlights, ["p0"]) == "p0"
    assert most_specific(highlights, ["nothing"]) is None


def test_find_is_case_insensitive_and_crosses_line_breaks():
    text = "Decision rationale: the\nMTUS guidelines. decision RATIONALE:  again"
    assert find_spans(text, "rationale") == [span_of(text, "rationale"), span_of(text, "RATIONALE")]
    assert find_spans(text, "the  mtus") == [span_of(text, "the\nMTUS")]
    assert find_spans(text, "   ") == []
    assert find_spans(text, "a.b") == []  # the query is literal text, not a pattern


@pytest.fixture(scope="module")
def corpus_pdf(corpus_dir: Path) -> Document:
    return load_document(corpus_dir / "dwc-2016" / "CM16-0221706.pdf")


def test_pdf_highlights_carry_page_regions_on_the_words(corpus_pdf: Document):
    text = corpus_pdf.text
    letter = Letter(source=corpus_pdf.source, text=text,
                    spans={"header.case_number": span_of(text, "CM16-0221706")})
    found = by_key(build_highlights(letter, corpus_pdf))
    [region] = found["header.case_number"].regions
    page = corpus_pdf.pdf[region.page]
    [word] = [w for w in page.get_text("words") if w[4] == "CM16-0221706"]
    half_point_in = pymupdf.Rect(0.5, 0.5, -0.5, -0.5)  # Rect + Rect adds corner by corner: the word's box shrunk
    assert pymupdf.Rect(region.bbox).contains(pymupdf.Rect(word[:4]) + half_point_in)


def test_find_hits_on_a_pdf_skip_blank_lines_and_name_each_hit(corpus_pdf: Document):
    hits = find_highlights(corpus_pdf, "guideline")
    assert [h.key for h in hits] == [f"find:{n}" for n in range(len(hits))]
    assert len(hits) >= 2
    for hit in hits:
        assert corpus_pdf.text[slice(*hit.span)].lower() == "guideline"
        assert len(hit.regions) == 1 and hit.regions[0].bbox[2] - hit.regions[0].bbox[0] < 80


def test_a_span_over_paragraphs_has_no_boxes_for_blank_lines(corpus_pdf: Document):
    text = corpus_pdf.text
    start = text.index("Claims Administrator guideline")
    end = text.index("Decision rationale")
    letter = Letter(source=corpus_pdf.source, text=text, spans={"case_summary": (start, end)})
    [highlight] = build_highlights(letter, corpus_pdf)
    blank_lines = [line for line in corpus_pdf.lines_between(start, end)
                   if not text[line.start:line.end].strip()]
    assert blank_lines, "the sample span should cross a blank line"
    assert len(highlight.regions) == len(corpus_pdf.lines_between(start, end)) - len(blank_lines)
    for region in highlight.regions:
        words = corpus_pdf.pdf[region.page].get_text("words")
        assert any(pymupdf.Rect(region.bbox).contains(pymupdf.Point((w[0] + w[2]) / 2, (w[1] + w[3]) / 2))
                   for w in words)
