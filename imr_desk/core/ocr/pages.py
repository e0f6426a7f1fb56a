"""Local OCR of image-only PDF pages with Tesseract.

`Tesseract` is the page reader the reading stage is given (`reading.document.PageReader`):
one OCR run's settings (resolution, language, where the language data is, which engine),
made when the run starts, so nothing about OCR is module-wide state. `ocr_pages` returns, for
each page it read, a TextPage and its ``dict`` extraction, so the loader builds text and
character boxes exactly as for born-digital pages (the TextPage is attached to the original
page, so ``rawdict`` character boxes work on it too).

How a page is read (the steps of pymupdf's ``Page.get_textpage_ocr(full=True)``, plus the
clean-up that matters for scanned and faxed letters):

1. the page is rendered in grayscale at `OCR_DPI`;
2. the image is cleaned (`ocr_image.clean_page_image`): specks removed, turned level when
   the scan is skewed, ruled lines erased;
3. Tesseract (language `OCR_LANGUAGE`) reads the image into a one-page PDF with a text layer
   (`ocr_engines.text_layer_pdf`: the `tesseract` command when installed, else the engine
   built into pymupdf);
4. the word breaks Tesseract found are written into that layer as space characters
   (`ocr_layer.with_word_spaces`): it places each word on its own, and pymupdf's extraction
   would otherwise join words whose gap is narrow (``oncea day``, ``Fora flare``), also where
   Tesseract gives a word its own baseline or font size (``considereda``, ``wasalack``), or
   break a line at a wide gap;
5. that layer is extracted with a matrix that turns it back by the angle of step 2 and maps
   it onto the original page, so every character box lies on its word in the page image as
   scanned (and as the window shows it).

Tesseract's language data is needed (Debian/Ubuntu package ``tesseract-ocr-eng``); the
``tesseract-ocr`` command makes OCR 1.6 times as fast. `tessdata_dir` finds the data, which
is then passed to every engine call, so pymupdf never shells out to look for it.
"""

from __future__ import annotations

import glob
import os
import weakref
from dataclasses import dataclass, field
from typing import Any

from imr_desk.core.model import LetterError
from imr_desk.core.ocr.engines import Engines, OCRInterrupted
from imr_desk.core.ocr.image import clean_page_image
from imr_desk.core.ocr.layer import with_word_spaces
from imr_desk.core.reading import limits
from imr_desk.core.reading.document import CancelCheck, ProgressCallback, ReadPages, text_flags

OCR_DPI = 300
OCR_LANGUAGE = "eng"
MAX_OCR_PIXELS = 40_000_000  # a letter page at 300 dpi is 8.4 million; an A3 page 17 million
MIN_OCR_DPI = 150  # below this Tesseract misreads typed letters

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


@dataclass
class Tesseract:
    """One OCR run: its resolution, language, language-data folder and engine.

    Make one per run (a batch import, one `imr-desk parse`): the engine's memory of a
    failed `tesseract` command lasts as long as the object. `tessdata` None: not installed.
    """

    dpi: int = OCR_DPI
    language: str = OCR_LANGUAGE
    tessdata: str | None = field(default_factory=lambda: tessdata_dir())
    engines: Engines = field(default_factory=Engines)

    def unavailable_reason(self) -> str | None:
        """`missing_ocr_advice()` when the language data is missing, else None."""
        return missing_ocr_advice() if self.tessdata is None else None

    def read_pages(
        self,
        pages: list[Any],
        page_indexes: list[int],
        file_name: str,
        *,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> ReadPages:
        """`ocr_pages` with these settings."""
        return ocr_pages(pages, page_indexes, file_name, self, progress=progress, cancelled=cancelled)


def ocr_pages(
    pages: list[Any],
    page_indexes: list[int],
    file_name: str,
    settings: Tesseract,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ReadPages:
    """OCR the given pages; return ``{page_index: (textpage, page_dict)}``.

    `progress(done, total, message)` is called before each page and once at the end;
    `cancelled()` is checked before each page. Returns an empty dict when OCR is not
    available (the caller reports `empty` with `missing_ocr_advice`). Raises `OCRCancelled`
    when `cancelled()` turns true.
    """
    if settings.tessdata is None:
        return {}
    flags = text_flags()
    result: ReadPages = {}
    total = len(page_indexes)
    for done, index in enumerate(page_indexes):
        if cancelled is not None and cancelled():
            raise OCRCancelled(file_name)
        if progress is not None:
            progress(done, total, f"OCR of page {index + 1} of {len(pages)}")
        page = pages[index]
        dpi = ocr_resolution(page, settings.dpi, file_name)
        try:
            textpage = ocr_textpage(page, settings, flags, cancelled=cancelled, dpi=dpi)
        except OCRInterrupted:
            raise OCRCancelled(file_name) from None
        result[index] = (textpage, page.get_text("dict", textpage=textpage, flags=flags))
    if progress is not None:
        progress(total, total, "OCR finished")
    return result


def ocr_resolution(page: Any, dpi: int, file_name: str) -> int:
    """The resolution to read `page` at: `dpi`, or less for a page so large that its image
    would pass `MAX_OCR_PIXELS` (not below `MIN_OCR_DPI`: such a page is refused)."""
    width, height = page.rect.width / 72, page.rect.height / 72  # inches
    fitting = int((MAX_OCR_PIXELS / max(width * height, 1e-6)) ** 0.5)
    if fitting >= dpi:
        return dpi
    if fitting >= MIN_OCR_DPI:
        return fitting
    raise limits.too_large(
        file_name, f"page {page.number + 1} is {width:,.0f} x {height:,.0f} inches, too large an image to read by OCR"
    )


def ocr_textpage(
    page: Any, settings: Tesseract, flags: int, cancelled: CancelCheck | None = None, dpi: int | None = None
) -> Any:
    """A TextPage of `page` read by Tesseract at `dpi` (default `settings.dpi`), in the page's
    own coordinates (a page straightened for Tesseract is turned back: boxes lie on the words
    of the page as it is shown). Raises `OCRInterrupted` when `cancelled()` turns true while
    Tesseract reads the page."""
    import pymupdf

    if settings.tessdata is None:
        raise ValueError("a page is read only where Tesseract's language data is installed")
    dpi = dpi or settings.dpi
    image, degrees = page_image(page, dpi)
    layer = settings.engines.text_layer_pdf(image, dpi, settings.language, settings.tessdata, cancelled)
    with pymupdf.open(stream=layer, filetype="pdf") as ocr_pdf:
        for xref in ocr_pdf[0].get_contents():
            ocr_pdf.update_stream(xref, with_word_spaces(ocr_pdf.xref_stream(xref)))
        ocr_page = ocr_pdf[0]
        unzoom = page.rect.width / ocr_page.rect.width
        matrix = _unturn(ocr_page.rect, degrees) * pymupdf.Matrix(unzoom, unzoom) * page.derotation_matrix
        textpage = ocr_page.get_textpage(flags=flags, matrix=matrix)
    textpage.parent = weakref.proxy(page)
    return textpage


def page_image(page: Any, dpi: int) -> tuple[Any, float]:
    """``(pixmap, degrees)``: the page as a grayscale pixmap (resolution `dpi`) cleaned for
    Tesseract (`ocr_image.clean_page_image`), and the angle it was turned by to straighten it."""
    import pymupdf
    from PIL import Image

    gray = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    cleaned, degrees = clean_page_image(Image.frombytes("L", (gray.width, gray.height), gray.samples), dpi)
    pixmap = pymupdf.Pixmap(pymupdf.csGRAY, gray.width, gray.height, cleaned.tobytes(), False)
    pixmap.set_dpi(dpi, dpi)
    return pixmap, degrees


def _unturn(rect: Any, degrees: float) -> Any:
    """The matrix that maps a point of the straightened image (`rect`, turned `degrees`
    counter-clockwise around its centre) back to where it lies in the image as scanned."""
    import pymupdf

    centre = (rect.tl + rect.br) / 2
    if not degrees:
        return pymupdf.Matrix(1, 1)
    to_centre = pymupdf.Matrix(1, 0, 0, 1, -centre.x, -centre.y)
    back = pymupdf.Matrix(1, 0, 0, 1, centre.x, centre.y)
    return to_centre * pymupdf.Matrix(degrees) * back
