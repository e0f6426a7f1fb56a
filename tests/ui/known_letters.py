"""A store of invented letters with known values, for the queue's filters and the deadlines.

Made from the packaged sample letters (invented, not real), with new case numbers and
decision dates: `import_known_letters(store, folder, today)` imports the four samples (decided
in 2016: every appeal deadline overdue), a copy of the overturned sample whose header gives
another date of injury than its summary (a warning check), one decided 33 days before `today`
(its appeal due within a week) and one decided 20 days before (due in two to three weeks).
Returns {case number: letter id}.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from imr_desk.resources import RESOURCES_DIR

TEXTS = RESOURCES_DIR / "samples" / "text"
WARNED = "CM99-0000201"  # the overturned sample with a header date of injury its summary contradicts
DUE_THIS_WEEK = "CM99-0000202"  # the upheld sample decided today - 33 days
DUE_IN_WEEKS = "CM99-0000203"  # ... decided today - 20 days
OLD_CASES = ("CM99-0000101", "CM99-0000102", "CM99-0000103", "CM99-0000104")


def _variant(sample: str, case: str, folder: Path, *, decided: datetime.date | None = None,
             injury: tuple[str, str] | None = None) -> Path:
    text = (TEXTS / f"{sample}.txt").read_text(encoding="utf-8")
    old_case = text.split("Case Number:", 1)[1].split()[0]
    text = text.replace(old_case, case)
    if decided is not None:
        old_date = text.split("Decision Date:", 1)[1].split()[0]
        text = text.replace(f"Decision Date:        {old_date}", f"Decision Date:        {decided:%m/%d/%Y}")
    if injury is not None:
        text = text.replace(f"Date of Injury:        {injury[0]}", f"Date of Injury:        {injury[1]}")
    path = folder / f"{case}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def import_known_letters(store: Any, folder: Path, today: datetime.date) -> dict[str, int]:
    paths = sorted(TEXTS.glob("*.txt"))
    paths.append(_variant("sample-overturned", WARNED, folder, injury=("09/30/2013", "09/30/2012")))
    paths.append(_variant("sample-upheld", DUE_THIS_WEEK, folder, decided=today - datetime.timedelta(days=33)))
    paths.append(_variant("sample-upheld", DUE_IN_WEEKS, folder, decided=today - datetime.timedelta(days=20)))
    ids: dict[str, int] = {}
    for path in paths:
        result = store.import_file(path)
        assert result.status == "imported", result.message
        ids[store.load(result.letter_id).letter.header.case_number] = result.letter_id
    return ids
