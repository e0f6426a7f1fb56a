"""The letter as a graphics scene: pages (or a text sheet) stacked, plus highlight items.

Scene units are PDF points: page i occupies `page_rects[i]` (rotated size, as displayed),
pages stacked top to bottom with a small gap. Page images are rendered lazily by pymupdf at
the view's zoom × device pixel ratio and scaled back to points, so highlights never move
when the zoom changes. PDF regions (unrotated page space) go through `page.rotation_matrix`.

Text letters (or PDFs whose file is not at hand) are laid out by a `QTextDocument` on one
white page-like sheet; their highlight rectangles come from the text layout's lines.

pymupdf is not imported here at start-up (it costs ~0.2 s): a PDF letter arrives as an open
`pymupdf.Document`, its pages carry their rotation matrices, and the geometry below is plain
arithmetic on those; only `render_page` imports the module, when the first page is drawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QLineF, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFontDatabase,
    QFontMetricsF,
    QImage,
    QPen,
    QPixmap,
    QTextDocument,
    QTextLine,
)
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene, QGraphicsTextItem

from imr_desk.core.parsing.highlights import Highlight, add_regions
from imr_desk.core.reading import hit_test
from imr_desk.core.reading.document import Document
from imr_desk.ui.finding_marks import mark_group

from .highlight_style import HighlightItem

if TYPE_CHECKING:
    import pymupdf

PAGE_GAP = 14.0
SHEET_WIDTH = 612.0  # US Letter, in points
SHEET_MARGIN = 54.0
MAX_RENDER_SCALE = 4.0
UNDRAWABLE = -1.0  # the rendered scale of a page pymupdf cannot draw (0.0: not drawn yet)


class LetterScene(QGraphicsScene):
    """Pages of one letter with their highlight items; maps between offsets, pages and scene."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document: Document | None = None
        self.pdf: pymupdf.Document | None = None
        self.page_rects: list[QRectF] = []
        self._pixmap_items: list[QGraphicsPixmapItem] = []
        self._rendered_scale: list[float] = []
        self._matrices: list[pymupdf.Matrix] = []
        self._pages: list[pymupdf.Page] = []
        self._inverse: list[pymupdf.Matrix] = []
        self.text_item: QGraphicsTextItem | None = None
        self._items: dict[str, HighlightItem] = {}
        self._pending: list[Highlight] = []  # letter highlights of later pages, not drawn yet
        self.setBackgroundBrush(Qt.BrushStyle.NoBrush)

    # -- loading ----------------------------------------------------------------------------

    def set_document(self, document: Document | None, pdf: pymupdf.Document | None = None) -> None:
        """Lay out `document` (rendering nothing yet); None clears the scene."""
        self.clear()
        self._items, self._pending = {}, []
        self.page_rects, self._pixmap_items, self._rendered_scale = [], [], []
        self._matrices, self._inverse, self._pages = [], [], []
        self.text_item = None
        self.document = document
        self.pdf = pdf if pdf is not None else (document.pdf if document is not None else None)
        if document is None:
            self.setSceneRect(QRectF())
            return
        if self.pdf is not None and document.source.kind == "pdf":
            self._layout_pdf_pages(self.pdf)
        else:
            self.pdf = None
            self._layout_text_sheet(document.text)
        bounds = QRectF()
        for rect in self.page_rects:
            bounds = bounds.united(rect)
        self.setSceneRect(bounds.adjusted(-PAGE_GAP * 2, -PAGE_GAP, PAGE_GAP * 2, PAGE_GAP))

    def replace_document(self, document: Document) -> None:
        """Use `document` from now on for the same letter (same text and pages): nothing is laid
        out again; highlights set afterwards take their boxes from it."""
        self.document = document

    @property
    def is_pdf(self) -> bool:
        return self.pdf is not None

    @property
    def page_count(self) -> int:
        return len(self.page_rects)

    def _layout_pdf_pages(self, pdf: pymupdf.Document) -> None:
        self._pages = [pdf[index] for index in range(pdf.page_count)]
        widest = max(page.rect.width for page in self._pages)
        y = 0.0
        for page in self._pages:
            width, height = page.rect.width, page.rect.height
            rect = QRectF((widest - width) / 2, y, width, height)
            self._add_sheet(rect)
            item = QGraphicsPixmapItem()
            item.setPos(rect.topLeft())
            item.setZValue(0.5)
            self.addItem(item)
            self._matrices.append(page.rotation_matrix)
            self._inverse.append(~page.rotation_matrix)
            self.page_rects.append(rect)
            self._pixmap_items.append(item)
            self._rendered_scale.append(0.0)
            y += height + PAGE_GAP

    def _layout_text_sheet(self, text: str) -> None:
        item = QGraphicsTextItem()
        text_document = QTextDocument(item)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(9.5)
        text_document.setDefaultFont(font)
        text_document.setDocumentMargin(0)
        # One character of the letter is one character (one UTF-16 unit) of the layout, so
        # offsets need no mapping: control characters show as spaces, others beyond U+FFFF as "\ufffd".
        text_document.setPlainText("".join(
            " " if ch < " " and ch not in "\n\t" else "\ufffd" if ch > "\uffff" else ch for ch in text))
        columns = _typical_line_length(text)
        text_width = max(SHEET_WIDTH - 2 * SHEET_MARGIN,
                         QFontMetricsF(font).horizontalAdvance("M" * columns) + 4)
        text_document.setTextWidth(text_width)
        item.setDocument(text_document)
        item.setDefaultTextColor(QColor("black"))
        height = max(text_document.size().height() + 2 * SHEET_MARGIN, 792.0)
        rect = QRectF(0, 0, text_width + 2 * SHEET_MARGIN, height)
        self._add_sheet(rect)
        item.setPos(SHEET_MARGIN, SHEET_MARGIN)
        item.setZValue(0.5)
        self.addItem(item)
        self.text_item = item
        self.page_rects.append(rect)

    def _add_sheet(self, rect: QRectF) -> None:
        shadow = self.addRect(rect.translated(1.5, 1.5), QPen(Qt.PenStyle.NoPen), QBrush(QColor(0, 0, 0, 60)))
        shadow.setZValue(-1)
        sheet = self.addRect(rect, QPen(QColor(0, 0, 0, 70), 0), QBrush(QColor("white")))
        sheet.setZValue(0)

    # -- rendering --------------------------------------------------------------------------

    def render_pending(self, visible: QRectF, scale: float, limit: int = 1) -> bool:
        """Render up to `limit` pages near `visible` that are missing or blurred at `scale`.

        Pages nearest the visible area's centre go first; pages far away drop their image.
        Returns True while more pages near the view still need rendering.
        """
        if self.pdf is None:
            return False
        scale = min(scale, MAX_RENDER_SCALE)
        near = visible.adjusted(0, -visible.height(), 0, visible.height())
        far = visible.adjusted(0, -4 * visible.height(), 0, 4 * visible.height())
        wanted = [i for i, rect in enumerate(self.page_rects) if rect.intersects(near)]
        wanted.sort(key=lambda i: abs(self.page_rects[i].center().y() - visible.center().y()))
        for index, rect in enumerate(self.page_rects):
            if not rect.intersects(far) and self._rendered_scale[index] > 0:
                self._pixmap_items[index].setPixmap(QPixmap())
                self._rendered_scale[index] = 0.0
        pending = [i for i in wanted
                   if self._rendered_scale[i] != UNDRAWABLE and abs(self._rendered_scale[i] - scale) > 0.01]
        for index in pending[:limit]:
            self.render_page(index, scale)
        return len(pending) > limit

    def render_page(self, index: int, scale: float) -> None:
        """Draw page `index` at `scale` image pixels per point (or say on the page why not)."""
        import pymupdf  # already loaded: the letter's PDF was opened with it

        self._rendered_scale[index] = scale
        try:
            pixmap = self._pages[index].get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
        except Exception as exc:  # a damaged page (pymupdf raises several types): never retried
            self._rendered_scale[index] = UNDRAWABLE
            file = self.document.source.file if self.document is not None else "the letter"
            note = QGraphicsTextItem(f"Page {index + 1} of {file} could not be drawn "
                                     f"({exc}). Its text can still be selected, searched and highlighted.")
            note.setDefaultTextColor(QColor(160, 0, 0))
            note.setTextWidth(self.page_rects[index].width() - 48)
            note.setPos(self.page_rects[index].topLeft() + QPointF(24, 24))
            note.setZValue(0.6)
            self.addItem(note)
            return
        image = QImage(pixmap.samples, pixmap.width, pixmap.height, pixmap.stride,
                       QImage.Format.Format_RGB888).copy()
        item = self._pixmap_items[index]
        item.setPixmap(QPixmap.fromImage(image))
        item.setScale(self.page_rects[index].width() / max(pixmap.width, 1))
        item.setTransformationMode(Qt.TransformationMode.FastTransformation)  # drawn 1:1

    def smooth_until_rendered(self) -> None:
        """Filter page images smoothly while they are stretched (after a zoom, until re-rendered)."""
        for item in self._pixmap_items:
            item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)

    def is_rendered(self, index: int) -> bool:
        """True once page `index` is drawn (or found undrawable and said so on the page)."""
        return self.text_item is not None or bool(self._rendered_scale[index])

    # -- geometry ---------------------------------------------------------------------------

    def page_at(self, y: float) -> int:
        """Index of the page at scene height `y` (the nearest one between pages)."""
        if not self.page_rects:
            return 0
        return min(range(len(self.page_rects)),
                   key=lambda i: 0 if self.page_rects[i].top() <= y <= self.page_rects[i].bottom()
                   else min(abs(self.page_rects[i].top() - y), abs(self.page_rects[i].bottom() - y)))

    def page_box_to_scene(self, page: int, bbox: Iterable[float]) -> QRectF:
        """A box in unrotated PDF page space → its scene rectangle."""
        x0, y0, x1, y1 = bbox
        corners = [_transform(self._matrices[page], x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
        left, top = min(x for x, _ in corners), min(y for _, y in corners)
        right, bottom = max(x for x, _ in corners), max(y for _, y in corners)
        origin = self.page_rects[page].topLeft()
        return QRectF(origin.x() + left, origin.y() + top, right - left, bottom - top)

    def scene_to_page(self, point: QPointF) -> tuple[int, float, float]:
        """A scene point → (page, x, y) in unrotated PDF page space."""
        page = self.page_at(point.y())
        origin = self.page_rects[page].topLeft()
        x, y = _transform(self._inverse[page], point.x() - origin.x(), point.y() - origin.y())
        return page, x, y

    def highlight_rects(self, highlight: Highlight) -> list[QRectF]:
        """Scene rectangles (one per line piece) of a highlight: its PDF regions, or for a
        text sheet the laid-out lines of its span."""
        if self.document is None:
            return []
        if self.text_item is None:
            return [self.page_box_to_scene(r.page, r.bbox) for r in highlight.regions]
        return self._text_span_rects(self.document, self.text_item, *highlight.span)

    def highlight_baselines(self, highlight: Highlight) -> list[QLineF] | None:
        """Where to underline each PDF region: its text's bottom edge, turned with the page
        (the left edge of a page rotated by 90°). None: the rectangles' bottom edges."""
        if self.text_item is not None or not any(self._matrices[r.page].b for r in highlight.regions):
            return None
        lines = []
        for region in highlight.regions:
            x0, _, x1, y1 = region.bbox
            origin = self.page_rects[region.page].topLeft()
            ends = [_transform(self._matrices[region.page], x, y1) for x in (x0, x1)]
            lines.append(QLineF(*(QPointF(origin.x() + x, origin.y() + y) for x, y in ends)))
        return lines

    def _text_span_rects(
        self, document: Document, text_item: QGraphicsTextItem, start: int, end: int
    ) -> list[QRectF]:
        text = document.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            return []
        layout_document = text_item.document()
        origin = text_item.pos()
        rects: list[QRectF] = []
        block = layout_document.findBlock(start)
        while block.isValid() and block.position() < end:
            layout = block.layout()
            block_origin = layout.position() + origin
            for line_index in range(layout.lineCount()):
                line = layout.lineAt(line_index)
                line_start = block.position() + line.textStart()
                line_end = line_start + line.textLength()
                piece_start, piece_end = max(start, line_start), min(end, line_end)
                while piece_end > piece_start and layout_document.characterAt(piece_end - 1).isspace():
                    piece_end -= 1
                if piece_end <= piece_start:
                    continue
                x0 = _cursor_x(line, piece_start - block.position())
                x1 = _cursor_x(line, piece_end - block.position())
                if x1 > x0:
                    rects.append(QRectF(block_origin.x() + x0, block_origin.y() + line.y(), x1 - x0, line.height()))
            block = block.next()
        return rects

    def caret_at(self, point: QPointF) -> int | None:
        """The text offset of the caret nearest to scene `point`."""
        if self.document is None or not self.page_rects:
            return None
        if self.text_item is None:
            return hit_test.caret_offset(self.document, *self.scene_to_page(point))
        local = point - self.text_item.pos()
        position = self.text_item.document().documentLayout().hitTest(local, Qt.HitTestAccuracy.FuzzyHit)
        return min(max(position, 0), len(self.document.text))

    # -- highlights -------------------------------------------------------------------------

    @property
    def items_by_key(self) -> dict[str, HighlightItem]:
        """Every highlight item by key (any still pending are drawn first)."""
        self.draw_pending(everything=True)
        return self._items

    def drawn_item(self, key: str | None) -> HighlightItem | None:
        """The item of `key` if it is drawn already (never draws pending ones)."""
        return self._items.get(key or "")

    def set_highlights(self, highlights: list[Highlight], group: str, defer_from: int | None = None) -> None:
        """Replace the highlight items of one `group`: "letter", "find", "selection" or
        "mark" (the evidence of a clicked finding, `finding_marks`).

        Highlights starting at text offset `defer_from` or later (pages out of view) wait for
        `draw_pending`; their page regions are worked out only then.
        """
        for key in [k for k in self._items if mark_group(k) == group]:
            self.removeItem(self._items.pop(key))
        if group == "letter":
            self._pending = [h for h in highlights if defer_from is not None and h.span[0] >= defer_from]
            highlights = [h for h in highlights if defer_from is None or h.span[0] < defer_from]
        self._add(highlights)

    def draw_pending(self, everything: bool = False) -> bool:
        """Draw the pending highlights of the next page (or all); True while more wait."""
        if not self._pending or self.document is None:
            return False
        first_page = self._page_of(self.document, min(h.span[0] for h in self._pending))
        end = len(self.document.text) + 1 if everything else self.text_end_of_page(first_page)
        chunk = [h for h in self._pending if h.span[0] < end] or self._pending
        taken = {id(h) for h in chunk}
        self._pending = [h for h in self._pending if id(h) not in taken]
        self._add(chunk)
        return bool(self._pending)

    def has_pending_highlights(self) -> bool:
        return bool(self._pending)

    def _add(self, highlights: list[Highlight]) -> None:
        if self.text_item is None and self.document is not None:
            add_regions(highlights, self.document)
        for highlight in highlights:
            rects = self.highlight_rects(highlight)
            if not rects:
                continue
            if highlight.key in self._items:
                self.removeItem(self._items.pop(highlight.key))
            item = HighlightItem(highlight, rects, self.highlight_baselines(highlight))
            self.addItem(item)
            self._items[highlight.key] = item

    def text_end_of_page(self, page: int) -> int:
        """The text offset where the pages after `page` begin (the text's end for the last)."""
        if self.document is None:
            return 0
        if self.text_item is not None:
            return len(self.document.text)
        return next((line.start for line in self.document.lines if line.page > page), len(self.document.text))

    @staticmethod
    def _page_of(document: Document, offset: int) -> int:
        lines = document.lines
        return next((line.page for line in lines if line.end >= offset), lines[-1].page if lines else 0)

    def keys_at(self, point: QPointF) -> list[str]:
        """Keys of the highlights whose area holds scene `point`."""
        return [key for key, item in self.items_by_key.items() if item.shape().contains(point)]


def _transform(matrix: pymupdf.Matrix, x: float, y: float) -> tuple[float, float]:
    """Point (x, y) under a PDF matrix (a b c d e f), as pymupdf's `Point * Matrix`."""
    return x * matrix.a + y * matrix.c + matrix.e, x * matrix.b + y * matrix.d + matrix.f


def _cursor_x(line: QTextLine, position: int) -> float:
    """The x of the caret at `position` on a laid-out line. PySide6 returns (x, position); its
    type stub says only `object`."""
    x, _position = cast(tuple[float, int], line.cursorToX(position))
    return x


def _typical_line_length(text: str, longest: int = 110) -> int:
    """The width in characters that fits nearly every line of a hard-wrapped text (at most `longest`)."""
    lengths = sorted(len(line) for line in text.splitlines() if line.strip())
    if not lengths:
        return 0
    return min(lengths[min(len(lengths) - 1, int(len(lengths) * 0.98))], longest)
