"""Case summary PDFs read back with pymupdf: corpus letters, stored edits, hostile text, pages."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pymupdf
import pytest

from imr_desk.core.model import collapse_whitespace
from imr_desk.core.records import CaseRecord, ReviewState
from imr_desk.core.reports.pages import ReportError
from imr_desk.core.reports.styles import markup, us_date, us_datetime
from imr_desk.core.reports.summary import build_case_summary, unstored_record
from imr_desk.core.store import ANY_VERSION, Store
from tests.support.report_support import SHA256, invented_record, pdf_body_text, pdf_pages_text

GENERATED = datetime(2016, 12, 15, 14, 5, tzinfo=UTC)
TABLE_HEADER = "Guideline cited by the expert reviewer"


def summary_text(record: CaseRecord) -> tuple[int, list[str]]:
    """(page count, text of each page) of the record's case summary."""
    pages, texts, _body = summary_pdf(record)
    return pages, texts


def summary_pdf(record: CaseRecord) -> tuple[int, list[str], str]:
    """(page count, text of each page, body text without page furniture)."""
    buffer = io.BytesIO()
    pages = build_case_summary(record, buffer, generated_at=GENERATED)
    return pages, pdf_pages_text(buffer), pdf_body_text(buffer)


def test_corpus_letter_summary_has_every_request_and_outcome(letter_path: Path, read_corpus) -> None:
    letter, _document = read_corpus(letter_path)
    pages, texts, text = summary_pdf(unstored_record(letter))
    assert pages == len(texts) >= 1
    assert letter.source.file in texts[-1]
    if letter.header.case_number:
        assert letter.header.case_number in texts[0]
    assert letter.result_line() in text
    for number, decision in enumerate(letter.decisions, start=1):
        heading = f"{number}. {decision.request} \u2014 {decision.outcome.capitalize()}"
        assert heading in text
        assert collapse_whitespace(decision.rationale) in text


def test_stored_letter_summary_shows_corrections_notes_and_review(corpus_dir: Path, tmp_store_path: Path) -> None:
    path = corpus_dir / "dwc-2016" / "CM16-0229336.pdf"
    with Store(tmp_store_path) as store:
        letter_id = store.import_file(path).letter_id
        record = store.load(letter_id)
        parsed_date = record.letter.header.decision_date
        old_request = record.letter.decisions[0].request
        store.correct(letter_id, "header.decision_date", "2017-01-03", expected_version=ANY_VERSION)
        store.correct(letter_id, "request", "Corrected request text", decision_key=record.decision_keys[0],
                      expected_version=ANY_VERSION)
        store.annotate(letter_id, "Client says <b>PT</b> & meds helped", tag="follow-up", span=(0, 40),
                       expected_version=ANY_VERSION)
        store.set_review_state(letter_id, "verified", expected_version=ANY_VERSION)
        record = store.load(letter_id)
    _pages, texts = summary_text(record)
    text = " ".join(texts)
    assert "Decision date Jan 3, 2017\u2020" in text
    assert "1. Corrected request text" in text
    corrections = text[text.index("Corrections Field"):]
    assert f"Decision date {us_date(parsed_date)} Jan 3, 2017" in corrections
    assert f"Decision 1 \u00b7 Request {old_request} Corrected request text" in corrections
    assert "Client says <b>PT</b> & meds helped" in text
    assert "follow-up" in text and "On \u201c" in text
    assert re.search(r"Review state Verified by \S+ on \w{3} \d{1,2}, \d{4}", text)


def test_summary_of_invented_record_prints_facts_and_partial_approval() -> None:
    _pages, texts = summary_text(invented_record())
    first, text = texts[0], " ".join(texts)
    assert "IMR case summary \u00b7 CM16-9000001 CONFIDENTIAL \u2014 CONTAINS MEDICAL INFORMATION" in first
    assert "2 disputed: 1 upheld, 1 overturned" in first
    for expected in ("Decision date Dec 9, 2016\u2020", "Priority Standard", "Date assigned Nov 9, 2016",
                     "Application received Nov 4, 2016", "UR denial date Nov 3, 2016",
                     "Patient 52 years old, Female, injured Oct 13, 2016",
                     "Reviewer licensure California, North Carolina", "Reviewer specialty Family Practice"):
        assert expected in first
    assert "Original request: Physical therapy 18 sessions" in text
    assert "Authorized by the claims administrator: Physical therapy 6 sessions" in text
    assert "Overturned" in text and "Upheld" in text
    assert "Ask the client for the PR-2 of 11/15." in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), "dates must print in the US style"


def test_an_unreviewed_letter_says_unreviewed() -> None:
    record = invented_record()
    record.review = ReviewState()
    _pages, texts = summary_text(record)
    assert "Review state Unreviewed" in texts[0]  # the registry's word (was "Not yet reviewed")


def test_every_page_carries_page_numbers_source_and_notice() -> None:
    long_notes = [" ".join(f"word{i}" for i in range(1500))] * 3
    pages, texts = summary_text(invented_record(long_notes))
    assert pages >= 3
    generated = f"Generated {us_datetime(GENERATED)}"
    for number, page in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in page
        assert "Confidential \u2014 contains medical information" in page
        assert f"Source: CM16-9000001.pdf \u00b7 sha256 {SHA256[:12]}" in page
        assert generated in page


def test_twenty_one_decisions_paginate_with_repeated_table_header(corpus_dir: Path, read_corpus) -> None:
    expected = {p: json.loads(p.read_text(encoding="utf-8")) for p in (corpus_dir / "expected").glob("*.pdf.json")}
    biggest = max(expected, key=lambda p: len(expected[p]["decisions"]))
    assert len(expected[biggest]["decisions"]) >= 20
    letter, _document = read_corpus(corpus_dir / "dwc-2016" / expected[biggest]["file"])
    _pages, texts = summary_text(unstored_record(letter))
    with_header = [number for number, page in enumerate(texts) if TABLE_HEADER in page]
    assert len(with_header) >= 2, "the decisions table must continue under a repeated header"
    assert with_header == list(range(with_header[0], with_header[0] + len(with_header)))
    table_text = " ".join(texts[i] for i in with_header)
    for decision in letter.decisions:
        assert decision.request in table_text


def test_hostile_text_prints_literally_and_long_notes_split() -> None:
    markup_note = 'Fees <b>&amp; costs</b> & <font color="red">x</font> ]]> <br/> <para>'
    long_note = " ".join(f"note{i:05d}" for i in range(1100))  # over 10,000 characters
    unbroken = "x" * 10_000
    scripts = ("Emoji \U0001f600\U0001f3e5 \u2014 Arabic \u0645\u0631\u062d\u0628\u0627 \u2014 "
               "Hebrew \u05e9\u05dc\u05d5\u05dd \u2014 \u00e9\u00f1\u00fc")
    controls = "bell\x07 nul\x00 tab\tend\r\nnext line"
    record = invented_record([markup_note, long_note, unbroken, scripts, controls])
    record.letter.decisions[0].request = "R" + " very long request" * 400
    record.letter.decisions[1].rationale = "Rationale sentence. " * 800
    pages, texts = summary_text(record)
    text = " ".join(texts)
    assert pages >= 5
    assert collapse_whitespace(markup_note) in text
    assert "note00000" in text and "note01099" in text
    assert sum(page.count("x") for page in texts) >= 10_000
    # in reading order only (was: either order); Arabic reads back in its joined forms, which
    # NFKC turns into the letters typed
    logical = unicodedata.normalize("NFKC", text)
    assert "\u0645\u0631\u062d\u0628\u0627" in logical and "\u0627\u0628\u062d\u0631\u0645" not in logical
    assert "\u05e9\u05dc\u05d5\u05dd" in logical and "\u05dd\u05d5\u05dc\u05e9" not in logical
    assert "\u00e9\u00f1\u00fc" in text
    assert "bell nul tab end next line" in text
    note_pages = [i for i, page in enumerate(texts) if "note0" in page]
    assert len(note_pages) >= 2, "a 10,000-character note must split across pages"


def test_summary_without_decisions_corrections_or_notes_says_so() -> None:
    record = invented_record([])
    record.letter.decisions = []
    record.decision_keys = []
    record.corrections = []
    record.letter.header.case_number = None
    _pages, texts = summary_text(record)
    text = " ".join(texts)
    assert "IMR case summary \u00b7 CM16-9000001.pdf" in texts[0]
    assert "No decisions were found in this letter." in text
    assert "No notes on this letter." in text
    assert "No corrections: every value is as parsed from the letter." in text


def test_write_to_path_and_clear_errors(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "summary.pdf"
    pages = build_case_summary(invented_record(), out, generated_at=GENERATED)
    with pymupdf.open(out) as document:
        assert document.page_count == pages
        assert document.metadata["title"] == "IMR case summary CM16-9000001"
    assert [p.name for p in folder.iterdir()] == ["summary.pdf"], "no temporary file is left behind"
    assert out.stat().st_mode & 0o777 == 0o600, "medical reports are readable by their owner only"
    with pytest.raises(ReportError, match="does not exist"):
        build_case_summary(invented_record(), folder / "missing" / "x.pdf")
    with pytest.raises(ReportError, match="is a folder"):
        build_case_summary(invented_record(), folder)
    assert [p.name for p in folder.iterdir()] == ["summary.pdf"]


def test_us_dates_and_markup_escaping() -> None:
    assert us_date("2016-12-09") == "Dec 9, 2016"
    assert us_date(None) == "\u2014"
    assert us_date("sometime in 2016") == "sometime in 2016"
    assert us_datetime("2016-12-09T15:05:00Z").startswith("Dec 9, 2016, ")
    assert us_datetime(datetime(2016, 12, 9, 0, 5, tzinfo=UTC).astimezone()).count(":") == 1
    assert markup("<b>&\nx\x00") == "&lt;b&gt;&amp;<br/>x"


def test_an_outcome_not_found_prints_as_such_and_counts_as_neither() -> None:
    record = invented_record()
    record.letter.decisions[1].outcome = None  # no outcome word was found in the letter
    _pages, texts = summary_text(record)
    text = " ".join(texts)
    assert "2 disputed: 1 upheld, 0 overturned, 1 outcome not found" in texts[0]
    assert "2. Physical therapy 12 sessions \u2014 outcome not found" in text
    assert "Physical therapy 12 sessions" in text and "Overturned" not in text.replace("0 overturned", "")
    table = text[text.index(TABLE_HEADER):text.index("Rationales")]
    assert table.count("Upheld") == 1 and "outcome not found" in table  # never "Upheld" for it


@pytest.mark.parametrize("ocr", [True, False])
def test_an_ocr_letter_says_so_under_the_heading(ocr: bool) -> None:
    from imr_desk.core.fields import OCR_NOTICE

    record = invented_record()
    record.letter.source.ocr = ocr
    buffer = io.BytesIO()
    build_case_summary(record, buffer)
    first_page = pdf_pages_text(buffer)[0]
    assert (OCR_NOTICE in " ".join(first_page.split())) is ocr


def test_the_edit_history_is_printed_when_asked_for(tmp_path: Path, corpus_dir: Path) -> None:
    with Store(tmp_path / "h.db") as store:
        letter_id = store.import_file(corpus_dir / "dwc-2016" / "CM16-0229336.pdf").letter_id
        store.correct(letter_id, "header.priority", "Expedited", expected_version=ANY_VERSION)
        record, history = store.load(letter_id), store.history(letter_id)
    without, with_history = io.BytesIO(), io.BytesIO()
    build_case_summary(record, without)
    build_case_summary(record, with_history, history=history)
    from imr_desk.core.reports.history_section import HEADING

    printed, plain = pdf_body_text(with_history), pdf_body_text(without)
    assert printed.count(HEADING) == plain.count(HEADING) + 1  # the section's heading, once
    assert printed.split(HEADING)[-1].count("Expedited") >= 1  # the edit, in the History section
