"""The one ``--db PATH`` option and `open_store()`: what every store command does with a store
file that is missing, foreign, newer or damaged (a plain message naming it, exit status 1)."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from imr_desk.cli import build_parser, main
from imr_desk.commands.store_access import DB_HELP, open_store
from imr_desk.core.store import Store, StoreError

STORE_COMMANDS = ("import", "export", "search", "report")


def db_option(command: str) -> object:
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    return next(a for a in subparsers.choices[command]._actions if a.dest == "db")


@pytest.mark.parametrize("command", STORE_COMMANDS)
def test_every_store_command_has_the_same_db_option(command: str) -> None:
    option = db_option(command)
    assert option.option_strings == ["--db"] and option.metavar == "PATH" and option.help == DB_HELP
    assert option.default is None and option.type("~/cases.sqlite3") == Path("~/cases.sqlite3")


def test_a_missing_store_is_created_only_when_asked(tmp_path: Path) -> None:
    wanted = tmp_path / "new" / "cases.sqlite3"
    with pytest.raises(StoreError, match=rf"there is no store at {wanted} \(import letters first"):
        open_store(wanted, create=False)
    assert not wanted.parent.exists()
    with open_store(wanted, create=True) as store:
        assert store.path == wanted and store.count() == 0
    assert stat.S_IMODE(wanted.stat().st_mode) == 0o600
    with open_store(wanted, create=False) as store:
        assert store.count() == 0


def test_no_db_means_the_default_store(tmp_store_path: Path) -> None:
    with open_store(None, create=True) as store:
        assert store.path == tmp_store_path


def newer_store(path: Path) -> Path:
    Store(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 99")
    return path


def foreign_database(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
    return path


def damaged_file(path: Path) -> Path:
    path.write_bytes(b"this is not a database" * 100)
    return path


@pytest.mark.parametrize("make, problem", [
    (newer_store, "was written by a newer imr-desk"),
    (foreign_database, "is an SQLite database but not an imr-desk store"),
    (damaged_file, "is damaged or is not an imr-desk store"),
])
@pytest.mark.parametrize("create", [True, False])
def test_unusable_stores_are_plain_errors_naming_the_file_left_untouched(
    tmp_path: Path, make, problem: str, create: bool
) -> None:
    path = make(tmp_path / "cases.sqlite3")
    before = path.read_bytes()
    with pytest.raises(StoreError, match=problem) as raised:
        open_store(path, create=create)
    assert str(path) in str(raised.value)
    assert path.read_bytes() == before


@pytest.mark.parametrize("argv", [["search", "x"], ["export"], ["import", "no-such-letter.pdf"],
                                  ["report", "CM16-0000001", "--out", "x.pdf"]])
def test_every_store_command_refuses_a_newer_store_with_status_1(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = newer_store(tmp_path / "newer.sqlite3")
    assert main([*argv, "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"The store file {path} was written by a newer imr-desk" in err and "Traceback" not in err


def test_report_names_a_folder_given_as_the_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "CM16-0000001", "--db", str(tmp_path), "--out", str(tmp_path / "x.pdf")]) == 1
    assert f"The store path {tmp_path} is a folder, not a store file." in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["export"], ["export", "--format", "csv"], ["search", "viagra"],
                                  ["report", "CM16-0000001", "--out", "{tmp}/x.pdf"],
                                  ["report", "--all", "--out", "{tmp}/x.pdf"]])
def test_only_import_creates_a_store(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A mistyped --db (or an unset default) is "no store at PATH", exit 1; nothing is created."""
    mistyped = tmp_path / "no-such-folder" / "cases.sqlite3"
    status = main([a.format(tmp=tmp_path) for a in argv] + ["--db", str(mistyped)])
    captured = capsys.readouterr()
    assert status == 1
    assert f"there is no store at {mistyped} (import letters first, or pass --db PATH)." in captured.err
    assert captured.out == "" and "Exported" not in captured.err and "Traceback" not in captured.err
    assert list(tmp_path.iterdir()) == [tmp_path / "store"]  # (the test's own default-store folder)


@pytest.mark.parametrize("argv", [["export"], ["search", "viagra"]])
def test_the_default_store_is_not_created_either(
    argv: list[str], tmp_store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tmp_store_path.parent.rmdir()
    assert main(argv) == 1
    assert f"there is no store at {tmp_store_path}" in capsys.readouterr().err
    assert not tmp_store_path.parent.exists()


def test_import_creates_the_store_and_its_folder(
    tmp_path: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = tmp_path / "new-folder" / "cases.sqlite3"
    assert main(["import", str(corpus_dir / "dwc-2016" / "CM16-0221706.pdf"), "--db", str(new)]) == 0
    assert new.is_file() and stat.S_IMODE(new.stat().st_mode) == 0o600
    assert main(["export", "--db", str(new)]) == 0
    assert "Exported 1 letters" in capsys.readouterr().err


def test_a_store_from_the_desk_settings_that_cannot_be_opened_says_where_it_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from imr_desk.core.store.desk_config import DeskConfig, write_desk_config

    monkeypatch.delenv("IMR_DESK_DB")
    write_desk_config(DeskConfig("", str(tmp_path / "gone" / "cases.sqlite3")))
    assert main(["search", "lumbar"]) == 1
    said = capsys.readouterr().err
    assert f"there is no store at {tmp_path / 'gone' / 'cases.sqlite3'}" in said
    assert "the store chosen in the window's Desk Settings; pass --db PATH" in said
    assert main(["search", "lumbar", "--db", str(tmp_path / "other.sqlite3")]) == 1
    assert "Desk Settings" not in capsys.readouterr().err  # named by --db: no word of the settings
