"""Case-queue benchmark (offscreen Qt): the queue panel over an N-letter store; prints a table.

    .venv/bin/python benchmarks/bench_queue.py [--letters 100000] [--backend sqlite|postgresql]
                                               [--db TARGET] [--cache DIR]

The store is `scale_store.built_store`'s (a base of corpus letters stored through the write
path, multiplied in SQL, cached under --cache; PostgreSQL on a private server kept there), or
the store at --db (a file or a PostgreSQL connection string) as it is. Each row is the median
of several runs of one thing the paralegal does to the queue, through `QueuePanel` (the UI
thread's store, as in the window) with a repaint: show the store (set_store to first paint),
scroll a page down (each repaint), jump to the end, reload (selection kept), refresh one row
after an edit, sort by a column, jump to the next unreviewed letter, a search; then the
process's resident memory. Targets (issue 16): the first screen ≤ 100 ms, each scroll step
≤ 16 ms, the window's memory ≤ 300 MB. The figures go into the "Queue" section of
docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
from contextlib import nullcontext
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_store import cell, median_ms, timed_ms  # noqa: E402  (benchmarks/ is sys.path[0])
from PySide6.QtCore import QCoreApplication, QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from scale_store import DEFAULT_CACHE, built_store, case_number, postgres  # noqa: E402

from imr_desk.core import Store  # noqa: E402  (the stable face)
from imr_desk.ui.queue_model import Column  # noqa: E402
from imr_desk.ui.queue_panel import QueuePanel  # noqa: E402


def resident_mb() -> tuple[float, float]:
    """This process's resident memory now and at its peak, in MB."""
    now = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            now = int(line.split()[1]) / 1024
    return now, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(app: QApplication, store: Store, letters: int) -> list[tuple[str, str, str]]:
    panel = QueuePanel()
    panel.resize(1400, 900)  # the window's default size
    panel.show()
    app.processEvents()

    def painted(_result: object = None) -> None:
        """After an operation: repaint every visible row now."""
        panel.table.viewport().repaint()
        app.processEvents()

    rows = [("set_store → first screen painted",
             cell(median_ms(lambda: painted(panel.set_store(store)), 5)), "≤ 100 ms")]
    bar = panel.table.verticalScrollBar()

    def page_down() -> None:
        bar.setValue(bar.value() + bar.pageStep())
        painted()

    walls, cpus = timed_ms(page_down, 60)
    rows.append(("scroll a page down (60 steps: median / worst)",
                 f"{cell((sorted(walls)[30], sorted(cpus)[30]))}; worst {max(walls):.1f} ms", "≤ 16 ms"))

    def to_end() -> None:
        bar.setValue(bar.maximum() if bar.value() < bar.maximum() // 2 else 0)
        painted()

    rows.append(("jump to the end / the top", cell(median_ms(to_end, 5)), "≤ 100 ms"))
    ids = panel.model.letter_ids()
    middle = ids[len(ids) // 2]
    panel.select_letter(middle)
    rows.append(("reload, selection kept", cell(median_ms(lambda: painted(panel.reload()), 5)), "≤ 300 ms"))
    rows.append(("update_row after an edit", cell(median_ms(lambda: painted(panel.update_row(middle)), 9)),
                 "≤ 100 ms"))
    for column, title in ((Column.CASE_NUMBER, "case number"), (Column.REVIEW_STATE, "review state"),
                          (Column.OUTCOME, "outcome"), (Column.NEXT_DEADLINE, "next deadline")):
        orders = iter([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder] * 5)
        rows.append((f"sort by {title}", cell(median_ms(
            lambda c=column, o=orders: painted(panel.table.sortByColumn(c, next(o))), 5)), "≤ 300 ms"))
    panel.table.sortByColumn(Column.DECISION_DATE, Qt.SortOrder.DescendingOrder)
    panel.select_letter(middle)
    rows.append(("select_next_unreviewed", cell(median_ms(lambda: painted(panel.select_next_unreviewed()), 9)),
                 "≤ 16 ms"))
    for query in (case_number(letters // 3), "lumbar", "physical therapy"):
        def search(text: str = query) -> None:
            panel.search_box.setText(text)
            painted(panel.reload())

        shown = len(store.queue_ids(query))
        label = f"search {query!r} ({shown:,} letter{'s' if shown != 1 else ''})"
        rows.append((label, cell(median_ms(search, 5)), "≤ 300 ms"))
    panel.search_box.setText("")
    painted(panel.reload())
    for _ in range(200):  # scroll the whole queue: memory must stay flat
        page_down()
    now, peak = resident_mb()
    rows.append((f"resident memory after scrolling ({panel.model.cached_rows():,} rows held)",
                 f"{now:.0f} MB (peak {peak:.0f} MB)", "≤ 300 MB"))
    panel.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--db", help="an existing store (file or PostgreSQL connection string), used as it is")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where scale_store keeps built stores")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as scratch:
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, scratch)
        QCoreApplication.setOrganizationName("imr-desk-bench")
        app = QApplication([])
        if args.db:
            target = args.db
            with Store(target) as store:
                rows = measure(app, store, store.count())
        else:
            with postgres(args.cache, None) if args.backend == "postgresql" else nullcontext() as server:
                target, _figures = built_store(args.letters, args.backend, args.cache, server)
                with Store(target) as store:
                    rows = measure(app, store, args.letters)
    backend = "PostgreSQL" if not Path(str(target)).exists() else "SQLite"
    print(f"\n| Queue over {args.letters:,} letters ({backend}) | wall / CPU (median) | target |")
    print("|---|---|---|")
    for name, value, target_text in rows:
        print(f"| {name} | {value} | {target_text} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
