"""`imr-desk service` and `imr-desk deadlines` (issue 14 items 1 and 4): the spec's JSON, an
iCalendar file read back with `icalendar` whose UIDs stay put across re-exports, the
--overdue / --due-within filters, and plain errors."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import icalendar
import pytest

from imr_desk.cli import main
from imr_desk.core.store import Store
from tests.support.store_fixtures import add_letter, invented_letter

TODAY = datetime.date.today()
RECENT = (TODAY - datetime.timedelta(days=10)).isoformat()  # appeal due in 25 to 28 days
OLD = "2017-02-02"
KEYS = ["schema", "case_number", "letter_sha256", "kind", "due", "assumed", "status", "basis"]


@pytest.fixture
def stored(tmp_store_path: Path) -> dict[str, str]:
    with Store(tmp_store_path) as store:
        old = add_letter(store, invented_letter("CM16-0000001", decision_date=OLD))
        add_letter(store, invented_letter("CM16-0000002", decision_date=RECENT, decisions=1))
        return {"sha256": store.load(old).sha256}


def json_lines(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    assert main(["deadlines", "--format", "json", *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_json_is_the_spec_object_soonest_first(stored: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    lines = json_lines(capsys, "--kind", "appeal", "--kind", "authorize")
    assert all(list(line) == KEYS for line in lines)
    assert [(line["case_number"], line["kind"]) for line in lines] == [
        ("CM16-0000001", "authorize"), ("CM16-0000001", "appeal"), ("CM16-0000002", "appeal")]
    appeal = lines[1]
    assert appeal == {
        "schema": "imr-desk/deadline@1", "case_number": "CM16-0000001", "letter_sha256": stored["sha256"],
        "kind": "appeal", "due": "2017-03-09", "assumed": True, "status": "open",
        "basis": ["served 2017-02-02 (assumed) by mail (assumed) to a California address (assumed)",
                  "+30 days: Lab. Code § 4610.6(h)", "+5 days: 8 CCR 10605(a)(1)", "2017-03-09 is a Thursday"],
    }
    assert [line["kind"] for line in json_lines(capsys)] == ["appeal", "appeal"]  # the applicant side's kinds


def test_overdue_and_due_within(stored: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert [line["case_number"] for line in json_lines(capsys, "--overdue")] == ["CM16-0000001"]
    assert [line["case_number"] for line in json_lines(capsys, "--due-within", "30")] == ["CM16-0000002"]
    assert json_lines(capsys, "--due-within", "7") == []
    both = json_lines(capsys, "--overdue", "--due-within", "30")
    assert [line["case_number"] for line in both] == ["CM16-0000001", "CM16-0000002"]


def test_service_moves_the_deadline_and_keeps_the_calendar_uids(
    stored: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    assert main(["deadlines", "--format", "ics", "--out", str(first), "--kind", "appeal", "--kind", "reimburse"]) == 0

    assert main(["service", "CM16-0000001", "--served-on", "2017-11-22", "--by", "fax", "--address", "abroad"]) == 0
    out = capsys.readouterr().out
    assert "served_on: 2017-11-22\n" in out and "received_on: 2017-11-22 (assumed)" in out
    assert "appeal: 2018-01-11\n" in out and "+20 days: 8 CCR 10605(a)(3)" in out

    assert main(["deadlines", "--format", "ics", "--out", str(second), "--kind", "appeal", "--kind", "reimburse"]) == 0
    events = []
    for path in (first, second):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        events.append({str(e["uid"]): e for e in calendar.walk("VEVENT")})
    assert set(events[0]) == set(events[1]) == {
        "CM16-0000001.appeal@imr-desk", "CM16-0000001.reimburse@imr-desk", "CM16-0000002.appeal@imr-desk"}
    before, after = events[0]["CM16-0000001.appeal@imr-desk"], events[1]["CM16-0000001.appeal@imr-desk"]
    assert before.decoded("dtstart") == datetime.date(2017, 3, 9)
    assert after.decoded("dtstart") == datetime.date(2018, 1, 11)
    assert after.decoded("dtend") == datetime.date(2018, 1, 12)  # one all-day event
    assert "(assumed)" in str(before["summary"]) and "(assumed)" not in str(after["summary"])
    assert "+20 days: 8 CCR 10605(a)(3)" in str(after["description"])


def test_service_keeps_earlier_entered_values(stored: dict[str, str], tmp_store_path: Path) -> None:
    assert main(["service", "CM16-0000001", "--served-on", "2017-02-02", "--by", "personal",
                 "--received-on", "2017-02-03"]) == 0
    assert main(["service", "CM16-0000001", "--served-on", "2017-02-02"]) == 0  # unchanged
    with Store(tmp_store_path) as store:
        entered = store.entered_service("CM16-0000001")
        assert (entered.served_by, entered.received_on) == ("personal", datetime.date(2017, 2, 3))
        assert [e.action for e in store.history(store.find_letter("CM16-0000001") or 0)] == ["service"]


def test_by_sha256_prefix(stored: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["service", stored["sha256"][:10], "--served-on", "2017-02-06"]) == 0
    assert "Service record of CM16-0000001" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "status", "words"), [
    (["service", "CM16-0000009", "--served-on", "2017-02-02"], 1, "there is no case CM16-0000009 in the store"),
    (["service", "CM16-0000001", "--served-on", "2017-02-30"], 2, "'2017-02-30' is not a date written YYYY-MM-DD"),
    (["service", "CM16-0000001", "--served-on", "2017-02-02", "--received-on", "2017-02-01"], 1,
     "Received on 2017-02-01 is before served on 2017-02-02"),
    (["service", "CM16-0000001"], 2, "--served-on"),
    (["deadlines", "--due-within", "soon"], 2, "'soon' is not a number of days"),
])
def test_errors_are_one_plain_message(
    stored: dict[str, str], capsys: pytest.CaptureFixture[str], args: list[str], status: int, words: str
) -> None:
    if status == 2:  # a bad option: argparse's usage line and message
        with pytest.raises(SystemExit) as exit_info:
            main(args)
        assert exit_info.value.code == 2
    else:
        assert main(args) == status
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_no_store_is_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    assert main(["deadlines", "--db", str(missing)]) == 1
    assert main(["service", "CM16-0000001", "--served-on", "2017-02-02", "--db", str(missing)]) == 1
    assert "there is no store at" in capsys.readouterr().err and not missing.exists()


def test_the_output_never_replaces_the_store(stored: dict[str, str], tmp_store_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    before = tmp_store_path.read_bytes()
    assert main(["deadlines", "--format", "ics", "--out", str(tmp_store_path)]) == 2
    assert tmp_store_path.read_bytes() == before

