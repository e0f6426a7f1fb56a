"""Word breaks in Tesseract's text-layer PDFs, written so pymupdf extracts them as spaces.

Both OCR engines (`ocr_engines`) draw every word on its own in an invisible font whose glyphs
are all half an em wide, squeezed or stretched with ``Tz`` to fit the word's box, and reach
the next word with ``dx dy Td`` (measured from the start of the word before). pymupdf's text
extraction has no idea of these words: left alone it joins words whose gap is narrow
(``oncea day``, ``Fora flare``) and starts a new line at a wide gap after a short word. So
before extraction every word that is followed by a word on its line is made to end in a
space character (CID 0020), and the last word of a line ends without one.

* The engine built into pymupdf writes ``<hex>Tj`` with no spaces; a space is appended (a
  narrow one: it takes the word's own scaling).
* The `tesseract` command writes ``<tz> Tz [ <hex 0020> ] TJ``: every word already ends in a
  space, squeezed with the word into the word's box, so the gap to the next word is empty
  and pymupdf breaks lines at wide gaps. Each word is redrawn as its letters spanning the
  word's box and a space of its own scaling spanning the gap up to the next word, so the
  letters' boxes lie on the ink and the line reads on without a break. A gap wider than
  `COLUMN_GAP` parts columns (the header's table): it gets no space and pymupdf breaks the
  line there, as it does for born-digital letters.
"""

from __future__ import annotations

import re

SAME_LINE_MAX_RISE = 3.0  # points: a move up or down by less stays on the line (a third of 10-pt type)
GLYPH_WIDTH = 0.5  # ems: every glyph of Tesseract's GlyphLessFont (``/DW 500``)
SPACE = b"0020"
COLUMN_GAP = 1.5  # font sizes: a wider gap on a line parts columns (the header's table), not words

# Built-in engine: a word ``<hex>Tj`` and the ``dx dy Td`` placing the next word, when that
# comes before any other word (after an optional font size and scaling).
_BUILTIN_WORD = re.compile(rb">Tj(?=\s+(?:[^<]*?\s)?(-?[\d.]+) (-?[\d.]+) Td)")
# Command: a font size, or a word ``<tz> Tz [ <hex> ] TJ`` and the ``dx dy Td`` right after it.
_COMMAND_WORD = re.compile(
    rb"(?P<size>-?[\d.]+) Tf|(?P<tz>-?[\d.]+) Tz \[ <(?P<cids>(?:[0-9A-Fa-f]{4})*)> \] TJ"
    rb"(?:(?P<gap>\s+)(?P<dx>-?[\d.]+) (?P<dy>-?[\d.]+) Td)?"
)


def with_word_spaces(content: bytes) -> bytes:
    """A text layer's `content` stream (either engine's) with a space at the end of every
    word that is followed by a word on the same line, and none after the last word of a line."""
    if b"] TJ" in content:
        return _command_spaces(content)
    return _builtin_spaces(content)


def _same_line(dx: float, dy: float) -> bool:
    return dx > 0 and abs(dy) < SAME_LINE_MAX_RISE


def _builtin_spaces(content: bytes) -> bytes:
    def word_end(match: re.Match[bytes]) -> bytes:
        return b"0020>Tj" if _same_line(float(match[1]), float(match[2])) else b">Tj"

    return _BUILTIN_WORD.sub(word_end, content)


def _command_spaces(content: bytes) -> bytes:
    font_size = 0.0

    def redraw(match: re.Match[bytes]) -> bytes:
        nonlocal font_size
        if match["size"] is not None:
            font_size = float(match["size"])
            return match[0]
        cids = match["cids"]
        glyphs = len(cids) // 4
        ends_in_space = cids.upper().endswith(SPACE) and glyphs > 1
        letters = cids[:-4] if ends_in_space else cids
        if font_size <= 0 or not letters:
            return match[0]
        glyph = GLYPH_WIDTH * font_size / 100  # width of one glyph at 1 % scaling
        word_width = float(match["tz"]) * glyph * glyphs  # the box Tesseract fitted the word to
        drawn = b"%.3f Tz [ <%s> ] TJ" % (word_width / (glyph * (len(letters) // 4)), letters)
        move = b""
        if match["dx"] is not None:
            dx, dy = float(match["dx"]), float(match["dy"])
            move = match["gap"] + match["dx"] + b" " + match["dy"] + b" Td"
            if _same_line(dx, dy) and dx - word_width < COLUMN_GAP * font_size:
                space_scaling = max((dx - word_width) / glyph, 1.0)  # words that touch: a 1 % space
                drawn += b" %.3f Tz [ <%s> ] TJ" % (space_scaling, SPACE)
        return drawn + move

    return _COMMAND_WORD.sub(redraw, content)
