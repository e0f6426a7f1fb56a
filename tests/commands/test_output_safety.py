"""``--out`` can never destroy data: an output over the store (or its ``-wal``/``-shm``/
``-journal``) or over an input letter is refused with exit status 2, whatever way the path
names it (relative, ``..``, a symbolic link, a hard link); every output is written to a private
temporary file beside the target and renamed into place only when complete, so a failure
mid-way leaves the previous file as it was and no temporary behind."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from imr_desk.cli import main
from imr_desk.core.store import Store
from tests.support.store_fixtures import add_letter, invented_letter

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store_with_letters(tmp_path: Path) -> Path:
    path = tmp_path / "cases" / "store.sqlite3"
    with Store(path) as store:
        for number in range(3):
            add_letter(store, invented_letter(f"CM16-900000{number}"))
    return path


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in `folder` (recursively) with its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()
    }


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def store_names(store: Path) -> list[Path]:
    return [store, *(Path(f"{store}{suffix}") for suffix in ("-wal", "-shm", "-journal"))]


@pytest.mark.parametrize("export_format", ["csv", "jsonl"])
@pytest.mark.parametrize("which", range(4))
def test_export_refuses_to_write_over_the_store_or_its_companions(
    capsys, store_with_letters: Path, export_format: str, which: int
) -> None:
    target = store_names(store_with_letters)[which]
    before = snapshot(store_with_letters.parent)
    status, _out, err = run(capsys, "export", "--db", store_with_letters, "--format", export_format, "--out", target)
    assert status == 2, err
    assert f"imr-desk export: will not write to {target}:" in err and "Traceback" not in err
    assert snapshot(store_with_letters.parent) == before
    with Store(store_with_letters) as store:
        assert store.count() == 3


def test_export_refuses_the_store_named_another_way(
    capsys, store_with_letters: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = store_with_letters.parent
    link = tmp_path / "link-to-store.csv"
    link.symlink_to(store_with_letters)
    hard = tmp_path / "hard-link.csv"
    os.link(store_with_letters, hard)
    monkeypatch.chdir(tmp_path)
    before = snapshot(folder)
    relative = Path("cases") / ".." / "cases" / "store.sqlite3"
    for target in (link, hard, relative):
        status, _, err = run(capsys, "export", "--db", store_with_letters, "--format", "csv", "--out", target)
        assert status == 2, (target, err)
        assert "it is the store" in err
    # the store named through a link: its real companions are protected
    status, _, err = run(capsys, "export", "--db", link, "--out", f"{store_with_letters}-wal")
    assert status == 2 and "it is the store" in err
    # the default store (no --db) is protected too
    monkeypatch.setenv("IMR_DESK_DB", str(store_with_letters))
    status, _, err = run(capsys, "export", "--out", store_with_letters)
    assert status == 2 and "it is the store" in err
    assert snapshot(folder) == before
    assert hard.read_bytes() == store_with_letters.read_bytes()


def test_report_refuses_to_write_over_its_input_letter(capsys, corpus_dir: Path, tmp_path: Path) -> None:
    letter = tmp_path / "letter.pdf"
    shutil.copy(corpus_dir / "dwc-2016" / "CM16-0221706.pdf", letter)
    link = tmp_path / "summary.pdf"
    link.symlink_to(letter)
    hard = tmp_path / "hard.pdf"
    os.link(letter, hard)
    before = snapshot(tmp_path)
    for out in (letter, link, hard, tmp_path / "." / "letter.pdf"):
        status, _, err = run(capsys, "report", letter, "--out", out)
        assert status == 2, (out, err)
        assert f"imr-desk report: will not write to {out}: it is the letter file {letter}" in err
    # a batch naming the letter among others, and a store companion, are refused too
    status, _, err = run(capsys, "report", letter, letter, "--batch", "--out", hard)
    assert status == 2 and "it is the letter file" in err
    assert snapshot(tmp_path) == before


def test_report_refuses_to_write_over_the_store(capsys, store_with_letters: Path) -> None:
    before = snapshot(store_with_letters.parent)
    for target in store_names(store_with_letters):
        status, _, err = run(capsys, "report", "CM16-9000001", "--db", store_with_letters, "--out", target)
        assert status == 2 and "it is the store" in err, err
    assert snapshot(store_with_letters.parent) == before


def test_outputs_are_private_and_written_through_a_symbolic_link(
    capsys, store_with_letters: Path, tmp_path: Path
) -> None:
    real = tmp_path / "exports" / "latest.csv"
    real.parent.mkdir()
    real.write_text("old export\n")
    os.chmod(real, 0o644)
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    status, _, err = run(capsys, "export", "--db", store_with_letters, "--format", "csv", "--out", link)
    assert status == 0, err
    assert link.is_symlink() and link.resolve() == real  # the link still points where it did
    assert real.read_text(encoding="utf-8-sig").startswith("letter_id,")
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    summary = tmp_path / "exports" / "summary.pdf"
    status, _, err = run(capsys, "report", "CM16-9000001", "--db", store_with_letters, "--out", summary)
    assert status == 0, err
    assert stat.S_IMODE(summary.stat().st_mode) == 0o600 and summary.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in real.parent.iterdir()) == ["latest.csv", "summary.pdf"]


def _fail_mid_way(monkeypatch: pytest.MonkeyPatch, module: str, name: str) -> None:
    """Make the writer behind `module.name` write part of its output, then find the disk full."""
    import importlib

    target = importlib.import_module(module)
    real = getattr(target, name)

    def half_then_full(*args, **kwargs):
        fp = next(a for a in args if hasattr(a, "write"))
        fp.write("partial output that must never replace the old file\n")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    assert callable(real)
    monkeypatch.setattr(target, name, half_then_full)


@pytest.mark.parametrize("export_format, writer", [("csv", "write_csv"), ("jsonl", "write_jsonl")])
def test_a_failed_export_leaves_the_previous_file_and_no_temporary(
    capsys, store_with_letters: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, export_format: str, writer: str
) -> None:
    out = tmp_path / "out" / f"cases.{export_format}"
    out.parent.mkdir()
    out.write_bytes(b"the previous export\n")
    _fail_mid_way(monkeypatch, "imr_desk.core.store.facade", writer)
    status, _, err = run(capsys, "export", "--db", store_with_letters, "--format", export_format, "--out", out)
    assert status == 1
    assert f"imr-desk: {out}: cannot write the export (No space left on device); the previous file is unchanged." in err
    assert out.read_bytes() == b"the previous export\n"
    assert [p.name for p in out.parent.iterdir()] == [out.name]


_SMALL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)          # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
from imr_desk.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
def test_an_export_that_runs_out_of_room_for_real_leaves_the_previous_file(
    store_with_letters: Path, tmp_path: Path
) -> None:
    with Store(store_with_letters) as store:
        for number in range(40):  # about 100 KB of JSON Lines
            add_letter(store, invented_letter(f"CM17-800{number:04d}", decisions=3))
    out = tmp_path / "out" / "cases.jsonl"
    out.parent.mkdir()
    out.write_bytes(b"the previous export\n")
    env = {**os.environ, "IMR_DESK_LOG_DIR": str(tmp_path / "logs")}
    limit = 64 * 1024  # room for the store's 32 KB shared-memory file, not for the export
    result = subprocess.run(
        [sys.executable, "-c", _SMALL_DISK, str(limit), "export", "--db", str(store_with_letters), "--out", str(out)],
        capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT, env=env,
    )
    assert result.returncode == 1, result.stderr
    assert "cannot write the export (File too large); the previous file is unchanged." in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_bytes() == b"the previous export\n"
    assert [p.name for p in out.parent.iterdir()] == ["cases.jsonl"]


def test_a_failed_report_leaves_the_previous_pdf_and_no_temporary(
    capsys, store_with_letters: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out" / "summary.pdf"
    out.parent.mkdir()
    out.write_bytes(b"%PDF the previous summary")

    def full_disk(descriptor: int) -> None:  # the last write of the PDF finds the disk full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    status, _, err = run(capsys, "report", "CM16-9000001", "--db", store_with_letters, "--out", out)
    monkeypatch.undo()
    assert status == 1
    assert f"cannot write the report to {out}: No space left on device; the previous file is unchanged." in err
    assert out.read_bytes() == b"%PDF the previous summary"
    assert [p.name for p in out.parent.iterdir()] == ["summary.pdf"]
