"""What runs in an import pool's worker (core/store/pool_worker.py): an OCR'd letter's pages are
reported as they are read, and the pool shows the pages of the file it is waiting for in the
words a serial import uses ("scan.pdf: OCR of page 2 of 3"); outside a pool nothing is sent."""

from __future__ import annotations

import queue
from pathlib import Path

import pytest

from imr_desk.core.ocr import pages as ocr
from imr_desk.core.store import Store, pool_worker
from imr_desk.core.store.import_pool import ImportPool
from tests.support.paged_parse import PAGES, mark_seen, page_message, parse_reporting_pages
from tests.support.store_fixtures import invented_letter
from tools.scan_sim import scanned_copy


def test_a_pooled_import_shows_each_page_of_the_file_it_waits_for(tmp_path: Path, tmp_store_path: Path) -> None:
    letter = tmp_path / "CM16-9500001.txt"
    letter.write_text(invented_letter("CM16-9500001").text)
    shown: list[str] = []

    def progress(done: int, total: int, message: str) -> None:
        shown.append(message)
        mark_seen(letter, message)

    with Store(tmp_store_path) as store, ImportPool(1, parse=parse_reporting_pages) as pool:
        [result] = pool.import_paths(store.connection, [letter], progress=progress)
    assert result.status == "imported"
    assert shown == ["Importing CM16-9500001.txt",
                     *(f"CM16-9500001.txt: {page_message(page)}" for page in range(1, PAGES + 1)),
                     "Import finished"]


def test_outside_a_pool_progress_goes_nowhere() -> None:
    pool_worker.report_progress("/nowhere/letter.pdf", "OCR of page 1 of 1")  # no queue: no error


@pytest.mark.skipif(not ocr.ocr_available(), reason=ocr.missing_ocr_advice())
def test_a_worker_reports_each_ocr_page_of_a_scan(corpus_dir: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_copy((corpus_dir / "dwc-2016" / "CM16-0221706.pdf").read_bytes()))
    sent: queue.Queue[tuple[str, str]] = queue.Queue()
    monkeypatch.setattr(pool_worker, "_worker_progress", sent)
    outcome = pool_worker.parse_letter_file(str(scan), scan.name, scan.read_bytes(), True)
    assert outcome.prepared is not None and outcome.prepared.letter.source.ocr
    messages = [sent.get_nowait() for _ in range(sent.qsize())]
    assert {path for path, _ in messages} == {str(scan)}
    pages = [message for _, message in messages if message.startswith("OCR of page")]
    count = outcome.prepared.letter.source.pages
    assert count > 1 and pages == [f"OCR of page {n} of {count}" for n in range(1, count + 1)]
