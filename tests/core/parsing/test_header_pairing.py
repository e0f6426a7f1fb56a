"""Header values stay with their own labels: a missing value never takes the next label's.

Each header value of a letter is blanked in turn (deleted from the text, or redacted from the
PDF and the PDF's text extracted again by the app, ``pdftotext -layout``, pypdf and plain
``pdftotext``); exactly that field is then empty with a "no value found" warning and every other
field keeps its value. Header dates out of the case's order (injury ≤ UR denial ≤ application
received ≤ date assigned ≤ decision date) give a warning on each field of the pair.
"""

from __future__ import annotations

import datetime
import io
import subprocess
from dataclasses import asdict
from pathlib import Path

import pymupdf
import pypdf
import pytest

from imr_desk.core.model import FieldWarning, Letter, Source
from imr_desk.core.parsing.header_dates import order_conflicts
from imr_desk.core.parsing.letters import read_letter
from imr_desk.core.parsing.parser import parse_text
from tests.support.letter_checks import assert_field_warnings_hold

TODAY = datetime.date(2026, 11, 23)
SOURCE = Source(file="blanked.txt", kind="text")
HEADER_FIELDS = ("case_number", "date_assigned", "decision_date", "date_of_injury", "ur_denial_date",
                 "application_received", "priority")
SHOWN = {"case_number": "Case Number", "date_assigned": "Date Assigned", "decision_date": "Decision Date",
         "date_of_injury": "Date of Injury", "ur_denial_date": "UR Denial Date",
         "application_received": "Application Received", "priority": "Priority"}
REDACTED_LETTERS = ("CM16-0248698.pdf", "CM17-0013754.pdf")


def _header_warnings(letter: Letter) -> list[FieldWarning]:
    return [w for w in letter.field_warnings if w.field.startswith("header.")]


def _blank_in_text(clean: Letter, name: str) -> str:
    start, end = clean.spans[f"header.{name}"]
    return clean.text[:start] + clean.text[end:]


def _assert_only_blanked(letter: Letter, clean: Letter, name: str) -> None:
    assert_field_warnings_hold(letter)
    header, wanted = asdict(letter.header), asdict(clean.header)
    assert header[name] is None
    assert {n: v for n, v in header.items() if n != name} == {n: v for n, v in wanted.items() if n != name}
    assert _header_warnings(letter) == [FieldWarning(f"header.{name}", f"header: no value found for {SHOWN[name]!r}")]


@pytest.mark.parametrize("name", HEADER_FIELDS)
def test_a_blanked_value_in_a_text_letter_moves_no_other_value(name: str, pdf_path: Path, read_corpus) -> None:
    clean = read_corpus(pdf_path)[0]
    letter = parse_text(_blank_in_text(clean, name), SOURCE, today=TODAY)
    _assert_only_blanked(letter, clean, name)
    assert letter.warnings == [f"header: no value found for {SHOWN[name]!r}"]


def test_a_blank_decision_date_does_not_take_the_ur_denial_date(corpus_dir: Path, read_corpus) -> None:
    """The issue's case: the UR denial date became the decision date, the application date the
    UR denial date, and the only warning was about "Application received"."""
    clean = read_corpus(corpus_dir / "dwc-2016" / "CM16-0248698.pdf")[0]
    letter = parse_text(_blank_in_text(clean, "decision_date"), SOURCE, today=TODAY)
    assert (letter.header.decision_date, letter.header.ur_denial_date, letter.header.application_received) == (
        None, "2016-12-23", "2016-12-28")
    assert letter.warnings == ["header: no value found for 'Decision Date'"]


INVENTED_HEAD = """Case Number:   CM16-0999999
Date Assigned:  11/09/2016          Date of Injury:  10/13/2016
Decision Date:  12/09/2016          UR Denial Date:  11/03/2016
Priority:  Standard                 Application Received:  11/04/2016

HOW THE IMR FINAL DETERMINATION WAS MADE
MAXIMUS Federal Services sent the complete case file to an expert reviewer.
"""
INVENTED_VALUES = {"case_number": "CM16-0999999", "date_assigned": "11/09/2016", "date_of_injury": "10/13/2016",
                   "decision_date": "12/09/2016", "ur_denial_date": "11/03/2016",
                   "application_received": "11/04/2016", "priority": "Standard"}


@pytest.mark.parametrize("name", HEADER_FIELDS)
def test_a_blanked_value_in_a_two_column_line_moves_no_other_value(name: str) -> None:
    clean = parse_text(INVENTED_HEAD, SOURCE, today=TODAY)
    assert _header_warnings(clean) == []
    blanked = INVENTED_HEAD.replace(INVENTED_VALUES[name], " " * len(INVENTED_VALUES[name]), 1)
    _assert_only_blanked(parse_text(blanked, SOURCE, today=TODAY), clean, name)


def _redacted(pdf: Path, value: str) -> bytes:
    with pymupdf.open(pdf) as document:
        page = document[0]
        page.add_redact_annot(page.search_for(value)[0])
        page.apply_redactions()
        return document.tobytes(encryption=pymupdf.PDF_ENCRYPT_NONE)


def _extracted(data: bytes, tmp_path: Path) -> dict[str, str]:
    path = tmp_path / "redacted.pdf"
    path.write_bytes(data)

    def pdftotext(*options: str) -> str:
        command = ["pdftotext", *options, "-enc", "UTF-8", str(path), "-"]
        return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout

    return {
        "pymupdf": read_letter(path, ocr=False)[0].text,
        "pdftotext -layout": pdftotext("-layout"),
        "pypdf": "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages),
        "pdftotext": pdftotext(),
    }


@pytest.mark.parametrize("name", HEADER_FIELDS)
@pytest.mark.parametrize("file_name", REDACTED_LETTERS)
def test_a_value_missing_from_the_pdf_moves_no_other_value_in_any_extraction(
    file_name: str, name: str, corpus_dir: Path, read_corpus, tmp_path: Path
) -> None:
    pdf = corpus_dir / "dwc-2016" / file_name
    clean = read_corpus(pdf)[0]
    written = clean.text[slice(*clean.spans[f"header.{name}"])]
    for tool, text in _extracted(_redacted(pdf, written), tmp_path).items():
        letter = parse_text(text, SOURCE, today=TODAY)
        if tool != "pdftotext":
            _assert_only_blanked(letter, clean, name)
            continue
        # Plain pdftotext prints a column's labels, then its values: with one value gone the
        # text does not say whose it was. No value may land on another label; a label it may
        # belong to stays empty and says why.
        assert_field_warnings_hold(letter)
        header, wanted = asdict(letter.header), asdict(clean.header)
        assert header[name] is None
        assert all(value in (None, wanted[field]) for field, value in header.items()), tool
        for field, value in header.items():
            if value is None and field != name:
                [warning] = [w for w in _header_warnings(letter) if w.field == f"header.{field}"]
                assert "the text does not say which" in warning.message
        assert [w.field for w in _header_warnings(letter)] == [
            f"header.{field}" for field in HEADER_FIELDS if header[field] is None]


def test_every_corpus_letters_header_dates_are_in_the_cases_order(pdf_path: Path, read_corpus) -> None:
    """The order the check warns about holds for every real letter (64 of 64)."""
    header = asdict(read_corpus(pdf_path)[0].header)
    assert order_conflicts(header) == []


def test_dates_out_of_order_are_warned_about_on_each_field_involved(corpus_dir: Path, read_corpus) -> None:
    clean = read_corpus(corpus_dir / "dwc-2016" / "CM16-0248698.pdf")[0]  # UR 12/23/2016, application 12/28/2016
    ur, application = (clean.spans[f"header.{name}"] for name in ("ur_denial_date", "application_received"))
    text = clean.text
    swapped = (text[: ur[0]] + text[slice(*application)] + text[ur[1] : application[0]] + text[slice(*ur)]
               + text[application[1] :])
    letter = parse_text(swapped, SOURCE, today=TODAY)
    assert_field_warnings_hold(letter)
    assert (letter.header.ur_denial_date, letter.header.application_received) == ("2016-12-28", "2016-12-23")
    assert letter.field_warnings == [
        FieldWarning("header.ur_denial_date", "header: 'UR Denial Date' (12/28/2016) is after "
                     "'Application Received' (12/23/2016) (dates out of order; please check)"),
        FieldWarning("header.application_received", "header: 'Application Received' (12/23/2016) is before "
                     "'UR Denial Date' (12/28/2016) (dates out of order; please check)"),
    ]


def test_a_decision_date_before_the_date_assigned_is_warned_about() -> None:
    text = INVENTED_HEAD.replace("12/09/2016", "11/01/2016")
    letter = parse_text(text, SOURCE, today=TODAY)
    assert letter.header.decision_date == "2016-11-01"
    warnings = _header_warnings(letter)
    assert [w.field for w in warnings] == ["header.date_assigned", "header.decision_date"]
    assert "'Decision Date' (11/01/2016) is before 'Date Assigned' (11/09/2016)" in warnings[1].message


def test_order_conflicts_compare_neighbours_among_the_dates_given() -> None:
    assert order_conflicts({"date_of_injury": "2016-10-13", "decision_date": "2016-12-09"}) == []
    assert order_conflicts({"date_of_injury": "2016-12-10", "ur_denial_date": None,
                            "decision_date": "2016-12-09"}) == [("date_of_injury", "decision_date")]
    assert order_conflicts({"ur_denial_date": "2016-11-03", "application_received": "2016-11-03"}) == []
