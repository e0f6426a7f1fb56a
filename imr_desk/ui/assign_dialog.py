"""Edit ▸ Assign Case To…: choose who the case on screen is assigned to.

`AssignDialog(people, me, assigned, parent)` offers the names the store already knows (who
made edits, who cases were assigned to: `Store.known_people`) in an editable list, so a new
name can be typed; "Assign to Me" takes this desk's name (`core.store.rows.current_user`),
"Unassign" assigns the case to nobody. `chosen` holds the answer once `assigned(person)` is
emitted (None: nobody). A name the store would refuse (empty, too long) is said in the dialog
and the dialog stays open.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from imr_desk.core.store.desks import check_person

TITLE = "Assign Case"


class AssignDialog(QDialog):
    """Choose a person for the case (see the module's docstring)."""

    assigned = Signal(object)  # the person's name, or None for nobody

    def __init__(self, people: list[str], me: str, assigned: str | None, case_label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.me = me
        self.chosen: str | None = None
        now = f"It is assigned to {assigned}." if assigned else "It is assigned to nobody."
        self.prompt = QLabel(f"Assign {case_label} to:\n{now}")
        self.prompt.setWordWrap(True)
        self.person = QComboBox()
        self.person.setEditable(True)
        self.person.setAccessibleName("Person")
        self.person.addItems(sorted({*people, me}, key=str.casefold))
        self.person.setCurrentText(assigned or "")
        line = self.person.lineEdit()
        if line is not None:  # an editable combo box always has one
            line.setPlaceholderText("a person's name")
        self.problem = QLabel()
        self.problem.setObjectName("assignProblem")
        self.problem.setStyleSheet("QLabel#assignProblem { color: palette(link); }")
        self.problem.hide()
        buttons = QDialogButtonBox()
        self.assign_button = buttons.addButton("&Assign", QDialogButtonBox.ButtonRole.AcceptRole)
        self.me_button: QPushButton = buttons.addButton("Assign to &Me", QDialogButtonBox.ButtonRole.ActionRole)
        self.nobody_button: QPushButton = buttons.addButton("&Unassign", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.assign_button.setDefault(True)
        self.nobody_button.setEnabled(assigned is not None)
        self.assign_button.clicked.connect(lambda: self.choose(self.person.currentText()))
        self.me_button.clicked.connect(lambda: self.choose(self.me))
        self.nobody_button.clicked.connect(lambda: self.choose(None))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.person)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)

    def choose(self, person: str | None) -> bool:
        """Take `person` (None: nobody) and close; False (the dialog stays, saying why) for a
        name the store would refuse."""
        try:
            name = check_person(person)
        except ValueError as problem:
            self.problem.setText(str(problem))
            self.problem.show()
            return False
        self.chosen = name
        self.assigned.emit(name)
        self.accept()
        return True
