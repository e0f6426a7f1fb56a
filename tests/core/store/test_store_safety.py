"""Store safety: private file mode, no lost update between processes, and kill -9 mid-import."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from imr_desk.core.store import StaleRecordError, Store, StoreError
from imr_desk.core.store.packing import unpack
from tests.support.store_fixtures import add_letter, invented_letter

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def test_new_store_and_its_journal_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "store.sqlite3"
    old_umask = os.umask(0o022)
    try:
        with Store(path) as store:
            add_letter(store, invented_letter())
            files = list(path.parent.iterdir())
            assert {p.name for p in files} >= {"store.sqlite3", "store.sqlite3-wal", "store.sqlite3-shm"}
            for file in files:
                assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    finally:
        os.umask(old_umask)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA user_version").fetchone()[0] >= 1


def test_every_connection_enforces_foreign_keys(tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as store:
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


_EDITOR = textwrap.dedent("""
    import sys
    from imr_desk.core.store import Store, StaleRecordError
    path, letter_id, who, rounds = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    store = Store(path)
    retries = 0
    for n in range(rounds):
        while True:
            seen = store.version(letter_id)   # what this window last read
            try:
                store.annotate(letter_id, f"{who} note {n}", expected_version=seen)
                break
            except StaleRecordError:
                retries += 1                  # someone else saved first: reload and redo
    print(retries)
""")


def test_two_processes_lose_no_update(store_target: Path | str) -> None:
    with Store(store_target) as store:
        letter_id = add_letter(store, invented_letter())
    rounds = 25
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _EDITOR, str(store_target), str(letter_id), who, str(rounds)],
            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for who in ("alice", "bob")
    ]
    for worker in workers:
        _out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
    with Store(store_target) as store:
        record = store.load(letter_id)
        notes = sorted(a.note for a in record.annotations)
        assert notes == sorted(f"{who} note {n}" for who in ("alice", "bob") for n in range(rounds))
        assert record.version == 1 + 2 * rounds
        assert len(store.history(letter_id)) == 2 * rounds
        with pytest.raises(StaleRecordError):
            store.correct(letter_id, "header.priority", "Expedited", expected_version=1)


def _varied_letters(corpus_dir: Path, folder: Path, copies: int) -> int:
    """Corpus PDFs, each also in `copies` variants made unique by a trailing PDF comment."""
    folder.mkdir()
    count = 0
    for source in sorted((corpus_dir / "dwc-2016").glob("*.pdf")):
        data = source.read_bytes()
        for variant in range(copies):
            (folder / f"{source.stem}-v{variant}.pdf").write_bytes(data + f"\n% copy {variant}\n".encode())
            count += 1
    return count


def _check_complete(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        orphans = connection.execute(
            "SELECT count(*) FROM letters l LEFT JOIN letter_content c ON c.letter_id = l.id "
            "LEFT JOIN originals o ON o.sha256 = l.sha256 WHERE c.letter_id IS NULL OR o.sha256 IS NULL"
        ).fetchone()[0]
        assert orphans == 0
        short = [letter_id for letter_id, summary, rows, parsed_json in connection.execute(
            "SELECT l.id, l.decisions, (SELECT count(*) FROM decisions d WHERE d.letter_id = l.id), c.parsed_json "
            "FROM letters l JOIN letter_content c ON c.letter_id = l.id"
        ) if not summary == rows == len(json.loads(unpack(parsed_json)).get("decisions", [None] * rows))]
        assert short == []
    with Store(path) as store:
        every_letter = store.connection.letter_ids()  # each copy, not one per case (count())
        for letter_id in every_letter:
            record = store.load(letter_id)
            assert record.letter.text and record.layout["lines"]
        return len(every_letter)


def test_kill_9_during_import_leaves_whole_letters_and_rerun_finishes(
    tmp_path: Path, tmp_store_path: Path, corpus_dir: Path
) -> None:
    total = _varied_letters(corpus_dir, tmp_path / "letters", copies=2)
    command = [sys.executable, "-m", "imr_desk", "import", str(tmp_path / "letters"), "--db", str(tmp_store_path)]
    importer = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    imported = 0
    deadline = time.monotonic() + 120
    while imported < 15 and time.monotonic() < deadline:
        line = importer.stdout.readline()
        if not line:
            break
        imported += ": imported (" in line
    os.kill(importer.pid, signal.SIGKILL)
    importer.wait(timeout=30)
    importer.stdout.close()
    assert importer.returncode == -signal.SIGKILL
    stored = _check_complete(tmp_store_path)
    assert 15 <= stored < total
    rerun = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{total - stored} imported, {stored} already in the store, 0 failed" in rerun.stdout
    assert _check_complete(tmp_store_path) == total


def test_another_sqlite_database_is_refused_byte_for_byte_untouched(tmp_path: Path) -> None:
    other = tmp_path / "elsewhere" / "contacts.db"
    other.parent.mkdir()
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
        connection.execute("INSERT INTO contacts VALUES ('Ann')")
    connection.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="is an SQLite database but not an imr-desk store"):
        Store(other)
    assert other.read_bytes() == before  # not even switched to write-ahead logging
    assert [p.name for p in other.parent.iterdir()] == ["contacts.db"]  # no -wal or -shm left
