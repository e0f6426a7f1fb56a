"""The store's paged queue methods, which `Store` inherits (kept here to keep the facade small).

The window lists the queue as an order of letter ids (`queue_ids`, sorted in SQL by any
column, `queue_pages.SORT_KEYS`) and builds only the rows on screen (`queue_rows_by_id`); see
``queue_pages``. `Store.queue()` (every row at once) stays for commands and tools.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from imr_desk.core.store.connection import StoreConnection
from imr_desk.core.store.queue_pages import first_unreviewed, queue_ids, queue_rows_by_id
from imr_desk.core.store.search import QueueRow, SearchFilters


class QueueMethods:
    """The queue's order as ids, a page of rows by id, the next unreviewed case."""

    connection: StoreConnection
    plain_errors: Callable[[], AbstractContextManager[None]]
    refresh_deadlines: Callable[[], int]
    deadline_settings: Callable[[], Any]

    def queue_ids(self, query: str | None = None, filters: SearchFilters | None = None, *,
                  sort: str | None = None, descending: bool = False) -> list[int]:
        """The queue's letter ids in the order of `sort` (a `queue_pages.SORT_KEYS` name,
        ``"match"`` or None: newest first / most relevant first), ties newest first."""
        kinds: tuple[str, ...] = ()
        if sort == "next_deadline":
            self.refresh_deadlines()
            kinds = tuple(self.deadline_settings().default_kinds())
        with self.plain_errors():
            return queue_ids(self.connection.db, query, filters, sort=sort, descending=descending,
                             deadline_kinds=kinds)

    def queue_rows_by_id(self, ids: Sequence[int], *, desk: str | None = None,
                         now: datetime | None = None) -> list[QueueRow]:
        """The queue rows of `ids` in their order; `open_by` names who has a letter open at a
        desk other than `desk` (None: any desk)."""
        with self.plain_errors():
            return queue_rows_by_id(self.connection.db, ids, desk=desk, now=now)

    def first_unreviewed(self, ids: Sequence[int]) -> int | None:
        """The first of `ids` (in their order) that is unreviewed, or None."""
        with self.plain_errors():
            return first_unreviewed(self.connection.db, ids)
