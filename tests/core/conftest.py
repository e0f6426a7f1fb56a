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

from imr_desk.core.document import Document
from imr_desk.core.letters import read_letter
from imr_desk.core.model import Letter

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
PDF_LETTERS = sorted((CORPUS / "dwc-2016").glob("*.pdf"))
SEED_LETTERS = sorted((CORPUS / "seeds").glob("*.txt"))
ALL_LETTERS = PDF_LETTERS + SEED_LETTERS


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    for name, paths in (("letter_path", ALL_LETTERS), ("pdf_path", PDF_LETTERS)):
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, paths, ids=[path.name for path in paths])


@functools.lru_cache(maxsize=None)
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
