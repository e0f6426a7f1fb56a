"""`imr-desk report`: write a case summary or a batch report as PDF.

    imr-desk report CM16-0213037 --out summary.pdf              one stored letter
    imr-desk report letter.pdf --out summary.pdf                a file, parsed (not stored)
    imr-desk report CM16-0213037 CM16-0229336 --batch --out batch.pdf [--with-summaries]
    imr-desk report --all | --state verified | --from 2016-12-01 --to 2016-12-31 --out batch.pdf

A TARGET that is an existing file is parsed directly (no corrections or notes); anything else
is a case number or sha256 prefix looked up in the store. Selection options (--all, --state,
--outcome, --from, --to) pick stored letters and make a batch report. Nothing is written
unless every letter could be found and read. ``--out`` is never the store (or its
``-wal``/``-shm``/``-journal``) nor a letter file given as input (refused, exit status 2); the
PDF is written through a private temporary file beside it and renamed into place when complete,
so a failure leaves the previous file as it was. Exit status: 0 written, 1 a letter, the store
or the output file failed (one plain message per problem), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from imr_desk.commands.outputs import (
    OutputRefused,
    atomic_output,
    output_problem,
    refuse_unsafe_output,
    shown,
    unchanged_note,
)
from imr_desk.commands.store_access import add_db_option, open_store, store_path
from imr_desk.commands.store_cmds import add_decision_filters
from imr_desk.core.records import REVIEW_STATES, CaseRecord

log = logging.getLogger(__name__)


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report", help="case summary PDF(s)",
        description="Write the PDF case summary of one letter, or a batch report (one row per "
        "letter with totals and the overturn rate, optionally followed by each case summary). "
        "Exit status: 0 written, 1 a letter, the store or the output failed, 2 bad arguments.",
    )
    parser.add_argument("targets", nargs="*", metavar="CASE_NUMBER|FILE",
                        help="stored case numbers (or sha256 prefixes), or letter files to parse")
    parser.add_argument("--out", "-o", metavar="FILE.pdf", type=Path, required=True,
                        help="the PDF to write (replaced if it exists)")
    add_db_option(parser)
    parser.add_argument("--batch", action="store_true",
                        help="a batch report of all the letters given or selected")
    parser.add_argument("--with-summaries", action="store_true",
                        help="follow the batch table with each letter's case summary")
    parser.add_argument("--title", help="the batch report's title")
    selection = parser.add_argument_group("selecting stored letters (makes a batch report)")
    selection.add_argument("--all", action="store_true", help="every stored letter")
    selection.add_argument("--state", choices=REVIEW_STATES, help="letters in this review state")
    add_decision_filters(selection)
    parser.set_defaults(run=run)


def _selects(args: argparse.Namespace) -> bool:
    return bool(args.all or args.state or args.outcome or args.decided_from or args.decided_to)


def _fail(message: str) -> None:
    log.warning("report failed: %s", shown(message))
    print(f"imr-desk report: {shown(message)}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    if not args.targets and not _selects(args):
        _fail("name a case number or letter file, or select stored letters with --all, "
              "--state, --outcome, --from or --to.")
        return 2
    batch = args.batch or args.with_summaries or _selects(args)
    if len(args.targets) > 1 and not batch:
        _fail(f"{len(args.targets)} letters given: add --batch for a batch report "
              "(and --with-summaries to include each case summary).")
        return 2
    out: Path = args.out
    try:  # never over the store, its companions or a letter given as input
        refuse_unsafe_output(out, store=store_path(args.db),
                             inputs=[Path(target) for target in args.targets if Path(target).is_file()])
    except OutputRefused as refused:
        _fail(str(refused))
        return OutputRefused.EXIT_STATUS
    problem = output_problem(out)
    if problem:
        _fail(f"cannot write the report to {out}: {'it is a folder' if out.resolve().is_dir() else problem}.")
        return 1
    records, problems, deadlines = _collect_records(args)
    for problem in problems:
        _fail(problem)
    if problems:
        print("imr-desk report: no report was written.", file=sys.stderr)
        return 1
    if not records:
        _fail("no stored letters match the selection; no report was written.")
        return 1
    return _write(records, args, batch, deadlines)


def _write(records: list[CaseRecord], args: argparse.Namespace, batch: bool, deadlines: dict[int, Any]) -> int:
    from imr_desk.core.reports.batch import build_batch_report
    from imr_desk.core.reports.pages import ReportError
    from imr_desk.core.reports.summary import build_case_summary

    out: Path = args.out
    try:  # through a private temporary file beside it, renamed over it only when complete
        with atomic_output(out, binary=True) as fp:
            if batch:
                pages = build_batch_report(records, fp, include_summaries=args.with_summaries,
                                           title=args.title, deadlines=deadlines)
            else:
                pages = build_case_summary(records[0], fp, deadlines=deadlines.get(records[0].letter_id))
    except ReportError as error:
        _fail(f"{error} ({unchanged_note(out)})")
        return 1
    except OSError as error:
        _fail(f"cannot write the report to {out}: {error.strerror or error}; {unchanged_note(out)}.")
        return 1
    what = f"{len(records)} letter{'s' if len(records) != 1 else ''}"
    cases = [shown(r.letter.header.case_number or f"letter {r.letter_id}") for r in records[:20]]
    log.info("report: wrote %s (%d page%s, %s: %s%s)", shown(out), pages, "s" if pages != 1 else "", what,
             ", ".join(cases), ", ..." if len(records) > 20 else "")
    print(f"Wrote {shown(out)} ({pages} page{'s' if pages != 1 else ''}, {what}).")
    return 0


def _collect_records(args: argparse.Namespace) -> tuple[list[CaseRecord], list[str], dict[int, Any]]:
    """The records to report, in order (targets first, then the selection), any problems, and
    the stored cases' deadlines (their service records as entered) by letter id."""
    from imr_desk.core.store import StoreError

    records: list[CaseRecord] = []
    problems: list[str] = []
    store_targets = [t for t in args.targets if not Path(t).is_file()]
    store = None
    if store_targets or _selects(args):
        try:  # only reads: a missing store is an error, never created
            store = open_store(args.db, create=False)
        except StoreError as error:
            return [], [str(error)], {}
    deadlines: dict[int, Any] = {}
    try:
        seen: set[int] = set()
        for target in args.targets:
            if Path(target).is_file():
                record, problem = _parse_file(target)
            else:
                record, problem = _load_stored(store, target, seen)
            if problem:
                problems.append(problem)
            elif record is not None:
                records.append(record)
        if _selects(args) and not problems:
            records += _load_selection(store, args, seen)
        if store is not None:
            deadlines = {r.letter_id: store.case_deadlines(r.letter_id) for r in records if r.letter_id in seen}
    except StoreError as error:  # a damaged or locked store: the message names the store file
        problems.append(str(error))
    finally:
        if store is not None:
            store.close()
    return records, problems, deadlines


def _parse_file(target: str) -> tuple[CaseRecord | None, str | None]:
    from imr_desk.core.analysis.analyse import read_letter
    from imr_desk.core.model import LetterError
    from imr_desk.core.reports.summary import unstored_record

    try:
        letter, document = read_letter(target)
    except LetterError as error:
        return None, error.message
    document.close()
    return unstored_record(letter), None


def _load_stored(store: Any, target: str, seen: set[int]) -> tuple[CaseRecord | None, str | None]:
    """The stored case `target` names (case number or sha256 prefix). A case with several
    copies is reported from its copy of record, and standard error says so: never a copy
    picked silently."""
    from imr_desk.core.store.importing import LETTER_SUFFIXES

    match = store.find_case(target)
    if match is None:
        if target.lower().endswith(LETTER_SUFFIXES) or "/" in target or "\\" in target:
            return None, f"{target}: no such file, and no stored letter has that case number."
        return None, f"{target}: no stored letter has this case number or sha256 prefix ({store.path})."
    if match.copies > 1 and not match.by_sha256:
        print(
            f"imr-desk report: {match.case_number or target} has {match.copies} copies; reporting the copy of "
            f"record ({match.file_name}, letter {match.letter_id}). Name another copy by its sha256 prefix "
            "to report it instead.",
            file=sys.stderr,
        )
    if match.letter_id in seen:
        return None, None
    seen.add(match.letter_id)
    return store.load(match.letter_id), None


def _load_selection(store: Any, args: argparse.Namespace, seen: set[int]) -> list[CaseRecord]:
    from imr_desk.core.store import SearchFilters

    filters = SearchFilters(outcome=args.outcome, decided_from=args.decided_from,
                            decided_to=args.decided_to, review_state=args.state)
    rows = store.queue(None, filters)
    rows.sort(key=lambda row: (row.decision_date is None, row.decision_date or "", row.letter_id))
    records = []
    for row in rows:
        if row.letter_id not in seen:
            seen.add(row.letter_id)
            records.append(store.load(row.letter_id))
    return records
