"""Importing off the UI thread: progress, cancel after the current letter, the summary dialog."""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pymupdf
import pytest
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from imr_desk.core.store import ImportResult, Store
from imr_desk.core.store.import_pool import POOL_MIN_FILES, ImportPool
from imr_desk.resources import RESOURCES_DIR
from imr_desk.ui.import_worker import (
    STOPPING_TEXT,
    ImportController,
    ImportSummaryDialog,
    progress_text,
    should_show_summary,
    use_pool,
)
from tools.scan_sim import scanned_copy

# The offscreen platform plugin warns that it cannot pass size hints to a window manager.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ARTIFACTS = Path(__file__).resolve().parent.parent / "_artifacts"


def save_screenshot(widget: QWidget, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    assert widget.grab().save(str(path))
    Path("/tmp/shots").mkdir(exist_ok=True)
    shutil.copy(path, Path("/tmp/shots") / path.name)


@pytest.fixture
def window(qtbot: Any) -> QWidget:
    widget = QWidget()
    widget.resize(800, 600)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def controller(tmp_store_path: Path) -> Iterator[ImportController]:
    importer = ImportController(tmp_store_path)
    yield importer
    assert importer.shutdown(60_000), "the import thread did not stop"


def results_of(
    qtbot: Any, controller: ImportController, paths: list[str], window: QWidget, timeout: int = 120_000
) -> list[ImportResult]:
    with qtbot.waitSignal(controller.finished, timeout=timeout) as blocker:
        controller.start(paths, window)
    return blocker.args[0]


def test_cancel_midway_stops_after_a_whole_letter_and_keeps_the_window_ticking(
    qtbot: Any, controller: ImportController, window: QWidget, tmp_store_path: Path, corpus_dir: Path
) -> None:
    folder = corpus_dir / "dwc-2016"
    total_files = len(list(folder.glob("*.pdf")))
    # Windows earlier tests closed are destroyed by the next event loop (a few hundred ms of
    # C++ work for a letter pane): do it now, so the ticks below measure the import alone.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    # When the UI thread ran a 10 ms timer: the longest gap says whether the loop stalled, however
    # long the import took (a tick count depended on the machine's speed as much as on stalls).
    tick_times = [time.monotonic()]
    ticker = QTimer()
    ticker.setInterval(10)
    ticker.timeout.connect(lambda: tick_times.append(time.monotonic()))
    ticker.start()
    progress: list[tuple[int, int, str]] = []
    labels: list[str] = []
    worker_threads: set[int] = set()

    def on_progress(done: int, total: int, message: str) -> None:
        progress.append((done, total, message))
        worker_threads.add(threading.get_ident())
        dialog = controller.progress_dialog
        assert dialog is not None
        labels.append(dialog.labelText())
        if done == 2:
            save_screenshot(dialog, "import_progress")
        if done >= 3 and not controller.was_cancelled():
            dialog.findChild(QPushButton).click()  # the dialog's Cancel button
            assert controller.was_cancelled()
            assert dialog.labelText() == STOPPING_TEXT
            assert dialog.isVisible()  # stays up until the current letter is done

    controller.progress.connect(on_progress)
    results = results_of(qtbot, controller, [str(folder)], window)
    tick_times.append(time.monotonic())
    ticker.stop()

    imported = [r for r in results if r.status == "imported"]
    assert 3 <= len(imported) < total_files
    assert progress[0][1] == total_files
    assert f"Letter 3 of {total_files}\nImporting " in "|".join(labels)
    assert controller.progress_dialog is None  # closed when the run ended
    assert worker_threads == {threading.get_ident()}  # signals reach the UI thread (queued)
    longest_gap = max(later - earlier for earlier, later in itertools.pairwise(tick_times))
    assert longest_gap < 0.5, f"the UI event loop stalled {longest_gap:.2f} s during the import"
    assert not controller.is_running()
    with Store(tmp_store_path) as store:
        assert store.count() == len(imported)
        for result in imported:
            record = store.load(result.letter_id)
            assert record.letter.header.case_number == result.case_number
            assert record.letter.decisions
    with sqlite3.connect(tmp_store_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    summary = controller.summary_dialog
    assert summary is not None and summary.isVisible()
    assert summary.windowTitle() == "Import cancelled"
    assert summary.group_counts() == {"Imported": len(imported)}
    save_screenshot(summary, "import_summary_cancelled")
    summary.close()


def test_summary_lists_imported_duplicates_and_failures_by_name(
    qtbot: Any, controller: ImportController, window: QWidget, tmp_path: Path, corpus_dir: Path
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for pdf in sorted((corpus_dir / "dwc-2016").glob("*.pdf"))[:3]:
        shutil.copy(pdf, folder / pdf.name)
    (folder / "scanner-junk.pdf").write_bytes(b"this is not a PDF at all")
    (folder / "empty.txt").write_bytes(b"")
    first = results_of(qtbot, controller, [str(folder)], window)
    assert sorted(r.status for r in first) == ["error", "error", "imported", "imported", "imported"]
    controller.summary_dialog.close()

    extra = tmp_path / "extra.pdf"
    shutil.copy(sorted((corpus_dir / "dwc-2016").glob("*.pdf"))[3], extra)
    second = results_of(qtbot, controller, [str(folder), str(extra)], window)
    assert sorted(r.status for r in second) == ["duplicate"] * 3 + ["error", "error", "imported"]
    summary = controller.summary_dialog
    assert summary.windowTitle() == "Import finished"
    assert summary.group_counts() == {"Could not be imported": 2, "Imported": 1, "Already in the store": 3}
    failed_group = summary.tree.topLevelItem(0)
    failed = {failed_group.child(i).text(0): failed_group.child(i).text(1) for i in range(failed_group.childCount())}
    assert set(failed) == {"scanner-junk.pdf", "empty.txt"}
    assert all(message and "Traceback" not in message for message in failed.values())
    assert failed_group.isExpanded()
    assert summary.tree.currentItem() is failed_group.child(0)
    assert summary.details.text().endswith(failed_group.child(0).text(1))  # full message, not elided
    save_screenshot(summary, "import_summary")
    results_of(qtbot, controller, [str(folder)], window)  # a new summary replaces the open one
    assert controller.summary_dialog is not summary and controller.summary_dialog.isVisible()
    assert not summary.isVisible() and summary.parent() is None  # closed, freed with its last reference
    controller.summary_dialog.close()


def test_a_large_import_is_parsed_in_worker_processes_and_reads_as_a_serial_one(
    qtbot: Any, window: QWidget, tmp_path: Path, corpus_dir: Path
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    pdfs = sorted((corpus_dir / "dwc-2016").glob("*.pdf"))[:POOL_MIN_FILES + 2]
    for pdf in pdfs:
        shutil.copy(pdf, folder / pdf.name)
    (folder / "rescan.pdf").write_bytes(pdfs[0].read_bytes() + b"\n% rescanned\n")
    (folder / "twin.pdf").write_bytes(pdfs[1].read_bytes())
    (folder / "scanner-junk.pdf").write_bytes(b"this is not a PDF at all")
    runs: dict[int, tuple[list[tuple[str, str, str]], list[tuple[int, int, str]], dict[str, int]]] = {}
    for jobs in (1, 2):
        controller = ImportController(tmp_path / f"store-{jobs}.db", jobs=jobs)
        steps: list[tuple[int, int, str]] = []
        controller.progress.connect(lambda done, total, message, steps=steps: steps.append((done, total, message)))
        results = results_of(qtbot, controller, [str(folder)], window)
        assert (controller.pool is not None and controller.pool.is_started()) == (jobs == 2)
        summary = controller.summary_dialog
        assert summary is not None and summary.windowTitle() == "Import finished"
        runs[jobs] = ([(Path(r.path).name, r.status, r.message) for r in results], steps, summary.group_counts())
        if jobs == 2:
            save_screenshot(summary, "import_summary_pooled")
        summary.close()
        assert controller.shutdown(60_000)
        assert controller.pool is None or not controller.pool.is_started()  # the workers are gone
    assert runs[2][0] == runs[1][0]
    assert runs[2][1][-1] == (len(pdfs) + 3, len(pdfs) + 3, "Import finished")
    assert [step[0] for step in runs[2][1]] == sorted(step[0] for step in runs[2][1])
    assert runs[2][2] == {"Could not be imported": 1, "Imported": len(pdfs), "Copies of cases already in the store": 1,
                          "Already in the store": 1}
    junk = next(message for name, _status, message in runs[2][0] if name == "scanner-junk.pdf")
    assert junk.startswith("scanner-junk.pdf: ") and "Traceback" not in junk


def test_the_pool_is_used_for_large_imports_and_for_any_batch_once_it_runs() -> None:
    with ImportPool(2) as pool:
        assert [use_pool(pool, n) for n in (1, 2, POOL_MIN_FILES)] == [False, False, True]
        pool.start()
        assert [use_pool(pool, n) for n in (1, 2, POOL_MIN_FILES)] == [False, True, True]


def test_paths_given_during_an_import_are_imported_after_it(
    qtbot: Any, controller: ImportController, window: QWidget, tmp_store_path: Path, corpus_dir: Path
) -> None:
    pdfs = sorted((corpus_dir / "dwc-2016").glob("*.pdf"))
    runs: list[list[ImportResult]] = []
    controller.finished.connect(runs.append)
    controller.start([str(p) for p in pdfs[:2]], window)
    assert controller.is_running()
    controller.start([str(pdfs[2])], window)
    qtbot.waitUntil(lambda: len(runs) == 2, timeout=60_000)
    assert [len(run) for run in runs] == [2, 1]
    assert runs[1][0].path == str(pdfs[2])
    with Store(tmp_store_path) as store:
        assert store.count() == 3


def test_one_letter_opened_fine_needs_no_summary(
    qtbot: Any, controller: ImportController, window: QWidget, corpus_dir: Path
) -> None:
    pdf = sorted((corpus_dir / "dwc-2016").glob("*.pdf"))[0]
    results = results_of(qtbot, controller, [str(pdf)], window)
    assert [r.status for r in results] == ["imported"]
    assert controller.summary_dialog is None


def test_an_unusable_store_is_reported_in_plain_words(
    qtbot: Any, window: QWidget, tmp_path: Path, corpus_dir: Path
) -> None:
    store_dir = tmp_path / "not-a-file.db"
    store_dir.mkdir()
    controller = ImportController(store_dir)
    failures: list[str] = []
    controller.failed.connect(failures.append)
    results = results_of(qtbot, controller, [str(corpus_dir / "dwc-2016")], window)
    assert results == []
    assert len(failures) == 1 and str(store_dir) in failures[0] and "folder" in failures[0]
    assert controller.summary_dialog is not None and controller.summary_dialog.isVisible()
    assert controller.summary_dialog.windowTitle() == "Import failed"
    controller.summary_dialog.close()


@pytest.mark.slow
def test_ocr_pages_show_in_the_progress_dialog(
    qtbot: Any, controller: ImportController, window: QWidget, tmp_path: Path
) -> None:
    scan = pymupdf.open(stream=scanned_copy((RESOURCES_DIR / "samples" / "sample-upheld.pdf").read_bytes()))
    one_page = pymupdf.open()
    one_page.insert_pdf(scan, from_page=0, to_page=0)
    path = tmp_path / "faxed-letter.pdf"
    path.write_bytes(one_page.tobytes())
    labels: list[str] = []
    controller.progress.connect(lambda *_args: labels.append(controller.progress_dialog.labelText()))
    results = results_of(qtbot, controller, [str(path)], window)
    assert "Letter 1 of 1\nfaxed-letter.pdf: OCR of page 1 of 1" in labels
    assert [r.path for r in results] == [str(path)]


def test_progress_text_and_when_to_summarise() -> None:
    assert progress_text(11, 240, "Importing CM17-0003192.pdf") == "Letter 12 of 240\nImporting CM17-0003192.pdf"
    assert progress_text(240, 240, "Import finished") == "Import finished"
    assert progress_text(0, 0, "") == "Looking for letters…"
    ok = ImportResult("a.pdf", "imported", 1, "CM1", None, "")
    bad = ImportResult("b.pdf", "error", None, None, None, "b.pdf: not a letter")
    assert not should_show_summary([ok], cancelled=False)
    assert should_show_summary([ok], cancelled=True)
    assert should_show_summary([bad], cancelled=False)
    assert should_show_summary([ok, ok], cancelled=False)


def test_summary_dialog_with_many_failures_stays_a_scrollable_list(qtbot: Any) -> None:
    results = [
        ImportResult(
            f"/in/letter-{i}.pdf", "error", None, None, None, f"letter-{i}.pdf: the file is not a PDF [unreadable]"
        )
        for i in range(200)
    ]
    dialog = ImportSummaryDialog(results)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.height() < 600
    assert dialog.tree.verticalScrollBar().maximum() > 0
    assert dialog.group_counts() == {"Could not be imported": 200}


def test_the_worker_loads_the_parser_and_pymupdf_out_of_the_collectors_way() -> None:
    """Before its first letter the worker loads what the import needs (the window starts
    without it) and freezes it, so full collections during the import scan next to nothing."""
    script = (
        "import gc, sys\n"
        "from imr_desk.ui.import_worker import load_import_modules\n"
        "assert 'pymupdf' not in sys.modules and 'imr_desk.core.parsing.parser' not in sys.modules\n"
        "load_import_modules()\n"
        "print('pymupdf' in sys.modules, 'imr_desk.core.parsing.parser' in sys.modules,"
        " gc.get_freeze_count(), len(gc.get_objects()))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    pymupdf_loaded, parser_loaded, frozen, tracked = result.stdout.split()
    assert pymupdf_loaded == parser_loaded == "True"
    assert int(frozen) > 20_000 and int(tracked) < 1_000


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in tesseract is a shell script")
def test_cancel_during_ocr_stops_tesseract_mid_page_and_stores_nothing(
    qtbot: Any, controller: ImportController, window: QWidget, tmp_path: Path, tmp_store_path: Path,
    stand_in_tesseract: Any,
) -> None:
    from imr_desk.core.ocr import pages as ocr

    if not ocr.ocr_available():
        pytest.skip(ocr.missing_ocr_advice())
    # A tesseract that would take a minute on the page: only cancelling can end it early.
    pid_file = tmp_path / "tesseract.pid"
    stand_in_tesseract(f'echo $$ > "{pid_file}"; exec sleep 60')
    scan = pymupdf.open(stream=scanned_copy((RESOURCES_DIR / "samples" / "sample-upheld.pdf").read_bytes()))
    one_page = pymupdf.open()
    one_page.insert_pdf(scan, from_page=0, to_page=0)
    path = tmp_path / "faxed-letter.pdf"
    path.write_bytes(one_page.tobytes())

    def cancel_once_tesseract_runs(_done: int, _total: int, message: str) -> None:
        if message.endswith("OCR of page 1 of 1"):
            QTimer.singleShot(0, press_cancel_when_reading)

    def press_cancel_when_reading() -> None:
        if not pid_file.exists():  # the page image is still being cleaned
            QTimer.singleShot(50, press_cancel_when_reading)
            return
        controller.progress_dialog.findChild(QPushButton).click()

    controller.progress.connect(cancel_once_tesseract_runs)
    started = time.monotonic()
    results = results_of(qtbot, controller, [str(path)], window, timeout=30_000)
    assert time.monotonic() - started < 20  # not the minute tesseract would take
    (result,) = results
    assert result.status == "cancelled" and result.letter_id is None
    assert result.message == "faxed-letter.pdf: OCR was cancelled; the letter was not read."
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)  # tesseract was killed
    with Store(tmp_store_path) as store:
        assert store.one("SELECT COUNT(*) AS n FROM letters", [])["n"] == 0
    summary = controller.summary_dialog
    assert summary is not None and summary.windowTitle() == "Import cancelled"
    assert summary.group_counts() == {"Stopped part-way, not stored": 1}  # not a failure
    save_screenshot(summary, "import_cancelled_during_ocr")
    summary.close()
