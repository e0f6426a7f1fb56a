"""Many writer processes correcting letters of one store at once, and the check that no update
was lost: the workload of ``benchmarks/bench_writers.py`` and of tests/core/store/test_many_writers.py.

`prepare_store` stores a few *hot* letters (every writer edits them: conflicts are certain) and
one letter of its own per writer. `run_writers` starts the writer processes (spawned, each with
its own `Store`), lets them go at once and collects what each was told: every edit's value is
unique (``w3-e17``) and is retried until it succeeds, after a `StaleRecordError` (counted as a
conflict) or a busy store (counted as busy) with a fresh read of the version. `verify` then
reads the store afresh and checks, per letter, that every edit a writer was told succeeded is
in the history exactly once, that no two successes were made against the same version read (a
conflict nobody was told of), that history holds nothing no writer was told of, that the final
value is the last successful edit in history order and that the version grew by exactly the
number of successful edits.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imr_desk.core.store import StaleRecordError, Store, StoreError
from tests.support.store_fixtures import add_letter, invented_letter

FIELD = "case_summary"
MAX_ATTEMPTS = 10_000  # per edit: a writer that never gets through reports it instead of looping for ever


@dataclass
class Letters:
    """The letters the writers edit: `hot` (all writers), `own[i]` (writer i only), and the
    version each was at before the run."""

    hot: list[int]
    own: list[int]
    versions: dict[int, int]


@dataclass
class WriterReport:
    """What one writer process was told."""

    index: int
    successes: list[tuple[int, str, int, int]] = field(default_factory=list)  # letter, value, version read, history id
    conflicts: int = 0
    busy: int = 0
    gave_up: int = 0
    errors: list[str] = field(default_factory=list)
    started: float = 0.0
    ended: float = 0.0
    cpu_seconds: float = 0.0


@dataclass
class Verdict:
    """The store's own account checked against the writers' (`problems` lists each mismatch)."""

    successes: int
    conflicts: int
    busy: int
    lost: int
    unreported_conflicts: int
    problems: list[str]


def prepare_store(target: Path | str, writers: int, *, hot: int = 2) -> Letters:
    """Store `hot` shared letters and one per writer (invented case numbers no letter already
    stored has, so a store can take several runs)."""
    with Store(target) as store:
        row = store.one("SELECT coalesce(max(id), 0) AS n FROM letters")
        first = int(row["n"]) if row else 0
        ids = [add_letter(store, invented_letter(f"CM16-9{number:06d}"))
               for number in range(first, first + hot + writers)]
        versions = {letter_id: store.version(letter_id) for letter_id in ids}
    return Letters(ids[:hot], ids[hot:], versions)


def edit_target(letters: Letters, writer: int, edit: int) -> int:
    """The letter writer `writer` edits in its edit number `edit`: hot and own letters in turn
    (only its own when there are no hot letters)."""
    if edit % 2 == 0 and letters.hot:
        return letters.hot[(edit // 2 + writer) % len(letters.hot)]
    return letters.own[writer]


def writer(target: Path | str, index: int, edits: int, letters: Letters, store_wide: bool,
           ready: Any, go: Any, reports: Any) -> None:
    """One writer process: `edits` corrections, each retried until it succeeds; its
    `WriterReport` is put on `reports`. With `store_wide` (PostgreSQL) every letter write takes
    the store's lock exclusively, as before row locks."""
    report = WriterReport(index)
    try:
        if store_wide:
            from imr_desk.core.store import pg_backend

            pg_backend.SHARED_LOCK_SQL = pg_backend.EXCLUSIVE_LOCK_SQL
        store = Store(target)
    except Exception as exc:  # reported to the parent, which fails the run
        report.errors.append(f"writer {index} could not open the store: {exc}")
        ready.put(index)
        reports.put(report)
        return
    ready.put(index)
    go.wait()
    report.started, cpu = time.perf_counter(), time.process_time()
    try:
        for edit in range(edits):
            _one_edit(store, report, edit_target(letters, index, edit), f"w{index}-e{edit}")
    except Exception as exc:
        report.errors.append(f"writer {index}: {type(exc).__name__}: {exc}")
    finally:
        report.ended, report.cpu_seconds = time.perf_counter(), time.process_time() - cpu
        store.close()
        reports.put(report)


def _one_edit(store: Store, report: WriterReport, letter_id: int, value: str) -> None:
    for _ in range(MAX_ATTEMPTS):
        version = store.version(letter_id)
        try:
            entry = store.correct(letter_id, FIELD, value, expected_version=version)
        except StaleRecordError:
            report.conflicts += 1
            continue
        except StoreError as exc:
            if "is busy" not in str(exc):
                raise
            report.busy += 1
            continue
        report.successes.append((letter_id, value, version, entry.id))
        return
    report.gave_up += 1


def run_writers(target: Path | str, letters: Letters, writers: int, edits: int, *,
                store_wide: bool = False) -> list[WriterReport]:
    """Run `writers` processes of `edits` edits each on the store, all starting together."""
    context = multiprocessing.get_context("spawn")
    ready, reports, go = context.Queue(), context.Queue(), context.Event()
    processes = [
        context.Process(target=writer, args=(target, index, edits, letters, store_wide, ready, go, reports))
        for index in range(writers)
    ]
    for process in processes:
        process.start()
    for _ in processes:
        ready.get(timeout=300)
    go.set()
    found = [reports.get(timeout=3600) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    return sorted(found, key=lambda report: report.index)


def verify(target: Path | str, letters: Letters, reports: list[WriterReport]) -> Verdict:
    """Check the store against what the writers were told (see the module's docstring)."""
    problems = [error for report in reports for error in report.errors]
    problems += [f"writer {r.index} gave up on {r.gave_up} edits" for r in reports if r.gave_up]
    told: dict[int, list[tuple[str, int, int]]] = {}
    for report in reports:
        for letter_id, value, version, history_id in report.successes:
            told.setdefault(letter_id, []).append((value, version, history_id))
    lost = unreported = 0
    with Store(target) as store:
        for letter_id in [*letters.hot, *letters.own]:
            mine = told.get(letter_id, [])
            entries = [e for e in store.history(letter_id) if e.action == "correct"]
            in_history = Counter(e.after for e in entries)
            for value, _, _ in mine:
                if in_history[value] != 1:
                    lost += 1
                    problems.append(f"letter {letter_id}: {value} is in the history {in_history[value]} times")
            strangers = set(in_history) - {value for value, _, _ in mine}
            if strangers:
                problems.append(f"letter {letter_id}: history holds edits no writer was told of: {sorted(strangers)}")
            start = letters.versions[letter_id]
            reads = Counter(version for _, version, _ in mine)
            unreported += sum(count - 1 for count in reads.values())
            if sorted(reads) != list(range(start, start + len(mine))):
                problems.append(f"letter {letter_id}: the successful edits were made against versions "
                                f"{sorted(reads.elements())}, not each of {start}…{start + len(mine) - 1} once")
            in_order = [value for value, _, _ in sorted(mine, key=lambda told_edit: told_edit[2])]
            if in_order != [e.after for e in entries]:
                problems.append(f"letter {letter_id}: the history's order differs from the edits' history ids")
            final = getattr(store.load(letter_id).letter, FIELD)
            if mine and final != in_order[-1]:
                lost += 1
                problems.append(f"letter {letter_id}: final value {final!r}, last successful edit {in_order[-1]!r}")
            version = store.version(letter_id)
            if version != start + len(mine):
                problems.append(f"letter {letter_id}: version {version}, expected {start} + {len(mine)} edits")
    return Verdict(
        successes=sum(len(r.successes) for r in reports), conflicts=sum(r.conflicts for r in reports),
        busy=sum(r.busy for r in reports), lost=lost + unreported, unreported_conflicts=unreported,
        problems=problems,
    )

