"""Parse benchmark: what a full parse costs next to bare text extraction; prints a table.

    .venv/bin/python benchmarks/bench_parse.py [--repeat 5] [--cli-runs 7]

1. For every corpus PDF, alternately: raw pymupdf plain-text extraction (open the file and
   ``page.get_text()`` on every page) and the full parse (`read_letter` with regions for every
   decision and letter-level span). Each letter's time is the median of its repeats; the table
   shows the median over letters and the ratio full / raw (target ≤ 2.0). Times are CPU time
   of this process (``time.process_time``): the machine is shared, and wall time mostly
   measures how long other people's jobs held the CPU.
2. A fresh ``imr-desk parse`` of one letter as a subprocess (interpreter start included),
   median of several runs (target ≤ 0.6 s), as wall time and as the child's CPU time.

The corpus is read from ``<root>/../shared/corpus``; nothing is written.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402

from imr_desk.core import read_letter  # noqa: E402  (the stable face: docs/architecture.md)

CORPUS = ROOT.parent / "shared" / "corpus" / "dwc-2016"
CLI_LETTER = "CM16-0248698.pdf"  # the longest letter: 21 decisions


def raw_extraction(path: Path) -> int:
    with pymupdf.open(path) as document:
        return sum(len(page.get_text()) for page in document)


def full_parse(path: Path) -> int:
    letter, document = read_letter(path, ocr=False)
    document.close()
    return len(letter.decisions)


def timed_ms(action, path: Path) -> float:
    start = time.process_time()
    action(path)
    return (time.process_time() - start) * 1000


def bench_letters(repeat: int) -> tuple[list[float], list[float], list[float]]:
    raw_times, full_times, ratios = [], [], []
    for path in sorted(CORPUS.glob("*.pdf")):
        raw_runs, full_runs = [], []
        for _ in range(repeat):  # alternate, so machine load hits both alike
            raw_runs.append(timed_ms(raw_extraction, path))
            full_runs.append(timed_ms(full_parse, path))
        raw_times.append(statistics.median(raw_runs))
        full_times.append(statistics.median(full_runs))
        ratios.append(full_times[-1] / raw_times[-1])
    return raw_times, full_times, ratios


def bench_cli(runs: int) -> tuple[list[float], list[float]]:
    letter = CORPUS / CLI_LETTER
    command = [str(ROOT / ".venv" / "bin" / "imr-desk"), "parse", str(letter)]
    if not Path(command[0]).exists():
        command = [sys.executable, "-m", "imr_desk", "parse", str(letter)]
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per letter and method")
    parser.add_argument("--cli-runs", type=int, default=7, help="fresh `imr-desk parse` runs")
    args = parser.parse_args()
    for path in sorted(CORPUS.glob("*.pdf"))[:3]:  # warm the file cache and imports
        full_parse(path)
        raw_extraction(path)
    raw, full, ratios = bench_letters(args.repeat)
    cli_wall, cli_cpu = bench_cli(args.cli_runs)
    median_raw, median_full = statistics.median(raw), statistics.median(full)
    rows = [
        ("letters (corpus PDFs)", f"{len(raw)}", ""),
        ("raw pymupdf get_text(), median CPU ms/letter", f"{median_raw:.1f}", ""),
        ("full parse read_letter() + regions, median CPU ms/letter", f"{median_full:.1f}", ""),
        ("ratio full / raw (of the medians)", f"{median_full / median_raw:.2f}", "≤ 2.0"),
        ("ratio full / raw, median over letters", f"{statistics.median(ratios):.2f}", "≤ 2.0"),
        ("ratio full / raw, worst letter", f"{max(ratios):.2f}", ""),
        (f"fresh `imr-desk parse {CLI_LETTER}`, median wall s", f"{statistics.median(cli_wall):.3f}", "≤ 0.6"),
        (f"fresh `imr-desk parse {CLI_LETTER}`, median CPU s", f"{statistics.median(cli_cpu):.3f}", "≤ 0.6"),
    ]
    width = max(len(name) for name, _, _ in rows)
    print(f"| {'measure':<{width}} | {'value':>8} | target |")
    print(f"|{'-' * (width + 2)}|{'-' * 10}|--------|")
    for name, value, target in rows:
        print(f"| {name:<{width}} | {value:>8} | {target:<6} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
