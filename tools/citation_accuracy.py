"""How exactly the guideline citations match the corpus's expected ones, per side.

    .venv/bin/python tools/citation_accuracy.py [--corpus ../shared/corpus] [--show-misses]

Parses every corpus letter (OCR off: the corpus PDFs have a text layer), reads each
decision's two guideline lines into citations (``core/analysis/citations.py``) and compares
them with ``expected-categories.jsonl`` (``note`` keys left out, citations.md A4). A side
matches when its whole list of citations is equal. Prints the exact-match rate per side,
the time per decision spent on citations, and how many citations each body and guideline
has (found and expected). Exit status 0 when every side matches, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from imr_desk.core.analysis.citations import decision_citations  # noqa: E402
from imr_desk.core.parsing.letters import read_letter  # noqa: E402

SIDES = ("claims_administrator", "maximus")


def _expected(corpus: Path) -> dict[str, dict[int, dict[str, Any]]]:
    rows = [json.loads(line) for line in (corpus / "expected-categories.jsonl").read_text("utf-8").splitlines() if line]
    return {row["file"]: {d["index"]: d["citations"] for d in row["decisions"]} for row in rows}


def _without_notes(citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in citation.items() if key != "note"} for citation in citations]


def _tally(counts: Counter[str], citations: list[dict[str, Any]]) -> None:
    for citation in citations:
        label = "(not addressed)" if citation.get("not_addressed") else citation["guideline"] or "(no guideline)"
        counts[f"{citation['body']} · {label}"] += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=PROJECT_ROOT.parent / "shared" / "corpus")
    parser.add_argument("--show-misses", action="store_true", help="print each side that does not match")
    args = parser.parse_args(argv)
    expected = _expected(args.corpus)
    matched = Counter[str]()
    total = Counter[str]()
    found_counts = Counter[str]()
    expected_counts = Counter[str]()
    decisions = 0
    seconds = 0.0
    letters = sorted((args.corpus / "dwc-2016").glob("*.pdf")) + sorted((args.corpus / "seeds").glob("*.txt"))
    for path in letters:
        letter, _ = read_letter(path, ocr=False)
        wanted = expected.get(path.name, {})
        for index, decision in enumerate(letter.decisions):
            started = time.perf_counter()
            found = decision_citations(decision).to_json()
            seconds += time.perf_counter() - started
            decisions += 1
            for side in SIDES:
                want = _without_notes(wanted.get(index, {}).get(side, []))
                total[side] += 1
                matched[side] += found[side] == want
                _tally(found_counts, found[side])
                _tally(expected_counts, want)
                if found[side] != want and args.show_misses:
                    print(f"MISS {path.name} decision {index} {side}\n  found    {found[side]}\n  expected {want}")
    print(f"{len(letters)} letters, {decisions} decisions")
    for side in SIDES:
        rate = matched[side] / total[side] if total[side] else 0.0
        print(f"  {side:22} {matched[side]:4}/{total[side]:<4} exact  {rate:7.2%}")
    print(f"  citations: {seconds / max(decisions, 1) * 1e6:.0f} µs per decision (both sides)")
    print("citations per body · guideline (found / expected):")
    for key in sorted(set(found_counts) | set(expected_counts)):
        print(f"  {found_counts[key]:4} / {expected_counts[key]:<4} {key}")
    return 0 if matched == total else 1


if __name__ == "__main__":
    sys.exit(main())
