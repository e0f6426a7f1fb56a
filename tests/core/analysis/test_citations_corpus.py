"""Every corpus decision's citations against ``shared/corpus/expected-categories.jsonl``.

The guideline lines come from the parser (`read_corpus`, the real letters parsed once per
session); each side's citations must equal the expected ones exactly (`note` keys left out,
citations.md A4), matched by file and decision index.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from imr_desk.core.analysis.citations import decision_citations, parse_citations
from imr_desk.core.model import Letter
from imr_desk.core.reading.document import Document

SIDES = (("claims_administrator", "claims_administrator_guideline"), ("maximus", "maximus_guideline"))


def _expected_categories(corpus_dir: Path) -> dict[str, dict[int, dict[str, Any]]]:
    by_file: dict[str, dict[int, dict[str, Any]]] = {}
    for line in (corpus_dir / "expected-categories.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            by_file[row["file"]] = {decision["index"]: decision for decision in row["decisions"]}
    return by_file


def _without_notes(citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: value for key, value in citation.items() if key != "note"} for citation in citations]


@pytest.fixture(scope="module")
def expected_citations(corpus_dir: Path) -> dict[str, dict[int, dict[str, Any]]]:
    return _expected_categories(corpus_dir)


def test_every_corpus_letter_has_expected_citations(corpus_dir: Path) -> None:
    letters = sorted((corpus_dir / "dwc-2016").glob("*.pdf")) + sorted((corpus_dir / "seeds").glob("*.txt"))
    assert {path.name for path in letters} == set(_expected_categories(corpus_dir))


def test_corpus_citations_match(
    letter_path: Path,
    read_corpus: Callable[[Path], tuple[Letter, Document]],
    expected_citations: dict[str, dict[int, dict[str, Any]]],
) -> None:
    letter, _ = read_corpus(letter_path)
    expected = expected_citations[letter_path.name]
    assert sorted(expected) == list(range(len(letter.decisions)))
    for index, decision in enumerate(letter.decisions):
        found = decision_citations(decision).to_json()
        for side, _ in SIDES:
            assert found[side] == _without_notes(expected[index]["citations"][side]), (index, side)


def test_parser_gives_the_expected_guideline_lines(
    letter_path: Path,
    read_corpus: Callable[[Path], tuple[Letter, Document]],
    expected_values: Callable[[Path], dict[str, Any]],
) -> None:
    """The citations' input: the parser's guideline lines equal the letter's expected values."""
    letter, _ = read_corpus(letter_path)
    decisions = expected_values(letter_path)["decisions"]
    for decision, values in zip(letter.decisions, decisions, strict=True):
        for _, key in SIDES:
            assert getattr(decision, key) == values.get(key)


def test_expected_letter_lines_give_the_expected_citations(
    letter_path: Path,
    expected_values: Callable[[Path], dict[str, Any]],
    expected_citations: dict[str, dict[int, dict[str, Any]]],
) -> None:
    """The same comparison on the expected letter values' lines, independent of the parser."""
    decisions = expected_values(letter_path)["decisions"]
    for index, expected in expected_citations[letter_path.name].items():
        for side, key in SIDES:
            found = [citation.to_json() for citation in parse_citations(decisions[index].get(key))]
            assert found == _without_notes(expected["citations"][side]), (index, side)
