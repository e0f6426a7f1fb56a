"""Look of the application: Fusion style with a light or dark palette that follows the system.

`apply_theme(app)` sets the style and palette and re-applies the palette whenever the system
colour scheme changes (`QStyleHints.colorSchemeChanged`). The semantic colours the window uses
for corrected fields, parser warnings and outcome badges come from `colours()` so both schemes
stay readable.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Colours:
    """Semantic colours of one scheme (hex strings, usable in style sheets)."""

    corrected: str  # left bar of a corrected field
    corrected_background: str
    warning: str  # marker of a field with parser warnings
    warning_background: str
    upheld: str  # outcome badge: the denial stands
    overturned: str  # outcome badge: the treatment is authorised
    badge_text: str
    muted_text: str


LIGHT = Colours(
    corrected="#1565c0",
    corrected_background="#e8f0fc",
    warning="#b26a00",
    warning_background="#fff4e0",
    upheld="#8e2c2c",
    overturned="#1f6e35",
    badge_text="#ffffff",
    muted_text="#5f6368",
)
DARK = Colours(
    corrected="#7fb3ff",
    corrected_background="#1d2a3d",
    warning="#ffb84d",
    warning_background="#3a2d14",
    upheld="#e07a7a",
    overturned="#6fcf8a",
    badge_text="#101010",
    muted_text="#a0a4a8",
)


def is_dark() -> bool:
    """True when the system (or, failing that, the current palette) uses a dark scheme."""
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def colours() -> Colours:
    return DARK if is_dark() else LIGHT


def _dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2d30",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1f22",
        QPalette.ColorRole.AlternateBase: "#26282b",
        QPalette.ColorRole.ToolTipBase: "#3c3f41",
        QPalette.ColorRole.ToolTipText: "#f0f0f0",
        QPalette.ColorRole.PlaceholderText: "#8a8d91",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#35373a",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Link: "#7fb3ff",
        QPalette.ColorRole.Highlight: "#3d6fb4",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Light: "#45484c",
        QPalette.ColorRole.Midlight: "#3a3c40",
        QPalette.ColorRole.Mid: "#303236",
        QPalette.ColorRole.Dark: "#1a1b1d",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7d81"))
    return palette


def _apply_palette(app: QApplication) -> None:
    style = app.style()
    app.setPalette(_dark_palette() if is_dark() else style.standardPalette())


def apply_theme(app: QApplication) -> None:
    """Use Fusion with a palette matching the system scheme, and follow later scheme changes."""
    app.setStyle("Fusion")
    _apply_palette(app)
    app.styleHints().colorSchemeChanged.connect(lambda _scheme: _apply_palette(app))
