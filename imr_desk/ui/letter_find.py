"""Find in the letter: the find bar's words highlighted on the pages, stepped through one by one.

`LetterFind` belongs to a `LetterPane`: it listens to the pane's `FindBar` (the words, next,
previous, closed), marks every hit on the pane's scene (the "find" highlight group), starts at
the first hit at or below the top of the view, scrolls each current hit into view and tells the
bar "2 of 7". Closing the bar clears the hits and gives the pages the keyboard again. Opening
the bar with a short selection searches for the selected words.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QRectF
from PySide6.QtWidgets import QGraphicsView

from imr_desk.core.parsing.highlights import Highlight, find_highlights
from imr_desk.core.reading.document import Document

from .find_bar import FindBar
from .letter_scene import LetterScene

FIND_GROUP = "find"  # the scene's highlight group of the find hits
SELECTION_AS_QUERY_CHARS = 80  # a shorter selection becomes the find bar's words when it opens


class FindHost(Protocol):
    """What find uses of its `LetterPane`."""

    find_bar: FindBar
    scene: LetterScene
    document: Document | None

    @property
    def view(self) -> QGraphicsView: ...

    def selected_span(self) -> tuple[int, int] | None: ...

    def selected_text(self) -> str: ...

    def visible_scene_rect(self) -> QRectF: ...

    def show_block(self, key: str) -> bool: ...


class LetterFind(QObject):
    """The find hits of one pane, and which of them is current (-1: none)."""

    def __init__(self, pane: FindHost, parent: QObject) -> None:
        super().__init__(parent)
        self.pane = pane
        self.hits: list[Highlight] = []
        self.current = -1
        bar = pane.find_bar
        bar.queryChanged.connect(self._on_query)
        bar.nextRequested.connect(lambda: self.step(1))
        bar.previousRequested.connect(lambda: self.step(-1))
        bar.closed.connect(self._on_closed)

    def open(self) -> None:
        """Show the find bar, with the selected words when the selection is short."""
        selected = self.pane.selected_text() if self.pane.selected_span() else ""
        if selected and len(selected) < SELECTION_AS_QUERY_CHARS:
            self.pane.find_bar.set_query(" ".join(selected.split()))
        self.pane.find_bar.open()

    def forget(self) -> None:
        """Drop the hits (another letter is being shown; its scene starts without them)."""
        self.hits, self.current = [], -1

    def search_again(self) -> None:
        """Find the open bar's words again (in the letter just shown)."""
        bar = self.pane.find_bar
        if bar.isVisible() and bar.query().strip():
            self._on_query(bar.query())

    def step(self, step: int) -> None:
        """Make the next (`step` 1) or previous (-1) hit current, wrapping around."""
        if self.hits:
            self._go_to((self.current + step) % len(self.hits))

    def _on_query(self, query: str) -> None:
        pane = self.pane
        self.hits = find_highlights(pane.document, query) if pane.document else []
        pane.scene.set_highlights(self.hits, FIND_GROUP)
        top = pane.visible_scene_rect().top()
        first = next((n for n, hit in enumerate(self.hits)
                      if (item := pane.scene.items_by_key.get(hit.key)) and item.scene_bounds().top() >= top), 0)
        self._go_to(first if self.hits else -1)

    def _go_to(self, index: int) -> None:
        self.current = index
        if index >= 0:
            self.pane.show_block(self.hits[index].key)
        self.pane.find_bar.set_count(index + 1, len(self.hits))

    def _on_closed(self) -> None:
        self.hits, self.current = [], -1
        self.pane.scene.set_highlights([], FIND_GROUP)
        self.pane.view.setFocus()
