"""Who undid or redid an edit, and when: the history entries of undo and redo.

Undo and redo flag the entry they step (``undone``, `edits.apply_history`); each step is also
written as an entry of its own, action ``undo`` or ``redo``, carrying the user and time like
any edit, the stepped entry's target, and as before/after the value the step left and the one
it brought back, each wrapped with the stepped entry's id and action
(`history_words.step_value`, read back by `history_words.step_of`).

Such an entry is a record, never a step itself: it is stored flagged ``undone`` and
``dropped``, the two flags every undo/redo query (`edits.step_history`, `Store.undo_stack`,
`edits.drop_redo_tail`) passes over, so undo never steps an undo. The history view tells it
apart by its action (`history_words.STEP_ACTIONS`), not by the flags.
"""

from __future__ import annotations

from typing import Any

from imr_desk.core.history_words import step_value
from imr_desk.core.records import HistoryEntry
from imr_desk.core.store.cases import insert_history
from imr_desk.core.store.connection import StoreConnection
from imr_desk.core.store.rows import loads


def record_step(
    connection: StoreConnection, row: dict[str, Any], *, undo: bool, user: str, now: str
) -> HistoryEntry:
    """Write the ``undo`` (or ``redo``) entry of history row `row` (in the caller's transaction)."""
    before, after = loads(row["before"]), loads(row["after"])
    left, restored = (after, before) if undo else (before, after)
    entry = insert_history(
        connection, row["letter_id"], "undo" if undo else "redo", row["target"],
        step_value(row["id"], row["action"], left), step_value(row["id"], row["action"], restored),
        user=user, now=now,
    )
    connection.db.execute("UPDATE history SET undone = 1, dropped = 1 WHERE id = ?", [entry.id])
    entry.undone = True
    return entry
