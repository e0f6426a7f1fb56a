"""No update is ever lost (issue 16): writer processes correcting the same letters at once, on
both backends. Each writer retries a conflicting edit after a fresh read; afterwards the store
must hold every edit a writer was told succeeded exactly once, in order, with the version
grown by exactly that many edits, and no two successes made against the same version read (a
conflict nobody was told of). ``tests/support/many_writers.py`` is the workload;
``benchmarks/bench_writers.py`` runs it bigger and measures it."""

from __future__ import annotations

from pathlib import Path

from tests.support.many_writers import prepare_store, run_writers, verify

WRITERS, EDITS = 4, 25


def test_four_writer_processes_lose_no_update_and_every_conflict_is_reported(store_target: Path | str) -> None:
    letters = prepare_store(store_target, WRITERS)
    reports = run_writers(store_target, letters, WRITERS, EDITS)
    verdict = verify(store_target, letters, reports)
    assert verdict.problems == []
    assert verdict.lost == 0 and verdict.unreported_conflicts == 0
    assert verdict.successes == WRITERS * EDITS
    told = {(letter_id, value) for report in reports for letter_id, value, _, _ in report.successes}
    assert len(told) == WRITERS * EDITS  # every value unique, each edit told once


def test_the_store_wide_lock_of_before_loses_no_update_either(pg_target: str) -> None:
    letters = prepare_store(pg_target, 2)
    reports = run_writers(pg_target, letters, 2, 10, store_wide=True)
    verdict = verify(pg_target, letters, reports)
    assert verdict.problems == [] and verdict.lost == 0 and verdict.successes == 20


def test_the_check_finds_a_lost_update_and_an_unreported_conflict(tmp_store_path: Path) -> None:
    letters = prepare_store(tmp_store_path, 1)
    reports = run_writers(tmp_store_path, letters, 1, 4)
    assert verify(tmp_store_path, letters, reports).lost == 0
    letter_id, _, version, history_id = reports[0].successes[-1]
    reports[0].successes.append((letter_id, "w0-never-stored", version, history_id + 1))  # told, not stored
    verdict = verify(tmp_store_path, letters, reports)
    # not in the history, not the final value, and made against a version another success used
    assert verdict.lost == 3 and verdict.unreported_conflicts == 1
    assert any("w0-never-stored is in the history 0 times" in problem for problem in verdict.problems)
