"""Helpers shared by the report tests (no tests here): PDF text read-back and invented records.

`pdf_pages_text` reads a report back with pymupdf, one string per page with white space
collapsed, so a value wrapped over two lines is still found; `pdf_body_text` leaves out the
page headers and footers, so text that runs across a page break reads on. `invented_record` builds a
`CaseRecord` by hand (an invented letter with one partial approval, corrections, notes and a
review state) for tests that need precise control of every value.
"""

from __future__ import annotations

import io
from pathlib import Path

import pymupdf

from imr_desk.core.model import Decision, Header, Letter, Patient, Reviewer, Source, collapse_whitespace
from imr_desk.core.records import Annotation, CaseRecord, Correction, ReviewState
from imr_desk.core.reports.pages import MARGIN_BOTTOM, MARGIN_TOP, PAGE_HEIGHT, PAGE_WIDTH

SHA256 = "3f2a9c1b77e0d4aa" + "0" * 48


def _open(source: bytes | Path | io.BytesIO) -> pymupdf.Document:
    if isinstance(source, io.BytesIO):
        source = source.getvalue()
    return pymupdf.open(stream=source, filetype="pdf") if isinstance(source, bytes) else pymupdf.open(source)


def pdf_pages_text(source: bytes | Path | io.BytesIO) -> list[str]:
    """The text of each page of a PDF, white space collapsed."""
    with _open(source) as document:
        return [collapse_whitespace(page.get_text()) for page in document]


def pdf_body_text(source: bytes | Path | io.BytesIO) -> str:
    """The text inside the page margins of every page (no header or footer), as one string."""
    body = pymupdf.Rect(0, MARGIN_TOP - 2, PAGE_WIDTH, PAGE_HEIGHT - MARGIN_BOTTOM + 2)
    with _open(source) as document:
        return collapse_whitespace(" ".join(page.get_text(clip=body) for page in document))


def invented_letter() -> Letter:
    """An invented letter: one plain upheld decision, one partial approval overturned."""
    text = "Case Number: CM16-9000001\nThe injured worker is a 52 year old female.\n"
    return Letter(
        source=Source(file="CM16-9000001.pdf", sha256=SHA256, pages=2),
        header=Header(case_number="CM16-9000001", date_assigned="2016-11-09", decision_date="2016-12-09",
                      date_of_injury="2016-10-13", ur_denial_date="2016-11-03",
                      application_received="2016-11-04", priority="Standard"),
        reviewer=Reviewer(["California", "North Carolina"], ["Family Practice"]),
        patient=Patient(age=52, sex="female", date_of_injury="2016-10-13"),
        case_summary="The injured worker is a 52 year old female with chronic low back pain.",
        decisions=[
            Decision(request="MRI of the lumbar spine without contrast", outcome="upheld",
                     claims_administrator_guideline="Decision based on MTUS Low Back Complaints 2004.",
                     maximus_guideline="Decision based on MTUS Low Back Complaints 2004, Section(s): Imaging.",
                     rationale="Imaging is not indicated in the absence of red flags."),
            Decision(request="Physical therapy 12 sessions", outcome="overturned",
                     original_request="Physical therapy 18 sessions",
                     authorized="Physical therapy 6 sessions",
                     maximus_guideline="Decision based on MTUS Chronic Pain Medical Treatment Guidelines 2016.",
                     rationale="Guidelines support a short course of active therapy."),
        ],
        text=text,
    )


def invented_record(notes: list[str] | None = None) -> CaseRecord:
    """A stored-looking record of `invented_letter` with a correction, notes and a review."""
    letter = invented_letter()
    parsed = invented_letter()
    parsed.header.decision_date = "2016-12-08"
    corrections = [
        Correction(1, 1, None, "header.decision_date", "2016-12-08", "2016-12-09", None, "mlopez",
                   "2016-12-12T17:03:00+00:00"),
        Correction(2, 1, "p1", "request", "Physical therapy 21 sessions", "Physical therapy 12 sessions",
                   None, "mlopez", "2016-12-12T17:05:00+00:00"),
    ]
    annotations = [
        Annotation(index + 1, 1, note, "follow-up" if index == 0 else None,
                   (0, 25) if index == 0 else None, [], "jdoe", f"2016-12-13T09:0{index % 10}:00+00:00")
        for index, note in enumerate(notes if notes is not None else ["Ask the client for the PR-2 of 11/15."])
    ]
    return CaseRecord(
        letter_id=1, letter=letter, parsed=parsed, decision_keys=["p0", "p1"], corrections=corrections,
        annotations=annotations, review=ReviewState("verified", "jdoe", "2016-12-14T10:00:00+00:00"),
        version=4, file_name="CM16-9000001.pdf", sha256=SHA256, imported_at="2016-12-12T08:00:00+00:00",
    )
