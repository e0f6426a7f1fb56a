"""`IMR_DESK_SMOKE_TEST=1`: close the window as soon as it has been shown and drawn.

Used by `packaging/build.sh` (does the bundled app start?), the wheel test and
`benchmarks/bench_startup.py` (how long until the window is on screen?). On the first Show of
a main window the filter waits for the event loop to finish drawing it, prints
``imr-desk: window shown after N.NNN s`` (seconds since the process started) to standard
error, and quits the application, so the process exits with status 0.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

SHOWN_MESSAGE = "imr-desk: window shown after"
_LOADED_AT = time.perf_counter()


def _seconds_since_process_start() -> float:
    """Wall-clock seconds since this process started (Linux), else since this module loaded."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as uptime:
            uptime_seconds = float(uptime.read().split()[0])
        return uptime_seconds - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _LOADED_AT


class _CloseWhenShown(QObject):
    """Application-wide event filter that quits after the first main window is shown."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._armed = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() == QEvent.Type.Show and isinstance(watched, QMainWindow):
            self._armed = False
            QTimer.singleShot(0, self._report_and_quit)  # after the window has been drawn
        return False

    def _report_and_quit(self) -> None:
        print(f"{SHOWN_MESSAGE} {_seconds_since_process_start():.3f} s", file=sys.stderr, flush=True)
        self._app.closeAllWindows()
        self._app.quit()


def close_when_shown() -> None:
    """Create the QApplication if needed and arm the filter (call before the window exists)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0]])
    app.installEventFilter(_CloseWhenShown(app))
