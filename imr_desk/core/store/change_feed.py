"""Hearing what the firm's other desks changed: `ChangeFeed`.

`ChangeFeed(target)` opens its own connection to the store and `wait(timeout_s)` blocks up to
`timeout_s` seconds for changes other desks made, giving them as `notices.Change` (an empty
list when nothing changed in that time). Changes this process's own desk made
(`notices.DESK_ID`) are dropped. One feed belongs to one thread (the window's listener);
`close()` ends it.

- PostgreSQL: ``LISTEN`` on the store's channel (`notices.CHANNEL`); each notice names its
  desk and letters (``notices.payload``).
- SQLite: no channel, so the feed polls the file's ``PRAGMA data_version`` (it moves when
  another connection commits) every `POLL_SECONDS`, then works out which letters changed:
  those with history entries newer than the last it saw and those whose presence rows moved;
  a letter added or deleted, or a letter's version moved without a history entry, is "reload
  everything" (an empty `letters`). A commit that changed none of these (derived data such as
  the deadline table, which each desk brings up to date itself) is no change. It cannot tell
  desks apart: its changes may include this desk's own (harmless: the window compares
  versions before calling anything "changed elsewhere").
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from imr_desk.core.store.connection import store_target
from imr_desk.core.store.file_checks import database_uri
from imr_desk.core.store.notices import CHANNEL, DESK_ID, Change, parse_payload
from imr_desk.core.store.schema import StoreError

POLL_SECONDS = 0.25  # SQLite: how often data_version is read


class ChangeFeed:
    """The changes other desks make to the store `target` (see the module's docstring)."""

    def __init__(self, target: str | Path, *, desk: str = DESK_ID) -> None:
        self.target = store_target(target)
        self.desk = desk
        self._pg: Any = None
        self._sqlite: sqlite3.Connection | None = None
        self._data_version = 0
        self._history_id = 0
        self._letters: tuple[int, int, int] = (0, 0, 0)  # count, highest id, sum of versions
        self._presence: dict[int, set[tuple[str, str, str]]] = {}
        if isinstance(self.target, Path):
            self._open_sqlite(self.target)
        else:
            self._open_pg(self.target)

    # --- opening ---------------------------------------------------------------------------

    def _open_pg(self, target: str) -> None:
        import psycopg

        from imr_desk.core.store.pg_backend import CONNECT_TIMEOUT_S, explain_pg

        try:
            self._pg = psycopg.connect(getattr(target, "dsn", target), autocommit=True,
                                       connect_timeout=CONNECT_TIMEOUT_S,
                                       application_name="imr-desk change feed")
            self._pg.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as exc:
            raise explain_pg(target, exc) from None

    def _open_sqlite(self, path: Path) -> None:
        try:
            self._sqlite = sqlite3.connect(database_uri(path, mode="ro"), uri=True, timeout=5,
                                           check_same_thread=False)
            self._data_version = self._read_data_version()
            self._history_id, self._letters = self._high_ids()
            self._presence = self._presence_rows()
        except sqlite3.Error as exc:
            raise StoreError(f"The store file {path} cannot be watched for other desks' changes: {exc}.") from None

    # --- waiting ---------------------------------------------------------------------------

    def wait(self, timeout_s: float) -> list[Change]:
        """The changes other desks made, waiting up to `timeout_s` for the first (PostgreSQL:
        every notice already there comes along); [] when none came."""
        if self._pg is not None:
            return self._wait_pg(timeout_s)
        return self._wait_sqlite(timeout_s)

    def _wait_pg(self, timeout_s: float) -> list[Change]:
        import psycopg

        try:
            changes = [parse_payload(n.payload) for n in self._pg.notifies(timeout=timeout_s, stop_after=1)]
            if changes:  # whatever else arrived meanwhile, without waiting again
                changes += [parse_payload(n.payload) for n in self._pg.notifies(timeout=0.01)]
        except psycopg.Error as exc:
            from imr_desk.core.store.pg_backend import explain_pg

            raise explain_pg(self.target, exc) from None
        return [change for change in changes if change.desk != self.desk]

    def _wait_sqlite(self, timeout_s: float) -> list[Change]:
        deadline = time.monotonic() + max(0.0, timeout_s)
        try:
            while True:
                version = self._read_data_version()
                if version != self._data_version:
                    self._data_version = version
                    change = self._sqlite_change()
                    if change is not None:
                        return [change]
                left = deadline - time.monotonic()
                if left <= 0:
                    return []
                time.sleep(min(POLL_SECONDS, left))
        except sqlite3.Error as exc:
            raise StoreError(f"The store file {self.target} could not be read for other desks' "
                             f"changes: {exc}.") from None

    # --- SQLite: what changed ----------------------------------------------------------------

    def _sql(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        assert self._sqlite is not None
        return self._sqlite.execute(sql, params or []).fetchall()

    def _read_data_version(self) -> int:
        return int(self._sql("PRAGMA data_version")[0][0])

    def _high_ids(self) -> tuple[int, tuple[int, int, int]]:
        history = self._sql("SELECT coalesce(max(id), 0) FROM history")[0][0]
        count, high, versions = self._sql(
            "SELECT count(*), coalesce(max(id), 0), coalesce(sum(version), 0) FROM letters")[0]
        return int(history), (int(count), int(high), int(versions))

    def _presence_rows(self) -> dict[int, set[tuple[str, str, str]]]:
        rows: dict[int, set[tuple[str, str, str]]] = {}
        for letter_id, desk, person, seen_at in self._sql(
                "SELECT letter_id, desk, person, seen_at FROM letter_presence"):
            rows.setdefault(int(letter_id), set()).add((desk, person, seen_at))
        return rows

    def _sqlite_change(self) -> Change | None:
        history_id, letters = self._high_ids()
        edited = {int(row[0]) for row in self._sql(
            "SELECT DISTINCT letter_id FROM history WHERE id > ?", [self._history_id])}
        presence = self._presence_rows()
        moved = {letter_id for letter_id in set(presence) | set(self._presence)
                 if presence.get(letter_id) != self._presence.get(letter_id)}
        added_or_deleted = letters[:2] != self._letters[:2]
        unplaced = letters[2] != self._letters[2] and not edited  # a version moved without history
        self._history_id, self._letters, self._presence = history_id, letters, presence
        if added_or_deleted or unplaced:
            return Change(frozenset())
        if not (edited or moved):
            return None  # derived data only (e.g. the deadline table): nothing another desk shows
        return Change(frozenset(edited | moved), presence=not edited)

    # --- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """Stop listening and close the feed's connection (again: nothing)."""
        if self._pg is not None:
            self._pg.close()
            self._pg = None
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None

    def __enter__(self) -> ChangeFeed:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
