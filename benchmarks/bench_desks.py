"""Many-desks benchmark (offscreen Qt): how soon another desk's change shows in the window.

    .venv/bin/python benchmarks/bench_desks.py [--changes 50]

A real `MainWindow` is open on a store; a second connection (another desk) corrects a letter
that is listed but not open, `--changes` times. Each figure is the time from just before that
write to the moment the window's queue row shows it (the row's version), through the
whole path: commit, notice (PostgreSQL ``NOTIFY``; SQLite: the feed's ``data_version`` poll,
every 250 ms), the window's listener thread, the queue row re-read. PostgreSQL runs on a
private server started for the run (tests/support/pg_server.py). Prints a table (median and
max ms per backend). Target: well under a second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from imr_desk.core.store import ANY_VERSION, Store  # noqa: E402
from imr_desk.core.store.notices import install_notifier  # noqa: E402
from tests.support.store_fixtures import add_letter, invented_letter  # noqa: E402

TIMEOUT_S = 10.0


def _other_desk(target: Path | str) -> Store:
    store = Store(target)
    store.connection.after_commit.clear()
    install_notifier(store.connection, "bench-other-desk")  # not this process's desk: heard
    return store


def measure(target: Path | str, changes: int) -> list[float]:
    """Milliseconds from each write at the other desk to the window's queue row showing it."""
    from imr_desk.ui.main_window import MainWindow

    store = Store(target)
    shown_id = add_letter(store, invented_letter("CM16-9100001"))
    listed_id = add_letter(store, invented_letter("CM16-9100002"))
    window = MainWindow(store)
    window.resize(1200, 800)
    window.show()
    window.queue.reload()
    window.open_letter(shown_id)
    other = _other_desk(target)
    model = window.queue.model
    app = QApplication.instance()
    assert app is not None
    for _ in range(20):  # let the listener connect
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.01)
    times: list[float] = []
    for number in range(1, changes + 1):
        started = time.perf_counter()
        other.annotate(listed_id, f"note {number}", expected_version=ANY_VERSION)
        deadline = started + TIMEOUT_S
        while model.queue_row(model.row_for_letter(listed_id)).version != 1 + number:
            if time.perf_counter() > deadline:
                raise SystemExit(f"change {number} did not reach the window within {TIMEOUT_S} s")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            time.sleep(0.001)
        times.append((time.perf_counter() - started) * 1000)
    window.close()
    other.close()
    store.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=50)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="imr-bench-desks-"))
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(settings_format, scope, str(folder / "settings"))
    QCoreApplication.setOrganizationName("imr-desk-bench")
    QCoreApplication.setApplicationName("imr-desk-bench")
    QApplication([])
    results: dict[str, list[float]] = {"SQLite": measure(folder / "desks.sqlite3", args.changes)}
    from tests.support.pg_server import PostgresServer

    server = PostgresServer().start()
    try:
        results["PostgreSQL"] = measure(server.create_database("bench_desks"), args.changes)
    finally:
        server.stop()
    print(f"Another desk's change -> the window's queue row ({args.changes} changes each)")
    print(f"{'Backend':<12}{'median ms':>12}{'max ms':>10}")
    for backend, times in results.items():
        print(f"{backend:<12}{statistics.median(times):>12.1f}{max(times):>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
