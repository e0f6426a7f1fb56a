"""The findings in the case summary PDF (core/reports/findings_section.py), read back: each
decision's treatment category and citations, the diagnoses in the patient block, the Checks
section (words, code, severity, message and the quoted evidence, escaped), and a corrected
category marked. The first pages are saved as tests/_artifacts/report_findings_*.png."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pymupdf

from imr_desk.core.analysis.analyse import analyse
from imr_desk.core.findings import Check, Diagnosis
from imr_desk.core.records import CaseRecord
from imr_desk.core.reports.findings_section import checks_section, evidence_text
from imr_desk.core.reports.summary import build_case_summary, unstored_record
from imr_desk.core.store import ANY_VERSION, Store
from tests.support.findings_fixtures import OPIOIDS, necessary_letter
from tests.support.report_support import invented_letter, pdf_body_text
from tests.support.store_fixtures import add_letter

ARTIFACTS = Path(__file__).resolve().parents[2] / "_artifacts"
HOSTILE = "Date of injury: <b>10/18/2016</b> & R&D <i>not closed"


def printed(record: CaseRecord, shot: str = "") -> str:
    """The body text of the record's case summary (and, with `shot`, its pages as PNGs)."""
    buffer = io.BytesIO()
    build_case_summary(record, buffer, generated_at=datetime(2026, 12, 2, tzinfo=UTC))
    if shot:
        ARTIFACTS.mkdir(exist_ok=True)
        with pymupdf.open(stream=buffer.getvalue(), filetype="pdf") as document:
            for number, page in enumerate(document, start=1):
                page.get_pixmap(dpi=90).save(str(ARTIFACTS / f"{shot}_{number}.png"))
    return " ".join(pdf_body_text(buffer).split())


def _letter_with_findings() -> CaseRecord:
    letter = analyse(invented_letter())
    start = len(letter.text)
    letter.text += HOSTILE + "\n"
    letter.patient.diagnoses = [Diagnosis("chronic low back pain", (0, 1)), Diagnosis("lumbar strain", (2, 3))]
    letter.checks = [
        Check("specialty_fit", "info", "Decision 2 was reviewed by Family Practice.", ("reviewer.specialties",)),
        Check("doi_mismatch", "warn", "The header's date of injury <10/13/2016> differs from the summary's.",
              ("header.date_of_injury",), ((start, start + len(HOSTILE)),)),
        Check("repeat_after", "info", "Decision 1 may be requested again after 2017-11-03.", ()),
    ]
    return unstored_record(letter)


def test_the_summary_prints_each_decisions_category_and_citations() -> None:
    record = _letter_with_findings()
    text = printed(record, "report_findings")
    assert "Treatment category: Diagnostic Testing · Imaging / Radiology" in text
    assert "Treatment category: Rehabilitation · Physical Therapy/Occupational Therapy (PT/OT)" in text
    assert "Citations — Claims administrator: MTUS: ACOEM Low Back Complaints (2004)" in text
    assert "Expert reviewer: MTUS: ACOEM Low Back Complaints, Imaging (2004)" in text
    assert "Diagnoses chronic low back pain; lumbar strain" in text


def test_the_checks_section_lists_warnings_first_with_their_evidence_escaped() -> None:
    text = printed(_letter_with_findings())
    checks = text[text.index("Checks Check Severity"):]
    assert checks.index("Date of injury differs doi_mismatch Warning") < checks.index(
        "Reviewer's specialty specialty_fit Information")
    assert "The header's date of injury <10/13/2016> differs from the summary's." in checks
    assert f"“{HOSTILE}”" in checks
    assert "May be requested again" not in checks  # a deadline check: under Deadlines


def test_a_letter_without_checks_says_so() -> None:
    record = unstored_record(invented_letter())
    text = printed(record)
    assert "No check found anything to look at in this letter" in text
    assert "Treatment category: not categorised" in text


def test_evidence_is_the_letters_words_quoted_and_cut() -> None:
    text = "aaa two  \n words " + "b" * 600
    start, end = text.index("two"), text.index("words") + 5
    check = Check("doi_mismatch", "warn", "m", (), ((start, end), (start, end), (end, len(text)), (0, 0)))
    quoted = evidence_text(check, text)
    assert quoted.startswith("“two words” · “b") and quoted.count("“") == 2 and quoted.endswith("…”")
    assert len(quoted) < 300
    assert len(checks_section(unstored_record(invented_letter()).letter)) == 3


def test_a_corrected_category_and_the_checks_of_a_corrected_outcome(tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as store:
        letter_id = add_letter(store, necessary_letter())
        store.correct(letter_id, "category", OPIOIDS, decision_key="p0", expected_version=ANY_VERSION)
        store.correct(letter_id, "outcome", "overturned", decision_key="p0", expected_version=ANY_VERSION)
        record = store.load(letter_id)
    text = printed(record, "report_findings_corrected")
    assert f"Treatment category: {OPIOIDS}†" in text
    assert "Outcome against its rationale outcome_rationale_conflict Warning" in text
    assert "Decision 1 · Treatment category" in text  # in the corrections table
