"""Local OCR of image-only PDF pages with Tesseract through pymupdf.

`ocr_pages` returns, for each page it read, a TextPage and its ``dict`` extraction, so the
loader builds text and character boxes exactly as for born-digital pages.
"""

from __future__ import annotations

import functools
import glob
import os
import shutil
from typing import Any

from .document import CancelCheck, ProgressCallback, _text_flags
from .model import LetterError

OCR_DPI = 300
OCR_LANGUAGE = "eng"


@functools.lru_cache(maxsize=1)
def tessdata_dir() -> str | None:
    """The folder that holds Tesseract's ``eng.traineddata``, or None when OCR is unavailable."""
    candidates = []
    if os.environ.get("TESSDATA_PREFIX"):
        candidates.append(os.environ["TESSDATA_PREFIX"])
    candidates += sorted(glob.glob("/usr/share/tesseract-ocr/*/tessdata"), reverse=True)
    candidates += ["/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata"]
    for folder in candidates:
        if os.path.isfile(os.path.join(folder, f"{OCR_LANGUAGE}.traineddata")):
            return folder
    return None


def ocr_available() -> bool:
    return tessdata_dir() is not None and shutil.which("tesseract") is not None


def ocr_pages(
    pages: list[Any],
    page_indexes: list[int],
    file_name: str,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> dict[int, tuple[Any, dict[str, Any]]]:
    """OCR the given pages; return ``{page_index: (textpage, page_dict)}``.

    Returns an empty dict when Tesseract is not installed (the caller reports `empty`).
    Raises `LetterError("unreadable", ...)` when `cancelled()` turns true.
    """
    folder = tessdata_dir()
    if folder is None or shutil.which("tesseract") is None:
        return {}
    os.environ.setdefault("TESSDATA_PREFIX", folder)
    flags = _text_flags()
    result: dict[int, tuple[Any, dict[str, Any]]] = {}
    total = len(page_indexes)
    for done, index in enumerate(page_indexes):
        if cancelled is not None and cancelled():
            raise LetterError("unreadable", f"{file_name}: OCR was cancelled.")
        if progress is not None:
            progress(done, total, f"OCR page {index + 1} of {len(pages)}")
        page = pages[index]
        textpage = page.get_textpage_ocr(
            flags=flags, language=OCR_LANGUAGE, dpi=OCR_DPI, full=True, tessdata=folder
        )
        result[index] = (textpage, page.get_text("dict", textpage=textpage, flags=flags))
    if progress is not None:
        progress(total, total, "OCR finished")
    return result
