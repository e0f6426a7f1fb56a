"""Telling the firm's other desks what changed: this desk's id and the change notices.

`DESK_ID` names this process's desk (one window, or one command) for as long as it runs: a
uuid made once at import. On a PostgreSQL store every committed write sends one notice on the
channel `CHANNEL` (``pg_notify``): JSON ``{"desk": DESK_ID, "letters": [ids]}`` naming the
letters the transaction changed, an empty list meaning "anything may have changed, reload"
(an import, or more ids than a notice holds: PostgreSQL caps a payload at 8000 bytes,
`MAX_PAYLOAD_BYTES` keeps well under). A presence change (a letter opened or closed at a desk,
``desks``) sends ``"presence": true`` with its letter. `install_notifier` hooks a store's
connection (`StoreConnection.after_commit`); the ``change_feed`` reads the notices back.

On an SQLite store there is no channel: `notify` does nothing, and the other desks notice a
change by the file's ``PRAGMA data_version`` instead (``change_feed``).

A notice is a courtesy to the other desks: the write it reports has already committed, so a
notice that cannot be sent (the connection just dropped) is logged, never raised.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from imr_desk.core.store.connection import StoreConnection

log = logging.getLogger(__name__)

DESK_ID = uuid.uuid4().hex  # this process's desk, for as long as it runs
CHANNEL = "imr_desk_changes"
MAX_PAYLOAD_BYTES = 7900  # PostgreSQL refuses a payload of 8000 bytes or more


@dataclass(frozen=True)
class Change:
    """One change another desk made: its letters (empty: anything may have changed, reload
    everything), the desk that made it, and whether it was only presence (a letter opened or
    closed there: no edit, no new version)."""

    letters: frozenset[int]
    desk: str = ""
    presence: bool = False

    @property
    def everything(self) -> bool:
        """True when the change does not say which letters (reload all of them)."""
        return not self.letters


def payload(letter_ids: Iterable[int], *, desk: str = DESK_ID, presence: bool = False) -> str:
    """The notice's JSON text; too many ids for one notice become "reload everything" (``[]``)."""
    data: dict[str, Any] = {"desk": desk, "letters": sorted({int(i) for i in letter_ids})}
    if presence:
        data["presence"] = True
    text = json.dumps(data, separators=(",", ":"))
    if len(text.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        data["letters"] = []
        text = json.dumps(data, separators=(",", ":"))
    return text


def parse_payload(text: str) -> Change:
    """A notice's `Change`; a notice that is not this module's JSON reads as "reload everything"."""
    try:
        data = json.loads(text)
        letters = frozenset(int(i) for i in data.get("letters") or [])
        return Change(letters, str(data.get("desk", "")), bool(data.get("presence", False)))
    except (ValueError, TypeError, AttributeError):
        return Change(frozenset())


def notify(connection: StoreConnection, letter_ids: Iterable[int], *, presence: bool = False,
           desk: str = DESK_ID) -> None:
    """Send the other desks a notice of `letter_ids` from `desk` (PostgreSQL; nothing on
    SQLite). Called after the write has committed (the connection is in autocommit mode)."""
    if not connection.is_postgres:
        return
    try:
        connection.db.execute("SELECT pg_notify(?, ?)",
                              [CHANNEL, payload(letter_ids, desk=desk, presence=presence)])
    except Exception as exc:  # the write has committed; a lost notice only delays the others' refresh
        log.warning("could not tell the other desks about a change in %s: %s", connection.path, exc)


def install_notifier(connection: StoreConnection, desk: str = DESK_ID) -> None:
    """Send a notice from `desk` after every committed write of `connection` (PostgreSQL
    stores only)."""
    if connection.is_postgres:
        connection.after_commit.append(lambda letters: notify(connection, letters, desk=desk))
