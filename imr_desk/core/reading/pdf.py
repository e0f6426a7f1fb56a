"""PDF loading with pymupdf: text and line boxes from one ``get_text("dict")`` extraction.

Pages are joined with a newline; each extracted line ends with a newline. The pymupdf
`Document`, its pages and TextPages stay alive on the returned `Document` so that exact
character boxes can be read later from the very same extraction. Each page is weighed
(`limits.WorkMeter`) before MuPDF extracts it; pages without text go to the page reader
(OCR), except truly blank ones (no text, image or drawing). MuPDF's own messages about
damaged files are kept off standard output and logged with the file's name.
"""

from __future__ import annotations

import logging
from typing import Any

from imr_desk.core.model import LetterError, Source
from imr_desk.core.reading import limits
from imr_desk.core.reading.document import CancelCheck, Document, PageReader, ProgressCallback, TextLine, text_flags

# A page with fewer non-space characters than this has no usable text layer.
MIN_PAGE_CHARS = 20

mupdf_log = logging.getLogger("imr_desk.mupdf")


def quiet_pymupdf() -> Any:
    """The pymupdf module, with MuPDF's own error and warning messages kept off standard output
    (they are collected; `log_mupdf_messages` writes them to the log)."""
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    return pymupdf


def log_mupdf_messages(name: str) -> None:
    """Log, as about file `name`, what MuPDF has said since it was last asked."""
    import pymupdf

    said = pymupdf.TOOLS.mupdf_warnings(reset=True)
    for line in dict.fromkeys(said.splitlines()):  # MuPDF repeats itself page after page
        mupdf_log.warning("%s: MuPDF: %s", name, line)


def open_pdf(data: bytes, name: str) -> Any:
    """Open PDF bytes with pymupdf or raise the right `LetterError`."""
    pymupdf = quiet_pymupdf()

    tail = data[-2048:]
    if b"%%EOF" not in tail and b"%%EOF" not in data[-65536:]:
        raise LetterError(
            "unreadable",
            f"{name}: the PDF is truncated (its end is missing); ask for a complete copy.",
        )
    try:
        pdf = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # pymupdf raises several types for damaged files
        raise LetterError("unreadable", f"{name}: the PDF is damaged and cannot be opened ({exc}).") from None
    if pdf.needs_pass or pdf.is_encrypted:
        pdf.close()
        raise LetterError(
            "encrypted",
            f"{name}: the PDF is password-protected; open it in a PDF reader, remove the "
            "password (or print it to a new PDF) and import that copy.",
        )
    if pdf.page_count == 0:
        pdf.close()
        raise LetterError("unreadable", f"{name}: the PDF has no pages.")
    return pdf


def load_pdf(
    data: bytes,
    source: Source,
    *,
    page_reader: PageReader | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> Document:
    """Extract text and line boxes from PDF bytes; image-only pages go to `page_reader`."""
    pdf = open_pdf(data, source.file)
    try:
        return _extract(pdf, source, page_reader, progress, cancelled)
    except BaseException:
        pdf.close()
        raise
    finally:
        log_mupdf_messages(source.file)


def _extract(
    pdf: Any, source: Source, page_reader: PageReader | None,
    progress: ProgressCallback | None, cancelled: CancelCheck | None,
) -> Document:
    source.pages = pdf.page_count
    limits.check_page_count(pdf.page_count, source.file)
    meter = limits.WorkMeter(pdf, source.file)
    flags = text_flags()
    parts: list[str] = []
    lines: list[TextLine] = []
    offset = 0
    textpages: dict[int, Any] = {}
    pages = [pdf[index] for index in range(pdf.page_count)]
    try:
        page_dicts = []
        for page in pages:
            meter.check_page(page)
            textpage = page.get_textpage(flags=flags)
            textpages[page.number] = textpage
            page_dicts.append(page.get_text("dict", textpage=textpage, flags=flags))
        unread = [i for i, d in enumerate(page_dicts) if _page_char_count(d) < MIN_PAGE_CHARS and _has_marks(pages[i])]
        if unread and page_reader is not None:
            limits.check_ocr_pages(len(unread), source.file)
            replaced = page_reader.read_pages(pages, unread, source.file, progress=progress, cancelled=cancelled)
            for index, (textpage, page_dict) in replaced.items():
                textpages[index] = textpage
                page_dicts[index] = page_dict
            if replaced:
                source.ocr = True
    except LetterError:
        raise
    except Exception as exc:
        raise LetterError("unreadable", f"{source.file}: the PDF's text cannot be read ({exc}).") from None

    for page_index, page_dict in enumerate(page_dicts):
        for block in page_dict.get("blocks", []):
            for raw_line in block.get("lines", []):
                spans = []
                pieces = []
                line_start = offset
                for span in raw_line.get("spans", []):
                    span_text = span.get("text", "")
                    if not span_text:
                        continue
                    spans.append((offset, offset + len(span_text), tuple(span["bbox"])))
                    pieces.append(span_text)
                    offset += len(span_text)
                if not pieces:
                    continue
                lines.append(TextLine(line_start, offset, page_index, tuple(raw_line["bbox"]), spans))
                parts.extend(pieces)
                parts.append("\n")
                offset += 1
        parts.append("\n")
        offset += 1

    text = "".join(parts)
    limits.check_characters(len(text), source.file)
    if not text.strip():
        raise LetterError(
            "empty",
            f"{source.file}: the PDF has no text layer (it is a scan or fax). "
            + _ocr_advice(page_reader),
        )
    document = Document(
        source=source,
        text=text,
        lines=lines,
        page_sizes=[(page.rect.width, page.rect.height) for page in pages],
        pdf=pdf,
        textpages=textpages,
        pdf_pages=pages,
    )
    return document


def _page_char_count(page_dict: dict[str, Any]) -> int:
    count = 0
    for block in page_dict.get("blocks", []):
        for line in block.get("lines", []):
            for span in line.get("spans", []):
                count += len(span.get("text", "").strip())
    return count


def _has_marks(page: Any) -> bool:
    """True when a page without text shows something OCR could read: an image or a drawing
    (text drawn as curves is a drawing). A truly blank page is never sent to OCR."""
    return bool(page.get_image_info()) or bool(page.get_cdrawings())


def _ocr_advice(page_reader: PageReader | None) -> str:
    if page_reader is None:
        return "OCR is needed to read it, and OCR was turned off."
    return page_reader.unavailable_reason() or "OCR found no readable text on its pages either."
