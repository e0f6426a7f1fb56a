"""The review window as a whole: opening letters, highlights on the right words, linking both
ways, getting letters in (open, import folder + cancel, drop, bad files), restart, screenshots.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from PySide6.QtCore import QEventLoop, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog

from imr_desk.core.model import collapse_whitespace

pytestmark = pytest.mark.usefixtures("message_boxes")

ARTIFACTS = Path(__file__).resolve().parent.parent / "_artifacts"


def words_under(window: Any, key: str) -> str:
    """The PDF's words inside the scene rectangle of highlight `key` (read from the PDF itself)."""
    scene = window.letter_pane.scene
    item = scene.items_by_key[key]
    bounds = item.scene_bounds()
    page, x0, y0 = scene.scene_to_page(bounds.topLeft() + QPointF(0.5, 0.5))
    _page, x1, y1 = scene.scene_to_page(bounds.bottomRight() - QPointF(0.5, 0.5))
    pdf = window.letter_pane.scene.pdf
    words = pdf[page].get_text("words", clip=pymupdf.Rect(x0, y0, x1, y1 if _page == page else pdf[page].rect.y1))
    return " ".join(word[4] for word in words)


def save_shot(window: Any, name: str) -> Path:
    for _ in range(5):
        QApplication.processEvents()
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    assert window.grab().save(str(path))
    shots = Path("/tmp/shots")
    shots.mkdir(exist_ok=True)
    shutil.copy(path, shots / name)
    return path


def settle(window: Any, timeout: float = 10.0) -> None:
    """Run the event loop until every store write the window submitted is stored and answered."""
    deadline = time.monotonic() + timeout
    while not window.store_ops.is_idle():
        assert time.monotonic() < deadline, f"store writes still pending after {timeout} s"
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)
    QApplication.processEvents()


def test_each_decision_highlight_lies_on_its_words(opened: Any) -> None:
    record = opened.record
    assert len(record.decision_keys) == 4
    assert opened.windowTitle() == "CM16-0243453 — imr-desk"
    for key, decision in zip(record.decision_keys, record.letter.decisions):
        under = collapse_whitespace(words_under(opened, f"{key}.request"))
        first_words = " ".join(decision.request.split()[:3])
        assert first_words in under, (key, decision.request, under)
        assert key in opened.letter_pane.scene.items_by_key
    save_shot(opened, "window-letter-open.png")


def test_selecting_a_decision_scrolls_the_letter_to_it(opened: Any, qtbot: Any) -> None:
    pane = opened.letter_pane
    last = opened.record.decision_keys[-1]
    block = pane.scene.items_by_key[last].scene_bounds()
    assert not pane.visible_scene_rect().intersects(block)  # starts at the top of page 1
    opened.fields.select_decision(last)
    visible = pane.visible_scene_rect()
    assert visible.intersects(block)
    assert visible.contains(pane.scene.items_by_key[f"{last}.request"].scene_bounds())


def test_clicking_a_block_in_the_letter_selects_its_field(opened: Any) -> None:
    key = opened.record.decision_keys[2]
    opened.activateWindow()
    opened.letter_pane.blockActivated.emit(f"{key}.rationale")
    assert opened.fields.current_decision_key() == key
    rationale_editor = opened.fields.decision_editor.editors["rationale"]
    assert rationale_editor.hasFocus() or QApplication.focusWidget() is rationale_editor
    assert rationale_editor.text_value() == opened.record.letter.decisions[2].rationale


def test_next_and_previous_decision_keys(opened: Any, qtbot: Any) -> None:
    keys = opened.record.decision_keys
    opened.fields.select_decision(keys[0])
    opened.menu_actions.next_decision.trigger()
    assert opened.fields.current_decision_key() == keys[1]
    opened.menu_actions.previous_decision.trigger()
    opened.menu_actions.previous_decision.trigger()
    assert opened.fields.current_decision_key() == keys[-1]  # wraps round
    assert {s.toString() for s in opened.menu_actions.next_decision.shortcuts()} == {"F8", "Alt+Down"}


def test_empty_store_shows_the_welcome_view_then_opens_samples(make_window: Any, store: Any, qtbot: Any) -> None:
    window = make_window()
    assert window.centre.currentWidget() is window.welcome
    with qtbot.waitSignal(window.importer.finished, timeout=60_000):
        window.welcome.openSamplesRequested.emit()
    assert store.count() >= 4
    assert window.centre.currentWidget() is window.letter_pane
    assert window.record is not None


def test_open_letters_imports_then_opens(make_window: Any, store: Any, letter_path: Path, qtbot: Any,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(letter_path)], ""))
    with qtbot.waitSignal(window.importer.finished, timeout=60_000):
        window.menu_actions.open.trigger()
    assert window.record is not None and window.record.letter.header.case_number == "CM16-0243453"
    assert window.recent.paths() == [str(letter_path.resolve())]
    assert "1 letter" in window._count_label.text()


def test_bad_file_gives_a_dialog_naming_it_and_changes_nothing(make_window: Any, store: Any, tmp_path: Path,
                                                               qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "broken-letter.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    window = make_window()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(bad)], ""))
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as finished:
        window.menu_actions.open.trigger()
    assert [r.status for r in finished.args[0]] == ["error"]
    dialog = window.importer.summary_dialog
    assert dialog is not None and dialog.isVisible()
    failed = dialog.tree.topLevelItem(0).child(0)
    assert failed.text(0) == "broken-letter.pdf"
    assert failed.text(1)  # the plain problem
    assert store.count() == 0
    assert window.record is None
    dialog.close()


def test_import_folder_can_be_cancelled(make_window: Any, store: Any, letter_path: Path, tmp_path: Path, qtbot: Any,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    data = letter_path.read_bytes()
    for number in range(40):  # distinct bytes, so no duplicates
        (folder / f"letter-{number:02}.pdf").write_bytes(data + f"\n% copy {number}\n".encode())
    window = make_window()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    with qtbot.waitSignal(window.importer.finished, timeout=120_000) as finished:
        window.menu_actions.import_folder.trigger()
        qtbot.waitUntil(lambda: store.count() >= 1 or not window.importer.is_running(), timeout=60_000)
        window.importer.cancel()
    assert window.importer.was_cancelled()
    imported = [r for r in finished.args[0] if r.status == "imported"]
    assert 1 <= len(imported) < 40
    assert store.count() == len(imported)
    assert window.queue.selected_letter_ids() or window.record is not None


def test_dropping_files_imports_and_opens(make_window: Any, store: Any, letter_path: Path, qtbot: Any) -> None:
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(letter_path))])
    drop = QDropEvent(QPointF(300, 300), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.importer.finished, timeout=60_000):
        window.dropEvent(drop)
    assert drop.isAccepted()
    assert window.record is not None and window.record.file_name == letter_path.name


def test_layout_is_remembered(make_window: Any, store: Any, tmp_qsettings: Path) -> None:
    window = make_window()
    window.splitter.setSizes([300, 700, 400])
    sizes = window.splitter.sizes()
    window.close()
    again = make_window()
    assert again.splitter.sizes() == sizes
    assert list(tmp_qsettings.rglob("*.conf")) or list(tmp_qsettings.rglob("*.ini"))


def test_text_letter_screenshot(make_window: Any, store: Any, corpus_dir: Path) -> None:
    seed = sorted((corpus_dir / "seeds").glob("*.txt"))[0]
    result = store.import_file(seed)
    assert result.status == "imported", result.message
    window = make_window()
    window.queue.reload()
    assert window.open_letter(result.letter_id)
    assert not window.letter_pane.scene.is_pdf
    key = window.record.decision_keys[0]
    assert window.letter_pane.show_block(key)
    save_shot(window, "window-text-letter.png")


def test_help_lists_shortcuts_and_about_names_the_licence(opened: Any, message_boxes: Any,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    opened.menu_actions.about.trigger()
    assert "AGPL-3.0-or-later" in message_boxes[-1].text
    shortcut_texts = {a.text().replace("&", "") for a in opened.menu_actions.all if a.shortcuts()}
    assert {"Undo", "Redo", "Mark Verified", "Assign Selection to Field", "Open Letters…"} <= shortcut_texts
    assert opened.menu_actions.open.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)


def test_recent_file_opens_again(make_window: Any, store: Any, letter_path: Path, qtbot: Any) -> None:
    window = make_window()
    window.recent.add(letter_path)
    menu = window.recent.menu(window)
    pick = next(a for a in menu.actions() if a.text().endswith(letter_path.name))
    with qtbot.waitSignal(window.importer.finished, timeout=60_000):
        pick.trigger()
    assert window.record is not None and window.record.file_name == letter_path.name


def test_window_actions_is_still_qwidgets_own_method(opened: Any) -> None:
    """The menu actions live in `menu_actions`; `actions()` is QWidget's list (it was hidden)."""
    listed = opened.actions()
    assert isinstance(listed, list)
    assert opened.menu_actions.open in listed and opened.menu_actions.review["verified"] in listed
    assert all(action in listed for action in opened.menu_actions.all if action not in
               (opened.menu_actions.undo, opened.menu_actions.redo))


def test_a_damaged_stored_original_gives_a_plain_message(make_window: Any, store: Any, letter_path: Path,
                                                         message_boxes: Any) -> None:
    """The stored PDF is opened through core (`open_pdf`), so its checks and words apply."""
    import sqlite3

    letter_id = store.import_file(letter_path).letter_id
    with sqlite3.connect(store.path) as connection:  # cut the stored original short
        connection.execute("UPDATE originals SET content = substr(content, 1, 4000)")
    window = make_window()
    assert not window.open_letter(letter_id)
    assert window.record is None
    assert message_boxes[-1].title == "Cannot open letter"
    assert "truncated" in message_boxes[-1].text and letter_path.name in message_boxes[-1].text
