"""The edits a reviewer makes to the open letter, each submitted to the store and undoable.

`LetterEditing` turns the window's requests into store calls run through `LetterEdits`
(undo stacks; the writes themselves run on `StoreOps`' worker thread): field corrections
(typed, or assigned from a selection in the letter with its span), adding a decision from a
selection, deleting one (after confirmation), notes on a selection, the review state and whom
the case is assigned to (`assign_case`). It
is given only what it works with: the `CurrentLetter`, the `LetterEdits`, the fields panel
(typed text, the field last worked in), the letter pane (the selection), a parent widget for
its dialogs and a `show_status(message, ms)` callable. When an edit fails — bad value, store
problem, or the letter changed in another window — the user is told plainly and their typed
text is kept in the field and on the clipboard; closing the window with a value that was
refused (not stored) asks first.
"""

from __future__ import annotations

from collections.abc import Callable

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

from imr_desk.core.deadlines.entries import DeadlineStatus
from imr_desk.core.deadlines.service import EnteredService
from imr_desk.core.model import Decision, Span, collapse_whitespace
from imr_desk.core.records import LETTER_FIELDS, HistoryEntry
from imr_desk.core.store import Store
from imr_desk.core.store.connection import ExpectedVersion
from imr_desk.ui import store_ops
from imr_desk.ui.current_letter import CurrentLetter
from imr_desk.ui.fields_model import parse_field_text
from imr_desk.ui.fields_panel import FieldsPanel
from imr_desk.ui.letter_pane import LetterPane
from imr_desk.ui.undo_commands import EditFailure, LetterEdits, describe_assign, describe_review

ShowStatus = Callable[[str, int], None]  # (message, milliseconds shown)

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
    """Edits of the open letter (see the module docstring)."""

    def __init__(self, current: CurrentLetter, edits: LetterEdits, fields: FieldsPanel,
                 letter_pane: LetterPane, parent: QWidget, show_status: ShowStatus) -> None:
        super().__init__(parent)
        self.current = current
        self.edits = edits
        self.fields = fields
        self.letter_pane = letter_pane
        self._parent = parent
        self._show_status = show_status
        # field key -> text last submitted for it, on the letter `_submitted_letter`
        self._submitted: dict[str, str] = {}
        self._submitted_letter: int | None = None
        edits.failed.connect(self.report_failure)
        fields.deadlines.set_reader(edits.store.case_deadlines)  # a read on the UI thread's store
        fields.deadlines.serviceEntered.connect(self.set_service)
        fields.deadlines.statusChosen.connect(self.set_deadline_status)

    # --- fields ---------------------------------------------------------------------------

    def commit_field(self, key: str, value: object, span: Span | None = None) -> bool:
        """Submit a field's new value (and span, when it came from the letter); False: not sent."""
        record = self.current.record
        if record is None:
            return False
        editor = self.fields.editor_for(key) if span is None else None  # typed, not assigned
        typed = editor.text_value() if editor is not None else None
        letter_id = record.letter_id
        if self._submitted_letter != letter_id:
            self._submitted, self._submitted_letter = {}, letter_id
        if typed is not None:
            if self._submitted.get(key) == typed and self.edits.in_flight(letter_id):
                return False  # the same text is already on its way (e.g. committed again on close)
            self._submitted[key] = typed
        decision_key, name = split_key(key)
        spec = self.fields.spec_for(key)
        label = spec.label if spec is not None else name
        if decision_key is not None and decision_key in record.decision_keys:
            label = f"Decision {record.decision_keys.index(decision_key) + 1} · {label}"
        self.edits.perform(
            letter_id,
            lambda store, version: store.correct(
                letter_id, name, value, decision_key=decision_key, span=span, expected_version=version
            ),
            description=f"Correct {label}",
            typed=(key, typed) if typed is not None else None,
        )
        return True

    def submitted_text(self, letter_id: int, key: str) -> str | None:
        """The text last submitted for field `key` of the letter (None: nothing submitted)."""
        return self._submitted.get(key) if self._submitted_letter == letter_id else None

    def selection(self) -> tuple[Span, str] | None:
        """The letter selection as (span, its text with white space collapsed), or None."""
        span = self.letter_pane.selected_span()
        record = self.current.record
        if record is None or span is None or span[0] >= span[1]:
            return None
        return span, collapse_whitespace(record.letter.text[span[0] : span[1]])

    def assign_selection(self, key: str | None = None) -> bool:
        """Put the selected letter text into field `key` (default: the field last worked in)."""
        key = key or self.fields.current_field_key()
        selected = self.selection()
        if selected is None or key is None:
            self._tell("Select text in the letter, then choose a field (click it first) to assign it to.")
            return False
        spec = self.fields.spec_for(key)
        try:
            value = parse_field_text(selected[1], spec)
        except ValueError as problem:
            self._tell(str(problem))
            return False
        return self.commit_field(key, value, span=selected[0])

    # --- decisions ------------------------------------------------------------------------

    def add_decision_from_selection(self) -> bool:
        """Add a decision the parser missed: request = the selected text, outcome asked for."""
        record, selected = self.current.record, self.selection()
        if record is None or selected is None:
            self._tell("Select the request's words in the letter first, then add the decision.")
            return False
        span, request = selected
        outcome, ok = QInputDialog.getItem(
            self._parent, "Add Decision", f"Outcome of “{request[:80]}”:", list(OUTCOME_CHOICES), 0, False
        )
        if not ok:
            return False
        document = self.current.document
        decision = Decision(
            request=request,
            outcome=outcome.lower(),
            spans={"request": span},
            regions=document.regions(*span) if document is not None else [],
        )
        letter_id = record.letter_id

        def add(store: Store, version: ExpectedVersion) -> tuple[str, HistoryEntry]:
            return store.add_decision(letter_id, decision, expected_version=version)

        def select_added(result: tuple[str, HistoryEntry]) -> None:
            if self.current.is_open(letter_id):
                self.fields.select_decision(result[0])

        self.edits.perform(letter_id, add, description=f"Add decision {len(record.decision_keys) + 1} (added)",
                           on_done=select_added)
        return True

    def delete_decision(self, key: str | None = None) -> bool:
        """Remove a spurious decision (asks first; undo brings it back)."""
        record = self.current.record
        key = key or self.fields.current_decision_key()
        if record is None or key not in record.decision_keys:
            return False
        number = record.decision_keys.index(key) + 1
        request = record.letter.decisions[number - 1].request
        answer = QMessageBox.question(
            self._parent,
            "Delete Decision",
            f"Delete decision {number} (“{request[:80]}”) from this letter?\n\n"
            "The parsed text is kept; Undo brings the decision back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        letter_id = record.letter_id
        self.edits.perform(
            letter_id,
            lambda store, version: store.delete_decision(letter_id, key, expected_version=version),
            description=f"Delete decision {number}",
        )
        return True

    # --- notes and review state -----------------------------------------------------------

    def annotate_selection(self) -> bool:
        """Add a note on the selected text (or on the whole letter when nothing is selected)."""
        record = self.current.record
        if record is None:
            return False
        selected = self.selection()
        dialog = NoteDialog(selected[1] if selected else "", self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        note, tag = dialog.values()
        if not note:
            self._tell("The note was empty, so nothing was added.")
            return False
        span = selected[0] if selected else None
        document = self.current.document
        regions = document.regions(*span) if span and document is not None else []
        letter_id = record.letter_id
        self.edits.perform(
            letter_id,
            lambda store, version: store.annotate(
                letter_id, note, tag=tag, span=span, regions=regions, expected_version=version
            ),
            description=f"Add note ({tag})" if tag else "Add note",
        )
        return True

    def delete_annotation(self, annotation_id: int) -> bool:
        record = self.current.record
        if record is None:
            return False
        letter_id = record.letter_id
        self.edits.perform(
            letter_id,
            lambda store, version: store.delete_annotation(letter_id, annotation_id, expected_version=version),
            description="Delete note",
        )
        return True

    def edit_annotation(self, annotation_id: int, note: str, tag: str | None) -> bool:
        """Change a note's text and tag (the notes tab's `editRequested`: "" for no tag); undoable."""
        record = self.current.record
        if record is None:
            return False
        letter_id, tag = record.letter_id, collapse_whitespace(tag or "") or None
        self.edits.perform(
            letter_id,
            lambda store, version: store_ops.edit_note(store, letter_id, annotation_id, note, tag,
                                                       expected_version=version),
            description="Edit note",
        )
        return True

    def highlight(self, tag: str | None = None) -> bool:
        """Highlight the selected text without a note (a key fact); undoable."""
        record, selected = self.current.record, self.selection()
        if record is None or selected is None:
            self._tell("Select the words to highlight in the letter first.")
            return False
        span, tag = selected[0], collapse_whitespace(tag or "") or None
        document = self.current.document
        regions = document.regions(*span) if document is not None else []
        letter_id = record.letter_id
        self.edits.perform(
            letter_id,
            lambda store, version: store_ops.highlight_span(store, letter_id, span, tag=tag, regions=regions,
                                                            expected_version=version),
            description=f"Add highlight ({tag})" if tag else "Add highlight",
        )
        return True

    # --- deadlines ------------------------------------------------------------------------

    def set_service(self, letter_id: int, entered: EnteredService) -> bool:
        """Store the case's service record as entered (the Deadlines section); undoable."""
        if not self.current.is_open(letter_id):
            return False
        self.edits.perform(
            letter_id,
            lambda store, version: store_ops.enter_service(store, letter_id, entered, expected_version=version),
            description="Change service record",
        )
        return True

    def set_deadline_status(self, letter_id: int, kind: str, status: DeadlineStatus) -> bool:
        """Mark a deadline of the case done, dismissed or open again; undoable."""
        if not self.current.is_open(letter_id):
            return False
        self.edits.perform(
            letter_id,
            lambda store, version: store_ops.mark_deadline(store, letter_id, kind, status,
                                                           expected_version=version),
            description="Change deadline status",
        )
        return True

    def set_review_state(self, state: str) -> bool:
        record = self.current.record
        if record is None or record.review.state == state:
            return False
        letter_id = record.letter_id
        self.edits.perform(
            letter_id,
            lambda store, version: store.set_review_state(letter_id, state, expected_version=version),
            description=describe_review(state),
        )
        return True

    def assign_case(self, person: str | None) -> bool:
        """Assign the case on screen to `person` (None: nobody); undoable. False: not sent."""
        record = self.current.record
        if record is None or record.read_only:
            return False
        letter_id = record.letter_id
        self.edits.perform(
            letter_id,
            lambda store, version: store.assign(letter_id, person, expected_version=version),
            description=describe_assign(person),
        )
        return True

    # --- failures -------------------------------------------------------------------------

    def may_lose_refused_values(self) -> bool:
        """Before the window closes: values typed and refused are not stored, so closing loses
        them; True when there are none or the user says to close anyway."""
        refused = self.fields.refused_values()
        if not refused:
            return True
        record = self.current.record

        def case(letter_id: int) -> str:
            return record.case_label if record is not None and record.letter_id == letter_id else f"Letter {letter_id}"

        lines = "\n".join(f"• {case(letter_id)} · {label}: “{text[:60]}”" for letter_id, label, text in refused[:8])
        answer = QMessageBox.question(
            self._parent, "Close Without These Values?",
            f"These values were refused and are not saved:\n{lines}\n\nClose anyway? (No keeps the "
            "window open, with the values in their fields, so you can correct them.)",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def report_failure(self, failure: EditFailure) -> None:
        """Tell the user what went wrong; keep what they typed in the field and on the clipboard."""
        typed = failure.typed
        kept = ""
        if typed is not None and typed[1].strip():
            if self._submitted_letter == failure.letter_id and self._submitted.get(typed[0]) == typed[1]:
                del self._submitted[typed[0]]  # not stored: committing it again sends it again
            QGuiApplication.clipboard().setText(typed[1])
            if self.current.is_open(failure.letter_id):
                self.fields.restore_typed(*typed)
                kept = "\n\nWhat you typed is still in the field and has been copied to the clipboard."
            else:
                kept = "\n\nWhat you typed has been copied to the clipboard."
        if failure.stale:
            QMessageBox.warning(
                self._parent,
                "Letter Changed Elsewhere",
                "This letter was changed in another window or at another desk, so your edit was not "
                f"saved and the letter has been reloaded.{kept}\n\n{failure.message}",
            )
        else:
            QMessageBox.warning(self._parent, "Edit Not Saved", f"{failure.message}{kept}")

    def _tell(self, message: str) -> None:
        self._show_status(message, 8000)
        QMessageBox.information(self._parent, "imr-desk", message)
