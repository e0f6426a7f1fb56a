"""Printing, preview and export of case summaries, through QPrinter's PDF output (offscreen)."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from PySide6.QtCore import QCoreApplication, Qt, QThread, QTimer
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QProgressDialog, QWidget

from imr_desk.core.parsing.letters import read_letter
from imr_desk.core.records import Annotation, CaseRecord
from imr_desk.core.reports.summary import unstored_record
from imr_desk.core.store.connection import ANY_VERSION
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


def with_printer(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a computer with a printer set up (the test machine has none)."""
    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: [QPrinterInfo()]))


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
    with_printer(monkeypatch)
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
    with_printer(monkeypatch)
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

    def broken(_records: list[CaseRecord], _out: Any, *_inputs: Any) -> int:
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
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    qtbot: Any) -> None:
    letter_id = store.import_file(corpus_dir / "dwc-2016" / "CM16-0229336.pdf").letter_id
    store.annotate(letter_id, "Seen by the attorney", expected_version=ANY_VERSION)
    window = make_window()
    assert window.open_letter(letter_id)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_args: (str(tmp_path / "from-window.pdf"), "PDF documents (*.pdf)"))
    window.menu_actions.export_pdf.trigger()
    qtbot.waitUntil((tmp_path / "from-window.pdf").exists, timeout=20_000)  # built off the UI thread
    text = " ".join(page.get_text() for page in pymupdf.open(tmp_path / "from-window.pdf"))
    assert "CM16-0229336" in text and "Seen by the attorney" in text


def test_window_print_builds_off_the_ui_thread_and_prints_page_by_page(
        make_window: Any, store: Any, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        qtbot: Any) -> None:
    """No nested event loop: the action returns at once, the PDF is built on a worker thread
    while the window's timers keep firing, the print dialog is opened (not exec'd), then the
    pages are printed one per loop turn."""
    letter_id = store.import_file(corpus_dir / "dwc-2016" / "CM16-0248698.pdf").letter_id  # 21 decisions
    window = make_window()
    assert window.open_letter(letter_id)
    pages = printing.report_pdf([store.load(letter_id)], io.BytesIO())
    out = tmp_path / "window-print.pdf"
    build_threads: list[int] = []
    real_report_pdf = printing.report_pdf
    build_may_end = threading.Event()  # the build waits for it: the window must run meanwhile

    def slow_report(records: list[CaseRecord], buffer: Any, *inputs: Any) -> int:
        build_threads.append(threading.get_ident())
        assert build_may_end.wait(timeout=60), "the window's timers never fired during the build"
        return real_report_pdf(records, buffer, *inputs)

    def accept_when_opened(dialog: QPrintDialog) -> None:  # the user picks the printer: a PDF file
        configure_pdf_output(dialog.printer(), out)
        # QDialog's done(): QPrintDialog.accept() would read the (unshown) dialog's printer choice back
        QTimer.singleShot(0, lambda: QDialog.done(dialog, QDialog.DialogCode.Accepted))

    nested: list[str] = []
    with_printer(monkeypatch)
    monkeypatch.setattr(printing, "report_pdf", slow_report)
    monkeypatch.setattr(QPrintDialog, "open", accept_when_opened)
    monkeypatch.setattr(QPrintDialog, "exec", lambda _dialog: nested.append("QPrintDialog.exec") or 0)
    for owner in (QApplication, QCoreApplication):
        monkeypatch.setattr(owner, "processEvents", lambda *_a, **_k: nested.append("processEvents"))
    ticks_during_build: list[bool] = []
    loop_levels: set[int] = set()  # 1: qtbot's own wait loop; more would be a loop inside ours
    timer = QTimer(interval=50)
    timer.timeout.connect(lambda: (ticks_during_build.append(bool(build_threads) and not build_may_end.is_set()),
                                   loop_levels.add(QThread.currentThread().loopLevel())))
    timer.start()
    window.menu_actions.print.trigger()
    runner = window.menu_actions.reports  # the action returned while the PDF cannot be built yet
    assert runner is not None and runner.is_busy() and not build_may_end.is_set()
    # the window's timers keep firing while the build (on its worker thread) waits
    qtbot.waitUntil(lambda: sum(ticks_during_build) >= 6, timeout=30_000)
    build_may_end.set()
    finished: list[tuple[str, bool]] = []
    runner.finished.connect(lambda kind, completed: finished.append((kind, completed)))
    qtbot.waitUntil(lambda: any(note.isVisible() for note in window.findChildren(QProgressDialog)), timeout=5000)
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    timer.stop()
    assert finished == [("print", True)]
    assert build_threads and threading.get_ident() not in build_threads
    assert nested == [] and loop_levels == {1}
    with pymupdf.open(out) as printed:
        assert printed.page_count == pages > 1
    assert not any(note.isVisible() for note in window.findChildren(QProgressDialog))


def test_window_preview_opens_without_blocking(make_window: Any, store: Any, corpus_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> None:
    letter_id = store.import_file(corpus_dir / "dwc-2016" / "CM16-0229336.pdf").letter_id
    window = make_window()
    assert window.open_letter(letter_id)
    monkeypatch.setattr(QPrintPreviewDialog, "exec", lambda _dialog: pytest.fail("preview exec'd"))
    window.menu_actions.print_preview.trigger()
    runner = window.menu_actions.reports
    qtbot.waitUntil(lambda: runner.dialog is not None and runner.dialog.dialog.isVisible(), timeout=20_000)
    preview = runner.dialog.dialog.findChild(QPrintPreviewWidget)
    preview.updatePreview()
    assert preview.pageCount() == printing.report_pdf([store.load(letter_id)], io.BytesIO())
    finished: list[tuple[str, bool]] = []
    runner.finished.connect(lambda kind, completed: finished.append((kind, completed)))
    runner.dialog.dialog.reject()
    qtbot.waitUntil(lambda: finished == [("preview", True)], timeout=5000)
    assert runner.dialog is None and not runner.is_busy()


ARTIFACTS = Path(__file__).resolve().parent.parent / "_artifacts"


def answer_no_printer_box(shown: list[str], answer: str) -> Any:
    """A QMessageBox.exec that records the box (and saves a picture of it), then clicks `answer`."""
    def exec_box(box: QMessageBox) -> int:
        box.show()
        ARTIFACTS.mkdir(exist_ok=True)
        box.grab().save(str(ARTIFACTS / "no_printer_message.png"))
        shown.append(f"{box.windowTitle()}: {box.text()} {box.informativeText()}")
        next(b for b in box.buttons() if b.text().replace("&", "") == answer).click()
        return box.result()
    return exec_box


@pytest.mark.parametrize("answer", ["Export Summary PDF\u2026", "Cancel"])
def test_with_no_printer_the_user_is_offered_the_summary_pdf(records: list[CaseRecord], parent: QWidget,
                                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             answer: str) -> None:
    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(list))
    opened: list[str] = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda _dialog: opened.append("print dialog") or 0)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", answer_no_printer_box(shown, answer))
    target = tmp_path / "summary.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    assert printing.print_summary(parent, records[:1]) is False
    assert opened == [], "no print dialog that can only print to a file"
    assert len(shown) == 1 and "No printer is set up on this computer" in shown[0]
    if answer == "Cancel":
        assert not target.exists()
        return
    assert (target.stat().st_mode & 0o777) == 0o600
    with pymupdf.open(target) as saved:
        assert saved.page_count == printing.report_pdf(records[:1], io.BytesIO())
        assert records[0].letter.header.case_number in saved[0].get_text()


def test_print_to_file_writes_the_real_summary_pdf(records: list[CaseRecord], parent: QWidget, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    with_printer(monkeypatch)
    out = tmp_path / "to-file.pdf"

    def print_to_file(dialog: QPrintDialog) -> int:
        configure_pdf_output(dialog.printer(), out)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", print_to_file)
    report = printing.build_report(records[:1])
    assert printing.print_summary(parent, records[:1]) is True
    assert (out.stat().st_mode & 0o777) == 0o600
    with pymupdf.open(out) as printed, pymupdf.open(stream=report) as original:
        assert printed.page_count == original.page_count
        for index in range(printed.page_count):
            assert not printed[index].get_images(), "vector pages, not pictures of them"
            assert printed[index].get_text() == original[index].get_text()  # searchable, the same words


def test_window_print_with_no_printer_offers_the_export(make_window: Any, store: Any, corpus_dir: Path,
                                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        qtbot: Any) -> None:
    letter_id = store.import_file(corpus_dir / "dwc-2016" / "CM16-0229336.pdf").letter_id
    window = make_window()
    assert window.open_letter(letter_id)
    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(list))
    target = tmp_path / "from-window.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    opened: list[str] = []
    monkeypatch.setattr(QPrintDialog, "open", lambda _dialog: opened.append("print dialog"))
    window.menu_actions.print.trigger()

    def the_box() -> QMessageBox | None:  # opened window-modal, without a nested event loop
        return next((box for box in window.findChildren(QMessageBox) if box.isVisible()), None)

    qtbot.waitUntil(lambda: the_box() is not None, timeout=20_000)
    box = the_box()
    assert box is not None and box.text().startswith("No printer is set up on this computer")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the default: Export Summary PDF…
    qtbot.waitUntil(target.exists, timeout=20_000)
    assert opened == []
    with pymupdf.open(target) as saved:
        assert saved.page_count >= 1
