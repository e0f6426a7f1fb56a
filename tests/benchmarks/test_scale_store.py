"""The scale benchmark's store builder (``benchmarks/scale_store.py``) makes a sound store on
both backends: 300 letters from a base of 10 stored through the import's write path."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import scale_store  # noqa: E402  (benchmarks/ is not a package)

from imr_desk.core import Store  # noqa: E402

TOTAL, BASE = 300, 10


@pytest.fixture(scope="module")
def parsed(corpus_dir: Path) -> list[tuple[Any, bytes, dict[str, Any]]]:
    return scale_store.parsed_corpus(BASE)


@pytest.fixture(params=["sqlite", "postgresql"])
def built(request: pytest.FixtureRequest, tmp_path: Path, parsed: list[Any]) -> Iterator[Store]:
    target = str(tmp_path / "scale.sqlite3") if request.param == "sqlite" else request.getfixturevalue("pg_target")
    with Store(target) as store:
        base = scale_store.store_base(store, parsed, BASE)
        scale_store.multiply(store, base, TOTAL, report=False)
        store.refresh_deadlines()
        yield store


def differences(left: Any, right: Any, path: str = "") -> Iterator[str]:
    """The paths of the leaves where two JSON values differ."""
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right)):
            yield from differences(left.get(key), right.get(key), f"{path}.{key}")
    elif isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        for index, (a, b) in enumerate(zip(left, right)):
            yield from differences(a, b, f"{path}[{index}]")
    elif left != right:
        yield path


def test_the_built_store_holds_every_letter_once_with_its_own_case(built: Store) -> None:
    figures = scale_store.check_store(built, TOTAL, BASE, samples=30)
    assert figures["letters"] == figures["queue_rows"] == TOTAL == built.count()
    row = built.one("SELECT count(DISTINCT case_number) AS cases, count(DISTINCT case_key) AS keys, "
                    "count(DISTINCT sha256) AS shas, count(DISTINCT case_id) AS case_ids FROM letters")
    assert row == {"cases": TOTAL, "keys": TOTAL, "shas": TOTAL, "case_ids": TOTAL}
    originals = built.one("SELECT count(*) AS n FROM originals")
    assert originals == {"n": TOTAL}
    dirty = built.one("SELECT count(*) AS n FROM deadline_dirty")
    assert dirty == {"n": 0}
    with_deadlines = built.one("SELECT count(DISTINCT case_id) AS n FROM case_deadlines")
    assert with_deadlines == {"n": TOTAL}


def test_a_copy_loads_as_its_base_letter_but_for_its_case_number(built: Store) -> None:
    ids = built.letter_ids()
    first = ids[0]
    for copy_id in (first + BASE + 3, first + TOTAL - 1):
        base_id = first + (copy_id - first) % BASE
        copy, base = built.load(copy_id), built.load(base_id)
        changed = set(differences(copy.letter.to_json(), base.letter.to_json()))
        assert changed == {".header.case_number"}
        assert copy.letter.header.case_number == scale_store.case_number(copy_id - first)
        assert copy.decision_keys == base.decision_keys
        assert copy.sha256 != base.sha256
        assert copy.is_copy_of_record and copy.copies == 1
        assert built.original_bytes(copy_id).startswith(built.original_bytes(base_id))


def test_search_finds_every_copy_of_a_letter_with_the_word(built: Store) -> None:
    ids = built.letter_ids()
    first = ids[0]
    base = built.load(first + 2)
    word = max((w.strip(".,()") for d in base.letter.decisions for w in (d.request or "").split()), key=len)
    found = {row.letter_id for row in built.queue(word)}
    copies = {letter_id for letter_id in ids if (letter_id - first) % BASE == 2}
    assert len(copies) == TOTAL // BASE
    assert copies <= found


def test_a_cached_store_is_reused(tmp_path: Path) -> None:
    target, figures = scale_store.built_store(40, "sqlite", tmp_path, base_count=4, report=False)
    again, cached = scale_store.built_store(40, "sqlite", tmp_path, base_count=4, report=False)
    assert again == target and cached == figures
    assert sorted(p.suffix for p in tmp_path.iterdir() if p.is_file()) == [".json", ".sqlite3"]
    with Store(target) as store:
        assert store.count() == 40


def test_building_a_store_removes_its_older_builds(tmp_path: Path) -> None:
    stale = tmp_path / "sqlite-s1-0000dead-b4-n40"
    Path(f"{stale}.json").write_text("{}")
    Path(f"{stale}.sqlite3").write_bytes(b"old")
    other_size = tmp_path / "sqlite-s1-0000dead-b4-n50.json"
    other_size.write_text("{}")
    target, _figures = scale_store.built_store(40, "sqlite", tmp_path, base_count=4, report=False)
    assert not Path(f"{stale}.json").exists() and not Path(f"{stale}.sqlite3").exists()
    assert other_size.exists() and Path(target).exists()
