"""A letter desk for tests: the fields panel and the letter pane wired to a store the way the
window wires them (writes through `LetterEditing` on the store worker, a reload after each),
without the rest of the window (menus, queue)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from imr_desk.core.store import Store
from imr_desk.ui.current_letter import CurrentLetter, stored_document, with_exact_boxes
from imr_desk.ui.fields_panel import FieldsPanel
from imr_desk.ui.letter_editing import LetterEditing
from imr_desk.ui.letter_pane import LetterPane
from imr_desk.ui.store_ops import StoreOps
from imr_desk.ui.undo_commands import LetterEdits

ARTIFACTS = Path(__file__).resolve().parent.parent / "_artifacts"


class Desk(QWidget):
    def __init__(self, store: Store, qtbot: Any) -> None:
        super().__init__()
        self.store, self.qtbot = store, qtbot
        self.current = CurrentLetter()
        self.ops = StoreOps(store.path)
        self.edits = LetterEdits(store, self.ops, self.current.version_of)
        self.letter_pane = LetterPane()
        self.fields = FieldsPanel()
        layout = QHBoxLayout(self)
        layout.addWidget(self.letter_pane, 3)
        layout.addWidget(self.fields, 2)
        self.status: list[str] = []
        self.editing = LetterEditing(self.current, self.edits, self.fields, self.letter_pane, self,
                                     lambda message, _ms: self.status.append(message))
        self.fields.fieldActivated.connect(self.letter_pane.show_block)
        self.fields.fieldCommitted.connect(self.editing.commit_field)
        self.edits.changed.connect(self.reload)
        qtbot.addWidget(self)
        self.resize(1400, 900)
        self.show()
        qtbot.waitExposed(self)

    def open(self, letter_id: int) -> None:
        record = self.store.load(letter_id)
        document, pdf = stored_document(self.store, record)
        self.current.show(record, document)
        self.edits.activate(letter_id)
        self.letter_pane.set_letter(document, record, pdf)
        self.fields.set_record(record)
        if pdf is not None:  # as the window does after the first paint: exact character boxes
            exact = with_exact_boxes(record, pdf)
            self.current.show(record, exact)
            self.letter_pane.use_document(exact)
        self.qtbot.waitUntil(self.letter_pane.all_highlights_drawn)

    def reload(self, letter_id: int) -> None:
        if self.current.is_open(letter_id):
            record = self.store.load(letter_id)
            self.current.update(record)
            self.letter_pane.refresh_highlights(record)
            self.fields.set_record(record)

    @property
    def record(self) -> Any:
        return self.current.record

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: self.ops.is_idle() and not self.edits.in_flight(self.record.letter_id),
                             timeout=10_000)

    def undo(self) -> None:
        self.edits.stack(self.record.letter_id).undo()
        self.settle()

    def shot(self, name: str, widget: QWidget | None = None) -> Path:
        for _ in range(5):
            QApplication.processEvents()
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        assert (widget or self).grab().save(str(path))
        shots = Path("/tmp/shots")
        shots.mkdir(exist_ok=True)
        shutil.copy(path, shots / name)
        return path

    def close_desk(self) -> None:
        self.close()
        self.qtbot.waitUntil(self.ops.is_idle, timeout=30_000)
        self.ops.shutdown()
