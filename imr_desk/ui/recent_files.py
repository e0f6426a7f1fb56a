"""The "Open Recent" list: the last letters opened, kept in QSettings between runs.

At most `MAX_RECENT` paths, newest first, no duplicates. Files that no longer exist are
pruned whenever the list is read. `menu(parent)` builds a QMenu that rebuilds itself each
time it opens; picking an entry emits `fileChosen(path)`.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QMenu, QWidget

from imr_desk.ui.settings import keep_private

MAX_RECENT = 10
RECENT_KEY = "recent/files"


class RecentFiles(QObject):
    """A QSettings-backed list of recently opened letter files."""

    fileChosen = Signal(str)

    def __init__(self, parent: QObject | None = None, *, settings_key: str = RECENT_KEY) -> None:
        super().__init__(parent)
        self._key = settings_key

    def add(self, path: str | os.PathLike[str]) -> None:
        """Put `path` first (moving it up if listed); the oldest beyond the limit drop off."""
        entry = str(Path(path).expanduser().resolve())
        paths = [entry] + [p for p in self._stored() if p != entry]
        self._store(paths[:MAX_RECENT])

    def paths(self) -> list[str]:
        """The listed files that still exist, newest first (missing ones are forgotten)."""
        stored = self._stored()
        existing = [path for path in stored if os.path.isfile(path)]
        if existing != stored:
            self._store(existing)
        return existing

    def clear(self) -> None:
        self._store([])

    def menu(self, parent: QWidget | None = None, title: str = "Open &Recent") -> QMenu:
        """A menu listing the files (refreshed each time it opens) and "Clear Menu"."""
        menu = QMenu(title, parent)
        menu.aboutToShow.connect(lambda: self._fill(menu))
        self._fill(menu)
        return menu

    def _fill(self, menu: QMenu) -> None:
        menu.clear()
        paths = self.paths()
        for number, path in enumerate(paths, start=1):
            label = Path(path).name.replace("&", "&&")
            action = menu.addAction(f"&{number % 10} {label}")  # mnemonics 1…9, then 0
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _checked=False, chosen=path: self.fileChosen.emit(chosen))
        if not paths:
            menu.addAction("No recent letters").setEnabled(False)
        menu.addSeparator()
        clear_action = menu.addAction("&Clear Menu")
        clear_action.setEnabled(bool(paths))
        clear_action.triggered.connect(self.clear)
        menu.setToolTipsVisible(True)

    def _stored(self) -> list[str]:
        value = QSettings().value(self._key, [])
        if isinstance(value, str):  # QSettings hands back a lone entry as a string
            value = [value]
        if not isinstance(value, list | tuple):  # nothing stored yet (None), or not a list of paths
            return []
        return [str(item) for item in value if item]

    def _store(self, paths: list[str]) -> None:
        settings = QSettings()
        keep_private(settings)  # the paths are private: the settings file is 0600
        settings.setValue(self._key, paths)
        settings.sync()
