"""``imr-desk stats``: each case once, the queue's filters, three formats, safe output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from imr_desk.cli import main
from imr_desk.core.store import Store
from tests.support.invented_letters import statistics_letters


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    db = tmp_path / "stats.db"
    assert main(["import", "--db", str(db), "-q", str(statistics_letters(tmp_path / "letters"))]) == 0
    return db


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["stats", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_json_counts_each_case_once(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store(store_path) as store:
        assert store.count() >= 2
    status, out, _err = _run(capsys, "--db", str(store_path), "--by", "month", "--format", "json")
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["group"] for row in rows] == ["2016-12", "2017-01", "All"]
    assert rows[0] == {"schema": "imr-desk/stats@1", "by": "month", "group": "2016-12", "letters": 1, "decisions": 2,
                       "upheld": 1, "overturned": 1, "outcome_not_found": 0, "overturn_rate": 0.5}
    assert rows[-1]["total"] is True and rows[-1]["letters"] == 2 and rows[-1]["decisions"] == 4


def test_filters_and_specialty_grouping(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = _run(capsys, "--db", str(store_path), "--by", "specialty", "--format", "csv",
                             "--from", "2017-01-01")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["specialty", "letters", "decisions", "upheld", "overturned", "outcome_not_found",
                       "overturn_rate"]
    assert rows[1] == ["Orthopedic Surgery", "1", "2", "1", "1", "0", "0.5"]
    assert rows[-1][0] == "All"


def test_table_and_guideline_grouping(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = _run(capsys, "--db", str(store_path), "--by", "guideline")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["Guideline", "MAXIMUS", "cites"]
    assert lines[-1].split()[0] == "All" and lines[-1].split()[-1] == "50.0%"


def test_a_missing_store_is_an_error_and_is_not_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.db"
    status, out, err = _run(capsys, "--db", str(missing))
    assert status == 1 and out == "" and "no store at" in err and not missing.exists()


def test_output_never_replaces_the_store(store_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = store_path.read_bytes()
    status, _out, err = _run(capsys, "--db", str(store_path), "--out", str(store_path))
    assert status != 0 and "store" in err and store_path.read_bytes() == before


def test_output_file_is_written_whole(store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "stats.csv"
    status, out, _err = _run(capsys, "--db", str(store_path), "--format", "csv", "--out", str(out_file))
    assert status == 0 and out == ""
    assert out_file.read_text(encoding="utf-8").splitlines()[0].startswith("category,")
