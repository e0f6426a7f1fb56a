"""The History section a case summary may end with: every edit of the letter, oldest first.

`history_section(entries)` gives the reportlab flowables: a heading and a table of when, who,
what, from and to, the same entries and words as the window's history view
(`core.history_words`): undo and redo are entries of their own with who and when, an edit
later undone is marked "(undone)", and a change of one text to another is printed word by
word, the words taken out struck through on a red tint and the words put in underlined on a
green tint (readable in black and white too), long unchanged stretches shortened to "…".
Every value is escaped (`styles.markup`): text in a note or a letter never acts as markup.

A case summary includes it when asked to (`summary.build_case_summary(..., history=...)`,
with `Store.history(letter_id)`).
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph

from imr_desk.core import history_words
from imr_desk.core.history_words import DELETED, ELIDED, INSERTED, STEP_ACTIONS, DiffRun, from_to_runs
from imr_desk.core.records import HistoryEntry
from imr_desk.core.reports.pages import CONTENT_WIDTH
from imr_desk.core.reports.styles import data_table, markup, section_heading, styles, us_datetime

HEADING = "History"
DELETED_TINT = colors.HexColor("#F6CFCF")
INSERTED_TINT = colors.HexColor("#CDEBD6")
_FIXED_WIDTHS = (1.25 * inch, 0.75 * inch, 1.55 * inch)
COLUMN_WIDTHS = (*_FIXED_WIDTHS, (CONTENT_WIDTH - sum(_FIXED_WIDTHS)) / 2, (CONTENT_WIDTH - sum(_FIXED_WIDTHS)) / 2)
NO_EDITS = "No edits: every value is as parsed from the letter, with no notes or review changes."


def _tint(colour: colors.Color) -> str:
    return f"#{colour.hexval()[2:]}"


def runs_markup(runs: list[DiffRun]) -> str:
    """Paragraph markup of diff runs: deleted struck on red, inserted underlined on green."""
    parts = []
    for run in runs:
        text = markup(run.text)
        if run.kind == DELETED:
            parts.append(f'<font backColor="{_tint(DELETED_TINT)}"><strike>{text}</strike></font>')
        elif run.kind == INSERTED:
            parts.append(f'<font backColor="{_tint(INSERTED_TINT)}"><u>{text}</u></font>')
        elif run.kind == ELIDED:
            parts.append("\u2026")
        else:
            parts.append(text)
    return " ".join(parts)


def entry_what(entry: HistoryEntry) -> str:
    undone = entry.undone and entry.action not in STEP_ACTIONS
    return history_words.what_text(entry.action, entry.target, entry.before, undone=undone)


def history_section(entries: list[HistoryEntry]) -> list[Flowable]:
    """The History heading and table of `entries` (any order; printed oldest first)."""
    style = styles()
    story: list[Flowable] = section_heading(HEADING)
    if not entries:
        return [*story, Paragraph(NO_EDITS, style["meta"])]
    story.append(Paragraph(
        "Every edit, oldest first. In a changed text, words taken out are struck through and "
        "words put in are underlined; \u201c\u2026\u201d stands for words that did not change.",
        style["meta"]))
    rows: list[list[Flowable]] = [[Paragraph(text, style["cell_head"])
                                   for text in ("When", "Who", "What", "From", "To")]]
    for entry in sorted(entries, key=lambda item: item.id):
        from_runs, to_runs = from_to_runs(entry.before, entry.after, entry.action)
        rows.append([
            Paragraph(markup(us_datetime(entry.created_at)), style["cell_small"]),
            Paragraph(markup(entry.user), style["cell"]),
            Paragraph(markup(entry_what(entry)), style["cell"]),
            Paragraph(runs_markup(from_runs), style["cell"]),
            Paragraph(runs_markup(to_runs), style["cell"]),
        ])
    story.append(data_table(rows, COLUMN_WIDTHS))
    return story
