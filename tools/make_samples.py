"""Write the invented sample letters to resources/samples/ as PDF, text and expected values.

Each letter in `sample_letters.py` / `sample_letters_long.py` is laid out like a real MAXIMUS
IMR Final Determination: US Letter, 1-inch margins, a two-column Helvetica 11 pt header on the
first page, the body in Times 12 pt with bold section titles, decision headings and field
labels. For every sample three files are written:

    <name>.pdf             the letter (reportlab, reproducible bytes)
    text/<name>.txt        the same lines as plain text (header in two columns); in a
                           subfolder so "Open Sample Letters" shows each case once
    <name>.expected.json   the values the parser must read (keys as in corpus/expected/*.json)

    .venv/bin/python tools/make_samples.py
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import letter as LETTER_SIZE
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sample_letters import SHORT_SAMPLES, SampleDecision, SampleLetter
from sample_letters_long import MULTI_PAGE

SAMPLES: tuple[SampleLetter, ...] = (*SHORT_SAMPLES, MULTI_PAGE)
SAMPLES_DIR = Path(__file__).resolve().parent.parent / "resources" / "samples"

PAGE_WIDTH, PAGE_HEIGHT = LETTER_SIZE
MARGIN = 72.0
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
BODY, BODY_BOLD, BODY_SIZE, LEADING = "Times-Roman", "Times-Bold", 12.0, 13.8
HEAD, HEAD_BOLD, HEAD_SIZE, HEAD_LEADING = "Helvetica", "Helvetica-Bold", 11.0, 13.3
# x positions of the header's label and value columns (as in the real letters)
HEADER_COLUMNS = (72.0, 179.0, 329.0, 427.0)

HOW_MADE = (
    "MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no "
    "affiliation with the employer, employee, providers or the claims administrator. He/she has "
    "been in active clinical practice for more than five years and is currently working at least "
    "24 hours a week in active practice. The expert reviewer was selected based on his/her "
    "clinical experience, education, background, and expertise in the same or similar "
    "specialties that evaluate and/or treat the medical condition and disputed items/Service. "
    "He/she is familiar with governing laws and regulations, including the strength of evidence "
    "hierarchy that applies to Independent Medical Review determinations."
)
SUMMARY_OPENING = (
    "The expert reviewer developed the following clinical case summary based on a review of the "
    "case file, including all medical records:"
)
ISSUES_OPENING = (
    "The Final Determination was based on decisions for the disputed items/services set forth below:"
)

Run = tuple[str, str]  # (text, font name)


@dataclass(frozen=True)
class Line:
    """One printed body line: its runs, or none for a blank line; `centered` for titles."""

    runs: tuple[Run, ...] = ()
    centered: bool = False

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.runs)


def us_date(iso: str) -> str:
    """`2016-03-07` -> `03/07/2016`, as the letters print dates."""
    return date.fromisoformat(iso).strftime("%m/%d/%Y")


def wrap(label: str, text: str, *, bold: bool = False) -> list[Line]:
    """Break a paragraph (an optional bold `label` then `text`) into lines of TEXT_WIDTH."""
    words = [(word, BODY_BOLD) for word in label.split()]
    words += [(word, BODY_BOLD if bold else BODY) for word in text.split()]
    lines: list[Line] = []
    current: list[Run] = []
    width = 0.0
    for word, font in words:
        word_width = stringWidth(word, font, BODY_SIZE)
        space = stringWidth(" ", font, BODY_SIZE) if current else 0.0
        if current and width + space + word_width > TEXT_WIDTH:
            lines.append(Line(tuple(current)))
            current, width, space = [], 0.0, 0.0
        if current and current[-1][1] == font:
            current[-1] = (current[-1][0] + " " + word, font)
        else:
            current.append(((" " if current else "") + word, font))
        width += space + word_width
    if current:
        lines.append(Line(tuple(current)))
    return lines


def decision_lines(decision: SampleDecision) -> list[Line]:
    """The lines of one decision block, followed by a blank line."""
    return [
        *wrap("", decision.heading(), bold=True),
        Line(),
        *wrap("Claims Administrator guideline:", decision.claims_administrator_guideline),
        Line(),
        *wrap("MAXIMUS guideline:", decision.maximus_guideline),
        Line(),
        *wrap("Decision rationale:", decision.rationale),
        Line(),
    ]


def body_lines(sample: SampleLetter) -> list[Line]:
    """Every line below the header, in reading order."""
    def title(text: str) -> Line:
        return Line(((text, BODY_BOLD),), centered=True)

    lines = [
        Line(),
        title("HOW THE IMR FINAL DETERMINATION WAS MADE"),
        *wrap("", HOW_MADE),
        Line(),
        Line((("The Expert Reviewer has the following credentials:", BODY),)),
        Line((("State(s) of Licensure: " + ", ".join(sample.licensure_states), BODY),)),
        Line((("Certification(s)/Specialty: " + ", ".join(sample.specialties), BODY),)),
        Line(),
        title("CLINICAL CASE SUMMARY"),
        *wrap("", SUMMARY_OPENING),
        Line(),
        *wrap("", sample.case_summary),
        Line(),
        title("IMR ISSUES, DECISIONS AND RATIONALES"),
        *wrap("", ISSUES_OPENING),
        Line(),
    ]
    for decision in sample.decisions:
        lines += decision_lines(decision)
    return lines


def header_rows(sample: SampleLetter) -> list[tuple[str, str, str, str]]:
    """The header's rows: (left label, left value, right label, right value)."""
    return [
        ("Case Number:", sample.case_number, "", ""),
        ("Date Assigned:", us_date(sample.date_assigned), "Date of Injury:", us_date(sample.date_of_injury)),
        ("Decision Date:", us_date(sample.decision_date), "UR Denial Date:", us_date(sample.ur_denial_date)),
        ("Priority:", sample.priority, "Application", us_date(sample.application_received)),
        ("", "", "Received:", ""),
    ]


def write_pdf(sample: SampleLetter, path: Path) -> int:
    """Lay the letter out on US Letter pages; return the number of pages."""
    canvas = Canvas(str(path), pagesize=LETTER_SIZE, invariant=True)
    canvas.setTitle(f"IMR Final Determination {sample.case_number}")
    canvas.setAuthor("imr-desk sample letter (invented)")
    top = PAGE_HEIGHT - MARGIN - BODY_SIZE
    y = top - HEAD_LEADING
    for row in header_rows(sample):
        for column, (text, x) in enumerate(zip(row, HEADER_COLUMNS)):
            canvas.setFont(HEAD if column % 2 else HEAD_BOLD, HEAD_SIZE)
            canvas.drawString(x, y, text)
        y -= HEAD_LEADING
    pages = 1
    for line in body_lines(sample):
        if y < MARGIN:
            if not line.runs:  # no blank line at the top of a page
                continue
            canvas.showPage()
            pages += 1
            y = top
        x = MARGIN
        if line.centered:
            x = (PAGE_WIDTH - sum(stringWidth(t, f, BODY_SIZE) for t, f in line.runs)) / 2
        for text, font in line.runs:
            canvas.setFont(font, BODY_SIZE)
            canvas.drawString(x, y, text)
            x += stringWidth(text, font, BODY_SIZE)
        y -= LEADING
    canvas.save()
    return pages


def letter_text(sample: SampleLetter) -> str:
    """The letter as plain text: the header in two columns, then the same lines as the PDF."""
    out = []
    for left_label, left_value, right_label, right_value in header_rows(sample)[:-1]:
        right = f"{right_label} Received:" if right_label == "Application" else right_label
        row = f"{left_label:<22}{left_value:<32}{right:<23}{right_value}" if right else f"{left_label:<22}{left_value}"
        out.append(row.rstrip())
    for line in body_lines(sample):
        out.append(line.text.center(92).rstrip() if line.centered else line.text)
    return "\n".join(out).rstrip() + "\n"


def expected_values(sample: SampleLetter, file_name: str) -> dict:
    """The parser's expected reading, in the key layout of corpus/expected/*.json."""
    def collapse(text: str | None) -> str | None:
        return None if text is None else " ".join(text.split())

    return {
        "file": file_name,
        "header": {
            "case_number": sample.case_number,
            "date_assigned": sample.date_assigned,
            "decision_date": sample.decision_date,
            "date_of_injury": sample.date_of_injury,
            "ur_denial_date": sample.ur_denial_date,
            "application_received": sample.application_received,
            "priority": sample.priority,
        },
        "reviewer": {
            "licensure_states": list(sample.licensure_states),
            "specialties": list(sample.specialties),
        },
        "patient": {"age": sample.age, "sex": sample.sex, "date_of_injury": sample.date_of_injury},
        "case_summary": collapse(sample.case_summary),
        "decisions": [
            {
                "outcome": decision.outcome.lower(),
                "request": collapse(decision.request),
                "original_request": collapse(decision.original_request),
                "authorized": collapse(decision.authorized),
                "claims_administrator_guideline": collapse(decision.claims_administrator_guideline),
                "maximus_guideline": collapse(decision.maximus_guideline),
                "rationale": collapse(decision.rationale),
            }
            for decision in sample.decisions
        ],
    }


def write_sample(sample: SampleLetter, directory: Path) -> int:
    """Write the three files of one sample; return its page count."""
    pages = write_pdf(sample, directory / f"{sample.name}.pdf")
    (directory / "text").mkdir(exist_ok=True)
    (directory / "text" / f"{sample.name}.txt").write_text(letter_text(sample), encoding="utf-8")
    expected = expected_values(sample, f"{sample.name}.pdf")
    (directory / f"{sample.name}.expected.json").write_text(
        json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return pages


def main() -> int:
    SAMPLES_DIR.mkdir(parents=True, exist_ok=True)
    for sample in SAMPLES:
        pages = write_sample(sample, SAMPLES_DIR)
        print(f"{sample.name}: {pages} page(s), {len(sample.decisions)} decision(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
