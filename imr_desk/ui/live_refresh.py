"""The window among the firm's other desks: their changes shown live, and this desk's presence.

`ChangeListener` is a plain daemon thread (like ``background``: a window deleted while it runs
must not take the process down) that owns a `ChangeFeed` (its own connection: PostgreSQL
LISTEN, or an SQLite file's data_version) and hands each batch of other desks' changes to the
UI thread through the `changesArrived` signal. A feed that fails (the server went away) is
reported once through `problem` and opened again after `RETRY_SECONDS`.

`LiveRefresh` (one per window) acts on them on the UI thread: the queue rows of the changed
letters are refreshed (`QueuePanel.update_row`; the whole queue, `QueuePanel.reload`, when the
change does not say which letters or names more than `MAX_ROW_UPDATES`), and when the letter on
screen changed at another desk it is reloaded, unless the user is typing in one of its fields:
then what they type stays, the notice says so, and the letter is reloaded once they stop typing
(their next commit goes through the window's "Letter Changed Elsewhere" flow, which keeps the
text). A write of this window's own still in flight is left to its own answer.

Presence: the letter on screen is marked open at this desk (`Store.mark_open`, through
`StoreOps.submit_quietly`: off the UI thread, never waited for), refreshed every
`PRESENCE_REFRESH_SECONDS` and marked closed when another letter opens, the letter closes or
the window closes. The desk strip above the
letter's pages says who the case is assigned to and at whose desk it is open elsewhere.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QBoxLayout, QLabel

from imr_desk.core.store import Store, StoreError
from imr_desk.core.store.change_feed import ChangeFeed
from imr_desk.core.store.desk_schema import PRESENCE_REFRESH_SECONDS
from imr_desk.core.store.notices import Change
from imr_desk.ui.current_letter import CurrentLetter
from imr_desk.ui.letter_pane import LetterPane
from imr_desk.ui.pane_notices import (
    CHANGED_RELOADED,
    CHANGED_WHILE_TYPING,
    desk_notice,
    desk_text,
    warning_notice,
    warning_notice_style,
)
from imr_desk.ui.queue_panel import QueuePanel
from imr_desk.ui.store_ops import StoreOps
from imr_desk.ui.undo_commands import LetterEdits

log = logging.getLogger(__name__)

WAIT_SECONDS = 0.25  # one wait of the feed: how soon a stop is noticed
RETRY_SECONDS = 5.0  # after the feed failed, before it is opened again
MAX_ROW_UPDATES = 50  # more changed letters than this: the whole queue is re-read
CHANGED_NOTICE_MS = 10_000
TYPING_CHECK_MS = 1000  # while a change waits for the user to stop typing


class ChangeListener(QObject):
    """Other desks' changes, heard on a thread of its own (see the module's docstring)."""

    changesArrived = Signal(object)  # list[Change]
    problem = Signal(str)

    def __init__(self, target: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._target = target
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="imr-desk change feed", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 3.0) -> None:
        """Stop listening and wait (a little) for the thread to close its connection."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def _run(self) -> None:
        feed: ChangeFeed | None = None
        told = False
        while not self._stop.is_set():
            try:
                if feed is None:
                    feed = ChangeFeed(self._target)
                    told = False
                changes = feed.wait(WAIT_SECONDS)
                if changes and not self._stop.is_set():
                    self.changesArrived.emit(changes)
            except StoreError as error:
                if feed is not None:
                    feed.close()
                    feed = None
                if not told:
                    told = True
                    log.warning("not hearing other desks' changes: %s", error)
                    self._emit_problem(str(error))
                self._stop.wait(RETRY_SECONDS)
            except RuntimeError:  # the window (and this object) is gone
                break
        if feed is not None:
            feed.close()

    def _emit_problem(self, message: str) -> None:
        try:
            self.problem.emit(message)
        except RuntimeError:
            self._stop.set()


class LiveRefresh(QObject):
    """Other desks' changes on screen, and this desk's presence (see the module's docstring)."""

    def __init__(self, store: Store, store_ops: StoreOps, current: CurrentLetter, queue: QueuePanel,
                 edits: LetterEdits, letter_pane: LetterPane, *, reload_letter: Callable[[], None],
                 typing: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.ops, self.current, self.queue, self.edits = store, store_ops, current, queue, edits
        self._reload_letter, self._typing = reload_letter, typing
        self._open_here: int | None = None  # the letter marked open at this desk
        self._closed_all = False
        self.desk_label: QLabel = desk_notice(letter_pane)
        self.changed_label: QLabel = warning_notice(CHANGED_RELOADED, "changedNotice",
                                                    "Changed at another desk", letter_pane)
        self.changed_label.setStyleSheet(warning_notice_style("changedNotice"))
        layout = letter_pane.layout()
        if isinstance(layout, QBoxLayout):  # just above the pages
            index = layout.indexOf(letter_pane.view)
            layout.insertWidget(index, self.changed_label)
            layout.insertWidget(index, self.desk_label)
        self._hide_changed = QTimer(self, singleShot=True, interval=CHANGED_NOTICE_MS)
        self._hide_changed.timeout.connect(self.changed_label.hide)
        self._waiting_for_typing = QTimer(self, interval=TYPING_CHECK_MS)
        self._waiting_for_typing.timeout.connect(self._check_open_letter)
        self._seen = QTimer(self, interval=PRESENCE_REFRESH_SECONDS * 1000)
        self._seen.timeout.connect(self._refresh_presence)
        self._seen.start()
        # the worker opens its connection and checks the store file now (SQLite's quick_check,
        # outside any write transaction), not inside the first presence write, whose write lock
        # would then be held while the whole file is read
        self.ops.submit_quietly(lambda store: store.connection.check_writable())
        self.listener = ChangeListener(store.path, self)
        self.listener.changesArrived.connect(self.apply_changes)
        self.listener.problem.connect(self._on_problem)
        self.listener.start()
        self.problem_text = ""

    # --- presence -------------------------------------------------------------------------

    def letter_shown(self, letter_id: int | None) -> None:
        """The window now shows `letter_id` (None: no letter): move this desk's presence to it."""
        if letter_id == self._open_here:
            self.show_desks()
            return
        previous, self._open_here = self._open_here, letter_id
        self._stop_waiting()
        self.changed_label.hide()
        if previous is not None:
            self.ops.submit_quietly(lambda store: store.mark_closed(previous))
        if letter_id is not None:
            self._closed_all = False
            self.ops.submit_quietly(lambda store: store.mark_open(letter_id))
        self.show_desks()

    def close_all(self) -> None:
        """The window is closing: this desk has no letter open any more (once)."""
        self._seen.stop()
        self._stop_waiting()
        if not self._closed_all:
            self._closed_all = True
            self._open_here = None
            self.ops.submit_quietly(lambda store: store.mark_closed(None))

    def shutdown(self) -> None:
        """Stop hearing other desks (the window is gone)."""
        self._seen.stop()
        self._stop_waiting()
        self.listener.stop()

    def _refresh_presence(self) -> None:
        """Every `PRESENCE_REFRESH_SECONDS`: this desk is still here; the strip is read again (a
        desk that went away without closing the letter sends no notice, its row just goes stale)."""
        if self._open_here is not None:
            self.ops.submit_quietly(lambda store: store.mark_seen())
        self.show_desks()

    def show_desks(self) -> None:
        """Fill the desk strip: who the letter on screen is assigned to, where else it is open."""
        letter_id = self.current.letter_id
        if letter_id is None:
            self.desk_label.hide()
            return
        try:
            assignment = self.store.assignment(letter_id)
            elsewhere = self.store.open_elsewhere([letter_id]).get(letter_id)
        except StoreError:
            self.desk_label.hide()
            return
        text = desk_text(assignment.person if assignment else None, elsewhere)
        self.desk_label.setText(text)
        self.desk_label.setVisible(bool(text))

    # --- other desks' changes ---------------------------------------------------------------

    def apply_changes(self, changes: list[Change]) -> None:
        """Show other desks' `changes`: their queue rows, and the letter on screen."""
        everything = any(change.everything for change in changes)
        letters = frozenset().union(*(change.letters for change in changes)) if changes else frozenset()
        if everything or len(letters) > MAX_ROW_UPDATES:
            self.queue.reload()
        else:
            for letter_id in sorted(letters):
                self.queue.update_row(letter_id)
        on_screen = self.current.letter_id
        if on_screen is not None and (everything or on_screen in letters):
            self._check_open_letter()

    def _check_open_letter(self) -> None:
        record = self.current.record
        if record is None:
            self._stop_waiting()
            return
        letter_id = record.letter_id
        if self.edits.in_flight(letter_id):
            return  # this window's own write: its answer reloads the letter
        try:
            stored = self.store.version(letter_id)
        except StoreError:
            return  # gone (emptied from the trash elsewhere): the queue's reload shows it
        if stored != record.version:
            if self._typing():
                self._show_changed(CHANGED_WHILE_TYPING)
                if not self._waiting_for_typing.isActive():
                    self._waiting_for_typing.start()
                self.show_desks()
                return
            self._stop_waiting()
            self._reload_letter()
            self.edits.refresh(letter_id)
            self._show_changed(CHANGED_RELOADED)
        elif self._waiting_for_typing.isActive() and self.changed_label.text() == CHANGED_WHILE_TYPING:
            self._stop_waiting()  # the stale flow already reloaded it
            self.changed_label.hide()
        self.show_desks()

    def _show_changed(self, text: str) -> None:
        self.changed_label.setText(text)
        self.changed_label.show()
        self._hide_changed.start()

    def _stop_waiting(self) -> None:
        self._waiting_for_typing.stop()

    def _on_problem(self, message: str) -> None:
        self.problem_text = message
