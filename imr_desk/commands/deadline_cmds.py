"""The deadline subcommands: ``imr-desk service`` and ``imr-desk deadlines``.

    imr-desk service CASE --served-on DATE [--by mail|fax|email|personal]
                          [--address california|us|abroad] [--received-on DATE] [--db PATH]
    imr-desk deadlines [--db PATH] [--kind appeal|authorize|reimburse ...] [--due-within DAYS]
                       [--overdue] [--format table|json|ics] [--out FILE]

``service`` enters a case's service record (``shared/spec/deadlines.md``): an edit of the
case's copy of record like a correction (history, undo in the window). A value not given
keeps what was entered before (or its assumed default). It prints the case's deadlines.
``deadlines`` lists one entry per case and kind, soonest first: a table, ``imr-desk/deadline@1``
JSON Lines, or an iCalendar file with stable UIDs. Without ``--kind`` it lists the kinds the
firm's side shows. Neither creates a store. A bad date or an unknown case is one plain line
on stderr (exit status 2 for a bad option, 1 for an unknown case or a store problem).
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import sys
from pathlib import Path
from typing import Any

from imr_desk.commands.outputs import (
    OutputRefused,
    atomic_output,
    checked_output,
    shown,
    unchanged_note,
)
from imr_desk.commands.store_access import add_db_option, open_store, store_failed, store_path
from imr_desk.core.deadlines.service import ADDRESSES, SERVED_BY
from imr_desk.core.deadlines.settings import KINDS

log = logging.getLogger(__name__)


def iso_date(text: str) -> datetime.date:
    """An argparse type: a ``YYYY-MM-DD`` date, else a plain error naming the text."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD (e.g. 2017-02-02)") from None


def day_count(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days (0 or more)")
    return days


def add_parser(subparsers: Any) -> None:
    service = subparsers.add_parser(
        "service", help="enter how and when a case's determination was served",
        description="Enter a case's service record: the day the determination was served, how, "
        "to which address, and the day the firm received it. Deadlines are computed from it; "
        "values never entered are assumed (served on the decision date, by mail, to a "
        "California address, received the day served).",
    )
    service.add_argument("case", metavar="CASE", help="a case number, or a letter's sha256 prefix")
    service.add_argument("--served-on", type=iso_date, required=True, metavar="DATE", help="YYYY-MM-DD")
    service.add_argument("--by", choices=SERVED_BY, dest="served_by")
    service.add_argument("--address", choices=ADDRESSES)
    service.add_argument("--received-on", type=iso_date, metavar="DATE", help="YYYY-MM-DD (default: served on)")
    add_db_option(service)
    service.set_defaults(run=run_service)

    lister = subparsers.add_parser(
        "deadlines", help="list the cases' deadlines (table, JSON Lines or iCalendar)",
        description="List one deadline per case and kind, soonest first, with the reasons for "
        "each date. --format ics writes an iCalendar file whose events keep their UIDs, so "
        "importing it again updates a calendar instead of adding copies.",
    )
    add_db_option(lister)
    lister.add_argument("--kind", choices=KINDS, action="append", dest="kinds",
                        help="only this kind (repeat for several; default: the kinds the firm's side shows)")
    lister.add_argument("--due-within", type=day_count, metavar="DAYS", help="only open deadlines due within DAYS days")
    lister.add_argument("--overdue", action="store_true", help="only open deadlines already past")
    lister.add_argument("--format", choices=("table", "json", "ics"), default="table")
    lister.add_argument("--out", metavar="FILE", type=Path, help="write here instead of standard output")
    lister.set_defaults(run=run_deadlines)


def run_service(args: argparse.Namespace) -> int:
    from imr_desk.core.deadlines.service import EnteredService
    from imr_desk.core.store import StoreError

    try:
        with open_store(args.db, create=False, writing=True) as store:
            match = store.find_case(args.case)
            if match is None:
                print(f"imr-desk service: there is no case {shown(args.case)} in the store {shown(store.path)} "
                      "(give a case number, or the start of a letter's sha256).", file=sys.stderr)
                return 1
            before = store.entered_service(match.record_id)
            entered = EnteredService(
                served_on=args.served_on,
                served_by=args.served_by or before.served_by,
                address=args.address or before.address,
                received_on=args.received_on or (before.received_on if before.served_on == args.served_on else None),
            )
            entry = store.set_service(match.record_id, entered, expected_version=store.version(match.record_id))
            record = store.service_record(match.record_id)
            deadlines = store.letter_deadlines(match.record_id, kinds=KINDS)
    except ValueError as exc:  # received before served; a read-only copy
        print(f"imr-desk service: {shown(exc)}", file=sys.stderr)
        return 1
    except StoreError as exc:
        return store_failed(exc)
    case = match.case_number or args.case
    log.info("service: case %s %s (store %s)", shown(case), "changed" if entry else "unchanged", shown(store.path))
    print(f"Service record of {shown(case)}" + ("" if entry else " (unchanged)") + ":")
    for name, value in record.to_json().items():
        print(f"  {name}: {value['value']}" + (" (assumed)" if value["assumed"] else ""))
    for deadline in deadlines:
        print(f"{deadline.kind}: {deadline.due.isoformat()}" + (" (assumed)" if deadline.assumed else ""))
        for line in deadline.basis:
            print(f"  {line}")
    return 0


def _table(entries: list[Any]) -> str:
    rows = [("Due", "Kind", "Case", "Status", "Assumed")]
    for entry in entries:
        rows.append((entry.due.isoformat(), entry.kind, entry.case_number or entry.letter_sha256[:12],
                     entry.status.status, "assumed" if entry.assumed else ""))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return "".join("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() + "\n" for row in rows)


def _render(entries: list[Any], output_format: str) -> bytes:
    from imr_desk.core.deadlines.ics import deadlines_calendar

    if output_format == "ics":
        return deadlines_calendar(entries)
    if output_format == "json":
        return "".join(json.dumps(e.to_json(), ensure_ascii=False) + "\n" for e in entries).encode("utf-8")
    return _table(entries).encode("utf-8")


def run_deadlines(args: argparse.Namespace) -> int:
    from imr_desk.core.store import StoreError

    out: Path | None = args.out
    try:
        problem = checked_output(out, store=store_path(args.db))
        if problem:
            print(f"imr-desk deadlines: cannot write {shown(out)}: {shown(problem)}.", file=sys.stderr)
            return 1
        with open_store(args.db, create=False) as store:
            entries = store.deadlines(kinds=args.kinds, overdue=args.overdue, due_within=args.due_within)
        data = _render(entries, args.format)
        if out is None:
            if args.format == "ics":
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
            else:
                sys.stdout.write(data.decode("utf-8"))
        else:
            with atomic_output(out, binary=True) as fp:
                fp.write(data)
    except OutputRefused as refused:
        print(f"imr-desk deadlines: {shown(refused)}", file=sys.stderr)
        return OutputRefused.EXIT_STATUS
    except StoreError as exc:
        return store_failed(exc)
    except BrokenPipeError:
        raise
    except OSError as exc:
        note = unchanged_note(out) if out is not None else "the list is incomplete"
        print(f"imr-desk deadlines: {shown(out or 'standard output')}: cannot write ({exc.strerror or exc}); {note}.",
              file=sys.stderr)
        return 1
    log.info("deadlines: %d listed (%s) to %s", len(entries), args.format, shown(out or "standard output"))
    if out is not None:
        print(f"Wrote {len(entries)} deadlines to {shown(out)}.", file=sys.stderr)
    return 0
