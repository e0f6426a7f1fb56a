"""The letter pane: the letter's pages with every parsed block highlighted, find and selection.

`LetterPane` shows a `LetterScene` in a `QGraphicsView`: continuous scroll over stacked pages,
zoom (Ctrl+wheel, `zoom_in` / `zoom_out` / `fit_width`), a "Page 2 of 4" indicator, a legend
of highlight colours, a find bar, drag selection of text (Ctrl+C copies it) and clicks on
highlights (`blockActivated` names the most specific block under the pointer), and a
keyboard caret (`caret`, see `caret.py`: arrows move it, Shift+arrows select, F7 toggles it).
An OCR'd letter says above its pages that its values need checking against the page. Pages are
rendered lazily on the UI thread (PyMuPDF does not support threads), one per event-loop turn,
nearest the viewport first, and again sharper once the zoom has settled; highlights of pages
out of view follow the first paint the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPalette, QTransform
from PySide6.QtWidgets import QVBoxLayout, QWidget

from imr_desk.core import fields
from imr_desk.core.model import Letter
from imr_desk.core.parsing.highlights import Highlight, build_highlights, most_specific, text_regions
from imr_desk.core.reading.document import Document
from imr_desk.core.reading.hit_test import word_span
from imr_desk.core.records import CaseRecord

from .caret import CaretBrowser
from .fields_model import READ_ONLY_NOTICE
from .find_bar import FindBar
from .finding_marks import MARK_GROUP, finding_spans, mark_highlights
from .highlight_style import HighlightItem, LegendWidget
from .letter_find import LetterFind
from .letter_scene import LetterScene
from .letter_view import LetterView
from .pane_notices import (
    EMPTY_CARD_STYLE,
    EMPTY_TEXT,
    NO_FILE_NOTICE,
    empty_card,
    page_indicator,
    place_overlays,
    plain_notice,
    show_page,
    warning_notice,
    warning_notice_style,
)

if TYPE_CHECKING:
    import pymupdf  # the module is loaded with the first PDF letter, not at start-up

ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0, 5.0)
SHARPEN_DELAY_MS = 150
OCR_NOTICE = fields.OCR_NOTICE
FIT_MARGIN_PX = 4


class LetterPane(QWidget):
    """The centre pane of the review window (see the window contract for the API)."""

    blockActivated = Signal(str)
    selectionChanged = Signal(int, int)
    pageChanged = Signal(int, int)
    contextMenuRequested = Signal(QPoint, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letterPane")
        self.scene = LetterScene(self)
        self.view = LetterView(self.scene)
        self.find_bar = FindBar(self)
        self.notice = plain_notice(NO_FILE_NOTICE, self)
        self.ocr_notice = warning_notice(OCR_NOTICE, "ocrNotice", "Read by OCR", self)
        self.read_only_notice = warning_notice(READ_ONLY_NOTICE, "readOnlyNotice", "Read-only copy", self)
        self.marked_spans: list[tuple[int, int]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.ocr_notice)
        layout.addWidget(self.read_only_notice)
        layout.addWidget(self.view, 1)
        self.legend = LegendWidget(self)
        layout.addWidget(self.legend)
        self.page_label = page_indicator(self.view)
        self.empty_label = empty_card(EMPTY_TEXT, self.view)  # on the view's Mid grey: its own card
        self.document: Document | None = None
        self.record: CaseRecord | Letter | None = None
        self.highlights: list[Highlight] = []
        self.zoom = 1.0
        self._fit_width = True
        self._selection: tuple[int, int] | None = None
        self._selected_key: str | None = None
        self._page = -1
        self.caret = CaretBrowser(self)
        self.view.key_handler = self.caret.handle_key
        self._highlight_timer = QTimer(self, singleShot=True, interval=0)
        self._highlight_timer.timeout.connect(self._draw_pending_highlights)
        self._render_timer = QTimer(self, singleShot=True, interval=0)
        self._render_timer.timeout.connect(self._render_step)
        self._sharpen_timer = QTimer(self, singleShot=True, interval=SHARPEN_DELAY_MS)
        self._sharpen_timer.timeout.connect(self._render_step)
        self.view.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.view.horizontalScrollBar().valueChanged.connect(self._on_scrolled)
        self.view.installEventFilter(self)
        self.view.zoomRequested.connect(lambda factor: self.set_zoom(self.zoom * factor))
        self.view.selectionDragged.connect(lambda start, end: self.set_selection(start, end, emit=False))
        self.view.selectionFinished.connect(self.finish_selection)
        self.view.clicked.connect(self.click_at)
        self.view.wordRequested.connect(self.select_word_at)
        self.view.contextMenuAt.connect(self.request_context_menu)
        self.view.copyRequested.connect(self.copy_selection)
        self._resize_timer = QTimer(self, singleShot=True, interval=0)
        self._resize_timer.timeout.connect(self._after_resize)
        self.finder = LetterFind(self, self)
        self._apply_palette()
        self._place_overlays()

    # -- the letter -------------------------------------------------------------------------

    def set_letter(self, document: Document | None, record: CaseRecord | Letter | None,
                   pdf: pymupdf.Document | None = None) -> None:
        """Show `document` with the highlights of `record` (None → blank pane).

        `pdf` is the open original PDF when `document` has none (a stored letter rebuilt with
        `Document.from_layout` without one); without any, a PDF letter shows as text.
        """
        self._render_timer.stop()
        self._sharpen_timer.stop()
        had_selection = self._selection is not None
        self.document, self.record = document, record
        self._selection, self._selected_key = None, None
        self.view.copy_enabled = False
        self.finder.forget()
        self.scene.set_document(document, pdf)
        self.caret.reset()
        self.empty_label.setVisible(document is None)
        self.notice.setVisible(document is not None and document.source.kind == "pdf" and not self.scene.is_pdf)
        self.ocr_notice.setVisible(document is not None and document.source.ocr)
        # a copy that is not the copy of record (or a letter in the trash) says so above it
        self.read_only_notice.setVisible(isinstance(record, CaseRecord) and record.read_only)
        self.marked_spans = []
        self.view.viewport().setCursor(Qt.CursorShape.IBeamCursor if document else Qt.CursorShape.ArrowCursor)
        if document is not None:
            if self._fit_width:
                self.fit_width()
            else:
                self.set_zoom(self.zoom)
            self.view.verticalScrollBar().setValue(self.view.verticalScrollBar().minimum())
            self._render_step()
            self._install_highlights(build_highlights(record, document, with_regions=False) if record else [])
            self.finder.search_again()
            if self.view.hasFocus():
                self.caret.place_in_view()
        else:
            self.highlights = []
        self._page = -1
        self._update_page_indicator()
        if had_selection:
            self.selectionChanged.emit(0, 0)

    def use_document(self, document: Document) -> None:
        """Swap in another `Document` of the same letter (same text and pages, e.g. one with
        exact character boxes); the pages, scroll position and selection stay."""
        if self.document is None or document.text != self.document.text:
            return
        self.document = document
        self.scene.replace_document(document)
        if self.record is not None:
            self.refresh_highlights(self.record)
        if self.marked_spans:  # the marks of a clicked finding, on the exact boxes too
            self.scene.set_highlights(mark_highlights(document, self.marked_spans), MARK_GROUP)
        self.caret.update_item()

    def refresh_highlights(self, record: CaseRecord | Letter) -> None:
        """Rebuild the record's highlights after an edit; scroll position and selection stay."""
        self.record = record
        if self.document is not None:
            self._install_highlights(build_highlights(record, self.document, with_regions=False))

    def _install_highlights(self, highlights: list[Highlight]) -> None:
        """Draw the highlights of the pages in view now and the others page by page after."""
        self.highlights = highlights
        last_page = self.scene.page_at(self.visible_scene_rect().bottom())
        self.scene.set_highlights(highlights, "letter", defer_from=self.scene.text_end_of_page(last_page))
        self._restore_outline()
        self._highlight_timer.start()

    def _draw_pending_highlights(self) -> None:
        more = self.scene.draw_pending()
        self._restore_outline()
        if more:
            self._highlight_timer.start()

    def all_highlights_drawn(self) -> bool:
        """False while highlights of pages out of view are still being added (a few ms)."""
        return not self.scene.has_pending_highlights()

    def _restore_outline(self) -> None:
        item = self.scene.drawn_item(self._selected_key)
        if item is not None:
            item.set_selected(True)

    def show_block(self, key: str) -> bool:
        """Scroll the block `key` into view and outline it; False if the letter has no such block.
        A finding's key (``check:1``, ``diagnosis:0``) marks every span of its evidence instead."""
        spans = finding_spans(self.record, key)
        if spans is not None:
            return self.show_spans(spans)
        self.show_spans([])
        item = self._outline(key)
        if item is None:
            return False
        self._scroll_to(item.scene_bounds())
        self.caret.place(item.highlight.span[0])  # the caret starts at the block's text
        return True

    def show_spans(self, spans: list[tuple[int, int]]) -> bool:
        """Mark `spans` of the text (replacing earlier marks; [] clears) and scroll to the first."""
        marks = mark_highlights(self.document, spans) if self.document is not None else []
        self.scene.set_highlights(marks, MARK_GROUP)
        self.marked_spans = [mark.span for mark in marks]
        first = self.scene.drawn_item(marks[0].key) if marks else None
        if first is None:
            return False
        self._scroll_to(first.scene_bounds())
        self.caret.place(marks[0].span[0])
        return True

    def _outline(self, key: str) -> HighlightItem | None:
        """Outline the block `key` (and no other); None when the letter has no such block."""
        previous = self.scene.items_by_key.get(self._selected_key or "")
        if previous is not None:
            previous.set_selected(False)
        item = self.scene.items_by_key.get(key)
        self._selected_key = key if item is not None else None
        if item is not None:
            item.set_selected(True)
        return item

    def _scroll_to(self, rect: QRectF) -> None:
        self.view.bring_into_view(rect, 48 / self.zoom)

    def visible_scene_rect(self) -> QRectF:
        return self.view.visible_scene_rect()

    # -- zoom and rendering -----------------------------------------------------------------

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self.zoom * 1.01), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self.zoom * 0.99), ZOOM_STEPS[0]))

    def fit_width(self) -> None:
        """Zoom so the widest page fills the view's width (kept on resize until the next zoom)."""
        if self.scene.page_count:
            available = max(self.view.viewport().width() - FIT_MARGIN_PX, 50)
            self.set_zoom(available / self.scene.sceneRect().width())
        self._fit_width = True

    def set_zoom(self, zoom: float) -> None:
        """Scale the view (images are sharpened shortly after the zoom settles)."""
        self.zoom = min(max(zoom, ZOOM_STEPS[0]), ZOOM_STEPS[-1])
        self._fit_width = False
        self.view.setTransform(QTransform.fromScale(self.zoom, self.zoom))
        self.scene.smooth_until_rendered()
        self._sharpen_timer.start()
        self._update_page_indicator()  # a zoom can change the page in view without a scroll

    def _render_step(self) -> None:
        scale = self.zoom * self.view.devicePixelRatioF()
        if self.scene.render_pending(self.visible_scene_rect(), scale):
            self._render_timer.start()

    def _on_scrolled(self) -> None:
        if not self._render_timer.isActive():
            self._render_timer.start()
        self._update_page_indicator()

    def current_page(self) -> int:
        """The page that fills most of the view (`LetterView.page_in_view`; 0 with no letter)."""
        return self.view.page_in_view(self.scene.page_rects, self.scene.page_at)

    def _update_page_indicator(self) -> None:
        count = self.scene.page_count
        page = self.current_page() if count else 0
        show_page(self.page_label, page, count)
        self._place_overlays()
        if page != self._page:
            self._page = page
            self.pageChanged.emit(page, count)

    # -- selection, clicks, copy ------------------------------------------------------------

    def selected_span(self) -> tuple[int, int] | None:
        return self._selection

    def set_selection(self, start: int, end: int, emit: bool = True, from_caret: bool = False) -> None:
        """Select text `[start, end)` (start == end clears) and draw it; the caret goes to its end
        (unless the caret made it)."""
        selection = (start, end) if self.document is not None and end > start else None
        if selection is not None and not from_caret:
            self.caret.adopt_selection(start, end)
        self._selection = selection
        self.view.copy_enabled = selection is not None
        highlights: list[Highlight] = []
        if selection is not None and self.document is not None:
            regions = text_regions(self.document, *selection)
            highlights.append(Highlight("selection", "selection", "", None, selection, regions))
        self.scene.set_highlights(highlights, "selection")
        if emit:
            self.finish_selection()

    def finish_selection(self) -> None:
        start, end = self._selection or (0, 0)
        self.selectionChanged.emit(start, end)

    def selected_text(self) -> str:
        if self.document is None or self._selection is None:
            return ""
        return self.document.text[self._selection[0]:self._selection[1]]

    def copy_selection(self) -> None:
        if self.selected_text():
            QGuiApplication.clipboard().setText(self.selected_text())

    def select_word_at(self, point: QPointF) -> None:
        caret = self.scene.caret_at(point)
        if caret is not None and self.document is not None:
            self.set_selection(*word_span(self.document.text, caret))

    def click_at(self, point: QPointF) -> None:
        """A click without drag: clear the selection, then activate the block under the point."""
        if self._selection is not None:
            self.set_selection(0, 0)
        caret = self.scene.caret_at(point)
        if caret is not None:
            self.caret.place(caret)
        keys = [k for k in self.scene.keys_at(point) if not k.startswith("find:") and k != "selection"]
        key = most_specific(self.highlights, keys)
        if key is not None:
            self.blockActivated.emit(key)

    def request_context_menu(self, global_pos: QPoint, point: QPointF) -> None:
        """Ask for the context menu: with the selection, or else the caret under the pointer."""
        caret = self.scene.caret_at(point) or 0
        start, end = self._selection if self._selection is not None else (caret, caret)
        self.contextMenuRequested.emit(global_pos, start, end)

    # -- find -------------------------------------------------------------------------------

    def open_find(self) -> None:
        self.finder.open()

    @property
    def find_hits(self) -> list[Highlight]:
        return self.finder.hits

    @property
    def current_hit(self) -> int:
        return self.finder.current

    # -- overlays and palette ---------------------------------------------------------------

    def set_legend_visible(self, visible: bool) -> None:
        self.legend.setVisible(visible)

    def _place_overlays(self) -> None:
        place_overlays(self.view.viewport().geometry(), self.page_label, self.empty_label)

    def _apply_palette(self) -> None:
        """The view's grey around the pages; notices in colours that read on it (both schemes)."""
        self.view.setBackgroundBrush(self.palette().color(QPalette.ColorRole.Mid))
        self.empty_label.setStyleSheet(EMPTY_CARD_STYLE)
        self.read_only_notice.setStyleSheet(warning_notice_style("readOnlyNotice"))
        self.ocr_notice.setStyleSheet(warning_notice_style("ocrNotice"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.Resize:
            self._resize_timer.start()
        elif watched is self.view and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            if event.type() == QEvent.Type.FocusIn and self.caret.position is None:
                self.caret.place_in_view()
            self.caret.update_item()  # shown while the letter has focus
        return super().eventFilter(watched, event)

    def _after_resize(self) -> None:
        if self._fit_width and self.scene.page_count:
            self.fit_width()
        self._update_page_indicator()
        self._render_step()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        super().changeEvent(event)
