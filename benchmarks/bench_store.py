"""Store benchmark: import speed, full-text search, record load, queue and size; prints a table.

    .venv/bin/python benchmarks/bench_store.py [--import-letters 1000] [--big 10000]

1. `Store.import_paths` on N corpus PDFs made unique by a trailing PDF comment (so every
   sha256 differs): the whole pipeline (read, extract, parse, store), letters per second.
2. A 10,000-letter store built from the corpus letters parsed once and stored again with
   changed bytes and case numbers (`store_letter`, the import's own write path), then: FTS
   query median over several everyday queries, `load()` of one letter, `queue()` over all
   letters, one correction, and store bytes per letter, in all and by part (SQLite's
   ``dbstat``: each table with its indexes; the FTS5 tables together).

`--big-store PATH` keeps the big store (or reuses one of that size, opened read-only for the
sizes: `--sizes-only PATH` prints only a store's bytes per letter by part, never writing it).

The corpus is read from ``<root>/../shared/corpus``; all stores are temporary.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from imr_desk.core import (  # noqa: E402  (the stable face)
    Store,
    read_letter,
)
from imr_desk.core.store import ANY_VERSION  # noqa: E402
from imr_desk.core.store.importing import store_letter  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "dwc-2016"
QUERIES = ("MRI lumbar", "physical therapy", "opioid", "acupuncture", "Norco", "epidural injection",
           "functional improvement", "knee arthroscopy")


def timed_ms(action: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each of `repeat` runs (CPU time is what the code
    itself needs; on a shared, busy machine wall-clock time also counts waiting for a core)."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def median_ms(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    wall, cpu = timed_ms(action, repeat)
    return statistics.median(wall), statistics.median(cpu)


def cell(wall_cpu: tuple[float, float]) -> str:
    return f"{wall_cpu[0]:.1f} / {wall_cpu[1]:.1f} ms"


def bench_import(count: int, workdir: Path) -> tuple[float, float, int]:
    """(wall s, CPU s, letters imported) for importing `count` varied corpus PDFs."""
    sources = sorted(CORPUS.glob("*.pdf"))
    folder = workdir / "letters"
    folder.mkdir()
    for index in range(count):
        source = sources[index % len(sources)]
        (folder / f"{index:05d}-{source.name}").write_bytes(source.read_bytes() + f"\n% copy {index}\n".encode())
    with Store(workdir / "import.sqlite3") as store:
        start, start_cpu = time.perf_counter(), time.process_time()
        results = store.import_paths([folder])
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
        imported = sum(r.status in ("imported", "copy") for r in results)  # a variant of a stored case is a copy
    return seconds, cpu_seconds, imported


def _part(name: str) -> str:
    """The part of the store a table or index belongs to (dbstat names)."""
    if "_fts" in name:
        return "FTS5 (letters_fts, decisions_fts)"
    for table in ("originals", "letter_content", "decisions", "letters", "history", "corrections"):
        if name == table or name.startswith((f"sqlite_autoindex_{table}_", f"{table}_")):
            return table
    return "other tables and indexes"


def bytes_by_part(path: Path) -> tuple[int, dict[str, int]]:
    """(letters, bytes of each part) of the store at `path`, read-only (``dbstat``: pages
    in use, including their unused space)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        letters = int(connection.execute("SELECT count(*) FROM letters").fetchone()[0])
        parts: dict[str, int] = {}
        for name, size in connection.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
            parts[_part(name)] = parts.get(_part(name), 0) + int(size)
        page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
        parts["free pages"] = int(connection.execute("PRAGMA freelist_count").fetchone()[0]) * page_size
    finally:
        connection.close()
    return letters, parts


def size_rows(path: Path) -> list[tuple[str, str, str]]:
    letters, parts = bytes_by_part(path)
    rows = [(f"  {part}", f"{size / max(letters, 1) / 1024:.1f} KiB", "per letter")
            for part, size in sorted(parts.items(), key=lambda item: -item[1])]
    total = sum(parts.values())
    return [("store bytes per letter, by part (dbstat)", f"{total / max(letters, 1) / 1024:.1f} KiB",
             f"{letters} letters"), *rows]


def build_big_store(path: Path, count: int) -> tuple[Store, float | None]:
    """A store of `count` letters at `path`; an existing one of that size is reused (rate None)."""
    if path.exists():
        store = Store(path)
        if store.count() == count:
            return store, None
        store.close()
        raise SystemExit(f"{path} exists with another number of letters; remove it first.")
    parsed = []
    for source in sorted(CORPUS.glob("*.pdf")):
        letter, document = read_letter(source, ocr=False)
        parsed.append((letter, source.read_bytes(), document.layout_json()))
        document.close()
    store = Store(path)
    start = time.perf_counter()
    for index in range(count):
        letter, data, layout = parsed[index % len(parsed)]
        varied = data + f"\n% copy {index}\n".encode()
        copy = dataclasses.replace(letter, source=dataclasses.replace(letter.source), header=dataclasses.replace(
            letter.header, case_number=f"CM16-{index:07d}"))
        copy.source.sha256 = f"{index:064x}"
        store_letter(store.connection, copy, varied, layout, imported_by="bench", imported_at="2026-01-01T00:00:00Z")
    return store, count / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--import-letters", type=int, default=1000)
    parser.add_argument("--big", type=int, default=10_000)
    parser.add_argument("--big-store", type=Path, help="keep (or reuse) the big store at this path")
    parser.add_argument("--sizes-only", type=Path, help="only print this store's bytes per letter by part")
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = []
    if args.sizes_only:
        print_rows(size_rows(args.sizes_only))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-store-") as scratch:
        workdir = Path(scratch)
        if args.import_letters:
            seconds, cpu_seconds, imported = bench_import(args.import_letters, workdir)
            rows.append((f"import {imported} letters (read, parse, store)", f"{seconds:.1f} / {cpu_seconds:.1f} s",
                         f"{imported / seconds:.1f} letters/s wall, {imported / cpu_seconds:.1f} per CPU second"))
        big_path = args.big_store or workdir / "big.sqlite3"
        store, store_rate = build_big_store(big_path, args.big)
        with store:
            ids = store.letter_ids()
            if store_rate is not None:
                rows.append((f"store {args.big} parsed letters (write path only)", "", f"{store_rate:.0f} letters/s"))
            per_query = [median_ms(lambda q=q: store.search(q), 15) for q in QUERIES]
            rows.append((f"FTS query, median of {len(QUERIES)} queries x 15 ({args.big} letters)",
                         cell((statistics.median(w for w, _ in per_query), statistics.median(c for _, c in per_query))),
                         f"worst query {max(w for w, _ in per_query):.1f} ms wall (target <= 20 ms)"))
            picks = iter(random.Random(7).sample(ids, 200))
            load_wall, load_cpu = timed_ms(lambda: store.load(next(picks)), 200)
            rows.append(("load one letter's full record (200 letters)",
                         cell((statistics.median(load_wall), statistics.median(load_cpu))),
                         f"max {max(load_wall):.1f} ms wall (target <= 10 ms)"))
            rows.append((f"queue() over {len(ids)} letters", cell(median_ms(store.queue, 7)), "median of 7"))
            rows.append(("queue('lumbar') (search + summary rows)", cell(median_ms(lambda: store.queue("lumbar"), 7)),
                         "median of 7"))
            target = ids[len(ids) // 2]
            def correct_once() -> object:
                return store.correct(target, "header.priority", "Expedited", expected_version=ANY_VERSION)

            rows.append(("one correction (lock, version, history, summary)", cell(median_ms(correct_once, 25)),
                         "median of 25"))
            store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size = big_path.stat().st_size
            rows.append(("store bytes per letter", f"{size / len(ids) / 1024:.0f} KiB",
                         f"{size / 1e6:.0f} MB for {len(ids)} letters (original PDF bytes included)"))
        rows.extend(size_rows(big_path))
    rows.append(("machine load average (1 min) at the end", f"{os.getloadavg()[0]:.1f}", "2 cores, shared"))
    print_rows(rows)
    return 0


def print_rows(rows: list[tuple[str, str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)} | {'value (wall / CPU)':>20} | note")
    print(f"{'-' * width}-|-{'-' * 20}-|-----")
    for label, value, note in rows:
        print(f"{label.ljust(width)} | {value:>20} | {note}")


if __name__ == "__main__":
    sys.exit(main())
