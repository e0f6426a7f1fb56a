"""Caret browsing in the letter pane: a caret on the page, moved and extended from the keyboard.

`CaretBrowser(pane)` keeps a caret (a text offset) and an anchor for the `LetterPane` (any `CaretHost`). The
caret is drawn on the page while the letter has focus (PDF letters: at the character's edge
from the page's text layer; text letters: at the laid-out character). The platform's own
key bindings (`QKeySequence` standard keys) move it — arrows by character and line, the
word keys (Ctrl+Left/Right here, Alt+arrows on macOS) by word, Home/End to the line's ends,
Ctrl+Home/End to the letter's — and with Shift they extend the selection from the anchor,
which then drives the pane's selection (so Assign Selection and Add Decision from Selection
work from the keyboard). A block shown in the letter (a field selected) puts the caret at
the start of its text; a click puts it under the pointer. F7 (the pane's `action`) turns
caret browsing off and on: off, the arrows scroll the view as before.
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from typing import Protocol, cast

from PySide6.QtCore import QLineF, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QKeyEvent, QKeySequence, QPen, QTextLine
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsView

from imr_desk.core.reading import hit_test
from imr_desk.core.reading.document import Document, TextLine
from imr_desk.ui import settings

from .letter_scene import LetterScene


class CaretHost(Protocol):
    """What the caret needs of the letter pane it browses (`LetterPane` is one); a protocol,
    so this module need not import the pane (which imports it)."""

    @property
    def document(self) -> Document | None: ...

    @property
    def view(self) -> QGraphicsView: ...

    @property
    def scene(self) -> LetterScene: ...

    def visible_scene_rect(self) -> QRectF: ...

    def set_selection(self, start: int, end: int, emit: bool = True, from_caret: bool = False) -> None: ...

    def addAction(self, action: QAction) -> None: ...

SK = QKeySequence.StandardKey
# standard key -> (move, extends the selection); checked in this order
KEY_MOVES: tuple[tuple[QKeySequence.StandardKey, str, bool], ...] = (
    (SK.SelectNextWord, "next_word", True), (SK.SelectPreviousWord, "previous_word", True),
    (SK.SelectStartOfDocument, "document_start", True), (SK.SelectEndOfDocument, "document_end", True),
    (SK.SelectNextChar, "next_char", True), (SK.SelectPreviousChar, "previous_char", True),
    (SK.SelectNextLine, "next_line", True), (SK.SelectPreviousLine, "previous_line", True),
    (SK.SelectStartOfLine, "line_start", True), (SK.SelectEndOfLine, "line_end", True),
    (SK.MoveToNextWord, "next_word", False), (SK.MoveToPreviousWord, "previous_word", False),
    (SK.MoveToStartOfDocument, "document_start", False), (SK.MoveToEndOfDocument, "document_end", False),
    (SK.MoveToNextChar, "next_char", False), (SK.MoveToPreviousChar, "previous_char", False),
    (SK.MoveToNextLine, "next_line", False), (SK.MoveToPreviousLine, "previous_line", False),
    (SK.MoveToStartOfLine, "line_start", False), (SK.MoveToEndOfLine, "line_end", False),
)
CARET_COLOUR = QColor(10, 10, 10)
CARET_WIDTH_PX = 2
CARET_Z = 50.0  # above every highlight
SETTING = "caret_browsing"
WORD_ENDS_FORWARD = sys.platform != "win32"  # Windows' Ctrl+Right goes to the next word's start


def next_word(text: str, offset: int) -> int:
    """Where the word keys move forward from `offset`: the end of this or the next word
    (Windows: the start of the next word)."""
    end = len(text)
    if WORD_ENDS_FORWARD:
        while offset < end and text[offset].isspace():
            offset += 1
        while offset < end and not text[offset].isspace():
            offset += 1
        return offset
    while offset < end and not text[offset].isspace():
        offset += 1
    while offset < end and text[offset].isspace():
        offset += 1
    return offset


def previous_word(text: str, offset: int) -> int:
    """Where the word keys move back from `offset`: the start of this or the previous word."""
    while offset > 0 and text[offset - 1].isspace():
        offset -= 1
    while offset > 0 and not text[offset - 1].isspace():
        offset -= 1
    return offset


def is_caret_key(event: QKeyEvent) -> bool:
    """True for a key that moves or extends the caret (the letter takes it from window shortcuts)."""
    return any(event.matches(key) for key, _move, _extend in KEY_MOVES)


def line_index(document: Document, offset: int) -> int | None:
    """The index in `document.lines` of the line holding caret `offset` (the line before it
    when the offset lies between lines); None for a document without lines."""
    lines = document.lines
    if not lines:
        return None
    starts = [line.start for line in lines]
    return max(bisect_right(starts, offset) - 1, 0)


class CaretBrowser(QObject):
    """The pane's caret: where it is, what it selects, how keys move it (see the module docstring)."""

    def __init__(self, pane: CaretHost) -> None:
        owner = cast(QObject, pane)  # the pane is a widget: it owns the caret and its action
        super().__init__(owner)
        self.pane = pane
        self.position: int | None = None
        self.anchor: int | None = None
        self._goal_x: float | None = None  # kept over consecutive line moves
        self._item: QGraphicsLineItem | None = None
        self.action = QAction("&Caret Browsing", owner)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(Qt.Key.Key_F7))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setStatusTip("Move a caret through the letter with the arrow keys; Shift extends the selection")
        self.action.setChecked(settings.view_option(SETTING, True))
        self.action.toggled.connect(self._toggled)
        pane.addAction(self.action)

    @property
    def enabled(self) -> bool:
        return self.action.isChecked()

    def _toggled(self, on: bool) -> None:
        settings.set_view_option(SETTING, on)
        self.update_item()

    # -- state ------------------------------------------------------------------------------

    def reset(self) -> None:
        """A new letter (the scene was cleared, and the caret item with it)."""
        self.position = self.anchor = self._goal_x = None
        self._item = None

    def place(self, offset: int, anchor: int | None = None, scroll: bool = False) -> None:
        """Put the caret at `offset` (the anchor too, unless given)."""
        document = self.pane.document
        if document is None:
            return
        offset = min(max(offset, 0), len(document.text))
        self.position = offset
        self.anchor = offset if anchor is None else anchor
        self.update_item()
        if scroll and self._item is not None and self._item.isVisible():
            self.pane.view.ensureVisible(self._item.boundingRect(), 24, 48)

    def adopt_selection(self, start: int, end: int) -> None:
        """A selection made another way (mouse, code): the caret goes to its end."""
        if end > start:
            self.place(end, anchor=start)

    def place_in_view(self) -> None:
        """No caret yet (or scrolled out of sight): at the first text in view."""
        if self.pane.document is None:
            return
        visible = self.pane.visible_scene_rect()
        if self.position is not None and self._item is not None and visible.intersects(self._item.boundingRect()):
            return
        start = self.pane.scene.caret_at(QPointF(visible.left() + 1, visible.top() + 1))
        self.place(start or 0)

    # -- keys -------------------------------------------------------------------------------

    def handle_key(self, event: QKeyEvent) -> bool:
        """Move the caret for a caret key; True when the key was one (and is used up)."""
        document = self.pane.document
        if not self.enabled or document is None:
            return False
        found = next(((move, extend) for key, move, extend in KEY_MOVES if event.matches(key)), None)
        if found is None:
            return False
        move, extend = found
        if self.position is None or (not extend and not self._in_view()):
            self.place_in_view()
        position = self.position if self.position is not None else 0
        if not extend and self.anchor is not None and self.anchor != position and move in ("next_char",
                                                                                            "previous_char"):
            # an arrow on a selection goes to its edge, as in a text editor
            target = max(self.anchor, position) if move == "next_char" else min(self.anchor, position)
        else:
            target = self._moved(document, position, move)
        if move not in ("next_line", "previous_line"):
            self._goal_x = None
        anchor = self.anchor if extend and self.anchor is not None else target
        self.place(target, anchor=anchor, scroll=True)
        self.pane.set_selection(min(anchor, target), max(anchor, target), from_caret=True)
        return True

    def _in_view(self) -> bool:
        return self._item is not None and self.pane.visible_scene_rect().intersects(self._item.boundingRect())

    def _moved(self, document: Document, offset: int, move: str) -> int:
        text = document.text
        if move == "next_char":
            return min(offset + 1, len(text))
        if move == "previous_char":
            return max(offset - 1, 0)
        if move == "next_word":
            return next_word(text, offset)
        if move == "previous_word":
            return previous_word(text, offset)
        if move == "document_start":
            return 0
        if move == "document_end":
            return len(text)
        if self.pane.scene.text_item is not None:
            return self._moved_on_text_sheet(offset, move)
        return self._moved_on_pdf(document, offset, move)

    def _moved_on_pdf(self, document: Document, offset: int, move: str) -> int:
        index = line_index(document, offset)
        if index is None:
            return offset
        line = document.lines[index]
        if move == "line_start":
            return line.start
        if move == "line_end":
            return line.end
        target_index = index + (1 if move == "next_line" else -1)
        if not 0 <= target_index < len(document.lines):
            return 0 if target_index < 0 else len(document.text)
        if self._goal_x is None:
            self._goal_x = pdf_caret_x(document, line, offset)
        target = document.lines[target_index]
        found = hit_test.caret_offset(document, target.page, self._goal_x, (target.bbox[1] + target.bbox[3]) / 2)
        if found is None or not target.start <= found <= target.end:
            return target.start
        return found

    def _moved_on_text_sheet(self, offset: int, move: str) -> int:
        text_item = self.pane.scene.text_item
        assert text_item is not None
        layout_document = text_item.document()
        block = layout_document.findBlock(offset)
        if not block.isValid():
            return offset
        layout = block.layout()
        position = offset - block.position()
        line = layout.lineForTextPosition(position)
        if not line.isValid():
            return offset
        if move == "line_start":
            return block.position() + line.textStart()
        if move == "line_end":
            end = line.textStart() + line.textLength()
            if line.lineNumber() < layout.lineCount() - 1 and end > line.textStart() and block.text()[end - 1] == " ":
                end -= 1  # a wrapped line's trailing space belongs to the break
            return block.position() + end
        if self._goal_x is None:
            self._goal_x = _cursor_x(line, position)
        number = line.lineNumber() + (1 if move == "next_line" else -1)
        if 0 <= number < layout.lineCount():
            return block.position() + int(layout.lineAt(number).xToCursor(self._goal_x))
        other = block.next() if move == "next_line" else block.previous()
        if not other.isValid():
            return len(self.pane.document.text) if move == "next_line" and self.pane.document else 0
        other_layout = other.layout()
        other_line = other_layout.lineAt(0 if move == "next_line" else other_layout.lineCount() - 1)
        return other.position() + int(other_line.xToCursor(self._goal_x))

    # -- drawing ----------------------------------------------------------------------------

    def caret_line(self) -> QLineF | None:
        """Where the caret is drawn, in scene coordinates (None: nowhere)."""
        document, scene = self.pane.document, self.pane.scene
        if document is None or self.position is None or not scene.page_rects:
            return None
        text_item = scene.text_item
        if text_item is not None:
            block = text_item.document().findBlock(min(self.position, max(len(document.text) - 1, 0)))
            if not block.isValid():
                return None
            position = self.position - block.position()
            line = block.layout().lineForTextPosition(min(position, max(block.length() - 1, 0)))
            if not line.isValid():
                return None
            origin = block.layout().position() + text_item.pos()
            x = origin.x() + _cursor_x(line, position)
            return QLineF(x, origin.y() + line.y(), x, origin.y() + line.y() + line.height())
        index = line_index(document, self.position)
        if index is None:
            return None
        line_ = document.lines[index]
        x = pdf_caret_x(document, line_, self.position)
        rect = scene.page_box_to_scene(line_.page, (x, line_.bbox[1], x, line_.bbox[3]))
        if rect.width() > rect.height():  # a page turned by 90°: the caret lies across
            return QLineF(rect.left(), rect.center().y(), rect.right(), rect.center().y())
        return QLineF(rect.center().x(), rect.top(), rect.center().x(), rect.bottom())

    def update_item(self) -> None:
        """Draw the caret where it is (shown while caret browsing is on and the letter has focus)."""
        scene = self.pane.scene
        line = self.caret_line() if self.enabled else None
        if line is None:
            if self._item is not None:
                self._item.hide()
            return
        if self._item is None:
            pen = QPen(CARET_COLOUR, CARET_WIDTH_PX)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            self._item = QGraphicsLineItem()
            self._item.setPen(pen)
            self._item.setZValue(CARET_Z)
            scene.addItem(self._item)
        self._item.setLine(line)
        self._item.setVisible(self.pane.view.hasFocus())

    def scene_rect(self) -> QRectF | None:
        """The caret's drawn area (for tests and scrolling)."""
        line = self.caret_line()
        return QRectF(line.p1(), line.p2()).normalized() if line is not None else None


def pdf_caret_x(document: Document, line: TextLine, offset: int) -> float:
    """The x (unrotated page space) of caret `offset` on PDF text `line`: the left edge of the
    character after it, else the right edge of the one before; in white space, spread evenly
    between the words around it."""
    text = document.text
    offset = min(max(offset, line.start), line.end)

    def edge(start: int, side: int) -> float | None:
        regions = document.regions(start, start + 1)
        return regions[0].bbox[side] if regions else None

    if offset < line.end and not text[offset].isspace():
        left = edge(offset, 0)
        if left is not None:
            return left
    if offset > line.start and not text[offset - 1].isspace():
        right = edge(offset - 1, 2)
        if right is not None:
            return right
    before = offset
    while before > line.start and text[before - 1].isspace():
        before -= 1
    after = offset
    while after < line.end and text[after].isspace():
        after += 1
    low = edge(before - 1, 2) if before > line.start else None
    high = edge(after, 0) if after < line.end else None
    low = line.bbox[0] if low is None else low
    high = line.bbox[2] if high is None else high
    if after == before:
        return low
    return low + (high - low) * (offset - before) / (after - before)


def _cursor_x(line: QTextLine, position: int) -> float:
    """The x of the caret at `position` on a laid-out line (PySide6 returns (x, position))."""
    x, _position = cast(tuple[float, int], line.cursorToX(position))
    return x
