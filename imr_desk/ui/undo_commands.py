"""Every edit of a letter, written to the store off the UI thread and undoable with Qt's framework.

The store keeps each letter's history and does the real undo/redo (`Store.undo/redo`), so a
crash loses nothing and a restart rebuilds the undo stack from `Store.undo_stack()`.
`LetterEdits` keeps one `QUndoStack` per letter inside a `QUndoGroup` (the window's Undo/Redo
actions follow the active one), at most `MAX_STACKS` of them: the least recently shown
letter's stack is forgotten (the store still has its history; the stack is rebuilt if that
letter is shown again).

An edit runs through `perform(letter_id, edit)`: `edit(store, expected_version)` is submitted
to `StoreOps` (the worker thread and its own connection), and a `StoreEditCommand` with the
caller's description is pushed at once, so Undo pressed while the write still waits for a busy
store undoes that very edit (its store undo runs right after it). The commands' undo()/redo()
submit `Store.undo/redo` the same way. Each letter's writes in flight form a `_Chain`: the
worker hands every write the version the previous one left (a stale view is refused with
`StaleRecordError`, never overwritten, and the writes queued behind it are refused too). When
a letter's last write is answered, its stack is re-read from the store (the store is the truth;
a failed write's command disappears) and `changed(letter_id)` asks the window to reload it;
failures reach the window as `failed(EditFailure)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoGroup, QUndoStack

from imr_desk.core.history_words import HISTORY_WORDS, action_verb
from imr_desk.core.records import HistoryEntry
from imr_desk.core.store import StaleRecordError, Store, StoreError
from imr_desk.core.store.connection import ANY_VERSION, ExpectedVersion
from imr_desk.ui.store_ops import StoreOps

MAX_STACKS = 20
# Kept importable here; the verbs are defined once in core/history_words.py.
_VERBS = {action: words.verb for action, words in HISTORY_WORDS.items()}
_REVIEW_WORDS = {"unreviewed": "unreviewed", "in_review": "in review", "verified": "verified"}

# edit(store, expected_version) -> the store call's result: a HistoryEntry, or (value, entry)
Edit = Callable[[Store, ExpectedVersion], Any]


def describe(entry: HistoryEntry) -> str:
    """The menu text of an edit, e.g. "Correct Decision 2 · Request", "Mark verified"."""
    if entry.action == "review":
        return describe_review(str(entry.after))
    if entry.action == "assign":
        return describe_assign(entry.after if isinstance(entry.after, str) else None)
    verb = action_verb(entry.action)
    target = entry.target.lower() if entry.action != "correct" else entry.target
    return f"{verb} {target}"


def describe_review(state: str) -> str:
    return f"Mark {_REVIEW_WORDS.get(state, state)}"


def describe_assign(person: str | None) -> str:
    """The menu text of an assignment: "Assign to Ana Ruiz", "Unassign"."""
    return f"Assign to {person}" if person else "Unassign"


def entry_of(result: Any) -> HistoryEntry | None:
    """The history entry in a store edit's result (`annotate` and `add_decision` give pairs)."""
    return result[-1] if isinstance(result, tuple) else result


@dataclass
class EditFailure:
    """An edit that was not stored: the plain message, and what the user had typed (if any)."""

    letter_id: int
    message: str
    stale: bool  # the letter was changed elsewhere
    typed: tuple[str, str] | None = None  # (field key, text) of a typed edit


@dataclass
class _Chain:
    """One letter's writes in flight, in the order the worker runs them."""

    version: ExpectedVersion  # worker side: the version the next write expects the letter at
    broken: str = ""  # worker side: why later writes are refused (the letter changed elsewhere)
    in_flight: int = 0  # UI side: writes submitted and not yet answered

    def run(self, store: Store, edit: Edit) -> Any:
        """Run `edit` on the worker with the version the previous write of the chain left."""
        if self.broken:
            raise StaleRecordError(self.broken)
        try:
            result = edit(store, self.version)
        except StaleRecordError as stale:
            self.broken = str(stale)
            raise
        if isinstance(self.version, int) and entry_of(result) is not None:
            self.version += 1  # every stored edit moves the letter's version on by one
        return result


class StoreEditCommand(QUndoCommand):
    """One stored edit; undo/redo ask the store to step the letter's history back or forward.

    It is pushed when the edit is submitted (or when the stack is rebuilt), so the first
    `redo()` (the push) does nothing; while `LetterEdits` rebuilds a stack no command
    touches the store.
    """

    def __init__(self, edits: LetterEdits, letter_id: int, text: str) -> None:
        super().__init__(text)
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

    `store` is the UI thread's (read) connection, `ops` runs the writes; `version_of(letter_id)`
    tells which record version the window shows (None: not shown, then `ANY_VERSION`), so an
    edit made on an out-of-date view raises `StaleRecordError` instead of overwriting.
    """

    changed = Signal(int)  # letter id whose stored record changed (reload it)
    submitted = Signal(int)  # letter id an edit (or undo / redo) was just submitted for
    failed = Signal(object)  # EditFailure

    def __init__(self, store: Store, ops: StoreOps, version_of: Callable[[int], int | None],
                 parent: QObject | None = None, *, max_stacks: int = MAX_STACKS) -> None:
        super().__init__(parent)
        self.store = store
        self.ops = ops
        self.group = QUndoGroup(self)
        self._version_of = version_of
        self._max_stacks = max(1, max_stacks)
        self._stacks: dict[int, QUndoStack] = {}  # least recently shown first
        self._chains: dict[int, _Chain] = {}
        self._replaying = False

    def stack(self, letter_id: int) -> QUndoStack:
        """The letter's undo stack, rebuilt from the store the first time it is asked for."""
        if letter_id not in self._stacks:
            stack = QUndoStack(self.group)
            self._stacks[letter_id] = stack
            self._rebuild(letter_id)
        return self._stacks[letter_id]

    def stacks_kept(self) -> list[int]:
        """The letters whose undo stacks are kept, least recently shown first."""
        return list(self._stacks)

    def activate(self, letter_id: int | None) -> None:
        """Make the letter's stack the one Undo/Redo act on (None: no letter open)."""
        if letter_id is None:
            self.group.setActiveStack(None)  # type: ignore[arg-type]  # Qt: no active stack
            return
        stack = self.stack(letter_id)
        self._stacks[letter_id] = self._stacks.pop(letter_id)  # now the most recently shown
        self.group.setActiveStack(stack)
        self._forget_oldest()

    def forget(self, letter_id: int) -> None:
        """Drop the letter's undo stack (its history stays in the store)."""
        stack = self._stacks.pop(letter_id, None)
        if stack is not None:
            self.group.removeStack(stack)
            stack.deleteLater()

    def _forget_oldest(self) -> None:
        active = self.group.activeStack()
        for letter_id in list(self._stacks):
            if len(self._stacks) <= self._max_stacks:
                return
            if self._stacks[letter_id] is not active and letter_id not in self._chains:
                self.forget(letter_id)

    def in_flight(self, letter_id: int) -> int:
        """The letter's writes submitted and not answered yet."""
        chain = self._chains.get(letter_id)
        return chain.in_flight if chain is not None else 0

    def perform(self, letter_id: int, edit: Edit, *, description: str | None = None,
                typed: tuple[str, str] | None = None, on_done: Callable[[Any], None] | None = None) -> None:
        """Submit `edit(store, expected_version)`; with a `description`, it is undoable at once.

        `on_done(result)` runs once it is stored; otherwise `failed` is emitted (carrying
        `typed`, the field key and text the user typed, so nothing typed is lost).
        """
        chain = self._chains.get(letter_id)
        if chain is None:
            shown = self._version_of(letter_id)
            chain = self._chains[letter_id] = _Chain(ANY_VERSION if shown is None else shown)
        chain.in_flight += 1
        self.submitted.emit(letter_id)
        if description is not None:  # the push's redo() is skipped: the write is submitted below
            self.stack(letter_id).push(StoreEditCommand(self, letter_id, description))
        self.ops.submit(
            lambda store: chain.run(store, edit),
            on_done=lambda result: self._answered(letter_id, chain, result, None, on_done),
            on_failed=lambda error: self._answered(
                letter_id, chain, None,
                EditFailure(letter_id, str(error), isinstance(error, StaleRecordError), typed), None),
        )

    def step(self, letter_id: int, *, undo: bool) -> None:
        """Undo or redo the letter's latest edit in the store (called by the commands)."""
        if self._replaying:
            return

        def move(store: Store, version: ExpectedVersion) -> HistoryEntry | None:
            return (store.undo if undo else store.redo)(letter_id, expected_version=version)

        self.perform(letter_id, move)

    def _answered(self, letter_id: int, chain: _Chain, result: Any, failure: EditFailure | None,
                  on_done: Callable[[Any], None] | None) -> None:
        """A write was answered: when it was the letter's last, mirror the store; tell the window."""
        chain.in_flight -= 1
        if chain.in_flight == 0 and self._chains.get(letter_id) is chain:
            del self._chains[letter_id]
            self._rebuild(letter_id)
            self._forget_oldest()
        self.changed.emit(letter_id)
        if failure is not None:
            self.failed.emit(failure)
        elif on_done is not None:
            on_done(result)

    def refresh(self, letter_id: int) -> None:
        """The letter changed at another desk: its stack mirrors the store again (unless a
        write of this window is still in flight; its answer does that)."""
        if letter_id not in self._chains:
            self._rebuild(letter_id)

    def _rebuild(self, letter_id: int) -> None:
        """Make the letter's stack mirror the store: done edits to undo, undone ones to redo."""
        stack = self._stacks.get(letter_id)
        if stack is None:
            return
        try:
            done, redoable = self.store.undo_stack(letter_id)
        except StoreError as problem:
            self.failed.emit(EditFailure(letter_id, str(problem), False))
            return
        self._replaying = True
        try:
            stack.clear()
            for entry in [*done, *redoable]:
                stack.push(StoreEditCommand(self, letter_id, describe(entry)))
            stack.setIndex(len(done))
            stack.setClean()
        finally:
            self._replaying = False
