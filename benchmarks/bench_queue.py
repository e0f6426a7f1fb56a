"""Case-queue benchmark (offscreen Qt): the queue panel over a 10,000-letter store; prints a table.

    .venv/bin/python benchmarks/bench_queue.py [--big 10000]

The store is built like ``bench_store.py`` builds its big store (corpus letters parsed once,
stored again with changed bytes and case numbers). Each row is the median of several runs of
one thing the paralegal does to the queue, through `QueuePanel` with a repaint: show the
store, reload after an import or edit (selection kept), refresh one row after an edit, sort by
a column, jump to the next unreviewed letter, and a debounced search. Targets: ≤ 300 ms for
the whole-list operations, ≤ 100 ms for a one-row refresh and ≤ 16 ms for moving to a letter.
The figures go into the "Queue" section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_store import build_big_store, cell, median_ms  # noqa: E402  (benchmarks/ is sys.path[0])
from PySide6.QtCore import QCoreApplication, QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from imr_desk.core import Store  # noqa: E402  (the stable face)
from imr_desk.ui.queue_model import Column  # noqa: E402
from imr_desk.ui.queue_panel import QueuePanel  # noqa: E402


def measure(app: QApplication, store: Store) -> list[tuple[str, str, str]]:
    panel = QueuePanel()
    panel.resize(1000, 700)
    panel.show()

    def painted(_result: object) -> None:
        """After a whole-list operation: repaint every visible row now."""
        panel.table.viewport().repaint()
        app.processEvents()

    def updated(_result: object) -> None:
        """After a one-row change: let Qt repaint what changed, as it does in the window."""
        app.processEvents()

    ids = store.letter_ids()
    middle = ids[len(ids) // 2]
    sort_columns = iter([Column.DECISIONS, Column.CASE_NUMBER] * 10)
    rows = [
        ("set_store (query + fill + paint)", cell(median_ms(lambda: painted(panel.set_store(store)), 5)), "≤ 300 ms"),
        ("reload, selection kept", cell(median_ms(lambda: painted(panel.reload()), 5)), "≤ 300 ms"),
    ]
    panel.select_letter(middle)
    rows += [
        ("update_row after an edit", cell(median_ms(lambda: updated(panel.update_row(middle)), 5)), "≤ 100 ms"),
        ("sort by a column", cell(median_ms(
            lambda: painted(panel.table.sortByColumn(next(sort_columns), Qt.SortOrder.AscendingOrder)), 5)),
         "≤ 300 ms"),
        ("select_next_unreviewed", cell(median_ms(lambda: updated(panel.select_next_unreviewed()), 9)), "≤ 16 ms"),
    ]
    for query in ("CM16-0000123", "lumbar", "physical therapy"):
        def search(text: str = query) -> None:
            panel.search_box.setText(text)
            painted(panel.reload())

        shown = len(store.queue(query))
        label = f"search {query!r} ({shown} letter{'s' if shown != 1 else ''})"
        rows.append((label, cell(median_ms(search, 5)), "≤ 300 ms"))
    panel.close()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as scratch:
        workdir = Path(scratch)
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(workdir))
        QCoreApplication.setOrganizationName("imr-desk-bench")
        app = QApplication([])
        store, _rate = build_big_store(workdir / "big.sqlite3", args.big)
        with store:
            rows = measure(app, store)
    print(f"\n| Queue over {args.big:,} letters | wall / CPU (median) | target |")
    print("|---|---|---|")
    for name, value, target in rows:
        print(f"| {name} | {value} | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
