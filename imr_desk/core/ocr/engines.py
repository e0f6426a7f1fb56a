"""The two ways a cleaned page image reaches Tesseract, and the text-layer PDF each returns.

* **The `tesseract` command** (Debian/Ubuntu ``tesseract-ocr``, Homebrew ``tesseract``): the
  image is written as a PGM into a private temporary folder (removed at once), and
  ``tesseract page.pgm stdout pdf`` returns a one-page PDF holding only the text layer
  (``textonly_pdf=1``). It runs on one core (``OMP_THREAD_LIMIT=1``) and is stopped
  mid-page when the user cancels.
* **The engine built into pymupdf** (`pymupdf.Pixmap.pdfocr_tobytes`): needs only the
  language data. It reads the same image into the same kind of PDF, but more slowly than the
  distribution's build on this hardware (Tesseract alone: 5.05 s against 2.47 s for a full
  300-dpi page; 1.6 times as long per page; see docs/performance.md), so it is the fallback:
  used when there is no `tesseract` command, when the command fails, or when
  ``IMR_DESK_OCR_ENGINE=builtin`` asks for it.

`Engines` holds one OCR run's choice (made when the run starts, from the environment and
PATH) and remembers a command that failed, so the rest of that run uses the built-in engine.
The two text layers differ in how they mark word breaks; `layer.with_word_spaces` makes
them alike before the layer is extracted.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

ENGINE_VARIABLE = "IMR_DESK_OCR_ENGINE"  # "command", "builtin" or unset (command when installed)
COMMAND_TIMEOUT = 300.0  # seconds for one page before the command is given up for the fallback
CANCEL_POLL = 0.1  # seconds between checks of `cancelled` while the command reads a page
COMMAND_OPTIONS = (
    # The page is one block of text, as the built-in engine reads it (the API's default); the
    # command's own default, automatic page layout, read specks and the logo as words ("HA",
    # "LO") at the ends of paragraphs: 96.99% of the scanned corpus's fields right, 97.95% with.
    "--psm", "6",
    # IMR letters are typed prose without a vertical bar (the header's table rules are erased
    # before OCR), so a bar Tesseract sees is a thin 1, l or I: "| to 3 times" for "1 to 3
    # times". Ruling it out: 97.95% to 98.24%.
    "-c", "tessedit_char_blacklist=|",
    "-c", "textonly_pdf=1",  # the text layer without the page image
)



class OCRInterrupted(Exception):
    """`cancelled()` turned true while Tesseract was reading a page."""


def tesseract_command() -> str | None:
    """The path of the `tesseract` command, or None (not installed, or the built-in engine
    asked for through ``IMR_DESK_OCR_ENGINE=builtin``)."""
    if os.environ.get(ENGINE_VARIABLE, "").strip().lower() == "builtin":
        return None
    return shutil.which("tesseract")


@dataclass
class Engines:
    """The engine one OCR run reads its pages with: the `tesseract` command (`command`, its
    path) or, when that is None, the engine built into pymupdf."""

    command: str | None = field(default_factory=lambda: tesseract_command())

    def text_layer_pdf(
        self, gray: Any, dpi: int, language: str, tessdata: str, cancelled: Callable[[], bool] | None = None
    ) -> bytes:
        """A one-page PDF whose text layer is what Tesseract read in the grayscale pixmap
        `gray` (its page is the image's size at `dpi`). Raises `OCRInterrupted` when
        `cancelled()` turns true during the read."""
        if self.command is not None:
            try:
                return _read_with_command(self.command, gray, dpi, language, tessdata, cancelled)
            except (OSError, subprocess.SubprocessError) as problem:
                # Once is enough: the rest of this run reads with the built-in engine.
                self.command = None
                log.warning("the tesseract command failed (%s); using the engine built into pymupdf", problem)
        return _read_with_builtin(gray, language, tessdata)


def _read_with_command(
    command: str, gray: Any, dpi: int, language: str, tessdata: str, cancelled: Callable[[], bool] | None
) -> bytes:
    # The image goes through a private temporary file, not standard input: a retried
    # `communicate()` (the cancel polling) would never finish writing standard input.
    with tempfile.TemporaryDirectory(prefix="imr-desk-ocr-") as folder:
        image_path = os.path.join(folder, "page.pgm")
        gray.save(image_path, output="pnm")
        arguments = [command, image_path, "stdout", "--tessdata-dir", tessdata, "-l", language, "--dpi", str(dpi),
                     *COMMAND_OPTIONS, "pdf"]
        environment = dict(os.environ, OMP_THREAD_LIMIT="1", TESSDATA_PREFIX=tessdata)
        process = subprocess.Popen(
            arguments, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # no console window on Windows
        )
        output, errors = _wait_for(process, cancelled)
    if process.returncode != 0 or not output.startswith(b"%PDF"):
        message = errors.decode("utf-8", "replace").strip().splitlines()
        raise subprocess.SubprocessError(f"exit status {process.returncode}: {message[-1] if message else 'no PDF'}")
    return output


def _wait_for(process: subprocess.Popen[bytes], cancelled: Callable[[], bool] | None) -> tuple[bytes, bytes]:
    """`process`'s output and errors once it ends; it is killed when `cancelled()` turns
    true (raising `OCRInterrupted`) or after `COMMAND_TIMEOUT` seconds."""
    deadline = time.monotonic() + COMMAND_TIMEOUT
    try:
        while True:
            try:
                return process.communicate(timeout=CANCEL_POLL)
            except subprocess.TimeoutExpired:
                if cancelled is not None and cancelled():
                    raise OCRInterrupted() from None
                if time.monotonic() > deadline:
                    raise
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def _read_with_builtin(gray: Any, language: str, tessdata: str) -> bytes:
    import pymupdf

    # pymupdf's Tesseract output reads nothing from a one-channel pixmap.
    return pymupdf.Pixmap(pymupdf.csRGB, gray).pdfocr_tobytes(compress=False, language=language, tessdata=tessdata)
