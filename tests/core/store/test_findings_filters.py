"""The queue's and search's findings filters: treatment category (label or its first parts, any
case) and "has checks" (a warn check, or any), over the effective (corrected) values; and the
statistics' facts reading the category column."""

from __future__ import annotations

import pytest

from imr_desk.commands.filters import HAS_CHECKS as COMMAND_HAS_CHECKS
from imr_desk.core.store import ANY_VERSION, SearchFilters, Store
from imr_desk.core.store.facts import decision_facts
from imr_desk.core.store.search import HAS_CHECKS, category_pattern
from tests.support.findings_fixtures import analysed_letter, necessary_letter


@pytest.fixture
def letters(store: Store) -> dict[str, int]:
    """Three cases: imaging + PT + acupuncture (an info check), PT alone, and the MRI whose
    rationale says not necessary (no check until its outcome is corrected to Overturned)."""
    from tests.support.store_fixtures import add_letter

    return {
        "three": add_letter(store, analysed_letter("CM16-9000001", decisions=3)),
        "two": add_letter(store, analysed_letter("CM16-9000002", decisions=2)),
        "necessary": add_letter(store, necessary_letter("CM16-9000003")),
    }


def _cases(store: Store, **wanted: object) -> set[str | None]:
    return {row.case_number for row in store.queue(filters=SearchFilters(**wanted))}  # type: ignore[arg-type]


def test_the_category_filter_takes_a_label_or_its_first_parts_in_any_case(
    store: Store, letters: dict[str, int]
) -> None:
    assert _cases(store, category="Rehabilitation") == {"CM16-9000001", "CM16-9000002"}
    assert _cases(store, category="rehabilitation · acupuncture") == {"CM16-9000001"}
    assert _cases(store, category="  REHABILITATION·Acupuncture ") == {"CM16-9000001"}
    assert _cases(store, category="Diagnostic Testing") == {"CM16-9000001", "CM16-9000002", "CM16-9000003"}
    assert _cases(store, category="Rehab") == set()  # a part is matched whole, not its start
    assert _cases(store, category="Pharmaceuticals") == set()
    assert _cases(store, category="") == {"CM16-9000001", "CM16-9000002", "CM16-9000003"}
    assert _cases(store, category="50%_off") == set()  # LIKE's own characters are plain text


def test_the_category_filter_reads_the_corrected_category(store: Store, letters: dict[str, int]) -> None:
    store.correct(letters["two"], "category", "pharmaceuticals · opioids", decision_key="p1",
                  expected_version=ANY_VERSION)
    assert _cases(store, category="Pharmaceuticals") == {"CM16-9000002"}
    assert _cases(store, category="Pharmaceuticals · Opioids", outcome="overturned") == {"CM16-9000002"}
    assert _cases(store, category="Rehabilitation") == {"CM16-9000001"}  # its only Rehabilitation decision
    assert _cases(store, category="Diagnostic Testing") >= {"CM16-9000002"}  # its p0 still is
    store.undo(letters["two"], expected_version=ANY_VERSION)
    assert _cases(store, category="Pharmaceuticals") == set()


def test_the_checks_filter_counts_the_checks_of_the_corrected_values(store: Store, letters: dict[str, int]) -> None:
    assert _cases(store, has_checks="any") == {"CM16-9000001"}  # specialty_fit (info)
    assert _cases(store, has_checks="warn") == set()
    store.correct(letters["necessary"], "outcome", "overturned", decision_key="p0", expected_version=ANY_VERSION)
    assert _cases(store, has_checks="warn") == {"CM16-9000003"}
    assert _cases(store, has_checks="any") == {"CM16-9000001", "CM16-9000003"}
    record = store.load(letters["necessary"])
    assert [(c.code, c.severity) for c in record.letter.checks] == [("outcome_rationale_conflict", "warn")]
    assert record.parsed.checks == []
    store.undo(letters["necessary"], expected_version=ANY_VERSION)
    assert _cases(store, has_checks="warn") == set()
    assert store.load(letters["necessary"]).letter.checks == []


def test_search_takes_the_findings_filters(store: Store, letters: dict[str, int]) -> None:
    hits = store.search("lumbar", SearchFilters(category="Rehabilitation"))
    assert {hit.case_number for hit in hits} == {"CM16-9000001", "CM16-9000002"}
    assert store.search("lumbar", SearchFilters(has_checks="warn")) == []


def test_a_wrong_checks_filter_is_refused_in_words(store: Store) -> None:
    with pytest.raises(ValueError, match="'warn' or 'any'"):
        store.queue(filters=SearchFilters(has_checks="some"))
    assert HAS_CHECKS == COMMAND_HAS_CHECKS == ("warn", "any")


def test_category_pattern_spaces_the_parts_as_labels_are() -> None:
    assert category_pattern("Pharmaceuticals·Opioids") == ("Pharmaceuticals · Opioids", "Pharmaceuticals · Opioids · %")
    assert category_pattern("a_b%") == ("a_b%", "a\\_b\\% · %")


def test_statistics_facts_read_the_corrected_category(store: Store, letters: dict[str, int]) -> None:
    store.correct(letters["two"], "category", "Pharmaceuticals · Opioids", decision_key="p0",
                  expected_version=ANY_VERSION)
    facts = [fact for fact in decision_facts(store.db) if fact.case == letters["two"]]
    assert [fact.category.label() if fact.category else None for fact in facts] == [
        "Pharmaceuticals · Opioids", "Rehabilitation · Physical Therapy/Occupational Therapy (PT/OT)"]
    only = list(decision_facts(store.db, SearchFilters(category="pharmaceuticals")))
    assert {fact.case for fact in only} == {letters["two"]}
