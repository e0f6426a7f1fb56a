"""Service records, deadline statuses and the firm's settings in the store (issue 14 items 1–3):
edits with history and undo/redo, version checks, kept across a reopen, and the materialised
deadlines following every change of what they are computed from."""

from __future__ import annotations

import datetime
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from imr_desk.core.deadlines.entries import DeadlineStatus
from imr_desk.core.deadlines.service import EnteredService
from imr_desk.core.deadlines.settings import KINDS, DeadlineSettings
from imr_desk.core.store import ANY_VERSION, ReadOnlyLetterError, StaleRecordError, Store
from imr_desk.core.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.support.store_fixtures import add_letter, invented_letter, line_layout

D = datetime.date
SERVED = EnteredService(served_on=D(2017, 2, 2), served_by="fax", address="us")


def dues(store: Store, letter_id: int) -> dict[str, D]:
    return {e.kind: e.due for e in store.letter_deadlines(letter_id, kinds=KINDS)}


def test_defaults_are_assumed_until_entered(store: Store) -> None:
    letter_id = add_letter(store, invented_letter(decision_date="2017-02-02"))
    record = store.service_record(letter_id)
    assert record.assumed == {"served_on", "served_by", "address", "received_on"}
    assert record.served_on == D(2017, 2, 2) and record.served_by == "mail"
    assert store.service_record("CM16-9000001") == record  # by case number too
    assert dues(store, letter_id) == {"appeal": D(2017, 3, 9), "authorize": D(2017, 2, 9), "reimburse": D(2017, 2, 22)}


def test_entering_service_is_an_edit_with_history_undo_and_redo(store: Store) -> None:
    letter_id = add_letter(store, invented_letter(decision_date="2017-02-02"))
    version = store.version(letter_id)
    entry = store.set_service(letter_id, SERVED, expected_version=version)
    assert entry is not None and entry.action == "service" and entry.target == "Service record"
    assert entry.before["served_on"] is None and entry.after["served_on"] == "2017-02-02"
    assert store.version(letter_id) == version + 1
    assert store.service_record(letter_id).assumed == {"received_on"}
    assert dues(store, letter_id)["appeal"] == D(2017, 3, 14)  # +30 +10, a Tuesday
    assert store.set_service(letter_id, SERVED, expected_version=ANY_VERSION) is None  # nothing changes

    assert store.undo(letter_id, expected_version=ANY_VERSION).action == "service"
    assert store.entered_service(letter_id).empty
    assert dues(store, letter_id)["appeal"] == D(2017, 3, 9)
    store.redo(letter_id, expected_version=ANY_VERSION)
    assert store.entered_service(letter_id) == SERVED
    assert dues(store, letter_id)["appeal"] == D(2017, 3, 14)


def test_a_stale_version_is_refused_and_nothing_is_written(store: Store) -> None:
    letter_id = add_letter(store, invented_letter(decision_date="2017-02-02"))
    version = store.version(letter_id)
    store.correct(letter_id, "case_summary", "Corrected.", expected_version=version)
    with pytest.raises(StaleRecordError):
        store.set_service(letter_id, SERVED, expected_version=version)
    with pytest.raises(StaleRecordError):
        store.set_deadline_status(letter_id, "appeal", DeadlineStatus("dismissed"), expected_version=version)
    assert store.entered_service(letter_id).empty
    assert [e.action for e in store.history(letter_id)] == ["correct"]


def test_everything_survives_a_reopen(store_target: Path | str) -> None:
    with Store(store_target) as store:
        letter_id = add_letter(store, invented_letter(decision_date="2017-02-02"))
        store.set_service(letter_id, SERVED, expected_version=ANY_VERSION)
        done = DeadlineStatus("done", D(2017, 3, 1), "petition filed on 2017-03-01")
        store.set_deadline_status(letter_id, "appeal", done, expected_version=ANY_VERSION)
        store.set_deadline_settings(DeadlineSettings(firm_side="defense"), expected_version=0)
    with Store(store_target) as store:
        assert store.entered_service(letter_id) == SERVED
        appeal = next(e for e in store.deadlines() if e.kind == "appeal")
        assert appeal.status == done and appeal.to_json()["status"] == "done"
        assert store.deadline_settings().firm_side == "defense"
        assert [e.action for e in store.undo_stack(letter_id)[0]] == ["service", "deadline_status"]
        store.undo(letter_id, expected_version=ANY_VERSION)
        assert store.letter_deadlines(letter_id)[0].status == DeadlineStatus()


def test_status_done_dismissed_and_the_next_deadline(store: Store) -> None:
    first = add_letter(store, invented_letter("CM16-0000001", decision_date="2017-02-02"))
    second = add_letter(store, invented_letter("CM16-0000002", decision_date="2017-05-23", decisions=1))
    assert {k: v.due for k, v in store.next_deadlines(kinds=KINDS).items()} == {
        first: D(2017, 2, 9), second: D(2017, 6, 27)}
    store.set_deadline_status(first, "authorize", DeadlineStatus("done", D(2017, 2, 8), "authorized"),
                              expected_version=ANY_VERSION)
    assert store.next_deadlines([first], kinds=KINDS)[first].kind == "reimburse"
    store.set_deadline_status(first, "reimburse", DeadlineStatus("dismissed"), expected_version=ANY_VERSION)
    assert store.next_deadlines([first], kinds=KINDS)[first].kind == "appeal"
    today = D(2017, 6, 1)
    assert store.deadline_letter_ids(overdue=True, kinds=KINDS, today=today) == {first}
    assert store.deadline_letter_ids(due_within=30, kinds=KINDS, today=today) == {second}
    assert store.deadline_letter_ids(due_within=7, kinds=KINDS, today=today) == set()
    listed = store.deadlines(kinds=KINDS)
    assert [(e.due, e.kind) for e in listed] == sorted((e.due, e.kind) for e in listed)  # soonest first
    with pytest.raises(ValueError, match="no deadline kind"):
        store.set_deadline_status(first, "pay", DeadlineStatus(), expected_version=ANY_VERSION)


def test_the_firm_side_chooses_the_kinds_shown_by_default(store: Store) -> None:
    add_letter(store, invented_letter(decision_date="2017-02-02"))
    assert {e.kind for e in store.deadlines()} == {"appeal"}  # applicant, the default side
    store.set_deadline_settings(DeadlineSettings(firm_side="claims_administrator"), expected_version=0)
    assert {e.kind for e in store.deadlines()} == set(KINDS)


def test_settings_are_version_checked_and_move_every_deadline(store: Store) -> None:
    letter_id = add_letter(store, invented_letter(decision_date="2017-02-02"))
    assert store.deadline_settings_version() == 0
    closure = DeadlineSettings(added_holidays=(D(2017, 3, 9),))
    version = store.set_deadline_settings(closure, expected_version=0)
    assert dues(store, letter_id)["appeal"] == D(2017, 3, 10)
    with pytest.raises(StaleRecordError, match="deadline settings"):
        store.set_deadline_settings(DeadlineSettings(), expected_version=0)
    store.set_deadline_settings(DeadlineSettings(), expected_version=version)
    assert dues(store, letter_id)["appeal"] == D(2017, 3, 9)


def test_deadlines_follow_corrections_and_the_trash(store: Store) -> None:
    letter_id = add_letter(store, invented_letter(decision_date="2017-02-02"))
    assert dues(store, letter_id)["appeal"] == D(2017, 3, 9)
    store.correct(letter_id, "header.decision_date", "2017-05-30", expected_version=ANY_VERSION)
    assert dues(store, letter_id)["appeal"] == D(2017, 7, 5)  # 07-04 is Independence Day
    store.correct(letter_id, "outcome", "upheld", decision_key="p1", expected_version=ANY_VERSION)
    assert set(dues(store, letter_id)) == {"appeal"}  # no Overturned decision left
    store.remove(letter_id, expected_version=ANY_VERSION)
    assert store.deadlines(kinds=KINDS) == []


def test_a_copy_shares_the_case_record_but_takes_no_edit(store: Store) -> None:
    record = add_letter(store, invented_letter(decision_date="2017-02-02"))
    copy_letter = invented_letter(decision_date="2017-02-02")
    copy_letter.text += "Faxed copy.\n"
    copy_letter.source.sha256 = hashlib.sha256(copy_letter.text.encode()).hexdigest()
    copy_id = add_letter(store, copy_letter)
    store.set_service(record, SERVED, expected_version=ANY_VERSION)
    assert store.service_record(copy_id) == store.service_record(record)
    with pytest.raises(ReadOnlyLetterError):
        store.set_service(copy_id, EnteredService(), expected_version=ANY_VERSION)
    assert [e.letter_id for e in store.deadlines(kinds=KINDS)] == [record] * 3
    store.set_copy_of_record(copy_id, expected_version=ANY_VERSION)
    assert {e.letter_id for e in store.deadlines(kinds=KINDS)} == {copy_id}
    assert store.entered_service(copy_id) == SERVED  # the record is the case's, not the copy's


def test_deadlines_are_recomputed_only_for_changed_cases(store: Store) -> None:
    first = add_letter(store, invented_letter("CM16-0000001", decision_date="2017-02-02"))
    add_letter(store, invented_letter("CM16-0000002", decision_date="2017-05-23"))
    assert store.refresh_deadlines() == 2
    assert store.refresh_deadlines() == 0  # nothing changed: nothing recomputed, nothing written
    store.correct(first, "case_summary", "Not a date.", expected_version=ANY_VERSION)
    assert store.refresh_deadlines() == 0  # the summary is not an input
    store.set_service(first, SERVED, expected_version=ANY_VERSION)
    assert store.refresh_deadlines() == 1
    store.set_deadline_settings(DeadlineSettings(removed_holidays=(D(2017, 11, 24),)), expected_version=0)
    assert store.refresh_deadlines() == 2  # the settings move every case


def test_a_status_change_is_history_that_undo_and_redo_step(store: Store) -> None:
    letter_id = add_letter(store, invented_letter(decision_date="2017-02-02"))
    done = DeadlineStatus("done", D(2017, 3, 1), "petition filed on 2017-03-01")
    entry = store.set_deadline_status(letter_id, "appeal", done, expected_version=store.version(letter_id))
    assert entry is not None and entry.target == "Deadline (appeal)"
    assert entry.before == {"kind": "appeal", "status": "open", "done_on": None, "status_note": ""}
    assert entry.after == {"kind": "appeal", "status": "done", "done_on": "2017-03-01",
                           "status_note": "petition filed on 2017-03-01"}
    store.undo(letter_id, expected_version=ANY_VERSION)
    assert store.letter_deadlines(letter_id)[0].status == DeadlineStatus()
    store.redo(letter_id, expected_version=ANY_VERSION)
    assert store.letter_deadlines(letter_id)[0].status == done


def test_a_version_2_store_gets_the_deadline_tables_and_every_case_computed(tmp_store_path: Path) -> None:
    letter = invented_letter(decision_date="2017-02-02")
    connection = sqlite3.connect(tmp_store_path)
    db = sqlite_utils.Database(connection)
    MIGRATIONS[0](db)
    MIGRATIONS[1](db)
    db.execute("PRAGMA user_version = 2")
    data = letter.text.encode()
    db.execute("INSERT INTO originals (sha256, kind, size, content) VALUES (?, 'text', ?, ?)",
               [letter.source.sha256, len(data), data])
    db.execute(
        "INSERT INTO letters (id, sha256, file_name, kind, pages, imported_at, imported_by, case_number, "
        "decision_date, decisions, overturned, case_id, case_key, is_record, copies) VALUES (1, ?, ?, 'text', 1, "
        "'2026-01-05T10:00:00Z', 'tester', ?, ?, 2, 1, 1, ?, 1, 1)",
        [letter.source.sha256, letter.source.file, letter.header.case_number, letter.header.decision_date,
         letter.header.case_number],
    )
    parsed = letter.to_json()
    parsed.pop("text")
    db.execute("INSERT INTO letter_content (letter_id, parsed_json, text, layout_json) VALUES (1, ?, ?, ?)",
               [json.dumps(parsed), letter.text, json.dumps(line_layout(letter.text))])
    for index, decision in enumerate(letter.decisions):
        db.execute("INSERT INTO decisions (letter_id, key, position, request, outcome, base_json) "
                   "VALUES (1, ?, ?, ?, ?, ?)",
                   [f"p{index}", index, decision.request, decision.outcome, json.dumps(decision.to_json())])
    connection.commit()
    connection.close()
    with Store(tmp_store_path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 3
        assert dues(store, 1) == {"appeal": D(2017, 3, 9), "authorize": D(2017, 2, 9), "reimburse": D(2017, 2, 22)}
