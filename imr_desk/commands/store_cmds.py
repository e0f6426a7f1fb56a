"""The store subcommands: ``imr-desk import``, ``imr-desk export`` and ``imr-desk search``.

All take ``--db PATH`` (default: ``$IMR_DESK_DB``, else the user's data folder) and open the
store with `store_access.open_store(..., create=True)`: a missing store file is created. A store
that cannot be opened or used (damaged, from a newer imr-desk, read-only, ...) gives one plain
message on stderr and exit status 1, never a traceback.

    imr-desk import PATH...     files and folders (recursive: .pdf, .txt); exit 1 if any failed
    imr-desk export [--format jsonl|csv] [--out FILE]
    imr-desk search QUERY [--outcome ...] [--from DATE] [--to DATE] [--specialty TEXT] ...
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from imr_desk.commands.store_access import add_db_option, open_store, store_failed
from imr_desk.core.records import REVIEW_STATES


def add_parser(subparsers: Any) -> None:
    importer = subparsers.add_parser(
        "import", help="import letters into the store",
        description="Import IMR letters (PDF or text files, or folders searched recursively for "
        ".pdf and .txt files) into the store. A letter already stored (same bytes) is skipped.",
    )
    add_db_option(importer)
    importer.add_argument("paths", nargs="+", metavar="PATH", help="letter files or folders")
    importer.add_argument("--quiet", "-q", action="store_true", help="print only errors and the summary")
    importer.set_defaults(run=run_import)

    exporter = subparsers.add_parser(
        "export", help="write the store as JSON Lines or CSV",
        description="Write every stored letter with corrections applied: JSON Lines (one "
        "imr-desk/letter@1 object per letter, with review, annotations and corrections) or CSV "
        "(one row per decision, ready for a spreadsheet).",
    )
    add_db_option(exporter)
    exporter.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    exporter.add_argument("--out", metavar="FILE", type=Path, help="write here instead of standard output")
    exporter.set_defaults(run=run_export)

    searcher = subparsers.add_parser(
        "search", help="full-text search of the store",
        description="Search requests, guidelines, rationales, case summaries and notes "
        "(corrected values). Every word must match; any text is safe to type.",
    )
    add_db_option(searcher)
    searcher.add_argument("query", help="words to look for")
    add_decision_filters(searcher)
    searcher.add_argument("--specialty", help="reviewer specialty contains this text")
    searcher.add_argument("--review-state", choices=REVIEW_STATES)
    searcher.add_argument("--corrected", dest="has_corrections", action="store_true", default=None,
                          help="only letters with corrections")
    searcher.add_argument("--uncorrected", dest="has_corrections", action="store_false",
                          help="only letters without corrections")
    searcher.add_argument("--warnings", dest="has_warnings", action="store_true", default=None,
                          help="only letters the parser was unsure of")
    searcher.add_argument("--no-warnings", dest="has_warnings", action="store_false")
    searcher.add_argument("--limit", type=int, default=50, help="at most this many hits (default 50)")
    searcher.add_argument("--json", action="store_true", help="one JSON object per hit")
    searcher.set_defaults(run=run_search)


def add_decision_filters(parser: Any) -> None:
    """--outcome, --from and --to (a parser or argument group): the filters `search` and
    `report` share."""
    parser.add_argument("--outcome", choices=("upheld", "overturned"),
                        help="only letters with a decision of this outcome")
    parser.add_argument("--from", dest="decided_from", type=iso_date, metavar="YYYY-MM-DD",
                        help="decided on or after this date")
    parser.add_argument("--to", dest="decided_to", type=iso_date, metavar="YYYY-MM-DD",
                        help="decided on or before this date")


def iso_date(text: str) -> str:
    """An argparse type: a YYYY-MM-DD date (spaces around it ignored), else a plain error."""
    try:
        return datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2016-12-31") from None


class _Progress:
    """A one-line progress display on stderr, only when stderr is a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.live = stream.isatty()

    def __call__(self, done: int, total: int, message: str) -> None:
        if self.live:
            self.stream.write(f"\r\033[K[{done}/{total}] {message[:100]}")
            self.stream.flush()

    def clear(self) -> None:
        if self.live:
            self.stream.write("\r\033[K")
            self.stream.flush()


def run_import(args: argparse.Namespace) -> int:
    from imr_desk.core.store import StoreError

    progress = _Progress(sys.stderr)
    counts = {"imported": 0, "duplicate": 0, "error": 0, "cancelled": 0}

    def show(result: Any) -> None:
        progress.clear()
        counts[result.status] += 1
        if result.status == "error":
            print(f"error: {result.message}", file=sys.stderr)
        elif not args.quiet:
            print(result.message, flush=True)

    try:
        with open_store(args.db, create=True) as store:
            store.import_paths(args.paths, progress=progress, on_result=show)
    except StoreError as exc:
        progress.clear()
        return store_failed(exc)
    progress.clear()
    print(
        f"{counts['imported']} imported, {counts['duplicate']} already in the store, "
        f"{counts['error']} failed ({store.path})."
    )
    return 1 if counts["error"] else 0


def run_export(args: argparse.Namespace) -> int:
    from imr_desk.core.store import StoreError

    try:
        with open_store(args.db, create=True) as store:
            if args.out is None:
                count = _export(store, args.format, sys.stdout)
            else:
                count = _export_to_file(store, args.format, args.out)
    except StoreError as exc:
        return store_failed(exc)
    except BrokenPipeError:
        raise  # the reader went away (e.g. `| head`); the command line ends quietly
    except OSError as exc:
        print(f"imr-desk: {args.out}: cannot write the export ({exc.strerror or exc}).", file=sys.stderr)
        return 1
    what = "letters" if args.format == "jsonl" else "rows"
    print(f"Exported {count} {what}" + (f" to {args.out}." if args.out else "."), file=sys.stderr)
    return 0


def _export(store: Any, export_format: str, fp: TextIO) -> int:
    return store.export_csv(fp) if export_format == "csv" else store.export_jsonl(fp)


def _export_to_file(store: Any, export_format: str, out: Path) -> int:
    """Write to a private temporary file beside `out`, then rename: no half-written export."""
    folder = out.resolve().parent
    descriptor, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=folder)  # mode 0600
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as fp:
            count = _export(store, export_format, fp)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


def run_search(args: argparse.Namespace) -> int:
    from imr_desk.core.store import SearchFilters, StoreError

    filters = SearchFilters(
        outcome=args.outcome, decided_from=args.decided_from, decided_to=args.decided_to,
        specialty=args.specialty, review_state=args.review_state,
        has_corrections=args.has_corrections, has_warnings=args.has_warnings,
    )
    try:
        with open_store(args.db, create=True) as store:
            hits = store.search(args.query, filters, limit=max(args.limit, 1))
    except StoreError as exc:
        return store_failed(exc)
    for hit in hits:
        if args.json:
            print(json.dumps(asdict(hit), ensure_ascii=False))
        else:
            where = "letter" if hit.decision_key is None else f"decision {hit.decision_key}"
            print(f"{hit.case_number or '(no case number)'}\t{where}\t{hit.field}\t{hit.snippet}")
    if not hits:
        print("No matches.", file=sys.stderr)
    return 0
