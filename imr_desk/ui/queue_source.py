"""Where the queue panel's model gets its letters: the store, with the panel's search and filters.

`StoreQueueSource` answers `queue_model.QueueSource` from the UI thread's read-only `Store`:
the order is `Store.queue_ids` (sorted in SQL; the deadline filter keeps the ids of
`Store.deadline_letter_ids`), a page's rows `Store.queue_rows_by_id` (who has a letter open
at a desk other than this one), and a page's next deadlines `Store.next_deadlines` while that
column is shown. A store failure while painting or sorting is handed to `on_error` (the panel
shows it beside the filters) and the model keeps what it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from imr_desk.core.store import SearchFilters, Store, StoreError


class StoreQueueSource:
    """One listing of the queue: a search, filters and the deadline choice, over `store`."""

    def __init__(self, store: Store, query: str | None, filters: SearchFilters, *,
                 deadline_choice: tuple[bool, int | None] | None = None, desk: str | None = None,
                 deadlines_shown: Callable[[], bool] = lambda: False,
                 on_error: Callable[[str, str], None] = lambda _headline, _message: None) -> None:
        self.store, self.query, self.filters = store, query, filters
        self.deadline_choice, self.desk = deadline_choice, desk
        self.deadlines_shown, self.on_error = deadlines_shown, on_error
        self._due: set[int] | None = None

    def read_order(self, sort: str | None, descending: bool) -> list[int]:
        """The listed ids in the order of `sort`; a `StoreError` when the store fails."""
        ids = self.store.queue_ids(self.query, self.filters, sort=sort, descending=descending)
        if self.deadline_choice is not None:
            if self._due is None:
                overdue, within = self.deadline_choice
                self._due = self.store.deadline_letter_ids(overdue=overdue, due_within=within)
            ids = [letter_id for letter_id in ids if letter_id in self._due]
        return ids

    def order(self, sort: str | None, descending: bool) -> list[int] | None:
        try:
            return self.read_order(sort, descending)
        except StoreError as error:
            self.on_error("The list could not be sorted", str(error))
            return None

    def rows(self, ids: Sequence[int]) -> list[Any]:
        try:
            return list(self.store.queue_rows_by_id(ids, desk=self.desk))
        except StoreError as error:
            self.on_error("The list could not be read", str(error))
            return []

    def next_deadlines(self, ids: Sequence[int]) -> dict[int, Any] | None:
        if not self.deadlines_shown():
            return None
        try:
            return dict(self.store.next_deadlines(list(ids)))
        except StoreError as error:
            self.on_error("The next deadlines could not be read", str(error))
            return None

    def first_unreviewed(self, ids: Sequence[int]) -> int | None:
        return self.store.first_unreviewed(ids)
