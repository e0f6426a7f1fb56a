"""Only letters are letters: imr-desk's own reports and texts without a letter's structure are
refused as ``not_a_letter`` with a message naming the file; every real letter still parses.

The reports are made here with the report functions from invented records (no real person).
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pymupdf
import pytest

from imr_desk.core.model import LetterError, Source
from imr_desk.core.parsing.landmarks import REPORT_MARK, imr_desk_report_kind
from imr_desk.core.parsing.letters import read_letter
from imr_desk.core.parsing.parser import parse_text
from imr_desk.core.reports.batch import build_batch_report
from imr_desk.core.reports.summary import build_case_summary
from tests.support.report_support import invented_record

SOURCE = Source(file="odd.txt", kind="text")


def _batch_record():
    record = invented_record()
    record.letter.header.case_number = "CM99-0229336"  # the batch report
    return record


REPORTS = {
    "case summary": lambda out: build_case_summary(invented_record(), out),
    "batch report": lambda out: build_batch_report([_batch_record()], out),
    "batch report with summaries": lambda out: build_batch_report([_batch_record()] * 2, out, include_summaries=True),
    "empty batch report": lambda out: build_batch_report([], out, title="Overturned in December"),
}


def _pdf_text(path: Path) -> str:
    with pymupdf.open(path) as document:
        return "".join(page.get_text() for page in document)


@pytest.mark.parametrize("name", REPORTS)
def test_imr_desks_own_reports_are_refused_as_such(name: str, tmp_path: Path) -> None:
    path = tmp_path / "CM99-0229336.pdf"
    REPORTS[name](path)
    kind = "batch report" if name.endswith(("report", "summaries")) else "case summary"
    with pytest.raises(LetterError) as raised:
        read_letter(path, ocr=False)
    assert raised.value.code == "not_a_letter"
    assert raised.value.message.startswith("CM99-0229336.pdf: this is an imr-desk ")
    assert f"this is an imr-desk {kind}, not a letter" in raised.value.message
    with pymupdf.open(path) as document:
        assert document.metadata["keywords"] == REPORT_MARK
    plain = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                           check=True, timeout=60).stdout
    assert imr_desk_report_kind(plain) == kind  # any extraction of it, not only the app's


def test_reports_made_before_the_mark_are_recognised_too(tmp_path: Path) -> None:
    for name, kind in (("case summary", "case summary"), ("batch report", "batch report")):
        path = tmp_path / f"{name}.pdf"
        REPORTS[name](path)
        text = _pdf_text(path).replace(f" \u00b7 {REPORT_MARK}", "")
        assert REPORT_MARK not in text
        with pytest.raises(LetterError, match=f"this is an imr-desk {kind}, not a letter"):
            parse_text(text, Source(file=path.name, kind="text"))


def test_a_case_number_alone_is_not_a_letter() -> None:
    text = "Case Number: CM99-0229336\nDecision Date: 12/09/2016\nThree boxes of printer paper, delivered.\n"
    with pytest.raises(LetterError) as raised:
        parse_text(text, SOURCE)
    assert raised.value.code == "not_a_letter"
    assert raised.value.message.startswith("odd.txt: this is not an IMR Final Determination letter")
    assert "a case number alone is not enough" in raised.value.message
    assert "printer" not in raised.value.message and "CM99" not in raised.value.message  # never its contents


def test_one_landmark_without_a_case_number_is_not_a_letter() -> None:
    with pytest.raises(LetterError) as raised:
        parse_text("Minutes of the meeting\nCLINICAL CASE SUMMARY\nNothing else here.\n", SOURCE)
    assert raised.value.code == "not_a_letter" and "case_summary" in raised.value.message


def test_every_corpus_letter_shows_the_landmarks_of_a_letter(letter_path: Path, read_corpus) -> None:
    letter, _document = read_corpus(letter_path)  # the 64 PDFs and the 5 older text letters (no case number)
    assert letter.decisions


def _first_part(text: str, landmark: str) -> str:
    return text[: text.index(landmark)]


def test_parts_of_a_letter_that_show_its_structure_are_letters(corpus_dir: Path, read_corpus) -> None:
    """A letter's first page (header and the MAXIMUS wording) or its decisions without the first
    pages still read; a letter's text without its header but with its headings too."""
    clean = read_corpus(corpus_dir / "dwc-2016" / "CM16-0248698.pdf")[0]
    first_page = _first_part(clean.text, "CLINICAL CASE SUMMARY")
    assert parse_text(first_page, SOURCE).header == clean.header
    decisions = clean.text[clean.text.index("IMR ISSUES"):]
    assert len(parse_text(decisions, SOURCE).decisions) == len(clean.decisions)
    seed = read_corpus(corpus_dir / "seeds" / "001_c994fe4c4b6b30f4.txt")[0]
    assert seed.header.case_number is None and seed.decisions


def test_a_letter_with_only_its_case_number_left_is_refused(corpus_dir: Path, read_corpus) -> None:
    """The header table alone (case number and dates) is what a batch report's row also shows."""
    clean = read_corpus(corpus_dir / "dwc-2016" / "CM16-0248698.pdf")[0]
    with pytest.raises(LetterError) as raised:
        parse_text(_first_part(clean.text, "HOW THE IMR"), SOURCE)
    assert "a case number alone is not enough" in raised.value.message


def test_report_kinds_are_told_apart() -> None:
    assert imr_desk_report_kind("") is None
    assert imr_desk_report_kind("Confidential \u2014 contains medical information\n") is None  # notice alone
    assert imr_desk_report_kind(f"Anything\nConfidential \u2014 contains medical information \u00b7 {REPORT_MARK}") == (
        "report")
    buffer = io.BytesIO()
    build_case_summary(invented_record(), buffer)
    with pymupdf.open(stream=buffer.getvalue()) as document:
        assert imr_desk_report_kind(document[0].get_text()) == "case summary"


@pytest.mark.parametrize("name", ["case summary", "batch report"])
def test_a_report_stripped_of_every_mark_still_lacks_a_letters_structure(name: str, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    REPORTS[name](path)
    text = _pdf_text(path)
    for mark in (f" \u00b7 {REPORT_MARK}", "Confidential \u2014 contains medical information",
                 "CONFIDENTIAL \u2014 CONTAINS MEDICAL INFORMATION"):
        text = text.replace(mark, "")
    assert imr_desk_report_kind(text) is None
    with pytest.raises(LetterError, match="a case number alone is not enough"):
        parse_text(text, Source(file=path.name, kind="text"))
