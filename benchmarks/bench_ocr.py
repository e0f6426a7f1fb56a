"""OCR benchmark: seconds per page and field accuracy of scanned corpus letters, per OCR
engine and dpi.

Each corpus letter is turned into a scanned copy (200-dpi grayscale page images, no text
layer; optionally turned ~1 degree with light noise), OCR'd with the app's own pipeline at
each ``--ocr-dpi`` with each ``--engine`` (the `tesseract` command, or the engine built into
pymupdf), parsed, and scored against ``shared/corpus/expected``. Prints, per engine and dpi,
the seconds of OCR per page (each worker process uses one core) and the per-field table, then
one summary table of all runs (measured in the same run, so their ratios compare).

    .venv/bin/python benchmarks/bench_ocr.py                      # all letters, 300 dpi
    .venv/bin/python benchmarks/bench_ocr.py --letters 6 --jobs 1 --engine command builtin
    .venv/bin/python benchmarks/bench_ocr.py --letters 8 --ocr-dpi 200 300 400
    .venv/bin/python benchmarks/bench_ocr.py --letters 16 --skew 1.0 --noise 0.002
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from imr_desk.core.ocr import engines as ocr_engines  # noqa: E402
from imr_desk.core.ocr import pages as ocr  # noqa: E402
from tools.ocr_accuracy import decisions_agree, read_scanned, score_letter, summary_table  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=0, help="first N corpus letters (default: all)")
    parser.add_argument("--ocr-dpi", type=int, nargs="+", default=[ocr.OCR_DPI])
    parser.add_argument("--skew", type=float, default=0.0, help="degrees each scanned page is turned")
    parser.add_argument("--noise", type=float, default=0.0, help="share of pixels set black/white")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (one core each)")
    parser.add_argument("--engine", nargs="+", choices=("command", "builtin"), help="default: the one in use")
    parser.add_argument("--failures", action="store_true", help="list every field that did not match")
    args = parser.parse_args()
    if not ocr.ocr_available():
        print(ocr.missing_ocr_advice())
        return 1
    letters = sorted((CORPUS / "dwc-2016").glob("*.pdf"))
    if args.letters:
        letters = letters[: args.letters]
    pages = sum(_page_count(path) for path in letters)
    print(f"{len(letters)} letters, {pages} pages; scan 200 dpi gray, skew {args.skew} deg, noise {args.noise}")
    context = multiprocessing.get_context("spawn")
    engines = args.engine or ["command" if ocr_engines.tesseract_command() else "builtin"]
    rows = []
    for engine in engines:
        os.environ[ocr_engines.ENGINE_VARIABLE] = engine  # read by the spawned workers
        for dpi in args.ocr_dpi:
            started = time.perf_counter()
            work = partial(read_scanned, skew_degrees=args.skew, noise=args.noise, ocr_dpi=dpi)
            with ProcessPoolExecutor(args.jobs, mp_context=context) as pool:
                results = list(pool.map(work, [str(path) for path in letters]))
            wall = time.perf_counter() - started
            rows.append((engine, dpi, *_report(engine, dpi, letters, results, pages, wall, args.failures)))
    print("\n| engine | OCR dpi | s/page mean | s/page max | fields exact |\n|---|---|---|---|---|")
    for engine, dpi, mean, worst, exact, fields in rows:
        print(f"| {engine} | {dpi} | {mean:.2f} | {worst:.2f} | {exact}/{fields} ({100 * exact / fields:.2f}%) |")
    return 0


def _report(
    engine: str, dpi: int, letters: list[Path], results: list[dict], pages: int, wall: float, failures: bool
) -> tuple[float, float, int, int]:
    """Print one run's figures; return its (mean s/page, max s/page, fields exact, fields)."""
    scores = []
    errors = []
    decisions_wrong = []
    per_page = []
    for path, letter_json in zip(letters, results):
        expected = json.loads((CORPUS / "expected" / f"{path.name}.json").read_text(encoding="utf-8"))
        if "error" in letter_json:
            errors.append(f"{path.name}: {letter_json['error']['message']}")
            letter_json = {"header": {}, "reviewer": {}, "patient": {}, "case_summary": None, "decisions": []}
        else:
            per_page.append(letter_json["ocr_seconds"] / letter_json["source"]["pages"])
        scores += score_letter(path.name, expected, letter_json)
        if not decisions_agree(expected, letter_json):
            decisions_wrong.append(path.name)
    print(f"\n== OCR with the {engine} engine at {dpi} dpi ==")
    if per_page:
        print(
            f"OCR seconds per page (one core): mean {statistics.mean(per_page):.2f}, "
            f"max {max(per_page):.2f}; wall {wall:.0f} s for {pages} pages"
        )
    print(f"decision count and outcomes right: {len(letters) - len(decisions_wrong)}/{len(letters)} letters")
    for line in errors + [f"decisions differ: {name}" for name in decisions_wrong]:
        print(f"  {line}")
    print(summary_table(scores))
    if failures:
        for score in scores:
            if not score.exact:
                print(f"- {score.file} {score.key} ({score.similarity:.3f})\n"
                      f"    expected: {score.expected!r}\n"
                      f"    found:    {score.found!r}")
    exact = sum(score.exact for score in scores)
    return (statistics.mean(per_page) if per_page else 0.0, max(per_page, default=0.0), exact, len(scores))


def _page_count(path: Path) -> int:
    import pymupdf

    with pymupdf.open(path) as pdf:
        return pdf.page_count


if __name__ == "__main__":
    raise SystemExit(main())
