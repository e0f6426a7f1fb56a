"""The fields panel at the default window size: every tab's fields wrap to its width, so no
value's end is hidden behind a sideways scroll (the Checks and Deadlines sections once widened
the Letter tab past the panel)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea


def test_no_tab_of_the_fields_panel_is_wider_than_the_panel(make_window: Any, store: Any, corpus_dir: Path,
                                                            qtbot: Any) -> None:
    letter_id = store.import_file(corpus_dir / "dwc-2016" / "CM16-0239569.pdf").letter_id  # a check, deadlines
    window = make_window()
    assert window.open_letter(letter_id)
    qtbot.wait(50)
    areas = [area for area in window.fields.findChildren(QScrollArea) if area.widget() is not None]
    assert areas
    for area in areas:
        assert area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        assert area.widget().minimumSizeHint().width() <= area.viewport().width() + 1, area.widget().objectName()
