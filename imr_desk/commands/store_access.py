"""How a subcommand names and opens the store: the one ``--db PATH`` option and `open_store()`.

Every subcommand that uses the store (``import``, ``export``, ``search``, ``report``) gets
``--db PATH`` from `add_db_option()` (default: ``$IMR_DESK_DB``, else ``imr-desk.sqlite3`` in
the user's data folder) and opens the store with `open_store()`, whose contract is:

- it returns an open `Store` (the caller closes it, e.g. ``with store:``);
- a missing file: with ``create=True`` (import, export, search) a new empty store is made
  there (mode 0600, its folder too); with ``create=False`` (report, which only reads) nothing
  is created and `StoreError` says "there is no store at PATH (import letters first, or pass
  --db PATH)."
- a file that cannot be used (damaged, another kind of file, an SQLite database that is not an
  imr-desk store, a store from a newer imr-desk, a folder, a folder that cannot be created, a
  file that cannot be opened): `StoreError` with a plain message naming the file, which is left
  as it was.

The command prints the message on one line of stderr and exits with status 1
(`store_failed()` does both for the commands that print ``imr-desk: MESSAGE``); never a
traceback. The store module is imported only when a store is opened, so building the
command-line parser stays cheap.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from imr_desk.core.store import Store, StoreError

DB_HELP = "the store file (default: $IMR_DESK_DB, else imr-desk.sqlite3 in your data folder)"


def add_db_option(parser: Any) -> None:
    """Add ``--db PATH`` to a parser or argument group (stored as ``args.db``: a `Path`, or None for the default store)."""
    parser.add_argument("--db", metavar="PATH", type=Path, default=None, help=DB_HELP)


def store_path(db: Path | None) -> Path:
    """The store file that ``--db`` names (None: ``$IMR_DESK_DB``, else the data folder's)."""
    from imr_desk.core.store import default_db_path

    return Path(db).expanduser() if db is not None else default_db_path()


def open_store(db: Path | None, *, create: bool) -> Store:
    """Open the store ``--db`` names for a command; `StoreError` (plain, naming it) if it cannot.

    With `create` False a missing store file is an error and nothing is created.
    """
    from imr_desk.core.store import Store, StoreError

    path = store_path(db)
    if not create and not path.exists():
        raise StoreError(f"there is no store at {path} (import letters first, or pass --db PATH).")
    return Store(path)


def store_failed(error: StoreError) -> int:
    """Print a store problem as ``imr-desk: MESSAGE`` on stderr; the exit status (1)."""
    print(f"imr-desk: {error}", file=sys.stderr)
    return 1
