"""``imr-desk store compact``: a store file gives its free pages back and says how much it
shrank, its letters untouched; a PostgreSQL store is left to the server; a missing store is one
plain line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from imr_desk.cli import main
from imr_desk.core.store import ANY_VERSION, Store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_compact_gives_the_emptied_trash_back_to_the_disk(capsys, tmp_path: Path, corpus_dir: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for pdf in sorted((corpus_dir / "dwc-2016").glob("*.pdf"))[:12]:
        shutil.copy(pdf, inbox)
    store_file = tmp_path / "desk.sqlite3"
    assert run(capsys, "import", "--db", str(store_file), str(inbox))[0] == 0
    with Store(store_file) as store:
        ids = store.letter_ids()
        for letter_id in ids[:10]:
            store.remove(letter_id, expected_version=ANY_VERSION)
        store.empty_trash()
        kept = {letter_id: store.load(letter_id).letter.to_json() for letter_id in ids[10:]}
    before = store_file.stat().st_size
    status, out, err = run(capsys, "store", "compact", str(store_file))
    assert status == 0, err
    assert out.startswith(f"The store {store_file} was compacted: ") and " MB -> " in out
    assert store_file.stat().st_size < before
    with Store(store_file) as store:
        assert {letter_id: store.load(letter_id).letter.to_json() for letter_id in store.letter_ids()} == kept


def test_compact_leaves_a_postgresql_store_to_its_server(capsys, pg_target: str) -> None:
    assert run(capsys, "store", "init", pg_target)[0] == 0
    status, out, _ = run(capsys, "store", "compact", pg_target)
    assert status == 0 and "reclaims its space itself" in out


def test_compact_of_a_missing_store_is_one_plain_line(capsys, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    status, out, err = run(capsys, "store", "compact", str(missing))
    assert status == 1 and out == "" and str(missing) in err and "Traceback" not in err
    assert not missing.exists()
