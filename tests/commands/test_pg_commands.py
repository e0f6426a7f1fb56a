"""The commands on a PostgreSQL store (issue 16): ``store init``, import, search, export,
report and stats give what they give on a store file for the same letters, ``--db`` and
``IMR_DESK_DB`` take a connection string, ``store copy`` moves letters both ways and says which
it skipped, and no message shows the password."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from imr_desk.cli import main
from imr_desk.core.store.schema import SCHEMA_VERSION
from tests.support.invented_letters import statistics_letters
from tests.support.report_support import pdf_pages_text

LETTERS = ("CM16-0221706.pdf", "CM16-0229336.pdf", "CM16-0233904.pdf")


@pytest.fixture
def inbox(tmp_path: Path, corpus_dir: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in LETTERS:
        shutil.copy(corpus_dir / "dwc-2016" / name, folder)
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def with_password(dsn: str) -> str:
    return dsn.replace("postgresql://desk_store_tests@", "postgresql://desk_store_tests:s3cret@")


def _comparable(jsonl: str) -> list[dict]:
    letters = []
    for line in jsonl.splitlines():
        letter = json.loads(line)
        letter.pop("store")
        letter["review"].pop("changed_at", None)
        letters.append(letter)
    return sorted(letters, key=lambda letter: letter["header"]["case_number"])


def test_the_commands_give_the_same_on_both_backends(capsys, inbox: Path, tmp_path: Path, pg_target: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    url = with_password(pg_target)
    status, out, err = run(capsys, "store", "init", url)
    assert status == 0, err
    assert out.strip().endswith(f"is ready (schema version {SCHEMA_VERSION}).")
    assert "s3cret" not in out and ":***@" in out
    sqlite = tmp_path / "desk.sqlite3"
    outputs: dict[str, dict[str, object]] = {}
    for name, db in (("sqlite", str(sqlite)), ("postgresql", url)):
        status, out, err = run(capsys, "import", "--db", db, str(inbox))
        assert status == 0, err
        assert out.strip().splitlines()[-1].startswith("3 imported, 0 already in the store, 0 failed")
        assert "s3cret" not in out + err
        searched = {query: run(capsys, "search", "--db", db, "--json", query)[1]
                    for query in ("lumbar", "physical therapy", "medications", "injections", "CM16-0229336")}
        exported = run(capsys, "export", "--db", db)[1]
        csv_out = tmp_path / f"{name}.csv"
        assert run(capsys, "export", "--db", db, "--format", "csv", "--out", str(csv_out))[0] == 0
        stats = run(capsys, "stats", "--db", db, "--format", "json", "--by", "category")[1]
        report = tmp_path / f"{name}.pdf"
        status, out, err = run(capsys, "report", "CM16-0229336", "--db", db, "--out", str(report))
        assert status == 0, err
        outputs[name] = {
            "search": {q: sorted(json.loads(line)["case_number"] for line in text.splitlines())
                       for q, text in searched.items()},
            "export": _comparable(exported),
            "csv_rows": len(csv_out.read_text(encoding="utf-8-sig").splitlines()),
            "stats": stats,
            "report": "CM16-0229336" in pdf_pages_text(report)[0],
        }
    assert outputs["postgresql"] == outputs["sqlite"]
    assert sum(bool(cases) for cases in outputs["sqlite"]["search"].values()) >= 4  # not a match of nothing
    assert outputs["sqlite"]["report"] is True and outputs["sqlite"]["stats"]
    monkeypatch.setenv("IMR_DESK_DB", url)  # the default store may be PostgreSQL too
    status, out, _ = run(capsys, "search", "--json", "lumbar")
    assert status == 0 and sorted(json.loads(line)["case_number"] for line in out.splitlines()) == (
        outputs["sqlite"]["search"]["lumbar"])


def test_store_copy_lists_what_it_skipped_and_copies_back(capsys, tmp_path: Path, pg_target: str) -> None:
    desk = tmp_path / "desk.sqlite3"
    assert main(["import", "--db", str(desk), "-q", str(statistics_letters(tmp_path / "letters"))]) == 0
    capsys.readouterr()
    url = with_password(pg_target)
    status, out, err = run(capsys, "store", "copy", "--from", str(desk), "--to", url)
    assert status == 0, err
    lines = out.strip().splitlines()
    copied = [line for line in lines if line.startswith("copied ")]
    assert copied and lines[-1].startswith(f"{len(copied)} letters copied, 0 skipped")
    assert "s3cret" not in out + err
    status, out, err = run(capsys, "store", "copy", "--from", str(desk), "--to", url)
    lines = out.strip().splitlines()
    assert status == 0 and lines[-1].startswith(f"0 letters copied, {len(copied)} skipped")
    assert sum(line.startswith("skipped ") and "already in the target" in line for line in lines) == len(copied)
    laptop = tmp_path / "laptop.sqlite3"
    status, out, err = run(capsys, "store", "copy", "--from", url, "--to", str(laptop), "-q")
    assert status == 0 and out.strip().splitlines()[-1].startswith(f"{len(copied)} letters copied, 0 skipped")
    stats = [run(capsys, "stats", "--db", db, "--format", "json")[1] for db in (str(desk), url, str(laptop))]
    assert stats[0] and stats[0] == stats[1] == stats[2]


def test_a_missing_source_or_an_unreachable_server_is_one_plain_line(capsys, tmp_path: Path) -> None:
    status, _, err = run(capsys, "store", "copy", "--from", str(tmp_path / "none.sqlite3"),
                         "--to", str(tmp_path / "new.sqlite3"))
    assert status == 1 and "there is no store at" in err and "Traceback" not in err
    assert not (tmp_path / "new.sqlite3").exists()
    status, _, err = run(capsys, "store", "init", f"postgresql://desk:s3cret@/imr?host={tmp_path}")
    assert status == 1 and "cannot be reached" in err and "s3cret" not in err and "Traceback" not in err


def test_remove_service_and_deadlines_on_both_backends(capsys, inbox: Path, tmp_path: Path, pg_target: str) -> None:
    seen: dict[str, list[object]] = {}
    for name, db in (("sqlite", str(tmp_path / "desk.sqlite3")), ("postgresql", pg_target)):
        assert run(capsys, "import", "--db", db, "-q", str(inbox))[0] == 0
        status, _, err = run(capsys, "service", "CM16-0229336", "--served-on", "2016-12-20", "--by", "fax",
                             "--db", db)
        assert status == 0, err
        deadlines = run(capsys, "deadlines", "--db", db, "--format", "json")[1]
        status, _, err = run(capsys, "remove", "CM16-0221706", "--yes", "--db", db)
        assert status == 0, err
        trash = run(capsys, "remove", "--list-trash", "--db", db)[1]
        exported = run(capsys, "export", "--db", db)[1]
        assert run(capsys, "remove", "--restore", "CM16-0221706", "--db", db)[0] == 0
        seen[name] = [
            sorted((d["case_number"], d["kind"], d["due"]) for d in map(json.loads, deadlines.splitlines())),
            ["CM16-0221706" in line for line in trash.splitlines()],
            len(exported.splitlines()),
            len(run(capsys, "export", "--db", db)[1].splitlines()),
        ]
    assert seen["postgresql"] == seen["sqlite"]
    assert seen["sqlite"][0] and seen["sqlite"][2:] == [2, 3]
