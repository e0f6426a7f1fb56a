"""The command's basics: --version, --help, `python -m imr_desk`, plain-words Qt start-up
failures (no display, missing libraries) instead of Qt's abort, the rotating private log,
and the unexpected-error dialog."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from imr_desk import __version__
from imr_desk.gui_launch import (
    EXIT_CANNOT_START,
    display_problem,
    missing_libraries,
    xcb_problem,
)

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / "imr-desk"


def run_python(
    args: list[str], env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT
    )


def env_without_display(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    env["IMR_DESK_LOG_DIR"] = str(tmp_path / "logs")
    return env


def test_version_from_module_and_script() -> None:
    for command in ([sys.executable, "-m", "imr_desk", "--version"], [str(SCRIPT), "--version"]):
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"imr-desk {__version__}"


def test_help_lists_every_command() -> None:
    result = run_python(["-m", "imr_desk", "--help"])
    assert result.returncode == 0, result.stderr
    for command in ("parse", "import", "export", "search", "report"):
        assert command in result.stdout
    assert result.stdout.startswith("usage: imr-desk")


def test_window_without_a_display_explains_instead_of_aborting(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(SCRIPT)], capture_output=True, text=True, timeout=60, env=env_without_display(tmp_path)
    )
    assert result.returncode == EXIT_CANNOT_START  # a signal (Qt's abort) would be negative
    assert "no graphical display was found" in result.stderr
    assert "QT_QPA_PLATFORM=offscreen" in result.stderr
    assert "Traceback" not in result.stderr
    assert "window not started" in (tmp_path / "logs" / "imr-desk.log").read_text()


def test_unreachable_x_display_explains_instead_of_aborting(tmp_path: Path) -> None:
    env = env_without_display(tmp_path)
    env["DISPLAY"] = ":97"  # no X server there
    result = subprocess.run([str(SCRIPT)], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == EXIT_CANNOT_START
    assert "the X display ':97' (the DISPLAY variable) does not answer" in result.stderr
    assert "Traceback" not in result.stderr and "qt.qpa" not in result.stderr


# Makes `import PySide6.QtWidgets` fail the way it does on a machine without libEGL.
_BLOCK_QT_WIDGETS = """
import sys
class _MissingEGL:
    def find_spec(self, name, path=None, target=None):
        if name in ("PySide6.QtGui", "PySide6.QtWidgets"):
            raise ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")
sys.meta_path.insert(0, _MissingEGL())
from imr_desk.cli import main
sys.exit(main([]))
"""


def test_missing_qt_libraries_name_the_debian_packages(tmp_path: Path) -> None:
    env = env_without_display(tmp_path)
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = run_python(["-c", _BLOCK_QT_WIDGETS], env=env)
    assert result.returncode == EXIT_CANNOT_START
    assert "libEGL.so.1" in result.stderr
    assert "sudo apt-get install libegl1\n" in result.stderr
    assert "Traceback" not in result.stderr


def test_display_check_only_applies_to_linux_without_any_display() -> None:
    assert display_problem({}, "linux")
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert display_problem({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "w-0"}, "linux")
    assert display_problem({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "wayland;offscreen"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "vnc:size=800x600"}, "linux") is None
    assert display_problem({}, "win32") is None


def test_xcb_check_names_missing_plugin_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    assert missing_libraries({"libc.so.6": "libc6"}) == {}
    fake = {"libimr-desk-absent.so.7": "libimr-desk-absent7"}
    assert missing_libraries(fake) == fake
    monkeypatch.setattr("imr_desk.gui_launch.XCB_LIBRARY_PACKAGES", fake)
    problem = xcb_problem({"DISPLAY": ":0"}, "linux")
    assert problem and "libimr-desk-absent.so.7" in problem
    assert "sudo apt-get install libimr-desk-absent7" in problem
    assert xcb_problem({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert xcb_problem({"WAYLAND_DISPLAY": "w-0", "DISPLAY": ":0"}, "linux") is None


_LOG_A_LOT = """
import logging, sys
from imr_desk.logging_setup import setup_logging
path = setup_logging("test")
assert setup_logging("again") == path
log = logging.getLogger("imr_desk.test")
folder = "/letters/" + "x" * 400
for n in range(16000):  # about 8 MB: fills the file and all five backups
    log.info("imported CM99-%07d from %s/sample-%d.pdf", n, folder, n)
print(path)
"""


def test_log_is_private_and_rotates(tmp_path: Path) -> None:
    env = env_without_display(tmp_path)
    result = run_python(["-c", _LOG_A_LOT], env=env)
    assert result.returncode == 0, result.stderr
    log_dir = tmp_path / "logs"
    assert Path(result.stdout.strip()) == log_dir / "imr-desk.log"
    assert stat.S_IMODE(log_dir.stat().st_mode) == 0o700
    files = sorted(log_dir.iterdir())
    assert [f.name for f in files] == ["imr-desk.log", *(f"imr-desk.log.{n}" for n in range(1, 6))]
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        assert file.stat().st_size <= 1_000_000
    assert "CM99-0015999 from /letters/" in (log_dir / "imr-desk.log").read_text()


def test_unwritable_log_folder_is_reported_and_not_fatal(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    env = env_without_display(tmp_path)
    env["IMR_DESK_LOG_DIR"] = str(blocker / "logs")
    result = run_python(["-c", "from imr_desk.logging_setup import setup_logging; print(setup_logging('t'))"], env=env)
    assert result.returncode == 0
    assert result.stdout.strip() == "None"
    assert f"cannot write the log file {blocker / 'logs' / 'imr-desk.log'}" in result.stderr


@pytest.fixture
def error_dialogs(qtbot, monkeypatch: pytest.MonkeyPatch):
    """Install the hook (restored afterwards); answer every error dialog, recording its texts."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from imr_desk.ui import errors

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    errors.install_excepthook()
    seen: list[tuple[str, str, str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append((box.windowTitle(), box.informativeText(), box.detailedText()))
            box.accept()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(20)
    yield seen
    timer.stop()


def _raise_and_handle(message: str) -> None:
    try:
        raise ValueError(message)
    except ValueError:
        sys.excepthook(*sys.exc_info())


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_unexpected_error_is_logged_and_shown(error_dialogs, caplog: pytest.LogCaptureFixture) -> None:
    _raise_and_handle("the queue lost its place")
    assert len(error_dialogs) == 1
    title, info, details = error_dialogs[0]
    assert title == "imr-desk: unexpected error"
    assert "ValueError: the queue lost its place" in info
    assert "imr-desk.log" in info
    assert "Traceback" in details and "_raise_and_handle" in details
    assert [r.message for r in caplog.records if r.levelname == "CRITICAL"] == ["Unexpected error"]


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_error_in_a_worker_thread_reaches_the_dialog(qtbot, error_dialogs) -> None:
    def work() -> None:
        raise RuntimeError("worker failed")

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(error_dialogs) == 1, timeout=5000)
    assert "RuntimeError: worker failed" in error_dialogs[0][1]


def test_commands_log_their_start_but_no_letter_text(tmp_path: Path) -> None:
    env = env_without_display(tmp_path)
    env["IMR_DESK_DB"] = str(tmp_path / "store.db")
    sample = ROOT / "resources" / "samples" / "sample-partial.pdf"
    for args in (["parse", str(sample)], ["import", str(sample)]):
        result = subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=120, env=env)
        assert result.returncode == 0, result.stderr
    log_text = (tmp_path / "logs" / "imr-desk.log").read_text()
    assert "started (parse)" in log_text and "started (import)" in log_text
    for private in ("shoulder", "naproxen", "supraspinatus", "39 year old"):
        assert private not in log_text.lower()


def test_smoke_test_mode_shows_the_window_and_exits_cleanly(tmp_path: Path) -> None:
    env = env_without_display(tmp_path)
    env.update(QT_QPA_PLATFORM="offscreen", IMR_DESK_SMOKE_TEST="1", IMR_DESK_DB=str(tmp_path / "store.db"))
    result = subprocess.run([str(SCRIPT)], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert re.search(r"imr-desk: window shown after \d+\.\d{3} s", result.stderr)
    assert (tmp_path / "store.db").is_file()  # the real window opened the store
