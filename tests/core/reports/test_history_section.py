"""The printed History section (core/reports/history_section.py): read back from a PDF."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pymupdf

from imr_desk.core.history_words import from_to_runs, step_value
from imr_desk.core.records import HistoryEntry
from imr_desk.core.reports.history_section import NO_EDITS, history_section, runs_markup
from imr_desk.core.reports.pages import PageContext, write_report
from imr_desk.core.store import ANY_VERSION, Store
from tests.support.report_support import pdf_body_text
from tests.support.store_fixtures import add_letter, invented_letter

RATIONALE = ("The records show six prior visits with no documented functional improvement, and no new "
             "injury or flare is described in the notes of the treating physician. " * 3)


ARTIFACTS = Path(__file__).resolve().parents[2] / "_artifacts"


def printed(entries: list[HistoryEntry], shot: str = "") -> str:
    """The body text of a PDF holding the section (and, with `shot`, its first page as a PNG)."""
    buffer = io.BytesIO()
    story = [PageContext("History test", "invented"), *history_section(entries)]
    write_report(story, buffer, context=PageContext("History test", "invented"),
                 generated_at=datetime(2026, 11, 23, tzinfo=UTC), title="History test")
    if shot:
        ARTIFACTS.mkdir(exist_ok=True)
        with pymupdf.open(stream=buffer.getvalue(), filetype="pdf") as document:
            document[0].get_pixmap(dpi=90).save(str(ARTIFACTS / f"{shot}.png"))
    return " ".join(pdf_body_text(buffer).split())


def test_history_prints_oldest_first_with_undo_who_and_when() -> None:
    entries = [
        HistoryEntry(2, 7, "undo", "Priority", step_value(1, "correct", "Expedited"),
                     step_value(1, "correct", None), "jon", "2026-11-23T11:30:00Z", undone=True),
        HistoryEntry(1, 7, "correct", "Priority", None, "Expedited", "maria", "2026-11-23T10:01:00Z", undone=True),
        HistoryEntry(3, 7, "correct", "Decision 1 · Rationale", RATIONALE,
                     RATIONALE.replace("six", "sixteen", 1), "maria", "2026-11-23T12:00:00Z"),
    ]
    text = printed(entries, "history_section")
    assert text.index("Corrected: Priority (undone)") < text.index("Undid “Corrected: Priority”")
    assert "jon" in text and "maria" in text and "2026" in text
    assert "sixteen" in text and "six prior" in text and "…" in text


def test_diff_markup_strikes_and_underlines_and_escapes() -> None:
    before, after = from_to_runs("Take <b>one</b> tablet & rest daily now",
                                 "Take <b>two</b> tablets & rest daily now")
    struck, put_in = runs_markup(before), runs_markup(after)
    assert "<strike>&lt;b&gt;one&lt;/b&gt;" in struck and "<u>" not in struck
    assert "<u>&lt;b&gt;two&lt;/b&gt; tablets</u>" in put_in and "&amp; rest" in put_in


def test_hostile_values_print_literally() -> None:
    hostile = {"note": "<font color=red>x</font> & <b>", "tag": None, "span": None}
    entries = [HistoryEntry(1, 7, "annotate", "Note", None, hostile, "<script>", "2026-11-23T10:00:00Z")]
    text = printed(entries)
    assert "<font color=red>x</font> & <b>" in text and "<script>" in text


def test_empty_history_says_so() -> None:
    assert NO_EDITS in printed([])


def test_a_stored_letters_history_prints(tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as store:
        letter_id = add_letter(store, invented_letter())
        store.correct(letter_id, "header.priority", "Expedited", expected_version=ANY_VERSION)
        store.undo(letter_id, expected_version=ANY_VERSION)
        store.annotate(letter_id, "Call the adjuster", tag="todo", expected_version=ANY_VERSION)
        text = printed(store.history(letter_id))
    assert "Added note: Note (todo)" in text and "Undid" in text and "[todo] Call the adjuster" in text
