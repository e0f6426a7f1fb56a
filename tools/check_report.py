"""Print the consistency checks found on letters: per-check counts, then every warn-level finding.

Usage: ``.venv/bin/python -m tools.check_report [FILE_OR_FOLDER ...]`` (default: the shared
corpus, ``../shared/corpus/dwc-2016`` and ``seeds``). Each letter is read and analysed as
``imr-desk parse`` does (`core.analysis.analyse.read_letter`); the report lists, per check
code and severity, how many findings and on how many letters, and each warn finding with its
file, message and the words its spans mark, so each can be read against the letter. It also
counts the diagnoses found. ``--info`` lists the info findings too.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

from imr_desk.core.analysis.analyse import read_letter
from imr_desk.core.model import LetterError

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def letter_paths(arguments: list[str]) -> list[Path]:
    """The .pdf/.txt files named or found in the folders named (default: the corpus)."""
    roots = [Path(a) for a in arguments] or [CORPUS / "dwc-2016", CORPUS / "seeds"]
    paths: list[Path] = []
    for root in roots:
        if root.is_dir():
            paths.extend(sorted(p for p in root.iterdir() if p.suffix.lower() in (".pdf", ".txt")))
        else:
            paths.append(root)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--info", action="store_true", help="list info findings as well")
    args = parser.parse_args(argv)
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    letters_with: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    listed: list[str] = []
    read = diagnoses = decisions = 0
    for path in letter_paths(args.paths):
        try:
            letter, document = read_letter(path, ocr=False)
        except LetterError as error:
            print(f"{path.name}: {error.message}", file=sys.stderr)
            continue
        document.close()
        read += 1
        decisions += len(letter.decisions)
        diagnoses += len(letter.patient.diagnoses)
        for check in letter.checks:
            counts[(check.code, check.severity)] += 1
            letters_with[(check.code, check.severity)].add(path.name)
            if check.severity == "warn" or args.info:
                marked = " | ".join(" ".join(letter.text[s:e].split())[:80] for s, e in check.spans)
                listed.append(f"{path.name} [{check.severity}] {check.code}: {check.message}\n    marks: {marked}")
    print(f"{read} letters, {decisions} decisions, {diagnoses} diagnoses")
    for (code, severity), count in sorted(counts.items()):
        print(f"  {code:28} {severity:5} {count:4} findings on {len(letters_with[(code, severity)]):3} letters")
    for line in listed:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
