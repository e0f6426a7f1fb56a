"""Cleaning a scanned page image before Tesseract reads it (Pillow, no numpy).

`clean_page_image` takes the grayscale page image and returns the image Tesseract should
read plus the angle it was turned by. Each step was measured on scanned copies of the corpus
letters (docs/ocr.md, "Accuracy and speed"):

1. **despeckle** (`despeckle`): a group of at most `SPECK_MAX_PIXELS` touching pixels darker
   than `SPECK_LEVEL` that touches no other dark pixel is a speck (dust, fax noise) and
   becomes white with the faint pixels around it. At 300 dpi the smallest marks of the
   letters' type (a period, the dot of an i) are groups of 11 pixels or more, and a stroke's
   thin end belongs to its glyph's group, so no part of a letter is ever taken. This comes
   first: turning the image would blur specks into the letters next to them. The level is
   dark enough that a speck's faint edge does not join it to a letter close by;
2. **deskew** (`estimate_skew`): the skew is found from the row profile of a small ink map
   turned through ``±MAX_SKEW`` degrees (coarse steps, then fine ones around the best): level
   lines of text give one sharp peak per line, so the profile's variance is largest when the
   page is straight. The image is turned only when some angle beats the unturned page
   clearly; a straight page is left exactly as it was. On a page turned 1 degree Tesseract
   strings specks and neighbouring lines into scraps and loses header values;
3. **ruled lines erased** (`erase_rules`): any run of dark pixels longer than
   `RULE_MIN_INCHES`, across or down, becomes white. The first-page header is a ruled table;
   with its rules left in, Tesseract drops most of its labels and reads cell borders as
   ``|`` or ``1`` glued to the dates. A turned page's rules are no straight runs, so this
   comes after the deskew.

The gray levels are otherwise left as they are: binarizing (gray 160 and lighter made white,
the rest black) made Tesseract misread thin strokes (``1`` as ``|``, ``"`` as ``”``) and
cost more than it gained.

The caller (`ocr.ocr_textpage`) maps Tesseract's boxes back through the inverse of the turn,
so character boxes still lie on the words of the page image the window shows.
"""

from __future__ import annotations

from typing import Any

# A dark run at least this long is a ruled line (table border, underline), not a glyph:
# the tallest glyph of 14-point type is about 0.2 inch.
RULE_MIN_INCHES = 0.4
# Gray levels below this count as ink when looking for ruled lines and measuring skew.
INK_LEVEL = 128
# A speck: at most SPECK_MAX_PIXELS touching pixels darker than SPECK_LEVEL, alone.
SPECK_LEVEL = 160
SPECK_MAX_PIXELS = 8
# Deskew: angles searched (degrees), the resolution the skew is measured at, and how much
# more row-profile variance a turned page must have than the unturned one to be turned.
MAX_SKEW = 3.0
COARSE_STEP = 0.25
FINE_STEP = 0.05
SKEW_DPI = 100
SKEW_MIN_GAIN = 0.02


def clean_page_image(gray: Any, dpi: int) -> tuple[Any, float]:
    """``(image, degrees)``: the grayscale PIL image of a page at `dpi`, cleaned for
    Tesseract, and the angle (counter-clockwise on screen, as `PIL.Image.Image.rotate`
    takes it) it was turned by to straighten it (0.0: not turned)."""
    from PIL import Image

    gray = despeckle(gray)  # before the turn, which would blur specks into their neighbours
    degrees = estimate_skew(gray, dpi)
    if degrees:
        gray = gray.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return erase_rules(gray, max(int(RULE_MIN_INCHES * dpi), 8)), degrees


def despeckle(gray: Any) -> Any:
    """A copy of a grayscale PIL image with its specks made white: groups of at most
    `SPECK_MAX_PIXELS` touching pixels darker than `SPECK_LEVEL` that touch no other such
    pixel (the pixels around them, the speck's faint edge, go too)."""
    from PIL import Image, ImageChops, ImageFilter

    width, height = gray.size
    dark = gray.point([255 if level < SPECK_LEVEL else 0 for level in range(256)])
    # Quick sieve: only a dark pixel with at most SPECK_MAX_PIXELS dark pixels in the 5 x 5
    # square around it can belong to a speck; its group is then counted exactly.
    crowded = dark.filter(ImageFilter.BoxBlur(2)).point(
        [0 if level * 25 <= 255 * SPECK_MAX_PIXELS else 255 for level in range(256)]
    )
    candidates = ImageChops.subtract(dark, crowded).tobytes()
    is_dark = dark.tobytes()
    samples = bytearray(gray.tobytes())
    checked: set[int] = set()
    position = candidates.find(b"\xff")
    while position != -1:
        if position not in checked:
            group = _dark_group(is_dark, position, width, SPECK_MAX_PIXELS)
            checked.update(group)
            if len(group) <= SPECK_MAX_PIXELS:
                for pixel in group:
                    for middle in (pixel - width, pixel, pixel + width):
                        if 1 <= middle < len(samples) - 1:
                            samples[middle - 1 : middle + 2] = b"\xff\xff\xff"
        position = candidates.find(b"\xff", position + 1)
    return Image.frombytes("L", (width, height), bytes(samples))


def _dark_group(is_dark: bytes, start: int, width: int, limit: int) -> set[int]:
    """The dark pixels connected to `start` (8 neighbours), or more than `limit` of them."""
    group = {start}
    todo = [start]
    while todo and len(group) <= limit:
        pixel = todo.pop()
        column = pixel % width
        for step in (-width - 1, -width, -width + 1, -1, 1, width - 1, width, width + 1):
            neighbour = pixel + step
            if (
                0 <= neighbour < len(is_dark) and is_dark[neighbour] and neighbour not in group
                and abs(neighbour % width - column) <= 1
            ):
                group.add(neighbour)
                todo.append(neighbour)
    return group


def estimate_skew(gray: Any, dpi: int) -> float:
    """The angle (degrees, counter-clockwise on screen) that turns the page's lines of text
    level, or 0.0 when no angle within ``±MAX_SKEW`` is clearly better than none."""
    from PIL import Image

    small = gray.reduce(max(dpi // SKEW_DPI, 1)).point([255 if level < INK_LEVEL else 0 for level in range(256)])
    if small.getbbox() is None:  # a blank page
        return 0.0

    def profile_variance(degrees: float) -> float:
        turned = small.rotate(degrees, resample=Image.Resampling.NEAREST) if degrees else small
        rows = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()  # ink per row
        mean = sum(rows) / len(rows)
        return sum((row - mean) ** 2 for row in rows)

    def best_of(angles: list[float]) -> tuple[float, float]:
        return max((profile_variance(angle), angle) for angle in angles)

    coarse_steps = round(MAX_SKEW / COARSE_STEP)
    _, coarse = best_of([step * COARSE_STEP for step in range(-coarse_steps, coarse_steps + 1)])
    fine_steps = round(COARSE_STEP / FINE_STEP)
    variance, best = best_of([coarse + step * FINE_STEP for step in range(1 - fine_steps, fine_steps)])
    if not best or variance <= profile_variance(0.0) * (1 + SKEW_MIN_GAIN):
        return 0.0
    return round(best, 2)


def erase_rules(gray: Any, min_run: int) -> Any:
    """A copy of a grayscale PIL image with every straight dark run of `min_run` pixels or
    more (horizontal or vertical), and the pixel lines along it, painted white."""
    from PIL import Image

    width, height = gray.size
    # Runs are looked for in an ink map of the original (0 ink, 1 paper), so erasing one rule
    # never splits another; plain substring search keeps this fast on mostly white pages.
    ink = gray.tobytes().translate(_INK_MAP)
    samples = bytearray(gray.tobytes())
    for start, end in _runs(ink, width, min_run):
        length = end - start
        for first in (start - width, start, start + width):  # anti-aliased edges go too
            if first >= 0 and first + length <= len(samples):
                samples[first:first + length] = b"\xff" * length
    for column in range(width):
        for start, end in _runs(ink[column::width], height, min_run):
            length = end - start
            for x in (column - 1, column, column + 1):
                if 0 <= x < width:
                    first = start * width + x
                    samples[first:first + length * width:width] = b"\xff" * length
    return Image.frombytes("L", (width, height), bytes(samples))


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


_INK_MAP = bytes(0 if level < INK_LEVEL else 1 for level in range(256))
