"""Printing, preview and export of case summaries, through QPrinter's PDF output (offscreen)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from imr_desk.core.parsing.letters import read_letter
from imr_desk.core.records import Annotation, CaseRecord
from imr_desk.core.reports.summary import unstored_record
from imr_desk.ui import printing
from imr_desk.ui.settings import last_directory

PRINT_DPI = 96  # enough to compare pages; keeps the offscreen print runs quick


@pytest.fixture(scope="module")
def records(corpus_dir: Path) -> list[CaseRecord]:
    """The 21-decision letter and a one-decision letter with a note, parsed (not stored)."""
    made = []
    for name in ("CM16-0248698.pdf", "CM16-0229336.pdf"):
        letter, document = read_letter(corpus_dir / "dwc-2016" / name, ocr=False)
        document.close()
        made.append(unstored_record(letter))
    made[1].annotations.append(Annotation(1, 0, "Printed note <b>&", None, None, [], "jdoe", "2016-12-13T09:00:00Z"))
    return made


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def pdf_printer(path: Path, paper: QPageSize.PageSizeId = QPageSize.PageSizeId.Letter) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(paper))
    configure_pdf_output(printer, path)
    return printer


def configure_pdf_output(printer: QPrinter, path: Path) -> None:
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(PRINT_DPI)


def page_pixels(document: pymupdf.Document, index: int) -> bytes:
    return document[index].get_pixmap(dpi=40, colorspace=pymupdf.csGRAY, alpha=False).samples


@pytest.mark.parametrize("colour_mode", [QPrinter.ColorMode.Color, QPrinter.ColorMode.GrayScale])
def test_printed_pages_match_the_report(records: list[CaseRecord], tmp_path: Path,
                                        colour_mode: QPrinter.ColorMode) -> None:
    report = io.BytesIO()
    pages = printing.report_pdf(records[:1], report)
    printer = pdf_printer(tmp_path / "printed.pdf")
    printer.setColorMode(colour_mode)
    assert printing.render_pdf_to_printer(report.getvalue(), printer) == pages
    with pymupdf.open(tmp_path / "printed.pdf") as printed, pymupdf.open(stream=report.getvalue()) as original:
        assert printed.page_count == original.page_count == pages
        for index in (0, pages - 1):
            assert printed[index].rect == original[index].rect
            assert printed[index].get_images(), "each printed page is the rendered report page"
            a, b = page_pixels(printed, index), page_pixels(original, index)
            assert len(a) == len(b)
            assert sum(abs(x - y) for x, y in zip(a, b)) / len(a) < 6, "printed page differs from the PDF"


def test_other_paper_gets_the_whole_page_shrunk_to_fit(records: list[CaseRecord], tmp_path: Path) -> None:
    report = io.BytesIO()
    pages = printing.report_pdf(records[1:], report)
    printer = pdf_printer(tmp_path / "a4.pdf", QPageSize.PageSizeId.A4)
    assert printing.render_pdf_to_printer(report.getvalue(), printer) == pages
    with pymupdf.open(tmp_path / "a4.pdf") as printed:
        assert printed.page_count == pages
        page = printed[0]
        assert (round(page.rect.width), round(page.rect.height)) == (595, 842)
        placed = page.get_image_rects(page.get_images()[0][0])[0]
        assert placed.width <= page.rect.width + 0.5 and placed.height <= page.rect.height + 0.5
        assert abs(placed.x0 - (page.rect.width - placed.x1)) < 1, "centred across the paper"


def test_print_summary_prints_through_the_dialog(records: list[CaseRecord], parent: QWidget, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "printed.pdf"
    shown: list[int] = []

    def accept(dialog: QPrintDialog) -> int:
        shown.append(dialog.maxPage())
        configure_pdf_output(dialog.printer(), out)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    report = io.BytesIO()
    pages = printing.report_pdf(records, report)
    assert printing.print_summary(parent, records) is True
    assert shown == [pages], "the dialog offers the report's page range"
    with pymupdf.open(out) as printed:
        assert printed.page_count == pages
        assert "2 letters selected" in pymupdf.open(stream=report.getvalue())[0].get_text()


def test_print_summary_page_range_and_cancel(records: list[CaseRecord], parent: QWidget, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "range.pdf"

    def pages_two_to_three(dialog: QPrintDialog) -> int:
        configure_pdf_output(dialog.printer(), out)
        dialog.printer().setPrintRange(QPrinter.PrintRange.PageRange)
        dialog.printer().setFromTo(2, 3)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", pages_two_to_three)
    assert printing.print_summary(parent, records[:1]) is True
    with pymupdf.open(out) as printed:
        assert printed.page_count == 2
    monkeypatch.setattr(QPrintDialog, "exec", lambda _dialog: QDialog.DialogCode.Rejected)
    out.unlink()
    assert printing.print_summary(parent, records[:1]) is False
    assert not out.exists()
    assert printing.print_summary(parent, []) is False


def test_preview_draws_every_page(records: list[CaseRecord], parent: QWidget,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    previewed: list[int] = []

    def show_preview(dialog: QPrintPreviewDialog) -> int:
        widget = dialog.findChild(QPrintPreviewWidget)
        widget.updatePreview()
        previewed.append(widget.pageCount())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintPreviewDialog, "exec", show_preview)
    printing.print_preview(parent, records[:1])
    assert previewed == [printing.report_pdf(records[:1], io.BytesIO())]


def test_export_writes_summary_or_batch(records: list[CaseRecord], parent: QWidget, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    suggested: list[str] = []

    def save_as(_parent: QWidget, _title: str, directory: str, _filter: str) -> tuple[str, str]:
        suggested.append(Path(directory).name)
        return str(tmp_path / f"export{len(suggested)}"), "PDF documents (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    single = printing.export_summary_pdf(parent, records[:1])
    assert single == tmp_path / "export1.pdf"
    assert suggested[0] == "CM16-0248698 case summary.pdf"
    assert "CM16-0248698" in pymupdf.open(single)[0].get_text()
    batch = printing.export_summary_pdf(parent, records)
    assert batch == tmp_path / "export2.pdf"
    assert suggested[1].startswith("IMR batch report ")
    with pymupdf.open(batch) as document:
        text = " ".join(page.get_text() for page in document)
    assert "2 letters selected" in text and "Printed note <b>&" in text
    assert last_directory() == str(tmp_path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: ("", ""))
    assert printing.export_summary_pdf(parent, records[:1]) is None


def test_export_and_build_failures_are_shown(records: list[CaseRecord], parent: QWidget, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch, message_boxes: Any) -> None:
    target = tmp_path / "missing-folder" / "summary.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(target), ""))
    assert printing.export_summary_pdf(parent, records[:1]) is None
    assert message_boxes[-1].title == "Could Not Export the Summary"
    assert str(target) in message_boxes[-1].text
    assert not target.parent.exists()

    def broken(_records: list[CaseRecord], _out: Any) -> int:
        raise ValueError("the letter has no pages")

    monkeypatch.setattr(printing, "report_pdf", broken)
    assert printing.print_summary(parent, records[:1]) is False
    assert message_boxes[-1].title == "Could Not Prepare the Summary"
    assert "the letter has no pages" in message_boxes[-1].text


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")
def test_unreadable_pdf_and_unstartable_printer_raise_print_error(tmp_path: Path) -> None:
    with pytest.raises(printing.PrintError, match="could not be read"):
        printing.render_pdf_to_printer(b"not a pdf", pdf_printer(tmp_path / "x.pdf"))
    empty_batch = io.BytesIO()
    printing.report_pdf([], empty_batch)
    blocked = pdf_printer(tmp_path / "no-such-folder" / "x.pdf")
    with pytest.raises(printing.PrintError, match="Could not start printing"):
        printing.render_pdf_to_printer(empty_batch.getvalue(), blocked)


def test_window_export_action_saves_the_open_letter(make_window: Any, store: Any, corpus_dir: Path,
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    letter_id = store.import_file(corpus_dir / "dwc-2016" / "CM16-0229336.pdf").letter_id
    store.annotate(letter_id, "Seen by the attorney")
    window = make_window()
    assert window.open_letter(letter_id)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_args: (str(tmp_path / "from-window.pdf"), "PDF documents (*.pdf)"))
    window.actions.export_pdf.trigger()
    text = " ".join(page.get_text() for page in pymupdf.open(tmp_path / "from-window.pdf"))
    assert "CM16-0229336" in text and "Seen by the attorney" in text
