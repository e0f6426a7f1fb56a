"""Make a "scanned" copy of a PDF: every page becomes a grayscale image with no text layer.

Used by the OCR tests and `benchmarks/bench_ocr.py` to turn born-digital letters into what a
fax or a scanner produces. Pure pymupdf and plain Python (no numpy): each page is rendered to a
grayscale pixmap (200 dpi by default), optionally turned by a small angle around its centre and
sprinkled with light salt-and-pepper noise, then placed full-page on a new PDF page of the same
size, so page geometry (and thus the place of every word) matches the original.
"""

from __future__ import annotations

import random
from typing import Any

SCAN_DPI = 200


def scanned_copy(
    pdf_bytes: bytes,
    *,
    dpi: int = SCAN_DPI,
    skew_degrees: float = 0.0,
    noise: float = 0.0,
    seed: int = 0,
) -> bytes:
    """Return the bytes of an image-only PDF made from `pdf_bytes`.

    `skew_degrees` turns each page image by that angle (clockwise on screen) (around the page
    centre, keeping the page size); `noise` is the share of pixels (e.g. 0.002) set to
    black or white at random, seeded by `seed` so copies are reproducible.
    """
    import pymupdf

    source = pymupdf.open(stream=pdf_bytes, filetype="pdf")
    scanned = pymupdf.open()
    rng = random.Random(seed)
    try:
        for page in source:
            pixmap = _page_image(page, dpi, skew_degrees)
            if noise > 0:
                pixmap = _speckled(pixmap, noise, rng)
            new_page = scanned.new_page(width=page.rect.width, height=page.rect.height)
            new_page.insert_image(new_page.rect, pixmap=pixmap)
        return scanned.tobytes(garbage=3, deflate=True)
    finally:
        scanned.close()
        source.close()


def _page_image(page: Any, dpi: int, degrees: float) -> Any:
    """The page rendered in grayscale at `dpi`, turned by `degrees` around its centre.

    The image keeps the unturned page's pixel size; corners the turn uncovers are white.
    """
    import pymupdf

    zoom = pymupdf.Matrix(dpi / 72, dpi / 72)
    straight = page.get_pixmap(matrix=zoom, colorspace=pymupdf.csGRAY, alpha=False)
    if not degrees:
        return straight
    matrix = zoom.prerotate(degrees)
    turned = page.get_pixmap(matrix=matrix, colorspace=pymupdf.csGRAY, alpha=False)
    centre = (page.rect.tl + page.rect.br) / 2 * matrix
    width, height = straight.width, straight.height
    x0, y0 = round(centre.x - width / 2), round(centre.y - height / 2)
    frame = pymupdf.IRect(x0, y0, x0 + width, y0 + height)
    image = pymupdf.Pixmap(pymupdf.csGRAY, frame, False)
    image.clear_with(255)
    image.copy(turned, frame)
    image.set_origin(0, 0)
    return image


def _speckled(pixmap: Any, share: float, rng: random.Random) -> Any:
    """A copy of a grayscale pixmap with `share` of its pixels set to black or white."""
    import pymupdf

    samples = bytearray(pixmap.samples)
    count = int(len(samples) * share)
    for _ in range(count):
        samples[rng.randrange(len(samples))] = rng.choice((0, 255))
    return pymupdf.Pixmap(pymupdf.csGRAY, pixmap.width, pixmap.height, bytes(samples), False)
