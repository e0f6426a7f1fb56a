"""`imr-desk parse FILE...`: print each letter as one JSON object per line (never touches a store).

Each letter is parsed and analysed (`core.analysis.analyse.read_letter`): categories,
citations, diagnoses and checks are in its object.

Exit status 0 when every file parsed, 1 when at least one file gave an error object (every
file is still processed, in order), 2 for bad arguments (argparse). Error objects carry
`schema`, `source` as far as known and ``error: {code, message}``; no traceback is ever shown.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from imr_desk.core.model import LetterError, error_object


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "parse",
        help="print each letter as JSON Lines (never touches the store)",
        description=(
            "Parse IMR Final Determination letters (PDF or text) and write one JSON object per "
            "file to standard output, in the order given (schema imr-desk/letter@1). Exit status: "
            "0 all parsed, 1 some file failed (all are still processed), 2 bad arguments."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="letter files (.pdf or .txt)")
    parser.add_argument(
        "--no-ocr", action="store_true",
        help="do not OCR pages without a text layer (such letters are reported as 'empty')",
    )
    parser.set_defaults(run=run)


def parse_one(path: str, *, ocr: bool = True) -> dict[str, Any]:
    """The JSON object for one file: the parsed letter or its error object."""
    # imported here: building the command line (every command does) needs neither the
    # parser, pymupdf nor the analysis and its lexicons
    from imr_desk.core.analysis.analyse import read_letter
    from imr_desk.core.parsing.letters import error_source

    try:
        letter, document = read_letter(path, ocr=ocr)
    except LetterError as error:
        return error_object(error_source(path), error)
    except Exception as exc:  # read_letter wraps everything; this is the last safety net
        unreadable = LetterError("unreadable", f"{error_source(path).file}: the letter could not be read ({exc}).")
        return error_object(error_source(path), unreadable)
    document.close()
    return letter.to_json()


def run(args: argparse.Namespace) -> int:
    out = sys.stdout.buffer  # UTF-8 whatever the locale says
    failed = False
    for path in args.files:
        data = parse_one(path, ocr=not args.no_ocr)
        failed = failed or "error" in data
        out.write((json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8"))
        out.flush()
    return 1 if failed else 0
