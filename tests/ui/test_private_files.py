"""Files the window writes are readable by their owner only, like the store (issue 12 item 26).

Print to File output was 0644 (Qt creates it with the umask), and so was the settings file
that holds the recent letters' paths and the last folders opened. They are now 0600 (the
settings folder 0700), as exported summary PDFs are.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QFileDialog
from test_main_window import settle

from imr_desk.ui import printing, settings

PRIVATE = 0o600


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Any:
    """The umask most desktops run with (files 0644 unless made private)."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def letter_id(store: Any, corpus_dir: Path) -> int:
    return store.import_file(corpus_dir / "dwc-2016" / "CM16-0229336.pdf").letter_id


def test_print_to_file_output_is_private(make_window: Any, letter_id: int, tmp_path: Path, qtbot: Any,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QPrinterInfo, "availablePrinters", staticmethod(lambda: [QPrinterInfo()]))  # a printer
    window = make_window()
    assert window.open_letter(letter_id)
    out = tmp_path / "printed.pdf"

    def print_to_file(dialog: QPrintDialog) -> None:  # the user picks "Print to File (PDF)"
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        dialog.printer().setResolution(96)
        QTimer.singleShot(0, lambda: QDialog.done(dialog, QDialog.DialogCode.Accepted))

    monkeypatch.setattr(QPrintDialog, "open", print_to_file)
    finished: list[bool] = []
    window.menu_actions.print.trigger()
    runner = window.menu_actions.reports
    runner.finished.connect(lambda _kind, completed: finished.append(completed))
    qtbot.waitUntil(lambda: bool(finished), timeout=60_000)
    assert finished == [True] and out.stat().st_size > 0
    assert mode(out) == PRIVATE


def test_printing_over_an_existing_file_makes_it_private(tmp_path: Path, store: Any, letter_id: int) -> None:
    out = tmp_path / "old.pdf"
    out.write_bytes(b"old")
    out.chmod(0o644)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(96)
    data = printing.build_report([store.load(letter_id)])
    assert printing.render_pdf_to_printer(data, printer) > 0
    assert mode(out) == PRIVATE and out.read_bytes().startswith(b"%PDF")


def test_exported_summary_pdf_is_private(make_window: Any, letter_id: int, tmp_path: Path, qtbot: Any,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window()
    assert window.open_letter(letter_id)
    out = tmp_path / "summary.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(out), ""))
    window.menu_actions.export_pdf.trigger()
    qtbot.waitUntil(out.exists, timeout=20_000)
    assert mode(out) == PRIVATE


def test_the_settings_file_with_recent_paths_is_private(make_window: Any, letter_id: int, corpus_dir: Path,
                                                        qtbot: Any) -> None:
    window = make_window()
    window.recent.add(corpus_dir / "dwc-2016" / "CM16-0229336.pdf")
    assert window.open_letter(letter_id)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    path = Path(QSettings().fileName())
    assert "CM16-0229336.pdf" in path.read_text()
    assert mode(path) == PRIVATE
    assert mode(path.parent) == 0o700


def test_a_settings_file_left_readable_is_made_private(make_window: Any, store: Any) -> None:
    QSettings().setValue("view/legend", True)
    QSettings().sync()
    path = Path(QSettings().fileName())
    path.chmod(0o644)
    window = make_window()
    settle(window)
    assert mode(path) == PRIVATE
    settings.set_last_directory("/home/someone/letters")
    QSettings().sync()
    assert mode(path) == PRIVATE
