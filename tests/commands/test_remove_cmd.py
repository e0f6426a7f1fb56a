"""`imr-desk remove`: a letter imported by mistake goes to the trash, comes back, or is deleted.

Removing and emptying the trash ask on a terminal; with no terminal they need --yes (exit 2).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from imr_desk.cli import main
from imr_desk.core.store import ANY_VERSION, Store
from tests.support.store_fixtures import add_letter, invented_letter

CASE = "CM16-0229336"


class Terminal(io.StringIO):
    """Standard input as a terminal on which the user types `answer`."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def stored(corpus_dir: Path, tmp_path: Path, tmp_store_path: Path) -> dict[str, int]:
    """Two corpus letters, the first also as a second copy (a re-saved file); notes on it."""
    with Store(tmp_store_path) as store:
        first = store.import_file(corpus_dir / "dwc-2016" / f"{CASE}.pdf").letter_id
        resaved = tmp_path / f"{CASE} rescan.pdf"
        resaved.write_bytes((corpus_dir / "dwc-2016" / f"{CASE}.pdf").read_bytes() + b"\n% re-saved\n")
        copy = store.import_file(resaved).letter_id
        other = store.import_file(corpus_dir / "dwc-2016" / "CM16-0221706.pdf").letter_id
        store.annotate(first, "Call the adjuster", expected_version=store.version(first))
    return {"first": first, "copy": copy, "other": other}


def run(*args: object) -> int:
    return main(["remove", *map(str, args)])


def cases(path: Path) -> list[str | None]:
    with Store(path) as store:
        return sorted(row.case_number for row in store.queue())


def test_without_a_terminal_or_yes_nothing_is_removed(stored: dict[str, int], tmp_store_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert run(CASE, "--db", tmp_store_path) == 2
    err = capsys.readouterr().err
    assert "no terminal to confirm on; pass --yes" in err and CASE in err
    assert cases(tmp_store_path) == ["CM16-0221706", CASE]
    assert run("--empty-trash", "--db", tmp_store_path) == 0  # an empty trash needs no confirmation
    assert "The trash is empty." in capsys.readouterr().out


def test_a_case_goes_to_the_trash_with_its_copies_and_comes_back(stored: dict[str, int], tmp_store_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert run("cm16-0229336", "--yes", "--db", tmp_store_path) == 0
    out = capsys.readouterr().out
    assert f"Moved {CASE} (2 copies: {CASE}.pdf, {CASE} rescan.pdf) to the trash" in out
    assert "imr-desk remove --restore cm16-0229336" in out
    assert cases(tmp_store_path) == ["CM16-0221706"]
    assert main(["export", "--db", str(tmp_store_path)]) == 0
    exported = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["header"]["case_number"] for o in exported] == ["CM16-0221706"]
    assert run("--list-trash", "--db", tmp_store_path) == 0
    listed = capsys.readouterr().out.splitlines()
    assert sorted(line.split("\t")[0] for line in listed) == sorted(str(stored[k]) for k in ("first", "copy"))
    assert any("\tcopy of record\t" in line and f"{CASE}.pdf" in line for line in listed)
    assert run("--restore", CASE, "--db", tmp_store_path) == 0
    assert capsys.readouterr().out.count("Restored CM16-0229336") == 2
    assert cases(tmp_store_path) == ["CM16-0221706", CASE]
    with Store(tmp_store_path) as store:
        [row] = [row for row in store.queue() if row.case_number == CASE]
        assert (row.letter_id, row.copies) == (stored["first"], 2)
        assert store.load(stored["first"]).annotations[0].note == "Call the adjuster"


def test_one_copy_by_its_id_and_the_case_keeps_the_other(stored: dict[str, int], tmp_store_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert run(stored["copy"], "--yes", "--db", tmp_store_path) == 0
    assert f"(letter {stored['copy']}, {CASE} rescan.pdf) to the trash" in capsys.readouterr().out
    with Store(tmp_store_path) as store:
        assert [(r.letter_id, r.copies) for r in store.queue() if r.case_number == CASE] == [(stored["first"], 1)]
    assert run(stored["copy"], "--yes", "--db", tmp_store_path) == 1
    assert "already in the trash" in capsys.readouterr().err
    assert run("--restore", stored["copy"], "--db", tmp_store_path) == 0
    assert run("--restore", stored["copy"], "--db", tmp_store_path) == 1
    assert "no letter in the trash" in capsys.readouterr().err


def test_the_terminal_asks_first(stored: dict[str, int], tmp_store_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    assert run("CM16-0221706", "--db", tmp_store_path) == 2
    captured = capsys.readouterr()
    assert f"Move CM16-0221706 (letter {stored['other']}, CM16-0221706.pdf) to the trash? [y/N]" in captured.err
    assert "Nothing was removed." in captured.err and len(cases(tmp_store_path)) == 2
    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    assert run("CM16-0221706", "--db", tmp_store_path) == 0
    assert cases(tmp_store_path) == [CASE]
    monkeypatch.setattr("sys.stdin", Terminal("\n"))
    assert run("--empty-trash", "--db", tmp_store_path) == 2
    assert "Delete the 1 letter in the trash for good? This cannot be undone. [y/N]" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", Terminal("yes\n"))
    assert run("--empty-trash", "--db", tmp_store_path) == 0
    assert "Deleted 1 letter for good." in capsys.readouterr().out
    with Store(tmp_store_path) as store:
        assert store.trash() == [] and store.find_letter("CM16-0221706") is None


def test_empty_trash_with_yes_deletes_for_good(stored: dict[str, int], tmp_store_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    with Store(tmp_store_path) as store:
        store.remove(stored["other"], expected_version=ANY_VERSION)
    assert run("--empty-trash", "--db", tmp_store_path) == 2  # no terminal: refused
    assert "pass --yes" in capsys.readouterr().err
    assert run("--empty-trash", "--yes", "--db", tmp_store_path) == 0
    assert run("--list-trash", "--db", tmp_store_path) == 0
    assert "The trash is empty." in capsys.readouterr().out


def test_bad_arguments_and_unknown_letters(tmp_store_path: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--db", tmp_store_path) == 2
    assert "name one case number or letter id" in capsys.readouterr().err
    assert run(CASE, "--list-trash", "--db", tmp_store_path) == 2
    capsys.readouterr()
    missing = tmp_path / "nowhere.sqlite3"
    assert run(CASE, "--yes", "--db", missing) == 1
    assert f"no store at {missing}" in capsys.readouterr().err and not missing.exists()
    with Store(tmp_store_path) as store:
        add_letter(store, invented_letter())
    assert run("CM99-1234567", "--yes", "--db", tmp_store_path) == 1
    assert "CM99-1234567: no letter in the store" in capsys.readouterr().err
    assert run("--restore", "77", "--db", tmp_store_path) == 1
    with pytest.raises(SystemExit):
        main(["remove", "--restore", "1", "--empty-trash"])  # argparse: not allowed together
