"""Test set-up shared by every test: headless Qt, and a store and settings that are never the user's.

Qt must be told to draw offscreen before a QApplication exists, so the environment is set
here at import time (pytest loads this file before any test module or Qt application).
Every test also gets a private store path through ``IMR_DESK_DB`` (autouse), so nothing a
test does can reach the user's real database.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_ACCESSIBILITY", "0")
# Qt and platformdirs resolve per-user folders from these; point them at a scratch folder
# for the whole session so no test reads or writes the user's settings or data.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="imr-desk-tests-"))
for _name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = str(_SESSION_HOME / _name.lower())
os.environ.setdefault("XDG_RUNTIME_DIR", str(_SESSION_HOME / "runtime"))
(_SESSION_HOME / "runtime").mkdir(mode=0o700, exist_ok=True)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = PROJECT_ROOT.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def tmp_store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh store path for this test, also exported as ``IMR_DESK_DB`` (the default store)."""
    path = tmp_path / "store" / "imr-desk.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("IMR_DESK_DB", str(path))
    return path


@pytest.fixture(autouse=True)
def desk_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own desk settings file (``IMR_DESK_CONFIG``; not created until saved)."""
    path = tmp_path / "config" / "desk.json"
    monkeypatch.setenv("IMR_DESK_CONFIG", str(path))
    return path


@pytest.fixture
def tmp_qsettings(tmp_path: Path) -> Iterator[Path]:
    """QSettings (native and INI, user and system scope) stored in a temporary folder.

    The organisation and application names are test-only ones, so even a QSettings built
    with the defaults cannot reach the user's settings; they are restored afterwards.
    """
    from PySide6.QtCore import QCoreApplication, QSettings

    settings_dir = tmp_path / "settings"
    settings_dir.mkdir()
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(settings_format, scope, str(settings_dir))
    previous = (QCoreApplication.organizationName(), QCoreApplication.applicationName())
    QCoreApplication.setOrganizationName("imr-desk-tests")
    QCoreApplication.setApplicationName("imr-desk-tests")
    yield settings_dir
    QCoreApplication.setOrganizationName(previous[0])
    QCoreApplication.setApplicationName(previous[1])


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus folder (``<root>/../shared/corpus``); a missing corpus fails loudly."""
    if not CORPUS_DIR.is_dir():
        pytest.fail(f"corpus not found at {CORPUS_DIR}")
    return CORPUS_DIR


@pytest.fixture(scope="session")
def pg_server() -> Iterator:
    """A private PostgreSQL server for the session (``tests/support/pg_server.py``), started
    on first use and stopped at the end. No server installed fails the test, never skips it."""
    from tests.support.pg_server import PostgresServer, ServerMissing

    try:
        server = PostgresServer().start()
    except ServerMissing as exc:
        pytest.fail(str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_desk(pg_server):  # type: ignore[no-untyped-def]
    """The session's PostgreSQL server with the ordinary role the store tests connect as."""
    from tests.support.pg_stores import DESK_ROLE

    pg_server.create_role(DESK_ROLE)
    return pg_server


@pytest.fixture
def pg_target(request: pytest.FixtureRequest) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test's store (its connection string, as the
    ordinary role that owns it), dropped after the test."""
    from tests.support.pg_stores import drop_pg_database, new_pg_database

    server = request.getfixturevalue("pg_desk")
    name, dsn = new_pg_database(server)
    yield dsn
    drop_pg_database(server, name)


@pytest.fixture
def ocr_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator:
    """Choose the OCR engine through ``IMR_DESK_OCR_ENGINE`` ("command", "builtin" or ""
    for the default), read by every OCR run (`Tesseract()`) made afterwards."""
    from imr_desk.core.ocr import engines as ocr_engines

    def choose(name: str) -> None:
        monkeypatch.setenv(ocr_engines.ENGINE_VARIABLE, name)

    return choose


@pytest.fixture
def stand_in_tesseract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ocr_engine) -> Iterator:
    """A function that writes a shell script named ``tesseract`` (its body given), puts it
    first on PATH and makes OCR use it; returns the script's path."""
    import stat

    from imr_desk.core.ocr import engines as ocr_engines

    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")

    def write(body: str) -> Path:
        script = folder / "tesseract"
        script.write_text("#!/bin/sh\n" + body + "\n")
        script.chmod(script.stat().st_mode | stat.S_IXUSR)
        ocr_engine("")
        assert ocr_engines.tesseract_command() == str(script)
        return script

    yield write
