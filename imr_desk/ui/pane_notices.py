"""The notices above the letter's pages: one line each, amber bar, bold, wrapped.

`warning_notice(text, object_name, accessible_name, parent)` makes one (hidden until the pane
shows it: "Read by OCR — check values against the page.", "Read-only copy — make it the copy
of record to edit"); `warning_notice_style(object_name)` is its style sheet in the palette's
colours (light or dark scheme), set again whenever the palette changes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from imr_desk.ui import theme


def warning_notice(text: str, object_name: str, accessible_name: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(object_name)
    label.setAccessibleName(accessible_name)
    label.setWordWrap(True)
    label.hide()
    return label


def warning_notice_style(object_name: str) -> str:
    colours = theme.colours()
    return (f"QLabel#{object_name} {{ background: {colours.warning_background}; color: palette(window-text);"
            f" border-left: 4px solid {colours.warning}; padding: 5px 8px; font-weight: bold; }}")
