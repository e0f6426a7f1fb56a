"""Parallel import benchmark: serial vs pooled import rate, pool start-up, window stalls; prints tables.

    .venv/bin/python benchmarks/bench_import.py [--letters 1000] [--jobs N] [--no-postgres]

The letters are the corpus PDFs made unique by a trailing PDF comment (as bench_store.py does),
so none is a duplicate. In ONE run, on SQLite and on a private PostgreSQL server (started as
tests/support/pg_server.py starts it):

1. `importing.import_paths` (the serial path, `imr-desk import --jobs 1`) and
   `ImportPool(jobs).import_paths` (workers started inside the timing) on the same letters into
   fresh stores: letters per second each, and their ratio (target ≥ 1.8× on 2 cores).
2. Pool start-up: a pooled import of ONE letter with a cold pool vs the serial import of one
   letter, which sets `import_worker.POOL_MIN_FILES`.
3. The window's longest event-loop stall while the real `ImportController` imports the letters
   through its pool (a 5 ms QTimer on the UI thread, as bench_gui.py measures it; target ≤ 50 ms).

Times are wall and CPU seconds (this process, plus its finished children for the pool). The
machine is shared: the load average before and after is printed; the figures go into the
"Parallel import" section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_store import CORPUS  # noqa: E402  (benchmarks/ is sys.path[0])

from imr_desk.core.store import Store  # noqa: E402
from imr_desk.core.store.import_pool import ImportPool  # noqa: E402
from imr_desk.core.store.importing import ImportResult, import_paths  # noqa: E402

TICK_MS = 5


def write_letters(folder: Path, count: int, tag: str) -> Path:
    """`count` corpus letters, each made unique by a trailing PDF comment naming `tag`."""
    sources = sorted(CORPUS.glob("*.pdf"))
    folder.mkdir(parents=True)
    for index in range(count):
        source = sources[index % len(sources)]
        (folder / f"{index:05d}-{source.name}").write_bytes(source.read_bytes() + f"\n% {tag} {index}\n".encode())
    return folder


def cpu_seconds() -> float:
    """CPU of this process (all its threads)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def workers_cpu(pool: ImportPool) -> float:
    """CPU seconds the pool's live worker processes have used (Linux /proc; forkserver workers are
    not this process's children, so RUSAGE_CHILDREN never sees them)."""
    executor = pool._executor  # a benchmark may look inside
    total = 0.0
    for pid in list(executor._processes) if executor is not None else []:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def timed(action: Callable[[], list[ImportResult]], extra_cpu: list[float] | None = None) -> tuple[float, float, int]:
    """(wall s, CPU s, letters stored) of one import; `extra_cpu` adds the workers' CPU."""
    start, start_cpu = time.perf_counter(), cpu_seconds()
    results = action()
    wall, cpu = time.perf_counter() - start, cpu_seconds() - start_cpu + sum(extra_cpu or [])
    return wall, cpu, sum(r.status in ("imported", "copy") for r in results)


def bench_rates(fresh: Callable[[str], str | Path], folder: Path, jobs: int) -> dict[str, object]:
    """Serial and pooled import of `folder` into two fresh stores made by `fresh(name)`."""
    with Store(fresh("serial")) as store:
        serial = timed(lambda: import_paths(store.connection, [folder]))
    with Store(fresh("pooled")) as store:
        worker_cpu: list[float] = []

        def pooled_import() -> list[ImportResult]:
            with ImportPool(jobs) as pool:  # started and ended inside the timing
                results = pool.import_paths(store.connection, [folder])
                worker_cpu.append(workers_cpu(pool))
                return results

        pooled = timed(pooled_import, worker_cpu)
    return {"serial": serial, "pooled": pooled, "workers_cpu": sum(worker_cpu)}


def pool_ready_seconds(jobs: int) -> float:
    """Wall seconds from a new ImportPool to all its workers ready (parser loaded)."""
    start = time.perf_counter()
    with ImportPool(jobs) as pool:
        pool.start()
        executor = pool._executor  # a benchmark may look inside
        assert executor is not None
        for future in [executor.submit(time.sleep, 0.05) for _ in range(jobs)]:
            future.result()
        return time.perf_counter() - start - 0.05


def bench_start_up(fresh: Callable[[str], str | Path], one: Path, jobs: int) -> tuple[float, float]:
    """(serial s, pooled s with a cold pool) for importing one letter."""
    with Store(fresh("one-serial")) as store:
        serial = timed(lambda: import_paths(store.connection, [one]))[0]
    with Store(fresh("one-pooled")) as store, ImportPool(jobs) as pool:
        pooled = timed(lambda: pool.import_paths(store.connection, [one]))[0]
    return serial, pooled


def bench_window_stall(target: str | Path, folder: Path, jobs: int) -> dict[str, float]:
    """The longest gap between 5 ms ticks on the UI thread while the real ImportController imports."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QWidget

    from imr_desk.ui.app import make_application
    from imr_desk.ui.import_worker import ImportController

    make_application()
    parent = QWidget()
    controller = ImportController(target, parent, show_summary=False, jobs=jobs)
    clock, longest, over_20 = QElapsedTimer(), [0], [0]

    def tick() -> None:
        gap = clock.restart() - TICK_MS
        longest[0] = max(longest[0], gap)
        over_20[0] += gap > 20

    results: list[ImportResult] = []
    loop = QEventLoop()
    controller.finished.connect(results.extend)
    controller.finished.connect(loop.quit)
    ticker = QTimer(interval=TICK_MS)
    ticker.timeout.connect(tick)
    start, start_cpu = time.perf_counter(), cpu_seconds()
    clock.start()
    ticker.start()
    controller.start([str(folder)], parent)
    loop.exec()
    ticker.stop()
    wall = time.perf_counter() - start
    pool_cpu = workers_cpu(controller.pool) if controller.pool is not None else 0.0
    controller.shutdown()
    cpu = cpu_seconds() - start_cpu + pool_cpu
    parent.deleteLater()
    stored = sum(r.status in ("imported", "copy") for r in results)
    return {"longest": float(longest[0]), "over_20": float(over_20[0]), "wall": wall, "cpu": cpu,
            "stored": float(stored)}


def load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=1000, help="letters imported each time (default 1000)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: the cores)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args()
    print(f"Parallel import benchmark: {args.letters} letters, {args.jobs} workers, {os.cpu_count()} CPUs; "
          f"load average at the start {load()}\n")
    cold_start = pool_ready_seconds(args.jobs)  # first in this process: the fork server starts too
    warm_start = pool_ready_seconds(args.jobs)  # the fork server is up: workers are forked from it
    rows: list[tuple[str, str, str, str, str, str]] = []
    per_letter: list[tuple[str, float, float]] = []
    cpu_bounds: list[str] = []
    with tempfile.TemporaryDirectory(prefix="imr-desk-bench-import-") as scratch:
        workdir = Path(scratch)
        os.environ["HOME"] = str(workdir)  # the window's settings and any default store stay in here
        backends: list[tuple[str, Callable[[str], str | Path]]] = [("SQLite", lambda name: workdir / f"{name}.sqlite3")]
        server = None
        if not args.no_postgres:
            from tests.support.pg_server import PostgresServer

            server = PostgresServer().start()
            backends.append(("PostgreSQL", lambda name: server.create_database(name.replace("-", "_"))))
        try:
            for backend, fresh in backends:
                letters = write_letters(workdir / f"letters-{backend}", args.letters, backend)
                rates = bench_rates(fresh, letters, args.jobs)
                one = write_letters(workdir / f"one-{backend}", 1, f"one {backend}")
                serial_one, pooled_one = bench_start_up(fresh, one, args.jobs)
                stall_letters = write_letters(workdir / f"window-{backend}", args.letters, f"window {backend}")
                stall = bench_window_stall(fresh("window"), stall_letters, args.jobs)
                (s_wall, s_cpu, s_n), (p_wall, p_cpu, p_n) = rates["serial"], rates["pooled"]  # type: ignore[misc]
                ratio = (p_n / p_wall) / (s_n / s_wall)
                per_letter.append((backend, s_wall / s_n, (p_wall - cold_start) / p_n))
                workers = float(rates["workers_cpu"])  # type: ignore[arg-type]
                parent = p_cpu - workers
                cores = min(args.jobs, os.cpu_count() or 1)
                bound = s_cpu / max(parent, p_cpu / cores)
                cpu_bounds.append(f"{backend}: serial {s_cpu / s_n * 1000:.1f} ms CPU a letter; pooled "
                                  f"{parent / p_n * 1000:.1f} ms in the storing thread + {workers / p_n * 1000:.1f} ms "
                                  f"in the workers; on {cores} idle cores that allows {bound:.2f}×")
                rows.append((backend, f"{s_n / s_wall:.1f} ({s_wall:.1f} / {s_cpu:.1f} s)",
                             f"{p_n / p_wall:.1f} ({p_wall:.1f} / {p_cpu:.1f} s)", f"{ratio:.2f}×",
                             f"{serial_one * 1000:.0f} / {pooled_one * 1000:.0f} ms",
                             f"{stall['longest']:.0f} ms, {int(stall['over_20'])} over 20 ms "
                             f"({int(stall['stored'])} in {stall['wall']:.1f} / {stall['cpu']:.1f} s)"))
        finally:
            if server is not None:
                server.stop()
    header = ("Store", "Serial letters/s (wall / CPU)", "Pooled letters/s (wall / CPU)", "Ratio",
              "1 letter serial / cold pool", "Window's longest stall, pooled")
    widths = [max(len(header[i]), *(len(row[i]) for row in rows)) for i in range(len(header))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
    print(f"\nPool start (workers ready): {cold_start * 1000:.0f} ms with the fork server starting, "
          f"{warm_start * 1000:.0f} ms once it runs")
    for backend, serial_s, pooled_s in per_letter:
        saved = serial_s - pooled_s
        even = f"{cold_start / saved:.0f} / {warm_start / saved:.1f}" if saved > 0 else "never"
        print(f"{backend}: {serial_s * 1000:.1f} ms a letter serially, {pooled_s * 1000:.1f} ms pooled; the pool "
              f"pays for itself from {even} letters (cold / warm fork server)")
    print("\n".join(cpu_bounds))
    print(f"\nTargets: ratio ≥ 1.80× on 2 cores; longest stall ≤ 50 ms. Load average at the end {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
