"""`importing.prepare_letter` + `store_prepared` (the pool's split: the worker prepares, the
storing thread only writes) store exactly the rows `store_letter` stores, on both backends, and
a `PreparedLetter` survives pickling (it crosses from a worker process) unchanged."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from imr_desk.core.analysis.analyse import read_letter
from imr_desk.core.model import Letter
from imr_desk.core.reading.document import sha256_hex
from imr_desk.core.store import Store
from imr_desk.core.store.importing import PreparedLetter, prepare_letter, store_letter, store_prepared

TABLES = ("originals", "letters", "letter_content", "decisions")
WHEN = {"imported_by": "paralegal", "imported_at": "2026-12-02T04:30:00Z"}


def parsed(path: Path) -> tuple[Letter, bytes, dict[str, Any]]:
    data = path.read_bytes()
    letter, document = read_letter(path, display_name=path.name, data=data)
    try:
        layout = document.layout_json()
    finally:
        document.close()
    letter.source.sha256 = sha256_hex(data)
    return letter, data, layout


def stored_rows(store: Store) -> dict[str, list[dict[str, Any]]]:
    return {table: [dict(row) for row in store.connection.db.query(f"SELECT * FROM {table} ORDER BY 1")]
            for table in TABLES}


@pytest.fixture
def other_store(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A second, empty store of the same backend as `store`."""
    if backend == "sqlite":
        with Store(tmp_path / "other.db") as other:
            yield other
        return
    from tests.support.pg_stores import drop_pg_database, new_pg_database

    server = request.getfixturevalue("pg_desk")
    name, dsn = new_pg_database(server)
    with Store(dsn) as other:
        yield other
    drop_pg_database(server, name)


@pytest.mark.parametrize("relative", ["dwc-2016/CM16-0221706.pdf", "seeds"])
def test_prepared_then_stored_gives_the_rows_store_letter_gives(
    store: Store, other_store: Store, corpus_dir: Path, relative: str
) -> None:
    path = corpus_dir / relative
    if path.is_dir():
        path = sorted(path.glob("*.txt"))[0]
    letter, data, layout = parsed(path)
    assert letter.decisions  # the decision rows are compared too
    whole_id = store_letter(store.connection, letter, data, layout, **WHEN)
    prepared = prepare_letter(letter, data, layout, packed=not other_store.connection.is_postgres)
    split_id = store_prepared(other_store.connection, prepared, **WHEN)
    assert split_id == whole_id
    assert stored_rows(other_store) == stored_rows(store)


def test_a_prepared_letter_pickles_unchanged(corpus_dir: Path) -> None:
    letter, data, layout = parsed(corpus_dir / "dwc-2016" / "CM16-0229336.pdf")
    for packed in (True, False):
        prepared = prepare_letter(letter, data, layout, packed=packed)
        copy = pickle.loads(pickle.dumps(prepared))
        assert isinstance(copy, PreparedLetter)
        assert (copy.parsed_cell, copy.text_cell, copy.layout_cell, copy.decision_cells, copy.data) == (
            prepared.parsed_cell, prepared.text_cell, prepared.layout_cell, prepared.decision_cells, prepared.data)
        assert copy.letter.to_json() == letter.to_json()
        assert isinstance(copy.text_cell, bytes) is packed  # SQLite's cells compressed, PostgreSQL's plain


def test_a_letter_prepared_for_the_other_store_kind_is_refused(store: Store, corpus_dir: Path) -> None:
    letter, data, layout = parsed(corpus_dir / "dwc-2016" / "CM16-0231706.pdf")
    prepared = prepare_letter(letter, data, layout, packed=store.connection.is_postgres)
    with pytest.raises(ValueError, match="other kind of store"):
        store_prepared(store.connection, prepared, **WHEN)
    assert stored_rows(store)["letters"] == []
