"""Getting letters into the window: Open Letters…, Import Folder…, Open Recent, sample letters, drops.

`LetterIntake(store_path, window, on_finished)` owns the `ImportController` (imports run on
their own thread with their own store connection, with progress and a summary) and the
`RecentFiles` list. `open_files()` / `import_folder()` ask for files or a folder (starting in
the folder last used), `open_samples()` imports the bundled sample letters, and
`import_and_open(paths)` imports any files and folders (also those dropped on the window or
picked from Open Recent). When an import is over, `on_finished(results)` lets the window
list the new letters and show the first.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from imr_desk.core.store import ImportResult
from imr_desk.resources import RESOURCES_DIR
from imr_desk.ui import settings
from imr_desk.ui.import_worker import ImportController
from imr_desk.ui.recent_files import RecentFiles

LETTER_FILTER = "Letters (*.pdf *.txt);;PDF letters (*.pdf);;Text letters (*.txt);;All files (*)"
SAMPLES_DIR = RESOURCES_DIR / "samples"


class LetterIntake(QObject):
    """The window's ways of getting letters in (see the module docstring)."""

    def __init__(self, store_path: str | Path, window: QWidget,
                 on_finished: Callable[[list[ImportResult]], None]) -> None:
        super().__init__(window)
        self._window = window
        self.importer = ImportController(store_path, window)
        self.recent = RecentFiles(window)
        self.importer.finished.connect(lambda results: self._finished(results, on_finished))
        self.recent.fileChosen.connect(lambda path: self.import_and_open([path]))

    def open_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self._window, "Open Letters", settings.last_directory(),
                                                      LETTER_FILTER)
        if paths:
            settings.set_last_directory(str(Path(paths[0]).parent))
            self.import_and_open(paths)

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._window, "Import Folder", settings.last_directory())
        if folder:
            settings.set_last_directory(folder)
            self.import_and_open([folder])

    def open_samples(self) -> None:
        samples = sorted(str(p) for p in SAMPLES_DIR.glob("*") if p.suffix.lower() in (".pdf", ".txt"))
        if not samples:
            QMessageBox.information(self._window, "No sample letters",
                                    f"No sample letters were found in {SAMPLES_DIR}.")
            return
        self.import_and_open(samples)

    def import_and_open(self, paths: list[str]) -> None:
        """Import files and folders off the UI thread, then open the first letter they gave."""
        for path in paths:
            if Path(path).is_file():
                self.recent.add(path)
        self.importer.start([str(path) for path in paths], self._window)

    @staticmethod
    def _finished(results: list[ImportResult], on_finished: Callable[[list[ImportResult]], None]) -> None:
        gc.freeze()  # the import's modules stay loaded: keep them out of later full GC scans
        on_finished(results)
