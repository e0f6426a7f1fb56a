"""Painting a summary PDF onto a printer: Qt cannot print a PDF, so each page is rasterised.

`PageRenderer(pdf_bytes, printer)` opens the PDF through core's `open_pdf` (its checks and plain
messages), rasterises each chosen page with pymupdf at the printer's resolution (capped at
`MAX_RENDER_DPI`; `PREVIEW_DPI` for the on-screen preview) and paints it centred on the paper,
one page per `paint_next()`. `render_pdf_to_printer` does every page in one call. A printer
printing to a file gets that file created private (0600) first (`make_output_private`).
Failures are `PrintError`s with plain messages. (Split out of `printing`.)
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pymupdf
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QPrinter

from imr_desk.core.model import LetterError
from imr_desk.core.reading.pdf import open_pdf

# Text prints sharp at 300 dpi; a letter page is then ~34 MB of pixels and ~0.3 s of CPU to
# print (600 dpi quadruples both; a "1200 dpi" printer would need 540 MB per page).
MAX_RENDER_DPI = 300
PREVIEW_DPI = 150  # pages drawn for the on-screen preview
# QPrintPreviewWidget hands the printer a picture-type paint engine while it draws the preview;
# pages for the screen need far fewer pixels than pages for paper.
_PREVIEW_ENGINE = QPaintEngine.Type.Picture
REPORT_NAME = "The summary PDF"

PageProgress = Callable[[int, int], bool]  # (pages done, pages in all) -> keep going?


class PrintError(Exception):
    """The printer could not be started or the PDF could not be read."""


def page_indices(printer: QPrinter, page_count: int) -> list[int]:
    """The 0-based pages to print: the dialog's page range if one was chosen, else all."""
    first, last = printer.fromPage(), printer.toPage()
    if printer.printRange() == QPrinter.PrintRange.PageRange and first > 0:
        return list(range(first - 1, min(last or page_count, page_count)))
    return list(range(page_count))


def open_report(pdf_bytes: bytes) -> pymupdf.Document:
    try:
        return open_pdf(pdf_bytes, REPORT_NAME)
    except LetterError as error:
        raise PrintError(f"The summary PDF could not be read for printing ({error}).") from None


def make_output_private(printer: QPrinter) -> None:
    """When `printer` prints to a file, create that file (or tighten an existing one) with mode
    0600, so Qt — which keeps a file's mode when it writes into it — never leaves it readable
    by others. A path that cannot be opened is left to Qt, whose start then fails plainly."""
    name = printer.outputFileName()
    if not name:
        return
    try:
        descriptor = os.open(name, os.O_WRONLY | os.O_CREAT, 0o600)
    except OSError:
        return
    try:
        os.fchmod(descriptor, 0o600)
    finally:
        os.close(descriptor)


class PageRenderer:
    """Paints the PDF's chosen pages onto a started `printer`, one page per `paint_next()`.

    Pages keep their true size, centred on the paper (shrunk only if the paper is smaller).
    Raises `PrintError` when the PDF cannot be read or the printer cannot be started; call
    `close()` when done (it ends the print job).
    """

    def __init__(self, pdf_bytes: bytes, printer: QPrinter) -> None:
        self._document = open_report(pdf_bytes)
        self._printer = printer
        self._indices = page_indices(printer, self._document.page_count)
        self.done = 0
        printer.setFullPage(True)
        self._dpi = min(printer.resolution(), MAX_RENDER_DPI)
        if printer.paintEngine() is not None and printer.paintEngine().type() == _PREVIEW_ENGINE:
            self._dpi = min(self._dpi, PREVIEW_DPI)
        self._grey = printer.colorMode() == QPrinter.ColorMode.GrayScale
        make_output_private(printer)
        self._painter = QPainter()
        if not self._painter.begin(printer):
            self._document.close()
            name = printer.printerName() or printer.outputFileName() or "the printer"
            raise PrintError(f"Could not start printing on {name}. Check that it is connected and "
                             "that the output file can be written.")

    @property
    def total(self) -> int:
        return len(self._indices)

    def paint_next(self) -> bool:
        """Paint the next page; False when every chosen page has been painted."""
        if self.done >= self.total:
            return False
        if self.done:
            self._printer.newPage()
        _paint_page(self._painter, self._document[self._indices[self.done]], self._dpi, self._grey)
        self.done += 1
        return True

    def close(self) -> None:
        if self._painter.isActive():
            self._painter.end()
            make_output_private(self._printer)  # in case the file was replaced meanwhile
        self._document.close()


def render_pdf_to_printer(pdf_bytes: bytes, printer: QPrinter, *,
                          progress: PageProgress | None = None) -> int:
    """Paint each page of the PDF onto `printer`, rendered by pymupdf at printer resolution.

    `progress(done, total)` may return False to stop. Returns the number of pages printed;
    raises `PrintError` when the PDF cannot be read or the printer cannot be started.
    """
    renderer = PageRenderer(pdf_bytes, printer)
    try:
        while renderer.done < renderer.total:
            if progress is not None and not progress(renderer.done, renderer.total):
                break
            renderer.paint_next()
        if progress is not None:
            progress(renderer.done, renderer.total)
    finally:
        renderer.close()
    return renderer.done


def _paint_page(painter: QPainter, page: pymupdf.Page, dpi: int, grey: bool) -> None:
    colour_space = pymupdf.csGRAY if grey else pymupdf.csRGB
    pixmap = page.get_pixmap(dpi=dpi, colorspace=colour_space, alpha=False)
    image_format = QImage.Format.Format_Grayscale8 if grey else QImage.Format.Format_RGB888
    samples = pixmap.samples  # a new bytes object per access: keep it alive while QImage reads it
    borrowed = QImage(samples, pixmap.width, pixmap.height, pixmap.stride, image_format)
    # An image that owns its pixels (the engine may keep it after this call); the print
    # engines also take 32-bit pixels far faster than packed 24-bit ones.
    image = borrowed.copy() if grey else borrowed.convertToFormat(QImage.Format.Format_RGB32)
    paper = QRectF(painter.viewport())
    device_dpi = painter.device().logicalDpiX()
    width = page.rect.width / 72 * device_dpi
    height = page.rect.height / 72 * device_dpi
    scale = min(1.0, paper.width() / width, paper.height() / height)
    width, height = width * scale, height * scale
    target = QRectF(paper.x() + (paper.width() - width) / 2, paper.y() + (paper.height() - height) / 2,
                    width, height)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    painter.drawImage(target, image)
