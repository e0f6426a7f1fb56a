"""The store subcommands: ``imr-desk import``, ``imr-desk export`` and ``imr-desk search``.

All take ``--db PATH`` (default: ``$IMR_DESK_DB``, else the user's data folder) and open the
store with `store_access.open_store()`: only ``import`` creates a missing store (and checks the
store before importing: a damaged one takes no letter); ``export`` and ``search`` say "there is
no store at PATH" and create nothing. A store that cannot be opened or used (damaged, from a
newer imr-desk, read-only, ...) gives one plain message on stderr and exit status 1, never a
traceback. ``export --out`` never writes over the store or its companions (exit status 2) and
writes through a temporary file (`outputs.atomic_output`). Each command logs what it did
(file names, case numbers, counts, output), never letter contents or search words.

    imr-desk import PATH...     files and folders (recursive: .pdf, .txt); exit 1 if any failed
    imr-desk export [--format jsonl|csv] [--out FILE]
    imr-desk search QUERY [--outcome ...] [--from DATE] [--to DATE] [--specialty TEXT]
                          [--category TEXT] [--has-checks [warn|any]] ...  (`commands.filters`)
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from imr_desk.commands.filters import add_decision_filters, add_letter_filters, filters_from
from imr_desk.commands.outputs import (
    OutputRefused,
    checked_output,
    shown,
    text_output,
    unchanged_note,
)
from imr_desk.commands.store_access import add_db_option, open_store, store_failed, store_path

__all__ = ["add_decision_filters", "add_parser"]  # add_decision_filters: kept importable here

log = logging.getLogger(__name__)


def add_parser(subparsers: Any) -> None:
    importer = subparsers.add_parser(
        "import", help="import letters into the store",
        description="Import IMR letters (PDF or text files, or folders searched recursively for "
        ".pdf and .txt files) into the store. A letter already stored (same bytes) is skipped.",
    )
    add_db_option(importer)
    importer.add_argument("paths", nargs="+", metavar="PATH", help="letter files or folders")
    importer.add_argument("--quiet", "-q", action="store_true", help="print only errors and the summary")
    importer.add_argument(
        "--jobs", "-j", type=_jobs, default=os.cpu_count() or 1, metavar="N",
        help="parse letters in N worker processes (default: one per core; 1: one letter at a time in "
        "this process). The letters are stored one by one, in the order given, either way.",
    )
    importer.set_defaults(run=run_import)

    exporter = subparsers.add_parser(
        "export", help="write the store as JSON Lines or CSV",
        description="Write every stored letter with corrections applied: JSON Lines (one "
        "imr-desk/letter@1 object per letter, with review, annotations and corrections) or CSV "
        "(one row per decision, ready for a spreadsheet). With a queue filter (e.g. --mine, --outcome), "
        "only the cases passing it, each as its copy of record.",
    )
    add_db_option(exporter)
    exporter.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    exporter.add_argument("--out", metavar="FILE", type=Path, help="write here instead of standard output")
    add_letter_filters(exporter)
    exporter.set_defaults(run=run_export)

    searcher = subparsers.add_parser(
        "search", help="full-text search of the store",
        description="Search requests, guidelines, rationales, case summaries and notes "
        "(corrected values). Every word must match; any text is safe to type.",
    )
    add_db_option(searcher)
    searcher.add_argument("query", help="words to look for")
    add_letter_filters(searcher)
    searcher.add_argument("--limit", type=int, default=50, help="at most this many hits (default 50)")
    searcher.add_argument("--json", action="store_true", help="one JSON object per hit")
    searcher.set_defaults(run=run_search)


def _jobs(value: str) -> int:
    """``--jobs``: a whole number of worker processes, at least 1."""
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of worker processes") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{jobs} worker processes: at least 1 is needed")
    return jobs


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
    counts: Counter[str] = Counter()

    def show(result: Any) -> None:
        progress.clear()
        counts[result.status] += 1
        _log_import(result)
        if result.status == "error":
            print(f"error: {shown(result.message)}", file=sys.stderr)
        elif not args.quiet:
            print(shown(result.message), flush=True)

    try:
        with open_store(args.db, create=True) as store:  # checked: a damaged store takes no import
            _import_each(store, [Path(p) for p in args.paths], progress, show, args.jobs)
    except StoreError as exc:
        progress.clear()
        log.warning("import stopped: %s", shown(exc))
        return store_failed(exc)
    progress.clear()
    imported = counts["imported"] + counts["copy"]
    summary = (f"{imported} imported, {counts['duplicate']} already in the store, "
               f"{counts['error']} failed ({shown(store.path)}).")
    if counts["copy"]:
        summary += f" {counts['copy']} of the imported letters are further copies of cases already in the store."
    print(summary)
    log.info("import finished: %d imported, %d already in the store, %d failed, %d cancelled (store %s)",
             imported, counts["duplicate"], counts["error"], counts["cancelled"], shown(store.path))
    return 1 if counts["error"] else 0


def _import_each(
    store: Any, paths: list[Path], progress: _Progress, show: Callable[[Any], None], jobs: int = 1,
) -> None:
    """Import every letter file the paths name: parsed in `jobs` worker processes (from
    `POOL_MIN_FILES` files on), else one by one here. A file that fails unexpectedly is
    reported (and logged) and the batch goes on; only a store problem stops it."""
    from imr_desk.core.reading.files import display_name
    from imr_desk.core.store import StoreError
    from imr_desk.core.store.import_pool import POOL_MIN_FILES, ImportPool, unexpected_error_result
    from imr_desk.core.store.importing import letter_files

    files, missing = letter_files(paths)
    if jobs > 1 and len(files) >= POOL_MIN_FILES:
        with ImportPool(min(jobs, len(files))) as pool, store.plain_errors():
            pool.import_paths(store.connection, paths, progress=progress, on_result=show)
        return
    for result in missing:
        show(result)
    for done, path in enumerate(files):
        name = display_name(path)
        progress(done, len(files), f"Importing {name}")

        def page_progress(_page: int, _pages: int, message: str, done: int = done, name: str = name) -> None:
            progress(done, len(files), f"{name}: {message}")

        try:
            result = store.import_file(path, progress=page_progress)
        except StoreError:
            raise
        except Exception as exc:  # a bug met by one file must not cost the rest of the batch
            log.error("import: %s: unexpected error", name, exc_info=True)
            result = unexpected_error_result(path, exc)
        show(result)


def _log_import(result: Any) -> None:
    """One log line per file: its name, what became of it, its case number and letter id."""
    from imr_desk.core.reading.files import display_name

    name = display_name(result.path)
    where = ", ".join(x for x in (result.case_number and shown(result.case_number),
                                  result.letter_id and f"letter {result.letter_id}") if x)
    if result.status == "error":
        code = result.error.code if result.error is not None else "error"
        log.info("import: %s: failed [%s]", name, code)
    elif result.status == "duplicate":
        log.info("import: %s: already in the store (%s)", name, where)
    elif result.status == "copy":
        log.info("import: %s: imported as a copy of letter %s (%s)", name, result.copy_of, where)
    else:
        log.info("import: %s: %s (%s)", name, result.status, where)


def run_export(args: argparse.Namespace) -> int:
    from imr_desk.core.store import StoreError

    out: Path | None = args.out
    try:
        problem = checked_output(out, store=store_path(args.db))
        if problem:
            print(f"imr-desk: cannot write the export: {shown(problem)}.", file=sys.stderr)
            return 1
        # only reads: a missing store is an error
        with open_store(args.db, create=False) as store, text_output(out) as fp:
            count = _export(store, args.format, fp, filters_from(args))
    except OutputRefused as refused:
        print(f"imr-desk export: {shown(refused)}", file=sys.stderr)
        return OutputRefused.EXIT_STATUS
    except StoreError as exc:
        return store_failed(exc)
    except BrokenPipeError:
        raise  # the reader went away (e.g. `| head`); the command line ends quietly
    except OSError as exc:
        note = unchanged_note(out) if out is not None else "the export is incomplete"
        log.error("export: cannot write %s (%s)", shown(out or "standard output"), exc.strerror or type(exc).__name__)
        print(f"imr-desk: {shown(out or 'standard output')}: cannot write the export ({exc.strerror or exc}); {note}.",
              file=sys.stderr)
        return 1
    what = "letters" if args.format == "jsonl" else "rows"
    log.info("export: %d %s (%s) written to %s (store %s)", count, what, args.format,
             shown(out or "standard output"), shown(store.path))
    print(f"Exported {count} {what}" + (f" to {shown(out)}." if out else "."), file=sys.stderr)
    return 0


def _export(store: Any, export_format: str, fp: TextIO, filters: Any) -> int:
    """Write every letter, or with a queue filter the cases passing it (copies of record)."""
    from imr_desk.core.store import SearchFilters

    letter_ids = None if filters == SearchFilters() else store.queue_ids(None, filters)
    if export_format == "csv":
        return int(store.export_csv(fp, letter_ids))
    return int(store.export_jsonl(fp, letter_ids))


def run_search(args: argparse.Namespace) -> int:
    from imr_desk.core.store import StoreError

    filters = filters_from(args)
    try:
        with open_store(args.db, create=False) as store:  # only reads: a missing store is an error
            hits = store.search(args.query, filters, limit=max(args.limit, 1))
    except StoreError as exc:
        return store_failed(exc)
    log.info("search: %d hit%s (store %s)", len(hits), "" if len(hits) == 1 else "s", shown(store.path))
    for hit in hits:
        if args.json:
            print(json.dumps(asdict(hit), ensure_ascii=False))
        else:
            where = "letter" if hit.decision_key is None else f"decision {hit.decision_key}"
            print(f"{hit.case_number or '(no case number)'}\t{where}\t{hit.field}\t{hit.snippet}")
    if not hits:
        print("No matches.", file=sys.stderr)
    return 0
