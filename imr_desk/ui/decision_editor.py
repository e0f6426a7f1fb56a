"""Field editors and the editor of one decision.

A field editor shows one value exactly as stored and reports it with `committed(key, text)`
when the user is done and the text differs from the stored one: a one-line field on Enter or
focus-out, a multi-line one on focus-out or Enter / Ctrl+Enter (a value has no line breaks:
the spec turns every run of white space into one space, so Enter never splits a word), a
choice when picked; `settled(key)` says a field was left unchanged. A choice field offers
only its values; a stored value outside them (an outcome the parser did not find) is shown
as it is — empty, with a "(not found)" placeholder — and never turned into a choice on its own.
Ctrl+Z / Ctrl+Shift+Z in a field undo / redo the typing not yet committed; with nothing typed
they are left to the window's Undo / Redo (the letter's stored edits), as the Edit menu says.
`mark()` gives a corrected field its look (coloured left bar, italic, pencil in the label) and
a tooltip with the parsed value, who and when. `DecisionEditor` is the form of the selected
decision (request, outcome, treatment category, original request, authorized, guidelines
with the citations read from each, rationale); the category's completer offers the taxonomy's
labels (any part matches), and text naming none is refused with the registry's message.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from imr_desk.core.records import CaseRecord, Correction
from imr_desk.ui.citation_lines import CitationLines
from imr_desk.ui.fields_model import DECISION_FIELD_SPECS, DECISION_FINDING_SPECS, FieldSpec, field_text

# lines of text a multi-line editor shows before it scrolls
_VISIBLE_LINES = {"request": 2, "original_request": 2, "authorized": 2, "rationale": 7, "case_summary": 9}


class FieldSignals(QObject):
    """Signals shared by every kind of field editor (their Qt base classes differ)."""

    committed = Signal(str, str)  # highlight key, text typed
    settled = Signal(str)  # highlight key: left with the stored value's text (nothing to commit)
    focused = Signal(str)  # highlight key


class FieldEditor:
    """Behaviour common to the editors: key, shown text, modified check, marking."""

    key: str
    spec: FieldSpec
    signals: FieldSignals
    label: QLabel
    _shown: str

    def _init_field(self, key: str, spec: FieldSpec) -> None:
        self.key = key
        self.spec = spec
        self.signals = FieldSignals()
        self._shown = ""
        self.label = QLabel(spec.label)
        widget = self.as_widget()
        self.label.setBuddy(widget)
        widget.setAccessibleName(spec.label)
        widget.setObjectName(f"field:{key}")

    def as_widget(self) -> QWidget:
        """The editor as the Qt widget it is (each kind of editor also derives from a QWidget)."""
        assert isinstance(self, QWidget), f"{type(self).__name__} is not a QWidget"
        return self

    def text_value(self) -> str:
        raise NotImplementedError

    def _display(self, text: str) -> None:
        raise NotImplementedError

    def show_value(self, text: str) -> None:
        """Show a stored value (not an edit)."""
        unchanged = text == self._shown and self.text_value() == text
        self._shown = text
        if not unchanged:
            self._display(text)

    def show_typed(self, text: str, caret: int | None = None) -> None:
        """Put back text the user typed that is not stored yet (shown as modified), with the
        caret at `caret` when given (a reload refilled the field while the user typed)."""
        if self.text_value() != text:
            self._display(text)
            if caret is not None:
                self._place_caret(min(caret, len(text)))

    def caret(self) -> int:
        """Where the caret is in the text (0 for a choice)."""
        return 0

    def _place_caret(self, position: int) -> None:
        """Put the caret at `position` (a choice has none)."""

    def is_modified(self) -> bool:
        return self.text_value() != self._shown

    def commit(self) -> None:
        """Report the typed text if it differs from the stored value."""
        if self.is_modified():
            self.signals.committed.emit(self.key, self.text_value())
        else:
            self.signals.settled.emit(self.key)

    def revert(self) -> None:
        """Show the stored value again (what was typed meant the same value)."""
        if self.is_modified():
            self._display(self._shown)

    def _can_undo_typing(self) -> bool:
        return False

    def _can_redo_typing(self) -> bool:
        return False

    def _leaves_shortcut_to_window(self, event: QEvent) -> bool:
        """For a ShortcutOverride: True when Undo / Redo are not the typing's to take (then the
        window's Undo / Redo act on the letter's stored edits)."""
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if event.matches(QKeySequence.StandardKey.Undo):
            return not (self.is_modified() and self._can_undo_typing())
        if event.matches(QKeySequence.StandardKey.Redo):
            return not self._can_redo_typing()
        return False

    def mark(self, state: str, tooltip: str) -> None:
        """state: "" | "corrected" | "warning" | "added"; the tooltip explains it."""
        widget = self.as_widget()
        if widget.property("fieldState") == state and widget.toolTip() == tooltip:
            return
        widget.setProperty("fieldState", state)
        self.label.setProperty("fieldState", state)
        prefix = {"corrected": "✎ ", "warning": "⚠ ", "added": "✚ "}.get(state, "")
        self.label.setText(prefix + self.spec.label)
        for target in (widget, self.label):
            target.setToolTip(tooltip)
            target.style().unpolish(target)
            target.style().polish(target)
        widget.setAccessibleDescription(tooltip)


class LineFieldEditor(QLineEdit, FieldEditor):
    """One-line field; commits on Enter or when it loses focus."""

    def __init__(self, key: str, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._init_field(key, spec)
        offered = [choice for choice in spec.choices if choice]
        if offered:  # a choice typed into a line: its values are offered as you type
            completer = QCompleter(offered, self)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
            self.setCompleter(completer)
            self.setPlaceholderText(" or ".join(offered))
        self.editingFinished.connect(self.commit)

    def text_value(self) -> str:
        return self.text()

    def _display(self, text: str) -> None:
        self.setText(text)
        self.setCursorPosition(0)

    def caret(self) -> int:
        return self.cursorPosition()

    def _place_caret(self, position: int) -> None:
        self.setCursorPosition(position)

    def _can_undo_typing(self) -> bool:
        return self.isUndoAvailable()

    def _can_redo_typing(self) -> bool:
        return self.isRedoAvailable()

    def event(self, event: QEvent) -> bool:
        if self._leaves_shortcut_to_window(event):
            event.ignore()
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.signals.focused.emit(self.key)


class TextFieldEditor(QPlainTextEdit, FieldEditor):
    """Multi-line field; commits when it loses focus or on Enter (Ctrl+Enter too). Tab moves on."""

    def __init__(self, key: str, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._init_field(key, spec)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        lines = _VISIBLE_LINES.get(spec.name, 3)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 12)

    def text_value(self) -> str:
        return self.toPlainText()

    def _display(self, text: str) -> None:
        position = self.caret() if self.hasFocus() else 0
        self.setPlainText(text)
        if position:  # the caret stays where it was (a value shown again while editing)
            self._place_caret(min(position, len(text)))

    def caret(self) -> int:
        return self.textCursor().position()

    def _place_caret(self, position: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(position)
        self.setTextCursor(cursor)

    def _can_undo_typing(self) -> bool:
        return self.document().isUndoAvailable()

    def _can_redo_typing(self) -> bool:
        return self.document().isRedoAvailable()

    def event(self, event: QEvent) -> bool:
        if self._leaves_shortcut_to_window(event):
            event.ignore()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit()  # a value has no line breaks (the spec collapses white space)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.signals.focused.emit(self.key)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.commit()


class ChoiceFieldEditor(QComboBox, FieldEditor):
    """A field with a few allowed values; commits when the user picks one.

    A stored value that is none of them is shown as it is: empty (no value: the placeholder
    says "(not found)") or as an extra item spelt as stored, never as the first choice."""

    def __init__(self, key: str, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._init_field(key, spec)
        for choice in spec.choices:
            self.addItem(choice.capitalize() or "(not stated)", choice)
        self._choice_count = len(spec.choices)
        self.setPlaceholderText("(not found)")
        self.activated.connect(lambda _index: self.commit())
        self.installEventFilter(self)

    def text_value(self) -> str:
        return str(self.currentData() or "")

    def _display(self, text: str) -> None:
        while self.count() > self._choice_count:  # an earlier value outside the choices
            self.removeItem(self.count() - 1)
        index = self.findData(text)
        if index < 0 and text:
            self.addItem(f"{text} (as stored)", text)
            index = self.count() - 1
        self.setCurrentIndex(index)  # -1: no value, the placeholder shows

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.FocusIn:
            self.signals.focused.emit(self.key)
        return False


class CategoryFieldEditor(LineFieldEditor):
    """A treatment category: a line whose completer lists the taxonomy's labels (any part
    of a label matches, in a popup); an emptied line stores no category."""

    def __init__(self, key: str, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(key, spec, parent)
        completer = QCompleter(list(spec.choices), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self.setPlaceholderText("(none) — type part of a category, e.g. Opioids")
        self.setClearButtonEnabled(True)


def make_editor(key: str, spec: FieldSpec) -> FieldEditor:
    """The editor widget suited to a field's kind."""
    if spec.kind == "category":
        return CategoryFieldEditor(key, spec)
    if spec.kind == "choice":
        return ChoiceFieldEditor(key, spec)
    if spec.kind == "multiline":
        return TextFieldEditor(key, spec)
    return LineFieldEditor(key, spec)


def set_editor_read_only(editor: FieldEditor, read_only: bool, enabled: bool = True) -> None:
    """Make a field take no typing (its text can still be selected) or take it again; a choice,
    which has no read-only mode, is disabled instead (and enabled again only when `enabled`)."""
    widget = editor.as_widget()
    if isinstance(widget, (QLineEdit, QPlainTextEdit)):
        widget.setReadOnly(read_only)
        if isinstance(widget, CategoryFieldEditor):
            widget.setClearButtonEnabled(not read_only)  # clearing would be an edit
    else:
        widget.setEnabled(not read_only and enabled)


def correction_tooltip(correction: Correction, spec: FieldSpec) -> str:
    parsed = field_text(correction.parsed_value, spec) or "(none)"
    when = correction.created_at.replace("T", " ")[:16]
    stale = "\nThe parser's value has changed since: please check." if correction.stale else ""
    return f"Corrected by {correction.user} on {when} UTC.\nParsed value: {parsed}{stale}"


def apply_marks(
    editor: FieldEditor, correction: Correction | None, warnings: list[str], added: bool = False
) -> None:
    """Mark an editor as corrected / warned about / added by hand (or plain)."""
    if correction is not None:
        editor.mark("corrected", correction_tooltip(correction, editor.spec))
    elif warnings:
        editor.mark("warning", "Parser warning:\n" + "\n".join(warnings))
    elif added:
        editor.mark("added", "This decision was added by hand.")
    else:
        editor.mark("", editor.spec.help)  # a plain field's tooltip says what it holds


class DecisionEditor(QWidget):
    """The form of one decision; `key` is its decision key ("p0", "a1", ...) or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.decision_key: str | None = None
        self.editors: dict[str, FieldEditor] = {}
        layout = QFormLayout(self)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setContentsMargins(0, 4, 0, 0)
        self.citations: dict[str, CitationLines] = {}  # guideline field -> its citations
        for spec in _form_order():
            editor = make_editor(spec.name, spec)
            self.editors[spec.name] = editor
            layout.addRow(editor.label, editor.as_widget())
            if spec.name in _CITATION_SIDES:
                self.citations[spec.name] = CitationLines(spec.label)
                layout.addRow(self.citations[spec.name])
        self.setEnabled(False)

    def set_decision(
        self, record: CaseRecord | None, key: str | None, warnings: Mapping[str, list[str]] | None = None
    ) -> None:
        """Show decision `key` of `record` (None: an empty, disabled form); `warnings` are the
        parser's warnings about this decision by the field they name (``"maximus_guideline"``)."""
        warnings = warnings or {}
        self.decision_key = key
        decisions = dict(zip(record.decision_keys, record.letter.decisions)) if record else {}
        decision = decisions.get(key) if key else None
        self.setEnabled(decision is not None)
        for name, editor in self.editors.items():
            editor.key = f"{key}.{name}" if key else name
            value = getattr(decision, name) if decision is not None else None
            editor.show_value(field_text(value, editor.spec))
            correction = record.correction_for(name, key) if record and key else None
            apply_marks(editor, correction, warnings.get(name, []), added=bool(key and key.startswith("a")))
        for name, lines in self.citations.items():
            lines.set_citations(getattr(decision.citations, _CITATION_SIDES[name]) if decision is not None else ())

    def set_read_only(self, read_only: bool) -> None:
        """A copy that is not the copy of record: its values can be read and copied, not typed."""
        for editor in self.editors.values():
            set_editor_read_only(editor, read_only, self.decision_key is not None)


# The guideline fields and the side of `DecisionCitations` read from each.
_CITATION_SIDES = {"claims_administrator_guideline": "claims_administrator", "maximus_guideline": "maximus"}


def _form_order() -> list[FieldSpec]:
    """The decision's fields as the form lists them: the category right after the outcome."""
    specs = list(DECISION_FIELD_SPECS)
    at = next((i + 1 for i, spec in enumerate(specs) if spec.name == "outcome"), len(specs))
    return [*specs[:at], *DECISION_FINDING_SPECS, *specs[at:]]
