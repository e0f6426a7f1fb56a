"""Long plain text laid out in linear time: broken into lines once, split between those lines.

ReportLab's Paragraph breaks its whole remaining text into lines again on every page it runs
onto, and a table row split across pages re-wraps its cells each time, so a note of a few
hundred thousand characters took minutes (issue 12 item 18). `LinedParagraph` breaks its text
into lines once per width (greedy, by measured width; a run without spaces wider than a line is
cut between letters, each letter measured once), and a page break splits it between those
lines: each piece keeps its lines, so every page costs only its own lines.

`styles.text_paragraph` uses it for plain text longer than `LONG_TEXT`; `bidi_text.BidiParagraph`
is the same paragraph with lines shown in right-to-left display order.
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

# Plain text longer than this (characters) is laid out by `LinedParagraph`.
LONG_TEXT = 1_500
LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
# Room left at each line's end so reportlab never breaks a line measured to fit.
WIDTH_MARGIN = 0.995


def break_words(words: list[str], font_name: str, font_size: float, width: float) -> list[str]:
    """Greedy line breaking by measured width; a word wider than a line is cut between letters.

    Linear in the text: each word is measured once, and the letters of a word cut into pieces
    once each (reportlab's widths add up: it applies no kerning).
    """
    def measure(piece: str) -> float:
        return pdfmetrics.stringWidth(piece, font_name, font_size)

    space = measure(" ")
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    for word in words:
        size = measure(word)
        if size > width:  # an unbroken run longer than a line: cut it into pieces that fit
            if line:
                lines.append(" ".join(line))
            piece: list[str] = []
            piece_width = 0.0
            for char in word:
                char_width = measure(char)
                if piece and piece_width + char_width > width:
                    lines.append("".join(piece))
                    piece, piece_width = [], 0.0
                piece.append(char)
                piece_width += char_width
            line, used = ["".join(piece)], piece_width
            continue
        if line and used + space + size > width:
            lines.append(" ".join(line))
            line, used = [], 0.0
        used += (space if line else 0.0) + size
        line.append(word)
    if line:
        lines.append(" ".join(line))
    return lines


def plain_lines(text: str, font_name: str, font_size: float, width: float) -> list[str]:
    """`text` broken into lines of at most `width` points, its own line breaks kept."""
    lines: list[str] = []
    for paragraph in LINE_BREAKS.split(text):
        lines += break_words(paragraph.split(), font_name, font_size, width * WIDTH_MARGIN) or [""]
    return lines


class LinedParagraph(Paragraph):
    """A Paragraph of one plain text (no markup), broken into lines once per width.

    `logical` is the text; `lines` the lines of a piece split off (already broken). The lines
    are given to reportlab (escaped, joined by line breaks) only when the piece is drawn.
    """

    def __init__(self, text: str | None, style: ParagraphStyle, *args: Any, logical: str | None = None,
                 lines: list[str] | None = None, **kwargs: Any) -> None:
        own = logical is not None or lines is not None
        super().__init__("" if own else text, style, *args, **kwargs)
        self._logical = logical
        self._lines = lines  # display lines, once known; laid out by reportlab only when they fit
        self._laid_out_for: float | None = None
        self._parsed = False

    def display_lines(self, text: str, width: float) -> list[str]:
        """The lines of `text` for `width` points, as the page shows them."""
        return plain_lines(text, self.style.fontName, self.style.fontSize, width)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._break_for(availWidth)
        if self._lines is None:
            return super().wrap(availWidth, availHeight)  # a piece reportlab split off
        # Its height is known from its lines: reportlab lays them out only when they are drawn
        # (a table wraps a cell again on every page, with all the room in the world).
        self.width, self.height = availWidth, len(self._lines) * self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        if self._lines is not None and not self._parsed:
            width, height = self.width, self.height
            Paragraph.__init__(self, lines_markup(self._lines), self.style)
            self._parsed = True
            super().wrap(width, height + self.style.leading)
            self.width, self.height = width, height
        super().draw()

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        # Like reportlab's Paragraph, split the lines of the last wrap (a table splitting a row
        # passes the cell's width without its padding, not the width it wrapped the cell to).
        if self._laid_out_for is None:
            self._break_for(availWidth)
        if self._lines is None:
            return super().split(availWidth, availHeight)
        fits = int((availHeight + 1e-6) // self.style.leading)
        if fits <= 0:
            return []
        if fits >= len(self._lines):
            return [self]
        return [type(self)(None, self.style, lines=self._lines[:fits]),
                type(self)(None, self.style, lines=self._lines[fits:])]

    def _break_for(self, width: float) -> None:
        """The display lines of the logical text for `width` points (once per width)."""
        if self._logical is None or self._laid_out_for == width:
            return
        style = self.style
        room = width - style.leftIndent - style.rightIndent - max(style.firstLineIndent, 0)
        self._lines = self.display_lines(self._logical, max(room, 1.0))
        self._laid_out_for = width
        self._parsed = False


def lines_markup(lines: list[str]) -> str:
    """Lines as Paragraph markup: each escaped, joined by line breaks."""
    return "<br/>".join(escape(line) for line in lines)
