"""Right-to-left text in reports: Hebrew and Arabic printed in their reading order, Arabic joined.

ReportLab draws every string left to right, one glyph per character, so a Hebrew or Arabic note
came out reversed and (Arabic) unjoined. Text holding right-to-left script is therefore turned
into what the page must show before it reaches a Paragraph:

1. Arabic letters take their joined forms (``arabic_reshaper``: initial, medial, final,
   isolated, the mandatory lam-alef ligatures; vowel marks kept) — glyphs the bundled DejaVu
   Sans has;
2. the text is broken into lines in its logical order (`BidiParagraph`, measured in the
   report font), and each line is put into display order by the Unicode bidirectional
   algorithm (``python-bidi``), so a long right-to-left note wraps from its first words on;
3. a paragraph whose first strong letter is right-to-left is right-aligned.

Text readers (pymupdf, pdftotext) read such a line back in its logical order; Arabic comes back
in its presentation forms, which NFKC normalisation turns into the letters typed.

Scripts written right to left that need shaping these libraries do not do (Syriac, Thaana,
N'Ko, Samaritan, Mandaic), or any right-to-left text when the two packages are missing, print
as stored followed by the notice `RTL_NOT_SUPPORTED`. Text without right-to-left characters
(nearly all) goes through unchanged and imports nothing.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from imr_desk.core.reports.lined_text import WIDTH_MARGIN, LinedParagraph, break_words

RTL_NOT_SUPPORTED = "right-to-left script not supported here: printed in stored order"
# Right-to-left characters: Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic, their
# presentation forms, and the explicit right-to-left marks and embeddings.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u202b\u202e\u2067]")
# What python-bidi and arabic_reshaper print right: Hebrew and Arabic (with Persian and Urdu
# letters) and their presentation forms. Any other character of `_RTL` is a script they do not.
_UNSUPPORTED_RTL = re.compile("[\u0700-\u089f]")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
_STRONG = re.compile("[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]|" + _RTL.pattern)


def has_rtl(text: str) -> bool:
    """True when `text` holds a right-to-left character."""
    return _RTL.search(text) is not None


# The reshaper's settings: the text as typed (vowel marks kept), and of its ligatures only the
# mandatory lam-alef ones (word ligatures such as ALLAH are not in DejaVu Sans).
RESHAPER_SETTINGS = {"delete_harakat": False, "support_ligatures": True, "ARABIC LIGATURE ALLAH": False}


@cache
def _libraries() -> tuple[Any, Any] | None:
    """(get_display, reshaper), or None when python-bidi or arabic_reshaper is not installed."""
    try:
        import arabic_reshaper
        from bidi import get_display
    except ImportError:
        return None
    return get_display, arabic_reshaper.ArabicReshaper(configuration=RESHAPER_SETTINGS)


def supported(text: str) -> bool:
    """True when the right-to-left text in `text` (if any) can be printed in its right order."""
    return not has_rtl(text) or (_UNSUPPORTED_RTL.search(text) is None and _libraries() is not None)


def is_rtl_paragraph(text: str) -> bool:
    """True when the first strong letter of `text` is right-to-left (rules P2, P3 of UAX #9)."""
    first = _STRONG.search(text)
    return first is not None and _RTL.match(first.group()) is not None


def display_line(line: str, *, rtl_base: bool | None = None) -> str:
    """One line of text (no line breaks) as the page shows it: Arabic joined, display order.

    `rtl_base` is the paragraph's direction (default: from the line's first strong letter).
    Text it cannot print right is returned as it is (see `supported`).
    """
    if not has_rtl(line) or not supported(line):
        return line
    get_display, reshaper = _libraries()  # type: ignore[misc]  # supported() checked them
    base = is_rtl_paragraph(line) if rtl_base is None else rtl_base
    return str(get_display(reshaper.reshape(line), base_dir="R" if base else "L"))


def display_text(text: str) -> str:
    """`display_line` for each line of `text`, line breaks kept, and the not-supported notice
    at the end where the text holds right-to-left script this report cannot print right.

    For text in one line (table cells, headings); a long text that wraps uses `BidiParagraph`.
    """
    if not has_rtl(text):
        return text
    if not supported(text):
        return f"{text} [{RTL_NOT_SUPPORTED}]"
    return "\n".join(display_line(line) for line in _LINE_BREAKS.split(text))


def wrapped_display_lines(text: str, font_name: str, font_size: float, width: float) -> list[str]:
    """`text` broken into lines of at most `width` points in its logical order, each line in
    display order (a paragraph's lines keep the direction of its first strong letter)."""
    get_display, reshaper = _libraries()  # type: ignore[misc]
    rtl_base = is_rtl_paragraph(text)
    lines: list[str] = []
    for paragraph in _LINE_BREAKS.split(text):
        shaped = reshaper.reshape(paragraph)
        for line in break_words(shaped.split(), font_name, font_size, width * WIDTH_MARGIN) or [""]:
            lines.append(str(get_display(line, base_dir="R" if rtl_base else "L")))
    return lines


class BidiParagraph(LinedParagraph):
    """A `LinedParagraph` of one plain text (a note, a summary) that holds right-to-left script.

    It breaks the logical text into lines for the width it is given and shows each line in
    display order (see the module docstring). A page break splits it between those lines
    (each piece keeps its lines, so a long note costs one layout, not one per page).
    `styles.text_paragraph` picks this class only where needed.
    """

    def display_lines(self, text: str, width: float) -> list[str]:
        return wrapped_display_lines(text, self.style.fontName, self.style.fontSize, width)


def rtl_aligned(style: ParagraphStyle, text: str) -> ParagraphStyle:
    """`style`, right-aligned when `text` is a right-to-left paragraph."""
    if not is_rtl_paragraph(text):
        return style
    return ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
