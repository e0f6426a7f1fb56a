"""What the commands say: a file whose name is not UTF-8 is named with its odd bytes escaped
(``\\xe9``) and the batch goes on; a damaged cell of the store is named (letter, file, column)
but its contents are never quoted, neither on screen nor in the log."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from imr_desk.core.store import Store

PROJECT_ROOT = Path(__file__).resolve().parents[2]
needs_posix = pytest.mark.skipif(os.name != "posix", reason="file names as bytes are POSIX")


def imr_desk(*argv: object, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """Run the real command (its own stdout/stderr encodings, no pytest capture)."""
    args = [os.fsencode(a) if isinstance(a, (str, Path)) else a for a in argv]
    return subprocess.run([sys.executable, "-m", "imr_desk", *args], capture_output=True, timeout=180,
                          cwd=PROJECT_ROOT, env=env, check=False)


@pytest.fixture
def command_env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "IMR_DESK_LOG_DIR": str(tmp_path / "logs"), "IMR_DESK_DB": str(tmp_path / "store.db"),
            "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": ""}


def odd_inbox(tmp_path: Path, corpus_dir: Path) -> tuple[Path, Path]:
    """A folder with a letter and a broken file whose names hold byte \\xe9, and a plain letter."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    odd = Path(os.fsdecode(bytes(inbox) + b"/CM16-0221706 r\xe9vis\xe9.pdf"))
    shutil.copy(corpus_dir / "dwc-2016" / "CM16-0221706.pdf", odd)
    broken = Path(os.fsdecode(bytes(inbox) + b"/broken-\xe9.pdf"))
    broken.write_bytes(b"%PDF-1.7\n garbage without an end")
    shutil.copy(corpus_dir / "dwc-2016" / "CM16-0229336.pdf", inbox / "plain.pdf")
    return inbox, odd


@needs_posix
def test_import_names_a_file_whose_name_is_not_utf8_and_goes_on(
    tmp_path: Path, corpus_dir: Path, command_env: dict[str, str]
) -> None:
    inbox, _odd = odd_inbox(tmp_path, corpus_dir)
    result = imr_desk("import", inbox, env=command_env)
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert "Traceback" not in err and "UnicodeEncodeError: " not in err and "\udce9" not in out + err
    assert "error: broken-\\xe9.pdf: " in err and "[unreadable]" in err
    assert "plain.pdf: imported (CM16-0229336" in out  # the batch went on past both
    assert "CM16-0221706 r\\xe9vis\\xe9.pdf" in out + err
    assert result.returncode == 1
    log = (tmp_path / "logs" / "imr-desk.log").read_text(encoding="utf-8")
    assert "import: broken-\\xe9.pdf: failed [unreadable]" in log


@needs_posix
def test_import_stores_a_file_whose_name_is_not_utf8_under_its_escaped_name(
    tmp_path: Path, corpus_dir: Path, command_env: dict[str, str]
) -> None:
    inbox, odd = odd_inbox(tmp_path, corpus_dir)
    result = imr_desk("import", inbox, env=command_env)
    out = result.stdout.decode("utf-8")
    assert "CM16-0221706 r\\xe9vis\\xe9.pdf: imported (CM16-0221706" in out
    assert out.splitlines()[-1] == f"2 imported, 0 already in the store, 1 failed ({tmp_path / 'store.db'})."
    again = imr_desk("import", odd, env=command_env)
    assert "CM16-0221706 r\\xe9vis\\xe9.pdf: already in the store (CM16-0221706)." in again.stdout.decode("utf-8")
    with Store(tmp_path / "store.db") as store:
        assert sorted(store.load(i).file_name for i in store.letter_ids()) == [
            "CM16-0221706 r\\xe9vis\\xe9.pdf", "plain.pdf"]


@needs_posix
def test_every_command_names_odd_paths_safely(tmp_path: Path, corpus_dir: Path, command_env: dict[str, str]) -> None:
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/dossiers-\xe9"))
    folder.mkdir()
    letter = folder / "letter.pdf"
    shutil.copy(corpus_dir / "dwc-2016" / "CM16-0221706.pdf", letter)
    shown = str(tmp_path) + "/dossiers-\\xe9"
    store = folder / "cases.sqlite3"
    checks = [
        (("import", letter, "--db", store), f"({shown}/cases.sqlite3)."),
        (("export", "--db", store, "--out", folder / "out.csv", "--format", "csv"), f"to {shown}/out.csv."),
        (("report", letter, "--out", folder / "summary.pdf"), f"Wrote {shown}/summary.pdf"),
        (("report", letter, "--out", letter), f"will not write to {shown}/letter.pdf"),
        (("export", "--db", folder / "missing.sqlite3"), f"there is no store at {shown}/missing.sqlite3"),
        (("import", folder / "gone.pdf", "--db", store), f"{shown}/gone.pdf: no such file or folder."),
    ]
    for argv, expected in checks:
        result = imr_desk(*argv, env=command_env)
        text = result.stdout.decode("utf-8") + result.stderr.decode("utf-8")
        assert expected in text, (argv, text)
        assert "Traceback" not in text and "\udce9" not in text


def damage_a_cell(store_path: Path) -> str:
    """Put 300 characters of the letter's own text into a number of its stored parse."""
    import json

    from imr_desk.core.store.packing import pack_text, unpack

    with sqlite3.connect(store_path) as connection:
        stored_text, parsed_json = connection.execute("SELECT text, parsed_json FROM letter_content").fetchone()
        text = unpack(stored_text)[:300]
        parsed = json.loads(unpack(parsed_json))  # the cell is compressed on SQLite (packing)
        parsed["source"]["pages"] = text
        connection.execute("UPDATE letter_content SET parsed_json = ?", [pack_text(json.dumps(parsed))])
    connection.close()
    return text


@pytest.mark.parametrize("argv", [["export"], ["export", "--format", "csv", "--out", "{tmp}/out.csv"],
                                  ["report", "CM16-0221706", "--out", "{tmp}/summary.pdf"],
                                  ["report", "--all", "--out", "{tmp}/batch.pdf"]])
def test_a_damaged_cell_is_named_but_never_quoted(
    argv: list[str], tmp_path: Path, corpus_dir: Path, command_env: dict[str, str]
) -> None:
    store_path = tmp_path / "store.db"
    assert imr_desk("import", corpus_dir / "dwc-2016" / "CM16-0221706.pdf", env=command_env).returncode == 0
    text = damage_a_cell(store_path)
    result = imr_desk(*[a.format(tmp=tmp_path) for a in argv], env=command_env)
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1
    assert (f"letter 1 (CM16-0221706, file CM16-0221706.pdf) in the store {store_path} cannot be read: "
            "its stored parse (letter_content.parsed_json) is damaged") in err
    assert "Traceback" not in err
    log = (tmp_path / "logs" / "imr-desk.log").read_text()
    for quoted in (text, text[:40], text.strip()[:40], "Case Number", "Date Assigned"):
        assert quoted not in err and quoted not in result.stdout.decode("utf-8") and quoted not in log
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "summary.pdf").exists()
    assert not (tmp_path / "batch.pdf").exists()
