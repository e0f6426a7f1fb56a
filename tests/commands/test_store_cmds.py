"""The `imr-desk import`, `export` and `search` commands, and their plain errors for bad stores."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from imr_desk.cli import main
from imr_desk.core.store import Store

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


def test_import_reports_each_file_and_a_summary(capsys, inbox: Path, tmp_store_path: Path) -> None:
    status, out, err = run(capsys, "import", str(inbox))
    assert status == 0, err
    assert out.count(": imported (") == 3
    assert out.strip().splitlines()[-1] == f"3 imported, 0 already in the store, 0 failed ({tmp_store_path})."
    status, out, _ = run(capsys, "import", str(inbox / LETTERS[0]))
    assert status == 0
    assert f"{LETTERS[0]}: already in the store (CM16-0221706)." in out


def test_import_failures_give_codes_and_exit_1(capsys, inbox: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n garbage without an end")
    status, out, err = run(capsys, "import", str(broken), str(inbox))
    assert status == 1
    assert "error: broken.pdf:" in err and "[unreadable]" in err
    assert "Traceback" not in err
    assert "3 imported, 0 already in the store, 1 failed" in out


def test_export_jsonl_and_csv_file(capsys, inbox: Path, tmp_path: Path) -> None:
    run(capsys, "import", str(inbox))
    status, out, err = run(capsys, "export")
    assert status == 0 and "Exported 3 letters" in err
    cases = [json.loads(line)["header"]["case_number"] for line in out.splitlines()]
    assert sorted(cases) == ["CM16-0221706", "CM16-0229336", "CM16-0233904"]
    target = tmp_path / "out" / "cases.csv"
    target.parent.mkdir()
    status, out, err = run(capsys, "export", "--format", "csv", "--out", str(target))
    assert status == 0 and out == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert {r["case_number"] for r in rows} == set(cases) and all(r["outcome"] for r in rows)
    assert [p.name for p in target.parent.iterdir()] == ["cases.csv"]  # no temporary left


def test_search_prints_hits_and_applies_filters(capsys, inbox: Path) -> None:
    run(capsys, "import", str(inbox))
    status, out, _ = run(capsys, "search", "viagra")
    assert status == 0
    first = out.splitlines()[0].split("\t")
    assert first[0] == "CM16-0221706" and first[1] == "decision p0" and "«Viagra»" in first[3]
    status, out, _ = run(capsys, "search", "viagra", "--json", "--outcome", "overturned")
    assert status == 0 and out == ""
    status, out, err = run(capsys, "search", '"(unbalanced AND *')
    assert status == 0 and "No matches." in err
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "x", "--from", "12/31/2016"])
    assert exit_info.value.code == 2
    assert "is not a date like 2016-12-31" in capsys.readouterr().err


def test_damaged_store_is_a_plain_error(capsys, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not a database" * 100)
    for argv in (["search", "x"], ["export"], ["import", str(tmp_path)]):
        status, _out, err = run(capsys, *argv, "--db", str(damaged))
        assert status == 1
        assert err.startswith(f"imr-desk: The store file {damaged} is damaged or is not an imr-desk store")
        assert "Traceback" not in err


def test_store_from_a_newer_version_is_refused_untouched(capsys, tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    Store(newer).close()
    with sqlite3.connect(newer) as connection:
        connection.execute("PRAGMA user_version = 99")
    before = newer.read_bytes()
    status, _, err = run(capsys, "search", "x", "--db", str(newer))
    assert status == 1 and "was written by a newer imr-desk (store version 99" in err
    assert newer.read_bytes() == before


def test_other_sqlite_database_is_not_taken_over(capsys, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
    status, _, err = run(capsys, "export", "--db", str(other))
    assert status == 1 and "is an SQLite database but not an imr-desk store" in err


def test_unwritable_locations_are_plain_errors(capsys, tmp_path: Path) -> None:
    # only import creates a store, so only import meets a location where it cannot be created
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    status, _, err = run(capsys, "import", str(tmp_path), "--db", str(blocker / "store.sqlite3"))
    assert status == 1 and f"The store folder {blocker} cannot be created" in err
    status, _, err = run(capsys, "import", str(tmp_path), "--db", "/proc/imr-desk-store.sqlite3")
    assert status == 1 and "cannot be created" in err and "Traceback" not in err
    status, _, err = run(capsys, "search", "x", "--db", str(blocker / "store.sqlite3"))
    assert status == 1 and f"there is no store at {blocker / 'store.sqlite3'}" in err
    for command in (["search", "x"], ["import", str(blocker)]):
        status, _, err = run(capsys, *command, "--db", str(tmp_path))
        assert status == 1 and "is a folder, not a store file" in err
