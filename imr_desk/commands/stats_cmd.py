"""``imr-desk stats``: letters, decisions and the overturn rate, grouped one way.

    imr-desk stats --by category|drug_class|guideline|specialty|month
                   [--format table|csv|json] [--out FILE] [filters] [--db PATH]

Each case counts once (its copy of record; letters in the trash are left out). The filters are
the queue's (`commands.filters`). ``table`` is aligned text for a terminal, ``csv`` a
spreadsheet's rows, ``json`` one ``imr-desk/stats@1`` object per group (JSON Lines) and a last
one for all decisions (``"group": "All"``, ``"total": true``). Only reads the store: a missing
store is an error, never created.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
from pathlib import Path
from typing import Any, TextIO

from imr_desk.commands.filters import add_letter_filters, filters_from
from imr_desk.commands.outputs import (
    OutputRefused,
    checked_output,
    shown,
    text_output,
    unchanged_note,
)
from imr_desk.commands.store_access import add_db_option, open_store, store_failed, store_path
from imr_desk.core.analysis.statistics import GROUPINGS

log = logging.getLogger(__name__)

STATS_SCHEMA = "imr-desk/stats@1"
COLUMNS = ("letters", "decisions", "upheld", "overturned", "outcome_not_found", "overturn_rate")


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "stats", help="overturn rates by category, drug class, guideline, specialty or month",
        description="Count the stored cases and decisions (each case once) and the overturn rate "
        "(overturned of those decided), grouped one way, for the letters the filters select.",
    )
    add_db_option(parser)
    parser.add_argument("--by", choices=GROUPINGS, default="category", help="how to group (default: category)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--out", metavar="FILE", type=Path, help="write here instead of standard output")
    add_letter_filters(parser)
    parser.set_defaults(run=run)


def _write(rows: list[Any], total: Any, args: argparse.Namespace, fp: TextIO) -> None:
    from imr_desk.core.analysis.statistics import GROUPING_LABELS, rate_text

    if args.format == "json":
        for row in rows:
            fp.write(json.dumps({"schema": STATS_SCHEMA, "by": args.by, **row.to_json()}, ensure_ascii=False) + "\n")
        fp.write(json.dumps({"schema": STATS_SCHEMA, "by": args.by, **total.to_json(), "total": True}) + "\n")
        return
    if args.format == "csv":
        writer = csv.writer(fp, lineterminator="\n")
        writer.writerow([args.by, *COLUMNS])
        for row in [*rows, total]:
            data = row.to_json()
            writer.writerow([data["group"], *(data[column] for column in COLUMNS)])
        return
    header = [GROUPING_LABELS[args.by], "Letters", "Decisions", "Upheld", "Overturned", "Not found", "Rate"]
    lines = [[row.group, row.letters, row.decisions, row.upheld, row.overturned, row.not_found,
              rate_text(row.overturn_rate)] for row in [*rows, total]]
    width = max(len(str(line[0])) for line in [header, *lines])
    for line in [header, *lines]:
        fp.write(f"{line[0]!s:<{width}}  " + "  ".join(f"{value!s:>10}" for value in line[1:]) + "\n")


def run(args: argparse.Namespace) -> int:
    from imr_desk.core.analysis.statistics import statistics, totals
    from imr_desk.core.store import StoreError
    from imr_desk.core.store.facts import decision_facts

    out: Path | None = args.out
    try:
        problem = checked_output(out, store=store_path(args.db))
        if problem:
            print(f"imr-desk: cannot write the statistics: {shown(problem)}.", file=sys.stderr)
            return 1
        with open_store(args.db, create=False) as store, store.plain_errors():
            facts = list(decision_facts(store.db, filters_from(args)))
        rows, total = statistics(facts, args.by), totals(facts)
        with text_output(out) as fp:
            _write(rows, total, args, fp)
    except OutputRefused as refused:
        print(f"imr-desk stats: {shown(refused)}", file=sys.stderr)
        return OutputRefused.EXIT_STATUS
    except StoreError as exc:
        return store_failed(exc)
    except OSError as exc:
        if out is None:
            raise
        print(f"imr-desk: {shown(out)}: cannot write the statistics ({exc.strerror or exc}); {unchanged_note(out)}.",
              file=sys.stderr)
        return 1
    log.info("stats: %d groups by %s over %d decisions (store %s)", len(rows), args.by, total.decisions,
             shown(store.path))
    if not facts:
        print("No letters match.", file=sys.stderr)
    return 0
