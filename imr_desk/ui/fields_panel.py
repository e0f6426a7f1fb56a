"""The fields panel (right of the letter): the letter's fields and its decisions, all editable.

Two tabs: "Letter" (parser warnings, header, reviewer, patient, case summary) and "Decisions"
(a list of the decisions with outcome badges and the editor of the selected one); the window
adds the notes tab. The Letter tab also lists the diagnoses (in Patient), the letter's checks
and the case's deadlines; clicking a diagnosis or a check emits `fieldActivated("check:1")`
(the letter pane marks its evidence). A read-only copy (`record.read_only`) takes no typing.
Edits leave as `fieldCommitted(key, value)` with the highlight key
("header.decision_date", "p2.rationale") and the typed value converted to the stored type, only
when that value differs from the current one once white space is collapsed (an edit that changes
nothing records nothing, and the field shows the stored value again). Text that can't be
converted is refused with the problem, naming the field, shown above the tabs; it stays in its
field, also when the letter is reloaded or shown again later, until it is changed.
`fieldActivated(key)` tells the window which block to show in the letter.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from imr_desk.core.records import CaseRecord
from imr_desk.ui import theme
from imr_desk.ui.decision_editor import DecisionEditor, FieldEditor
from imr_desk.ui.fields_model import (
    DECISION_SPECS_BY_NAME,
    LETTER_FIELD_SPECS,
    READ_ONLY_NOTICE,
    DecisionListModel,
    current_value,
    panel_stylesheet,
    parse_field_text,
    same_value,
    warnings_by_field,
)
from imr_desk.ui.icons import icon
from imr_desk.ui.letter_tab import LetterTab
from imr_desk.ui.outcome_badge import OutcomeBadgeDelegate

LETTER_TAB, DECISIONS_TAB = 0, 1


class FieldsPanel(QWidget):
    """Letter fields and decisions of the open letter, with their corrections and warnings.

    `tabs` holds the "Letter" and "Decisions" pages; the window may add more (notes).
    """

    fieldCommitted = Signal(str, object)  # highlight key, new value (stored type)
    fieldActivated = Signal(str)  # highlight key of the focused field / selected decision
    addDecisionRequested = Signal()
    deleteDecisionRequested = Signal(str)  # decision key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Fields")
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Fields tabs")
        self._record: CaseRecord | None = None
        self._last_field_key: str | None = None
        self._showing = False  # set_record is refilling the widgets: no activation signals
        # letter id -> field key -> (text typed and refused, the problem): kept in the field
        self._refused: dict[int, dict[str, tuple[str, str]]] = {}
        self._problem = QLabel()
        self._problem.setWordWrap(True)
        self._problem.setAccessibleName("Input problem")
        self._problem.hide()
        self._read_only = QLabel(READ_ONLY_NOTICE)
        self._read_only.setObjectName("readOnlyNotice")
        self._read_only.setWordWrap(True)
        self._read_only.hide()
        self.tabs.addTab(self._build_letter_tab(), "Letter")
        self.tabs.addTab(self._build_decisions_tab(), "Decisions")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._read_only)
        layout.addWidget(self._problem)
        layout.addWidget(self.tabs, 1)
        self._apply_style()
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: self._apply_style())

    # --- building -------------------------------------------------------------------------

    def _build_letter_tab(self) -> QWidget:
        self.letter_tab = LetterTab()
        self._letter_editors = self.letter_tab.editors
        for editor in self._letter_editors.values():
            self._connect_editor(editor)
        self.diagnoses, self.checks = self.letter_tab.diagnoses, self.letter_tab.checks
        self.deadlines, self._warnings = self.letter_tab.deadlines, self.letter_tab.warnings
        self.diagnoses.activated.connect(self.fieldActivated)
        self.checks.activated.connect(self.fieldActivated)
        return self._scrolled(self.letter_tab)

    def _build_decisions_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        buttons = QHBoxLayout()
        self._add_button = QPushButton(icon("add-decision"), "Add from selection")
        self._add_button.setAccessibleName("Add decision from the letter selection")
        self._add_button.clicked.connect(self.addDecisionRequested)
        self._delete_button = QPushButton(icon("delete-decision"), "Delete")
        self._delete_button.setAccessibleName("Delete the selected decision")
        self._delete_button.clicked.connect(self._request_delete)
        buttons.addWidget(self._add_button)
        buttons.addWidget(self._delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.decision_model = DecisionListModel(self)
        self.decision_list = QListView()
        self.decision_list.setAccessibleName("Decisions")
        self.decision_list.setModel(self.decision_model)
        self.decision_list.setItemDelegate(OutcomeBadgeDelegate(self.decision_list))
        self.decision_list.setUniformItemSizes(True)
        self.decision_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.decision_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.decision_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.decision_list.selectionModel().currentChanged.connect(self._decision_changed)
        self.decision_editor = DecisionEditor()
        for editor in self.decision_editor.editors.values():
            self._connect_editor(editor)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.decision_list)
        splitter.addWidget(self._scrolled(self.decision_editor))
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([150, 500])
        layout.addWidget(splitter, 1)
        return page

    @staticmethod
    def _scrolled(content: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        # the fields wrap to the panel's width: never a sideways scroll that hides their ends
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(content)
        return area

    def _connect_editor(self, editor: FieldEditor) -> None:
        editor.signals.committed.connect(self._commit)
        editor.signals.settled.connect(self._forget_refused)
        editor.signals.focused.connect(self._field_focused)

    def _apply_style(self) -> None:
        self.setStyleSheet(panel_stylesheet(theme.colours()))

    # --- showing a record -----------------------------------------------------------------

    def set_record(self, record: CaseRecord | None) -> None:
        """Show `record` (None: empty); keeps the selected decision when it still exists."""
        selected = self.current_decision_key()
        self._record = record
        self._problem.hide()
        self.letter_tab.show_record(record)
        self.decision_model.set_record(record)
        self._add_button.setEnabled(record is not None)
        self.tabs.setTabText(DECISIONS_TAB, f"Decisions ({len(record.decision_keys)})" if record else "Decisions")
        row = self.decision_model.row_of(selected) if selected else -1
        self._showing = True
        try:
            self._select_row(row if row >= 0 else 0)
        finally:
            self._showing = False
        self._show_decision()
        for key in self._refused.get(record.letter_id, {}) if record else ():
            if key in self._letter_editors:
                self._show_refused(key)
        self.set_read_only(record is not None and record.read_only)

    def set_read_only(self, read_only: bool) -> None:
        """A copy that is not the copy of record, or a letter in the trash: nothing can be typed
        (values can still be selected and copied) and the panel says so."""
        self._read_only.setVisible(read_only)
        self.letter_tab.set_read_only(read_only, self._record is not None)
        self.decision_editor.set_read_only(read_only)
        self._add_button.setEnabled(not read_only and self._record is not None)
        self._delete_button.setEnabled(not read_only and self.current_decision_key() is not None)

    def _select_row(self, row: int) -> None:
        index = self.decision_model.index(row, 0)
        self.decision_list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def _decision_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._showing:
            return  # set_record shows the decision itself
        self._show_decision()
        key = self.current_decision_key()
        if key:
            self.fieldActivated.emit(key)

    def _show_decision(self) -> None:
        key = self.current_decision_key()
        record = self._record
        warnings = {
            field_key.partition(".")[2]: messages
            for field_key, messages in warnings_by_field(record).items()
            if key and field_key.startswith(f"{key}.")
        }
        self.decision_editor.set_decision(record, key, warnings)
        read_only = record is not None and record.read_only
        self._delete_button.setEnabled(key is not None and not read_only)
        self.decision_editor.set_read_only(read_only)
        for refused_key in self._refused.get(record.letter_id, {}) if record and key else ():
            if refused_key.startswith(f"{key}."):
                self._show_refused(refused_key)

    def _show_refused(self, key: str) -> None:
        """Put text that was refused back into its field (a reload refilled it), with the problem."""
        editor = self.editor_for(key)
        if editor is not None and self._record is not None:
            text, problem = self._refused[self._record.letter_id][key]
            if editor.text_value() != text:
                editor.show_typed(text)
            self.show_problem(problem)

    # --- queries and commands from the window ---------------------------------------------

    def current_decision_key(self) -> str | None:
        index = self.decision_list.currentIndex()
        return self.decision_model.key_at(index.row()) if index.isValid() else None

    def current_field_key(self) -> str | None:
        """The field the user last worked in (assigning a letter selection goes there)."""
        return self._last_field_key

    def select_decision(self, key: str) -> bool:
        """Select decision `key` and show the decisions tab; False when there is no such key."""
        row = self.decision_model.row_of(key)
        if row < 0:
            return False
        self.tabs.setCurrentIndex(DECISIONS_TAB)
        self._select_row(row)
        return True

    def select_adjacent_decision(self, step: int) -> str | None:
        """Select the next (+1) or previous (-1) decision; returns its key."""
        count = self.decision_model.rowCount()
        if not count:
            return None
        row = self.decision_list.currentIndex().row()
        self.select_decision(self.decision_model.key_at((row + step) % count if row >= 0 else 0) or "")
        return self.current_decision_key()

    def focus_field(self, key: str) -> bool:
        """Show and focus the editor of highlight key `key` (a decision key selects it)."""
        decision_key, _, name = key.partition(".")
        if decision_key in (self._record.decision_keys if self._record else []):
            self.select_decision(decision_key)
            editor = self.decision_editor.editors.get(name) if name else None
            target: QWidget = editor.as_widget() if editor is not None else self.decision_list
        elif key in self._letter_editors or key in ("header", "reviewer"):
            self.tabs.setCurrentIndex(LETTER_TAB)
            name = key if key in self._letter_editors else next(n for n in self._letter_editors if n.startswith(key))
            target = self._letter_editors[name].as_widget()
        else:
            return False
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def editor_for(self, key: str) -> FieldEditor | None:
        if key in self._letter_editors:
            return self._letter_editors[key]
        decision_key, _, name = key.partition(".")
        if decision_key == self.decision_editor.decision_key:
            return self.decision_editor.editors.get(name)
        return None

    def spec_for(self, key: str) -> Any:
        if key in LETTER_FIELD_SPECS:
            return LETTER_FIELD_SPECS[key]
        return DECISION_SPECS_BY_NAME.get(key.partition(".")[2])

    def restore_typed(self, key: str, text: str) -> None:
        """Put text the user typed (not stored) back into its field after a reload."""
        editor = self.editor_for(key)
        if editor is not None:
            editor.show_typed(text)

    def commit_pending(self) -> None:
        """Commit every field with typed, unstored text (before closing or switching letters)."""
        for editor in [*self._letter_editors.values(), *self.decision_editor.editors.values()]:
            editor.commit()

    def refused_values(self) -> list[tuple[int, str, str]]:
        """(letter id, field label, text) of every value typed and refused, not stored."""
        return [
            (letter_id, getattr(self.spec_for(key), "label", key), text)
            for letter_id, refused in self._refused.items()
            for key, (text, _problem) in refused.items()
        ]

    def show_problem(self, message: str) -> None:
        colours = theme.colours()
        self._problem.setStyleSheet(
            f"color: {colours.upheld}; font-weight: bold; padding: 6px;"
            f" border-left: 4px solid {colours.upheld};"
        )
        self._problem.setText(message)
        self._problem.show()

    # --- slots ----------------------------------------------------------------------------

    def _field_focused(self, key: str) -> None:
        self._last_field_key = key
        self.fieldActivated.emit(key)

    def _commit(self, key: str, text: str) -> None:
        spec = self.spec_for(key)
        record = self._record
        if spec is None or record is None:
            return
        try:
            value = parse_field_text(text, spec)
        except ValueError as problem:
            self._refused.setdefault(record.letter_id, {})[key] = (text, str(problem))
            self.show_problem(str(problem))
            return
        self._forget_refused(key)
        if same_value(value, current_value(record, key)):
            editor = self.editor_for(key)
            if editor is not None:
                editor.revert()  # the same value: nothing to record
            return
        self.fieldCommitted.emit(key, value)

    def _forget_refused(self, key: str) -> None:
        """The field no longer holds refused text (committed, or left as stored)."""
        if self._record is None:
            return
        letter_id = self._record.letter_id
        refused = self._refused.get(letter_id)
        if refused is not None and refused.pop(key, None) is not None:
            if not refused:
                del self._refused[letter_id]
            remaining = next(iter(refused.values()), None)
            if remaining is not None:
                self.show_problem(remaining[1])
            else:
                self._problem.hide()

    def _request_delete(self) -> None:
        key = self.current_decision_key()
        if key:
            self.deleteDecisionRequested.emit(key)


