"""The `Document`: one extracted `text` per letter plus a map from offsets to page rectangles.

A PDF's text is built (`pdf.load_pdf`) from the same ``get_text("dict")`` extraction that
gives each line's and span's box, so any span of `text` can be drawn on its page.
Character-exact boxes (for spans that start or end inside a line) come lazily from MuPDF's
structured text of the same TextPage, one line at a time. `PageReader` is what the OCR stage
provides for pages without a text layer; `load.load_document` makes a `Document` from a file.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from imr_desk.core.model import Region, Source

ProgressCallback = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]
# page index -> (the page's pymupdf TextPage, its ``get_text("dict")`` extraction)
ReadPages = dict[int, tuple[Any, dict[str, Any]]]


class PageReader(Protocol):
    """Reads the words of PDF pages that have no text layer (the OCR stage provides one).

    Reading knows no OCR: `load_document` hands such pages to the reader it is given.
    """

    def read_pages(
        self,
        pages: list[Any],
        page_indexes: list[int],
        file_name: str,
        *,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> ReadPages:
        """TextPages for `page_indexes` of `pages`; ``{}`` when the reader cannot read here."""
        ...

    def unavailable_reason(self) -> str | None:
        """Why the reader cannot read pages on this machine (advice for the user), or None."""
        ...

@dataclass
class TextLine:
    """One extracted line: its offsets in the document text and its box on a page."""

    start: int
    end: int
    page: int
    bbox: tuple[float, float, float, float]
    # (start, end, bbox) of each pymupdf span in the line, in text order
    spans: list[tuple[int, int, tuple[float, float, float, float]]] = field(default_factory=list)


@dataclass
class Document:
    """A loaded letter file: its text and, for PDFs, where each character sits."""

    source: Source
    text: str
    lines: list[TextLine] = field(default_factory=list)
    page_sizes: list[tuple[float, float]] = field(default_factory=list)
    pdf: Any = None  # the open pymupdf.Document, kept alive for exact boxes and rendering
    _line_starts: list[int] = field(default_factory=list, repr=False)
    # page → its MuPDF structured-text lines (read on first use; see `char_boxes`)
    _raw_pages: dict[int, list[Any]] = field(default_factory=dict, repr=False)
    _char_edges: dict[int, list[tuple[float, float]] | None] = field(default_factory=dict, repr=False)
    # page -> the TextPage its text came from (OCR'd pages: the OCR layer's), and the pymupdf
    # Page objects, kept alive while their TextPages are used
    textpages: dict[int, Any] = field(default_factory=dict, repr=False)
    pdf_pages: list[Any] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [line.start for line in self.lines]

    def close(self) -> None:
        """Release the PDF (the text and line map stay usable)."""
        self._raw_pages.clear()  # MuPDF lines point into the TextPages: drop them first
        self.textpages.clear()
        self.pdf_pages.clear()
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None

    # -- layout for the store -------------------------------------------------------------

    def layout_json(self) -> dict[str, Any]:
        """The line map as plain JSON data, so a stored letter needs no re-extraction (or OCR)."""
        return {
            "page_sizes": [list(size) for size in self.page_sizes],
            "lines": [
                [line.start, line.end, line.page, [round(v, 2) for v in line.bbox],
                 [[s, e, [round(v, 2) for v in b]] for s, e, b in line.spans]]
                for line in self.lines
            ],
        }

    @classmethod
    def from_layout(
        cls, source: Source, text: str, layout: dict[str, Any] | None, pdf: Any = None
    ) -> Document:
        """Rebuild a `Document` from `layout_json()` data (and an optional open pymupdf PDF).

        Without `pdf` (or for OCR'd letters, whose boxes came from OCR), character boxes are
        estimated within each span; with it, born-digital pages give exact boxes again. The
        `pdf` is kept in every case: it is what the window renders (an OCR'd page's image).
        """
        layout = layout or {}
        lines = [
            TextLine(s, e, p, tuple(b), [(a, z, tuple(bb)) for a, z, bb in spans])
            for s, e, p, b, spans in layout.get("lines", [])
        ]
        document = cls(
            source=source,
            text=text,
            lines=lines,
            page_sizes=[tuple(size) for size in layout.get("page_sizes", [])],
            pdf=pdf,
        )
        return document

    # -- offsets to rectangles -------------------------------------------------------------

    def lines_between(self, start: int, end: int) -> list[TextLine]:
        """The lines that hold any character in ``[start, end)``."""
        if not self.lines or end <= start:
            return []
        first = max(bisect_right(self._line_starts, start) - 1, 0)
        found = []
        for line in self.lines[first:]:
            if line.start >= end:
                break
            if line.end > start:
                found.append(line)
        return found

    def regions(self, start: int, end: int) -> list[Region]:
        """Rectangles (PDF points, one per line piece) that cover the text in ``[start, end)``.

        White space at either end of the span is not drawn. Empty for text files.
        """
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        regions: list[Region] = []
        for line in self.lines_between(start, end):
            piece_start, piece_end = max(start, line.start), min(end, line.end)
            bbox: tuple[float, float, float, float] | None
            if self._covers_line(line, piece_start, piece_end):
                bbox = line.bbox
            else:
                bbox = self._partial_line_bbox(line, piece_start, piece_end)
            if bbox is not None and bbox[2] > bbox[0] and bbox[3] > bbox[1]:
                regions.append(Region(line.page, bbox))
        return regions

    def _covers_line(self, line: TextLine, start: int, end: int) -> bool:
        """True when ``[start, end)`` holds every non-space character of `line`."""
        return (start <= line.start or not self.text[line.start : start].strip()) and (
            end >= line.end or not self.text[end : line.end].strip()
        )

    def _partial_line_bbox(
        self, line: TextLine, start: int, end: int
    ) -> tuple[float, float, float, float] | None:
        boxes = []
        for span_start, span_end, span_bbox in line.spans:
            if span_end <= start or span_start >= end:
                continue
            if (span_start >= start or not self.text[span_start:start].strip()) and (
                span_end <= end or not self.text[end:span_end].strip()
            ):
                boxes.append(span_bbox)  # the piece holds every non-space character of the span
                continue
            char_boxes = self.char_boxes(line.page, span_start)
            if char_boxes is None:
                boxes.append(_proportional_bbox(span_bbox, span_start, span_end, start, end))
                continue
            for offset in range(max(start, span_start), min(end, span_end)):
                index = offset - span_start
                if 0 <= index < len(char_boxes) and not self.text[offset].isspace():
                    boxes.append(char_boxes[index])
        return _union(boxes)

    def char_boxes(
        self, page_index: int, span_start: int
    ) -> list[tuple[float, float, float, float]] | None:
        """Per-character boxes of the span that starts at `span_start` (lazy, from the TextPage).

        The characters' horizontal extents come from MuPDF's structured text of the very
        TextPage the line map was built from, read only for the line asked about (a full
        ``rawdict`` of a page costs more than extracting its text); the vertical extent is the
        span's. None when the page cannot give them (the caller then estimates).
        """
        if self.pdf is None or (self.source.ocr and page_index not in self.textpages):
            return None  # a rebuilt OCR'd page has no text layer to read boxes from
        index = bisect_right(self._line_starts, span_start) - 1
        if index < 0:
            return None
        line = self.lines[index]
        span = next((s for s in line.spans if s[0] == span_start), None)
        if span is None or line.page != page_index:
            return None
        edges = self._line_char_edges(index)
        if edges is None:
            return None
        _, span_end, (_, top, _, bottom) = span
        return [(x0, top, x1, bottom) for x0, x1 in edges[span_start - line.start : span_end - line.start]]

    def _line_char_edges(self, line_index: int) -> list[tuple[float, float]] | None:
        """``(x0, x1)`` of every character of line `line_index`, or None if they cannot be read."""
        line = self.lines[line_index]
        if line.page not in self._raw_pages:
            self._raw_pages[line.page] = self._structured_lines(line.page)
        raw_lines = self._raw_pages[line.page]
        position = line_index - self._first_line_of_page(line.page)
        if not 0 <= position < len(raw_lines):
            return None
        if line_index not in self._char_edges:
            edges = []
            char = raw_lines[position].m_internal.first_char
            while char:  # MuPDF's own linked list: no per-character Python objects
                quad = char.quad
                lower_left, upper_left, lower_right, upper_right = quad.ll, quad.ul, quad.lr, quad.ur
                edges.append((min(upper_left.x, lower_left.x), max(upper_right.x, lower_right.x)))
                char = char.next
            self._char_edges[line_index] = edges if len(edges) == line.end - line.start else None
        return self._char_edges[line_index]

    def _first_line_of_page(self, page_index: int) -> int:
        for index, line in enumerate(self.lines):
            if line.page == page_index:
                return index
        return len(self.lines)

    def _structured_lines(self, page_index: int) -> list[Any]:
        """The page's MuPDF text lines that hold characters, in the order the line map has them."""
        import pymupdf

        if page_index < len(self.pdf_pages):
            page = self.pdf_pages[page_index]
            textpage = self.textpages.get(page_index) or page.get_textpage(flags=text_flags())
        else:
            page = self.pdf[page_index]
            textpage = page.get_textpage(flags=text_flags())
        self.textpages.setdefault(page_index, textpage)
        found = []
        for block in textpage.this:
            if block.m_internal.type != pymupdf.mupdf.FZ_STEXT_BLOCK_TEXT:
                continue
            for raw_line in block:
                if raw_line.m_internal.first_char:
                    found.append(raw_line)
        return found


def text_flags() -> int:
    """The pymupdf extraction flags every page of a letter is read with (text, no images)."""
    import pymupdf

    return pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_IMAGES


def _union(
    boxes: list[tuple[float, float, float, float]],
) -> tuple[float, float, float, float] | None:
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _proportional_bbox(
    bbox: tuple[float, float, float, float], span_start: int, span_end: int, start: int, end: int
) -> tuple[float, float, float, float]:
    width = (bbox[2] - bbox[0]) / max(span_end - span_start, 1)
    x0 = bbox[0] + width * (max(start, span_start) - span_start)
    x1 = bbox[0] + width * (min(end, span_end) - span_start)
    return (x0, bbox[1], x1, bbox[3])


# -- loading -------------------------------------------------------------------------------


def sha256_hex(data: bytes) -> str:
    """The hex SHA-256 of a file's bytes: how the store and the JSON name a letter file."""
    return hashlib.sha256(data).hexdigest()
