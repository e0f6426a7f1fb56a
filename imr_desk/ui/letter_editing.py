"""The edits a reviewer makes to the open letter, each stored at once and undoable.

`LetterEditing` turns the window's requests into store calls run through `LetterEdits`
(undo stacks): field corrections (typed, or assigned from a selection in the letter with its
span), adding a decision from a selection, deleting one (after confirmation), notes on a
selection, and the review state. When an edit fails — bad value, store problem, or the letter
changed in another window — the user is told plainly and their typed text is kept in the field
and on the clipboard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from imr_desk.core.model import Decision, Span, collapse_whitespace
from imr_desk.core.records import LETTER_FIELDS, HistoryEntry
from imr_desk.ui.fields_model import parse_field_text

if TYPE_CHECKING:
    from imr_desk.ui.main_window import MainWindow

NOTE_TAGS = ("", "follow up", "question for attorney", "missing record", "deadline", "parser error")
OUTCOME_CHOICES = ("Upheld", "Overturned")


class NoteDialog(QDialog):
    """Asks for a note and an optional tag (pick one or type your own)."""

    def __init__(self, quoted: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add Note")
        form = QFormLayout(self)
        if quoted:
            shown = quoted if len(quoted) <= 160 else quoted[:157] + "…"
            quote = QLabel(f"“{shown}”")
            quote.setWordWrap(True)
            form.addRow("On:", quote)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.tag = QComboBox()
        self.tag.setEditable(True)
        self.tag.addItems(NOTE_TAGS)
        self.tag.setAccessibleName("Tag")
        form.addRow("&Note:", self.note)
        form.addRow("&Tag:", self.tag)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(460, 260)

    def values(self) -> tuple[str, str | None]:
        return self.note.toPlainText().strip(), collapse_whitespace(self.tag.currentText()) or None


def split_key(key: str) -> tuple[str | None, str]:
    """Highlight key → (decision key or None, field name): "p2.request" → ("p2", "request")."""
    if key in LETTER_FIELDS:
        return None, key
    decision_key, _, name = key.partition(".")
    return decision_key, name


class LetterEditing(QObject):
    """Edits of the window's open letter (see the module docstring)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._typed: tuple[str, str] | None = None  # field key and text of the edit in flight

    # --- fields ---------------------------------------------------------------------------

    def commit_field(self, key: str, value: object, span: Span | None = None) -> bool:
        """Store a field's new value (and span, when it came from the letter)."""
        record = self.window.record
        if record is None:
            return False
        editor = self.window.fields.editor_for(key)
        self._typed = (key, editor.text_value()) if editor is not None else None
        decision_key, name = split_key(key)
        store, letter_id = self.window.store, record.letter_id
        try:
            return self.window.edits.perform(
                letter_id,
                lambda version: store.correct(
                    letter_id, name, value, decision_key=decision_key, span=span, expected_version=version
                ),
            )
        finally:
            self._typed = None

    def selection(self) -> tuple[Span, str] | None:
        """The letter selection as (span, its text with white space collapsed), or None."""
        span = self.window.letter_pane.selected_span()
        record = self.window.record
        if record is None or span is None or span[0] >= span[1]:
            return None
        return span, collapse_whitespace(record.letter.text[span[0] : span[1]])

    def assign_selection(self, key: str | None = None) -> bool:
        """Put the selected letter text into field `key` (default: the field last worked in)."""
        key = key or self.window.fields.current_field_key()
        selected = self.selection()
        if selected is None or key is None:
            self._tell("Select text in the letter, then choose a field (click it first) to assign it to.")
            return False
        spec = self.window.fields.spec_for(key)
        try:
            value = parse_field_text(selected[1], spec)
        except ValueError as problem:
            self._tell(str(problem))
            return False
        return self.commit_field(key, value, span=selected[0])

    # --- decisions ------------------------------------------------------------------------

    def add_decision_from_selection(self) -> bool:
        """Add a decision the parser missed: request = the selected text, outcome asked for."""
        record, selected = self.window.record, self.selection()
        if record is None or selected is None:
            self._tell("Select the request's words in the letter first, then add the decision.")
            return False
        span, request = selected
        outcome, ok = QInputDialog.getItem(
            self.window, "Add Decision", f"Outcome of “{request[:80]}”:", list(OUTCOME_CHOICES), 0, False
        )
        if not ok:
            return False
        document = self.window.document
        decision = Decision(
            request=request,
            outcome=outcome.lower(),
            spans={"request": span},
            regions=document.regions(*span) if document is not None else [],
        )
        added: list[str] = []

        def add(version: int | None) -> HistoryEntry:
            key, entry = self.window.store.add_decision(record.letter_id, decision, expected_version=version)
            added.append(key)
            return entry

        if not self.window.edits.perform(record.letter_id, add):
            return False
        self.window.fields.select_decision(added[0])
        return True

    def delete_decision(self, key: str | None = None) -> bool:
        """Remove a spurious decision (asks first; undo brings it back)."""
        record = self.window.record
        key = key or self.window.fields.current_decision_key()
        if record is None or key not in record.decision_keys:
            return False
        number = record.decision_keys.index(key) + 1
        request = record.letter.decisions[number - 1].request
        answer = QMessageBox.question(
            self.window,
            "Delete Decision",
            f"Delete decision {number} (“{request[:80]}”) from this letter?\n\n"
            "The parsed text is kept; Undo brings the decision back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        store = self.window.store
        return self.window.edits.perform(
            record.letter_id, lambda version: store.delete_decision(record.letter_id, key, expected_version=version)
        )

    # --- notes and review state -----------------------------------------------------------

    def annotate_selection(self) -> bool:
        """Add a note on the selected text (or on the whole letter when nothing is selected)."""
        record = self.window.record
        if record is None:
            return False
        selected = self.selection()
        dialog = NoteDialog(selected[1] if selected else "", self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        note, tag = dialog.values()
        if not note:
            self._tell("The note was empty, so nothing was added.")
            return False
        span = selected[0] if selected else None
        document = self.window.document
        regions = document.regions(*span) if span and document is not None else []
        store = self.window.store
        return self.window.edits.perform(
            record.letter_id,
            lambda version: store.annotate(
                record.letter_id, note, tag=tag, span=span, regions=regions, expected_version=version
            )[1],
        )

    def delete_annotation(self, annotation_id: int) -> bool:
        record = self.window.record
        if record is None:
            return False
        store = self.window.store
        return self.window.edits.perform(
            record.letter_id,
            lambda version: store.delete_annotation(record.letter_id, annotation_id, expected_version=version),
        )

    def set_review_state(self, state: str) -> bool:
        record = self.window.record
        if record is None or record.review.state == state:
            return False
        store = self.window.store
        return self.window.edits.perform(
            record.letter_id,
            lambda version: store.set_review_state(record.letter_id, state, expected_version=version),
        )

    # --- failures -------------------------------------------------------------------------

    def report_failure(self, letter_id: int, message: str, stale: bool) -> None:
        """Tell the user what went wrong; keep what they typed in the field and on the clipboard."""
        typed = self._typed
        kept = ""
        if typed is not None and typed[1].strip():
            self.window.fields.restore_typed(*typed)
            QGuiApplication.clipboard().setText(typed[1])
            kept = "\n\nWhat you typed is still in the field and has been copied to the clipboard."
        if stale:
            QMessageBox.warning(
                self.window,
                "Letter Changed Elsewhere",
                "This letter was changed in another window, so your edit was not saved and the "
                f"letter has been reloaded.{kept}\n\n{message}",
            )
        else:
            QMessageBox.warning(self.window, "Edit Not Saved", f"{message}{kept}")

    def _tell(self, message: str) -> None:
        self.window.statusBar().showMessage(message, 8000)
        QMessageBox.information(self.window, "imr-desk", message)
