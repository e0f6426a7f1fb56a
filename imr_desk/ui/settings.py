"""Window settings kept between runs (geometry, window state, splitter sizes) in QSettings.

Everything goes through `QSettings()` with the application's organisation and name, so tests
that point QSettings at a temporary folder never touch the user's settings. The settings file
holds the paths of recent letters and folders, so, like the store, it is readable by its
owner only: `keep_private()` makes it 0600 (and a folder it creates for it 0700) before Qt
writes to it; Qt keeps a file's mode when it rewrites it.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QSettings, QSize, Qt
from PySide6.QtWidgets import QMainWindow, QSplitter

from imr_desk.core.store.desk_config import read_desk_config, update_desk_config

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"
POSITION_KEY = "window/position"  # the frame's top-left, as pos() gives and move() takes it
SIZE_KEY = "window/size"  # the inside size, as size() gives and resize() takes it
MAXIMIZED_KEY = "window/maximized"
SPLITTER_KEY = "window/splitter/{name}"
LAST_DIR_KEY = "paths/last_directory"
DEFAULT_WINDOW_SIZE = (1400, 900)


def keep_private(settings: QSettings | None = None) -> None:
    """Make the settings file (created empty if need be) readable by its owner only (0600)."""
    path = Path((settings or QSettings()).fileName())
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.fchmod(descriptor, 0o600)
        finally:
            os.close(descriptor)
    except OSError:
        return  # Qt says nothing either when it cannot save settings; the window works on


def save_window(window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
    """Remember the window's geometry, toolbar/dock state and each named splitter's sizes."""
    settings = QSettings()
    keep_private(settings)
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    maximized = window.isMaximized() or window.isFullScreen()
    settings.setValue(MAXIMIZED_KEY, maximized)
    if not maximized:  # a maximised window keeps the place it had before
        settings.setValue(POSITION_KEY, window.pos())
        settings.setValue(SIZE_KEY, window.size())
    settings.setValue(STATE_KEY, window.saveState())
    for name, splitter in splitters.items():
        settings.setValue(SPLITTER_KEY.format(name=name), splitter.saveState())
    settings.sync()


def restore_window(window: QMainWindow, splitters: dict[str, QSplitter]) -> bool:
    """Put back what `save_window` stored; False (and the default size) on a first run. The
    settings file is made private first (see `keep_private`)."""
    settings = QSettings()
    keep_private(settings)
    position, size = settings.value(POSITION_KEY), settings.value(SIZE_KEY)
    restored = isinstance(position, QPoint) and isinstance(size, QSize) and size.isValid()
    if restored:
        # pos() and move() both mean the frame's corner, and size()/resize() the inside: the
        # window comes back where it was. restoreGeometry() alone put it one title bar (25 px)
        # lower after each restart on window managers that add the frame afterwards.
        window.resize(size)
        window.move(position)
        if settings.value(MAXIMIZED_KEY) in (True, "true"):
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    else:
        geometry = settings.value(GEOMETRY_KEY)  # settings written before the position was kept
        restored = isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)
    if not restored:
        window.resize(*DEFAULT_WINDOW_SIZE)
    state = settings.value(STATE_KEY)
    if isinstance(state, QByteArray):
        window.restoreState(state)
    for name, splitter in splitters.items():
        sizes = settings.value(SPLITTER_KEY.format(name=name))
        if isinstance(sizes, QByteArray):
            splitter.restoreState(sizes)
    return bool(restored)


def view_option(name: str, default: bool) -> bool:
    """A remembered on/off view choice (e.g. the highlight legend)."""
    value = QSettings().value(f"view/{name}", default)
    return value in (True, "true", "1", 1) if not isinstance(value, bool) else value


def set_view_option(name: str, on: bool) -> None:
    QSettings().setValue(f"view/{name}", on)


def last_directory() -> str:
    """The folder the user last opened letters from ('' before the first time)."""
    value = QSettings().value(LAST_DIR_KEY, "")
    return value if isinstance(value, str) else ""


def set_last_directory(folder: str) -> None:
    QSettings().setValue(LAST_DIR_KEY, folder)


# -- the desk: who sits here, and which case store it opens (Tools ▸ Desk Settings…) ----------
# Kept in the desk's settings file (``core/store/desk_config.py``), which the command line
# reads too; an older window kept them in QSettings under these keys, still read when the
# desk's file has no value, and removed once a value is saved there.
USER_NAME_KEY = "desk/user_name"
STORE_KEY = "desk/store"  # "" or missing: the default store file
_store_override: str | None = None  # how this run's store was named, when not by the settings


def _older_value(key: str) -> str:
    value = QSettings().value(key, "")
    return " ".join(value.split()) if isinstance(value, str) else ""


def user_name() -> str:
    """The name set for this desk ('' = the OS login, or $IMR_DESK_USER)."""
    return read_desk_config().user_name or _older_value(USER_NAME_KEY)


def set_user_name(name: str) -> None:
    """Save the desk's name ('' = none: the OS login, or $IMR_DESK_USER); `OSError` when the
    settings file cannot be written."""
    update_desk_config(user_name=name)
    QSettings().remove(USER_NAME_KEY)


def save_desk(name: str, store: str) -> None:
    """Save the desk's name and store together (`set_user_name`, `set_store_choice`)."""
    update_desk_config(user_name=name, store=store)
    QSettings().remove(USER_NAME_KEY)
    QSettings().remove(STORE_KEY)


def store_choice() -> str:
    """The case store chosen in the settings: a store file's path, a PostgreSQL connection
    string without a password, or '' for the default store file."""
    return read_desk_config().store or _older_value(STORE_KEY)


def set_store_choice(store: str) -> None:
    """Remember `store` ('' = the default file). A connection string holding a password is
    refused (`ValueError`): passwords belong in ~/.pgpass or the file PGPASSFILE names;
    `OSError` when the settings file cannot be written."""
    update_desk_config(store=store)
    QSettings().remove(STORE_KEY)


def store_override() -> str | None:
    """'--db' or 'IMR_DESK_DB' when this run's store was named so (the settings' choice is
    then not used), else None."""
    return _store_override


def set_store_override(source: str | None) -> None:
    global _store_override
    _store_override = source
