"""Take docs/screenshot.png: the window (offscreen) with the partial-approval sample open.

The samples are imported into a temporary store first, so the queue shows all of them; the
second decision is selected so its block is outlined in the letter and its fields are shown.

    .venv/bin/python tools/make_screenshot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshot.png"


def main() -> int:
    scratch = Path(tempfile.mkdtemp(prefix="imr-desk-shot-"))
    os.environ.update(
        QT_QPA_PLATFORM="offscreen", IMR_DESK_DB=str(scratch / "store.sqlite3"),
        IMR_DESK_LOG_DIR=str(scratch / "logs"), XDG_CONFIG_HOME=str(scratch / "config"),
    )
    from PySide6.QtWidgets import QApplication

    from imr_desk.core.store import Store
    from imr_desk.resources import RESOURCES_DIR
    from imr_desk.ui.app import make_application
    from imr_desk.ui.main_window import MainWindow

    app = make_application()
    store = Store(scratch / "store.sqlite3")
    samples = sorted((RESOURCES_DIR / "samples").glob("*.pdf"))
    results = store.import_paths(samples)
    opened = next(r.letter_id for r in results if Path(r.path).name == "sample-partial.pdf")
    window = MainWindow(store)
    window.resize(1440, 900)
    window.show()
    window.queue.select_letter(opened)
    window.open_letter(opened)
    for _ in range(20):
        QApplication.processEvents()
    window.fields.tabs.setCurrentIndex(1)
    window.letter_pane.show_block("p0")
    for _ in range(20):
        QApplication.processEvents()
    if not window.grab().save(str(OUT)):
        print(f"make_screenshot: could not write {OUT}", file=sys.stderr)
        return 1
    window.close()
    store.close()
    del app
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
