"""`app.run(paths)`: the real start-up path (application, store, window, import of the named files)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from imr_desk.ui import app as app_module
from imr_desk.ui.main_window import MainWindow


@pytest.fixture
def run_until(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Replace the event loop of `run()`: wait for the window to have a letter open, then close it."""
    seen: dict[str, Any] = {}
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs the error hook
    earlier = set(QApplication.topLevelWidgets())  # windows other tests left behind are not run()'s

    def fake_exec(_app: Any = None) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w not in earlier)
        qtbot.waitUntil(lambda: window.record is not None, timeout=60_000)
        seen.update(title=window.windowTitle(), count=window.store.count(), name=QApplication.applicationName(),
                    style=QApplication.style().name(), icon=not window.windowIcon().isNull())
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    return seen


def test_run_imports_and_opens_the_named_letter(
    corpus_dir: Path, run_until: dict[str, Any], message_boxes: Any
) -> None:
    letter = corpus_dir / "dwc-2016" / "CM16-0243453.pdf"
    assert app_module.run([str(letter)]) == 0
    assert run_until["title"] == "CM16-0243453 — imr-desk"
    assert run_until["count"] == 1
    assert run_until["name"] == "imr-desk"
    assert run_until["style"].lower() == "fusion"
    assert run_until["icon"]
    assert sys.excepthook is not sys.__excepthook__
    assert not message_boxes


def test_a_store_that_cannot_be_opened_gives_a_clear_dialog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, message_boxes: Any
) -> None:
    folder = tmp_path / "not-a-store"
    folder.mkdir()
    monkeypatch.setenv("IMR_DESK_DB", str(folder))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert app_module.run([]) == 1
    assert [m.kind for m in message_boxes] == ["critical"]
    assert str(folder) in message_boxes[0].text and "folder" in message_boxes[0].text


def test_the_empty_window_starts_without_pymupdf_or_reportlab(tmp_path: Path) -> None:
    """Start-up stays lean: the modules only a shown letter or a printout needs load on first use."""
    script = (
        "import sys\n"
        "from imr_desk.ui.app import make_application, show_window\n"
        "from imr_desk.core.store import Store\n"
        "app = make_application()\n"
        f"window = show_window(Store({str(tmp_path / 'store.db')!r}))\n"
        "app.processEvents()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pymupdf', 'reportlab', 'PySide6'}))\n"
        "window.close()\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['PySide6']"


def test_run_opens_the_window_on_the_store_db_names(corpus_dir: Path, tmp_path: Path, tmp_store_path: Path,
                                                    run_until: dict[str, Any], message_boxes: Any) -> None:
    """`imr-desk --db PATH FILE`: the letter goes into that store; the default store is untouched."""
    from imr_desk.core.store import Store

    chosen = tmp_path / "chosen" / "cases.db"
    chosen.parent.mkdir()
    Store(chosen).close()
    letter = corpus_dir / "dwc-2016" / "CM16-0243453.pdf"
    assert app_module.run([str(letter)], db=chosen) == 0
    assert run_until["title"] == "CM16-0243453 — imr-desk" and run_until["count"] == 1
    with Store(chosen) as store:
        assert store.count() == 1
    assert not tmp_store_path.exists()
    assert not message_boxes
