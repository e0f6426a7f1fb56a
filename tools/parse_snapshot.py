"""Show that `imr-desk parse` prints the same JSON for the corpus before and after a change.

    .venv/bin/python tools/parse_snapshot.py write /tmp/before.jsonl     # on the old commit
    .venv/bin/python tools/parse_snapshot.py compare /tmp/before.jsonl   # on the new one

It runs the installed `imr-desk parse` over every letter in ``../shared/corpus`` (PDFs and
text letters, in name order) and writes or compares its standard output byte for byte;
`compare` names each letter whose line differs and exits 1 when any does. With
``--ignore-key KEY`` (repeatable) a top-level key added or changed on purpose is left out of
both sides and each line is compared as JSON written again as `imr-desk parse` writes it
(key order kept, so the rest is still compared byte for byte):

    .venv/bin/python tools/parse_snapshot.py compare /tmp/before.jsonl --ignore-key field_warnings
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_files() -> list[Path]:
    """Every corpus letter: the PDFs, then the older text letters."""
    return sorted((CORPUS / "dwc-2016").glob("*.pdf")) + sorted((CORPUS / "seeds").glob("*.txt"))


def parse_output(files: list[Path]) -> bytes:
    """Standard output of one `imr-desk parse` run over `files`."""
    command = [str(Path(sys.executable).with_name("imr-desk")), "parse", *map(str, files)]
    return subprocess.run(command, capture_output=True, check=False).stdout


def without_keys(lines: list[bytes], keys: list[str]) -> list[bytes]:
    """`lines` unchanged without `keys`; else each JSON line written again without them."""
    if not keys:
        return lines
    result = []
    for line in lines:
        data = json.loads(line)
        for key in keys:
            data.pop(key, None)
        result.append(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["write", "compare"])
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("--ignore-key", action="append", default=[], metavar="KEY",
                        help="compare without this top-level key of each letter (compare only)")
    args = parser.parse_args()
    output = parse_output(corpus_files())
    if args.action == "write":
        args.snapshot.write_bytes(output)
        print(f"wrote {len(output.splitlines())} letters to {args.snapshot}")
        return 0
    before = without_keys(args.snapshot.read_bytes().splitlines(), args.ignore_key)
    after = without_keys(output.splitlines(), args.ignore_key)
    changed = [json.loads(line)["source"]["file"] for line, old in zip(after, before) if line != old]
    if len(before) != len(after):
        print(f"{len(before)} letters before, {len(after)} now")
        return 1
    for name in changed:
        print(f"differs: {name}")
    apart = f" apart from {', '.join(args.ignore_key)}" if args.ignore_key else ""
    print(f"{len(after) - len(changed)} of {len(after)} letters byte-identical{apart}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
