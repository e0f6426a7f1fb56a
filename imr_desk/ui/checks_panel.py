"""The findings the Letter tab lists: the letter's checks and the patient's diagnoses.

`FindingList` shows one row per finding, each a wrapped line of text that can be clicked, or
reached with Tab and activated with Enter / Space; `activated(key)` then names the finding by
its highlight key (``check:2``, ``diagnosis:0``, see `finding_marks`), which the window hands to
the letter pane like a field's key: the pane marks every span of the evidence and scrolls to
the first. `ChecksSection` is the "Checks" box: per check its severity by icon AND word
(``⚠ Warning`` / ``ℹ Information``, never colour alone), what the check is called
(`core.fields.check_word`) and its message. `diagnosis_rows()` gives the Patient section's
diagnoses the same way.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QGroupBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

from imr_desk.core.fields import CHECKS_LABEL, check_word, severity_word
from imr_desk.core.model import Letter
from imr_desk.ui import theme
from imr_desk.ui.finding_marks import check_key, diagnosis_key

SEVERITY_ICONS = {"warn": "⚠", "info": "ℹ"}
NO_CHECKS = "No checks found anything to look at in this letter."
NO_DIAGNOSES = "No diagnoses found in the clinical summary."
Row = tuple[str, str, str]  # highlight key, text shown, tooltip (a check's text starts with its icon)


def check_rows(letter: Letter | None) -> list[Row]:
    """One row per check of `letter`: "⚠ Warning · Date of injury differs" and its message."""
    rows: list[Row] = []
    for index, check in enumerate(letter.checks if letter else []):
        places = len(check.spans)
        where = (f"Click to mark its evidence in the letter ({places} place{'s' if places != 1 else ''})."
                 if places else "It names no words of the letter.")
        icon = SEVERITY_ICONS.get(check.severity, "•")
        heading = f"{icon} {severity_word(check.severity)} · {check_word(check.code)}"
        rows.append((check_key(index), f"{heading}\n{check.message}", f"{check.code}: {where}"))
    return rows


def diagnosis_rows(letter: Letter | None) -> list[Row]:
    """One row per diagnosis the clinical summary names."""
    return [
        (diagnosis_key(index), " ".join(diagnosis.text.split()), "Click to show its words in the letter.")
        for index, diagnosis in enumerate(letter.patient.diagnoses if letter else [])
    ]


class FindingRow(QFrame):
    """One finding: wrapped text; click, Enter or Space activates it."""

    activated = Signal(str)

    def __init__(self, key: str, text: str, tooltip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("findingRow")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(tooltip)
        self.setAccessibleName(text.replace("\n", ": "))
        self.setAccessibleDescription(tooltip)
        self.setProperty("warn", text.startswith(SEVERITY_ICONS["warn"]))  # a warning's bar is amber
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.label)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.activated.emit(self.key)
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.key)
            return
        super().keyPressEvent(event)


class FindingList(QWidget):
    """Rows of findings (or a line saying there are none)."""

    activated = Signal(str)

    def __init__(self, empty_text: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.empty = QLabel(empty_text)
        self.empty.setWordWrap(True)
        self._layout.addWidget(self.empty)
        self.rows: list[FindingRow] = []
        self._apply_style()

    def set_rows(self, rows: list[Row]) -> None:
        for row in self.rows:
            self._layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for key, text, tooltip in rows:
            row = FindingRow(key, text, tooltip, self)
            row.activated.connect(self.activated)
            self._layout.addWidget(row)
            self.rows.append(row)
        self.empty.setVisible(not rows)

    def row(self, key: str) -> FindingRow | None:
        return next((row for row in self.rows if row.key == key), None)

    def _apply_style(self) -> None:
        colours = theme.colours()
        self.setStyleSheet(
            "QFrame#findingRow { border-left: 3px solid palette(mid); background: palette(base); }"
            f" QFrame#findingRow[warn=\"true\"] {{ border-left: 3px solid {colours.warning}; }}"
            f" QFrame#findingRow:focus {{ border: 1px solid palette(highlight);"
            f" border-left: 3px solid palette(highlight); }}"
        )


class ChecksSection(QGroupBox):
    """The "Checks" box of the Letter tab."""

    activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(CHECKS_LABEL, parent)
        self.list = FindingList(NO_CHECKS, CHECKS_LABEL, self)
        self.list.activated.connect(self.activated)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)

    def set_letter(self, letter: Letter | None) -> None:
        rows = check_rows(letter)
        self.list.set_rows(rows)
        self.setTitle(f"{CHECKS_LABEL} ({len(rows)})" if rows else CHECKS_LABEL)
