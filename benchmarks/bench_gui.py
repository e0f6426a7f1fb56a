"""Window benchmark (offscreen Qt): start-up, opening letters, linking, import stalls, memory.

    .venv/bin/python benchmarks/bench_gui.py [--letters 20] [--import-letters 1000] [--big 10000]

1. Cold start: `imr-desk` with no arguments in a fresh process (the real `cli.main` → `app.run`
   path, empty store) until the window is shown; median of 5 runs. Target ≤ 1.0 s.
2. Open a stored letter: `MainWindow.open_letter()` plus a synchronous repaint of the letter
   view (first page rendered with its highlights), median over corpus letters. Target ≤ 100 ms.
3. Select a decision: selecting it in the fields panel until the letter has scrolled to it,
   outlined it and repainted, median over every decision of those letters. Target ≤ 16 ms.
4. Longest event-loop stall while the window's `ImportController` imports N corpus letters
   (bytes varied so none is a duplicate): a QTimer ticks every 5 ms; the longest gap between
   ticks minus 5 ms. Target ≤ 50 ms.
5. Resident memory of a fresh window process showing a 10,000-letter store in its queue (store
   filled with `bench_store.build_big_store`, the import's own write path). Target ≤ 300 MB.

Prints a table; the figures go into the "Window" section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_store import CORPUS, build_big_store  # noqa: E402  (benchmarks/ is sys.path[0])
from PySide6.QtCore import QElapsedTimer, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from imr_desk.core.store import Store  # noqa: E402
from imr_desk.ui.app import make_application, show_window  # noqa: E402
from imr_desk.ui.import_worker import ImportController  # noqa: E402
from imr_desk.ui.main_window import MainWindow  # noqa: E402  (type of the window)

COLD_START_CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import imr_desk.ui.main_window as main_window
shown = main_window.MainWindow.show
def show_then_report(self):
    shown(self)
    QTimer.singleShot(0, lambda: (print("shown", flush=True), QApplication.quit()))
main_window.MainWindow.show = show_then_report
from imr_desk.cli import main
sys.exit(main([]))
"""

MEMORY_CHILD = """
import sys
from imr_desk.ui.app import make_application, show_window
from imr_desk.core.store import Store
app = make_application()
window = show_window(Store(sys.argv[1]))
window.resize(1400, 900)
for _ in range(20):
    app.processEvents()
rows = window.queue.table.model().rowCount()
rss = next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]
print(rows, int(rss) // 1024, flush=True)
window.close()
"""


def child_env(workdir: Path) -> dict[str, str]:
    """A child process environment whose store and settings live in `workdir`."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", IMR_DESK_DB=str(workdir / "cold.sqlite3"))
    env["XDG_CONFIG_HOME"] = str(workdir / "config")
    env["XDG_DATA_HOME"] = str(workdir / "data")
    env["PYTHONPATH"] = str(ROOT)
    return env


def bench_cold_start(workdir: Path, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", COLD_START_CHILD], env=child_env(workdir),
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        line = child.stdout.readline() if child.stdout else ""
        times.append(time.perf_counter() - start)
        child.wait(timeout=60)
        if line.strip() != "shown":
            raise RuntimeError("the window did not start in the cold-start child")
    return statistics.median(times)


def settle(app: QApplication, rounds: int = 3) -> None:
    for _ in range(rounds):
        app.processEvents()


def bench_open_and_select(app: QApplication, window: MainWindow, letter_ids: list[int]) -> tuple[list[float], list[float]]:
    """(open times, decision-select times) in ms."""
    open_ms, select_ms = [], []
    viewport = window.letter_pane.view.viewport()
    for letter_id in letter_ids:
        start = time.perf_counter()
        window.open_letter(letter_id)
        viewport.repaint()
        open_ms.append((time.perf_counter() - start) * 1000)
        settle(app)
        assert window.letter_pane.scene.is_rendered(0) or not window.letter_pane.scene.is_pdf
        for key in window.record.decision_keys if window.record else []:
            start = time.perf_counter()
            window.fields.select_decision(key)
            viewport.repaint()
            select_ms.append((time.perf_counter() - start) * 1000)
            settle(app, 1)
    return open_ms, select_ms


def bench_import_stall(app: QApplication, window: MainWindow, store_path: Path, workdir: Path, count: int) -> tuple[float, float, int]:
    """(longest stall ms, import seconds, letters imported) while importing `count` letters."""
    sources = sorted(CORPUS.glob("*.pdf"))
    folder = workdir / "inbox"
    folder.mkdir()
    for index in range(count):
        source = sources[index % len(sources)]
        (folder / f"{index:05d}-{source.name}").write_bytes(source.read_bytes() + f"\n% gui copy {index}\n".encode())
    controller = ImportController(store_path, window, show_summary=False)
    clock, longest = QElapsedTimer(), [0]
    ticker = QTimer(interval=5)

    def tick() -> None:
        longest[0] = max(longest[0], clock.restart())

    ticker.timeout.connect(tick)
    results: list[object] = []
    controller.finished.connect(results.extend)
    clock.start()
    ticker.start()
    start = time.perf_counter()
    controller.start([str(folder)], window)
    while controller.is_running():
        app.processEvents()
        time.sleep(0.001)
    seconds = time.perf_counter() - start
    ticker.stop()
    imported = sum(1 for result in results if getattr(result, "status", "") == "imported")
    return max(longest[0] - 5, 0), seconds, imported


def bench_memory(workdir: Path, count: int) -> tuple[int, int]:
    """(rows shown, resident MB) of a fresh window process on a `count`-letter store."""
    path = workdir / "big.sqlite3"
    store, _rate = build_big_store(path, count)
    store.close()
    output = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, str(path)], env=child_env(workdir),
        capture_output=True, text=True, timeout=600, check=True,
    ).stdout.split()
    return int(output[0]), int(output[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=20, help="corpus letters to open (default 20)")
    parser.add_argument("--import-letters", type=int, default=1000, help="letters imported while measuring stalls")
    parser.add_argument("--big", type=int, default=10_000, help="letters in the memory test's store")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="imr-desk-bench-gui-") as scratch:
        workdir = Path(scratch)
        os.environ["XDG_CONFIG_HOME"] = str(workdir / "config")
        cold = bench_cold_start(workdir)
        app = make_application()
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(workdir / "settings"))
        store_path = workdir / "window.sqlite3"
        store = Store(store_path)
        letters = sorted(CORPUS.glob("*.pdf"))[: args.letters]
        letter_ids = [r.letter_id for r in store.import_paths(letters) if r.letter_id]
        window = show_window(store)  # as app.run does it
        window.resize(1400, 900)
        settle(app, 10)
        window.queue.reload()
        open_ms, select_ms = bench_open_and_select(app, window, letter_ids)
        stall, import_seconds, imported = bench_import_stall(app, window, store_path, workdir, args.import_letters)
        window.close()
        store.close()
        rows, rss_mb = bench_memory(workdir, args.big)
    rows_out = [
        ("Cold start to window shown", "≤ 1.0 s", f"{cold:.2f} s", cold <= 1.0),
        (f"Open stored letter, first page painted (median of {len(open_ms)})", "≤ 100 ms",
         f"{statistics.median(open_ms):.0f} ms (max {max(open_ms):.0f})", statistics.median(open_ms) <= 100),
        (f"Select decision → scrolled + outlined (median of {len(select_ms)})", "≤ 16 ms",
         f"{statistics.median(select_ms):.1f} ms (max {max(select_ms):.1f})", statistics.median(select_ms) <= 16),
        (f"Longest event-loop stall, importing {imported} letters ({import_seconds:.0f} s)", "≤ 50 ms",
         f"{stall} ms", stall <= 50),
        (f"Resident memory, {rows:,} letters in the queue", "≤ 300 MB", f"{rss_mb} MB", rss_mb <= 300),
    ]
    width = max(len(row[0]) for row in rows_out)
    print(f"| {'Measure':<{width}} | Target   | Measured              | Met |")
    print(f"|{'-' * (width + 2)}|----------|-----------------------|-----|")
    for name, target, measured, met in rows_out:
        print(f"| {name:<{width}} | {target:<8} | {measured:<21} | {'yes' if met else 'NO':<3} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
