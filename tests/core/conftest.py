"""Corpus fixtures for the parser tests: the real letters, their expected values, parsed once.

The corpus lives beside the project (``<root>/../shared/corpus``) and is never copied in.
A test that takes ``letter_path`` runs once per corpus letter (64 PDFs + 5 text seeds), one
that takes ``pdf_path`` once per PDF; the test id is the file name. Letters are parsed once
per session (`read_corpus`) because several test files check them.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from imr_desk.core.model import DECISION_TEXT_FIELDS, Letter, collapse_whitespace
from imr_desk.core.parsing.letters import read_letter
from imr_desk.core.parsing.outcomes import read_outcome_word
from imr_desk.core.reading.document import Document

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
PDF_LETTERS = sorted((CORPUS / "dwc-2016").glob("*.pdf"))
SEED_LETTERS = sorted((CORPUS / "seeds").glob("*.txt"))
ALL_LETTERS = PDF_LETTERS + SEED_LETTERS


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for name, paths in (("letter_path", ALL_LETTERS), ("pdf_path", PDF_LETTERS)):
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, paths, ids=[path.name for path in paths])


@functools.cache
def _parsed(path: Path) -> tuple[Letter, Document]:
    return read_letter(path, ocr=False)


@pytest.fixture(scope="session")
def read_corpus() -> Callable[[Path], tuple[Letter, Document]]:
    """Read a corpus letter once per session (OCR off: the corpus PDFs have a text layer)."""
    return _parsed


@pytest.fixture(scope="session")
def expected_values() -> Callable[[Path], dict[str, Any]]:
    """The normative expected values of a corpus letter."""

    def load(path: Path) -> dict[str, Any]:
        return json.loads((CORPUS / "expected" / f"{path.name}.json").read_text(encoding="utf-8"))

    return load


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus folder (fails, never skips, when it is missing)."""
    if not CORPUS.is_dir():
        pytest.fail(f"the corpus is missing: {CORPUS}")
    return CORPUS


def assert_spans_consistent(letter: Letter) -> None:
    """Every span lies in the text, and its collapsed text equals the value it stands for."""
    text = letter.text
    for key, (start, end) in letter.spans.items():
        assert 0 <= start <= end <= len(text), key
    for name in ("case_number", "priority"):
        if f"header.{name}" in letter.spans:
            assert text[slice(*letter.spans[f"header.{name}"])] == getattr(letter.header, name)
    if "case_summary" in letter.spans:
        assert collapse_whitespace(text[slice(*letter.spans["case_summary"])]) == letter.case_summary
    if "patient.age" in letter.spans:
        assert int(text[slice(*letter.spans["patient.age"])]) == letter.patient.age
    for decision in letter.decisions:
        for key, (start, end) in decision.spans.items():
            assert 0 <= start <= end <= len(text), key
        for name in DECISION_TEXT_FIELDS:
            value = getattr(decision, name)
            if name in decision.spans:
                shown = collapse_whitespace(text[slice(*decision.spans[name])])
                if name == "outcome":  # the word as written, possibly OCR-damaged ("Uphe1d", "Overtruned")
                    assert read_outcome_word(shown) == value, shown
                else:
                    assert shown == value, name
            elif name not in ("outcome", "request"):
                assert value is None or (name == "rationale" and value == ""), name
        block_start, block_end = decision.spans["block"]
        for key, (start, end) in decision.spans.items():
            assert block_start <= start <= end <= block_end, key


@pytest.fixture(scope="session")
def check_spans() -> Callable[[Letter], None]:
    """`assert_spans_consistent`, for tests in other files."""
    return assert_spans_consistent
