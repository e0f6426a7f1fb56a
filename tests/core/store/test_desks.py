"""The firm's many desks in the store (core/store/desks.py, notices.py): who sits at a desk,
assigning a case (an undoable, version-checked edit in history), presence (fresh and stale, no
version, no history) and the notices a PostgreSQL store sends the other desks."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
import pytest

from imr_desk.core.store import ANY_VERSION, StaleRecordError, Store
from imr_desk.core.store import rows as store_rows
from imr_desk.core.store.desks import MAX_PERSON_LENGTH, presence_cutoff
from imr_desk.core.store.notices import CHANNEL, DESK_ID, MAX_PAYLOAD_BYTES, parse_payload, payload
from imr_desk.core.store.rows import current_user, set_user_name
from tests.support.store_fixtures import add_letter, invented_letter


@pytest.fixture(autouse=True)
def _no_set_name() -> object:
    yield
    set_user_name(None)


def test_current_user_is_set_name_then_environment_then_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(store_rows.USER_ENV, raising=False)
    login = current_user()
    assert login
    monkeypatch.setenv(store_rows.USER_ENV, "  Rosa   Diaz ")
    assert current_user() == "Rosa Diaz"
    set_user_name("Ana Ruiz")
    assert current_user() == "Ana Ruiz"
    set_user_name("   ")
    assert current_user() == "Rosa Diaz"
    monkeypatch.delenv(store_rows.USER_ENV)
    assert current_user() == login


def test_a_set_name_lands_in_history_and_corrections(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    set_user_name("Ana Ruiz")
    store.correct(letter_id, "patient.age", 40, expected_version=ANY_VERSION)
    store.annotate(letter_id, "call the adjuster", expected_version=ANY_VERSION)
    store.set_review_state(letter_id, "in_review", expected_version=ANY_VERSION)
    assert {entry.user for entry in store.history(letter_id)} == {"Ana Ruiz"}
    record = store.load(letter_id)
    assert record.corrections[0].user == "Ana Ruiz"
    assert record.annotations[0].user == "Ana Ruiz"
    assert record.review.user == "Ana Ruiz"


def test_assign_is_a_versioned_edit_in_history(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    set_user_name("Lead Paralegal")
    entry = store.assign(letter_id, "  Ana   Ruiz ", expected_version=1)
    assert entry is not None
    assert (entry.action, entry.target, entry.before, entry.after) == ("assign", "Assigned to", None, "Ana Ruiz")
    assert entry.user == "Lead Paralegal"
    assert store.version(letter_id) == 2
    assignment = store.assignment(letter_id)
    assert assignment is not None and (assignment.person, assignment.by) == ("Ana Ruiz", "Lead Paralegal")
    assert assignment.at.endswith("Z")
    assert store.assign(letter_id, "Ana Ruiz", expected_version=2) is None  # already hers: no edit
    assert store.version(letter_id) == 2
    moved = store.assign(letter_id, "Ben Ode", expected_version=2)
    assert moved is not None and (moved.before, moved.after) == ("Ana Ruiz", "Ben Ode")
    nobody = store.assign(letter_id, None, expected_version=3)
    assert nobody is not None and (nobody.before, nobody.after) == ("Ben Ode", None)
    assert store.assignment(letter_id) is None
    assert {"Ana Ruiz", "Ben Ode", "Lead Paralegal"} <= set(store.known_people())


def test_assign_undo_and_redo(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    set_user_name("Lead")
    store.assign(letter_id, "Ana Ruiz", expected_version=ANY_VERSION)
    store.assign(letter_id, "Ben Ode", expected_version=ANY_VERSION)
    done, _ = store.undo_stack(letter_id)
    assert [entry.action for entry in done] == ["assign", "assign"]
    undone = store.undo(letter_id, expected_version=ANY_VERSION)
    assert undone is not None and undone.action == "assign"
    back = store.assignment(letter_id)
    assert back is not None and (back.person, back.by) == ("Ana Ruiz", "Lead")
    store.undo(letter_id, expected_version=ANY_VERSION)
    assert store.assignment(letter_id) is None
    store.redo(letter_id, expected_version=ANY_VERSION)
    redone = store.assignment(letter_id)
    assert redone is not None and redone.person == "Ana Ruiz"
    assert [e.action for e in store.history(letter_id)][-1] == "redo"


def test_assign_refuses_stale_version_and_bad_names(store: Store) -> None:
    letter_id = add_letter(store, invented_letter())
    store.correct(letter_id, "patient.age", 40, expected_version=1)
    with pytest.raises(StaleRecordError, match="changed elsewhere"):
        store.assign(letter_id, "Ana Ruiz", expected_version=1)
    with pytest.raises(ValueError, match="empty name"):
        store.assign(letter_id, "   ", expected_version=ANY_VERSION)
    with pytest.raises(ValueError, match=f"at most {MAX_PERSON_LENGTH}"):
        store.assign(letter_id, "x" * (MAX_PERSON_LENGTH + 1), expected_version=ANY_VERSION)
    assert store.assignment(letter_id) is None
    assert store.version(letter_id) == 2


def test_assigned_filter_finds_a_persons_cases(store: Store) -> None:
    from imr_desk.core.store.search import UNASSIGNED, SearchFilters

    ana = add_letter(store, invented_letter("CM16-9000001"))
    other = add_letter(store, invented_letter("CM16-9000002"))
    store.assign(ana, "Ana Ruiz", expected_version=ANY_VERSION)
    assert [row.letter_id for row in store.queue(None, SearchFilters(assigned_to="Ana Ruiz"))] == [ana]
    assert [row.letter_id for row in store.queue(None, SearchFilters(assigned_to=UNASSIGNED))] == [other]


def test_presence_is_not_an_edit_and_goes_stale(store: Store) -> None:
    first = add_letter(store, invented_letter("CM16-9000001"))
    second = add_letter(store, invented_letter("CM16-9000002"))
    store.mark_open(first, "desk-a", "Ana Ruiz")
    store.mark_open(second, "desk-b", "Ben Ode")
    assert store.version(first) == 1 and store.history(first) == []
    assert store.open_elsewhere([first, second], "desk-a") == {second: "Ben Ode"}
    assert store.open_elsewhere([first, second], "desk-c") == {first: "Ana Ruiz", second: "Ben Ode"}
    # a desk that went away without closing: its row is older than the timeout
    store.db.execute("UPDATE letter_presence SET seen_at = ? WHERE desk = 'desk-b'", ["2000-01-01T00:00:00Z"])
    if not store.is_postgres:
        store.db.conn.commit()
    assert store.open_elsewhere([second], "desk-a") == {}
    store.mark_seen("desk-b")  # refreshed: fresh again
    assert store.open_elsewhere([second], "desk-a") == {second: "Ben Ode"}
    store.mark_closed(second, "desk-b")
    assert store.open_elsewhere([second], "desk-a") == {}
    store.mark_open(first, "desk-b", "Ben Ode")
    store.mark_closed(None, "desk-a")
    assert store.open_elsewhere([first], "desk-c") == {first: "Ben Ode"}
    assert presence_cutoff() < store_rows.utc_now()


def test_payloads_name_desk_and_letters_and_stay_small() -> None:
    change = parse_payload(payload([3, 1, 3]))
    assert (change.desk, sorted(change.letters), change.presence) == (DESK_ID, [1, 3], False)
    assert parse_payload(payload([5], presence=True)).presence
    many = payload(range(10_000, 20_000))
    assert len(many.encode()) <= MAX_PAYLOAD_BYTES and json.loads(many)["letters"] == []
    assert parse_payload("not json").everything


def test_a_postgres_store_notifies_each_write(pg_target: str) -> None:
    listener = psycopg.connect(pg_target.dsn if hasattr(pg_target, "dsn") else pg_target, autocommit=True)
    with Store(pg_target) as store:
        letter_id = add_letter(store, invented_letter())
        listener.execute(f"LISTEN {CHANNEL}")
        store.assign(letter_id, "Ana Ruiz", expected_version=ANY_VERSION)
        store.mark_open(letter_id)
        notices = [parse_payload(n.payload) for n in listener.notifies(timeout=5, stop_after=2)]
    listener.close()
    assert [(sorted(n.letters), n.desk, n.presence) for n in notices] == [
        ([letter_id], DESK_ID, False), ([letter_id], DESK_ID, True)]


def test_an_sqlite_store_sends_no_notice(tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as store:
        letter_id = add_letter(store, invented_letter())
        store.assign(letter_id, "Ana Ruiz", expected_version=ANY_VERSION)  # no channel: nothing raised
        assert store.assignment(letter_id) is not None
