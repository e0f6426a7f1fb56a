"""Full-text search and the case queue: effective values, filters, and safe user queries."""

from __future__ import annotations

import pytest

from imr_desk.core.model import Decision
from imr_desk.core.store import ANY_VERSION, SearchFilters, Store
from imr_desk.core.store.search import MARK_CLOSE, MARK_OPEN
from tests.support.store_fixtures import add_letter, invented_letter


@pytest.fixture
def three_letters(store: Store) -> list[int]:
    return [
        add_letter(store, invented_letter("CM16-1000001", decisions=1, decision_date="2016-10-01")),
        add_letter(store, invented_letter("CM16-1000002", decisions=2, specialty="Pain Medicine",
                                          decision_date="2016-11-15", warnings=["decision 2: no guideline"])),
        add_letter(store, invented_letter("CM16-1000003", decisions=3, decision_date="2016-12-20")),
    ]


def test_search_finds_decisions_and_letters_most_relevant_first(store: Store, three_letters: list[int]) -> None:
    hits = store.search("acupuncture")
    assert [(h.letter_id, h.decision_key) for h in hits] == [(three_letters[2], "p2")] * 1
    assert hits[0].field == "request"
    assert f"{MARK_OPEN}Acupuncture{MARK_CLOSE}" in hits[0].snippet
    therapy = store.search("therapy lumbar")
    assert {h.letter_id for h in therapy} == set(three_letters[1:])
    assert all(h.decision_key == "p1" for h in therapy)
    assert [h.rank for h in therapy] == sorted((h.rank for h in therapy), reverse=True)
    summary = store.search("chronic fall")
    assert {(h.decision_key, h.field) for h in summary} == {(None, "case_summary")}


def test_search_uses_corrected_values_and_notes(store: Store, three_letters: list[int]) -> None:
    first = three_letters[0]
    store.correct(first, "request", "Lumbar epidural steroid injection", decision_key="p0",
                  expected_version=ANY_VERSION)
    assert [h.letter_id for h in store.search("epidural")] == [first]
    assert first not in {h.letter_id for h in store.search("contrast")}
    store.undo(first, expected_version=ANY_VERSION)
    assert store.search("epidural") == []
    store.annotate(first, "Ask the clinic for the 2015 x-ray report", tag="records", expected_version=ANY_VERSION)
    (hit,) = store.search("x-ray clinic")
    assert (hit.letter_id, hit.field, hit.decision_key) == (first, "notes", None)
    store.delete_decision(three_letters[2], "p2", expected_version=ANY_VERSION)
    assert store.search("acupuncture") == []
    store.add_decision(three_letters[0], Decision("Chiropractic care 8 visits", "overturned", rationale="Supported."),
                       expected_version=ANY_VERSION)
    assert [h.decision_key for h in store.search("chiropractic")] == ["a1"]


@pytest.mark.parametrize(
    "query",
    ['"', '""', "'", "*", "MRI*", "AND", "OR NOT", "(", "lumbar)", "((lumbar", 'spine" OR "x',
     "NEAR(a b)", "request:MRI", "^MRI", "-", "", "   ", "\u00e9\u00e8 \u4e2d\u6587", "a" * 500],
)
def test_any_user_text_is_a_safe_query(store: Store, three_letters: list[int], query: str) -> None:
    hits = store.search(query)
    assert isinstance(hits, list)
    assert isinstance(store.queue(query), list)


def test_search_words_are_literal(store: Store, three_letters: list[int], backend: str) -> None:
    assert store.search("AND") == []  # SQLite: a word no letter says; PostgreSQL: a stop word
    assert {h.letter_id for h in store.search('"lumbar spine"')} == set(three_letters)
    assert store.search('"(*') == [] and store.search("NEAR(") == []
    if backend == "sqlite":
        assert store.search("lumbar OR acupuncture") == []  # every word must match, "or" included
    else:  # PostgreSQL reads user text as web-search syntax: OR is an operator
        assert {h.letter_id for h in store.search("lumbar OR acupuncture")} == set(three_letters)


def test_filters(store: Store, three_letters: list[int]) -> None:
    def ids(filters: SearchFilters) -> set[int]:
        return {h.letter_id for h in store.search("lumbar", filters)}

    a, b, c = three_letters
    assert ids(SearchFilters(outcome="overturned")) == {b, c}
    assert ids(SearchFilters(outcome="upheld")) == {a, b, c}
    assert ids(SearchFilters(decided_from="2016-11-01")) == {b, c}
    assert ids(SearchFilters(decided_from="2016-11-01", decided_to="2016-11-30")) == {b}
    assert ids(SearchFilters(specialty="pain med")) == {b}
    assert ids(SearchFilters(has_warnings=True)) == {b}
    assert ids(SearchFilters(has_warnings=False)) == {a, c}
    store.correct(c, "outcome", "upheld", decision_key="p1", expected_version=ANY_VERSION)
    assert ids(SearchFilters(outcome="overturned")) == {b}
    assert ids(SearchFilters(has_corrections=True)) == {c}
    store.set_review_state(a, "verified", expected_version=ANY_VERSION)
    assert ids(SearchFilters(review_state="verified")) == {a}
    with pytest.raises(ValueError):
        store.search("lumbar", SearchFilters(outcome="sideways"))


def test_queue_rows_summaries_order_and_query(store: Store, three_letters: list[int]) -> None:
    a, b, c = three_letters
    rows = store.queue()
    assert [r.letter_id for r in rows] == [c, b, a]  # newest decision first
    row_b = rows[1]
    assert (row_b.case_number, row_b.decisions, row_b.overturned, row_b.has_warnings) == ("CM16-1000002", 2, 1, True)
    assert (row_b.review_state, row_b.corrections, row_b.version) == ("unreviewed", 0, 1)
    assert [r.letter_id for r in store.queue("acupuncture")] == [c]
    assert [r.letter_id for r in store.queue("CM16-100000")] == [c, b, a]  # case-number prefix
    assert [r.letter_id for r in store.queue("CM16-1000002")] == [b]
    assert [r.letter_id for r in store.queue(None, SearchFilters(decided_to="2016-11-30"))] == [b, a]
    assert store.queue("nothing like this") == []
    assert store.queue("%") == [] and store.queue("CM16-10000_2") == []  # no LIKE wildcards


def test_queue_row_of_one_letter_follows_edits(store: Store, three_letters: list[int]) -> None:
    a, b, _ = three_letters
    assert store.queue_row(b) == next(r for r in store.queue() if r.letter_id == b)
    store.set_review_state(a, "verified", expected_version=ANY_VERSION)
    store.correct(a, "header.case_number", "CM16-1999999", expected_version=ANY_VERSION)
    row = store.queue_row(a)  # the correction moved the verified letter back to in review (issue 12 item 2)
    assert (row.case_number, row.review_state, row.corrections, row.version) == ("CM16-1999999", "in_review", 1, 3)
    assert store.queue_row(10_000) is None


def test_snippets_mark_inflected_words_in_a_short_window() -> None:
    from imr_desk.core.store.snippets import SnippetMaker

    text = ("The patient had " + "several prior visits and " * 10
            + "two lumbar epidural steroid injections without lasting relief " + "of pain " * 20)
    snippet = SnippetMaker("injection LUMBAR").mark(text)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert f"{MARK_OPEN}lumbar{MARK_CLOSE}" in snippet and f"{MARK_OPEN}injections{MARK_CLOSE}" in snippet
    assert len(snippet.split()) <= 16
    assert SnippetMaker("acupuncture").mark(text) is None
    assert SnippetMaker('"(*').mark(text) is None


def test_snippets_match_whatever_the_case_and_skip_fields_without_the_words() -> None:
    from imr_desk.core.store.snippets import SnippetMaker

    maker = SnippetMaker("physical therapy")
    marked = f"{MARK_OPEN}PHYSICAL{MARK_CLOSE} {MARK_OPEN}THERAPY{MARK_CLOSE} 2 x 6"
    assert maker.mark("PHYSICAL THERAPY 2 x 6") == marked
    assert maker.mark("Psychotherapy was tried") is None  # "thera" inside a word is not a match
    row = {"request": "MRI of the knee", "maximus_guideline": "MTUS", "rationale": "Twelve Physical Therapies"}
    assert maker.best(row, ("request", "maximus_guideline", "rationale")) == (
        "rationale", f"Twelve {MARK_OPEN}Physical{MARK_CLOSE} {MARK_OPEN}Therapies{MARK_CLOSE}")


@pytest.mark.parametrize("store_target", ["sqlite"], indirect=True)
def test_store_is_plain_sqlite_utils_data(store: Store, three_letters: list[int]) -> None:
    import json

    import sqlite_utils

    from imr_desk.core.store.packing import unpack

    other = sqlite_utils.Database(store.path)
    assert other["decisions"].detect_fts() == "decisions_fts"
    found = list(other["decisions"].search("acupuncture", columns=["letter_id", "key", "request"]))
    assert found == [{"letter_id": three_letters[2], "key": "p2", "request": "Acupuncture 6 sessions"}]
    content = other["letter_content"].get(three_letters[0])
    assert json.loads(unpack(content["parsed_json"]))["schema"] == "imr-desk/letter@1"  # compressed on SQLite
    assert other["letters"].get(three_letters[0])["case_number"] == "CM16-1000001"
    other.close()


def test_queue_rows_say_which_letters_were_read_by_ocr(store: Store, three_letters: list[int]) -> None:
    scanned = three_letters[1]
    store.db.execute("UPDATE letters SET ocr = 1 WHERE id = ?", [scanned])  # as an OCR import stores it
    rows = {row.letter_id: row for row in store.queue()}
    assert rows[scanned].ocr and not any(row.ocr for letter_id, row in rows.items() if letter_id != scanned)
    assert store.queue_row(scanned).ocr and not store.queue_row(three_letters[0]).ocr
    assert [row.ocr for row in store.queue("CM16")] == [row.letter_id == scanned for row in store.queue("CM16")]
