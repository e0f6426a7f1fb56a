"""The findings on the command line: ``search``/``stats`` ``--category`` and ``--has-checks``
(the shared queue filters of `commands.filters`), and the CSV export's findings columns."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from imr_desk.cli import main
from imr_desk.core.store import ANY_VERSION, Store

# Viagra (Pharmaceuticals · Impotence Agents), inpatient rehabilitation (Rehabilitation · PT/OT),
# Baclofen (Pharmaceuticals · Muscle Relaxant)
LETTERS = ("CM16-0221706.pdf", "CM16-0229336.pdf", "CM16-0233904.pdf")


@pytest.fixture
def imported(tmp_path: Path, corpus_dir: Path, tmp_store_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in LETTERS:
        shutil.copy(corpus_dir / "dwc-2016" / name, folder)
    assert main(["import", "-q", str(folder)]) == 0
    capsys.readouterr()
    return tmp_store_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _cases(out: str) -> set[str]:
    return {line.split("\t")[0] for line in out.splitlines() if line}


def test_search_takes_a_category_or_its_first_parts(capsys, imported: Path) -> None:
    status, out, err = run(capsys, "search", "the", "--limit", "500")
    assert status == 0, err
    assert _cases(out) == {"CM16-0221706", "CM16-0229336", "CM16-0233904"}
    status, out, _ = run(capsys, "search", "the", "--limit", "500", "--category", "pharmaceuticals")
    assert status == 0 and _cases(out) == {"CM16-0221706", "CM16-0233904"}
    status, out, _ = run(capsys, "search", "the", "--limit", "500", "--category", "Pharmaceuticals · Muscle Relaxant")
    assert status == 0 and _cases(out) == {"CM16-0233904"}
    status, out, err = run(capsys, "search", "the", "--limit", "500", "--category", "Surgery")
    assert status == 0 and out == "" and "No matches." in err


def test_search_takes_has_checks(capsys, imported: Path) -> None:
    with Store(imported) as store:
        counts = {row["case_number"]: (row["checks_warn"], row["checks_info"]) for row in store.db.query(
            "SELECT case_number, checks_warn, checks_info FROM letters")}
    status, out, _ = run(capsys, "search", "the", "--limit", "500", "--has-checks", "any")
    assert status == 0
    assert _cases(out) == {case for case, (warn, info) in counts.items() if warn + info}
    status, out, _ = run(capsys, "search", "the", "--limit", "500", "--has-checks")  # alone: a warn check
    assert status == 0 and _cases(out) == {case for case, (warn, _info) in counts.items() if warn}
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "x", "--has-checks", "some"])
    assert exit_info.value.code == 2


def test_stats_takes_the_category_filter_and_the_corrected_category(capsys, imported: Path) -> None:
    status, out, err = run(capsys, "stats", "--category", "Pharmaceuticals", "--format", "json")
    assert status == 0, err
    total = [json.loads(line) for line in out.splitlines()][-1]
    assert total["letters"] == 2
    with Store(imported) as store:
        letter_id = store.find_letter("CM16-0229336")
        assert letter_id is not None
        store.correct(letter_id, "category", "Pharmaceuticals · Opioids", decision_key="p0",
                      expected_version=ANY_VERSION)
    status, out, _ = run(capsys, "stats", "--category", "pharmaceuticals", "--format", "json")
    assert [json.loads(line) for line in out.splitlines()][-1]["letters"] == 3
    status, out, _ = run(capsys, "stats", "--by", "drug_class", "--category", "Pharmaceuticals · Opioids",
                         "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[1][:3] == ["Opioids", "1", "1"], rows
