"""Writing the store out: JSON Lines (one ``imr-desk/letter@1`` object per letter) and CSV.

The JSON objects carry the effective (corrected) letter plus `review`, `annotations` and
`corrections` keys. The CSV has one row per decision (a letter without decisions gets one row
with empty decision columns), starts with a UTF-8 byte-order mark so spreadsheet programs read
it as UTF-8, and guards against formula injection: a cell starting with ``= + - @`` (or a tab
or carriage return) gets a leading apostrophe, and a cell longer than a spreadsheet cell holds
(`SPREADSHEET_CELL_LIMIT`, 32,767 characters) is cut with a visible marker
(``… [cut: 1,234 characters more]``) so the cut can never pass unseen. The CSV carries the
letter's case summary (`case_summary`, after the patient columns), and the findings: the
letter's `diagnoses` and `checks` (their codes, each once, ``; ``-joined), and per decision its
treatment category in three columns (`category`, `sub_category`, `drug_class`, as corrected)
and its citations per side in one cell each (`claims_administrator_citations`,
`maximus_citations`: ``MTUS: ACOEM Low Back Complaints, Special Studies (2004); Non-MTUS: ODG
Low Back, MRIs``, see `finding_words.citation_line`). The JSON objects carry the findings as
the spec writes them (a corrected letter's checks are those of its corrected values). Both
read through the `StoreConnection` given, and report `progress(done, total)` after each
letter when asked.

Each case is written once, as its copy of record (with how many copies the store holds);
letters in the trash are not exported.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Any, TextIO

from imr_desk.core.model import DECISION_TEXT_FIELDS, Decision
from imr_desk.core.records import CaseRecord
from imr_desk.core.store.connection import StoreConnection
from imr_desk.core.store.finding_words import check_codes, citations_line, diagnoses_line
from imr_desk.core.store.read import read_record

CSV_LETTER_COLUMNS = (
    "letter_id", "file_name", "sha256", "copies", "case_number", "date_assigned", "decision_date",
    "date_of_injury", "ur_denial_date", "application_received", "priority",
    "reviewer_licensure_states", "reviewer_specialties", "patient_age", "patient_sex", "case_summary",
    "review_state", "reviewed_by", "reviewed_at", "corrections", "notes", "warnings", "diagnoses", "checks",
)
CSV_FINDING_COLUMNS = (
    "category", "sub_category", "drug_class", "claims_administrator_citations", "maximus_citations",
)
CSV_DECISION_COLUMNS = ("decision_number", "decision_key", *DECISION_TEXT_FIELDS, *CSV_FINDING_COLUMNS)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SPREADSHEET_CELL_LIMIT = 32_767  # the most characters Excel (and LibreOffice Calc) keep in a cell
ExportProgress = Callable[[int, int], None]  # (letters written, letters to write)


def cut_marker(cut: int) -> str:
    """What replaces the end of a cell too long for a spreadsheet: '… [cut: 1,234 characters more]'."""
    return f"\u2026 [cut: {cut:,} characters more]"


def fit_cell(text: str, limit: int = SPREADSHEET_CELL_LIMIT) -> str:
    """`text` cut to at most `limit` characters, the marker included, when it is longer."""
    if len(text) <= limit:
        return text
    kept = limit - len(cut_marker(len(text)))  # the marker's number is at most this long
    while kept + 1 + len(cut_marker(len(text) - kept - 1)) <= limit:  # a shorter number: keep more
        kept += 1
    return text[:kept] + cut_marker(len(text) - kept)


def record_json(record: CaseRecord) -> dict[str, Any]:
    """The letter@1 object of one stored case, with its review, notes and corrections."""
    data = record.letter.to_json()
    data["store"] = {
        "letter_id": record.letter_id,
        "version": record.version,
        "imported_at": record.imported_at,
        "decision_keys": list(record.decision_keys),
        "case_id": record.case_id,
        "copies": record.copies,
        "copy_of_record": record.is_copy_of_record,
    }
    data["review"] = asdict(record.review)
    data["annotations"] = [
        {**asdict(a), "span": list(a.span) if a.span else None, "regions": [r.to_json() for r in a.regions]}
        for a in record.annotations
    ]
    data["corrections"] = [
        {**asdict(c), "new_span": list(c.new_span) if c.new_span else None} for c in record.corrections
    ]
    return data


def case_record_ids(connection: StoreConnection) -> list[int]:
    """The copy of record of every case out of the trash, in import order (one id per case)."""
    return [row[0] for row in connection.db.execute(
        "SELECT id FROM letters WHERE is_record = 1 AND removed_at IS NULL ORDER BY id"
    )]


def _ids(connection: StoreConnection, letter_ids: Iterable[int] | None) -> list[int]:
    return case_record_ids(connection) if letter_ids is None else list(letter_ids)


def write_jsonl(connection: StoreConnection, fp: TextIO, letter_ids: Iterable[int] | None, *,
                progress: ExportProgress | None = None) -> int:
    """One letter@1 object per line (every case's copy of record, or `letter_ids` in order);
    returns the count."""
    ids = _ids(connection, letter_ids)
    count = 0
    for letter_id in ids:
        fp.write(json.dumps(record_json(read_record(connection, letter_id)), ensure_ascii=False) + "\n")
        count += 1
        if progress is not None:
            progress(count, len(ids))
    return count


def safe_cell(value: Any) -> Any:
    """A spreadsheet-safe cell: lists joined, formula-like text defused with an apostrophe, and
    text longer than a cell holds cut with a visible marker (see `fit_cell`)."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        value = "'" + value
    return fit_cell(value) if isinstance(value, str) else value


def _letter_cells(record: CaseRecord) -> list[Any]:
    letter = record.letter
    header = letter.header
    return [
        record.letter_id, record.file_name, record.sha256, record.copies, header.case_number, header.date_assigned,
        header.decision_date, header.date_of_injury, header.ur_denial_date,
        header.application_received, header.priority, letter.reviewer.licensure_states,
        letter.reviewer.specialties, letter.patient.age, letter.patient.sex, letter.case_summary,
        record.review.state,
        record.review.user, record.review.changed_at, len(record.corrections),
        [a.note for a in record.annotations], letter.warnings, diagnoses_line(letter.patient.diagnoses),
        check_codes(letter.checks),
    ]


def _finding_cells(decision: Decision) -> list[Any]:
    category = decision.category
    return [
        category.category if category else None,
        category.sub_category if category else None,
        category.drug_class if category else None,
        citations_line(decision.citations.claims_administrator),
        citations_line(decision.citations.maximus),
    ]


def write_csv(connection: StoreConnection, fp: TextIO, letter_ids: Iterable[int] | None, *,
              progress: ExportProgress | None = None) -> int:
    """One spreadsheet-safe row per decision (BOM first); returns the row count."""
    fp.write("\ufeff")
    writer = csv.writer(fp, lineterminator="\r\n")
    writer.writerow([*CSV_LETTER_COLUMNS, *CSV_DECISION_COLUMNS])
    rows = 0
    ids = _ids(connection, letter_ids)
    for done, letter_id in enumerate(ids, start=1):
        record = read_record(connection, letter_id)
        letter_cells = _letter_cells(record)
        decisions: list[tuple[str | None, Decision | None]] = (
            list(zip(record.decision_keys, record.letter.decisions)) or [(None, None)]  # no decision: one row
        )
        for number, (key, decision) in enumerate(decisions, start=1):
            if decision is None:
                decision_cells: list[Any] = [None] * len(CSV_DECISION_COLUMNS)
            else:
                decision_cells = [number, key, *(getattr(decision, f) for f in DECISION_TEXT_FIELDS),
                                  *_finding_cells(decision)]
            writer.writerow([safe_cell(v) for v in (*letter_cells, *decision_cells)])
            rows += 1
        if progress is not None:
            progress(done, len(ids))
    return rows
