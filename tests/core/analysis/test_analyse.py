"""The analysis stage's entry points (`analysis.analyse`) and the callers switched to them:
``imr-desk parse``, the store's import and re-parse, and the stable face ``imr_desk.core``."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import imr_desk.core as core
from imr_desk.commands.parse_cmd import parse_one
from imr_desk.core.analysis import analyse as analysis
from imr_desk.core.analysis.categories import categorize
from imr_desk.core.analysis.citations import decision_citations
from imr_desk.core.analysis.diagnoses import find_diagnoses
from imr_desk.core.model import Letter
from imr_desk.core.reading.document import Document
from imr_desk.core.store import Store

Reader = Callable[[Path], tuple[Letter, Document]]


def _fresh(read_corpus: Reader, path: Path) -> Letter:
    return copy.deepcopy(read_corpus(path)[0])  # the session's parsed letter stays as it was


def test_analyse_fills_categories_citations_diagnoses_and_then_the_checks(
    corpus_dir: Path, read_corpus: Reader
) -> None:
    letter = _fresh(read_corpus, corpus_dir / "dwc-2016" / "CM17-0006287.pdf")
    assert not letter.checks and not letter.patient.diagnoses
    analysed = analysis.analyse(letter)
    assert analysed is letter
    for decision in letter.decisions:
        assert decision.category == categorize(decision) and decision.category is not None
        assert decision.citations == decision_citations(decision)
    assert letter.patient.diagnoses == find_diagnoses(letter) and letter.patient.diagnoses
    codes = {check.code for check in letter.checks}
    assert "specialty_fit" in codes  # it reads the categories: they were there before the checks
    assert {"decision_late", "repeat_after"} & codes  # the deadline rules' checks are included


def test_analysing_twice_gives_the_same_letter(corpus_dir: Path, read_corpus: Reader) -> None:
    letter = _fresh(read_corpus, corpus_dir / "dwc-2016" / "CM17-0003917.pdf")
    once = analysis.analyse(letter).to_json()
    assert analysis.analyse(letter).to_json() == once


def test_parse_text_and_read_letter_give_analysed_letters(corpus_dir: Path, read_corpus: Reader) -> None:
    path = corpus_dir / "dwc-2016" / "CM17-0003917.pdf"
    parsed = read_corpus(path)[0]
    letter, document = analysis.read_letter(path, ocr=False)
    document.close()
    assert letter.to_json() == analysis.analyse(copy.deepcopy(parsed)).to_json()
    from_text = analysis.parse_text(parsed.text, parsed.source)
    assert [c.code for c in from_text.checks] == [c.code for c in letter.checks]
    assert any(c.code == "doi_mismatch" for c in letter.checks)


def test_a_fault_of_the_analysis_keeps_the_parse_and_says_so(
    corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(letter: Letter) -> list:  # type: ignore[type-arg]
        raise RuntimeError("boom")

    monkeypatch.setattr(analysis, "find_checks", broken)
    letter, document = analysis.read_letter(corpus_dir / "dwc-2016" / "CM17-0003917.pdf", ocr=False)
    document.close()
    assert letter.decisions and letter.header.case_number  # the parse is all there
    assert not letter.checks and not letter.patient.diagnoses
    assert all(d.category is None and not d.citations.maximus for d in letter.decisions)
    [warning] = [w for w in letter.field_warnings if "analysis failed" in w.message]
    assert warning.field == "letter" and "CM17-0003917.pdf" in warning.message
    assert "RuntimeError: boom" in warning.message


def test_imr_desk_parse_carries_the_findings_for_every_corpus_letter(corpus_dir: Path) -> None:
    paths = sorted((corpus_dir / "dwc-2016").glob("*.pdf")) + sorted((corpus_dir / "seeds").glob("*.txt"))
    categorised = decisions = with_diagnoses = 0
    for path in paths:
        data = parse_one(str(path), ocr=False)
        assert "error" not in data, path.name
        assert isinstance(data["checks"], list) and isinstance(data["patient"]["diagnoses"], list), path.name
        assert list(data).index("checks") == list(data).index("decisions") + 1  # the spec's order
        for decision in data["decisions"]:
            assert set(decision["citations"]) == {"claims_administrator", "maximus"}, path.name
            categorised += decision["category"] is not None
            decisions += 1
        with_diagnoses += bool(data["patient"]["diagnoses"])
        for check in data["checks"]:
            assert check["severity"] in ("info", "warn") and check["message"], path.name
    assert categorised >= 0.9 * decisions
    assert with_diagnoses >= 0.85 * len(paths)


def test_stored_letters_carry_the_findings_and_reparse_keeps_them(tmp_store_path: Path, corpus_dir: Path) -> None:
    path = corpus_dir / "dwc-2016" / "CM17-0003917.pdf"
    expected, document = analysis.read_letter(path, ocr=False)
    document.close()
    with Store(tmp_store_path) as store:
        result = store.import_file(path)
        assert result.letter_id is not None
        stored = store.load(result.letter_id).parsed
        assert [c.to_json() for c in stored.checks] == [c.to_json() for c in expected.checks]
        assert stored.patient.diagnoses == expected.patient.diagnoses
        assert [d.category for d in stored.decisions] == [d.category for d in expected.decisions]
        store.reparse(result.letter_id)
        again = store.load(result.letter_id).parsed
        assert json.dumps(again.to_json()) == json.dumps(stored.to_json())


def test_the_stable_face_gives_the_analysed_entry_points() -> None:
    assert core.read_letter is analysis.read_letter
    assert core.parse_text is analysis.parse_text
    assert core.analyse is analysis.analyse
    assert sorted(core.__all__) == sorted(core.STABLE_NAMES)
