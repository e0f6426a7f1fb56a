"""Field accuracy of scanned corpus letters read through OCR (issue 7's targets).

Every corpus letter is turned into a straight scan (200-dpi grayscale page images, no text
layer), and every fourth one (16 letters) also into a scan turned 1 degree with light noise.
All of them are OCR'd and parsed ONCE per session by two worker processes (the session
fixture; about 10 minutes of CPU, 5 on two cores), then scored against
``shared/corpus/expected`` with `tools.ocr_accuracy` (the same scoring the benchmark
prints). Targets: at least 98% of all expected fields exactly right, and the number of
decisions and every outcome right in every letter.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from imr_desk.core.ocr import pages as ocr
from tools.ocr_accuracy import FieldScore, decisions_agree, read_scanned, score_letter, summary_table

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
LETTERS = sorted((CORPUS / "dwc-2016").glob("*.pdf"))
SKEWED_LETTERS = LETTERS[::4]
VARIANTS = {"straight": {}, "skewed": {"skew_degrees": 1.0, "noise": 0.002}}
TARGET_EXACT = 0.98

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ocr.ocr_available(), reason=ocr.missing_ocr_advice()),
]


@pytest.fixture(scope="session")
def scanned_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``{variant: {file name: letter JSON}}`` plus ``"seconds"``: the wall time it took.

    The scanned PDFs and their parsed JSON stay in the session's ``ocr-cache`` folder.
    """
    assert len(LETTERS) == 64, f"the corpus is incomplete: {len(LETTERS)} letters in {CORPUS}"
    cache = tmp_path_factory.mktemp("ocr-cache")
    started = time.perf_counter()
    result: dict[str, Any] = {}
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {
            variant: [
                (path.name, pool.submit(partial(read_scanned, **options), str(path),
                                        save_to=str(cache / f"{variant}-{path.name}")))
                for path in (LETTERS if variant == "straight" else SKEWED_LETTERS)
            ]
            for variant, options in VARIANTS.items()
        }
        for variant, named in futures.items():
            result[variant] = {name: future.result() for name, future in named}
    result["seconds"] = time.perf_counter() - started
    return result


def expected(name: str) -> dict[str, Any]:
    return json.loads((CORPUS / "expected" / f"{name}.json").read_text(encoding="utf-8"))


def scores_of(letters: dict[str, dict[str, Any]]) -> list[FieldScore]:
    return [score for name, letter in letters.items() for score in score_letter(name, expected(name), letter)]


def misses(scores: list[FieldScore]) -> str:
    return "\n".join(
        f"{s.file} {s.key}: expected {s.expected!r:.120} found {s.found!r:.120}" for s in scores if not s.exact
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_scanned_letter_is_ocrd_and_parsed(scanned_corpus: dict[str, Any], variant: str) -> None:
    letters = scanned_corpus[variant]
    failed = {name: letter["error"] for name, letter in letters.items() if "error" in letter}
    assert not failed
    assert all(letter["source"]["ocr"] for letter in letters.values())
    pages = sum(letter["source"]["pages"] for letter in letters.values())
    seconds = sum(letter["ocr_seconds"] for letter in letters.values())
    print(f"\n{variant}: {len(letters)} letters, {pages} pages, {seconds / pages:.2f} s of OCR per page; "
          f"whole scanned corpus read in {scanned_corpus['seconds']:.0f} s on two workers")


@pytest.mark.parametrize("variant", VARIANTS)
def test_decision_count_and_outcomes_are_right_in_every_letter(scanned_corpus: dict[str, Any], variant: str) -> None:
    wrong = {
        name: [d["outcome"] for d in letter.get("decisions", [])]
        for name, letter in scanned_corpus[variant].items()
        if "error" in letter or not decisions_agree(expected(name), letter)
    }
    assert not wrong


@pytest.mark.parametrize("variant", VARIANTS)
def test_field_accuracy_meets_the_target(scanned_corpus: dict[str, Any], variant: str) -> None:
    letters = {name: letter for name, letter in scanned_corpus[variant].items() if "error" not in letter}
    assert len(letters) == len(scanned_corpus[variant])
    scores = scores_of(letters)
    exact = sum(score.exact for score in scores) / len(scores)
    print(f"\n{variant} scans:\n{summary_table(scores)}")
    assert exact >= TARGET_EXACT, f"{exact:.1%} of fields exact\n{summary_table(scores)}\n{misses(scores)}"
