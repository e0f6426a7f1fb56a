"""`imr-desk remove`: move a letter imported by mistake to the trash, restore it, empty the trash.

    imr-desk remove CM16-0229336 [--yes]     the case (every copy of it) to the trash
    imr-desk remove 12 [--yes]               letter 12 (one copy) to the trash
    imr-desk remove --restore 12|CASE        bring letter 12 (or every letter of CASE) back
    imr-desk remove --list-trash             what the trash holds
    imr-desk remove --empty-trash [--yes]    delete the trash's letters for good

A letter in the trash is out of the queue, search, exports and reports but keeps everything
(its file, corrections, notes, review, history) until the trash is emptied. Removing and
emptying ask for confirmation on a terminal; without one they need ``--yes``. Exit status: 0
done, 1 the store or a letter could not be found or used, 2 bad arguments or not confirmed.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from imr_desk.commands.store_access import add_db_option, open_store, store_failed

_PROG = "imr-desk remove"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "remove", help="move a letter imported by mistake to the trash (or restore it)",
        description="Move a stored case (every copy of it) or one letter (by its id) to the trash, "
        "where it stays, restorable with everything it had, until the trash is emptied. Asks "
        "for confirmation on a terminal; otherwise pass --yes. Exit status: 0 done, 1 the store or "
        "the letter could not be found or used, 2 bad arguments or not confirmed.",
    )
    parser.add_argument("target", nargs="?", metavar="CASE|ID",
                        help="a case number (or sha256 prefix), or a letter id")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--restore", metavar="ID|CASE", help="bring a letter (or a case's letters) back from the trash")
    action.add_argument("--list-trash", action="store_true", help="list the letters in the trash")
    action.add_argument("--empty-trash", action="store_true", help="delete the letters in the trash for good")
    parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    add_db_option(parser)
    parser.set_defaults(run=run)


def _fail(message: str, status: int = 1) -> int:
    print(f"{_PROG}: {message}", file=sys.stderr)
    return status


def confirmed(question: str, yes: bool) -> bool | None:
    """True with --yes or a "y" typed on the terminal, False for any other answer, None when
    standard input is not a terminal (nobody to ask). The question goes to stderr."""
    if yes:
        return True
    if not sys.stdin.isatty():
        return None
    print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def run(args: argparse.Namespace) -> int:
    from imr_desk.core.store import StoreError

    wanted = sum(bool(x) for x in (args.target, args.restore, args.list_trash, args.empty_trash))
    if wanted != 1:
        return _fail("name one case number or letter id to remove, or use --restore ID, --list-trash "
                     "or --empty-trash.", 2)
    try:
        with open_store(args.db, create=False) as store:
            if args.list_trash:
                return _list_trash(store)
            if args.empty_trash:
                return _empty_trash(store, args.yes)
            if args.restore:
                return _restore(store, args.restore)
            return _remove(store, args.target, args.yes)
    except StoreError as error:
        return store_failed(error)
    except ValueError as error:  # the store refused: e.g. already in the trash
        return _fail(str(error))


def _describe(store: Any, letter_id: int) -> str:
    record = store.load(letter_id)
    return f"{record.letter.header.case_number or 'no case number'} (letter {letter_id}, {record.file_name})"


def _targets(store: Any, target: str) -> tuple[list[int], int | None, str]:
    """The letters `target` names (a letter id: that one; a case number: every copy of the
    case; a sha256 prefix: that copy), the one whose removal the others follow, and how to
    name them; ([], None, "") when nothing out of the trash matches."""
    from imr_desk.core.store import StoreError

    text = target.strip()
    if text.isdigit():
        try:
            record = store.load(int(text))
        except StoreError:
            record = None  # not a letter id: perhaps a sha256 prefix
        if record is not None:
            if record.removed_at is not None:
                raise ValueError(f"letter {record.letter_id} is already in the trash.")
            return [record.letter_id], record.letter_id, _describe(store, record.letter_id)
    match = store.find_case(text)
    if match is None:
        return [], None, ""
    if match.by_sha256 or match.copies == 1:
        return [match.letter_id], match.letter_id, _describe(store, match.letter_id)
    files = ", ".join(copy.file_name for copy in store.copies(match.record_id))
    return match.copy_ids, match.record_id, f"{match.case_number} ({match.copies} copies: {files})"


def _remove(store: Any, target: str, yes: bool) -> int:
    from imr_desk.core.store import ANY_VERSION

    letter_ids, checked, what = _targets(store, target)
    if not letter_ids:
        return _fail(f"{target}: no letter in the store {store.path} has this case number, id or sha256 prefix.")
    answer = confirmed(f"Move {what} to the trash?", yes)
    if answer is None:
        return _fail(f"not removing {what}: there is no terminal to confirm on; pass --yes to remove it.", 2)
    if not answer:
        print("Nothing was removed.", file=sys.stderr)
        return 2
    entries = store.remove(checked, expected_version=ANY_VERSION, whole_case=len(letter_ids) > 1)
    ids = " ".join(str(entry.letter_id) for entry in entries)
    print(f"Moved {what} to the trash. To bring it back: imr-desk remove --restore "
          f"{target.strip() if len(entries) > 1 else ids}")
    return 0


def _restore(store: Any, target: str) -> int:
    from imr_desk.core.store import ANY_VERSION
    from imr_desk.core.store.case_schema import case_key

    text = target.strip()
    trash = store.trash()
    if text.isdigit():
        chosen = [entry for entry in trash if entry.letter_id == int(text)]
    else:
        chosen = [entry for entry in trash if case_key(entry.case_number) == case_key(text)]
    if not chosen:
        return _fail(f"{target}: no letter in the trash of {store.path} has this id or case number "
                     "(see imr-desk remove --list-trash).")
    for entry in sorted(chosen, key=lambda entry: (not entry.was_copy_of_record, entry.letter_id)):
        store.restore(entry.letter_id, expected_version=ANY_VERSION)
        print(f"Restored {entry.case_number or 'no case number'} (letter {entry.letter_id}, {entry.file_name}).")
    return 0


def _list_trash(store: Any) -> int:
    trash = store.trash()
    if not trash:
        print("The trash is empty.")
        return 0
    for entry in trash:
        role = "copy of record" if entry.was_copy_of_record else "copy"
        print(f"{entry.letter_id}\t{entry.case_number or '(no case number)'}\t{entry.file_name}\t{role}\t"
              f"removed {entry.removed_at} by {entry.removed_by}")
    print(f"{len(trash)} letter{'s' if len(trash) != 1 else ''} in the trash.", file=sys.stderr)
    return 0


def _empty_trash(store: Any, yes: bool) -> int:
    count = len(store.trash())
    if not count:
        print("The trash is empty.")
        return 0
    what = f"{count} letter{'s' if count != 1 else ''}"
    answer = confirmed(f"Delete the {what} in the trash for good? This cannot be undone.", yes)
    if answer is None:
        return _fail(f"not emptying the trash ({what}): there is no terminal to confirm on; pass --yes.", 2)
    if not answer:
        print("Nothing was deleted.", file=sys.stderr)
        return 2
    deleted = store.empty_trash()
    print(f"Deleted {deleted} letter{'s' if deleted != 1 else ''} for good.")
    return 0
