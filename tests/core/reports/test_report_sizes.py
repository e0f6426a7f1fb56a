"""Report layout stays linear in the size of what it prints (issue 12 item 18).

A 20,000-character case number took 210 s to report and a 1 MB note 174 s: the running title
was shortened one character at a time on every page, and a long paragraph was broken into
lines again, whole, on every page it ran onto. The work is measured without a clock: every
string reportlab measures goes through `TTFont.stringWidth`, so the characters it measures
count the layout's work, and doubling a value must not much more than double them.
Long values still print in full, wrapped.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from imr_desk.core.model import collapse_whitespace
from imr_desk.core.records import CaseRecord
from imr_desk.core.reports.batch import build_batch_report
from imr_desk.core.reports.summary import build_case_summary
from tests.support.report_support import invented_record, pdf_body_text, pdf_pages_text


@contextmanager
def measured_characters() -> Iterator[list[int]]:
    """Count the characters reportlab measures while the block runs (one total in a list)."""
    total = [0]
    original = TTFont.stringWidth

    def counting(self: TTFont, text: str, size: float, encoding: str = "utf8") -> float:
        total[0] += len(text)
        return original(self, text, size, encoding)

    setattr(TTFont, "stringWidth", counting)  # noqa: B010  (a method replaced for the block)
    try:
        yield total
    finally:
        setattr(TTFont, "stringWidth", original)  # noqa: B010


def _summary_work(record: CaseRecord) -> int:
    with measured_characters() as total:
        build_case_summary(record, io.BytesIO())
    return total[0]


def _set_case_number(record: CaseRecord, text: str) -> None:
    record.letter.header.case_number = text


def _set_request(record: CaseRecord, text: str) -> None:
    record.letter.decisions[0].request = text


def _set_note(record: CaseRecord, text: str) -> None:
    record.annotations[0].note = text


def _set_rationale(record: CaseRecord, text: str) -> None:
    record.letter.decisions[1].rationale = text


def _set_case_summary(record: CaseRecord, text: str) -> None:
    record.letter.case_summary = text


def _set_corrected_value(record: CaseRecord, text: str) -> None:
    record.corrections[1].new_value = text


def _set_tag(record: CaseRecord, text: str) -> None:
    record.annotations[0].tag = text


SETTERS: dict[str, Callable[[CaseRecord, str], None]] = {
    "case number": _set_case_number, "request": _set_request, "note": _set_note,
    "rationale": _set_rationale, "case summary": _set_case_summary,
    "corrected value": _set_corrected_value, "note tag": _set_tag,
}


def _unbroken(size: int) -> str:
    return "7" * size


def _words(size: int) -> str:
    return ("medically necessary " * (size // 20 + 1))[:size]


@pytest.mark.parametrize("where", list(SETTERS))
@pytest.mark.parametrize(("text_of", "size"), [(_unbroken, 2_000), (_words, 12_000)],
                         ids=["unbroken run", "words"])
def test_layout_work_grows_linearly_with_a_value(where: str, text_of: Callable[[int], str],
                                                 size: int) -> None:
    works = []
    for length in (size, 2 * size):
        record = invented_record(["A short note."])
        SETTERS[where](record, text_of(length))
        works.append(_summary_work(record))
    baseline = _summary_work(invented_record(["A short note."]))
    assert works[1] - baseline < 2.6 * (works[0] - baseline) + 20_000, (where, works, baseline)


def test_batch_title_work_grows_linearly() -> None:
    works = []
    for length in (2_000, 4_000):
        with measured_characters() as total:
            build_batch_report([invented_record()], io.BytesIO(), title=_unbroken(length))
        works.append(total[0])
    assert works[1] < 2.6 * works[0] + 20_000, works


def test_a_long_unbroken_case_number_prints_in_full_and_the_running_title_is_short() -> None:
    record = invented_record()
    case_number = "".join(str(index % 10) for index in range(3_000))
    record.letter.header.case_number = case_number
    buffer = io.BytesIO()
    pages = build_case_summary(record, buffer)
    assert pages >= 2
    assert case_number in pdf_body_text(buffer).replace(" ", "")
    for page_text in pdf_pages_text(buffer):
        title = page_text.split("IMR case summary \u00b7 ", 1)[1]
        assert "\u2026" in title and title.index("\u2026") <= 80, title[:100]


def test_long_notes_and_rationales_print_in_full_across_pages() -> None:
    note = " ".join(f"note{index}" for index in range(8_000))
    unbroken_note = "".join(chr(ord("a") + index % 26) for index in range(6_000))
    record = invented_record([note, unbroken_note])
    record.letter.decisions[1].rationale = "<b>&amp; " + _words(30_000)
    buffer = io.BytesIO()
    pages = build_case_summary(record, buffer)
    text = pdf_body_text(buffer)
    assert pages >= 5
    assert note in text
    assert unbroken_note in text.replace(" ", "")
    assert collapse_whitespace("<b>&amp; " + _words(30_000)) in text


def test_a_cell_nearly_a_page_tall_splits_instead_of_raising_layout_error() -> None:
    # Found by the fuzz test: the corrections row came out a little shorter than a page, and
    # reportlab would not split it (less than SPLIT_IN_ROW points left for the next page) on
    # any page, so the report failed with LayoutError.
    def repeated(text: str) -> str:
        return text * (1_600 // len(text) + 1)

    record = invented_record([repeated("\x1f\x1f00")])
    record.letter.header.case_number = repeated("\u00c4\x11\u00dc")
    record.letter.decisions[0].request = record.letter.decisions[1].original_request = repeated("kind")
    value = repeated("000000I\x1f\x1f\u00a9\u00d0")
    record.letter.decisions[0].maximus_guideline = record.corrections[1].new_value = value
    record.annotations[0].tag = repeated(":")
    buffer = io.BytesIO()
    pages = build_batch_report([record], buffer, include_summaries=True, title=record.letter.header.case_number)
    assert pages >= 5
    assert pdf_body_text(buffer).count("\u00a9") == 3 * value.count("\u00a9")  # table, rationale, correction
