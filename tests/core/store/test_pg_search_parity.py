"""Search on PostgreSQL finds the same letters as on SQLite (issue 16 item 2): the same corpus
letters in both stores (copied, so byte for byte the same rows), everyday queries, the same
cases for each — rank order may differ."""

from __future__ import annotations

from pathlib import Path

import pytest

from imr_desk.core.store import SearchFilters, Store
from imr_desk.core.store.copying import copy_letters

LETTERS = 24
EVERYDAY = (
    "lumbar", "knee", "shoulder", "cervical", "physical therapy", "MRI", "opioids", "tramadol",
    "acupuncture", "chiropractic", "injection", "injections", "epidural steroid", "surgery",
    "medications", "topical", "gabapentin", "norco", "sleep", "psychological", "functional restoration",
    "ODG", "MTUS", "ACOEM", "chronic pain", "urine drug screen", "home health", "CM16-0229336",
)


@pytest.fixture(scope="module")
def both_stores(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory, pg_desk) -> tuple[Store, Store]:
    from tests.support.pg_stores import drop_pg_database, new_pg_database

    file = tmp_path_factory.mktemp("parity") / "desk.sqlite3"
    sqlite = Store(file)
    for path in sorted((corpus_dir / "dwc-2016").glob("*.pdf"))[:LETTERS]:
        assert sqlite.import_file(path).status in ("imported", "copy")
    name, dsn = new_pg_database(pg_desk)
    postgres = Store(dsn)
    assert len(copy_letters(sqlite.connection, postgres.connection).copied) == LETTERS
    yield sqlite, postgres
    sqlite.close()
    postgres.close()
    drop_pg_database(pg_desk, name)


def _cases(store: Store, query: str, filters: SearchFilters | None = None) -> set[str | None]:
    return {hit.case_number for hit in store.search(query, filters, limit=1000)}


@pytest.mark.parametrize("query", EVERYDAY)
def test_everyday_queries_find_the_same_cases(both_stores: tuple[Store, Store], query: str) -> None:
    sqlite, postgres = both_stores
    assert _cases(postgres, query) == _cases(sqlite, query)
    assert {row.case_number for row in postgres.queue(query)} == {row.case_number for row in sqlite.queue(query)}


def test_the_queries_are_not_trivial_and_filters_agree(both_stores: tuple[Store, Store]) -> None:
    sqlite, postgres = both_stores
    found = [len(_cases(sqlite, query)) for query in EVERYDAY]
    assert sum(1 for count in found if 0 < count < LETTERS) >= len(EVERYDAY) // 2
    for filters in (SearchFilters(outcome="overturned"), SearchFilters(specialty="orthopedic"),
                    SearchFilters(decided_from="2016-12-01")):
        assert _cases(postgres, "pain", filters) == _cases(sqlite, "pain", filters)
        queues = [[row.letter_id for row in store.queue(None, filters)] for store in (postgres, sqlite)]
        assert queues[0] == queues[1] and queues[0]
