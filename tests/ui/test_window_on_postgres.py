"""The window on a firm's PostgreSQL store (issue 16): the queue, an edit submitted through the
store worker (its own connection to the server), undo through the store, and a search — as on
a store file. The status bar names the store with its password masked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel
from test_editing import type_into
from test_main_window import save_shot, settle

from imr_desk.core.store import Store

pytestmark = pytest.mark.usefixtures("message_boxes")


@pytest.fixture
def pg_store(pg_target: str) -> Iterator[Store]:
    opened = Store(pg_target.replace("desk_store_tests@", "desk_store_tests:s3cret@"))
    yield opened
    opened.close()


def test_the_window_reviews_a_letter_on_a_postgresql_store(make_window: Any, pg_store: Store, letter_path: Path,
                                                            qtbot: Any, message_boxes: Any) -> None:
    result = pg_store.import_file(letter_path)
    assert result.status == "imported", result.message
    window = make_window(pg_store)
    window.queue.reload()
    assert window.queue.model.rowCount() == 1
    assert window.open_letter(result.letter_id)
    parsed = window.record.letter.header.priority
    type_into(qtbot, window.fields.editor_for("header.priority"), "Expedited")
    assert list(message_boxes) == []  # no "Edit Not Saved"
    assert pg_store.load(result.letter_id).letter.header.priority == "Expedited"
    assert window.fields.editor_for("header.priority").property("fieldState") == "corrected"
    save_shot(window, "window-postgresql-store.png")
    window.menu_actions.undo.trigger()
    settle(window)
    assert pg_store.load(result.letter_id).letter.header.priority == parsed
    [shown] = [label.text() for label in window.statusBar().findChildren(QLabel) if label.text().startswith("Store: ")]
    assert "s3cret" not in shown and ":***@" in shown
    assert [row.letter_id for row in pg_store.queue("lumbar")] == [result.letter_id]
