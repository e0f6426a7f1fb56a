"""A parse function for `ImportPool` tests that reports pages as an OCR would, one at a time.

`parse_reporting_pages` (run in a pool's worker) reports "OCR of page N of 3" for N = 1..3 with
`pool_worker.report_progress`, and after each waits until the test has seen it: the test's
progress callback creates ``<letter>.seen-N`` beside the letter (`mark_seen`). So what the test
sees does not depend on timing; a page the pool never shows ends the wait after `PATIENCE_S`
and the test fails on the missing message."""

from __future__ import annotations

import time
from pathlib import Path

from imr_desk.core.store.pool_worker import ParseOutcome, parse_letter_file, report_progress

PAGES = 3
PATIENCE_S = 20.0


def page_message(page: int) -> str:
    return f"OCR of page {page} of {PAGES}"


def mark_seen(letter: Path, message: str) -> None:
    """Called by the test when the pool shows `message` for `letter`."""
    for page in range(1, PAGES + 1):
        if message.endswith(page_message(page)):
            Path(f"{letter}.seen-{page}").touch()


def parse_reporting_pages(path: str, name: str, data: bytes, packed: bool) -> ParseOutcome:
    for page in range(1, PAGES + 1):
        report_progress(path, page_message(page))
        deadline = time.monotonic() + PATIENCE_S
        while not Path(f"{path}.seen-{page}").exists() and time.monotonic() < deadline:
            time.sleep(0.02)
    return parse_letter_file(path, name, data, packed)
