"""Window benchmark (offscreen Qt): start-up, opening letters, linking, import stalls, memory.

    .venv/bin/python benchmarks/bench_gui.py [--letters 20] [--import-letters 1000] [--big 10000]
                                             [--big-store PATH]

1. Cold start: `imr-desk` with no arguments in a fresh process (empty store) until the window
   has been shown and drawn — `bench_startup.time_window`, median of 5 after a warm-up.
   Target ≤ 1.0 s.
2. Open a stored letter: `MainWindow.open_letter()` plus a synchronous repaint of the letter
   view (first page rendered with its highlights), median over corpus letters. Target ≤ 100 ms.
3. Select a decision: selecting it in the fields panel until the letter has scrolled to it,
   outlined it and repainted, median over every decision of those letters. Target ≤ 16 ms.
4. Longest event-loop stall while the window's `ImportController` imports N corpus letters
   (bytes varied so none is a duplicate) and the UI thread runs its own event loop: a QTimer
   ticks every 5 ms; a stall is the gap between ticks minus 5 ms. Target ≤ 50 ms. The longest
   stalls are listed with the letter the import was on, any garbage collection they held, and
   where the worker thread stood when the UI thread got the GIL back (the Python line that had
   just run a long C call, or that was interrupted).
5. Resident memory of a fresh window process showing a 10,000-letter store in its queue (store
   filled with `bench_store.build_big_store`, the import's own write path; `--big-store` keeps
   or reuses it). Target ≤ 300 MB.

Every time is given as wall / CPU (this process's CPU time, or the child's for 1 and 5): on a
machine shared with other jobs the wall time grows with the load, the CPU time much less.
Prints a table and the load average; the figures go into the "Window" section of
docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_startup import medians, scratch_env, time_window  # noqa: E402  (benchmarks/ is sys.path[0])
from bench_store import CORPUS, build_big_store  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from imr_desk.core import Store  # noqa: E402  (the stable face)
from imr_desk.ui.app import make_application, show_window  # noqa: E402
from imr_desk.ui.import_worker import ImportController  # noqa: E402
from imr_desk.ui.main_window import MainWindow  # noqa: E402  (type of the window)

TICK_MS = 5

MEMORY_CHILD = """
import resource, sys, time
from imr_desk.ui.app import make_application, show_window
from imr_desk.core.store import Store
app = make_application()
window = show_window(Store(sys.argv[1]))
window.resize(1400, 900)
for _ in range(20):
    app.processEvents()
rows = window.queue.table.model().rowCount()
rss = next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]
print(rows, int(rss) // 1024, time.process_time(), flush=True)
window.close()
"""


def settle(app: QApplication, rounds: int = 3) -> None:
    for _ in range(rounds):
        app.processEvents()


class Stopwatch:
    """Wall and CPU milliseconds of one timed step."""

    def __enter__(self) -> Stopwatch:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall = (time.perf_counter() - self.wall) * 1000
        self.cpu = (time.process_time() - self.cpu) * 1000


def bench_open_and_select(
    app: QApplication, window: MainWindow, letter_ids: list[int],
) -> tuple[list[Stopwatch], list[Stopwatch]]:
    """(open timings, decision-select timings); each open and select is checked to have happened."""
    opens, selects = [], []
    pane = window.letter_pane
    viewport = pane.view.viewport()
    for letter_id in letter_ids:
        with Stopwatch() as opened:
            window.open_letter(letter_id)
            viewport.repaint()
        opens.append(opened)
        if pane.scene.is_pdf and not (pane.scene.is_rendered(0) and pane.scene.drawn_item("header.case_number")):
            raise RuntimeError(f"letter {letter_id}: first page not drawn with its highlights")
        settle(app)
        keys = window.record.decision_keys if window.record else []
        for key in reversed(keys):  # from the last: the first is already selected when a letter opens
            if key == window.fields.current_decision_key():
                continue
            with Stopwatch() as selected:
                window.fields.select_decision(key)
                viewport.repaint()
            selects.append(selected)
            item = pane.scene.drawn_item(key)
            if item is None or not item.selected or not pane.visible_scene_rect().intersects(item.scene_bounds()):
                raise RuntimeError(f"letter {letter_id}: decision {key} was not scrolled to and outlined")
            settle(app, 1)
    return opens, selects


def write_inbox(folder: Path, count: int) -> None:
    """`count` corpus letters, each made unique by a trailing PDF comment."""
    sources = sorted(CORPUS.glob("*.pdf"))
    folder.mkdir()
    for index in range(count):
        source = sources[index % len(sources)]
        (folder / f"{index:05d}-{source.name}").write_bytes(source.read_bytes() + f"\n% gui copy {index}\n".encode())


def bench_import_stall(window: MainWindow, store_path: Path, folder: Path) -> dict[str, object]:
    """Import `folder` through an `ImportController` while the UI thread runs an event loop.

    Returns the stalls (ms, seconds into the import, letters done then, GC ms inside the stall,
    the worker's innermost frames),
    the import's wall and CPU seconds and the number of letters imported.
    """
    controller = ImportController(store_path, window, show_summary=False)
    clock, started = QElapsedTimer(), time.perf_counter()
    done = [0]
    gc_pauses: list[tuple[float, float, int]] = []  # (start, end, generation), perf_counter seconds
    gc_started = [0.0]  # while a collection runs: when it began (0.0 between collections)
    stalls: list[tuple[int, float, int, float, str]] = []
    longest = [0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_started[0] = time.perf_counter()
        else:
            gc_pauses.append((gc_started[0], time.perf_counter(), info["generation"]))
            gc_started[0] = 0.0

    def tick() -> None:
        gap = clock.restart() - TICK_MS
        longest[0] = max(longest[0], gap)
        if gap > 20:
            now = time.perf_counter()
            running = [(gc_started[0], now, 2)] if gc_started[0] else []  # the worker is inside one
            held = sum(min(end, now) - max(start, now - gap / 1000) for start, end, _g in gc_pauses + running
                       if end > now - gap / 1000)
            stalls.append((gap, now - started, done[0], held * 1000, worker_place()))

    results: list[object] = []
    loop = QEventLoop()
    controller.progress.connect(lambda d, _total, _message: done.__setitem__(0, d))
    controller.finished.connect(results.extend)
    controller.finished.connect(loop.quit)
    ticker = QTimer(interval=TICK_MS)
    ticker.timeout.connect(tick)
    gc.callbacks.append(on_gc)
    cpu = time.process_time()
    clock.start()
    ticker.start()
    controller.start([str(folder)], window)
    loop.exec()
    ticker.stop()
    gc.callbacks.remove(on_gc)
    return {
        "longest": longest[0],
        "stalls": sorted(stalls, reverse=True),
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "imported": sum(1 for result in results if getattr(result, "status", "") in ("imported", "copy")),
        "full_gcs": sum(1 for _s, _e, generation in gc_pauses if generation == 2),
        "longest_gc_ms": max(((end - start) * 1000 for start, end, _g in gc_pauses), default=0.0),
    }


def worker_place() -> str:
    """The import thread's innermost three frames ('file:line function' each), or '-'.

    The import worker is the only Python thread besides the UI thread while it runs."""
    for ident, frame in sys._current_frames().items():
        if ident == threading.main_thread().ident:
            continue
        places = []
        while frame is not None and len(places) < 3:
            places.append(f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno} {frame.f_code.co_name}")
            frame = frame.f_back
        return " < ".join(places)
    return "-"


def bench_memory(workdir: Path, count: int, big_store: Path | None) -> tuple[int, int, float]:
    """(rows shown, resident MB, CPU s) of a fresh window process on a `count`-letter store."""
    path = big_store or workdir / "big.sqlite3"
    store, _rate = build_big_store(path, count)
    store.close()
    output = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, str(path)], env={**scratch_env(workdir), "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=600, check=True,
    ).stdout.split()
    return int(output[0]), int(output[1]), float(output[2])


def ms(timings: list[Stopwatch]) -> str:
    wall = statistics.median(t.wall for t in timings)
    cpu = statistics.median(t.cpu for t in timings)
    return f"{wall:.1f} / {cpu:.1f} ms (max {max(t.wall for t in timings):.0f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=20, help="corpus letters to open (default 20)")
    parser.add_argument("--import-letters", type=int, default=1000, help="letters imported while measuring stalls")
    parser.add_argument("--big", type=int, default=10_000, help="letters in the memory test's store")
    parser.add_argument("--big-store", type=Path, help="keep (or reuse) the memory test's store at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="imr-desk-bench-gui-") as scratch:
        workdir = Path(scratch)
        cold_wall, cold_cpu = medians(5, lambda: time_window(scratch_env(workdir)))
        app = make_application()
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(workdir / "settings"))
        store_path = workdir / "window.sqlite3"
        store = Store(store_path)
        window = show_window(store)  # as app.run does it, on an empty store
        window.resize(1400, 900)
        settle(app, 10)
        # The import comes first, as in a fresh app: its worker loads the parser and pymupdf.
        write_inbox(workdir / "inbox", max(args.import_letters, args.letters))
        imported = bench_import_stall(window, store_path, workdir / "inbox")
        window.queue.reload()
        letter_ids = [row.letter_id for row in store.queue()][: args.letters]
        opens, selects = bench_open_and_select(app, window, letter_ids)
        window.close()
        store.close()
        rows, rss_mb, memory_cpu = bench_memory(workdir, args.big, args.big_store)
    stalls = imported["stalls"]
    longest = imported["longest"]
    table = [
        ("Cold start to window shown (median of 5)", "≤ 1.0 s", f"{cold_wall:.2f} / {cold_cpu:.2f} s",
         cold_wall <= 1.0),
        (f"Open stored letter, first page painted (median of {len(opens)})", "≤ 100 ms", ms(opens),
         statistics.median(t.wall for t in opens) <= 100),
        (f"Select decision → scrolled + outlined (median of {len(selects)})", "≤ 16 ms", ms(selects),
         statistics.median(t.wall for t in selects) <= 16),
        (f"Longest event-loop stall, importing {imported['imported']} letters", "≤ 50 ms", f"{longest} ms",
         longest <= 50),
        (f"Resident memory, {rows:,} letters in the queue", "≤ 300 MB", f"{rss_mb} MB", rss_mb <= 300),
    ]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Window benchmark ({os.cpu_count()} CPUs, load average at the end {load}); times are wall / CPU\n")
    width = max(len(row[0]) for row in table)
    print(f"| {'Measure':<{width}} | Target   | {'Measured':<32} | Met |")
    print(f"|{'-' * (width + 2)}|----------|{'-' * 34}|-----|")
    for name, target, measured, met in table:
        print(f"| {name:<{width}} | {target:<8} | {measured:<32} | {'yes' if met else 'NO':<3} |")
    print(f"\nImport: {imported['seconds']:.1f} s wall, {imported['cpu']:.1f} s CPU (both threads); "
          f"{imported['full_gcs']} full collections, longest collection {imported['longest_gc_ms']:.1f} ms; "
          f"memory child {memory_cpu:.2f} s CPU")
    print(f"Stalls over 20 ms: {len(stalls)}; the longest (ms, s into the import, letters done, GC ms inside):")
    for gap, at, done, held, place in stalls[:8]:
        print(f"  {gap:4d} ms at {at:6.1f} s, after {done} letters, GC {held:.1f} ms; worker in {place}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
