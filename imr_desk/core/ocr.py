"""Local OCR of image-only PDF pages with the Tesseract engine built into pymupdf.

`ocr_pages` returns, for each page it read, a TextPage and its ``dict`` extraction, so the
loader builds text and character boxes exactly as for born-digital pages (the TextPage is
attached to the original page, so ``rawdict`` character boxes work on it too).

How a page is read (the same steps as pymupdf's ``Page.get_textpage_ocr(full=True)``, plus
one clean-up step that matters for these letters):

1. the page is rendered in grayscale at `OCR_DPI`;
2. ruled lines are erased: any run of dark pixels longer than `RULE_MIN_INCHES`, across or
   down, becomes white. The first-page header of an IMR letter is a ruled table; with its
   rules left in, Tesseract drops most of the table's labels ("Case Number:", "Decision
   Date:", "Priority:") and reads cell borders as ``|`` or ``1`` glued to the dates;
3. Tesseract (language `OCR_LANGUAGE`) reads the image into a one-page PDF with a text layer;
4. the word breaks Tesseract found are written into that layer as space characters: it
   places each word on its own, and pymupdf's extraction would otherwise join words whose gap
   is narrow (``oncea day``, ``Fora flare``, ``and6 sessions``: one miss in three of long
   text fields before this step);
5. that layer is extracted with a matrix that maps it back onto the original page, so every
   character box lies on the word in the page image.

Only Tesseract's language data is needed (Debian/Ubuntu package ``tesseract-ocr-eng``): the
engine itself ships inside pymupdf. `tessdata_dir` finds the data once and sets
``TESSDATA_PREFIX``, so pymupdf never shells out to look for it.
"""

from __future__ import annotations

import functools
import glob
import os
import re
import weakref
from typing import Any

from .document import CancelCheck, ProgressCallback, _text_flags
from .model import LetterError

OCR_DPI = 300
OCR_LANGUAGE = "eng"
# A dark run at least this long is a ruled line (table border, underline), not a glyph:
# the tallest glyph of 14-point type is about 0.2 inch.
RULE_MIN_INCHES = 0.4
# Gray levels below this count as ink when looking for ruled lines.
INK_LEVEL = 128

# In Tesseract's text layer each word is one ``<hex>Tj``; the next word on the same line is
# placed by ``dx 0 Td`` (no vertical move). Such a word gets a space (CID 0020) at its end.
_WORD_BEFORE_SAME_LINE_WORD = re.compile(rb">Tj(?=\s+(?:[^<]*?\s)?-?[\d.]+ 0 Td)")

TESSDATA_FOLDERS = (
    "/usr/share/tesseract-ocr/*/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/usr/local/share/tesseract-ocr/*/tessdata",
    "/opt/homebrew/share/tessdata",
    "/opt/local/share/tessdata",
    "C:/Program Files/Tesseract-OCR/tessdata",
)


class OCRCancelled(LetterError):
    """The user cancelled OCR of a scanned letter; nothing was stored."""

    def __init__(self, file_name: str) -> None:
        super().__init__("unreadable", f"{file_name}: OCR was cancelled; the letter was not read.")


@functools.lru_cache(maxsize=1)
def tessdata_dir() -> str | None:
    """The folder that holds Tesseract's ``eng.traineddata``, or None when OCR is unavailable."""
    candidates = []
    if os.environ.get("TESSDATA_PREFIX"):
        candidates.append(os.environ["TESSDATA_PREFIX"])
    for pattern in TESSDATA_FOLDERS:
        candidates += sorted(glob.glob(pattern), reverse=True)
    for folder in candidates:
        if os.path.isfile(os.path.join(folder, f"{OCR_LANGUAGE}.traineddata")):
            return folder
    return None


def ocr_available() -> bool:
    """True when scanned pages can be OCR'd (Tesseract's English data is installed)."""
    return tessdata_dir() is not None


def missing_ocr_advice() -> str:
    """What to tell the user when a scanned letter meets a machine without OCR data."""
    return (
        "OCR is needed to read it, and Tesseract's English language data was not found: "
        "install it (Debian/Ubuntu: sudo apt-get install tesseract-ocr tesseract-ocr-eng; "
        "macOS: brew install tesseract) or set TESSDATA_PREFIX to the folder that holds "
        "eng.traineddata, then import the letter again."
    )


def ocr_pages(
    pages: list[Any],
    page_indexes: list[int],
    file_name: str,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> dict[int, tuple[Any, dict[str, Any]]]:
    """OCR the given pages; return ``{page_index: (textpage, page_dict)}``.

    `progress(done, total, message)` is called before each page and once at the end;
    `cancelled()` is checked before each page. Returns an empty dict when OCR is not
    available (the caller reports `empty` with `missing_ocr_advice`). Raises `OCRCancelled`
    when `cancelled()` turns true.
    """
    folder = tessdata_dir()
    if folder is None:
        return {}
    os.environ.setdefault("TESSDATA_PREFIX", folder)
    flags = _text_flags()
    result: dict[int, tuple[Any, dict[str, Any]]] = {}
    total = len(page_indexes)
    for done, index in enumerate(page_indexes):
        if cancelled is not None and cancelled():
            raise OCRCancelled(file_name)
        if progress is not None:
            progress(done, total, f"OCR of page {index + 1} of {len(pages)}")
        page = pages[index]
        textpage = ocr_textpage(page, folder, flags)
        result[index] = (textpage, page.get_text("dict", textpage=textpage, flags=flags))
    if progress is not None:
        progress(total, total, "OCR finished")
    return result


def ocr_textpage(page: Any, tessdata: str, flags: int, dpi: int | None = None) -> Any:
    """A TextPage of `page` read by Tesseract at `dpi` (default `OCR_DPI`), in the page's
    own coordinates."""
    import pymupdf

    image = page_image(page, dpi or OCR_DPI)
    with pymupdf.open(stream=image.pdfocr_tobytes(compress=False, language=OCR_LANGUAGE, tessdata=tessdata)) as ocr_pdf:
        for xref in ocr_pdf[0].get_contents():
            words = ocr_pdf.xref_stream(xref)
            ocr_pdf.update_stream(xref, _WORD_BEFORE_SAME_LINE_WORD.sub(b"0020>Tj", words))
        ocr_page = ocr_pdf[0]
        unzoom = page.rect.width / ocr_page.rect.width
        matrix = pymupdf.Matrix(unzoom, unzoom) * page.derotation_matrix
        textpage = ocr_page.get_textpage(flags=flags, matrix=matrix)
    textpage.parent = weakref.proxy(page)
    return textpage


def page_image(page: Any, dpi: int) -> Any:
    """The page as an RGB pixmap ready for Tesseract: grayscale, ruled lines erased."""
    import pymupdf

    gray = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    cleaned = erase_rules(gray, max(int(RULE_MIN_INCHES * dpi), 8))
    cleaned.set_dpi(dpi, dpi)
    # pymupdf's Tesseract output reads nothing from a one-channel pixmap.
    return pymupdf.Pixmap(pymupdf.csRGB, cleaned)


def erase_rules(gray: Any, min_run: int) -> Any:
    """A copy of a grayscale pixmap with every straight dark run of `min_run` pixels or more
    (horizontal or vertical), and the pixel lines along it, painted white."""
    import pymupdf

    width, height = gray.width, gray.height
    # Runs are looked for in an ink map of the original (0 ink, 1 paper), so erasing one rule
    # never splits another; plain substring search keeps this fast on mostly white pages.
    ink = gray.samples.translate(_INK_MAP)
    samples = bytearray(gray.samples)
    for start, end in _runs(ink, width, min_run):
        length = end - start
        for first in (start - width, start, start + width):  # anti-aliased edges go too
            if 0 <= first and first + length <= len(samples):
                samples[first:first + length] = b"\xff" * length
    for column in range(width):
        for start, end in _runs(ink[column::width], height, min_run):
            length = end - start
            for x in (column - 1, column, column + 1):
                if 0 <= x < width:
                    first = start * width + x
                    samples[first:first + length * width:width] = b"\xff" * length
    return pymupdf.Pixmap(pymupdf.csGRAY, width, height, bytes(samples), False)


_INK_MAP = bytes(0 if level < INK_LEVEL else 1 for level in range(256))


def _runs(ink: bytes, row_length: int, min_run: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the runs of ink (zero bytes) at least `min_run` long in `ink`, read
    as rows of `row_length` (a run never continues from one row into the next)."""
    runs = []
    needle = bytes(min_run)
    start = ink.find(needle)
    while start != -1:
        row_end = (start // row_length + 1) * row_length
        end = ink.find(b"\x01", start, row_end)
        end = row_end if end == -1 else end
        if end - start >= min_run:
            runs.append((start, end))
        start = ink.find(needle, end)
    return runs
