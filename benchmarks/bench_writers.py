"""Many writers on one store: N writer processes × M corrections each, and no update lost.

    .venv/bin/python benchmarks/bench_writers.py [--writers 8] [--edits 200] [--hot 2]
        [--db URL] [--store-wide] [--no-sqlite]

Each writer process (``tests/support/many_writers.py``) loops over its edits: read a letter's
version, correct its case summary to a value no other edit writes, and on `StaleRecordError`
(a conflict: another desk wrote first) or a busy store read again and retry. Half of each
writer's edits go to a few *hot* letters every writer edits (`--hot`, conflicts are certain),
half to a letter of its own. Afterwards the store is read afresh and checked: every edit a
writer was told succeeded is in the history exactly once, no two successes were made against
the same version read, the final value is the last successful edit in history order and the
version grew by the number of successful edits. A lost update makes the script exit 1.

Runs, each on a new store: PostgreSQL with row locks (a private server started as the tests
start theirs, ``tests/support/pg_server.py``, or the empty database `--db` names), with
`--store-wide` also PostgreSQL with every letter write under the old store-wide lock, and
SQLite (one ``BEGIN IMMEDIATE`` writer at a time) unless `--no-sqlite`. Wall time runs from the
moment all writers start to the last one's end; CPU is the writers' own (client) seconds, and
on the private server also the server's backends (its postmaster's reaped children).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.many_writers import Verdict, prepare_store, run_writers, verify  # noqa: E402
from tests.support.pg_server import PostgresServer  # noqa: E402


@dataclass
class Run:
    """One measured run."""

    name: str
    writers: int
    edits: int
    verdict: Verdict
    wall_s: float
    client_cpu_s: float
    server_cpu_s: float | None


def _server_cpu_s(server: PostgresServer | None) -> float | None:
    """CPU seconds the private server's finished children (backends) have used so far."""
    if server is None:
        return None
    pid = (server.data_dir / "postmaster.pid").read_text().split()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[13]) + int(fields[14])  # cutime, cstime (fields 16 and 17 of stat)
    return ticks / os.sysconf("SC_CLK_TCK")


def measure(name: str, target: Path | str, args: argparse.Namespace, server: PostgresServer | None,
            *, store_wide: bool = False) -> Run:
    letters = prepare_store(target, args.writers, hot=args.hot)
    before = _server_cpu_s(server)
    reports = run_writers(target, letters, args.writers, args.edits, store_wide=store_wide)
    time.sleep(0.5)  # the server reaps the writers' backends
    after = _server_cpu_s(server)
    verdict = verify(target, letters, reports)
    wall = max(r.ended for r in reports) - min(r.started for r in reports)
    server_cpu = None if before is None or after is None else after - before
    return Run(name, args.writers, args.edits, verdict, wall, sum(r.cpu_seconds for r in reports), server_cpu)


@contextmanager
def pg_databases(url: str | None) -> Iterator[tuple[Callable[[str], str], PostgresServer | None]]:
    """A maker of new databases on a private server (stopped afterwards), or `url` itself."""
    if url is not None:
        yield (lambda _name: url), None
        return
    server = PostgresServer().start()
    try:
        yield (lambda name: server.create_database(name)), server
    finally:
        server.stop()


def table(runs: list[Run]) -> str:
    lines = ["| store, locks | writers | edits each | successes | conflicts reported | lost updates | "
             "busy errors | edits/s (wall) | wall s | CPU s client / server |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for run in runs:
        v = run.verdict
        server = "–" if run.server_cpu_s is None else f"{run.server_cpu_s:.1f}"
        lines.append(f"| {run.name} | {run.writers} | {run.edits} | {v.successes} | {v.conflicts} | {v.lost} | "
                     f"{v.busy} | {v.successes / run.wall_s:.0f} | {run.wall_s:.1f} | "
                     f"{run.client_cpu_s:.1f} / {server} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--edits", type=int, default=200, help="edits per writer")
    parser.add_argument("--hot", type=int, default=2, help="letters every writer edits (0: each its own only)")
    parser.add_argument("--db", help="an empty PostgreSQL database to use instead of a private server")
    parser.add_argument("--store-wide", action="store_true", help="also run PostgreSQL with the old store-wide lock")
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    load_before = os.getloadavg()
    runs: list[Run] = []
    with pg_databases(args.db) as (new_database, server):
        runs.append(measure("PostgreSQL, row locks", new_database("bench_rows"), args, server))
        if args.store_wide:
            runs.append(measure("PostgreSQL, store-wide lock", new_database("bench_store_wide"), args, server,
                                store_wide=True))
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory(prefix="bench-writers-") as folder:
            runs.append(measure("SQLite, BEGIN IMMEDIATE", Path(folder) / "writers.sqlite3", args, None))
    load_after = os.getloadavg()
    print(table(runs))
    print(f"\nload average (1 min) {load_before[0]:.1f} before, {load_after[0]:.1f} after; {os.cpu_count()} cores")
    failed = False
    for run in runs:
        for problem in run.verdict.problems:
            print(f"{run.name}: {problem}", file=sys.stderr)
        failed = failed or run.verdict.lost > 0 or bool(run.verdict.problems)
    if failed:
        print("An update was lost or a check failed (see above).", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
