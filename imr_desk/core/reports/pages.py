"""The page furniture of every report and writing the finished PDF.

Each page carries a running title and the confidentiality notice at the top, and the source
file (name and sha256 prefix), the generation time, the notice with the mark "a report made by
imr-desk" (so the parser refuses a report given to it as a letter; also in the PDF's keywords)
and "Page x of y" at the bottom. The page
total is known only when the story has been laid out, so `_NumberedCanvas` holds the pages
back and stamps "Page x of y" on each while saving (one layout pass, not two).

A `PageContext` flowable switches the running title and source line from the page it is drawn
on; the batch report puts one at the start of each case summary (always on a fresh page).
The PDF is built in memory and then written in one go (`write_file_atomically`), so a failed
report never leaves a half-written file behind.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from imr_desk.core.parsing.landmarks import REPORT_MARK
from imr_desk.core.reports.styles import (
    CONFIDENTIAL,
    CONFIDENTIAL_NOTICE,
    FONT_BOLD,
    FONT_REGULAR,
    MUTED,
    RULE,
    register_fonts,
    us_datetime,
)

PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN_X = 0.75 * inch
MARGIN_TOP = 0.85 * inch
MARGIN_BOTTOM = 0.8 * inch
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
HEADER_Y = PAGE_HEIGHT - MARGIN_TOP + 0.3 * inch
FOOTER_Y = MARGIN_BOTTOM - 0.3 * inch  # first footer line; the second is 11 points lower

ReportOutput = str | Path | BinaryIO
# The most characters of a running title or source line printed on every page (then "…").
RUNNING_LIMIT = 80


class ReportError(Exception):
    """A report that could not be written; the message names the file and the problem."""


class PageContext(Flowable):
    """An invisible marker: pages from here on carry this running title and source line."""

    def __init__(self, running_title: str, source_line: str) -> None:
        super().__init__()
        self.running_title = running_title
        self.source_line = source_line

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        """Nothing to draw: the document template reads the marker after it is placed."""


def source_line(file_name: str, sha256: str) -> str:
    """The footer's source description: file name and the first 12 hex digits of its sha256."""
    digest = f" \u00b7 sha256 {sha256[:12]}" if sha256 else ""
    return f"Source: {file_name or 'unknown file'}{digest}"


class _NumberedCanvas(Canvas):
    """A canvas that keeps every page until `save()` so it can print "Page x of y"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # reportlab's name (camelCase)
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, page_state in enumerate(self._held_pages, start=1):
            self.__dict__.update(page_state)
            self.setFont(FONT_REGULAR, 8)
            self.setFillColor(MUTED)
            self.drawRightString(PAGE_WIDTH - MARGIN_X, FOOTER_Y - 11, f"Page {number} of {total}")
            super().showPage()
        super().save()


class _ReportDocument(BaseDocTemplate):
    """One letter-size page template whose header and footer follow the latest PageContext."""

    def __init__(self, buffer: BinaryIO, *, context: PageContext, generated_at: datetime,
                 title: str) -> None:
        super().__init__(
            buffer, pagesize=LETTER, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=title,
            author="imr-desk", subject=CONFIDENTIAL_NOTICE, creator="imr-desk", keywords=REPORT_MARK,
        )
        self.context = context
        self.generated_line = f"Generated {us_datetime(generated_at)}"
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, CONTENT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPageEnd=self._draw_furniture)])

    def afterFlowable(self, flowable: Flowable) -> None:  # reportlab's name (camelCase)
        if isinstance(flowable, PageContext):
            self.context = flowable

    def _draw_furniture(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        top = HEADER_Y
        canvas.setFont(FONT_BOLD, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_X, top, _fit(canvas, self.context.running_title, FONT_BOLD, 8.5,
                                              CONTENT_WIDTH * 0.55))
        canvas.setFont(FONT_BOLD, 8)
        canvas.setFillColor(CONFIDENTIAL)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, top, CONFIDENTIAL_NOTICE.upper())
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN_X, top - 6, PAGE_WIDTH - MARGIN_X, top - 6)
        bottom = FOOTER_Y
        canvas.line(MARGIN_X, bottom + 10, PAGE_WIDTH - MARGIN_X, bottom + 10)
        canvas.setFont(FONT_REGULAR, 8)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_X, bottom, _fit(canvas, self.context.source_line, FONT_REGULAR, 8,
                                                 CONTENT_WIDTH * 0.62))
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, bottom, self.generated_line)
        canvas.drawString(MARGIN_X, bottom - 11, f"{CONFIDENTIAL_NOTICE} \u00b7 {REPORT_MARK}")
        canvas.restoreState()


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> str:
    """`text` shortened with an ellipsis so it fits in `width` points, and to at most
    `RUNNING_LIMIT` characters: it repeats on every page, so it must cost little to measure."""
    if len(text) <= RUNNING_LIMIT and canvas.stringWidth(text, font, size) <= width:
        return text
    kept = text[:RUNNING_LIMIT].rstrip()
    low, high = 0, len(kept)  # the longest prefix that fits with the ellipsis: binary search
    while low < high:
        middle = (low + high + 1) // 2
        if canvas.stringWidth(kept[:middle] + "\u2026", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return kept[:low].rstrip() + "\u2026"


def write_report(story: Sequence[Flowable], out: ReportOutput, *, context: PageContext,
                 generated_at: datetime, title: str) -> int:
    """Lay out `story` and write the PDF to `out` (a path or a binary stream); returns pages."""
    register_fonts()
    buffer = io.BytesIO()
    document = _ReportDocument(buffer, context=context, generated_at=generated_at, title=title)
    document.build(list(story), canvasmaker=_NumberedCanvas)
    pages = document.page
    data = buffer.getvalue()
    if isinstance(out, (str, Path)):
        write_file_atomically(Path(out), data)
    else:
        try:
            out.write(data)
        except OSError as error:
            raise ReportError(f"Could not write the report: {error.strerror or error}") from error
    return pages


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then replace it.

    A failure leaves no partial file (and an existing file untouched). Like the store, the
    file is readable by its owner only (mode 0600): it holds medical information.
    Raises `ReportError` naming the file and the problem.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise ReportError(f"Cannot write the report to {path}: it is a folder.")
    if not folder.is_dir():
        raise ReportError(f"Cannot write the report to {path}: the folder {folder} does not exist.")
    temporary_name = ""
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{path.name}.", suffix=".part",
                                         delete=False) as temporary:
            temporary_name = temporary.name
            temporary.write(data)
        os.replace(temporary_name, path)
    except OSError as error:
        if temporary_name:
            Path(temporary_name).unlink(missing_ok=True)
        reason = error.strerror or str(error)
        raise ReportError(f"Cannot write the report to {path}: {reason}.") from error
