"""Store edits: corrections keep the parse, notes, review state, history with undo/redo."""

from __future__ import annotations

import pytest

from imr_desk.core.history_words import STEP_ACTIONS
from imr_desk.core.model import Decision
from imr_desk.core.store import ANY_VERSION, StaleRecordError, Store, StoreError
from tests.support.store_fixtures import add_letter, invented_letter


def test_correction_keeps_parsed_value_and_takes_effect(store: Store) -> None:
    letter_id = add_letter(store, invented_letter("CM16-9000001"))
    entry = store.correct(letter_id, "header.case_number", "CM16-9000011", expected_version=1)
    record = store.load(letter_id)
    assert record.letter.header.case_number == "CM16-9000011"
    assert record.parsed.header.case_number == "CM16-9000001"
    correction = record.correction_for("header.case_number")
    assert correction is not None
    assert (correction.parsed_value, correction.new_value) == ("CM16-9000001", "CM16-9000011")
    assert correction.user and correction.created_at.endswith("Z")
    assert (entry.action, entry.before, entry.after) == ("correct", "CM16-9000001", "CM16-9000011")
    assert entry.target == "Case number"
    assert record.version == 2
    row = store.queue()[0]
    assert (row.case_number, row.corrections, row.version) == ("CM16-9000011", 1, 2)


def test_decision_correction_with_span_and_json_types(store: Store) -> None:
    letter = invented_letter()
    letter_id = add_letter(store, letter)
    start = letter.text.index("without contrast")
    store.correct(letter_id, "request", "MRI without contrast", decision_key="p0", span=(start - 4, start + 16),
                  expected_version=ANY_VERSION)
    store.correct(letter_id, "patient.age", "53", expected_version=ANY_VERSION)
    store.correct(letter_id, "reviewer.specialties", "Neurology, Pain Medicine", expected_version=ANY_VERSION)
    record = store.load(letter_id)
    decision = record.letter.decisions[0]
    assert decision.request == "MRI without contrast"
    assert decision.spans["request"] == (start - 4, start + 16)
    assert record.parsed.decisions[0].request == "MRI of the lumbar spine without contrast"
    assert record.letter.patient.age == 53
    assert record.letter.reviewer.specialties == ["Neurology", "Pain Medicine"]
    assert store.history(letter_id)[0].target == "Decision 1 · Request"


def test_letter_span_correction_moves_its_regions(store: Store) -> None:
    letter = invented_letter()
    letter_id = add_letter(store, letter)
    start = letter.text.index("chronic low back pain")
    store.correct(letter_id, "case_summary", "chronic low back pain", span=(start, start + 21),
                  expected_version=ANY_VERSION)
    record = store.load(letter_id)
    assert record.letter.spans["case_summary"] == (start, start + 21)
    (region,) = record.letter.regions["case_summary"]
    assert region.page == 0 and region.bbox[2] - region.bbox[0] < 6 * len(letter.case_summary)


@pytest.mark.parametrize(
    ("field", "value", "key", "span"),
    [
        ("header.not_a_field", "x", None, None),
        ("outcome", "maybe", "p0", None),
        ("request", "x", "p7", None),
        ("patient.age", "fifty", None, None),
        ("request", "x", "p0", (5, 10_000_000)),
    ],
)
def test_bad_corrections_are_refused_and_write_nothing(store: Store, field, value, key, span) -> None:
    letter_id = add_letter(store, invented_letter())
    with pytest.raises(ValueError):
        store.correct(letter_id, field, value, decision_key=key, span=span, expected_version=ANY_VERSION)
    assert store.version(letter_id) == 1
    assert store.history(letter_id) == []
    assert store.load(letter_id).corrections == []


def test_unknown_letter_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="Letter 42 is not in the store"):
        store.correct(42, "case_summary", "x", expected_version=ANY_VERSION)
    with pytest.raises(StoreError):
        store.load(42)


def test_latest_correction_wins_and_undo_walks_back(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    store.correct(letter_id, "header.decision_date", "2016-12-10", expected_version=ANY_VERSION)
    store.correct(letter_id, "header.decision_date", "2016-12-11", expected_version=ANY_VERSION)
    assert store.load(letter_id).letter.header.decision_date == "2016-12-11"
    undone = store.undo(letter_id, expected_version=ANY_VERSION)
    assert undone is not None and undone.undone and undone.after == "2016-12-11"
    assert store.load(letter_id).letter.header.decision_date == "2016-12-10"
    store.undo(letter_id, expected_version=ANY_VERSION)
    record = store.load(letter_id)
    assert record.letter.header.decision_date == "2016-12-09"
    assert record.corrections == []
    assert store.undo(letter_id, expected_version=ANY_VERSION) is None
    redone = store.redo(letter_id, expected_version=ANY_VERSION)
    assert redone is not None and redone.after == "2016-12-10" and not redone.undone
    assert store.load(letter_id).letter.header.decision_date == "2016-12-10"


def test_new_edit_after_undo_drops_the_redo_tail(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    store.correct(letter_id, "header.priority", "Standard", expected_version=ANY_VERSION)
    store.correct(letter_id, "header.priority", "Expedited", expected_version=ANY_VERSION)
    store.undo(letter_id, expected_version=ANY_VERSION)
    done, redoable = store.undo_stack(letter_id)
    assert [e.after for e in done] == ["Standard"] and [e.after for e in redoable] == ["Expedited"]
    # a new edit (the same value as the undone one, as priority has two) drops the redo tail
    store.correct(letter_id, "header.priority", "Expedited", expected_version=ANY_VERSION)
    assert store.redo(letter_id, expected_version=ANY_VERSION) is None
    done, redoable = store.undo_stack(letter_id)
    assert [e.after for e in done] == ["Standard", "Expedited"] and redoable == []
    history = [e for e in store.history(letter_id) if e.action not in STEP_ACTIONS]  # the undo is an entry too
    assert [(e.after, e.undone) for e in history] == [("Standard", False), ("Expedited", True), ("Expedited", False)]


def test_undo_stack_survives_reopening(store_target) -> None:
    with Store(store_target) as first:
        letter_id = add_letter(first, invented_letter())
        first.correct(letter_id, "request", "A", decision_key="p0", expected_version=ANY_VERSION)
        first.correct(letter_id, "request", "B", decision_key="p0", expected_version=ANY_VERSION)
        first.undo(letter_id, expected_version=ANY_VERSION)
    with Store(store_target) as second:
        done, redoable = second.undo_stack(letter_id)
        assert [e.after for e in done] == ["A"] and [e.after for e in redoable] == ["B"]
        second.redo(letter_id, expected_version=second.version(letter_id))
        assert second.load(letter_id).letter.decisions[0].request == "B"


def test_add_and_delete_decisions_are_undoable_corrections(store: Store) -> None:
    letter_id = add_letter(store, invented_letter(decisions=2))
    key, entry = store.add_decision(letter_id, Decision("Lumbar brace", "overturned", rationale="Brace helps."),
                                    expected_version=ANY_VERSION)
    assert key == "a1" and entry.action == "add_decision"
    record = store.load(letter_id)
    assert record.decision_keys == ["p0", "p1", "a1"]
    assert record.letter.decisions[2].request == "Lumbar brace"
    assert len(record.parsed.decisions) == 2
    store.correct(letter_id, "rationale", "A brace is supported.", decision_key="a1", expected_version=ANY_VERSION)
    delete_entry = store.delete_decision(letter_id, "p0", expected_version=ANY_VERSION)
    assert delete_entry.before["request"] == "MRI of the lumbar spine without contrast"
    record = store.load(letter_id)
    assert record.decision_keys == ["p1", "a1"]
    assert record.letter.decisions[1].rationale == "A brace is supported."
    queue_row = store.queue()[0]
    assert (queue_row.decisions, queue_row.overturned) == (2, 2)
    with pytest.raises(ValueError):
        store.correct(letter_id, "request", "x", decision_key="p0", expected_version=ANY_VERSION)
    store.undo(letter_id, expected_version=ANY_VERSION)
    assert store.load(letter_id).decision_keys == ["p0", "p1", "a1"]
    key2, _ = store.add_decision(letter_id, Decision("Heat pack", "upheld"), expected_version=ANY_VERSION)
    assert key2 == "a2"


def test_notes_on_spans_and_whole_letter(store: Store) -> None:
    letter = invented_letter()
    letter_id = add_letter(store, letter)
    start = letter.text.index("low back pain")
    note, entry = store.annotate(letter_id, "Check onset date", tag="follow-up", span=(start, start + 13),
                                 expected_version=ANY_VERSION)
    whole, _ = store.annotate(letter_id, "Client called twice", expected_version=ANY_VERSION)
    assert note.regions and note.regions[0].page == 0
    assert whole.span is None and whole.regions == []
    assert entry.action == "annotate" and entry.after["note"] == "Check onset date"
    record = store.load(letter_id)
    assert [a.note for a in record.annotations] == ["Check onset date", "Client called twice"]
    assert record.annotations[0].tag == "follow-up" and record.annotations[0].span == (start, start + 13)
    store.delete_annotation(letter_id, note.id, expected_version=ANY_VERSION)
    assert [a.note for a in store.load(letter_id).annotations] == ["Client called twice"]
    store.undo(letter_id, expected_version=ANY_VERSION)
    assert len(store.load(letter_id).annotations) == 2
    with pytest.raises(ValueError):
        store.annotate(letter_id, "   ", expected_version=ANY_VERSION)
    with pytest.raises(ValueError):
        store.delete_annotation(letter_id, 999, expected_version=ANY_VERSION)


def test_review_state_records_who_and_when_and_undoes(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    assert store.load(letter_id).review.state == "unreviewed"
    store.set_review_state(letter_id, "in_review", expected_version=ANY_VERSION)
    store.set_review_state(letter_id, "verified", expected_version=ANY_VERSION)
    review = store.load(letter_id).review
    assert review.state == "verified" and review.user and review.changed_at
    assert store.queue()[0].review_state == "verified"
    store.undo(letter_id, expected_version=ANY_VERSION)
    assert store.load(letter_id).review.state == "in_review"
    store.undo(letter_id, expected_version=ANY_VERSION)
    assert store.load(letter_id).review == type(review)()
    with pytest.raises(ValueError):
        store.set_review_state(letter_id, "done", expected_version=ANY_VERSION)


def test_stale_version_is_detected_across_connections(store_target) -> None:
    with Store(store_target) as window_a, Store(store_target) as window_b:
        letter_id = add_letter(window_a, invented_letter())
        seen_by_b = window_b.version(letter_id)
        window_a.correct(letter_id, "header.priority", "Expedited", expected_version=seen_by_b)
        with pytest.raises(StaleRecordError, match="changed elsewhere"):
            window_b.correct(letter_id, "header.priority", "Standard", expected_version=seen_by_b)
        with pytest.raises(StaleRecordError):
            window_b.undo(letter_id, expected_version=seen_by_b)
        assert window_b.load(letter_id).letter.header.priority == "Expedited"
        window_b.correct(letter_id, "header.priority", "Standard", expected_version=window_b.version(letter_id))
        assert window_a.load(letter_id).letter.header.priority == "Standard"


def test_lookups_and_original_bytes(store: Store) -> None:
    letter = invented_letter("CM16-9000123")
    letter_id = add_letter(store, letter)
    assert store.count() == 1
    assert store.find_letter("cm16-9000123") == letter_id
    assert store.find_letter(letter.source.sha256[:10]) == letter_id
    assert store.find_letter("CM16-0000000") is None
    assert store.find_letter("") is None
    assert store.original_bytes(letter_id) == letter.text.encode()
    store.correct(letter_id, "header.case_number", "CM16-9000124", expected_version=ANY_VERSION)
    assert store.find_letter("CM16-9000124") == letter_id
