"""Page point → text offset on PDF letters (the caret positions drag selection is made of)."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from imr_desk.core.model import Source
from imr_desk.core.reading.document import Document
from imr_desk.core.reading.hit_test import caret_offset, nearest_line, word_span
from imr_desk.core.reading.load import load_document


@pytest.fixture(scope="module")
def invented_pdf(tmp_path_factory: pytest.TempPathFactory) -> Document:
    """A two-line, two-page letter written for this test (invented content)."""
    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_text((72, 100), "Request: Lumbar MRI without contrast", fontsize=12)
    page.insert_text((72, 130), "Outcome: Overturned", fontsize=12)
    pdf.new_page().insert_text((72, 100), "Second page words", fontsize=12)
    path = tmp_path_factory.mktemp("pdf") / "invented.pdf"
    pdf.save(path)
    return load_document(path)


def word_box(document: Document, page: int, word: str) -> pymupdf.Rect:
    [box] = [pymupdf.Rect(w[:4]) for w in document.pdf[page].get_text("words") if w[4] == word]
    return box


def test_point_inside_a_character_gives_the_nearer_edge(invented_pdf: Document):
    text = invented_pdf.text
    box = word_box(invented_pdf, 0, "Lumbar")
    middle_y = (box.y0 + box.y1) / 2
    char_width = box.width / 6
    assert caret_offset(invented_pdf, 0, box.x0 + char_width * 0.3, middle_y) == text.index("Lumbar")
    assert caret_offset(invented_pdf, 0, box.x0 + char_width * 0.7, middle_y) == text.index("Lumbar") + 1
    assert caret_offset(invented_pdf, 0, box.x0 + char_width * 2.4, middle_y) == text.index("Lumbar") + 2


def test_carets_snap_to_character_edges_and_line_ends(invented_pdf: Document):
    text = invented_pdf.text
    box = word_box(invented_pdf, 0, "Lumbar")
    middle_y = (box.y0 + box.y1) / 2
    assert caret_offset(invented_pdf, 0, box.x0 + 0.5, middle_y) == text.index("Lumbar")
    assert caret_offset(invented_pdf, 0, box.x1 - 0.5, middle_y) == text.index("Lumbar") + 6
    # Left of the line → its start; far right → its end; above the text → the first line.
    assert caret_offset(invented_pdf, 0, 5, middle_y) == text.index("Request")
    line_end = text.index("contrast") + len("contrast")
    assert caret_offset(invented_pdf, 0, 590, middle_y) == line_end
    assert caret_offset(invented_pdf, 0, 50, 5) == text.index("Request")
    assert caret_offset(invented_pdf, 0, box.x0 + 0.5, 5) == text.index("Lumbar")
    # Between the two lines, the nearer line wins.
    outcome = word_box(invented_pdf, 0, "Outcome:")
    assert nearest_line(invented_pdf, 0, 80, outcome.y0 - 1).start == text.index("Outcome")


def test_each_page_answers_with_its_own_text(invented_pdf: Document):
    box = word_box(invented_pdf, 1, "words")
    assert caret_offset(invented_pdf, 1, box.x1 + 0.1, (box.y0 + box.y1) / 2) == \
        invented_pdf.text.index("words") + 5
    assert invented_pdf.lines[-1].page == 1


def test_page_without_text_gives_no_offset():
    pdf = pymupdf.open()
    pdf.new_page()
    document = Document(source=Source(file="blank.pdf"), text="\n", pdf=pdf)
    assert caret_offset(document, 0, 100, 100) is None


def test_corpus_letter_word_offsets(corpus_dir: Path):
    document = load_document(corpus_dir / "dwc-2016" / "CM16-0221706.pdf")
    box = word_box(document, 0, "CM16-0221706")
    offset = caret_offset(document, 0, (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    assert word_span(document.text, offset) == (document.text.index("CM16-0221706"),
                                               document.text.index("CM16-0221706") + 12)


def test_word_span_stops_at_white_space():
    text = "Decision rationale:\nMTUS"
    assert word_span(text, 3) == (0, 8)
    assert word_span(text, 8) == (8, 8)
    assert word_span(text, 21) == (20, 24)
    assert word_span(text, 99) == (99, 99)
