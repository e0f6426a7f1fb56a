"""Page point → text offset for PDF letters (pure, no Qt).

The letter pane turns a mouse position into a page point (PDF points, unrotated page space,
the space of `Document.lines`) and asks `caret_offset` for the caret position nearest to it:
the offset *before* the character under the point, or after it when the point is on the
character's right half. Drag selection is the range between two carets. Character boxes
come from `Document.char_boxes` (exact, from the PDF) or are spread evenly over the span.
"""

from __future__ import annotations

from imr_desk.core.reading.document import Document, TextLine

Box = tuple[float, float, float, float]


def caret_offset(document: Document, page: int, x: float, y: float) -> int | None:
    """The caret offset nearest to page point (x, y) on `page`, or None if the page has no text.

    The point goes to the line under it (else the nearest line); left of that line gives
    the line's start, right of it the line's end.
    """
    line = nearest_line(document, page, x, y)
    if line is None:
        return None
    if x <= line.bbox[0]:
        return line.start
    if x >= line.bbox[2]:
        return line.end
    for span_start, span_end, span_box in line.spans:
        if x > span_box[2]:
            continue
        boxes = _span_char_boxes(document, page, span_start, span_end, span_box)
        for index, box in enumerate(boxes):
            if x < (box[0] + box[2]) / 2:
                return span_start + index
            if x <= box[2]:
                return span_start + index + 1
        return span_end
    return line.end


def word_span(text: str, offset: int) -> tuple[int, int]:
    """The word (run of non-space characters) around `offset`; empty at white space."""
    if not 0 <= offset < len(text) or text[offset].isspace():
        return (offset, offset)
    start, end = offset, offset
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return (start, end)


def nearest_line(document: Document, page: int, x: float, y: float) -> TextLine | None:
    """The line on `page` under (x, y), else the vertically nearest one (then horizontally)."""
    best: TextLine | None = None
    best_distance = (float("inf"), float("inf"))
    for line in document.lines:
        if line.page != page:
            continue
        x0, y0, x1, y1 = line.bbox
        distance = (_gap(y, y0, y1), _gap(x, x0, x1))
        if distance < best_distance:
            best, best_distance = line, distance
    return best


def _gap(value: float, low: float, high: float) -> float:
    if value < low:
        return low - value
    if value > high:
        return value - high
    return 0.0


def _span_char_boxes(
    document: Document, page: int, span_start: int, span_end: int, span_box: Box
) -> list[Box]:
    boxes = document.char_boxes(page, span_start)
    count = span_end - span_start
    if boxes is not None and len(boxes) == count:
        return boxes
    width = (span_box[2] - span_box[0]) / max(count, 1)
    return [
        (span_box[0] + width * i, span_box[1], span_box[0] + width * (i + 1), span_box[3])
        for i in range(count)
    ]
