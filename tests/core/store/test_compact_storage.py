"""Schema version 6: the compact form of a letter's large cells (`core/store/packing.py`).

On SQLite a letter's parse, text and layout and each parsed decision's stored parse are kept
compressed; on PostgreSQL they stay plain text (TOAST compresses them). A letter reads back
exactly as imported, corrected and undone; a version 5 store is upgraded with every letter
reading the same; a damaged compressed cell is named by the damage check; copying between the
backends converts the form.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import zlib
from pathlib import Path

import pytest

from imr_desk.core.analysis.analyse import read_letter
from imr_desk.core.store import ANY_VERSION, Store
from imr_desk.core.store.compact_schema import compact_file
from imr_desk.core.store.copying import copy_letters
from imr_desk.core.store.damage import find_unreadable_letter
from imr_desk.core.store.packing import (
    PACKED_CELLS,
    PACKED_MARKER,
    PackedCellError,
    joined_parse,
    pack_text,
    unpack,
)
from imr_desk.core.store.schema import SCHEMA_VERSION
from tests.support.pg_stores import back_to_version_8
from tests.support.store_fixtures import add_letter, invented_letter

CORPUS_LETTERS = ("CM16-0221706.pdf", "CM16-0229336.pdf", "CM16-0231706.pdf", "CM16-0229201.pdf",
                  "CM16-0231593.pdf", "CM16-0232218.pdf")


def _corpus_files(corpus_dir: Path, count: int) -> list[Path]:
    files = [corpus_dir / "dwc-2016" / name for name in CORPUS_LETTERS if (corpus_dir / "dwc-2016" / name).exists()]
    files += [path for path in sorted((corpus_dir / "dwc-2016").glob("*.pdf")) if path not in files]
    return files[:count]


def _cell_kinds(store: Store) -> set[str]:
    """The storage classes of every packed cell of the store."""
    kinds: set[str] = set()
    for table, column in PACKED_CELLS:
        for row in store.db.execute(f"SELECT {column} FROM {table}").fetchall():
            kinds.add("packed" if isinstance(row[0], bytes) else type(row[0]).__name__)
    return kinds


def _parses_hold_decisions(store: Store) -> set[bool]:
    """For every stored parse: does it hold its decisions (else they are only in their rows)?"""
    return {"decisions" in json.loads(unpack(row[0]))
            for row in store.db.execute("SELECT parsed_json FROM letter_content").fetchall()}


def test_packing_round_trips_any_text_and_refuses_damage() -> None:
    text = "Ärztliche Überprüfung · 12 × MRI “lumbar” \u2028 end"
    packed = pack_text(text)
    assert packed.startswith(PACKED_MARKER) and unpack(packed) == text and unpack(text) == text
    assert unpack(memoryview(packed)) == text
    with pytest.raises(PackedCellError, match="marker"):
        unpack(b"XXXX" + packed[4:])
    with pytest.raises(PackedCellError, match="decompressed"):
        unpack(packed[:-6])
    with pytest.raises(PackedCellError) as refused:
        unpack(packed[:4] + b"\x00" * 20)
    assert "Ärzt" not in str(refused.value)


def test_an_imported_letter_reads_back_as_it_was_read_corrected_and_undone(
    store: Store, backend: str, corpus_dir: Path
) -> None:
    path = _corpus_files(corpus_dir, 1)[0]
    (result,) = store.import_paths([path])
    assert result.letter_id is not None
    letter_id = result.letter_id
    expected, document = read_letter(path)
    document.close()
    record = store.load(letter_id)
    expected.source.sha256 = record.letter.source.sha256
    assert record.letter.to_json() == expected.to_json() and record.parsed.text == expected.text
    assert _cell_kinds(store) == ({"packed"} if backend == "sqlite" else {"str"})
    assert _parses_hold_decisions(store) == {backend == "postgresql"}  # SQLite: each decision once, in its row
    store.correct(letter_id, "outcome", "overturned", decision_key="p0", expected_version=ANY_VERSION)
    corrected = store.load(letter_id)
    assert corrected.letter.decisions[0].outcome == "overturned"
    assert corrected.parsed.to_json() == record.parsed.to_json()
    store.undo(letter_id, expected_version=ANY_VERSION)
    assert store.load(letter_id).letter.to_json() == record.letter.to_json()
    assert store.original_bytes(letter_id) == path.read_bytes()  # the record itself, byte for byte


def test_a_reparsed_letter_keeps_the_compact_form(store: Store, backend: str, corpus_dir: Path) -> None:
    (result,) = store.import_paths(_corpus_files(corpus_dir, 1))
    assert result.letter_id is not None
    before = store.load(result.letter_id)
    store.reparse(result.letter_id)
    assert store.load(result.letter_id).letter.to_json() == before.letter.to_json()
    assert store.load(result.letter_id).parsed.to_json() == before.parsed.to_json()
    assert _cell_kinds(store) == ({"packed"} if backend == "sqlite" else {"str"})
    assert _parses_hold_decisions(store) == {backend == "postgresql"}


def _unpack_every_cell(path: Path) -> None:
    """Rewrite a store's packed cells as plain text, each parse with its decisions: the form
    every store had up to version 5."""
    with sqlite3.connect(path) as connection:
        for table, column in PACKED_CELLS:
            for rowid, value in connection.execute(f"SELECT rowid, {column} FROM {table}").fetchall():
                connection.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", [unpack(value), rowid])
        for letter_id, parse in connection.execute("SELECT letter_id, parsed_json FROM letter_content").fetchall():
            rows = [{"key": key, "added": added, "gone": gone, "base_json": base} for key, added, gone, base in
                    connection.execute("SELECT key, added, gone, base_json FROM decisions WHERE letter_id = ?",
                                       [letter_id]).fetchall()]
            whole = json.dumps(joined_parse(json.loads(parse), rows), ensure_ascii=False)
            connection.execute("UPDATE letter_content SET parsed_json = ? WHERE letter_id = ?", [whole, letter_id])
    connection.close()


def _table_bytes(path: Path, table: str) -> int:
    """Bytes of the pages of one table (``dbstat``)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        size = int(connection.execute("SELECT sum(pgsize) FROM dbstat WHERE name = ?", [table]).fetchone()[0])
    connection.close()
    return size


def test_the_compact_store_is_much_smaller_than_the_plain_one(tmp_path: Path, corpus_dir: Path) -> None:
    compact, plain = tmp_path / "compact.sqlite3", tmp_path / "plain.sqlite3"
    with Store(compact) as store:
        results = store.import_paths(_corpus_files(corpus_dir, 12))
        assert [r.status for r in results] == ["imported"] * 12
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(compact, plain)
    _unpack_every_cell(plain)
    for path in (compact, plain):
        with sqlite3.connect(path) as connection:
            compact_file(connection)
        connection.close()
    sizes = {table: (_table_bytes(compact, table), _table_bytes(plain, table))
             for table in ("letter_content", "decisions")}
    assert sizes["letter_content"][0] * 2.5 < sizes["letter_content"][1], sizes
    assert sizes["decisions"][0] * 1.3 < sizes["decisions"][1], sizes  # its FTS text columns stay plain
    assert compact.stat().st_size < plain.stat().st_size * 0.8  # originals included


def _records(store: Store) -> dict[int, dict[str, object]]:
    def state(letter_id: int) -> dict[str, object]:
        record = store.load(letter_id)
        return {"letter": record.letter.to_json(), "parsed": record.parsed.to_json(), "text": record.parsed.text,
                "layout": record.layout, "keys": record.decision_keys, "version": record.version,
                "corrections": [c.new_value for c in record.corrections], "checks": record.letter.checks}

    return {letter_id: state(letter_id) for letter_id in store.letter_ids()}


def test_a_version_5_store_is_upgraded_and_every_letter_reads_the_same(
    tmp_store_path: Path, corpus_dir: Path
) -> None:
    with Store(tmp_store_path) as store:
        store.import_paths(_corpus_files(corpus_dir, 2))
        invented = add_letter(store, invented_letter("CM16-9000001", decisions=3))
        store.correct(invented, "outcome", "overturned", decision_key="p1", expected_version=ANY_VERSION)
        store.delete_decision(invented, "p2", expected_version=ANY_VERSION)
        odd = add_letter(store, invented_letter("CM16-9000002"))
        expected = _records(store)
    _unpack_every_cell(tmp_store_path)  # what a version 5 store holds
    with sqlite3.connect(tmp_store_path) as connection:
        parse = json.loads(connection.execute("SELECT parsed_json FROM letter_content WHERE letter_id = ?",
                                              [odd]).fetchone()[0])
        parse["decisions"][0]["request"] = "Not what its row says"  # a parse its rows do not repeat
        connection.execute("UPDATE letter_content SET parsed_json = ? WHERE letter_id = ?", [json.dumps(parse), odd])
        connection.execute("PRAGMA user_version = 5")
    connection.close()
    with Store(tmp_store_path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 6
        assert _cell_kinds(store) == {"packed"}
        assert _parses_hold_decisions(store) == {False, True}  # only the odd letter's keeps them
        records = _records(store)
        assert store.load(odd).parsed.decisions[0].request == "Not what its row says"
        assert find_unreadable_letter(store.connection) is None
    expected[odd]["parsed"]["decisions"][0]["request"] = "Not what its row says"  # type: ignore[index]
    assert records == expected


def _damage(path: Path, sql: str, value: bytes) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(sql, [value])
    connection.close()


@pytest.mark.parametrize(("column", "named"), [
    ("parsed_json", "its stored parse (letter_content.parsed_json)"),
    ("layout_json", "its stored page layout (letter_content.layout_json)"),
    ("text", "its stored text (letter_content.text)"),
])
def test_damaged_compressed_content_is_named_by_the_damage_check(
    tmp_store_path: Path, column: str, named: str
) -> None:
    with Store(tmp_store_path) as store:
        add_letter(store, invented_letter("CM16-9000001"))
        damaged = add_letter(store, invented_letter("CM16-9000002"))
        packed = store.one(f"SELECT {column} FROM letter_content WHERE letter_id = ?", [damaged])
        assert packed is not None
    cut = bytes(packed[column])[:-8]  # the marker is there, the compressed data is cut short
    _damage(tmp_store_path, f"UPDATE letter_content SET {column} = ? WHERE letter_id = {damaged}", cut)
    with Store(tmp_store_path) as store:
        message = find_unreadable_letter(store.connection)
    assert message is not None
    assert message.startswith(f"letter {damaged} (CM16-9000002, file ") and named in message


def test_a_compressed_cell_without_its_marker_is_found_without_reading_every_letter(tmp_store_path: Path) -> None:
    with Store(tmp_store_path) as store:
        damaged = add_letter(store, invented_letter("CM16-9000003"))
    raw = zlib.compress(b'{"request": "Lumbar MRI"}')
    _damage(tmp_store_path, f"UPDATE decisions SET base_json = ? WHERE letter_id = {damaged} AND key = 'p1'", raw)
    with Store(tmp_store_path) as store:
        message = find_unreadable_letter(store.connection)
    assert message is not None and "the stored decision p1 (decisions.base_json)" in message
    assert "compressed data without its format marker" in message and "Lumbar" not in message


def test_copying_between_the_backends_converts_the_form_and_keeps_every_letter(
    tmp_path: Path, pg_target: str, corpus_dir: Path
) -> None:
    desk, laptop = tmp_path / "desk.sqlite3", tmp_path / "laptop.sqlite3"
    with Store(desk) as source:
        source.import_paths(_corpus_files(corpus_dir, 2))
        letter_id = add_letter(source, invented_letter("CM16-9000004"))
        source.correct(letter_id, "outcome", "overturned", decision_key="p0", expected_version=ANY_VERSION)
        expected = sorted(json.dumps(state["letter"], sort_keys=True) for state in _records(source).values())
    with Store(desk) as source, Store(pg_target) as firm:
        assert len(copy_letters(source.connection, firm.connection).copied) == 3
        assert _cell_kinds(firm) == {"str"} and _parses_hold_decisions(firm) == {True}
        assert sorted(json.dumps(s["letter"], sort_keys=True) for s in _records(firm).values()) == expected
    with Store(pg_target) as firm, Store(laptop) as back:
        assert len(copy_letters(firm.connection, back.connection).copied) == 3
        assert _cell_kinds(back) == {"packed"} and _parses_hold_decisions(back) == {False}
        assert sorted(json.dumps(s["letter"], sort_keys=True) for s in _records(back).values()) == expected
        assert find_unreadable_letter(back.connection) is None


def test_statistics_read_the_citations_of_compressed_decisions(tmp_store_path: Path, corpus_dir: Path) -> None:
    from imr_desk.core.analysis.statistics import maximus_guidelines
    from imr_desk.core.store.facts import decision_facts

    with Store(tmp_store_path) as store:
        store.import_paths(_corpus_files(corpus_dir, 3))
        facts = list(decision_facts(store.db))
        letters = [store.load(letter_id).letter for letter_id in store.letter_ids()]
    expected = [maximus_guidelines(decision.citations) for letter in letters for decision in letter.decisions]
    assert [fact.guidelines for fact in facts] == expected and any(expected)


def test_a_version_5_postgresql_store_takes_the_step_that_changes_nothing(pg_target: str) -> None:
    import psycopg

    with Store(pg_target) as store:
        letter_id = add_letter(store, invented_letter("CM16-9000005"))
        expected = store.load(letter_id).letter.to_json()
    with psycopg.connect(pg_target, autocommit=True) as conn:
        back_to_version_8(conn)
        conn.execute("UPDATE imr_desk_meta SET value = '5' WHERE key = 'schema_version'")
    with Store(pg_target) as store:
        assert store.load(letter_id).letter.to_json() == expected
        assert _cell_kinds(store) == {"str"} and _parses_hold_decisions(store) == {True}
    with psycopg.connect(pg_target, autocommit=True) as conn:
        version = conn.execute("SELECT value FROM imr_desk_meta WHERE key = 'schema_version'").fetchone()
    assert version == (str(SCHEMA_VERSION),)


def test_a_parse_that_is_not_json_is_named_on_both_backends(store: Store) -> None:
    add_letter(store, invented_letter("CM16-9000006"))
    damaged = add_letter(store, invented_letter("CM16-9000007"))
    with store.connection.transaction() as db:
        db.execute("UPDATE letter_content SET parsed_json = ? WHERE letter_id = ?", ['{"source": Lumbar', damaged])
    message = find_unreadable_letter(store.connection)
    assert message is not None and message.startswith(f"letter {damaged} (CM16-9000007, file ")
    assert "its stored parse (letter_content.parsed_json) is damaged" in message and "Lumbar" not in message
