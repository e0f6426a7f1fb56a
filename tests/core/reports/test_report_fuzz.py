"""Property tests: any text in any field makes a readable report; plain text reads back exactly."""

from __future__ import annotations

import io
import string

import pymupdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imr_desk.core.model import collapse_whitespace
from imr_desk.core.reports.batch import build_batch_report
from imr_desk.core.reports.summary import build_case_summary
from tests.support.report_support import invented_record, pdf_body_text

# Any Unicode text but lone surrogates (which no Python str from a file or the window holds).
ANY_CHARACTER = st.characters(exclude_categories=["Cs"])
ANY_TEXT = st.text(ANY_CHARACTER, max_size=400)
# Printable ASCII words, markup characters included, short enough never to be split mid-word.
WORDS = st.lists(st.text(st.sampled_from(string.ascii_letters + string.digits + string.punctuation),
                         min_size=1, max_size=18), min_size=1, max_size=40).map(" ".join)

FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(request=ANY_TEXT, note=ANY_TEXT, rationale=ANY_TEXT, case_number=ANY_TEXT, tag=ANY_TEXT,
       corrected=ANY_TEXT)
def test_any_text_in_any_field_builds_a_whole_report(request: str, note: str, rationale: str,
                                                     case_number: str, tag: str, corrected: str) -> None:
    record = invented_record([note or "x"])
    record.letter.decisions[0].request = request
    record.letter.decisions[1].rationale = rationale
    record.letter.header.case_number = case_number or None
    record.annotations[0].tag = tag or None
    record.corrections[1].new_value = corrected
    buffer = io.BytesIO()
    pages = build_batch_report([record, record], buffer, include_summaries=True, title=case_number)
    with pymupdf.open(stream=buffer.getvalue()) as document:
        assert document.page_count == pages >= 3
        assert f"Page {pages} of {pages}" in document[-1].get_text()


@FUZZ
@given(request=WORDS, note=WORDS, rationale=WORDS)
def test_plain_text_reads_back_exactly(request: str, note: str, rationale: str) -> None:
    record = invented_record([note])
    record.letter.decisions[0].request = request
    record.letter.decisions[0].rationale = rationale
    buffer = io.BytesIO()
    build_case_summary(record, buffer)
    text = pdf_body_text(buffer)
    assert f"1. {collapse_whitespace(request)} \u2014 Upheld" in text
    assert collapse_whitespace(rationale) in text
    assert collapse_whitespace(note) in text


# Text long enough to be laid out line by line (`lined_text.LONG_TEXT`): any text, repeated.
LONG_TEXT = st.text(ANY_CHARACTER, min_size=1, max_size=400).map(
    lambda text: text * (1_600 // len(text) + 1))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case_number=LONG_TEXT, request=LONG_TEXT, note=LONG_TEXT, guideline=LONG_TEXT, tag=LONG_TEXT)
def test_any_long_text_in_any_field_builds_a_whole_report(case_number: str, request: str, note: str,
                                                          guideline: str, tag: str) -> None:
    record = invented_record([note])
    record.letter.header.case_number = case_number
    record.letter.decisions[0].request = request
    record.letter.decisions[1].original_request = request
    record.letter.decisions[0].maximus_guideline = guideline
    record.annotations[0].tag = tag
    record.corrections[1].new_value = guideline
    buffer = io.BytesIO()
    pages = build_batch_report([record], buffer, include_summaries=True, title=case_number)
    with pymupdf.open(stream=buffer.getvalue()) as document:
        assert document.page_count == pages >= 3
        assert f"Page {pages} of {pages}" in document[-1].get_text()


@FUZZ
@given(words=WORDS)
def test_long_plain_text_reads_back_exactly(words: str) -> None:
    note = " ".join([words] * (1_600 // len(words) + 1))  # past LONG_TEXT: laid out line by line
    record = invented_record([note])
    record.letter.decisions[0].rationale = note
    buffer = io.BytesIO()
    build_case_summary(record, buffer)
    text = pdf_body_text(buffer)
    assert text.count(collapse_whitespace(note)) == 2
