"""The notices above the letter's pages and the overlays on them.

`plain_notice` says the original PDF is missing (`NO_FILE_NOTICE`); `page_indicator` is the
"Page 2 of 4" pill (`show_page` sets it, `place_overlays` places it), `empty_card` the card
saying no letter is open (`EMPTY_TEXT`, styled by `EMPTY_CARD_STYLE` on the view's grey). The
warning notices have an amber bar, bold, wrapped:

`warning_notice(text, object_name, accessible_name, parent)` makes one (hidden until the pane
shows it: "Read by OCR — check values against the page.", "Read-only copy — make it the copy
of record to edit"); `warning_notice_style(object_name)` is its style sheet in the palette's
colours (light or dark scheme), set again whenever the palette changes.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLabel, QWidget

from imr_desk.ui import theme

NO_FILE_NOTICE = "The original PDF is not available here; the letter's extracted text is shown."
EMPTY_TEXT = "No letter open\nChoose a letter in the queue (Alt+1) or open one with File \u25b8 Open\u2026"
EMPTY_CARD_STYLE = (
    "QLabel#emptyLetter { color: palette(window-text); background: palette(window);"
    " border: 1px solid palette(dark); border-radius: 8px; padding: 14px 22px; }"
)


def plain_notice(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setContentsMargins(8, 4, 8, 4)
    label.hide()
    return label


def page_indicator(view: QWidget) -> QLabel:
    """The "Page 2 of 4" pill over the view's bottom right (hidden until a letter has pages)."""
    label = QLabel(view)
    label.setObjectName("pageIndicator")
    label.setStyleSheet("QLabel#pageIndicator { background: rgba(40, 40, 40, 190); color: white;"
                        " border-radius: 9px; padding: 3px 10px; }")
    label.hide()
    return label


def show_page(label: QLabel, page: int, count: int) -> None:
    """The pill says "Page `page` + 1 of `count`" (hidden for a letter without pages)."""
    label.setText(f"Page {page + 1} of {count}")
    label.adjustSize()
    label.setVisible(count > 0)


def place_overlays(area: QRect, page_label: QLabel, empty_label: QLabel) -> None:
    """Place the page pill at the bottom right of the view's `area` (over the page's margin
    rather than its text) and the empty card in its centre."""
    page_label.move(area.right() - page_label.width() - 12, area.bottom() - page_label.height() - 12)
    empty_label.adjustSize()
    empty_label.move(area.center() - empty_label.rect().center())


def empty_card(text: str, view: QWidget) -> QLabel:
    label = QLabel(text, view)
    label.setObjectName("emptyLetter")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


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


# --- the firm's other desks (live_refresh) ---------------------------------------------------

CHANGED_RELOADED = "Changed at another desk \u2014 reloaded."
CHANGED_WHILE_TYPING = ("Changed at another desk \u2014 what you are typing is kept; when you save "
                        "it you are asked to check their change first.")
DESK_NOTICE_STYLE = ("QLabel#deskNotice { background: palette(alternate-base); color: palette(window-text);"
                     " border-left: 4px solid palette(highlight); padding: 3px 8px; }")


def desk_text(assigned_to: str | None, open_at: str | None) -> str:
    """The desk strip's words: "Assigned to NAME · Open at NAME's desk" (either part alone; ""
    for neither)."""
    parts = []
    if assigned_to:
        parts.append(f"Assigned to {assigned_to}")
    if open_at:
        parts.append(f"Open at {open_at}'s desk")
    return " \u00b7 ".join(parts)


def desk_notice(parent: QWidget) -> QLabel:
    """The desk strip above the letter's pages (hidden while it has nothing to say)."""
    label = QLabel(parent)
    label.setObjectName("deskNotice")
    label.setAccessibleName("Assignment and other desks")
    label.setStyleSheet(DESK_NOTICE_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label
