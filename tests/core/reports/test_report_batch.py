"""Batch reports read back with pymupdf: rows, totals, overturn rate, optional case summaries."""

from __future__ import annotations

import copy
import io
import re
from datetime import UTC, datetime

import pytest

from imr_desk.core.model import Decision
from imr_desk.core.records import CaseRecord, ReviewState
from imr_desk.core.reports.batch import batch_totals, build_batch_report, percent
from tests.support.report_support import invented_record, pdf_body_text, pdf_pages_text

GENERATED = datetime(2016, 12, 15, 14, 5, tzinfo=UTC)


def selection(count: int) -> list[CaseRecord]:
    """`count` invented records with distinct case numbers, outcomes and review states."""
    records = []
    for index in range(count):
        record = invented_record()
        record.letter.header.case_number = f"CM16-90{index:05d}"
        record.letter.header.decision_date = f"2016-12-{index % 28 + 1:02d}"
        record.review = ReviewState(("unreviewed", "in_review", "verified")[index % 3], "jdoe",
                                    "2016-12-14T10:00:00+00:00")
        if index % 2:
            record.letter.decisions.append(Decision(request=f"Extra request {index}", outcome="upheld",
                                                    rationale="Not medically necessary."))
            record.decision_keys.append(f"a{index}")
        records.append(record)
    return records


def build(records: list[CaseRecord], **options: object) -> tuple[int, list[str], str]:
    buffer = io.BytesIO()
    pages = build_batch_report(records, buffer, generated_at=GENERATED, **options)
    return pages, pdf_pages_text(buffer), pdf_body_text(buffer)


def test_totals_and_overturn_rate() -> None:
    records = selection(4)  # decisions 2, 3, 2, 3: one overturned in each letter
    totals = batch_totals(records)
    assert (totals.letters, totals.decisions, totals.upheld, totals.overturned) == (4, 10, 6, 4)
    assert totals.letters_with_overturn == 4
    assert totals.overturn_rate == pytest.approx(0.4)
    assert percent(totals.overturn_rate) == "40.0%"
    assert totals.review_states == {"unreviewed": 2, "in_review": 1, "verified": 1}
    assert batch_totals([]).overturn_rate is None and percent(None) == "\u2014"


def test_one_row_per_letter_with_totals() -> None:
    records = selection(5)
    pages, texts, body = build(records, title="Smith v. Acme <Intake> & co")
    assert pages == len(texts) == 2  # the letters, then the statistics
    assert "Total 12 7 5 41.7%" in texts[0] and "OVERTURN RATE BY" in texts[1].upper()
    assert "Smith v. Acme <Intake> & co" in texts[0]
    assert "5 letters \u00b7 12 disputed: 7 upheld, 5 overturned" in body
    for number, record in enumerate(records, start=1):
        letter = record.letter
        day = int(letter.header.decision_date[-2:])
        row = (f"{number} {letter.header.case_number} Dec {day}, 2016 {len(letter.decisions)} "
               f"{letter.upheld_count} {letter.overturned_count}")
        assert row in body
    assert "Total 12 7 5 41.7% 1 verified" in body
    assert "LETTERS DECISIONS OVERTURN RATE VERIFIED 5 12 41.7% 1 of 5" in body
    assert "Page 1 of 2" in texts[0] and "5 letters selected" in texts[0]


def test_review_states_read_in_the_registrys_words() -> None:
    _pages, _texts, body = build(selection(5))  # 2 unreviewed, 2 in review, 1 verified
    assert "with an overturn 2 in review, 2 unreviewed" in body  # was "2 not yet reviewed": one wording now
    assert body.count(" Unreviewed") == 2 and body.count(" In review") == 2


def test_long_selection_repeats_header_and_keeps_every_letter() -> None:
    records = selection(100)
    pages, texts, body = build(records)
    assert pages >= 3
    letter_pages = next(i for i, page in enumerate(texts) if "OVERTURN RATE BY" in page.upper())
    assert letter_pages >= 2  # the letters' table spans pages; the statistics follow it
    assert all("Case number Decision date Decisions Upheld Overturned" in page for page in texts[:letter_pages])
    for record in records:
        assert record.letter.header.case_number in body
    assert re.search(r"Total 250 150 100 40\.0% 33 verified", body)


def test_with_summaries_each_case_follows_on_its_own_pages() -> None:
    records = selection(3)
    pages, texts, _body = build(records, include_summaries=True)
    assert pages > 3
    starts = [i for i, page in enumerate(texts) if "FINAL DETERMINATION \u00b7 CASE SUMMARY" in page]
    assert len(starts) == 3
    for start, record in zip(starts, records):
        assert f"IMR case summary \u00b7 {record.letter.header.case_number}" in texts[start]
        assert f"Source: {record.file_name}" in texts[start]
    assert "letters selected" in texts[0] and "Source:" not in texts[0]
    assert all(f"of {pages}" in page for page in texts)


def test_empty_selection_still_makes_a_clear_page() -> None:
    pages, texts, _body = build([], title="   ")
    assert pages == 1
    assert "IMR batch report" in texts[0]
    assert "No letters were selected." in texts[0]


def test_copies_of_one_stored_case_count_once() -> None:
    """Two files of one case (a PDF and its fax) are one case: never "9 of 11" with a case twice."""
    records = selection(3)
    for case_id, record in enumerate(records, start=1):
        record.case_id = case_id
    fax = copy.deepcopy(records[1])
    fax.letter_id, fax.is_copy_of_record, fax.file_name = 99, False, "fax.pdf"
    given = [records[0], fax, records[1], records[2]]  # the copy first: the copy of record still wins
    assert batch_totals(given) == batch_totals(records)
    _pages, texts, body = build(given, include_summaries=True)
    assert "3 letters \u00b7 7 disputed: 4 upheld, 3 overturned" in body and "3 letters selected" in texts[0]
    assert "1 other copy of a case already listed was left out: each case is counted once." in body
    assert sum("FINAL DETERMINATION \u00b7 CASE SUMMARY" in page for page in texts) == 3  # one per case
    assert "Total 7 4 3" in body and "fax.pdf" not in body
    unstored = [invented_record(), invented_record()]  # not from a store: nothing to merge
    assert batch_totals(unstored).letters == 2


def test_statistics_group_the_decisions_as_corrected() -> None:
    from imr_desk.core.findings import Category, Citation, DecisionCitations

    records = selection(3)
    opioids = Category("Pharmaceuticals", None, "Opioids")
    acoem = Citation("MTUS", "ACOEM", text="ACOEM")
    for record in records:
        for decision in record.letter.decisions:
            decision.category = opioids
            decision.citations = DecisionCitations(maximus=(acoem,))
    records[0].letter.reviewer.specialties = ["Pain <Medicine> & Rehab"]
    _pages, _texts, body = build(records)
    decisions = sum(len(r.letter.decisions) for r in records)
    overturned = sum(r.letter.overturned_count for r in records)
    rate = f"{overturned / decisions * 100:.1f}%"
    assert f"Pharmaceuticals 3 {decisions} {decisions - overturned} {overturned} {rate}" in body
    assert f"Opioids 3 {decisions}" in body and f"MTUS: ACOEM 3 {decisions}" in body
    assert "Pain <Medicine> & Rehab 1" in body  # letter text is escaped, not read as markup
    assert "Overturn rate by drug class" in body and "Overturn rate by decision month" in body
