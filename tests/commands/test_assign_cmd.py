"""`imr-desk assign` and the queue's assignment filters on the command line (commands/
assign_cmd.py, filters.py): cases to a person, to me, to nobody; clear messages naming a case
that cannot be assigned; --assigned-to / --mine / --unassigned in search and stats."""

from __future__ import annotations

from pathlib import Path

import pytest

from imr_desk.cli import main
from imr_desk.core.store import Store
from imr_desk.core.store.rows import USER_ENV
from tests.support.store_fixtures import add_letter, invented_letter


@pytest.fixture
def two_cases(tmp_store_path: Path) -> dict[str, int]:
    with Store(tmp_store_path) as store:
        return {"CM16-9000001": add_letter(store, invented_letter("CM16-9000001")),
                "CM16-9000002": add_letter(store, invented_letter("CM16-9000002"))}


def _assigned(db: Path, letter_id: int) -> str | None:
    with Store(db) as store:
        assignment = store.assignment(letter_id)
        return None if assignment is None else assignment.person


def test_assign_cases_to_a_person_then_nobody(tmp_store_path: Path, two_cases: dict[str, int],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_store_path)
    assert main(["assign", "CM16-9000001", "CM16-9000002", "--to", " Ana  Ruiz ", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Assigned case CM16-9000001 to Ana Ruiz." in out and "CM16-9000002" in out
    assert _assigned(tmp_store_path, two_cases["CM16-9000001"]) == "Ana Ruiz"
    assert main(["assign", "CM16-9000001", "--to", "Ana Ruiz", "--db", db]) == 0
    assert "already assigned to Ana Ruiz" in capsys.readouterr().out
    assert main(["assign", "CM16-9000001", "--nobody", "--db", db]) == 0
    assert "to nobody (was Ana Ruiz)" in capsys.readouterr().out
    assert _assigned(tmp_store_path, two_cases["CM16-9000001"]) is None
    with Store(tmp_store_path) as store:
        assert [e.action for e in store.history(two_cases["CM16-9000001"])] == ["assign", "assign"]


def test_assign_to_me_uses_this_desks_name(tmp_store_path: Path, two_cases: dict[str, int],
                                           monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(USER_ENV, "Rosa Diaz")
    assert main(["assign", "CM16-9000002", "--to-me", "--db", str(tmp_store_path)]) == 0
    assert _assigned(tmp_store_path, two_cases["CM16-9000002"]) == "Rosa Diaz"
    capsys.readouterr()
    assert main(["search", "MRI", "--mine", "--db", str(tmp_store_path)]) == 0
    found = capsys.readouterr().out
    assert "CM16-9000002" in found and "CM16-9000001" not in found
    assert main(["search", "MRI", "--unassigned", "--db", str(tmp_store_path)]) == 0
    found = capsys.readouterr().out
    assert "CM16-9000001" in found and "CM16-9000002" not in found
    assert main(["search", "MRI", "--assigned-to", "Nobody Here", "--db", str(tmp_store_path)]) == 0
    assert "No matches." in capsys.readouterr().err


def test_an_unknown_case_is_named_and_the_others_still_assigned(
        tmp_store_path: Path, two_cases: dict[str, int], capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["assign", "CM16-0000000", "CM16-9000001", "--to", "Ana Ruiz", "--db", str(tmp_store_path)])
    assert status == 1
    assert "there is no case CM16-0000000" in capsys.readouterr().err
    assert _assigned(tmp_store_path, two_cases["CM16-9000001"]) == "Ana Ruiz"


def test_bad_arguments_are_plain_usage_errors(tmp_store_path: Path, two_cases: dict[str, int],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_store_path)
    assert main(["assign", "CM16-9000001", "--to", "   ", "--db", db]) == 2
    assert "empty name" in capsys.readouterr().err
    assert main(["assign", "CM16-9000001", "--to", "x" * 200, "--db", db]) == 2
    assert "at most" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["assign", "CM16-9000001", "--db", db])  # no --to / --to-me / --nobody
    assert exited.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_stats_takes_the_assignment_filters(tmp_store_path: Path, two_cases: dict[str, int],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_store_path)
    assert main(["assign", "CM16-9000001", "--to", "Ana Ruiz", "--db", db]) == 0
    capsys.readouterr()
    assert main(["stats", "--by", "specialty", "--assigned-to", "Ana Ruiz", "--db", db]) == 0
    mine = capsys.readouterr().out
    assert main(["stats", "--by", "specialty", "--db", db]) == 0
    everyone = capsys.readouterr().out
    assert mine != everyone


def test_export_takes_the_assignment_filters(tmp_store_path: Path, two_cases: dict[str, int],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import json

    db = str(tmp_store_path)
    assert main(["assign", "CM16-9000002", "--to", "Ana Ruiz", "--db", db]) == 0
    capsys.readouterr()

    def exported(*options: str) -> list[str]:
        assert main(["export", "--db", db, *options]) == 0
        return [json.loads(line)["header"]["case_number"] for line in capsys.readouterr().out.splitlines()]

    assert sorted(exported()) == ["CM16-9000001", "CM16-9000002"]
    assert exported("--assigned-to", "Ana Ruiz") == ["CM16-9000002"]
    assert exported("--unassigned") == ["CM16-9000001"]
    assert exported("--assigned-to", "Nobody Here") == []
