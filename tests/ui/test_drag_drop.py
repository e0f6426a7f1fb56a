"""Files and folders dropped on the window are imported and the first is opened (issue 13
item 10): real QDragEnterEvent / QDragMoveEvent / QDropEvent carrying file URLs, sent to the window."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.usefixtures("message_boxes")

COPY = Qt.DropAction.CopyAction
LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


def mime_for(*paths: Path | str) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl(str(path)) if str(path).startswith("http") else QUrl.fromLocalFile(str(path))
                  for path in paths])
    return mime


def drag_and_drop(window: Any, mime: QMimeData) -> tuple[bool, bool]:
    """Send a drag entering the window's centre and a drop there; (enter accepted, drop accepted)."""
    centre = window.rect().center()
    enter = QDragEnterEvent(centre, COPY, mime, LEFT, NONE)
    enter.ignore()
    QApplication.sendEvent(window, enter)
    drop = QDropEvent(QPointF(QPoint(centre)), COPY, mime, LEFT, NONE)
    drop.ignore()
    if enter.isAccepted():
        QApplication.sendEvent(window, drop)
    return enter.isAccepted(), drop.isAccepted()


def test_dropped_files_are_imported_and_the_first_opened(make_window: Any, store: Any, corpus_dir: Path,
                                                        qtbot: Any) -> None:
    window = make_window()
    pdf = corpus_dir / "dwc-2016" / "CM16-0243453.pdf"
    text = next(iter(sorted((corpus_dir / "seeds").glob("*.txt"))))
    assert drag_and_drop(window, mime_for(pdf, text)) == (True, True)
    qtbot.waitUntil(lambda: store.count() == 2 and window.record is not None, timeout=60_000)
    assert window.record.file_name == pdf.name
    assert window.letter_pane.document is not None and window.centre.currentWidget() is window.letter_pane


def test_a_dropped_folder_imports_every_letter_in_it(make_window: Any, store: Any, corpus_dir: Path,
                                                     tmp_path: Path, qtbot: Any) -> None:
    folder = tmp_path / "dropped"
    folder.mkdir()
    seeds = sorted((corpus_dir / "seeds").glob("*.txt"))[:3]
    for seed in seeds:  # the test's own temporary copies, never in the project
        shutil.copy(seed, folder / seed.name)
    window = make_window()
    assert drag_and_drop(window, mime_for(folder)) == (True, True)
    qtbot.waitUntil(lambda: store.count() == len(seeds) and window.record is not None, timeout=60_000)
    assert {store.load(letter_id).file_name for letter_id in store.letter_ids()} == {seed.name for seed in seeds}
    assert window.record.file_name in {seed.name for seed in seeds}


def test_a_drag_without_local_files_is_refused(make_window: Any, store: Any) -> None:
    window = make_window()
    text_only = QMimeData()
    text_only.setText("just some words")
    assert drag_and_drop(window, text_only) == (False, False)
    assert drag_and_drop(window, mime_for("https://example.org/letter.pdf")) == (False, False)
    assert store.count() == 0
