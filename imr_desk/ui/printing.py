"""Export, print and print preview of case summaries (the File menu's PDF actions).

One record gives its case summary; several give the batch report followed by every case
summary. The PDF is always the reportlab one from ``imr_desk.core.reports.summary*``:
`build_report(records)` makes its bytes and nothing else, so it runs on any thread. The window
goes through `report_jobs.ReportRunner`: built off the UI thread, dialogs opened without a
nested event loop (`print_dialog`, `preview_dialog`), pages printed one per loop turn. The
functions here that take only records (`export_summary_pdf`, `print_summary`, `print_preview`)
do it all in one call with modal dialogs, for scripts and tests. Qt cannot print a PDF,
so a `PageRenderer` rasterises each page with pymupdf at the printer's resolution (capped at
`MAX_RENDER_DPI`) and paints it onto the QPrinter, one page per `paint_next()`: paper, preview
and export show the same pages. The PDF is opened through core's `open_pdf` (its checks and
plain messages). Every failure is a message box naming the file or printer and the problem.
Like the store, every file written here is readable by its owner only (0600): an exported
summary (`write_file_atomically`) and a printer's output file ("Print to File"), which is
created private before Qt writes into it. "Print to File (PDF)" gets the real summary PDF
(vector, searchable: `write_pdf_output`), not pictures of its pages; with no printer set up
at all (`printers_available`), the user is told so plainly and offered Export Summary PDF…
(`offer_export_without_printer`) instead of a print dialog that can only print to a file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from imr_desk.core.deadlines.case import CaseDeadlines
from imr_desk.core.records import CaseRecord, HistoryEntry
from imr_desk.core.reports.batch import build_batch_report
from imr_desk.core.reports.pages import ReportError, write_file_atomically
from imr_desk.core.reports.summary import build_case_summary
from imr_desk.core.store import Store, StoreError
from imr_desk.ui.print_pages import (
    MAX_RENDER_DPI,
    PageProgress,
    PageRenderer,
    PrintError,
    make_output_private,
    open_report,
    page_indices,
    render_pdf_to_printer,
)
from imr_desk.ui.settings import last_directory, set_last_directory

__all__ = ["MAX_RENDER_DPI", "PageProgress", "PageRenderer", "PrintError", "make_output_private",
           "render_pdf_to_printer"]

PROGRESS_DELAY_MS = 400


@dataclass(frozen=True)
class ReportInputs:
    """What the store adds to the summaries: each stored case's deadlines (its service record
    as entered, by letter id) and, when "Include edit history" is on, the one letter's history."""

    deadlines: dict[int, CaseDeadlines] = field(default_factory=dict)
    history: list[HistoryEntry] | None = None


def report_inputs(store: Store, records: list[CaseRecord], *, with_history: bool) -> ReportInputs:
    """Read the records' deadlines (and, `with_history` and one record, its edit history) from
    `store` (`StoreError` if the history cannot be read). A letter the store has no case for
    (`StoreError`) gets its deadlines computed from the letter alone, as the summary says."""
    deadlines: dict[int, CaseDeadlines] = {}
    for record in records:
        try:
            deadlines[record.letter_id] = store.case_deadlines(record.letter_id)
        except StoreError:
            continue
    history = store.history(records[0].letter_id) if with_history and len(records) == 1 else None
    return ReportInputs(deadlines, history)


def report_pdf(records: list[CaseRecord], out: str | Path | io.BytesIO, inputs: ReportInputs | None = None) -> int:
    """Write what the PDF actions produce for `records` to `out`; returns the page count."""
    inputs = inputs or ReportInputs()
    if len(records) == 1:
        return build_case_summary(records[0], out, deadlines=inputs.deadlines.get(records[0].letter_id),
                                  history=inputs.history)
    return build_batch_report(records, out, include_summaries=True, deadlines=inputs.deadlines)


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


def build_report(records: list[CaseRecord], inputs: ReportInputs | None = None) -> bytes:
    """The report PDF's bytes; any failure is a `ReportError` with a plain message."""
    buffer = io.BytesIO()
    try:
        report_pdf(list(records), buffer, inputs)
    except ReportError:
        raise
    except Exception as error:
        raise ReportError(f"The report could not be built ({type(error).__name__}: {error}).") from None
    return buffer.getvalue()


def show_build_failure(parent: QWidget | None, error: BaseException) -> None:
    QMessageBox.warning(parent, "Could Not Prepare the Summary", str(error))


def build_report_bytes(parent: QWidget | None, records: list[CaseRecord]) -> bytes | None:
    """The report PDF for `records`, built here and now; a failure is shown and gives None."""
    try:
        return build_report(records)
    except ReportError as error:
        show_build_failure(parent, error)
        return None


def choose_export_path(parent: QWidget, records: list[CaseRecord]) -> Path | None:
    """Ask where to save the summary PDF (suggesting `default_file_name`); None: cancelled."""
    suggested = str(Path(last_directory() or Path.home()) / default_file_name(records))
    chosen, _ = QFileDialog.getSaveFileName(parent, "Export Summary PDF", suggested,
                                            "PDF documents (*.pdf)")
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def save_report(parent: QWidget, path: Path, data: bytes) -> Path | None:
    """Write the built PDF to `path` (atomically); the path, or None after saying why not."""
    try:
        write_file_atomically(path, data)
    except ReportError as error:
        QMessageBox.warning(parent, "Could Not Export the Summary", str(error))
        return None
    set_last_directory(str(path.parent))
    return path


def export_summary_pdf(parent: QWidget, records: list[CaseRecord]) -> Path | None:
    """Ask where to save, then write the summary (one record) or batch report; the saved path."""
    if not records:
        return None
    path = choose_export_path(parent, records)
    if path is None:
        return None
    data = build_report_bytes(parent, records)
    return save_report(parent, path, data) if data is not None else None


def printers_available() -> bool:
    """True when the system has at least one printer set up."""
    return bool(QPrinterInfo.availablePrinters())


NO_PRINTER_TITLE = "No Printer Set Up"
NO_PRINTER_TEXT = "No printer is set up on this computer, so the summary cannot be printed from here."
NO_PRINTER_ADVICE = ("Export it as a PDF instead (it prints the same from any computer), or set up a "
                     "printer in the system settings and try again.")
EXPORT_BUTTON = "Export Summary PDF\u2026"


def offer_export_without_printer(parent: QWidget, records: list[CaseRecord], data: bytes) -> Path | None:
    """Say plainly that there is no printer and offer to export the built summary instead;
    the saved path, or None (cancelled, or the save failed and was explained)."""
    box = no_printer_box(parent)
    box.exec()
    return export_if_chosen(parent, box, records, data)


def no_printer_box(parent: QWidget) -> QMessageBox:
    """The "No Printer Set Up" message, not shown yet: Export Summary PDF… (default) or Cancel."""
    box = QMessageBox(QMessageBox.Icon.Information, NO_PRINTER_TITLE, NO_PRINTER_TEXT,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(NO_PRINTER_ADVICE)
    export = box.addButton(EXPORT_BUTTON, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(export)
    return box


def export_if_chosen(parent: QWidget, box: QMessageBox, records: list[CaseRecord], data: bytes) -> Path | None:
    """After the no-printer box: ask where and save the summary if Export was chosen."""
    if box.clickedButton() is not box.defaultButton():
        return None
    path = choose_export_path(parent, records)
    return save_report(parent, path, data) if path is not None else None


def prints_to_pdf_file(printer: QPrinter) -> bool:
    """True when the user chose "Print to File (PDF)" in the print dialog."""
    return printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and bool(printer.outputFileName())


def write_pdf_output(printer: QPrinter, data: bytes) -> int:
    """Print to File: write the summary PDF itself (vector, searchable; the page range chosen
    in the dialog kept) to the printer's output file, atomically and private (0600); the
    number of pages written. Raises `PrintError` naming the file and the problem."""
    path = Path(printer.outputFileName())
    with open_report(data) as document:
        indices = page_indices(printer, document.page_count)
        if indices != list(range(document.page_count)):
            document.select(indices)
            data = document.tobytes(garbage=3, deflate=True)
        written = len(indices)
    try:
        write_file_atomically(path, data)
    except ReportError as error:
        raise PrintError(str(error)) from None
    return written


def new_printer(records: list[CaseRecord]) -> QPrinter:
    """A high-resolution printer set up for US Letter, portrait, named after the report."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setDocName(_document_title(records))
    return printer


@dataclass
class PrintSetup:
    """A print or preview dialog for a built report, not shown yet, with the printer it sets up
    (kept here: the dialog does not own it) and, for a preview, the drawing failures."""

    dialog: QPrintDialog | QPrintPreviewDialog
    printer: QPrinter
    failures: list[str] = field(default_factory=list)


def print_dialog(parent: QWidget, records: list[CaseRecord], data: bytes) -> PrintSetup | None:
    """The system print dialog for the built report (its page range offered); None after telling
    the user the report cannot be read."""
    try:
        with open_report(data) as document:
            page_count = document.page_count
    except PrintError as error:
        QMessageBox.warning(parent, "Could Not Print", str(error))
        return None
    printer = new_printer(records)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print Summary")
    dialog.setMinMax(1, page_count)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    return PrintSetup(dialog, printer)


def preview_dialog(parent: QWidget, records: list[CaseRecord], data: bytes) -> PrintSetup:
    """The print preview of the built report (its own Print button prints the same pages)."""
    printer = new_printer(records)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print Preview \u2014 {_document_title(records)}")
    setup = PrintSetup(dialog, printer)

    def paint(target: QPrinter) -> None:
        try:
            render_pdf_to_printer(data, target)
        except PrintError as error:
            setup.failures.append(str(error))

    dialog.paintRequested.connect(paint)
    dialog.resize(900, 1000)
    return setup


def ask_printer(parent: QWidget, records: list[CaseRecord], data: bytes) -> QPrinter | None:
    """Ask for a printer in the modal print dialog; None: cancelled (or the report unreadable)."""
    setup = print_dialog(parent, records, data)
    if setup is None:
        return None
    accepted = setup.dialog.exec() == QPrintDialog.DialogCode.Accepted
    setup.dialog.deleteLater()
    return setup.printer if accepted else None


def print_summary(parent: QWidget, records: list[CaseRecord]) -> bool:
    """Build the report, ask for a printer (modal dialog) and print it all; True when printed.

    The window prints through `report_jobs.ReportRunner` instead, which builds the report off
    the UI thread, opens the dialogs without blocking and prints one page per loop turn.
    """
    if not records:
        return False
    data = build_report_bytes(parent, records)
    if data is not None and not printers_available():
        offer_export_without_printer(parent, records, data)
        return False
    printer = ask_printer(parent, records, data) if data is not None else None
    if data is None or printer is None:
        return False
    try:
        if prints_to_pdf_file(printer):
            return write_pdf_output(printer, data) > 0
        return render_pdf_to_printer(data, printer) > 0
    except PrintError as error:
        QMessageBox.warning(parent, "Could Not Print", str(error))
        return False


def print_preview(parent: QWidget, records: list[CaseRecord]) -> None:
    """Show the pages as they will print, in the modal preview dialog (built here)."""
    if not records:
        return
    data = build_report_bytes(parent, records)
    if data is None:
        return
    setup = preview_dialog(parent, records, data)
    setup.dialog.exec()
    setup.dialog.deleteLater()
    show_print_failures(parent, setup)


def show_print_failures(parent: QWidget, setup: PrintSetup) -> None:
    if setup.failures:
        QMessageBox.warning(parent, "Could Not Print", setup.failures[-1])
