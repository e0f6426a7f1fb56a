"""File ▸ Export Deadlines… (issue 14.4): the deadlines as an iCalendar file, written atomically
on the worker thread (read back with `icalendar`), the same events `imr-desk deadlines --format
ics` writes; never over the store; a folder that cannot be written says so and leaves nothing."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
from known_letters import DUE_THIS_WEEK, import_known_letters
from PySide6.QtWidgets import QFileDialog

pytestmark = pytest.mark.usefixtures("message_boxes")


@pytest.fixture
def window(make_window: Any, store: Any, tmp_path: Path) -> Any:
    import_known_letters(store, tmp_path, datetime.date.today())
    return make_window()


def test_ics_written_and_parsed_back(window: Any, tmp_path: Path, qtbot: Any, monkeypatch: Any) -> None:
    out = tmp_path / "out" / "firm deadlines"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), "iCalendar files (*.ics)"))
    assert "Export &Deadlines" in " ".join(a.text() for a in window.menu_actions.menus["file"].actions())
    window.extras.export_deadlines.trigger()
    written = out.with_suffix(".ics")
    qtbot.waitUntil(written.exists, timeout=10_000)
    qtbot.waitUntil(window.store_ops.is_idle, timeout=10_000)
    calendar = icalendar.Calendar.from_ical(written.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 7
    uids = {str(event["uid"]) for event in events}
    assert f"{DUE_THIS_WEEK}.appeal@imr-desk" in uids
    first = next(e for e in events if str(e["uid"]) == "CM99-0000101.appeal@imr-desk")
    assert first.decoded("dtstart") == datetime.date(2016, 5, 9)
    assert "(assumed)" in str(first["summary"])
    assert "Exported 7 deadlines to" in window.statusBar().currentMessage()
    assert [p.name for p in written.parent.iterdir()] == [written.name]  # no temporary file left


def test_never_over_the_store(window: Any, message_boxes: Any) -> None:
    before = window.store.path.read_bytes()
    window.extras.start_export_deadlines(Path(window.store.path))
    assert message_boxes[-1].title == "Cannot Export Deadlines"
    assert "is the store itself" in message_boxes[-1].text
    assert window.store.path.read_bytes() == before


def test_an_unwritable_folder_is_said_and_nothing_left(window: Any, tmp_path: Path, qtbot: Any,
                                                        message_boxes: Any) -> None:
    target = tmp_path / "missing folder" / "d.ics"
    window.extras.start_export_deadlines(target)
    qtbot.waitUntil(lambda: any(m.title == "Cannot Export Deadlines" for m in message_boxes), timeout=10_000)
    assert "could not be written" in message_boxes[-1].text and str(target) in message_boxes[-1].text
    assert not target.parent.exists()
