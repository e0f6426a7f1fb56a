"""Hebrew and Arabic in notes print in their reading order, Arabic joined (issue 12 item 28).

The case summary is read back with pymupdf, whose text follows the reading order of what the
page shows: a note printed reversed reads back reversed. Arabic reads back in its joined
(presentation) forms, which NFKC turns into the letters typed. The notes page is also
rendered to ``tests/_artifacts/report_rtl_notes.png`` to be looked at.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pymupdf
import pytest

from imr_desk.core.reports import bidi_text
from imr_desk.core.reports.bidi_text import RTL_NOT_SUPPORTED, display_line, wrapped_display_lines
from imr_desk.core.reports.pages import MARGIN_X, PAGE_WIDTH
from imr_desk.core.reports.styles import FONT_REGULAR, register_fonts
from imr_desk.core.reports.summary import build_case_summary
from tests.support.report_support import invented_record, pdf_body_text

ARTIFACTS = Path(__file__).resolve().parents[2] / "_artifacts"
HEBREW = "המטופל התקשר בנוגע לתור של יום שני"  # "the patient called about Monday's appointment"
ARABIC = "اتصل المريض بخصوص الموعد يوم الاثنين"  # the same in Arabic
ARABIC_MARKS = "ناقشنا الخطّة مع المحامي"  # with a shadda, and lam-alef in "الاثنين" above
LONG_HEBREW = " ".join(f"{word}" for word in ("ראשון שני שלישי רביעי חמישי שישי שביעי שמיני תשיעי עשירי " * 12).split())
MIXED = f"Call the client about {HEBREW} and {ARABIC} before Friday."


def _summary(notes: list[str]) -> pymupdf.Document:
    buffer = io.BytesIO()
    build_case_summary(invented_record(notes), buffer)
    return pymupdf.open(stream=buffer.getvalue())


def _read_back(document: pymupdf.Document) -> str:
    """The document's text as read: white space collapsed, Arabic's joined forms as letters."""
    return unicodedata.normalize("NFKC", " ".join(" ".join(page.get_text().split()) for page in document))


def _in_order(text: str, words: list[str]) -> bool:
    position = 0
    for word in words:
        position = text.find(word, position)
        if position < 0:
            return False
        position += len(word)
    return True


@pytest.fixture(scope="module")
def notes_pdf() -> pymupdf.Document:
    document = _summary([HEBREW, ARABIC, MIXED, LONG_HEBREW, ARABIC_MARKS])
    ARTIFACTS.mkdir(exist_ok=True)
    for page in document:
        found = page.search_for("Notes")
        if found:
            top = found[0].y0 - 6
            page.get_pixmap(dpi=110, clip=pymupdf.Rect(0, top, PAGE_WIDTH, min(top + 460, page.rect.y1))).save(
                ARTIFACTS / "report_rtl_notes.png")
    return document


def test_hebrew_and_arabic_notes_read_in_their_reading_order(notes_pdf: pymupdf.Document) -> None:
    text = _read_back(notes_pdf)
    for note in (HEBREW, ARABIC, ARABIC_MARKS, LONG_HEBREW):
        assert unicodedata.normalize("NFKC", note) in text, note[:20]
        assert note[::-1] not in text
    assert _in_order(text, MIXED.split())  # the words in order (pymupdf drops a space where direction turns)


def test_arabic_is_printed_joined(notes_pdf: pymupdf.Document) -> None:
    raw = " ".join(page.get_text() for page in notes_pdf)
    shown = [char for char in raw if "\ufe70" <= char <= "\ufeff"]  # initial, medial, final, lam-alef forms
    assert len(shown) >= len(ARABIC.replace(" ", "")) and "\ufefb" in raw  # lam-alef of "الاثنين"
    register_fonts()
    from reportlab.pdfbase import pdfmetrics

    glyphs = pdfmetrics.getFont(FONT_REGULAR).face.charToGlyph
    assert all(ord(char) in glyphs for char in raw if not char.isspace()), "every shape has a glyph in the font"


def test_a_long_right_to_left_note_wraps_from_its_first_words_and_is_right_aligned(
    notes_pdf: pymupdf.Document,
) -> None:
    lines = [
        (line["bbox"], "".join(span["text"] for span in line["spans"]))
        for page in notes_pdf for block in page.get_text("dict")["blocks"] for line in block.get("lines", [])
    ]
    note_lines = [(bbox, text) for bbox, text in lines if "שלישי" in text or "ראשון" in text]
    assert len(note_lines) >= 3  # the note wraps
    first_line = unicodedata.normalize("NFKC", note_lines[0][1])
    assert first_line.startswith("ראשון שני שלישי")  # reading order: the note's first words on its first line
    right_edge = PAGE_WIDTH - MARGIN_X
    assert all(abs(bbox[2] - right_edge) < 2 for bbox, _text in note_lines)


def test_display_lines_follow_the_bidi_algorithm() -> None:
    register_fonts()
    assert display_line("abc") == "abc"
    assert display_line("\u05d0\u05d1\u05d2") == "\u05d2\u05d1\u05d0"  # a Hebrew word shows its last letter left
    assert display_line("x \u05d0\u05d1 y") == "x \u05d1\u05d0 y"
    lines = wrapped_display_lines(LONG_HEBREW, FONT_REGULAR, 9.5, 200)
    assert len(lines) > 5
    assert lines[0][::-1].startswith("ראשון")  # shown right to left: first word at the right


def test_without_the_bidi_libraries_the_pdf_says_the_script_is_not_supported(monkeypatch) -> None:
    monkeypatch.setattr(bidi_text, "_libraries", lambda: None)
    text = _read_back(_summary([HEBREW, "An English note."]))
    assert text.count(RTL_NOT_SUPPORTED) == 1  # on the Hebrew note only
    assert HEBREW[::-1] in text  # printed as stored, left to right: a reader reads it reversed
    assert "An English note." in text


def test_a_right_to_left_script_it_cannot_shape_says_so() -> None:
    syriac = "\u0710\u0712\u0713"
    text = _read_back(_summary([f"Syriac {syriac}"]))
    assert f"Syriac \x00\x00\x00 [{RTL_NOT_SUPPORTED}]" in text  # DejaVu Sans has no Syriac glyphs either


def test_a_right_to_left_note_over_several_pages_reads_on_in_order() -> None:
    # 2,400 different Hebrew "words" of three letters (digits would do, but pymupdf reads digits in
    # right-to-left lines back out of order, though they show right)
    letters = "אבגדהוזחטיכלמנסעפצקרשת"
    note = " ".join(a + b + c for a in letters[:12] for b in letters[:20] for c in letters[:10])
    buffer = io.BytesIO()
    pages = build_case_summary(invented_record([note]), buffer)
    assert pages >= 3
    body = unicodedata.normalize("NFKC", pdf_body_text(buffer))
    assert note in body  # across every page break, in its reading order
