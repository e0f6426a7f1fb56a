"""The statistics' facts from the store: one `DecisionFact` per decision of each case.

Only a case's copy of record out of the trash is read (each case counts once), with the
queue's filters (`search.filter_sql`). Outcomes, decision dates and specialties come from the
effective (corrected) columns, the decision's treatment category too (``decisions.category``,
its label); its MAXIMUS citations from the decision's stored parse (``decisions.base_json``,
packed or plain: `packing.unpack`).
The letters are read a page at a time, so 100,000 of them never sit in memory at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from imr_desk.core import taxonomy
from imr_desk.core.analysis.statistics import DecisionFact, maximus_guidelines
from imr_desk.core.findings import DecisionCitations
from imr_desk.core.store.dialect import StoreDatabase, dialect_of
from imr_desk.core.store.packing import unpack
from imr_desk.core.store.search import CASE_ROW, SearchFilters, filter_sql

_BATCH = 2_000


def _guidelines(base_json: str | bytes) -> tuple[str, ...]:
    try:
        data = json.loads(unpack(base_json))
    except (TypeError, ValueError):
        return ()
    if not isinstance(data, dict):
        return ()
    return maximus_guidelines(DecisionCitations.from_json(data.get("citations")))


def _specialties(value: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in (value or "").split(",") if part.strip()))


def decision_facts(db: StoreDatabase, filters: SearchFilters | None = None) -> Iterator[DecisionFact]:
    """Every active decision of every case passing `filters`, as facts, in case order."""
    where, params = filter_sql(filters, dialect=dialect_of(db))
    last_id = 0
    while True:
        letters = db.execute(
            f"SELECT l.id, l.case_id, l.decision_date, l.specialties FROM letters l "
            f"WHERE {CASE_ROW} AND {where} AND l.id > ? ORDER BY l.id LIMIT {_BATCH}",
            [*params, last_id],
        ).fetchall()
        if not letters:
            return
        by_letter = {letter_id: (case_id, decided, specialties) for letter_id, case_id, decided, specialties in letters}
        rows = db.execute(
            f"SELECT letter_id, outcome, category, base_json FROM decisions WHERE active = 1 AND letter_id IN "
            f"({', '.join(str(int(i)) for i in by_letter)}) ORDER BY letter_id, position"
        )
        for letter_id, outcome, category, base_json in rows:
            case_id, decided, specialties = by_letter[letter_id]
            yield DecisionFact(
                case=case_id if case_id is not None else letter_id,
                outcome=outcome if outcome in ("upheld", "overturned") else None,
                category=taxonomy.category_of(category),
                guidelines=_guidelines(base_json),
                specialties=_specialties(specialties),
                month=decided[:7] if decided and len(decided) >= 7 else None,
            )
        last_id = letters[-1][0]
