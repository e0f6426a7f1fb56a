"""Every edit of a letter, written to the store at once and undoable with Qt's undo framework.

The store keeps each letter's history and does the real undo/redo (`Store.undo/redo`), so a
crash loses nothing and a restart can rebuild the undo stack from `Store.undo_stack()`.
`LetterEdits` owns one `QUndoStack` per letter inside a `QUndoGroup` (the window's Undo/Redo
actions follow the active one). An edit runs through `perform()`: the store call happens first
(nothing is pushed if it fails), then a `StoreEditCommand` records it. Failures reach the window
as `failed(letter_id, message, stale)`; after a `StaleRecordError` the stack is rebuilt from the
store so it matches what another window did.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoGroup, QUndoStack

from imr_desk.core.records import HistoryEntry
from imr_desk.core.store import StaleRecordError, Store, StoreError

_VERBS = {
    "correct": "Correct",
    "add_decision": "Add",
    "delete_decision": "Delete",
    "annotate": "Add",
    "delete_annotation": "Delete",
    "review": "Change",
}
_REVIEW_WORDS = {"unreviewed": "unreviewed", "in_review": "in review", "verified": "verified"}


def describe(entry: HistoryEntry) -> str:
    """The menu text of an edit, e.g. "Correct Decision 2 · Request", "Mark verified"."""
    if entry.action == "review":
        return f"Mark {_REVIEW_WORDS.get(str(entry.after), entry.after)}"
    verb = _VERBS.get(entry.action, entry.action.replace("_", " ").capitalize())
    target = entry.target.lower() if entry.action != "correct" else entry.target
    return f"{verb} {target}"


class StoreEditCommand(QUndoCommand):
    """One stored edit; undo/redo ask the store to step the letter's history back or forward.

    It is pushed after the store has applied the edit, so the first `redo()` (the push) does
    nothing; while `LetterEdits` replays a stack no command touches the store.
    """

    def __init__(self, edits: LetterEdits, letter_id: int, entry: HistoryEntry) -> None:
        super().__init__(describe(entry))
        self._edits = edits
        self._letter_id = letter_id
        self._skip_redo = True

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._edits.step(self._letter_id, undo=False)

    def undo(self) -> None:
        self._edits.step(self._letter_id, undo=True)


class LetterEdits(QObject):
    """Edits of stored letters with one undo stack per letter.

    `version_of(letter_id)` tells which record version the window shows (None: not shown), so
    an edit made on an out-of-date view raises `StaleRecordError` instead of overwriting.
    """

    changed = Signal(int)  # letter id whose stored record changed (reload it)
    failed = Signal(int, str, bool)  # letter id, plain message, stale (changed elsewhere)

    def __init__(
        self, store: Store, version_of: Callable[[int], int | None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.group = QUndoGroup(self)
        self._version_of = version_of
        self._stacks: dict[int, QUndoStack] = {}
        self._replaying = False

    def stack(self, letter_id: int) -> QUndoStack:
        """The letter's undo stack, rebuilt from the store the first time it is asked for."""
        if letter_id not in self._stacks:
            stack = QUndoStack(self.group)
            self._stacks[letter_id] = stack
            self._rebuild(letter_id)
        return self._stacks[letter_id]

    def activate(self, letter_id: int | None) -> None:
        """Make the letter's stack the one Undo/Redo act on (None: no letter open)."""
        self.group.setActiveStack(self.stack(letter_id) if letter_id is not None else None)

    def forget(self, letter_id: int) -> None:
        stack = self._stacks.pop(letter_id, None)
        if stack is not None:
            self.group.removeStack(stack)
            stack.deleteLater()

    def perform(self, letter_id: int, edit: Callable[[int | None], HistoryEntry]) -> bool:
        """Run `edit(expected_version)` against the store and record it for undo.

        Returns True when the edit was stored; otherwise `failed` has been emitted and nothing
        changed (a stale letter's stack is rebuilt from the store).
        """
        try:
            entry = edit(self._version_of(letter_id))
        except StaleRecordError as stale:
            self._report_failure(letter_id, str(stale), stale=True)
            return False
        except (StoreError, ValueError) as problem:
            self.failed.emit(letter_id, str(problem), False)
            return False
        stack = self.stack(letter_id)
        stack.push(StoreEditCommand(self, letter_id, entry))
        self.changed.emit(letter_id)
        return True

    def step(self, letter_id: int, *, undo: bool) -> None:
        """Undo or redo the letter's latest edit in the store (called by the commands)."""
        if self._replaying:
            return
        move = self.store.undo if undo else self.store.redo
        try:
            move(letter_id, expected_version=self._version_of(letter_id))
        except (StaleRecordError, StoreError) as problem:
            # the stack is mid-operation here: re-sync it once the undo/redo call has returned
            message, stale = str(problem), isinstance(problem, StaleRecordError)
            QTimer.singleShot(0, lambda: self._report_failure(letter_id, message, stale=stale))
            return
        self.changed.emit(letter_id)

    def _report_failure(self, letter_id: int, message: str, *, stale: bool = False) -> None:
        """Re-sync the stack with the store, let the window reload, then tell the user."""
        self._rebuild(letter_id)
        self.changed.emit(letter_id)
        self.failed.emit(letter_id, message, stale)

    def _rebuild(self, letter_id: int) -> None:
        """Make the letter's stack mirror the store: done edits to undo, undone ones to redo."""
        stack = self._stacks.get(letter_id)
        if stack is None:
            return
        done, redoable = self.store.undo_stack(letter_id)
        self._replaying = True
        try:
            stack.clear()
            for entry in [*done, *redoable]:
                stack.push(StoreEditCommand(self, letter_id, entry))
            stack.setIndex(len(done))
            stack.setClean()
        finally:
            self._replaying = False
