"""How well `core.analysis.categories` names the treatment category of the corpus decisions.

Parses every corpus letter (``../shared/corpus``, OCR off), categorises each decision and
compares it with ``expected-categories.jsonl`` (an ambiguous label counts as right for any of
its alternatives). Prints right/total per expected category, how many requests the lexicons
cover on their own (the rest fell back on the original request, guidelines or rationale),
the lexicon sizes, the time per decision, and every miss.

    .venv/bin/python tools/category_accuracy.py [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from imr_desk.core.analysis.categories import categorize, covered_by_lexicon, lexicon_sizes
from imr_desk.core.findings import Category
from imr_desk.core.model import Decision, LetterError
from imr_desk.core.parsing.letters import read_letter

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
TIMING_ROUNDS = 20


def _accepted(label: dict) -> list[Category]:
    options = [label, *(label.get("alternatives") or [])] if label.get("ambiguous") else [label]
    return [Category(o["category"], o["sub_category"], o["drug_class"]) for o in options]


def _corpus_decisions(corpus: Path) -> list[tuple[str, Decision, dict]]:
    rows = [json.loads(line) for line in (corpus / "expected-categories.jsonl").read_text("utf-8").splitlines() if line]
    expected = {row["file"]: row["decisions"] for row in rows}
    found: list[tuple[str, Decision, dict]] = []
    for path in sorted((corpus / "dwc-2016").glob("*.pdf")) + sorted((corpus / "seeds").glob("*.txt")):
        labels = expected.get(path.name)
        if labels is None:
            print(f"{path.name}: no expected categories", file=sys.stderr)
            continue
        try:
            letter, _ = read_letter(path, ocr=False)
        except LetterError as error:
            print(f"{path.name}: {error}", file=sys.stderr)
            continue
        if len(letter.decisions) != len(labels):
            print(f"{path.name}: {len(letter.decisions)} decisions parsed, {len(labels)} expected", file=sys.stderr)
        found.extend((path.name, decision, label) for decision, label in zip(letter.decisions, labels, strict=False))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    if not (args.corpus / "expected-categories.jsonl").is_file():
        print(f"{args.corpus}: no expected-categories.jsonl there", file=sys.stderr)
        return 2
    decisions = _corpus_decisions(args.corpus)
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses: list[str] = []
    covered = 0
    for name, decision, label in decisions:
        key = Category(label["category"], label["sub_category"], label["drug_class"]).label()
        total[key] += 1
        found = categorize(decision)
        covered += covered_by_lexicon(decision.request)
        if found in _accepted(label):
            right[key] += 1
        else:
            misses.append(f"  {name} #{label['index']}: {decision.request!r} -> {found.label() if found else None}"
                          f" (expected {key})")
    start = time.perf_counter()
    for _ in range(TIMING_ROUNDS):
        for _, decision, _ in decisions:
            categorize(decision)
    per_decision = (time.perf_counter() - start) / max(1, TIMING_ROUNDS * len(decisions)) * 1e6
    width = max((len(key) for key in total), default=10)
    for key in sorted(total):
        print(f"{key:<{width}}  {right[key]:>3}/{total[key]:<3}")
    print(f"{'all':<{width}}  {sum(right.values()):>3}/{sum(total.values()):<3}")
    print(f"requests covered by the lexicons alone: {covered}/{len(decisions)};"
          f" by fallback (original request, guidelines, rationale): {len(decisions) - covered}")
    print("lexicon sizes: " + ", ".join(f"{key} {value}" for key, value in lexicon_sizes().items()))
    print(f"speed: {per_decision:.0f} µs per decision (mean of {TIMING_ROUNDS} rounds)")
    if misses:
        print("misses:\n" + "\n".join(misses))
    return 0 if not misses else 1


if __name__ == "__main__":
    raise SystemExit(main())
