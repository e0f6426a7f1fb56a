"""The case queue panel: search box, quick filters, a count and the sortable table of letters.

A search (after a short pause in typing; any text is safe) gives each row its best hit's
snippet (tooltip, Match column). The model holds the listed ids only and fetches rows a page
at a time as they are painted (`queue_source.StoreQueueSource`: `Store.queue_ids`, sorted in
SQL, then `Store.queue_rows_by_id`), so 100,000 letters list as fast as 100. The filters
(`queue_filters.QueueFilters`) narrow the list at once, the active ones in words under them
with a one-click Clear. Moving the current row, Enter or a double-click emit
`letterActivated(letter_id)`; the selection goes out through `selectionChanged(list)`.
Column widths and the sort order persist through QSettings.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QMenu, QTableView, QToolButton, QVBoxLayout, QWidget

from imr_desk.core.store import SearchFilters, Store, StoreError
from imr_desk.core.store.notices import DESK_ID
from imr_desk.ui.icons import icon
from imr_desk.ui.queue_columns import (
    HEADER_STATE_KEY,
    arrange_default_columns,
    columns_menu,
    fit_columns_to_contents,
    make_queue_table,
    restore_header_state,
    save_header_state,
)
from imr_desk.ui.queue_filters import QueueFilters, SearchBox, count_text
from imr_desk.ui.queue_model import Column, QueueModel, elide
from imr_desk.ui.queue_source import StoreQueueSource
from imr_desk.ui.theme import colours

SEARCH_DELAY_MS = 250
__all__ = ["HEADER_STATE_KEY", "QueuePanel", "count_text"]
class QueuePanel(QWidget):
    """The list of stored letters the paralegal works through."""

    letterActivated = Signal(int)
    selectionChanged = Signal(list)
    copiesRequested = Signal(int)  # a row's context menu: Copies of This Case… (the row's letter id)
    assignRequested = Signal(int)  # a row's context menu: Assign Case To… (the row's letter id)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: Store | None = None
        self._total = 0
        self._current_id: int | None = None  # the letter in the current row
        self._restoring = False
        self._source: StoreQueueSource | None = None
        self.desk = DESK_ID  # rows say who has a letter open at any other desk

        self.search_box = SearchBox(self)
        self.search_box.setPlaceholderText("Search case number, treatment, text…")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setAccessibleName("Search letters")
        self.search_box.setToolTip("Search case numbers, file names, treatments, guidelines, rationales and notes")
        self.search_box.addAction(icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.filters = QueueFilters(self)
        self.review_filter, self.outcome_filter = self.filters.review_filter, self.filters.outcome_filter
        self.active_label = QLabel(self)
        self.active_label.setAccessibleName("Active filters")
        self.active_label.setWordWrap(True)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("Clear the search and every filter")
        self.clear_button.clicked.connect(self.clear_filters)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Letters listed")
        self.model = QueueModel(self)
        self.table = self._make_table()

        filters_row = QHBoxLayout()
        filters_row.setContentsMargins(0, 0, 6, 0)
        filters_row.addWidget(self.filters)
        filters_row.addStretch(1)
        filters_row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search_box)
        layout.addLayout(filters_row)
        active_row = QHBoxLayout()
        active_row.setContentsMargins(2, 0, 6, 0)
        active_row.addWidget(self.active_label, 1)
        active_row.addWidget(self.clear_button)
        layout.addLayout(active_row)
        layout.addWidget(self.table, 1)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self._save_header_timer = QTimer(self, singleShot=True, interval=500)
        self._save_header_timer.timeout.connect(self._save_header_state)
        self.search_box.textChanged.connect(self._search_timer.start)
        self.search_box.moveToTable.connect(self._search_now_and_focus_table)
        self.filters.changed.connect(self.reload)
        self._header_restored = restore_header_state(self.table)
        if not self._header_restored:
            arrange_default_columns(self.table)

    def _make_table(self) -> QTableView:
        table = make_queue_table(self, self.model)
        header = table.horizontalHeader()
        header.sectionResized.connect(lambda *_args: self._save_header_timer.start())
        header.sectionMoved.connect(lambda *_args: self._save_header_timer.start())
        header.sortIndicatorChanged.connect(lambda *_args: self._save_header_timer.start())
        header.customContextMenuRequested.connect(self._show_columns_menu)
        table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        table.activated.connect(self._on_activated)
        table.customContextMenuRequested.connect(self._show_row_menu)
        return table

    # -- API for the window -------------------------------------------------------------
    def set_store(self, store: Store) -> None:
        self._store = store
        self._current_id = None
        self.reload(keep_selection=False)

    def reload(self, keep_selection: bool = True) -> None:
        """Re-query the store with the current search text and filters."""
        self._search_timer.stop()
        if self._store is None:
            return
        selected = self.selected_letter_ids() if keep_selection else []
        current = self.current_letter_id() if keep_selection else None
        query = self.search_box.text().strip() or None
        source = StoreQueueSource(
            self._store, query, self.search_filters(), deadline_choice=self.filters.deadline_choice(),
            desk=self.desk, deadlines_shown=self._deadlines_shown, on_error=self._show_error,
        )
        try:
            ids = source.read_order(*self.model.sort_key())
            listed_all = not query and not self.filters.is_active()
            self._total = len(ids) if listed_all else self._store.count()
            snippets = self._snippets(query)
        except StoreError as error:
            self._show_error("The list could not be read", str(error))
            return
        self._restoring = True
        try:
            self._source = source
            self.model.set_extras({}, snippets)
            self.model.set_source(source, ids)
            self._restore_selection(selected, current)
        finally:
            self._restoring = False
        self._current_id = self.current_letter_id()  # a model reset moves the current row silently
        if not self._header_restored and ids:
            fit_columns_to_contents(self.table)
            self._header_restored = True
        self._show_count()
        self.selectionChanged.emit(self.selected_letter_ids())

    def _deadlines_shown(self) -> bool:
        return not self.table.horizontalHeader().isSectionHidden(Column.NEXT_DEADLINE)

    def _snippets(self, query: str | None) -> dict[int, str]:
        """The best search snippet of each of the search's best-matching letters."""
        snippets: dict[int, str] = {}
        if query and self._store is not None:
            for hit in self._store.search(query, self.search_filters(), limit=500):  # best first
                snippets.setdefault(hit.letter_id, hit.snippet)
        return snippets

    def search_query(self) -> str:
        """The search box's text (stripped; "" when nothing is searched)."""
        return self.search_box.text().strip()

    def update_row(self, letter_id: int) -> None:
        """Refresh one letter's row in place after an edit (no reset, selection untouched).

        The row stays listed even if it no longer matches the filters, so the letter being
        reviewed never vanishes under the user; the next `reload` applies the filters.
        """
        position = self.model.row_for_letter(letter_id)
        if self._store is None or position is None:
            return
        try:
            rows = self._store.queue_rows_by_id([letter_id], desk=self.desk)
        except StoreError as error:
            self._show_error("The list could not be refreshed", str(error))
            return
        for row in rows:
            self.model.update_row(row)
            if self._deadlines_shown():
                try:
                    self.model.set_next_deadline(letter_id, self._store.next_deadlines([letter_id]).get(letter_id))
                except StoreError as error:
                    self._show_error("The next deadline could not be read", str(error))

    def select_letter(self, letter_id: int) -> None:
        """Make `letter_id` the current (and only selected) row, if it is listed."""
        row = self.model.row_for_letter(letter_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def reveal_letter(self, letter_id: int) -> str | None:
        """Make `letter_id` the current and only selected row, clearing the search and filters
        when they hide it. Returns what was cleared, in words (``the search “knee”``, ``the
        queue's filters``), or None when nothing had to be cleared."""
        if self.model.row_for_letter(letter_id) is None and self._store is not None:
            cleared = self._active_filters_text()
            if cleared:
                self._clear_filters()
            self.reload()
            if self.model.row_for_letter(letter_id) is not None:
                self.select_letter(letter_id)
                return cleared
            self.select_none()  # not listed at all (e.g. in the trash): select no other row
            return None
        index = self.table.currentIndex()
        selected = {i.row() for i in self.table.selectionModel().selectedRows()}
        row = self.model.row_for_letter(letter_id)
        if not (index.isValid() and index.row() == row and row in selected):
            self.select_letter(letter_id)  # else it is the current row of the user's selection
        return None

    def select_none(self) -> None:
        """No current row and nothing selected (no letter is shown)."""
        self.table.selectionModel().clear()

    def _active_filters_text(self) -> str:
        query = self.search_box.text().strip()
        filtered = self.filters.is_active()
        searched = f"the search “{elide(query, 30)}”" if query else ""
        if searched and filtered:
            return f"{searched} and the queue's filters"
        return searched or ("the queue's filters" if filtered else "")

    def _clear_filters(self) -> None:
        """Empty the search box and reset the quick filters (the caller reloads once)."""
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self._search_timer.stop()
        self.filters.clear(notify=False)

    def clear_filters(self) -> None:
        """The Clear button: no search, no filters, every letter listed."""
        self._clear_filters()
        self.reload()

    def select_next_unreviewed(self) -> bool:
        """Go to the next unreviewed letter below the current row (wrapping); False if none.
        The store says which are unreviewed, a few hundred ids at a time from the current row."""
        if self._source is None or not self.model.rowCount():
            return False
        ids = self.model.letter_ids()
        current = self.table.currentIndex().row()
        try:
            found = self._source.first_unreviewed(ids[current + 1:] + ids[:current + 1])
        except StoreError as error:
            self._show_error("The list could not be read", str(error))
            return False
        if found is None:
            return False
        self.select_letter(found)
        return True

    def selected_letter_ids(self) -> list[int]:
        """Selected letters in the order shown."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.letter_id(row) for row in rows]

    def current_letter_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.letter_id(index.row()) if index.isValid() else None

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    # -- internals ----------------------------------------------------------------------
    def search_filters(self) -> SearchFilters:
        """The store's filters the queue applies now (Statistics… shows the same letters)."""
        return self.filters.search_filters()

    def _restore_selection(self, selected: list[int], current: int | None) -> None:
        selection = QItemSelection()
        for letter_id in selected:
            row = self.model.row_for_letter(letter_id)
            if row is not None:
                selection.select(self.model.index(row, 0), self.model.index(row, len(Column) - 1))
        selection_model = self.table.selectionModel()
        current_row = self.model.row_for_letter(current) if current is not None else None
        if current_row is not None:
            selection_model.setCurrentIndex(self.model.index(current_row, 0),
                                            QItemSelectionModel.SelectionFlag.NoUpdate)
        selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Emit when the current row holds another letter (a sort or reload moving it does not)."""
        letter_id = self.model.letter_id(current.row()) if current.isValid() else None
        if letter_id == self._current_id:
            return
        self._current_id = letter_id
        if letter_id is not None and not self._restoring:
            self.letterActivated.emit(letter_id)

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():  # Enter or double-click: open it even if it is the current row
            self.letterActivated.emit(self.model.letter_id(index.row()))

    def _on_selection_changed(self, *_args: Any) -> None:
        if not self._restoring:
            self.selectionChanged.emit(self.selected_letter_ids())

    def _search_now_and_focus_table(self) -> None:
        if self._search_timer.isActive():
            self.reload()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.select_letter(self.model.letter_id(0))

    def _show_count(self) -> None:
        words = self.filters.active_words()
        query = self.search_box.text().strip()
        if query:
            words.insert(0, f"search “{elide(query, 30)}”")
        self.active_label.setText("Showing: " + ", ".join(words) if words else "")
        self.active_label.setToolTip(", ".join(words))
        self.active_label.setVisible(bool(words))
        self.clear_button.setVisible(bool(words))
        self.count_label.setStyleSheet("")
        self.count_label.setToolTip("")
        shown = self.model.rowCount()
        query = self.search_box.text().strip()
        if shown == 0 and self._total and query:
            self.count_label.setText(f"No letters match “{elide(query, 30)}”")
        elif shown == 0 and self._total:
            self.count_label.setText(f"No letters with these filters (of {self._total})")
        else:
            self.count_label.setText(count_text(shown, self._total))

    def _show_error(self, headline: str, message: str) -> None:
        """A short notice beside the filters; the store's full message in its tooltip."""
        self.count_label.setStyleSheet(f"color: {colours().warning}; font-weight: bold;")
        self.count_label.setText(f"\u26a0 {headline}")
        self.count_label.setToolTip(message)

    def hideEvent(self, event: QHideEvent) -> None:
        if self._save_header_timer.isActive():  # the window is closing: keep the latest widths
            self._save_header_timer.stop()
            self._save_header_state()
        super().hideEvent(event)

    def columns_menu(self) -> QMenu:
        """A menu of checkable columns (the case number always stays)."""
        return columns_menu(self.table, self.model, self._set_column_shown, self)

    def row_menu(self, row: int) -> QMenu:
        """A row's context menu: its case's copies (when the store holds more than one); assign it."""
        queue_row = self.model.queue_row(row)
        count = queue_row.copies if queue_row is not None else 1
        menu = QMenu(self)
        letter_id = self.model.letter_id(row)
        copies = menu.addAction(f"Copies of This Case ({count})…")
        copies.setEnabled(count > 1)
        assign = menu.addAction("Assign Case To\u2026")
        assign.triggered.connect(lambda _checked=False: self.assignRequested.emit(letter_id))
        copies.triggered.connect(lambda _checked=False: self.copiesRequested.emit(letter_id))
        return menu

    def _show_row_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if index.isValid():
            self.row_menu(index.row()).exec(self.table.viewport().mapToGlobal(position))

    def _show_columns_menu(self, position: QPoint) -> None:
        self.columns_menu().exec(self.table.horizontalHeader().mapToGlobal(position))

    def _set_column_shown(self, section: int, shown: bool) -> None:
        header = self.table.horizontalHeader()
        header.setSectionHidden(section, not shown)
        if shown and section == Column.NEXT_DEADLINE:
            self.reload()  # fetched only while shown
        if shown:
            self.table.resizeColumnToContents(section)
        self._save_header_state()

    def _save_header_state(self) -> None:
        save_header_state(self.table)
