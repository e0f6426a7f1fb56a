"""Invented letters for the store tests, built as `Letter` objects with real spans and layout.

Every value sits in the letter text at the span the parser would give, and the layout is a
line map like `Document.layout_json()` (one line per text line on page 0), so span and region
code runs for real. `add_letter()` stores one the way an import does (one transaction).
"""

from __future__ import annotations

import hashlib

from imr_desk.core.model import Decision, Header, Letter, Patient, Reviewer, Source
from imr_desk.core.store import Store
from imr_desk.core.store.importing import store_letter


def invented_letter(case_number: str = "CM16-9000001", *, decisions: int = 2, specialty: str = "Orthopedic Surgery",
                    decision_date: str = "2016-12-09", warnings: list[str] | None = None) -> Letter:
    """A small invented IMR letter whose fields carry their spans."""
    lines: list[str] = []
    spans: dict[str, tuple[int, int]] = {}

    def add(prefix: str, value: str, key: str | None = None) -> tuple[int, int]:
        start = sum(len(line) + 1 for line in lines) + len(prefix)
        lines.append(prefix + value)
        span = (start, start + len(value))
        if key:
            spans[key] = span
        return span

    add("Case Number: ", case_number, "header.case_number")
    add("Date of Final Determination: ", decision_date, "header.decision_date")
    summary = "The injured worker is a 52 year old female with chronic low back pain after a fall."
    add("", summary, "case_summary")
    made: list[Decision] = []
    treatments = [
        ("MRI of the lumbar spine without contrast", "upheld", "Imaging is not indicated without red flags."),
        ("Physical therapy 2 x 6 for the lumbar spine", "overturned", "Guidelines support a short course of therapy."),
        ("Acupuncture 6 sessions", "upheld", "No functional improvement was documented after acupuncture."),
    ]
    for index in range(decisions):
        request, outcome, rationale = treatments[index % len(treatments)]
        block_start = sum(len(line) + 1 for line in lines)
        request_span = add("", request)
        outcome_span = add("", outcome.capitalize())
        rationale_span = add("Decision rationale: ", rationale)
        made.append(Decision(
            request=request, outcome=outcome, rationale=rationale,
            maximus_guideline="Decision based on MTUS Low Back Complaints.",
            spans={"request": request_span, "outcome": outcome_span, "rationale": rationale_span,
                   "block": (block_start, rationale_span[1])},
        ))
    text = "\n".join(lines) + "\n"
    data = text.encode()
    return Letter(
        source=Source(file=f"{case_number}.txt", sha256=hashlib.sha256(data).hexdigest(), kind="text"),
        header=Header(case_number=case_number, decision_date=decision_date, date_of_injury="2015-03-02"),
        reviewer=Reviewer(["California"], [specialty]),
        patient=Patient(age=52, sex="female"),
        case_summary=summary,
        decisions=made,
        warnings=list(warnings or []),
        text=text,
        spans=spans,
    )


def line_layout(text: str) -> dict:
    """A `Document.layout_json()`-style map: each text line 12 pt high on page 0."""
    lines, offset = [], 0
    for number, line in enumerate(text.split("\n")):
        if line:
            box = [72.0, 72.0 + 14 * number, 72.0 + 6 * len(line), 84.0 + 14 * number]
            lines.append([offset, offset + len(line), 0, box, [[offset, offset + len(line), box]]])
        offset += len(line) + 1
    return {"page_sizes": [[612.0, 792.0]], "lines": lines}


def add_letter(store: Store, letter: Letter) -> int:
    """Store `letter` as an import would (its text as the original bytes)."""
    return store_letter(store.connection, letter, letter.text.encode(), line_layout(letter.text),
                        imported_by="tester", imported_at="2026-01-05T10:00:00Z")


# SQLite's `letters_queue` as versions 2 to 8 had it (version 9 added ocr, assigned_to, upheld).
QUEUE_INDEX_BEFORE_V9 = """
DROP INDEX letters_queue;
CREATE INDEX letters_queue ON letters(decision_date DESC, id DESC, case_number, date_of_injury,
    decisions, overturned, review_state, corrections, has_warnings, file_name, version, copies)
    WHERE is_record = 1 AND removed_at IS NULL;
"""
