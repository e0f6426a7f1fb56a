"""`imr-desk assign`: assign cases to a person, to me, or to nobody.

    imr-desk assign CM16-0229336 CM16-0221706 --to "Ana Ruiz"
    imr-desk assign CM16-0229336 --to-me         the person at this desk (as history records them)
    imr-desk assign CM16-0229336 --nobody        unassign

An assignment is an edit of the case's copy of record like any other: recorded in its history
with who and when, undoable in the window. Each case is named by its case number (or a
letter's sha256 prefix); one that cannot be found or changed is reported by name and the
others are still assigned. The queue's ``--assigned-to NAME`` / ``--mine`` / ``--unassigned``
filters (``search``, ``stats``) find them again. Exit status: 0 every case assigned (or already
so), 1 a case or the store could not be found or changed, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from imr_desk.commands.outputs import shown
from imr_desk.commands.store_access import add_db_option, open_store, store_failed

_PROG = "imr-desk assign"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "assign", help="assign cases to a person (or to me, or to nobody)",
        description="Assign each CASE (a case number, or a letter's sha256 prefix) to a person: "
        "--to NAME, --to-me (the person at this desk: the name set in Tools > Desk Settings, else "
        "$IMR_DESK_USER, else the login) or --nobody. Recorded in "
        "each case's history. Exit status: 0 done, 1 a case or the store could not be found or "
        "changed, 2 bad arguments.",
    )
    parser.add_argument("cases", nargs="+", metavar="CASE", help="case numbers (or sha256 prefixes)")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--to", dest="person", metavar="NAME", help="the person to assign the cases to")
    who.add_argument("--to-me", action="store_true", help="assign the cases to me")
    who.add_argument("--nobody", action="store_true", help="assign the cases to nobody (unassign)")
    add_db_option(parser)
    parser.set_defaults(run=run)


def _person(args: argparse.Namespace) -> str | None:
    from imr_desk.core.store.desks import check_person
    from imr_desk.core.store.rows import current_user

    if args.nobody:
        return None
    return check_person(current_user() if args.to_me else args.person)


def run(args: argparse.Namespace) -> int:
    from imr_desk.core.store import StoreError

    try:
        person = _person(args)
    except ValueError as error:
        print(f"{_PROG}: {shown(error)}", file=sys.stderr)
        return 2
    failed = 0
    try:
        with open_store(args.db, create=False, writing=True) as store:
            for case in args.cases:
                failed += _assign_one(store, case, person)
    except StoreError as error:
        return store_failed(error)
    return 1 if failed else 0


def _assign_one(store: Any, case: str, person: str | None) -> int:
    """Assign one case; 0 when done (or already so), 1 when it could not be (said on stderr)."""
    from imr_desk.core.store import StaleRecordError

    match = store.find_case(case)
    if match is None:
        print(f"{_PROG}: there is no case {shown(case)} in the store {shown(store.path)} "
              "(give a case number, or the start of a letter's sha256).", file=sys.stderr)
        return 1
    name = match.case_number or case
    to = f"to {person}" if person else "to nobody"
    for _attempt in range(3):  # another desk may change the case between our read and write
        try:
            entry = store.assign(match.record_id, person, expected_version=store.version(match.record_id))
            break
        except StaleRecordError:
            continue
        except ValueError as error:  # e.g. a copy in the trash
            print(f"{_PROG}: case {shown(name)}: {shown(error)}", file=sys.stderr)
            return 1
    else:
        print(f"{_PROG}: case {shown(name)} kept changing at other desks; it was not assigned. Try again.",
              file=sys.stderr)
        return 1
    if entry is None:
        print(f"Case {shown(name)} was already assigned {to}.")
    else:
        before = f" (was {entry.before})" if entry.before else ""
        print(f"Assigned case {shown(name)} {to}{before}.")
    return 0
