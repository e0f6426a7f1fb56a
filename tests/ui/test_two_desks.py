"""Two desks at once on one PostgreSQL store (issue 16): a second process runs a real window
(tests/support/desk_process.py) beside this test's window. This window sees the other desk
open the letter ("Open at Ben Ode's desk"), assign it, and correct the field this desk is
typing in: the other desk's correction is saved, this desk gets the "Letter Changed
Elsewhere" answer with its text kept, and nothing is overwritten. No assertion is timed: each
waits (generously) for the behaviour."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from test_editing import type_into
from test_main_window import save_shot, settle

from imr_desk.core.store import Store
from imr_desk.ui.pane_notices import CHANGED_WHILE_TYPING

pytestmark = pytest.mark.usefixtures("message_boxes")
ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 60_000  # a second window starting on a loaded machine: generous, never a timing test


class SecondDesk:
    """The second process: commands in, its printed lines out (read on a thread of their own)."""

    def __init__(self, target: str, letter_id: int, settings_dir: Path, person: str) -> None:
        env = {**os.environ, "IMR_DESK_USER": person, "QT_QPA_PLATFORM": "offscreen"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.desk_process", target, str(letter_id), str(settings_dir)],
            cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, bufsize=1,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def said(self, wanted: str) -> bool:
        """True once the process has printed `wanted` (the lines read so far are kept)."""
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return wanted in self.seen

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(30)


@pytest.fixture
def second_desk(pg_target: str, pg_store: Store, letter_path: Path, tmp_path: Path) -> Iterator[Any]:
    def start(letter_id: int) -> SecondDesk:
        (tmp_path / "second-desk-settings").mkdir(exist_ok=True)
        desk = SecondDesk(pg_target.dsn if hasattr(pg_target, "dsn") else str(pg_target), letter_id,
                          tmp_path / "second-desk-settings", "Ben Ode")
        started.append(desk)
        return desk

    started: list[SecondDesk] = []
    yield start
    for desk in started:
        desk.stop()


def test_two_desks_on_one_store(make_window: Any, pg_store: Store, letter_path: Path, second_desk: Any,
                                qtbot: Any, message_boxes: Any) -> None:
    result = pg_store.import_file(letter_path)
    assert result.status == "imported", result.message
    letter_id = result.letter_id
    window = make_window(pg_store)
    window.queue.reload()
    assert window.open_letter(letter_id)
    settle(window)
    other = second_desk(letter_id)
    qtbot.waitUntil(lambda: other.said("READY") or other.process.poll() is not None, timeout=WAIT_MS)
    assert other.said("READY"), other.process.stderr.read() if other.process.poll() is not None else ""
    # the other desk has the letter open
    qtbot.waitUntil(lambda: window.live.desk_label.text() == "Open at Ben Ode's desk", timeout=WAIT_MS)
    # ... and assigns it through its own Edit ▸ Assign Case To…
    other.send("assign Ana Ruiz")
    qtbot.waitUntil(lambda: other.said("DONE assign"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.live.desk_label.text() == "Assigned to Ana Ruiz \u00b7 Open at Ben Ode's desk",
                    timeout=WAIT_MS)
    save_shot(window, "two-desks-assigned-open-elsewhere.png")
    history = pg_store.history(letter_id)
    assert [(e.action, e.after, e.user) for e in history] == [("assign", "Ana Ruiz", "Ben Ode")]
    # both desks correct the same field: this one is still typing when the other one saves
    editor = window.fields.editor_for("patient.age")
    type_into(qtbot, editor, "47", finish=False)
    other.send("type patient.age 52")
    qtbot.waitUntil(lambda: other.said("DONE type"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.live.changed_label.isVisible()
                    and window.live.changed_label.text() == CHANGED_WHILE_TYPING, timeout=WAIT_MS)
    assert editor.text_value() == "47"  # what this desk types is never replaced
    save_shot(window, "two-desks-changed-while-typing.png")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    assert [m.title for m in message_boxes] == ["Letter Changed Elsewhere"]
    assert window.fields.editor_for("patient.age").text_value() == "47"  # kept for the user to decide
    assert pg_store.load(letter_id).letter.patient.age == 52  # the other desk's correction was saved
    assert window.record.letter.patient.age == 52  # ... and this desk now shows it
    assert not [line for line in other.seen if line.startswith("MESSAGE")]  # the other desk: no trouble
    # the other desk closes: its presence goes with it
    other.send("exit")
    qtbot.waitUntil(lambda: other.process.poll() is not None, timeout=WAIT_MS)
    assert other.process.returncode == 0
    qtbot.waitUntil(lambda: window.live.desk_label.text() == "Assigned to Ana Ruiz", timeout=WAIT_MS)
    editor = window.fields.editor_for("patient.age")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # this desk lets the other desk's value stand
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
