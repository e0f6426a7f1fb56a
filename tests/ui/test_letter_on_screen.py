"""The window acts on one letter: the one on screen, whose row the queue always selects.

Issue 12 item 1: after a search, a click on a row and File ▸ Open Sample Letters, the screen
showed the sample while the searched row stayed selected, so Print Preview printed one letter
and Mark Verified marked another. Every letter action now acts on the letter on screen
(`CurrentLetter`); the queue selects its row, clearing a search or filter that hides it and
saying so in the status bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from test_main_window import save_shot, settle

from imr_desk.core.store import Store, StoreError
from imr_desk.ui.report_jobs import ReportRunner

pytestmark = pytest.mark.usefixtures("message_boxes")

SEARCHED = "CM16-0248698"
OTHER = "CM16-0243453"


@pytest.fixture
def two_letters(store: Store, corpus_dir: Path) -> dict[str, int]:
    ids = {}
    for case in (SEARCHED, OTHER):
        result = store.import_file(corpus_dir / "dwc-2016" / f"{case}.pdf")
        assert result.status == "imported", result.message
        ids[case] = result.letter_id
    return ids


@pytest.fixture
def reports_started(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[int]]]:
    """(kind, letter ids) of every export / print / preview the window starts."""
    started: list[tuple[str, list[int]]] = []

    def start(_runner: Any, kind: str, records: list[Any], _inputs: Any = None) -> bool:
        started.append((kind, [record.letter_id for record in records]))
        return True

    monkeypatch.setattr(ReportRunner, "start", start)
    return started


def click_row(qtbot: Any, window: Any, letter_id: int, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    table = window.queue.table
    row = window.queue.model.row_for_letter(letter_id)
    assert row is not None, f"letter {letter_id} is not listed"
    rect = table.visualRect(window.queue.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def search(window: Any, text: str) -> None:
    window.queue.search_box.setText(text)
    window.queue.reload()


def test_print_and_verify_act_on_the_letter_shown_after_opening_samples(
        make_window: Any, store: Store, two_letters: dict[str, int], qtbot: Any,
        reports_started: list[tuple[str, list[int]]]) -> None:
    window = make_window()
    search(window, SEARCHED)
    assert window.queue.model.rowCount() == 1
    click_row(qtbot, window, two_letters[SEARCHED])
    assert window.current.letter_id == two_letters[SEARCHED]
    with qtbot.waitSignal(window.importer.finished, timeout=60_000):
        window.open_samples()
    on_screen = window.current.letter_id
    assert on_screen is not None and on_screen not in two_letters.values()
    # the queue shows which letter that is: the search that hid it was cleared, and said so
    assert window.queue.selected_letter_ids() == [on_screen]
    assert window.queue.current_letter_id() == on_screen
    assert window.queue.search_box.text() == ""
    message = window.statusBar().currentMessage()
    assert f"“{SEARCHED}”" in message and "cleared" in message and window.record.case_label in message
    save_shot(window, "window-queue-follows-the-letter.png")

    window.menu_actions.print_preview.trigger()
    qtbot.waitUntil(lambda: bool(reports_started), timeout=10_000)
    window.menu_actions.review["verified"].trigger()
    settle(window)
    assert reports_started == [("preview", [on_screen])]
    assert store.load(on_screen).review.state == "verified"
    assert store.load(two_letters[SEARCHED]).review.state == "unreviewed"


def test_a_single_selected_row_is_always_the_letter_on_screen(
        make_window: Any, store: Store, two_letters: dict[str, int], qtbot: Any,
        reports_started: list[tuple[str, list[int]]]) -> None:
    """Ctrl+click can leave one row selected that is not the current one: the letter on screen
    is still the one printed and marked, and the queue selects it again."""
    window = make_window()
    searched, other = two_letters[SEARCHED], two_letters[OTHER]
    click_row(qtbot, window, searched)
    click_row(qtbot, window, other, Qt.KeyboardModifier.ControlModifier)  # both selected, other shown
    assert sorted(window.queue.selected_letter_ids()) == sorted([searched, other])
    assert window.current.letter_id == other
    click_row(qtbot, window, other, Qt.KeyboardModifier.ControlModifier)  # other deselected, still shown
    assert window.current.letter_id == other
    window.menu_actions.print.trigger()
    qtbot.waitUntil(lambda: bool(reports_started), timeout=10_000)
    assert reports_started == [("print", [other])]
    assert window.queue.selected_letter_ids() == [other]


def test_several_rows_selected_print_as_one_batch(
        make_window: Any, two_letters: dict[str, int], qtbot: Any,
        reports_started: list[tuple[str, list[int]]]) -> None:
    window = make_window()
    click_row(qtbot, window, two_letters[SEARCHED])
    click_row(qtbot, window, two_letters[OTHER], Qt.KeyboardModifier.ControlModifier)
    window.menu_actions.export_pdf.trigger()
    qtbot.waitUntil(lambda: bool(reports_started), timeout=10_000)
    kind, ids = reports_started[0]
    assert kind == "export" and sorted(ids) == sorted(two_letters.values())


def test_acting_on_a_letter_hidden_by_a_filter_shows_it_again(
        make_window: Any, store: Store, two_letters: dict[str, int], qtbot: Any) -> None:
    window = make_window()
    assert window.open_letter(two_letters[OTHER])
    window.queue.select_letter(two_letters[OTHER])
    window.queue.review_filter.setCurrentIndex(window.queue.review_filter.findData("verified"))
    assert window.queue.model.row_for_letter(two_letters[OTHER]) is None  # hidden, still on screen
    window.menu_actions.review["in_review"].trigger()
    settle(window)
    assert store.load(two_letters[OTHER]).review.state == "in_review"
    assert store.load(two_letters[SEARCHED]).review.state == "unreviewed"
    assert window.queue.review_filter.currentData() is None
    assert window.queue.selected_letter_ids() == [two_letters[OTHER]]
    assert "filters were cleared" in window.statusBar().currentMessage()


def test_a_letter_that_cannot_be_opened_leaves_the_queue_on_the_letter_shown(
        make_window: Any, store: Store, two_letters: dict[str, int], qtbot: Any,
        monkeypatch: pytest.MonkeyPatch, message_boxes: Any) -> None:
    window = make_window()
    shown, broken = two_letters[OTHER], two_letters[SEARCHED]
    click_row(qtbot, window, shown)
    assert window.current.letter_id == shown
    real_load = window.store.load

    def load(letter_id: int) -> Any:
        if letter_id == broken:
            raise StoreError("the letter could not be read")
        return real_load(letter_id)

    monkeypatch.setattr(window.store, "load", load)
    click_row(qtbot, window, broken)
    assert "could not be opened" in message_boxes.texts()
    assert window.current.letter_id == shown
    qtbot.waitUntil(lambda: window.queue.selected_letter_ids() == [shown], timeout=5000)  # once the click is over
    assert window.queue.current_letter_id() == shown


def test_the_queue_selects_the_letter_the_window_opens(make_window: Any, two_letters: dict[str, int]) -> None:
    window = make_window()
    for letter_id in two_letters.values():
        assert window.open_letter(letter_id)
        assert window.queue.selected_letter_ids() == [letter_id]
        assert window.queue.current_letter_id() == letter_id
