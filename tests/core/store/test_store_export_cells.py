"""Export cells: the CSV carries the case summary, and a cell longer than a spreadsheet holds is
cut with a visible marker (issue 13 item 6); both writers report their progress per letter."""

from __future__ import annotations

import csv
import io
import json

from imr_desk.core.store import ANY_VERSION, Store
from imr_desk.core.store.export import (
    CSV_LETTER_COLUMNS,
    SPREADSHEET_CELL_LIMIT,
    cut_marker,
    fit_cell,
    safe_cell,
    write_csv,
    write_jsonl,
)
from tests.support.store_fixtures import add_letter, invented_letter


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_fit_cell_keeps_short_text_and_cuts_long_text_to_the_limit_with_the_count() -> None:
    assert fit_cell("short") == "short"
    exact = "x" * SPREADSHEET_CELL_LIMIT
    assert fit_cell(exact) == exact
    long = "y" * (SPREADSHEET_CELL_LIMIT + 5000)
    cut = fit_cell(long)
    assert len(cut) == SPREADSHEET_CELL_LIMIT
    kept = cut.index("\u2026")
    assert cut.endswith(cut_marker(len(long) - kept)) and "characters more]" in cut
    assert cut[:kept] == long[:kept]
    defused = safe_cell("=" + "z" * 40_000)
    assert defused.startswith("'=") and len(defused) == SPREADSHEET_CELL_LIMIT


def test_csv_has_the_case_summary_and_cuts_a_long_one_visibly(store: Store) -> None:
    letter_id = add_letter(store, invented_letter("CM16-2100001", decisions=1))
    summary = store.load(letter_id).letter.case_summary
    out = io.StringIO()
    store.export_csv(out)
    (row,) = _csv_rows(out.getvalue())
    assert "case_summary" in CSV_LETTER_COLUMNS and row["case_summary"] == summary and summary
    long_summary = "The injured worker reports pain. " * 1500  # 49,500 characters
    store.correct(letter_id, "case_summary", long_summary, expected_version=ANY_VERSION)
    out = io.StringIO()
    store.export_csv(out)
    (row,) = _csv_rows(out.getvalue())
    cell = row["case_summary"]
    assert len(cell) == SPREADSHEET_CELL_LIMIT and "characters more]" in cell
    assert long_summary.startswith(cell[: cell.index("\u2026")])
    json_out = io.StringIO()
    store.export_jsonl(json_out)  # JSON Lines is not a spreadsheet: nothing is cut there
    assert json.loads(json_out.getvalue())["case_summary"] == long_summary


def test_writers_report_progress_after_each_letter(store: Store) -> None:
    ids = [add_letter(store, invented_letter(f"CM16-220000{n}", decisions=n)) for n in (1, 2, 3)]
    seen: list[tuple[int, int]] = []
    for writer in (write_csv, write_jsonl):
        seen.clear()
        writer(store.connection, io.StringIO(), None, progress=lambda done, total: seen.append((done, total)))
        assert seen == [(1, 3), (2, 3), (3, 3)]
    seen.clear()
    write_csv(store.connection, io.StringIO(), ids[1:], progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]
