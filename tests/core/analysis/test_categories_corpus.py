"""Treatment categories of every corpus decision against ``expected-categories.jsonl``.

The corpus letters are parsed with the real parser (`read_corpus`); each decision is matched
by file name and index. A label marked ambiguous counts as right for any of its alternatives.
Also: the taxonomy shipped in the package is the shared one, and no lexicon names an entry
the taxonomy lacks or marks not to be used.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from imr_desk.core.analysis import categories
from imr_desk.core.findings import Category
from imr_desk.core.model import Letter
from tests.core.conftest import ALL_LETTERS, CORPUS, PROJECT_ROOT

EXPECTED = {
    row["file"]: row["decisions"]
    for row in map(json.loads, (CORPUS / "expected-categories.jsonl").read_text(encoding="utf-8").splitlines())
    if row
}
PACKAGED_TAXONOMY = PROJECT_ROOT / "imr_desk" / "core" / "taxonomy.json"


def accepted(label: dict[str, Any]) -> list[Category]:
    """The expected category and, for an ambiguous label, each alternative."""
    options = [label, *(label.get("alternatives") or [])] if label.get("ambiguous") else [label]
    return [Category(o["category"], o["sub_category"], o["drug_class"]) for o in options]


def test_every_corpus_letter_has_expected_categories() -> None:
    assert sorted(EXPECTED) == sorted(path.name for path in ALL_LETTERS)


@pytest.mark.parametrize("path", ALL_LETTERS, ids=[path.name for path in ALL_LETTERS])
def test_corpus_decision_categories(path: Path, read_corpus: Callable[[Path], tuple[Letter, Any]]) -> None:
    letter, _ = read_corpus(path)
    labels = EXPECTED[path.name]
    assert len(letter.decisions) == len(labels)
    for decision, label in zip(letter.decisions, labels, strict=True):
        assert decision.request == label["request"]
        assert categories.categorize(decision) in accepted(label), (label["index"], decision.request)


def test_packaged_taxonomy_equals_the_shared_one() -> None:
    shared = CORPUS.parent / "taxonomy.json"
    assert json.loads(PACKAGED_TAXONOMY.read_text(encoding="utf-8")) == json.loads(shared.read_text(encoding="utf-8"))


def test_lexicons_name_only_usable_taxonomy_entries() -> None:
    usable = {
        (e["category"], e["sub_category"], e["drug_class"])
        for e in json.loads(PACKAGED_TAXONOMY.read_text(encoding="utf-8"))
        if e["use"] and e["category"]
    }
    lexicon = categories._lexicon()
    assert set(lexicon.entries) == usable
    named = {("Pharmaceuticals", None, cls) for cls in lexicon.drug_names.values()}
    named |= {entry for _, entry, _ in lexicon.rules}
    assert named <= usable


def test_every_pharmaceutical_drug_class_has_names() -> None:
    classes = {e.drug_class for e in categories._lexicon().entries.values() if e.drug_class}
    assert classes == set(categories._lexicon().drug_names.values())


def test_never_a_use_false_entry_for_its_own_words() -> None:
    for words in ("Asthma medication", "Benzodiazepine 5mg", "Histamine 2 blocker", "Peripheral", "Therapies"):
        found = categories.category_of_text(words)
        assert found is None or (found.category, found.sub_category, found.drug_class) in categories._lexicon().entries


def test_vague_requests_are_read_from_the_rest_of_the_decision(
    read_corpus: Callable[[Path], tuple[Letter, Any]],
) -> None:
    """With each corpus request replaced by a date, most decisions still get their category from the
    guidelines and the rationale (the rest cite nothing that names the treatment)."""
    right = total = 0
    for path in ALL_LETTERS:
        letter, _ = read_corpus(path)
        for decision, label in zip(letter.decisions, EXPECTED[path.name], strict=True):
            vague = dataclasses.replace(decision, request="Retrospective DOS 11/11/2016", original_request=None)
            total += 1
            right += categories.categorize(vague) in accepted(label)
    assert right / total >= 0.85, f"{right}/{total}"
