"""Limits on the work one PDF may ask for, checked before MuPDF does that work.

A small PDF can ask for an enormous amount of work: a page that draws a form XObject which
draws another ten times, seven levels deep, makes MuPDF extract ten million text runs from
a 2 KB file (a 100 KB one took 2.3 GB of memory). Real IMR letters are 2-10 pages with at
most a few hundred text runs and 20 KB of page content per page, and 30,000 characters in
all; the limits below are fifty to a hundred times that, so no letter meets them. Extracting
a page costs about 160 bytes of memory per byte of dense text content (a page of 10,000
text runs: 0.55 MB of content, 88 MB of memory), so the letter's limit keeps any file well
under a gigabyte.

`WorkMeter.check_page` weighs a page before its text is extracted: the bytes of content
MuPDF would interpret, each form counted as often as it is drawn (found from the content
streams, decompressed with a cap, never in full). Everything over a limit is a
`LetterError` with code ``too_large`` saying which limit and the file's figure.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

from imr_desk.core.model import LetterError

MAX_PAGES = 500  # pages in one letter
MAX_PAGE_WORK = 3 * 1024 * 1024 // 2  # bytes of page content to interpret, forms counted as drawn
MAX_LETTER_WORK = 4 * 1024 * 1024  # the same over the whole letter
MAX_LETTER_CHARS = 2_000_000  # characters of extracted text
MAX_OCR_PAGES = 60  # pages without a text layer read by OCR in one letter
MAX_FORM_DEPTH = 12  # forms drawing forms

_DRAWN_XOBJECT = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")
_REFERENCE = re.compile(r"/([^\s/\[\]()<>{}%]+)\s+(\d+)\s+\d+\s+R")


def too_large(name: str, what: str) -> LetterError:
    """The `too_large` error for file `name`; `what` says which figure passed which limit."""
    return LetterError("too_large", f"{name}: {what}, more than any letter; it was not read.")


def check_page_count(pages: int, name: str) -> None:
    if pages > MAX_PAGES:
        raise too_large(name, f"the PDF has {pages:,} pages (imr-desk reads at most {MAX_PAGES:,})")


def check_ocr_pages(pages: int, name: str) -> None:
    if pages > MAX_OCR_PAGES:
        raise too_large(
            name, f"the PDF has {pages:,} pages without text to read by OCR (at most {MAX_OCR_PAGES:,} a letter)"
        )


def check_characters(characters: int, name: str) -> None:
    if characters > MAX_LETTER_CHARS:
        raise too_large(name, f"its text has {characters:,} characters (at most {MAX_LETTER_CHARS:,})")


class WorkMeter:
    """Weighs the pages of one open pymupdf document, and keeps the letter's running total."""

    def __init__(self, pdf: Any, name: str) -> None:
        self.pdf = pdf
        self.name = name
        self.total = 0
        self._form_work: dict[int, int] = {}  # xref -> work of drawing the form once
        self._weighing: set[int] = set()  # forms being weighed (a form that draws itself)

    def check_page(self, page: Any) -> None:
        """Raise `too_large` when `page`, or the letter so far with it, asks too much work."""
        where = f"page {page.number + 1}"
        contents = [self._stream(xref, where) for xref in page.get_contents()]
        work = sum(len(content) for content in contents)
        drawn = self._drawn_counts(b"".join(contents))
        # the page's own XObjects (invoker 0); those of its forms are read from each form
        page_xobjects = self.pdf.get_page_xobjects(page.number)
        xobjects = {name: xref for xref, name, invoker, _bbox in page_xobjects if invoker == 0}
        work += self._forms_work(drawn, xobjects, where, depth=1)
        if work > MAX_PAGE_WORK:
            raise too_large(self.name, f"{where} asks MuPDF to interpret {work:,} bytes of content")
        self.total += work
        if self.total > MAX_LETTER_WORK:
            raise too_large(self.name, f"its pages ask MuPDF to interpret over {MAX_LETTER_WORK:,} bytes of content")

    def _forms_work(self, drawn: dict[str, int], xobjects: dict[str, int], where: str, depth: int) -> int:
        work = 0
        for name, times in drawn.items():
            xref = xobjects.get(name)
            if xref is not None:
                work += times * self._form(xref, where, depth)
                if work > MAX_PAGE_WORK:
                    raise too_large(self.name, f"{where} draws its forms over {MAX_PAGE_WORK:,} bytes' worth")
        return work

    def _form(self, xref: int, where: str, depth: int) -> int:
        """The work of drawing XObject `xref` once (0 for an image)."""
        if xref in self._form_work:
            return self._form_work[xref]
        if self.pdf.xref_get_key(xref, "Subtype")[1] != "/Form":
            return 0
        if depth > MAX_FORM_DEPTH or xref in self._weighing:
            raise too_large(self.name, f"{where} nests forms over {MAX_FORM_DEPTH} deep")
        self._weighing.add(xref)
        content = self._stream(xref, where)
        kind, value = self.pdf.xref_get_key(xref, "Resources/XObject")
        inner = {name: int(number) for name, number in _REFERENCE.findall(value)} if kind == "dict" else {}
        work = len(content) + self._forms_work(self._drawn_counts(content), inner, where, depth + 1)
        self._weighing.discard(xref)
        self._form_work[xref] = work
        return work

    @staticmethod
    def _drawn_counts(content: bytes) -> dict[str, int]:
        counts: dict[str, int] = {}
        for raw_name in _DRAWN_XOBJECT.findall(content):
            name = raw_name.decode("latin-1")
            counts[name] = counts.get(name, 0) + 1
        return counts

    def _stream(self, xref: int, where: str) -> bytes:
        """The decoded stream of `xref`, refused when it would pass `MAX_PAGE_WORK`."""
        kind, filters = self.pdf.xref_get_key(xref, "Filter")
        if kind == "null":
            data = self.pdf.xref_stream_raw(xref) or b""
        elif filters.strip("[] ") == "/FlateDecode":  # the usual one: inflated with a cap
            inflater = zlib.decompressobj()
            try:
                data = inflater.decompress(self.pdf.xref_stream_raw(xref) or b"", MAX_PAGE_WORK + 1)
            except zlib.error:
                data = b""  # MuPDF reports the damage when it reads the page
        else:
            data = self.pdf.xref_stream(xref) or b""
        if len(data) > MAX_PAGE_WORK:
            raise too_large(self.name, f"{where} holds over {MAX_PAGE_WORK:,} bytes of content")
        return data
