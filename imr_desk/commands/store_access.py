"""How a subcommand names and opens the store: the one ``--db PATH`` option and `open_store()`.

Every subcommand that uses the store (``import``, ``export``, ``search``, ``report``) gets
``--db PATH`` from `add_db_option()` (default: ``$IMR_DESK_DB``, else the store chosen in the
window's Desk Settings, ``core/store/desk_config``, else ``imr-desk.sqlite3`` in the user's data
folder) and opens the store with `open_store()`, whose contract is:

- it returns an open `Store` (the caller closes it, e.g. ``with store:``);
- a missing file: only ``import`` creates a store (``create=True``: a new empty store, mode
  0600, its folder too). Every other command (export, search, report) passes
  ``create=False``: nothing is created (no file, no folder) and `StoreError` says "there is
  no store at PATH (import letters first, or pass --db PATH)." — so a mistyped ``--db`` never
  exports 0 letters from a new empty store;
- a command that writes (``import``) has the store checked before any other work
  (``PRAGMA quick_check``): a damaged store is refused with a message naming it and what to do
  (restore a backup, or ``sqlite3 STORE ".recover" | sqlite3 NEW``), and nothing is written;
- a file that cannot be used (damaged, another kind of file, an SQLite database that is not an
  imr-desk store, a store from a newer imr-desk, a folder, a folder that cannot be created, a
  file that cannot be opened): `StoreError` with a plain message naming the file, which is left
  as it was (judged from its header before SQLite may write to it).

The command prints the message on one line of stderr and exits with status 1
(`store_failed()` does both for the commands that print ``imr-desk: MESSAGE``); never a
traceback. Each refusal is logged ("store refused: ..."). The stores a command opened are
remembered (`opened_stores`) so that an unexpected failure can be traced to a damaged letter
(`damaged_letter_message`). The store module is imported only when a store is opened, so
building the command-line parser stays cheap.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from imr_desk.commands.outputs import shown

if TYPE_CHECKING:
    from imr_desk.core.store import Store, StoreError

log = logging.getLogger(__name__)

DB_HELP = ("the store: a file, or a PostgreSQL connection string (postgresql://…) "
           "(default: $IMR_DESK_DB, else the store chosen in the window's Desk Settings, "
           "else imr-desk.sqlite3 in your data folder)")

# The stores this process's command opened, in order (see `damaged_letter_message`).
opened_stores: list[Path | str] = []


def db_value(text: str) -> Path | str:
    """``--db``'s value: a PostgreSQL connection string is kept as text (the store reads it,
    ``dialect.is_postgres_target``), anything else is a file path. Cheap: no store import."""
    stripped = text.strip()
    if stripped.lower().startswith(("postgresql://", "postgres://")) or (
        "=" in stripped and any(f"{key}=" in stripped.replace(" =", "=") for key in ("host", "dbname", "service"))
    ):
        return stripped
    return Path(text)


def add_db_option(parser: Any) -> None:
    """Add ``--db PATH`` to a parser or argument group (stored as ``args.db``: a `Path`, a
    PostgreSQL connection string, or None for the default store)."""
    parser.add_argument("--db", metavar="PATH", type=db_value, default=None, help=DB_HELP)


def store_path(db: Path | str | None) -> Path | str:
    """The store ``--db`` names (None: ``$IMR_DESK_DB``, else the data folder's file): a `Path`,
    or a ``PostgresTarget`` (shown with its password masked)."""
    from imr_desk.core.store import default_db_path
    from imr_desk.core.store.connection import store_target

    return store_target(db) if db is not None else default_db_path()


def open_store(db: Path | str | None, *, create: bool, writing: bool | None = None) -> Store:
    """Open the store ``--db`` names for a command; `StoreError` (plain, naming it) if it cannot.

    With `create` False a missing store file is an error and nothing is created. With
    `writing` (default: `create`) the store is checked (``quick_check``) before returning, so a
    damaged store is refused before the command does any work.
    """
    from imr_desk.core.store import Store, StoreError

    path = store_path(db)
    try:
        if not create and isinstance(path, Path) and not path.exists():
            raise StoreError(f"there is no store at {path} (import letters first, or pass --db PATH).")
        store = Store(path, create=create)
        try:
            if create if writing is None else writing:
                store.connection.check_writable()
        except BaseException:
            store.close()
            raise
    except StoreError as error:
        if _chosen_in_settings(db):  # the user may not know where the store came from: say so
            error = StoreError(f"{error} (It is the store chosen in the window's Desk Settings; "
                               "pass --db PATH to use another.)")
        log.warning("store refused: %s", shown(error))
        raise error from None
    opened_stores.append(path)
    return store


def _chosen_in_settings(db: Path | str | None) -> bool:
    """True when the store a command opens is the one the desk's settings name."""
    from imr_desk.core.store.desk_config import read_desk_config

    return db is None and not os.environ.get("IMR_DESK_DB") and bool(read_desk_config().store)


def store_failed(error: StoreError) -> int:
    """Print a store problem as ``imr-desk: MESSAGE`` on stderr; the exit status (1)."""
    print(f"imr-desk: {shown(error)}", file=sys.stderr)
    return 1


def damaged_letter_message() -> str | None:
    """After an unexpected failure: the first stored letter that cannot be read in the stores
    this command opened, named with its file and damaged column (never its contents), or None
    when every letter reads (the failure was something else)."""
    from imr_desk.core.store import Store, StoreError
    from imr_desk.core.store.damage import find_unreadable_letter

    for path in dict.fromkeys(opened_stores):
        try:
            with Store(path) as store:
                damage = find_unreadable_letter(store.connection)
        except StoreError as error:
            return str(error)
        if damage is not None:
            return damage
    return None
