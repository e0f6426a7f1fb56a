"""The first-run view shown while the store is empty: what the tool does and how to start.

The app icon, a one-line explanation, three large buttons (open letters, import a folder,
open the bundled sample letters) and a hint that letters can be dropped on the window. It
only emits requests; the window does the opening. Colours come from the palette so it reads
well in light and dark schemes.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from .icons import icon

ICON_SIZE = 96


class WelcomeView(QWidget):
    """Start page: asks the window to open letters, import a folder, or open the samples."""

    openLettersRequested = Signal()
    importFolderRequested = Signal()
    openSamplesRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeView")
        logo = QLabel(self)
        logo.setPixmap(icon("app").pixmap(QSize(ICON_SIZE, ICON_SIZE)))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        logo.setAccessibleName("imr-desk")

        title = QLabel("Welcome to imr-desk", self)
        title_font = title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        title.setFont(title_font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)

        explanation = QLabel(
            "Review IMR Final Determination letters: every decision highlighted in the letter, "
            "its fields checked and corrected beside it, a case summary ready to print.",
            self,
        )
        explanation.setWordWrap(True)
        explanation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        explanation.setFixedWidth(520)
        explanation.setMinimumHeight(explanation.heightForWidth(520))

        self.open_button = self._big_button("open", "Open letters…", "Open PDF or text letters (Ctrl+O)")
        self.import_button = self._big_button("import-folder", "Import folder…", "Import every letter in a folder")
        self.samples_button = self._big_button(
            "app", "Open sample letters", "Letters with invented people, to try things out"
        )
        self.open_button.clicked.connect(self.openLettersRequested)
        self.import_button.clicked.connect(self.importFolderRequested)
        self.samples_button.clicked.connect(self.openSamplesRequested)
        self.open_button.setDefault(True)

        hint = QLabel("or drop PDF / text letters here", self)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(logo)
        layout.addSpacing(8)
        layout.addWidget(title)
        layout.addWidget(explanation, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(20)
        for button in (self.open_button, self.import_button, self.samples_button):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(12)
        layout.addWidget(hint)
        layout.addStretch(3)

    def _big_button(self, icon_name: str, text: str, tooltip: str) -> QPushButton:
        button = QPushButton(icon(icon_name), text, self)
        button.setIconSize(QSize(24, 24))
        button.setMinimumSize(QSize(280, 48))
        button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        font = button.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        button.setFont(font)
        button.setToolTip(tooltip)
        button.setAccessibleName(text.rstrip("…"))
        return button
