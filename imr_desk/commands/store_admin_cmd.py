"""``imr-desk store``: a firm admin's store commands.

- ``store init STORE``: create the store's schema (or upgrade an older one) in a PostgreSQL
  database (``postgresql://…``, any libpq connection string) or a store file, and say which
  schema version it is at. A store written by a newer imr-desk, or a database holding other
  tables, is refused untouched. Only an ordinary role with the right to create in its own
  schema is needed (docs/firm-store.md).
- ``store copy --from SRC --to DST``: copy letters with their corrections, history, notes,
  review states and service records between stores (``core/store/copying.py``): a desk's file
  into the firm's database, the firm's into a file. Letters DST already holds are skipped and
  listed; each letter is copied whole or not at all; running it again copies nothing new.
- ``store compact STORE``: give a store file's free pages back to the disk (SQLite ``VACUUM``:
  after an upgrade to the compact schema 6, or after emptying the trash); say how much it
  shrank. A PostgreSQL store reclaims its space itself (autovacuum), so nothing is done there.

Passwords never appear in a message or the log: connection strings are shown masked. Exit
status 0 done, 1 a store could not be used (one plain line on stderr), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

from imr_desk.commands.outputs import shown
from imr_desk.commands.store_access import db_value, store_failed, store_path

log = logging.getLogger(__name__)


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "store", help="set up a store (a firm's PostgreSQL database) or copy letters between stores",
        description="Set up a store or copy letters between stores. A store is a file, or a "
        "PostgreSQL connection string such as postgresql://desk@db.firm.example/imr_desk?sslmode=verify-full "
        "(passwords belong in ~/.pgpass or PGPASSFILE). See docs/firm-store.md.",
    )
    actions = parser.add_subparsers(dest="store_action", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="create or upgrade the store's schema",
                              description="Create the store's tables in an empty database (or file), or "
                              "upgrade a store of an older imr-desk; a newer store is refused untouched.")
    init.add_argument("target", metavar="STORE", type=db_value, help="a PostgreSQL connection string or a file")
    init.set_defaults(run=run_init)
    copy = actions.add_parser("copy", help="copy letters from one store to another",
                              description="Copy every letter of SRC (out of its trash) with its corrections, "
                              "history, notes, review state and service record into DST. Letters DST already "
                              "holds are skipped and listed; each letter is copied whole or not at all.")
    copy.add_argument("--from", dest="source", metavar="SRC", type=db_value, required=True,
                      help="the store to copy from (it must exist)")
    copy.add_argument("--to", dest="target", metavar="DST", type=db_value, required=True,
                      help="the store to copy into (created if it does not exist)")
    copy.add_argument("--quiet", "-q", action="store_true", help="print only the summary and the skipped letters")
    copy.set_defaults(run=run_copy)
    compact = actions.add_parser("compact", help="give a store file's free space back to the disk",
                                 description="Rewrite a store file without its free pages (SQLite VACUUM), e.g. "
                                 "after the upgrade to the compact schema or after emptying the trash. Other "
                                 "desks must not be writing to the file meanwhile. A PostgreSQL store reclaims "
                                 "its space itself.")
    compact.add_argument("target", metavar="STORE", type=db_value, help="a store file (or connection string)")
    compact.set_defaults(run=run_compact)


def run_init(args: argparse.Namespace) -> int:
    from imr_desk.core.store import Store, StoreError
    from imr_desk.core.store.schema import SCHEMA_VERSION

    target = store_path(args.target)
    try:
        with Store(target, create=True):
            pass
    except StoreError as error:
        log.warning("store init refused: %s", shown(error))
        return store_failed(error)
    print(f"The store {shown(target)} is ready (schema version {SCHEMA_VERSION}).")
    log.info("store init: %s at schema version %d", shown(target), SCHEMA_VERSION)
    return 0


def _line(letter: Any) -> str:
    case = letter.case_number or "no case number"
    return f"{case} ({shown(letter.file_name)}, letter {letter.source_id})"


def run_copy(args: argparse.Namespace) -> int:
    from imr_desk.core.store import Store, StoreError
    from imr_desk.core.store.copying import copy_letters

    source, target = store_path(args.source), store_path(args.target)

    def show(letter: Any) -> None:
        if letter.target_id is not None and not args.quiet:
            print(f"copied {_line(letter)} as letter {letter.target_id}", flush=True)

    try:
        with Store(source, create=False) as source_store, Store(target, create=True) as target_store:
            report = copy_letters(source_store.connection, target_store.connection, progress=show)
    except StoreError as error:
        log.warning("store copy failed: %s", shown(error))
        return store_failed(error)
    for letter in report.skipped:
        print(f"skipped {_line(letter)}: {letter.reason}")
    print(f"{len(report.copied)} letter{'s' if len(report.copied) != 1 else ''} copied, "
          f"{len(report.skipped)} skipped ({shown(source)} to {shown(target)}).")
    log.info("store copy: %d copied, %d skipped (%s to %s)", len(report.copied), len(report.skipped),
             shown(source), shown(target))
    return 0


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def run_compact(args: argparse.Namespace) -> int:
    import sqlite3

    from imr_desk.core.store import Store, StoreError
    from imr_desk.core.store.compact_schema import compact_file
    from imr_desk.core.store.schema import explain

    target = store_path(args.target)
    try:
        with Store(target, create=False) as store:
            if store.is_postgres:
                print(f"The store {shown(target)} is a PostgreSQL database: the server reclaims its space "
                      "itself (autovacuum); nothing to do.")
                return 0
            try:
                before, after = compact_file(store.db.conn)
            except sqlite3.Error as exc:
                raise explain(store.connection.path, exc) from None  # type: ignore[arg-type]
    except StoreError as error:
        log.warning("store compact failed: %s", shown(error))
        return store_failed(error)
    print(f"The store {shown(target)} was compacted: {_megabytes(before)} -> {_megabytes(after)}.")
    log.info("store compact: %s %d -> %d bytes", shown(target), before, after)
    return 0
