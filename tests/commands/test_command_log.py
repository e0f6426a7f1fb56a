"""The log records what the commands did (imports with file names, case numbers, counts and
status; exports with count and output; reports; refusals and why; errors), never letter text,
field values, notes or search words; and a log that cannot be written (disk full) costs one
plain warning, never a "--- Logging error ---" traceback per record."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LETTERS = ("CM16-0221706.pdf", "CM16-0229336.pdf")


def imr_desk(*argv: object, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "imr_desk", *map(str, argv)], capture_output=True, text=True,
                          timeout=180, cwd=PROJECT_ROOT, env=env, check=False)


@pytest.fixture
def command_env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "IMR_DESK_LOG_DIR": str(tmp_path / "logs"), "IMR_DESK_DB": str(tmp_path / "store.db")}


def log_lines(tmp_path: Path) -> list[str]:
    """The log's messages without the time, level and process id."""
    text = (tmp_path / "logs" / "imr-desk.log").read_text(encoding="utf-8")
    return [re.sub(r"^\S+ \S+ \w+\s+\d+ ", "", line) for line in text.splitlines()]


def test_the_log_records_what_each_command_did_but_no_letter_contents(
    tmp_path: Path, corpus_dir: Path, command_env: dict[str, str]
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in LETTERS:
        shutil.copy(corpus_dir / "dwc-2016" / name, inbox)
    (inbox / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage without an end")
    store = tmp_path / "store.db"
    assert imr_desk("import", inbox, env=command_env).returncode == 1
    assert imr_desk("import", inbox / LETTERS[0], env=command_env).returncode == 0
    assert imr_desk("export", "--format", "csv", "--out", tmp_path / "cases.csv", env=command_env).returncode == 0
    assert imr_desk("search", "viagra", env=command_env).returncode == 0
    assert imr_desk("report", "CM16-0229336", "--out", tmp_path / "summary.pdf", env=command_env).returncode == 0
    assert imr_desk("export", "--out", store, env=command_env).returncode == 2
    newer = tmp_path / "newer.db"
    shutil.copy(store, newer)
    with sqlite3.connect(newer) as connection:
        connection.execute("PRAGMA user_version = 99")
    connection.close()
    assert imr_desk("export", "--db", newer, env=command_env).returncode == 1
    assert imr_desk("report", "CM99-0000000", "--out", tmp_path / "x.pdf", env=command_env).returncode == 1

    lines = log_lines(tmp_path)
    expected = [
        "imr_desk.commands.store_cmds: import: CM16-0221706.pdf: imported (CM16-0221706, letter 1)",
        "imr_desk.commands.store_cmds: import: CM16-0229336.pdf: imported (CM16-0229336, letter 2)",
        "imr_desk.commands.store_cmds: import: broken.pdf: failed [unreadable]",
        f"imr_desk.commands.store_cmds: import finished: 2 imported, 0 already in the store, 1 failed, "
        f"0 cancelled (store {store})",
        "imr_desk.commands.store_cmds: import: CM16-0221706.pdf: already in the store (CM16-0221706, letter 1)",
        f"imr_desk.commands.store_cmds: export: 2 rows (csv) written to {tmp_path / 'cases.csv'} (store {store})",
        f"imr_desk.commands.store_cmds: search: 2 hits (store {store})",
        f"imr_desk.commands.report_cmd: report: wrote {tmp_path / 'summary.pdf'} (3 pages, 1 letter: CM16-0229336)",
        f"imr_desk.commands.outputs: refused --out {store}: it is the store {store}",
        f"imr_desk.commands.store_access: store refused: The store file {newer} was written by a newer imr-desk",
        "imr_desk.commands.report_cmd: report failed: CM99-0000000: no stored letter has this case number",
    ]
    for wanted in expected:
        assert any(line.startswith(wanted) for line in lines), (wanted, lines)
    text = "\n".join(lines).lower()
    for private in ("viagra", "sildenafil", "erectile", "year old", "medically necessary", "rationale"):
        assert private not in text


_FULL_LOG_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)          # writes past the limit fail (EFBIG)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from imr_desk.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_a_log_that_cannot_be_written_gives_one_plain_warning(
    tmp_path: Path, corpus_dir: Path, command_env: dict[str, str]
) -> None:
    """The log file is as large as the file system allows (a full disk for it): every
    record fails to be written, the command still works and says so once."""
    log = tmp_path / "logs" / "imr-desk.log"
    log.parent.mkdir(mode=0o700)
    log.write_bytes(b"x" * 900_000)
    limit = log.stat().st_size
    for argv in (["import", corpus_dir / "dwc-2016" / LETTERS[0], corpus_dir / "dwc-2016" / LETTERS[1]],
                 ["export", "--out", tmp_path / "out.jsonl"]):
        result = subprocess.run([sys.executable, "-c", _FULL_LOG_DISK, str(limit), *map(str, argv)],
                                capture_output=True, text=True, timeout=180, cwd=PROJECT_ROOT, env=command_env)
        assert result.returncode == 0, result.stderr
        assert "Logging error" not in result.stderr and "Traceback" not in result.stderr
        warnings = [line for line in result.stderr.splitlines() if "log file" in line or "Logging" in line]
        assert warnings == [f"imr-desk: cannot write the log file {log} (File too large); "
                            "going on without a log."], result.stderr
    assert log.stat().st_size == limit


def test_a_handler_whose_disk_fills_warns_once_and_stays_quiet(tmp_path: Path) -> None:
    script = """
import errno, logging, os, sys
from imr_desk.logging_setup import setup_logging, PrivateRotatingFileHandler
setup_logging("test")
handler = next(h for h in logging.getLogger("imr_desk").handlers if isinstance(h, PrivateRotatingFileHandler))
class FullDisk:  # a file on a full disk: it may be sought, not written
    def seek(self, offset, whence=0):
        return 0
    def tell(self):
        return 0
    def write(self, text):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    def flush(self):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    def close(self):
        pass
handler.stream = FullDisk()
log = logging.getLogger("imr_desk.test")
for n in range(50):
    log.info("imported %d", n)
log.error("failed %d", 1)
print("done")
"""
    env = {**os.environ, "IMR_DESK_LOG_DIR": str(tmp_path / "logs")}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            cwd=PROJECT_ROOT, env=env)
    assert result.returncode == 0 and result.stdout == "done\n"
    assert result.stderr.splitlines() == [
        f"imr-desk: cannot write the log file {tmp_path / 'logs' / 'imr-desk.log'} (No space left on device); "
        "going on without a log."
    ]
