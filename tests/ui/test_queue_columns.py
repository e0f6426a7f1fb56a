"""The queue at the window's default size shows what tells letters apart (issue 13 item 4):
case number, decision date, outcome summary, review state and the marks (warnings, OCR'd,
copies, corrected), none of them clipped and no sideways scrolling; columns hidden or shown
from the header's menu and their widths come back in a new window."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from imr_desk.resources import RESOURCES_DIR
from imr_desk.ui.queue_model import Column

pytestmark = pytest.mark.usefixtures("message_boxes")
ARTIFACTS = Path(__file__).resolve().parent.parent / "_artifacts"
DEFAULT_VISIBLE = [Column.CASE_NUMBER, Column.DECISION_DATE, Column.OUTCOME, Column.REVIEW_STATE, Column.MARKS]


def visible_columns(window: Any) -> list[int]:
    header = window.queue.table.horizontalHeader()
    logical = [header.logicalIndex(position) for position in range(header.count())]
    return [column for column in logical if not header.isSectionHidden(column)]


@pytest.fixture
def samples_window(make_window: Any, store: Any, tmp_path: Path, qtbot: Any) -> Any:
    for pdf in sorted((RESOURCES_DIR / "samples").glob("*.pdf")):
        assert store.import_file(pdf).status == "imported"
    text = (RESOURCES_DIR / "samples" / "text" / "sample-upheld.txt").read_text(encoding="utf-8")
    (tmp_path / "sample-upheld copy.txt").write_text(text, encoding="utf-8")  # a second copy of a case
    assert store.import_file(tmp_path / "sample-upheld copy.txt").status == "copy"
    window = make_window()
    qtbot.waitUntil(lambda: window.queue.width() > 400, timeout=5000)  # the first-run splitter sizes
    for _ in range(5):
        QApplication.processEvents()
    return window


def test_default_width_shows_the_columns_that_tell_letters_apart_unclipped(samples_window: Any) -> None:
    window = samples_window
    assert window.size().width() == 1400
    table = window.queue.table
    header = table.horizontalHeader()
    assert visible_columns(window) == DEFAULT_VISIBLE
    used = 0
    for column in DEFAULT_VISIBLE:
        needed = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        assert header.sectionSize(column) >= needed, f"{Column(column).name} is clipped"
        used += header.sectionSize(column)
    assert used <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()  # nothing behind sideways scrolling
    texts = [window.queue.model.data(window.queue.model.index(row, Column.MARKS))
             for row in range(window.queue.model.rowCount())]
    assert "\u00d72" in texts  # the case stored twice carries the copies mark
    ARTIFACTS.mkdir(exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / "queue-default-width.png"))
    assert window.queue.grab().save(str(ARTIFACTS / "queue-default-width-panel.png"))
    Path("/tmp/shots").mkdir(exist_ok=True)
    shutil.copy(ARTIFACTS / "queue-default-width-panel.png", "/tmp/shots/queue-default-width-panel.png")


def test_header_menu_hides_and_shows_columns_and_widths_come_back(samples_window: Any, make_window: Any) -> None:
    window = samples_window
    queue = window.queue
    actions = {action.text(): action for action in queue.columns_menu().actions()}
    actions["File"].trigger()
    actions["Outcome"].trigger()
    header = queue.table.horizontalHeader()
    header.resizeSection(Column.CASE_NUMBER, 140)
    assert not header.isSectionHidden(Column.FILE_NAME) and header.isSectionHidden(Column.OUTCOME)
    window.close()
    again = make_window()
    again_header = again.queue.table.horizontalHeader()
    assert not again_header.isSectionHidden(Column.FILE_NAME) and again_header.isSectionHidden(Column.OUTCOME)
    assert again_header.sectionSize(Column.CASE_NUMBER) == 140
