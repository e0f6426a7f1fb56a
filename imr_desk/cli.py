"""The `imr-desk` command: no argument or file names open the window; subcommands run headless.

    imr-desk                     open the review window
    imr-desk FILE...             import FILEs into the store and open them in the window
    imr-desk parse FILE...       print each letter as JSON Lines (never touches the store)
    imr-desk import PATH...      import letters into the store
    imr-desk export              write the store as JSON Lines or CSV
    imr-desk search QUERY        full-text search of the store
    imr-desk report ...          case summary PDF(s)
    imr-desk service CASE ...    enter a case's service record (deadlines are computed from it)
    imr-desk deadlines           list the deadlines (table, JSON Lines, iCalendar)
    imr-desk assign CASE... --to NAME   assign cases to a person (--to-me, --nobody)
    imr-desk stats --by KIND     overturn rates by category, drug class, guideline, specialty, month

Heavy modules (Qt, pymupdf, sqlite-utils, reportlab) are imported only by the subcommand
that needs them, so `imr-desk parse` starts fast.

Whatever goes wrong, a command prints plain words, never a traceback, and never letter
contents: an unexpected error names its kind (the details, without the exception's message,
are in the log) or, when a stored letter cannot be read back, that letter, its file and its
damaged column. Standard output and error never fail on a character they cannot encode (a
file name that is not UTF-8).
"""

from __future__ import annotations

import argparse
import importlib
import io
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .logging_setup import setup_logging

# subcommand name -> module in imr_desk.commands that defines add_parser() and run()
SUBCOMMANDS = {
    "parse": "parse_cmd",
    "import": "store_cmds",
    "export": "store_cmds",
    "search": "store_cmds",
    "report": "report_cmd",
    "remove": "remove_cmd",
    "assign": "assign_cmd",
    "stats": "stats_cmd",
    "service": "deadline_cmds",
    "deadlines": "deadline_cmds",
    "store": "store_admin_cmd",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imr-desk",
        usage="%(prog)s [-h] [--version] [--db PATH] [FILE ...]\n       %(prog)s COMMAND [--db PATH] ...",
        description=(
            "Review workstation for California workers' compensation IMR Final "
            "Determination letters. With no command (or only file names) it opens the window."
        ),
        epilog="Run 'imr-desk COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"imr-desk {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", type=Path, dest="window_db",
        help="the case store the window opens (default: $IMR_DESK_DB, else the store chosen in Desk Settings, "
             "else the store in the data folder); one that does not exist is created only after asking. "
             "Every command takes --db too.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in dict.fromkeys(SUBCOMMANDS.values()):
        module = importlib.import_module(f"imr_desk.commands.{module_name}")
        module.add_parser(subparsers)
    return parser


def _wants_window(argv: Sequence[str]) -> bool:
    """True for the window's command line, ``[--db PATH] [FILE ...]`` (see gui_launch)."""
    from .gui_launch import window_arguments

    return window_arguments(argv, SUBCOMMANDS) is not None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if _wants_window(argv):
        from .gui_launch import launch_window

        return launch_window(argv)
    # Build only the parser of the named subcommand: keeps `imr-desk parse` start-up small.
    if argv and argv[0] in SUBCOMMANDS:
        parser = argparse.ArgumentParser(prog="imr-desk")
        parser.add_argument("--version", action="version", version=f"imr-desk {__version__}")
        subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
        module = importlib.import_module(f"imr_desk.commands.{SUBCOMMANDS[argv[0]]}")
        module.add_parser(subparsers)
    else:
        parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    if getattr(args, "window_db", None) is not None:  # "imr-desk --db PATH COMMAND ..."
        if not hasattr(args, "db"):
            parser.error(f"{args.command} takes no --db")
        if args.db is None:
            args.db = args.window_db
    _never_fail_to_print()
    log_path = setup_logging(args.command)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        print("imr-desk: interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug or a damaged letter: the commands report bad input themselves
        return _unexpected(args.command, exc, log_path)


def _never_fail_to_print() -> None:
    """Let standard output and error write any text (odd bytes escaped, never an exception)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "surrogateescape"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (AttributeError, ValueError, io.UnsupportedOperation):
                pass


def _unexpected(command: str, exc: Exception, log_path: object) -> int:
    """Report an unexpected failure in plain words, quoting nothing of its message (which may
    hold letter text); a stored letter that cannot be read is named instead."""
    from imr_desk.commands.outputs import shown
    from imr_desk.commands.store_access import damaged_letter_message

    logger = logging.getLogger(__name__)
    logger.critical("Unexpected error in %s", command, exc_info=True)
    try:
        damage = damaged_letter_message()
    except Exception:  # the diagnosis itself failed: say only what is known
        logger.error("looking for a damaged letter failed", exc_info=True)
        damage = None
    if damage is not None:
        logger.error("%s failed: %s", command, shown(damage))
        print(f"imr-desk {command}: {shown(damage)}", file=sys.stderr)
        return 1
    where = f" Details are in {shown(log_path)}." if log_path else ""
    print(f"imr-desk {command}: unexpected error ({type(exc).__name__}).{where}", file=sys.stderr)
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
