"""The scrolling view of the letter: turns mouse, wheel and copy keys into plain signals.

`LetterView` shows a `LetterScene`. It knows nothing of highlights or records: a drag over the
text becomes caret offsets (`selectionDragged`, then `selectionFinished`), a click without a
drag a scene point (`clicked`), Ctrl+wheel a zoom factor that keeps the point under the mouse
in place. Keys go first to `key_handler` (the pane's caret), which says whether it used them.
The `LetterPane` decides what they mean.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsView

from .caret import is_caret_key
from .letter_scene import LetterScene

DRAG_THRESHOLD_PX = 4
WHEEL_ZOOM_STEP = 1.15


class LetterView(QGraphicsView):
    """The scrolling view of a `LetterScene`: turns mouse, wheel and copy keys into signals.

    A press-drag-release over text emits `selectionDragged` (caret offsets, while dragging)
    and `selectionFinished`; a press-release without drag emits `clicked` (scene point).
    """

    zoomRequested = Signal(float)  # factor; the view keeps the point under the mouse in place
    selectionDragged = Signal(int, int)
    selectionFinished = Signal()
    clicked = Signal(QPointF)
    wordRequested = Signal(QPointF)
    contextMenuAt = Signal(QPoint, QPointF)  # global position, scene point
    copyRequested = Signal()

    def __init__(self, scene: LetterScene) -> None:
        super().__init__(scene)
        self.letter_scene = scene
        self.copy_enabled = False  # set by the owner while text is selected
        self.key_handler: Callable[[QKeyEvent], bool] | None = None  # True: the key was used
        self.setObjectName("letterView")
        self.setAccessibleName("Letter pages")
        self.setRenderHints(QPainter.RenderHint.TextAntialiasing)  # items turn on what they need
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._press: QPoint | None = None
        self._anchor: int | None = None
        self._dragging = False

    def visible_scene_rect(self) -> QRectF:
        """The part of the scene in the viewport now."""
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def bring_into_view(self, rect: QRectF, margin: float) -> None:
        """Scroll so `rect` is in view with `margin` (scene units) above and below it; a rect
        taller than the view shows its top. Nothing moves when it is in view already."""
        visible = self.visible_scene_rect()
        if rect.height() + 2 * margin > visible.height():
            self.centerOn(QPointF(rect.center().x(), rect.top() - margin + visible.height() / 2))
        elif not visible.adjusted(0, margin, 0, -margin).contains(rect):
            self.centerOn(rect.center())

    def page_in_view(self, page_rects: Sequence[QRectF], page_at: Callable[[float], int]) -> int:
        """The page (of `page_rects`) that fills most of the view: the first of equals, e.g.
        when all fit, the one a reader would call the page in view; `page_at` the centre's
        page when none is in view."""
        visible = self.visible_scene_rect()
        shown = [rect.intersected(visible).height() for rect in page_rects]
        if not shown or max(shown) <= 0:
            return page_at(visible.center().y())
        return shown.index(max(shown))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
            return
        steps = event.angleDelta().y() / 120
        if steps:
            position = event.position()
            anchor = self.mapToScene(position.toPoint())
            self.zoomRequested.emit(WHEEL_ZOOM_STEP ** steps)
            # Keep the point under the mouse where it was.
            offset = position - QPointF(self.viewport().rect().center())
            self.centerOn(anchor - offset / self.transform().m11())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.letter_scene.document is None:
            super().mousePressEvent(event)
            return
        self._press = event.position().toPoint()
        self._anchor = self.letter_scene.caret_at(self.mapToScene(self._press))
        self._dragging = False
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or self._anchor is None:
            super().mouseMoveEvent(event)
            return
        position = event.position().toPoint()
        self._dragging = self._dragging or (position - self._press).manhattanLength() >= DRAG_THRESHOLD_PX
        caret = self.letter_scene.caret_at(self.mapToScene(position)) if self._dragging else None
        if caret is not None:
            self.selectionDragged.emit(min(self._anchor, caret), max(self._anchor, caret))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is None or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        if self._dragging:
            self.selectionFinished.emit()
        else:
            self.clicked.emit(self.mapToScene(event.position().toPoint()))
        self._press, self._anchor, self._dragging = None, None, False
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.letter_scene.document is None:
            super().mouseDoubleClickEvent(event)
            return
        self.wordRequested.emit(self.mapToScene(event.position().toPoint()))
        self._press = None
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.contextMenuAt.emit(event.globalPos(), self.mapToScene(event.pos()))
        event.accept()

    def event(self, event: QEvent) -> bool:
        # With text selected here, Ctrl+C is ours even if the window has a Copy shortcut; so are
        # the caret's keys while it moves.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and (
                (self.copy_enabled and event.matches(QKeySequence.StandardKey.Copy))
                or (self.key_handler is not None and is_caret_key(event))):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.key_handler is not None and self.key_handler(event):
            pass
        elif self.copy_enabled and event.matches(QKeySequence.StandardKey.Copy):
            self.copyRequested.emit()
        elif event.key() in (Qt.Key.Key_Home, Qt.Key.Key_End) and not event.modifiers():
            bar = self.verticalScrollBar()
            bar.setValue(bar.minimum() if event.key() == Qt.Key.Key_Home else bar.maximum())
        else:
            super().keyPressEvent(event)
            return
        event.accept()
