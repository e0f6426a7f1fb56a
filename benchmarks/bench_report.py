"""Report benchmark: case summary, 100-letter batch, and printing pages through QPrinter.

    .venv/bin/python benchmarks/bench_report.py [--runs 30] [--batch 100] [--print-dpi 300]

Letters are the corpus PDFs parsed once up front (parsing is not timed), each given a
correction, two notes and a review state like a worked case. Rows:

1. First case summary in a fresh process (includes registering the DejaVu fonts, once).
2. One case summary: median over `--runs` builds of the corpus letter of median size.
   Target ≤ 50 ms. Also the 21-decision letter (the largest).
3. Batch report of `--batch` letters (corpus cycled): the table only, and with every case
   summary. Target ≤ 10 s with summaries.
4. Printing: seconds per page to render a summary with pymupdf at `--print-dpi` and paint it
   onto a QPrinter (offscreen, PDF output), the path `imr_desk.ui.printing` uses.

Each row shows wall time and this process's CPU time (on a busy shared machine the wall time
includes waiting for a core). Prints a table; the figures go into the "Reports" section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "dwc-2016"

from imr_desk.core import (  # noqa: E402
    Annotation,
    CaseRecord,
    Correction,
    ReviewState,
    build_batch_report,
    build_case_summary,
    read_letter,
    unstored_record,
)


def worked_record(path: Path) -> CaseRecord:
    """A corpus letter as a reviewed case: one correction, two notes, verified."""
    letter, document = read_letter(path, ocr=False)
    document.close()
    record = unstored_record(letter)
    record.corrections.append(Correction(1, 0, None, "header.priority", letter.header.priority, "Expedited",
                                         None, "bench", "2016-12-12T17:03:00Z"))
    record.annotations += [
        Annotation(1, 0, "Compare with the PR-2 report of 11/15 before the hearing.", "follow-up", (0, 60), [],
                   "bench", "2016-12-12T17:05:00Z"),
        Annotation(2, 0, "Client confirmed the dates by phone.", None, None, [], "bench", "2016-12-12T17:06:00Z"),
    ]
    record.review = ReviewState("verified", "bench", "2016-12-13T09:00:00Z")
    return record


def timed_both(action: Callable[[], object]) -> tuple[float, float, object]:
    """(wall seconds, CPU seconds of this process, result): on a busy shared machine the wall
    time includes waiting for a core, the CPU time does not."""
    start, start_cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - start, time.process_time() - start_cpu, result


def show(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def print_seconds_per_page(record: CaseRecord, dpi: int) -> tuple[float, float, int]:
    """(wall, CPU) seconds per page of printing the record's summary, and its page count."""
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from imr_desk.ui.printing import render_pdf_to_printer

    _app = QApplication.instance() or QApplication([])
    buffer = io.BytesIO()
    build_case_summary(record, buffer)
    with tempfile.TemporaryDirectory() as folder:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(Path(folder) / "printed.pdf"))
        printer.setResolution(dpi)
        seconds, cpu, pages = timed_both(lambda: render_pdf_to_printer(buffer.getvalue(), printer))
    return seconds / int(pages), cpu / int(pages), int(pages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--print-dpi", type=int, default=300)
    args = parser.parse_args()

    records = [worked_record(path) for path in sorted(CORPUS.glob("*.pdf"))]
    by_size = sorted(records, key=lambda r: len(r.letter.text))
    typical, largest = by_size[len(by_size) // 2], max(records, key=lambda r: len(r.letter.decisions))
    rows: list[tuple[str, str, str, str]] = []

    first, first_cpu, pages = timed_both(lambda: build_case_summary(typical, io.BytesIO()))
    rows.append(("First summary in a process (fonts registered)", show(first), show(first_cpu), f"{pages} pages"))
    for label, record in (("One case summary, median letter", typical),
                          (f"One case summary, {len(largest.letter.decisions)} decisions", largest)):
        runs = [timed_both(lambda r=record: build_case_summary(r, io.BytesIO())) for _ in range(args.runs)]
        rows.append((f"{label} ({record.case_label}, median of {args.runs})",
                     show(statistics.median(run[0] for run in runs)),
                     show(statistics.median(run[1] for run in runs)), f"{runs[0][2]} pages"))

    batch = [records[i % len(records)] for i in range(args.batch)]
    for with_summaries in (False, True):
        seconds, cpu, pages = timed_both(
            lambda w=with_summaries: build_batch_report(batch, io.BytesIO(), include_summaries=w))
        label = f"Batch of {args.batch} letters" + (", with every case summary" if with_summaries else ", table only")
        rows.append((label, show(seconds), show(cpu), f"{pages} pages"))

    per_page, per_page_cpu, pages = print_seconds_per_page(typical, args.print_dpi)
    rows.append((f"Print at {args.print_dpi} dpi (pymupdf → QPrinter PDF), per page", show(per_page),
                 show(per_page_cpu), f"{pages} pages"))

    print("| Measure | Wall time | CPU time | Output |")
    print("|---|---:|---:|---:|")
    for label, wall, cpu, output in rows:
        print(f"| {label} | {wall} | {cpu} | {output} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
