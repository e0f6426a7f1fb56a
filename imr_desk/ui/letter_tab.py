"""The fields panel's "Letter" tab: parser warnings, the letter's fields by section (header,
reviewer, patient with its diagnoses, case summary), the Checks box and the Deadlines box.

`LetterTab` builds the editors (`editors`, by field key) and the findings' lists; the panel
connects the editors and the lists' `activated(key)`. `show_record()` fills everything from
a record (None: empty), `set_read_only()` stops the typing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from imr_desk.core.records import CaseRecord
from imr_desk.ui.checks_panel import NO_DIAGNOSES, ChecksSection, FindingList, diagnosis_rows
from imr_desk.ui.deadline_section import DeadlineSection
from imr_desk.ui.decision_editor import FieldEditor, apply_marks, make_editor, set_editor_read_only
from imr_desk.ui.fields_model import LETTER_SECTIONS, field_text, letter_value, warnings_by_field

DIAGNOSES_LABEL = "Diagnoses"


class LetterTab(QWidget):
    """The letter-level fields and findings (see the module docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, FieldEditor] = {}
        layout = QVBoxLayout(self)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setObjectName("parserWarnings")
        self.warnings.setAccessibleName("Parser warnings")
        self.warnings.hide()
        layout.addWidget(self.warnings)
        for title, specs in LETTER_SECTIONS:
            group = QGroupBox(title)
            form = QFormLayout(group)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            if title == "Case summary":
                form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
            for spec in specs:
                editor = make_editor(spec.name, spec)
                self.editors[spec.name] = editor
                if title == "Case summary":
                    form.addRow(editor.as_widget())
                    editor.label.hide()
                else:
                    form.addRow(editor.label, editor.as_widget())
            if title == "Patient":  # the diagnoses the clinical summary names (read only)
                self.diagnoses = FindingList(NO_DIAGNOSES, DIAGNOSES_LABEL)
                form.addRow(QLabel(DIAGNOSES_LABEL), self.diagnoses)
            layout.addWidget(group)
        self.checks = ChecksSection()
        self.deadlines = DeadlineSection()
        layout.addWidget(self.checks)
        layout.addWidget(self.deadlines)
        layout.addStretch(1)

    def show_record(self, record: CaseRecord | None) -> None:
        warnings = list(record.letter.warnings) if record else []
        self.warnings.setVisible(bool(warnings))
        self.warnings.setText("⚠ Parser warnings:\n• " + "\n• ".join(warnings) if warnings else "")
        marks = warnings_by_field(record)
        for name, editor in self.editors.items():
            value = letter_value(record, name) if record else None
            editor.show_value(field_text(value, editor.spec))
            correction = record.correction_for(name) if record else None
            apply_marks(editor, correction, marks.get(name, []))
            editor.as_widget().setEnabled(record is not None)
        self.diagnoses.set_rows(diagnosis_rows(record.letter if record else None))
        self.checks.set_letter(record.letter if record else None)
        self.deadlines.set_record(record)

    def set_read_only(self, read_only: bool, has_record: bool) -> None:
        for editor in self.editors.values():
            set_editor_read_only(editor, read_only, has_record)
        self.deadlines.set_read_only(read_only)
