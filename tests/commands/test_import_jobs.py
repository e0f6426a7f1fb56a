"""`imr-desk import --jobs N`: letters parsed in N worker processes print and store exactly what
`--jobs 1` (one letter at a time) prints and stores; a bad count is refused in plain words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from imr_desk.cli import main
from imr_desk.core.store.import_pool import POOL_MIN_FILES


@pytest.fixture
def inbox(tmp_path: Path, corpus_dir: Path) -> Path:
    """More letters than `POOL_MIN_FILES` (so --jobs 2 uses the pool), a copy and two bad files."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    letters = sorted((corpus_dir / "dwc-2016").glob("*.pdf"))[: POOL_MIN_FILES + 1]
    for letter in letters:
        shutil.copy(letter, folder)
    (folder / "zz-rescan.pdf").write_bytes(letters[0].read_bytes() + b"\n% rescan\n")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage without an end")
    (folder / "list.txt").write_text("Things to do: nothing about any review.\n")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_jobs_2_prints_and_stores_what_jobs_1_does(capsys, inbox: Path, tmp_path: Path) -> None:
    serial = run(capsys, "import", "--db", str(tmp_path / "serial.db"), "--jobs", "1", str(inbox))
    pooled = run(capsys, "import", "--db", str(tmp_path / "pooled.db"), "--jobs", "2", str(inbox))
    assert serial[0] == pooled[0] == 1  # two files failed
    assert pooled[1].replace("pooled.db", "X") == serial[1].replace("serial.db", "X")
    assert pooled[2] == serial[2]
    assert "error: broken.pdf:" in pooled[2] and "error: list.txt:" in pooled[2]
    assert "Traceback" not in pooled[2]
    assert pooled[1].count(": imported (") == POOL_MIN_FILES + 1
    assert "zz-rescan.pdf: copy of " in pooled[1]
    again = run(capsys, "import", "--db", str(tmp_path / "pooled.db"), "-j", "2", str(inbox))
    assert again[1].count(": already in the store") == POOL_MIN_FILES + 2


@pytest.mark.parametrize("value", ["0", "two"])
def test_a_bad_jobs_count_is_refused_in_plain_words(capsys, inbox: Path, value: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["import", "--jobs", value, str(inbox)])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "--jobs" in err and "worker processes" in err and "Traceback" not in err
