"""The store file is judged before anything is written to it: a file that is not an SQLite
database, another program's database or a store from a newer imr-desk is refused from its
header and ``user_version``/``application_id`` and left exactly as it was (bytes, modification
time, no companion files); a damaged store (``PRAGMA quick_check``) takes no new write; two
processes creating the same new store at once both succeed."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from imr_desk.cli import main
from imr_desk.core.store import Store, StoreError
from imr_desk.core.store.schema import APPLICATION_ID, SCHEMA_VERSION
from tests.support.store_fixtures import add_letter, invented_letter

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def text_file(path: Path) -> None:
    path.write_text("Dear claims adjuster, this is a letter, not a database.\n" * 40)


def short_file(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\x10\x00")  # a header cut short


def foreign_rollback_database(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
        connection.execute("INSERT INTO contacts VALUES ('Ann')")
    connection.close()


def foreign_wal_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.commit()
    connection.close()


def foreign_database_with_a_version(path: Path) -> None:
    """Another program's WAL database that also uses user_version 1 (as our stores do)."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE letters (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()


def other_application(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA application_id = 1196444487")  # GeoPackage's 'GPKG'
    connection.execute("PRAGMA user_version = 1")
    connection.execute("CREATE TABLE gpkg_contents (table_name TEXT)")
    connection.commit()
    connection.close()


def newer_store(path: Path) -> None:
    with Store(path) as store:
        add_letter(store, invented_letter())
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()


REFUSED: list[tuple[Callable[[Path], None], str]] = [
    (text_file, "is damaged or is not an imr-desk store (it is not an SQLite database)"),
    (short_file, "is damaged or is not an imr-desk store (it is not an SQLite database)"),
    (foreign_rollback_database, "is an SQLite database but not an imr-desk store"),
    (foreign_wal_database, "is an SQLite database but not an imr-desk store"),
    (foreign_database_with_a_version, "is an SQLite database but not an imr-desk store"),
    (other_application, "is an SQLite database but not an imr-desk store"),
    (newer_store, "was written by a newer imr-desk"),
]


@pytest.mark.parametrize("make, problem", REFUSED, ids=[make.__name__ for make, _ in REFUSED])
def test_a_refused_file_is_never_written(tmp_path: Path, make: Callable[[Path], None], problem: str) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "cases.sqlite3"
    make(path)
    past = time.time_ns() - 5_000_000_000  # a modification time any write would move
    os.utime(path, ns=(past, past))
    before = folder_state(folder)
    with pytest.raises(StoreError, match=re.escape(problem)) as refused:
        Store(path)
    assert str(path) in str(refused.value)
    assert folder_state(folder) == before  # same bytes, same mtime, no -wal/-shm/-journal left


@pytest.mark.parametrize("make, problem", REFUSED, ids=[make.__name__ for make, _ in REFUSED])
@pytest.mark.parametrize("argv", [["import", "no-such-letter.pdf"], ["export"], ["search", "x"],
                                  ["report", "CM16-9000001", "--out", "{folder}/x.pdf"]])
def test_every_command_refuses_without_writing(
    tmp_path: Path, capsys, make: Callable[[Path], None], problem: str, argv: list[str]
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "cases.sqlite3"
    make(path)
    past = time.time_ns() - 5_000_000_000
    os.utime(path, ns=(past, past))
    before = folder_state(folder)
    assert main([a.format(folder=folder) for a in argv] + ["--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert problem in err and str(path) in err and "Traceback" not in err
    assert folder_state(folder) == before


def test_new_stores_carry_the_imr_desk_application_id(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    Store(path).close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    connection.close()
    assert int.from_bytes(b"IMRD", "big") == APPLICATION_ID


def test_a_store_without_an_application_id_still_opens(tmp_path: Path) -> None:
    """Stores made before the application id was set (0) are still ours."""
    path = tmp_path / "old.sqlite3"
    with Store(path) as store:
        add_letter(store, invented_letter())
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA application_id = 0")
    connection.close()
    with Store(path) as store:
        assert store.count() == 1


# -- a damaged store ---------------------------------------------------------------------------

def damaged_store(path: Path) -> None:
    """A store of two letters whose `letters` table page is overwritten with junk."""
    with Store(path) as store:
        for number in range(2):
            add_letter(store, invented_letter(f"CM16-900000{number}"))
    connection = sqlite3.connect(path)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'letters'").fetchone()[0]
    connection.close()
    with open(path, "r+b") as file:  # junk into the middle of that page
        file.seek((root - 1) * page_size + 8)
        file.write(bytes(range(7, 250)) * 8)
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    check.close()


def test_a_damaged_store_refuses_every_write_and_is_left_unchanged(tmp_path: Path, corpus_dir: Path, capsys) -> None:
    path = tmp_path / "cases.sqlite3"
    damaged_store(path)
    before = path.read_bytes()
    letter = corpus_dir / "dwc-2016" / "CM16-0221706.pdf"
    assert main(["import", str(letter), "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"imr-desk: The store file {path} is damaged" in err
    assert "nothing was written to it" in err and "Restore it from a backup" in err
    assert f'sqlite3 {path} ".recover" | sqlite3 ' in err
    assert "imported" not in err and "Traceback" not in err
    assert path.read_bytes() == before
    with Store(path) as store:  # the Python API refuses writes the same way
        with pytest.raises(StoreError, match="is damaged"):
            store.import_file(letter)
        with pytest.raises(StoreError, match="is damaged"):
            add_letter(store, invented_letter("CM16-9000009"))
    assert path.read_bytes() == before


def test_an_intact_store_is_checked_once_and_takes_writes(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite3"
    Store(path).close()  # (creating it checked the new, empty store)
    with Store(path) as store:
        statements: list[str] = []
        store.db.conn.set_trace_callback(statements.append)
        for number in range(3):
            add_letter(store, invented_letter(f"CM16-900000{number}"))
        store.db.conn.set_trace_callback(None)
        assert store.count() == 3
    assert sum("quick_check" in s for s in statements) == 1


# -- two processes creating one store ---------------------------------------------------------

_CREATE = textwrap.dedent("""
    import sys, time
    from imr_desk.core.store import Store
    start = float(sys.argv[2])
    while time.time() < start:
        pass
    with Store(sys.argv[1]) as store:
        print(store.count())
""")


def test_processes_creating_the_same_new_store_at_once_all_succeed(tmp_path: Path) -> None:
    env = {**os.environ, "IMR_DESK_LOG_DIR": str(tmp_path / "logs")}
    failures = []
    for trial in range(10):
        path = tmp_path / f"trial-{trial}" / "new.sqlite3"
        start = time.time() + 1.0  # every process is started, then all go at once
        workers = [
            subprocess.Popen([sys.executable, "-c", _CREATE, str(path), repr(start)], cwd=PROJECT_ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for _ in range(3)
        ]
        for worker in workers:
            out, err = worker.communicate(timeout=60)
            if worker.returncode != 0 or out.strip() != "0":
                failures.append((trial, worker.returncode, err.strip().splitlines()[-1:]))
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        connection.close()
    assert failures == []


@pytest.mark.skipif(os.name != "posix", reason="named pipes are POSIX")
def test_a_named_pipe_given_as_the_store_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "cases.sqlite3"
    os.mkfifo(pipe)  # reading its header would wait for a writer forever
    with pytest.raises(StoreError, match="is not a regular file"):
        Store(pipe)
