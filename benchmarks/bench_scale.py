"""Scale benchmark: search, the queue, opening a letter, memory and size at 10k / 30k / 100k
letters, on SQLite and PostgreSQL; prints one table per backend (a column per size).

    .venv/bin/python benchmarks/bench_scale.py [--sizes 10000,30000,100000]
        [--backends sqlite,postgresql] [--cache /tmp/imr-scale] [--pg URL] [--rebuild]

Stores come from ``scale_store.py`` (built once, cached under --cache). For each store:

1. search: `Store.search(q)` and `Store.queue(q)` over the everyday queries of
   ``bench_store.py``, median of 5 runs each, then the median over the queries (and the worst
   query); `Store.queue()` of every case for comparison. Target: search ≤ 20 ms.
2. the queue's first screen: the real `QueuePanel` (1400×900, offscreen) in a fresh process,
   ``set_store`` until its first paint (cold, then warm), then 10 page-downs of its scroll bar,
   each with a repaint (median / max). Target ≤ 100 ms, scrolling smooth.
3. open a stored letter: the real `MainWindow` in a fresh process, `open_letter` + a repaint
   of the letter view until its first page is drawn with its highlights (as
   ``bench_gui.py``), median of 20 random letters after one untimed. Target ≤ 100 ms.
4. memory: a fresh window process on the store (the queue shown, as ``bench_gui.py``), its
   resident set (VmRSS) — and again after scrolling the queue to its last row. Target ≤ 300 MB.
5. size: bytes per letter (SQLite: the file; PostgreSQL: ``pg_database_size``) and by table.

Times are wall / CPU ms (CPU: this process's, or the child's; PostgreSQL's server CPU is
not in it). On a shared machine the wall time grows with the load, the CPU time much less.
Nothing is asserted: the figures go into the "Scale" section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_store import QUERIES, timed_ms  # noqa: E402  (benchmarks/ is sys.path[0])
from scale_store import DEFAULT_CACHE, built_store, postgres  # noqa: E402

from imr_desk.core import Store  # noqa: E402  (the stable face)

OPENS = 20
PAGE_DOWNS = 10


def rss_mb() -> int:
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmRSS")).split()[1]) // 1024


# -- the children (fresh processes with Qt) -------------------------------------------------------
def child_queue(target: str) -> dict[str, Any]:
    from bench_gui import Stopwatch, settle
    from PySide6.QtWidgets import QAbstractSlider

    from imr_desk.ui.app import make_application
    from imr_desk.ui.queue_panel import QueuePanel

    app = make_application()
    store = Store(target)
    panel = QueuePanel()
    panel.resize(1400, 900)
    panel.show()
    settle(app)
    first = []
    for _ in range(2):  # cold (first query of the process), then warm
        with Stopwatch() as shown:
            panel.set_store(store)
            panel.table.viewport().repaint()
            app.processEvents()
        first.append(shown)
    bar = panel.table.verticalScrollBar()
    pages = []
    for _ in range(PAGE_DOWNS):
        with Stopwatch() as page:
            bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
            app.processEvents()
            panel.table.viewport().repaint()
        pages.append(page)
    return {"cold": [first[0].wall, first[0].cpu], "warm": [first[1].wall, first[1].cpu],
            "pages": [[p.wall, p.cpu] for p in pages], "rows": panel.model.rowCount(), "scrolled_to": bar.value()}


def child_open(target: str) -> dict[str, Any]:
    from bench_gui import Stopwatch, settle

    from imr_desk.ui.app import make_application, show_window

    app = make_application()
    store = Store(target)
    ids = random.Random(16).sample(store.letter_ids(), OPENS + 1)
    window = show_window(store)
    window.resize(1400, 900)
    settle(app, 10)
    pane = window.letter_pane
    viewport = pane.view.viewport()
    opens = []
    for letter_id in ids:
        with Stopwatch() as opened:
            window.open_letter(letter_id)
            viewport.repaint()
        if pane.scene.is_pdf and not (pane.scene.is_rendered(0) and pane.scene.drawn_item("header.case_number")):
            raise RuntimeError(f"letter {letter_id}: first page not drawn with its highlights")
        opens.append([opened.wall, opened.cpu])
        settle(app)
    window.close()
    return {"first": opens[0], "opens": opens[1:]}


def child_memory(target: str) -> dict[str, Any]:
    from imr_desk.ui.app import make_application, show_window

    app = make_application()
    window = show_window(Store(target))
    window.resize(1400, 900)
    for _ in range(20):
        app.processEvents()
    shown_rows, shown_mb = window.queue.table.model().rowCount(), rss_mb()
    window.queue.table.scrollToBottom()
    for _ in range(20):
        app.processEvents()
    result = {"rows": shown_rows, "rss_mb": shown_mb, "scrolled_rows": window.queue.table.model().rowCount(),
              "scrolled_rss_mb": rss_mb(), "cpu_s": time.process_time()}
    window.close()
    return result


CHILDREN = {"queue": child_queue, "open": child_open, "memory": child_memory}


def run_child(kind: str, target: str, workdir: Path) -> dict[str, Any]:
    """Run one measurement in a fresh process (clean memory, no Qt in this one)."""
    from bench_startup import scratch_env

    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, target], env={**scratch_env(workdir), "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=1800,
    )
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["no output"])[-1]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- in this process: search and size ------------------------------------------------------------
def _proc_stat(pid: int) -> list[str]:
    """/proc/<pid>/stat's fields after the command name (state, ppid, …)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def server_cpu_ms(store: Store) -> float | None:
    """CPU ms the PostgreSQL server has spent for this store's connection, for a server on this
    machine (else None): its backend process's own, plus what the postmaster's finished
    children (the parallel query workers) used — counted as the postmaster reaps them."""
    if not store.is_postgres:
        return None
    pid = store.one("SELECT pg_backend_pid() AS pid")["pid"]  # type: ignore[index]
    try:
        backend = _proc_stat(pid)
        postmaster = _proc_stat(int(backend[1]))
    except OSError:
        return None
    ticks = int(backend[11]) + int(backend[12]) + int(postmaster[13]) + int(postmaster[14])
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def search_figures(target: str) -> dict[str, Any]:
    with Store(target) as store:
        store.search(QUERIES[0])  # the first query of a connection pays for opening the indexes
        server_before = server_cpu_ms(store)
        search = [timed_ms(functools.partial(store.search, q), 5) for q in QUERIES]
        server_after = server_cpu_ms(store)
        queue = [timed_ms(functools.partial(store.queue, q), 3) for q in QUERIES]
        whole = timed_ms(store.queue, 3)
    medians = [(statistics.median(w), statistics.median(c)) for w, c in search]
    queue_medians = [(statistics.median(w), statistics.median(c)) for w, c in queue]
    worst = max(range(len(QUERIES)), key=lambda i: medians[i][0])
    queue_worst = max(range(len(QUERIES)), key=lambda i: queue_medians[i][0])
    figures = {
        "search": [statistics.median(w for w, _ in medians), statistics.median(c for _, c in medians)],
        "search_worst": [medians[worst][0], QUERIES[worst]],
        "queue_query": [statistics.median(w for w, _ in queue_medians), statistics.median(c for _, c in queue_medians)],
        "queue_query_worst": [queue_medians[queue_worst][0], QUERIES[queue_worst]],
        "queue_all": [statistics.median(whole[0]), statistics.median(whole[1])],
    }
    if server_before is not None and server_after is not None:
        figures["search_server_cpu"] = (server_after - server_before) / (5 * len(QUERIES))
    return figures


def size_figures(target: str, letters: int) -> dict[str, Any]:
    """Bytes per letter, total and for the biggest tables (indexes and full-text tables counted
    with the table they belong to)."""
    with Store(target) as store:
        if store.is_postgres:
            total = store.one("SELECT pg_database_size(current_database()) AS b")["b"]  # type: ignore[index]
            rows = store.db.query(
                "SELECT c.relname AS name, pg_total_relation_size(c.oid) AS b FROM pg_class c JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = current_schema()")
            tables = {row["name"]: row["b"] for row in rows}
        else:
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            total = Path(target).stat().st_size
            owner = dict(store.db.execute("SELECT name, tbl_name FROM sqlite_master").fetchall())
            tables = {}
            for name, size in store.db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
                table = owner.get(name, name)
                for fts in ("letters_fts", "decisions_fts"):
                    table = fts if table.startswith(fts) else table
                tables[table] = tables.get(table, 0) + size
    biggest = sorted(tables.items(), key=lambda item: -item[1])[:6]
    return {"per_letter_kib": total / letters / 1024, "total_mb": total / 1e6,
            "tables": {name: size / letters / 1024 for name, size in biggest}}


def measure(letters: int, backend: str, cache: Path, server_url: str | None, workdir: Path,
            rebuild: bool = False) -> dict[str, Any]:
    started = time.perf_counter()
    target, build = built_store(letters, backend, cache, server_url, rebuild=rebuild)
    figures: dict[str, Any] = {"build": build, "ready_s": time.perf_counter() - started}
    figures.update(search_figures(target))
    for kind in CHILDREN:
        figures[kind] = run_child(kind, target, workdir)
    figures["size"] = size_figures(target, letters)
    print(f"  {backend} {letters:,}: {json.dumps(figures)}", file=sys.stderr, flush=True)
    return figures


# -- the table ---------------------------------------------------------------------------------
def pair(value: list[float] | None) -> str:
    return "—" if not value else f"{value[0]:.1f} / {value[1]:.1f}"


def spread(values: list[list[float]]) -> str:
    if not values:
        return "—"
    wall = [v[0] for v in values]
    return f"{statistics.median(wall):.1f} / {statistics.median(v[1] for v in values):.1f} (max {max(wall):.0f})"


def table_rows(results: dict[int, dict[str, Any]]) -> list[tuple[str, list[str], str]]:
    def each(cell: Any) -> list[str]:
        out = []
        for figures in results.values():
            try:
                out.append(cell(figures))
            except (KeyError, TypeError, ValueError, statistics.StatisticsError):
                out.append("error: " + str(figures.get("queue", {}).get("error") or figures.get("open", {})
                                            .get("error") or figures.get("memory", {}).get("error") or "?")[:60])
        return out

    return [
        ("Search, median of the everyday queries (ms)", each(lambda f: pair(f["search"])), "≤ 20 ms"),
        ("Search, server CPU per query, mean (PostgreSQL backend + parallel workers, ms)",
         each(lambda f: f"{f['search_server_cpu']:.1f}" if "search_server_cpu" in f else "—"), ""),
        ("Search, worst query (wall ms)", each(lambda f: "{:.1f} ({})".format(*f["search_worst"])), "≤ 20 ms"),
        ("queue(query), median of the queries (ms)", each(lambda f: pair(f["queue_query"])), ""),
        ("queue(query), worst query (wall ms)", each(lambda f: "{:.1f} ({})".format(*f["queue_query_worst"])), ""),
        ("queue() of every case (ms)", each(lambda f: pair(f["queue_all"])), ""),
        ("Queue first screen, cold: set_store → painted (ms)", each(lambda f: pair(f["queue"]["cold"])), "≤ 100 ms"),
        ("Queue first screen, warm (ms)", each(lambda f: pair(f["queue"]["warm"])), "≤ 100 ms"),
        (f"Queue page-down + repaint, median of {PAGE_DOWNS} (ms)", each(lambda f: spread(f["queue"]["pages"])),
         "smooth (≤ 16 ms)"),
        ("Open letter → first page with highlights, first (ms)", each(lambda f: pair(f["open"]["first"])), ""),
        (f"Open letter → first page with highlights, median of {OPENS} (ms)",
         each(lambda f: spread(f["open"]["opens"])), "≤ 100 ms"),
        ("Window memory, queue shown (MB RSS)",
         each(lambda f: f"{f['memory']['rss_mb']} ({f['memory']['rows']:,} rows)"), "≤ 300 MB"),
        ("Window memory, queue scrolled to the end (MB RSS)",
         each(lambda f: f"{f['memory']['scrolled_rss_mb']} ({f['memory']['scrolled_rows']:,} rows)"), "≤ 300 MB"),
        ("Store size per letter (KiB)", each(lambda f: f"{f['size']['per_letter_kib']:.1f}"), ""),
        ("Store size (MB)", each(lambda f: f"{f['size']['total_mb']:,.0f}"), ""),
        ("Build: base + copy + deadlines (s)", each(lambda f: (
            f"{f['build']['base_s']} + {f['build']['copy_s']} + {f['build']['deadlines_s']}"
            if "base_s" in f["build"] else "cached")), ""),
    ]


def print_table(backend: str, results: dict[int, dict[str, Any]]) -> None:
    sizes = [f"{n:,} letters" for n in results]
    rows = table_rows(results)
    print(f"\n### {backend} (wall / CPU ms unless said)\n")
    print("| Measure | " + " | ".join(sizes) + " | Target |")
    print("|---|" + "---|" * len(sizes) + "---|")
    for name, cells, target in rows:
        print(f"| {name} | " + " | ".join(cells) + f" | {target} |")
    print(f"\nBytes per letter by table (KiB; indexes and full-text tables with their table), {backend}:")
    for letters, figures in results.items():
        tables = figures.get("size", {}).get("tables", {})
        print(f"- {letters:,}: " + ", ".join(f"{name} {kib:.1f}" for name, kib in tables.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--pg", help="a PostgreSQL server URL (default: a private server under --cache)")
    parser.add_argument("--rebuild", action="store_true", help="build the stores again (the code changed)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        print(json.dumps(CHILDREN[args.child[0]](args.child[1])), flush=True)
        return 0
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",")]
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as scratch:
        for backend in args.backends.split(","):
            server = postgres(args.cache, args.pg) if backend == "postgresql" else nullcontext(None)
            with server as server_url:
                results = {n: measure(n, backend, args.cache, server_url, Path(scratch), args.rebuild)
                           for n in sizes}
            print_table(backend, results)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\nStarted {started}; {os.cpu_count()} CPUs, load average at the end {load}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
