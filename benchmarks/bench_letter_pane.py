"""Letter-pane benchmark (offscreen Qt): opening, selecting, finding and scrolling; prints a table.

    .venv/bin/python benchmarks/bench_letter_pane.py

Every corpus PDF (and every seed text letter) is parsed first and opened the way the window
opens a stored letter: `Document.from_layout` from the layout JSON, the original PDF opened
from its bytes and handed to `LetterPane.set_letter`. Rows (median, wall / this process's CPU):

- open → first page painted: `set_letter` plus a synchronous repaint of the view (the first
  page's image and its highlights). Target ≤ 100 ms.
- later pages' highlights: from there until the highlights of every page are drawn (they are
  added one page per event-loop turn, so the window stays responsive meanwhile).
- show_block + repaint: outline one decision and scroll to it. Target ≤ 16 ms (one frame).
- find "medical" + repaint, and a page down (scroll one screen, draw any newly visible page).

The figures go into the "Letter pane" section of docs/performance.md.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from imr_desk.core import (  # noqa: E402  (the stable face)
    Document,
    read_letter,
)
from imr_desk.ui.letter_pane import LetterPane  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall ms, CPU ms) of one call."""
    start, start_cpu = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000


def stored_form(path: Path) -> tuple[object, Document, object]:
    """(letter, document as the window rebuilds it, open original PDF or None)."""
    letter, document = read_letter(path)
    pdf = pymupdf.open(stream=path.read_bytes(), filetype="pdf") if document.source.kind == "pdf" else None
    rebuilt = Document.from_layout(document.source, document.text, document.layout_json())
    document.close()
    return letter, rebuilt, pdf


def main() -> int:
    app = QApplication([])
    pane = LetterPane()
    pane.resize(900, 1000)
    pane.show()
    app.processEvents()
    viewport = pane.view.viewport()
    rows: dict[str, list[tuple[float, float]]] = {name: [] for name in (
        "open PDF → first page painted", "later pages' highlights drawn", "show_block + repaint",
        "find 'medical' + repaint", "page down + repaint", "open text letter → painted")}
    letters = [stored_form(path) for path in sorted((CORPUS / "dwc-2016").glob("*.pdf"))]
    # Each lambda in these loops is called at once by timed(), inside its own iteration, so the
    # loop variables it reads are the current ones (hence the B023 noqa: the closures never outlive it).
    for letter, document, pdf in letters:
        rows["open PDF → first page painted"].append(timed(
            lambda: (pane.set_letter(document, letter, pdf=pdf), viewport.repaint())))  # noqa: B023
        rows["later pages' highlights drawn"].append(timed(lambda: _drain(app, pane.all_highlights_drawn)))
        for index in range(len(letter.decisions)):
            rows["show_block + repaint"].append(timed(
                lambda: (pane.show_block(f"p{index}"), viewport.repaint())))  # noqa: B023
        pane.find_bar.show()
        rows["find 'medical' + repaint"].append(timed(lambda: (pane.find_bar.set_query("medical"), viewport.repaint())))
        pane.find_bar.close_bar()
        bar = pane.view.verticalScrollBar()
        bar.setValue(0)
        app.processEvents()
        in_view = lambda: pane.scene.is_rendered(pane.scene.page_at(pane.visible_scene_rect().bottom()))  # noqa: E731
        rows["page down + repaint"].append(timed(
            lambda: (bar.setValue(bar.value() + bar.pageStep()), _drain(app, in_view),  # noqa: B023
                     viewport.repaint())))
        pane.set_letter(None, None)
        pdf.close()
    for path in sorted((CORPUS / "seeds").glob("*.txt")):
        letter, document = read_letter(path)
        rows["open text letter → painted"].append(timed(
            lambda: (pane.set_letter(document, letter), viewport.repaint())))  # noqa: B023 (called at once)
    targets = {"open PDF → first page painted": "≤ 100 ms", "show_block + repaint": "≤ 16 ms"}
    print(f"Letter pane, offscreen, view 900×1000; load average {os.getloadavg()[0]:.1f}\n")
    print("| Letter pane | wall / CPU (median) | wall p90 | n | target |")
    print("|---|---|---|---|---|")
    for name, samples in rows.items():
        wall = sorted(w for w, _ in samples)
        print(f"| {name} | {statistics.median(wall):.1f} / {statistics.median(c for _, c in samples):.1f} ms "
              f"| {wall[int(len(wall) * 0.9)]:.1f} ms | {len(samples)} | {targets.get(name, '—')} |")
    pane.close()
    return 0


def _drain(app: QApplication, done: Callable[[], bool]) -> None:
    """Run the event loop until `done()` (the pane's deferred work is queued as 0 ms timers)."""
    while not done():
        app.processEvents()


if __name__ == "__main__":
    sys.exit(main())
