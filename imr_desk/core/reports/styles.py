"""Look and text helpers shared by the PDF reports: fonts, colours, paragraph styles, dates.

The bundled DejaVu Sans TTFs are registered once per process (`register_fonts`, cached), so
any character a paralegal types prints; glyphs the font lacks (most emoji) print as a box.
Hebrew and Arabic print in their reading order, Arabic joined (`bidi_text`).
Every piece of letter or user text goes through `markup()` before it reaches a reportlab
Paragraph, so `<b>&` in a note prints literally. Dates print in one US style everywhere:
``Dec 9, 2016`` and ``Dec 9, 2016, 3:05 PM UTC``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from imr_desk.core.fields import OUTCOME_NOT_FOUND, OUTCOMES, outcome_word
from imr_desk.core.fields import counted as counted  # kept importable here: one wording everywhere
from imr_desk.core.reports.bidi_text import BidiParagraph, display_text, has_rtl, rtl_aligned, supported
from imr_desk.core.reports.lined_text import LONG_TEXT, LinedParagraph
from imr_desk.resources import RESOURCES_DIR

FONT_DIR = RESOURCES_DIR / "fonts"
FONT_REGULAR = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

INK = colors.HexColor("#1F2328")
MUTED = colors.HexColor("#5B636E")
RULE = colors.HexColor("#C9CED6")
HEADER_FILL = colors.HexColor("#E8EDF3")
ZEBRA_FILL = colors.HexColor("#F6F8FA")
ACCENT = colors.HexColor("#1F4E79")
CONFIDENTIAL = colors.HexColor("#9A1B1B")
UPHELD = colors.HexColor("#B3261E")  # the denial stands
OVERTURNED = colors.HexColor("#1B7F3B")  # found medically necessary

OUTCOME_COLOURS = {"upheld": UPHELD, "overturned": OVERTURNED}
CONFIDENTIAL_NOTICE = "Confidential \u2014 contains medical information"
MISSING = "\u2014"  # printed where a value is absent
CORRECTED_MARK = "\u2020"  # dagger after a value a reviewer corrected
# A table row taller than what is left of a page is split inside the row (never LayoutError)
# when at least this many points of it fit.
SPLIT_IN_ROW = 36
TALL_ROW = 6 * inch  # a row this tall may be split wherever it must (`_RowSplittingTable`)

# C0 controls other than tab and line breaks (and DEL) break reportlab's XML parser.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029")


class FontsMissingError(RuntimeError):
    """The bundled report fonts are not where the package put them."""


@cache
def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold) with reportlab, once per process."""
    for name, file_name in ((FONT_REGULAR, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        path = FONT_DIR / file_name
        if not path.is_file():
            raise FontsMissingError(f"The report font {path} is missing; reinstall imr-desk.")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        FONT_REGULAR, normal=FONT_REGULAR, bold=FONT_BOLD, italic=FONT_REGULAR, boldItalic=FONT_BOLD
    )


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of every report, by role."""
    register_fonts()
    base = ParagraphStyle(
        "body", fontName=FONT_REGULAR, fontSize=9.5, leading=13, textColor=INK, spaceAfter=4
    )

    def derive(name: str, **changes: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    return {
        "body": base,
        "kicker": derive("kicker", fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=2),
        "title": derive("title", fontName=FONT_BOLD, fontSize=20, leading=24, spaceAfter=4),
        "result": derive("result", fontSize=12, leading=16, spaceAfter=10),
        "h2": derive(
            "h2", fontName=FONT_BOLD, fontSize=12.5, leading=16, textColor=ACCENT,
            spaceBefore=14, spaceAfter=6,
        ),
        "h3": derive(
            "h3", fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceBefore=10, spaceAfter=3,
            keepWithNext=1,
        ),
        "label": derive("label", fontSize=8, leading=10.5, textColor=MUTED, spaceAfter=0),
        "meta": derive("meta", fontSize=8.5, leading=11.5, textColor=MUTED, spaceAfter=3),
        "quote": derive(
            "quote", fontSize=8.5, leading=11.5, textColor=MUTED, leftIndent=10, spaceAfter=3
        ),
        "cell": derive("cell", fontSize=8.5, leading=11, spaceAfter=0),
        "cell_bold": derive("cell_bold", fontName=FONT_BOLD, fontSize=8.5, leading=11, spaceAfter=0),
        "cell_small": derive("cell_small", fontSize=7.5, leading=9.5, textColor=MUTED, spaceAfter=0),
        "cell_head": derive(
            "cell_head", fontName=FONT_BOLD, fontSize=8, leading=10, textColor=ACCENT, spaceAfter=0
        ),
        "cell_head_number": derive(
            "cell_head_number", fontName=FONT_BOLD, fontSize=8, leading=10, textColor=ACCENT,
            alignment=TA_RIGHT, spaceAfter=0,
        ),
        "cell_number": derive("cell_number", fontSize=8.5, leading=11, alignment=TA_RIGHT, spaceAfter=0),
        "stat_value": derive("stat_value", fontName=FONT_BOLD, fontSize=15, leading=18, spaceAfter=0),
    }


def markup(text: object) -> str:
    """User or letter text as safe Paragraph markup: escaped, line breaks kept, right-to-left
    script (Hebrew, Arabic) in display order line by line (`bidi_text.display_text`)."""
    if text is None:
        return MISSING
    cleaned = _CONTROL_CHARS.sub("", str(text))
    return _LINE_BREAKS.sub("<br/>", escape(display_text(cleaned)))


def text_paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """The Paragraph of one plain user or letter text (a note, a rationale, a value): `markup(text)`;
    one that holds Hebrew or Arabic is broken into lines in its reading order and each line
    shown in display order (`bidi_text.BidiParagraph`), right-aligned if it is written so; one
    longer than `LONG_TEXT` characters is broken into lines once (`lined_text.LinedParagraph`),
    so its layout takes time in proportion to its length however many pages it fills."""
    rtl = has_rtl(text) and supported(text)
    if not rtl and not is_long(text):
        return Paragraph(markup(text), style)
    cleaned = _CONTROL_CHARS.sub("", text)
    if rtl:
        return BidiParagraph("", rtl_aligned(style, cleaned), logical=cleaned)
    return LinedParagraph("", style, logical=display_text(cleaned))


def is_long(text: object) -> bool:
    """True for text of more than `LONG_TEXT` characters (laid out by `text_paragraph` alone,
    never inside markup of its own)."""
    return text is not None and len(str(text)) > LONG_TEXT


def bold(text: str) -> str:
    return f"<b>{text}</b>"


def coloured(text: str, colour: colors.Color) -> str:
    return f'<font color="#{colour.hexval()[2:]}">{text}</font>'


def outcome_markup(outcome: str | None) -> str:
    """The outcome word, bold and in its colour (red upheld, green overturned); for an outcome
    not found (None), ``outcome not found`` in bold ink (never an outcome word)."""
    if outcome not in OUTCOMES:
        return bold(OUTCOME_NOT_FOUND)
    return coloured(bold(markup(outcome_word(outcome))), OUTCOME_COLOURS[outcome])


def disputed_markup(decisions: int, upheld: int, overturned: int) -> str:
    """``3 disputed: 2 upheld, 1 overturned``, each count bold and in its outcome's colour.

    Decisions counted neither upheld nor overturned have no known outcome: they are added as
    ``, 1 outcome not found`` (so the counts always add up to the decisions)."""
    upheld_text, overturned_text = (f"{count} {outcome_word(outcome).lower()}" for count, outcome in
                                    ((upheld, "upheld"), (overturned, "overturned")))
    line = (f"{bold(str(decisions))} disputed: "
            f"{coloured(bold(upheld_text), OUTCOME_COLOURS['upheld'])}, "
            f"{coloured(bold(overturned_text), OUTCOME_COLOURS['overturned'])}")
    unknown = decisions - upheld - overturned
    if unknown > 0:
        line += f", {bold(f'{unknown} {OUTCOME_NOT_FOUND}')}"
    return line


def us_date(value: str | date | None) -> str:
    """An ISO date as ``Dec 9, 2016``; text that is not a date is returned as it is."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            return str(value)
    return f"{day:%b} {day.day}, {day.year}"


def us_datetime(value: str | datetime | None) -> str:
    """A timestamp in local time as ``Dec 9, 2016, 3:05 PM PST``; bad text is returned as is."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            return str(value)
    local = moment.astimezone()
    hour = local.hour % 12 or 12
    return (
        f"{us_date(local.date())}, {hour}:{local.minute:02d} "
        f"{'AM' if local.hour < 12 else 'PM'} {local.tzname() or ''}".rstrip()
    )


def data_table(rows: list[list[object]], col_widths: Sequence[float], *, header_rows: int = 1,
               zebra: bool = True, extra_style: Sequence[tuple] = ()) -> Table:
    """A report table: tinted header row repeated on every page, rules, optional zebra rows.

    Cells should be Paragraphs so long text wraps and a tall row can split across pages.
    """
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header_rows:
        commands += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, ACCENT),
        ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, ZEBRA_FILL]))
    return _RowSplittingTable(rows, colWidths=list(col_widths), repeatRows=header_rows,
                              splitInRow=SPLIT_IN_ROW, style=TableStyle(commands + list(extra_style)),
                              hAlign="LEFT")


class _RowSplittingTable(Table):
    """A Table that splits a row nearly a page tall even when less than `SPLIT_IN_ROW` points
    of it would go over to the next page: reportlab refuses that split, and the row is as
    tall on every page, so it raised LayoutError on a fresh page (a long value in a cell)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        pieces: list[Flowable] = super().split(availWidth, availHeight)
        tallest = max(self._rowHeights, default=0.0)
        if pieces or tallest < TALL_ROW or tallest <= availHeight - SPLIT_IN_ROW:
            return pieces
        self.splitInRow = 1
        try:
            return list(super().split(availWidth, availHeight))
        finally:
            self.splitInRow = SPLIT_IN_ROW


def section_heading(text: str) -> list[Flowable]:
    """A section heading that starts a new page when less than ~1.2 inch is left below it."""
    return [CondPageBreak(1.2 * inch), Paragraph(text, styles()["h2"])]
