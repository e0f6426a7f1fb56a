"""Toolbar and window icons: the bundled SVGs in ``resources/icons/``, else a theme icon.

`icon(name)` never fails: a missing SVG falls back to the desktop theme's icon of the same
meaning, then to a Qt standard icon, so a partial install still shows recognisable buttons.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from imr_desk.resources import RESOURCES_DIR

ICONS_DIR = RESOURCES_DIR / "icons"

# icon name -> (freedesktop theme icon, Qt standard pixmap) used when the SVG is missing
_FALLBACKS: dict[str, tuple[str, QStyle.StandardPixmap | None]] = {
    "app": ("accessories-text-editor", QStyle.StandardPixmap.SP_FileIcon),
    "open": ("document-open", QStyle.StandardPixmap.SP_DialogOpenButton),
    "import-folder": ("folder-open", QStyle.StandardPixmap.SP_DirOpenIcon),
    "export-pdf": ("document-save-as", QStyle.StandardPixmap.SP_DialogSaveButton),
    "print": ("document-print", None),
    "print-preview": ("document-print-preview", None),
    "undo": ("edit-undo", QStyle.StandardPixmap.SP_ArrowBack),
    "redo": ("edit-redo", QStyle.StandardPixmap.SP_ArrowForward),
    "zoom-in": ("zoom-in", None),
    "zoom-out": ("zoom-out", None),
    "fit-width": ("zoom-fit-best", None),
    "find": ("edit-find", QStyle.StandardPixmap.SP_FileDialogContentsView),
    "next": ("go-down", QStyle.StandardPixmap.SP_ArrowDown),
    "previous": ("go-up", QStyle.StandardPixmap.SP_ArrowUp),
    "next-unreviewed": ("go-next", QStyle.StandardPixmap.SP_MediaSkipForward),
    "in-review": ("document-edit", QStyle.StandardPixmap.SP_FileDialogDetailedView),
    "verified": ("emblem-default", QStyle.StandardPixmap.SP_DialogApplyButton),
    "assign": ("edit-paste", None),
    "add-decision": ("list-add", None),
    "delete-decision": ("list-remove", QStyle.StandardPixmap.SP_TrashIcon),
    "annotate": ("insert-text", None),
    "history": ("document-open-recent", QStyle.StandardPixmap.SP_FileDialogInfoView),
}


@cache
def icon(name: str) -> QIcon:
    """The icon called `name` (see resources/icons/); never an error, at worst an empty icon."""
    path = ICONS_DIR / f"{name}.svg"
    if path.is_file():
        loaded = QIcon(str(path))
        if not loaded.isNull():
            return loaded
    theme_name, standard = _FALLBACKS.get(name, ("", None))
    if theme_name and QIcon.hasThemeIcon(theme_name):
        return QIcon.fromTheme(theme_name)
    style = QApplication.style() if QApplication.instance() else None
    if standard is not None and style is not None:
        return style.standardIcon(standard)
    return QIcon()
