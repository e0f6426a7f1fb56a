"""Export, print and print preview of case summaries (the File menu's PDF actions).

One record gives its case summary; several give the batch report followed by every case
summary. The PDF is always the reportlab one from ``imr_desk.core.reports.summary*``, built off the UI
thread (a `_ReportThread` that only returns bytes or a message). Qt cannot print a PDF, so
`render_pdf_to_printer` rasterises each page with pymupdf at the printer's resolution (capped
at `MAX_RENDER_DPI`) and paints it onto the QPrinter: paper, preview and export show the same
pages. Every failure is a message box naming the file or printer and the problem.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pymupdf
from PySide6.QtCore import QEventLoop, QObject, QRectF, Qt, QThread, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPaintEngine, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog, QWidget

from imr_desk.core.records import CaseRecord
from imr_desk.core.reports.summary import build_case_summary
from imr_desk.core.reports.batch import build_batch_report
from imr_desk.core.reports.pages import ReportError, write_file_atomically
from imr_desk.ui.settings import last_directory, set_last_directory

# Text prints sharp at 300 dpi; a letter page is then ~34 MB of pixels and ~0.3 s of CPU to
# print (600 dpi quadruples both; a "1200 dpi" printer would need 540 MB per page).
MAX_RENDER_DPI = 300
PREVIEW_DPI = 150  # pages drawn for the on-screen preview
# QPrintPreviewWidget hands the printer a picture-type paint engine while it draws the preview;
# pages for the screen need far fewer pixels than pages for paper.
_PREVIEW_ENGINE = QPaintEngine.Type.Picture
PROGRESS_DELAY_MS = 400

PageProgress = Callable[[int, int], bool]  # (pages done, pages in all) -> keep going?


class PrintError(Exception):
    """The printer could not be started or the PDF could not be read."""


def report_pdf(records: list[CaseRecord], out: str | Path | io.BytesIO) -> int:
    """Write what the PDF actions produce for `records` to `out`; returns the page count."""
    if len(records) == 1:
        return build_case_summary(records[0], out)
    return build_batch_report(records, out, include_summaries=True)


def default_file_name(records: list[CaseRecord]) -> str:
    """``CM16-0213037 case summary.pdf`` or ``IMR batch report 2016-12-09.pdf``."""
    if len(records) == 1:
        record = records[0]
        label = record.letter.header.case_number or Path(record.file_name).stem or "letter"
        safe_label = "".join(c if c.isalnum() or c in "-_. " else "_" for c in label)
        return f"{safe_label} case summary.pdf"
    return f"IMR batch report {date.today().isoformat()}.pdf"


def _document_title(records: list[CaseRecord]) -> str:
    if len(records) == 1:
        return f"Case summary {records[0].case_label}"
    return f"IMR batch report ({len(records)} letters)"


class _ReportThread(QThread):
    """Builds the report PDF off the UI thread; only hands back bytes or a message."""

    built = Signal(bytes)
    failed = Signal(str)

    def __init__(self, records: list[CaseRecord], parent: QObject | None) -> None:
        super().__init__(parent)
        self._records = list(records)

    def run(self) -> None:
        buffer = io.BytesIO()
        try:
            report_pdf(self._records, buffer)
        except ReportError as error:
            self.failed.emit(str(error))
            return
        except Exception as error:  # noqa: BLE001 - the thread boundary: report, never die silently
            self.failed.emit(f"The report could not be built ({type(error).__name__}: {error}).")
            return
        self.built.emit(buffer.getvalue())


def build_report_bytes(parent: QWidget | None, records: list[CaseRecord]) -> bytes | None:
    """The report PDF for `records`, built in a worker thread while the window stays live.

    A busy dialog appears if it takes longer than a moment; a failure is shown and gives None.
    """
    outcome: dict[str, Any] = {}
    loop = QEventLoop()
    thread = _ReportThread(records, parent)
    thread.built.connect(lambda data: outcome.__setitem__("pdf", data))
    thread.failed.connect(lambda message: outcome.__setitem__("error", message))
    thread.finished.connect(loop.quit)
    busy = QProgressDialog("Preparing the case summary\u2026", "", 0, 0, parent)
    busy.setCancelButton(None)
    busy.setWindowTitle("imr-desk")
    busy.setWindowModality(Qt.WindowModality.WindowModal)
    busy.setMinimumDuration(PROGRESS_DELAY_MS)
    thread.start()
    loop.exec()
    thread.wait()
    busy.reset()
    busy.deleteLater()
    thread.deleteLater()
    if "error" in outcome:
        QMessageBox.warning(parent, "Could Not Prepare the Summary", outcome["error"])
        return None
    return outcome.get("pdf")


def export_summary_pdf(parent: QWidget, records: list[CaseRecord]) -> Path | None:
    """Ask where to save, then write the summary (one record) or batch report; the saved path."""
    if not records:
        return None
    suggested = str(Path(last_directory() or Path.home()) / default_file_name(records))
    chosen, _ = QFileDialog.getSaveFileName(parent, "Export Summary PDF", suggested,
                                            "PDF documents (*.pdf)")
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    data = build_report_bytes(parent, records)
    if data is None:
        return None
    try:
        write_file_atomically(path, data)
    except ReportError as error:
        QMessageBox.warning(parent, "Could Not Export the Summary", str(error))
        return None
    set_last_directory(str(path.parent))
    return path


def _new_printer(records: list[CaseRecord]) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setDocName(_document_title(records))
    return printer


def print_summary(parent: QWidget, records: list[CaseRecord]) -> bool:
    """Print through the system print dialog; True when the pages went to the printer."""
    if not records:
        return False
    data = build_report_bytes(parent, records)
    if data is None:
        return False
    printer = _new_printer(records)
    with pymupdf.open(stream=data, filetype="pdf") as document:
        page_count = document.page_count
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print Summary")
    dialog.setMinMax(1, page_count)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    progress = QProgressDialog("Printing\u2026", "Cancel", 0, page_count, parent)
    progress.setWindowTitle("Print Summary")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(PROGRESS_DELAY_MS)

    def report_page(done: int, total: int) -> bool:
        progress.setMaximum(total)
        progress.setValue(done)
        QApplication.processEvents()
        return not progress.wasCanceled()

    try:
        printed = render_pdf_to_printer(data, printer, progress=report_page)
    except PrintError as error:
        QMessageBox.warning(parent, "Could Not Print", str(error))
        return False
    finally:
        progress.reset()
        progress.deleteLater()
    return printed > 0 and not progress.wasCanceled()


def print_preview(parent: QWidget, records: list[CaseRecord]) -> None:
    """Show the pages as they will print (QPrintPreviewDialog), with its own Print button."""
    if not records:
        return
    data = build_report_bytes(parent, records)
    if data is None:
        return
    printer = _new_printer(records)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print Preview \u2014 {_document_title(records)}")
    failures: list[str] = []

    def paint(target: QPrinter) -> None:
        try:
            render_pdf_to_printer(data, target)
        except PrintError as error:
            failures.append(str(error))

    dialog.paintRequested.connect(paint)
    dialog.resize(900, 1000)
    dialog.exec()
    if failures:
        QMessageBox.warning(parent, "Could Not Print", failures[-1])


def _page_indices(printer: QPrinter, page_count: int) -> list[int]:
    """The 0-based pages to print: the dialog's page range if one was chosen, else all."""
    first, last = printer.fromPage(), printer.toPage()
    if printer.printRange() == QPrinter.PrintRange.PageRange and first > 0:
        return list(range(first - 1, min(last or page_count, page_count)))
    return list(range(page_count))


def render_pdf_to_printer(pdf_bytes: bytes, printer: QPrinter, *,
                          progress: PageProgress | None = None) -> int:
    """Paint each page of the PDF onto `printer`, rendered by pymupdf at printer resolution.

    Pages keep their true size, centred on the paper (shrunk only if the paper is smaller).
    `progress(done, total)` may return False to stop. Returns the number of pages printed;
    raises `PrintError` when the PDF cannot be read or the printer cannot be started.
    """
    try:
        document = pymupdf.open(stream=pdf_bytes, filetype="pdf")
    except (pymupdf.FileDataError, RuntimeError, ValueError) as error:
        raise PrintError(f"The summary PDF could not be read for printing ({error}).") from None
    indices = _page_indices(printer, document.page_count)
    printer.setFullPage(True)
    dpi = min(printer.resolution(), MAX_RENDER_DPI)
    if printer.paintEngine() is not None and printer.paintEngine().type() == _PREVIEW_ENGINE:
        dpi = min(dpi, PREVIEW_DPI)
    grey = printer.colorMode() == QPrinter.ColorMode.GrayScale
    painter = QPainter()
    if not painter.begin(printer):
        document.close()
        name = printer.printerName() or printer.outputFileName() or "the printer"
        raise PrintError(f"Could not start printing on {name}. Check that it is connected and "
                         "that the output file can be written.")
    printed = 0
    try:
        for position, index in enumerate(indices):
            if progress is not None and not progress(position, len(indices)):
                break
            if position:
                printer.newPage()
            _paint_page(painter, document[index], dpi, grey)
            printed += 1
        if progress is not None:
            progress(len(indices), len(indices))
    finally:
        painter.end()
        document.close()
    return printed


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
