"""A queue search shows each row's best hit (issue 13.5): the snippet in the rows' tooltips and
the Match column; a letter opened from the search has the query in its find bar, the words
highlighted, and F3 (View ▸ Find Next) steps to the next hit."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from known_letters import import_known_letters
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from test_main_window import save_shot

from imr_desk.ui.queue_model import Column

pytestmark = pytest.mark.usefixtures("message_boxes")
QUERY = "compression"


@pytest.fixture
def window(make_window: Any, store: Any, tmp_path: Path) -> Any:
    import_known_letters(store, tmp_path, datetime.date.today())
    shown = make_window()
    shown.queue.search_box.setText(QUERY)
    shown.queue.reload()
    return shown


def test_each_row_carries_its_best_hit(window: Any) -> None:
    model = window.queue.model
    cases = {model.queue_row(row).case_number for row in range(model.rowCount())}
    assert cases == {"CM99-0000103", "CM99-0000201"}  # the overturned sample and its variant
    for row in range(model.rowCount()):
        letter_id = model.letter_id(row)
        snippet = model.snippet(letter_id)
        assert snippet and QUERY in snippet.lower()
        tip = model.data(model.index(row, Column.CASE_NUMBER), Qt.ItemDataRole.ToolTipRole)
        assert "Match: " in tip and QUERY in tip.lower()
        match = model.data(model.index(row, Column.MATCH))
        assert QUERY in match.lower() and "«" not in match and "»" not in match  # markers stripped
    window.queue.clear_filters()
    assert window.queue.model.snippet(window.queue.model.letter_id(0)) is None


def test_opening_a_found_letter_highlights_the_words_and_f3_steps(window: Any, qtbot: Any) -> None:
    queue = window.queue
    queue.table.setFocus()
    queue.select_letter(queue.model.letter_id(0))
    bar = window.letter_pane.find_bar
    qtbot.waitUntil(lambda: bar.isVisible() and bool(window.letter_pane.find_hits), timeout=5000)
    assert bar.query() == QUERY
    total = len(window.letter_pane.find_hits)
    assert total >= 2
    assert bar.count_label.text().endswith(f"of {total}")
    first = window.letter_pane.current_hit
    assert window.extras.find_next.shortcut() == QKeySequence(QKeySequence.StandardKey.FindNext)
    window.extras.find_next.trigger()
    assert window.letter_pane.current_hit == (first + 1) % total
    window.extras.find_previous.trigger()
    assert window.letter_pane.current_hit == first
    save_shot(window, "search-hit-opened.png")
