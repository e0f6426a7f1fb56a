"""The queue's filters on the command line: one set of options for every command that selects
letters (``search``, ``stats``), turned into the store's `SearchFilters` by `filters_from()`.

The options are the window's queue filters: ``--outcome``, ``--from``/``--to`` (decision date),
``--specialty``, ``--review-state``, ``--corrected``/``--uncorrected``,
``--warnings``/``--no-warnings``, ``--category TEXT`` (a treatment category's label or its first
parts: ``Pharmaceuticals`` takes every Pharmaceuticals decision, any case),
``--has-checks [warn|any]`` (a warn check; with ``any``, any check; alone: ``warn``) and who a
case is assigned to: ``--assigned-to NAME``, ``--mine`` (the person at this desk, as history
records them: `core.store.rows.current_user`) or ``--unassigned``. Dates
are checked by argparse (`iso_date`), so a mistyped date is a plain usage error naming the value.
"""

from __future__ import annotations

import argparse
import datetime
from typing import TYPE_CHECKING, Any

from imr_desk.core.fields import REVIEW_STATES

HAS_CHECKS = ("warn", "any")  # as `core.store.search.HAS_CHECKS` (not imported: the store loads late)
MINE = object()  # --mine: the person at this desk (worked out when the filters are made)
NOBODY = object()  # --unassigned

if TYPE_CHECKING:
    from imr_desk.core.store import SearchFilters


def iso_date(text: str) -> str:
    """An argparse type: a YYYY-MM-DD date (spaces around it ignored), else a plain error."""
    try:
        return datetime.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2016-12-31") from None


def add_decision_filters(parser: Any) -> None:
    """--outcome, --from and --to (a parser or argument group)."""
    parser.add_argument("--outcome", choices=("upheld", "overturned"),
                        help="only letters with a decision of this outcome")
    parser.add_argument("--from", dest="decided_from", type=iso_date, metavar="YYYY-MM-DD",
                        help="decided on or after this date")
    parser.add_argument("--to", dest="decided_to", type=iso_date, metavar="YYYY-MM-DD",
                        help="decided on or before this date")


def add_letter_filters(parser: Any) -> None:
    """Every queue filter: the decision filters and the letter's specialty, review state,
    corrections and warnings."""
    add_decision_filters(parser)
    parser.add_argument("--specialty", help="reviewer specialty contains this text")
    parser.add_argument("--review-state", choices=REVIEW_STATES)
    parser.add_argument("--corrected", dest="has_corrections", action="store_true", default=None,
                        help="only letters with corrections")
    parser.add_argument("--uncorrected", dest="has_corrections", action="store_false",
                        help="only letters without corrections")
    parser.add_argument("--warnings", dest="has_warnings", action="store_true", default=None,
                        help="only letters the parser was unsure of")
    parser.add_argument("--no-warnings", dest="has_warnings", action="store_false")
    parser.add_argument("--category", metavar="TEXT",
                        help="only letters with a decision of this treatment category (its label or "
                        "first parts, e.g. 'Pharmaceuticals' or 'Pharmaceuticals · Opioids'; any case)")
    parser.add_argument("--has-checks", nargs="?", const="warn", choices=HAS_CHECKS, metavar="warn|any",
                        help="only letters with a check to look at: a warning (warn, the default) or "
                        "any check (any)")
    assigned = parser.add_mutually_exclusive_group()
    assigned.add_argument("--assigned-to", dest="assigned_to", metavar="NAME",
                          help="only cases assigned to this person (their name as history shows it)")
    assigned.add_argument("--mine", dest="assigned_to", action="store_const", const=MINE,
                          help="only cases assigned to me (my name in Desk Settings, else $IMR_DESK_USER, "
                               "else my login)")
    assigned.add_argument("--unassigned", dest="assigned_to", action="store_const", const=NOBODY,
                          help="only cases assigned to nobody")


def filters_from(args: argparse.Namespace) -> SearchFilters:
    """The store's filters for the options `add_letter_filters` added."""
    from imr_desk.core.store import SearchFilters
    from imr_desk.core.store.rows import current_user
    from imr_desk.core.store.search import UNASSIGNED

    assigned_to = getattr(args, "assigned_to", None)
    if assigned_to is MINE:
        assigned_to = current_user()
    elif assigned_to is NOBODY:
        assigned_to = UNASSIGNED
    elif isinstance(assigned_to, str):
        assigned_to = " ".join(assigned_to.split()) or UNASSIGNED
    return SearchFilters(
        assigned_to=assigned_to,
        outcome=args.outcome, decided_from=args.decided_from, decided_to=args.decided_to,
        specialty=args.specialty, review_state=args.review_state,
        has_corrections=args.has_corrections, has_warnings=args.has_warnings,
        category=args.category, has_checks=args.has_checks,
    )
