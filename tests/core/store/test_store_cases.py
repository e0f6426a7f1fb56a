"""Each case is stored once: a second file of a case number is a copy of that case (issue 12 item 4).

The queue, search, exports and counts show the case once, by its copy of record (the first
imported until the user chooses another); `copies()` says what tells the copies apart and which
parsed fields differ; only the copy of record takes edits.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pymupdf
import pytest

from imr_desk.core import fields
from imr_desk.core.model import Decision, Letter
from imr_desk.core.store import ANY_VERSION, SearchFilters, Store
from imr_desk.core.store.cases import ReadOnlyLetterError
from tests.support.store_fixtures import add_letter, invented_letter

CASE = "CM16-0229336"


def second_copy(case_number: str = "CM16-9000001", *, decision_date: str = "2016-12-09",
                second_outcome: str = "overturned", rationale_word: str = "") -> Letter:
    """Another file of `invented_letter(case_number)`: other bytes, some values changed."""
    letter = invented_letter(case_number, decision_date=decision_date)
    letter.decisions[1].outcome = second_outcome
    if rationale_word:
        letter.decisions[0].rationale += f" {rationale_word}"
    letter.text += "Faxed copy received 12/12/2016.\n"
    letter.source.sha256 = hashlib.sha256(letter.text.encode()).hexdigest()
    letter.source.file = f"{case_number} fax.txt"
    return letter


@pytest.fixture
def pdf_and_text_copy(tmp_path: Path, corpus_dir: Path) -> tuple[Path, Path]:
    """A corpus letter and a pdftotext-style text copy of it (the same case, other bytes)."""
    pdf = corpus_dir / "dwc-2016" / f"{CASE}.pdf"
    text = tmp_path / f"{CASE} pdftotext.txt"
    with pymupdf.open(pdf) as document:
        text.write_text("\n".join(page.get_text() for page in document), encoding="utf-8")
    return pdf, text


def test_a_second_file_of_a_case_is_a_copy_of_it_not_another_letter(
    store: Store, pdf_and_text_copy: tuple[Path, Path]
) -> None:
    pdf, text = pdf_and_text_copy
    first = store.import_file(pdf)
    copy = store.import_file(text)
    assert (first.status, copy.status) == ("imported", "copy")
    assert f"copy of {CASE} already in the store" in copy.message
    assert copy.copy_of == first.letter_id and copy.case_number == CASE
    assert copy.letter_id not in (None, first.letter_id)
    assert store.original_bytes(copy.letter_id) == text.read_bytes()  # its own bytes and parse are kept
    assert store.load(copy.letter_id).letter.source.kind == "text"
    assert store.count() == 1
    [row] = store.queue()
    assert (row.letter_id, row.case_number, row.copies) == (first.letter_id, CASE, 2)
    again = store.import_file(text)
    assert again.status == "duplicate" and again.letter_id == copy.letter_id
    assert "already in the store (a copy of CM16-0229336)" in again.message


def test_copies_tell_the_files_apart_and_name_the_parsed_fields_that_differ(store: Store) -> None:
    record_id = add_letter(store, invented_letter())
    copy_id = add_letter(store, second_copy(decision_date="2016-12-19", second_outcome="upheld"))
    same_id = add_letter(store, second_copy(rationale_word=""))  # other bytes, same values
    copies = store.copies(copy_id)
    assert [c.letter_id for c in copies] == [record_id, copy_id, same_id]
    assert store.copies("cm16-9000001") == copies and store.copies("CM99-0000000") == []
    record, copy, same = copies
    assert record.is_copy_of_record and not copy.is_copy_of_record
    assert (copy.file_name, copy.kind, copy.ocr, copy.pages) == ("CM16-9000001 fax.txt", "text", False, 1)
    assert copy.imported_at and copy.sha256 != record.sha256
    assert record.differing_fields == [] and same.differing_fields == []
    assert copy.differing_fields == ["header.decision_date", "decisions[1].outcome"]
    assert all(fields.is_field_key(key) for key in copy.differing_fields)


def test_a_decision_only_one_copy_has_differs_in_each_of_its_fields(store: Store) -> None:
    add_letter(store, invented_letter(decisions=2))
    amended = invented_letter(decisions=3)
    amended.text += "Amended.\n"
    amended.source.sha256 = hashlib.sha256(amended.text.encode()).hexdigest()
    copy_id = add_letter(store, amended)
    differing = store.copies(copy_id)[1].differing_fields
    assert "decisions[2].request" in differing and "decisions[2].outcome" in differing
    assert not [key for key in differing if not key.startswith("decisions[2].")]


def test_only_the_copy_of_record_takes_edits(store: Store) -> None:
    record_id = add_letter(store, invented_letter())
    copy_id = add_letter(store, second_copy())
    version = store.version(copy_id)
    edits = (
        lambda: store.correct(copy_id, "header.priority", "Expedited", expected_version=version),
        lambda: store.add_decision(copy_id, Decision("Heat pack", "upheld"), expected_version=version),
        lambda: store.delete_decision(copy_id, "p0", expected_version=version),
        lambda: store.annotate(copy_id, "Call the clinic", expected_version=version),
        lambda: store.set_review_state(copy_id, "verified", expected_version=version),
        lambda: store.undo(copy_id, expected_version=version),
    )
    for edit in edits:
        with pytest.raises(ReadOnlyLetterError, match=f"letter {copy_id} .*copy of record .*letter {record_id}"):
            edit()
    assert store.version(copy_id) == version and store.history(copy_id) == []
    assert store.load(copy_id).read_only and not store.load(record_id).read_only
    store.correct(record_id, "header.priority", "Expedited", expected_version=store.version(record_id))
    assert store.queue()[0].corrections == 1


def test_choosing_the_copy_of_record_is_recorded_and_undoable(store: Store) -> None:
    record_id = add_letter(store, invented_letter())
    copy_id = add_letter(store, second_copy(decision_date="2016-12-19"))
    store.correct(record_id, "header.priority", "Expedited", expected_version=store.version(record_id))
    entry = store.set_copy_of_record(copy_id, expected_version=store.copies(copy_id)[1].version)
    assert (entry.letter_id, entry.action, entry.target) == (copy_id, "copy_of_record", "Copy of record")
    assert entry.before["letter_id"] == record_id and entry.after["letter_id"] == copy_id
    [row] = store.queue()
    assert (row.letter_id, row.decision_date, row.corrections, row.copies) == (copy_id, "2016-12-19", 0, 2)
    assert store.find_letter("CM16-9000001") == copy_id
    with pytest.raises(ReadOnlyLetterError):  # the earlier copy keeps its corrections, read-only now
        store.correct(record_id, "header.priority", "Standard", expected_version=ANY_VERSION)
    assert store.set_copy_of_record(copy_id, expected_version=ANY_VERSION) is None  # already is
    store.undo(copy_id, expected_version=store.version(copy_id))
    [row] = store.queue()
    assert (row.letter_id, row.corrections) == (record_id, 1)  # back, with its correction
    assert store.load(record_id).letter.header.priority == "Expedited"
    store.redo(copy_id, expected_version=store.version(copy_id))  # the copy's own redo
    assert store.queue()[0].letter_id == copy_id
    done, redoable = store.undo_stack(copy_id)
    assert [e.action for e in done] == ["copy_of_record"] and redoable == []


def test_search_matches_any_copy_and_names_the_case_once(store: Store) -> None:
    record_id = add_letter(store, invented_letter())
    copy_id = add_letter(store, second_copy(rationale_word="hydrotherapy"))
    add_letter(store, invented_letter("CM16-9000002"))
    assert [row.letter_id for row in store.queue("hydrotherapy")] == [record_id]
    [hit] = store.search("hydrotherapy")
    assert (hit.letter_id, hit.copy_id, hit.decision_key, hit.field) == (record_id, copy_id, "p0", "rationale")
    hits = store.search("therapy")  # both copies of the first case hold it: each case once
    assert sorted((h.letter_id, h.decision_key, h.field, h.copy_id) for h in hits) == [
        (record_id, "p1", "request", None), (3, "p1", "request", None)]
    assert {h.copy_id for h in hits if h.letter_id == record_id} == {None}
    assert [row.letter_id for row in store.queue("CM16-9000001")] == [record_id]
    assert [row.letter_id for row in store.queue("fax")] == [record_id]  # a copy's file name
    assert [row.letter_id for row in store.queue(None, SearchFilters(outcome="overturned"))] == [3, record_id]


def test_filters_look_at_the_copy_of_record(store: Store) -> None:
    record_id = add_letter(store, invented_letter(decision_date="2016-12-09"))
    add_letter(store, second_copy(decision_date="2017-01-20"))
    late = SearchFilters(decided_from="2017-01-01")
    assert store.queue(None, late) == [] and store.queue("lumbar", late) == []
    assert [row.letter_id for row in store.queue("lumbar", SearchFilters(decided_to="2016-12-31"))] == [record_id]


def test_find_case_says_which_copy_a_report_gets(store: Store) -> None:
    record_id = add_letter(store, invented_letter())
    copy = second_copy()
    copy_id = add_letter(store, copy)
    match = store.find_case(" cm16-9000001 ")
    assert (match.letter_id, match.record_id, match.copies) == (record_id, record_id, 2)
    assert match.copy_ids == [record_id, copy_id]
    assert (match.case_number, match.file_name, match.by_sha256) == ("CM16-9000001", "CM16-9000001.txt", False)
    by_prefix = store.find_case(copy.source.sha256[:10])
    assert (by_prefix.letter_id, by_prefix.record_id, by_prefix.by_sha256) == (copy_id, record_id, True)
    assert by_prefix.file_name == "CM16-9000001 fax.txt"
    assert store.find_letter("CM16-9000001") == record_id
    assert store.find_case("CM16-0000000") is None and store.find_case("") is None


def test_exports_and_counts_take_each_case_once(store: Store) -> None:
    record_id = add_letter(store, invented_letter(decisions=2))
    add_letter(store, second_copy())
    other_id = add_letter(store, invented_letter("CM16-9000002", decisions=1))
    assert store.count() == 2 and store.letter_ids() == [record_id, other_id]
    lines = io.StringIO()
    assert store.export_jsonl(lines) == 2
    objects = [json.loads(line) for line in lines.getvalue().splitlines()]
    assert [o["store"]["letter_id"] for o in objects] == [record_id, other_id]
    assert [o["store"]["copies"] for o in objects] == [2, 1]
    table = io.StringIO()
    assert store.export_csv(table) == 3  # 2 + 1 decisions: the copy's are not counted again
    rows = list(csv.DictReader(io.StringIO(table.getvalue().lstrip("\ufeff"))))
    assert [(r["letter_id"], r["copies"]) for r in rows] == [(str(record_id), "2")] * 2 + [(str(other_id), "1")]


def test_letters_without_a_case_number_are_each_their_own_case(store: Store) -> None:
    first, second = invented_letter(), second_copy()
    first.header.case_number = second.header.case_number = None
    ids = [add_letter(store, first), add_letter(store, second)]
    assert [row.letter_id for row in store.queue()] == sorted(ids, reverse=True)
    assert [row.copies for row in store.queue()] == [1, 1]
