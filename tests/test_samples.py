"""The invented sample letters in resources/samples/: complete, current, invented, and read
exactly by the parser (PDF and text form alike)."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pymupdf
import pytest

from imr_desk.resources import RESOURCES_DIR

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = RESOURCES_DIR / "samples"
SAMPLE_NAMES = sorted(p.name.removesuffix(".expected.json") for p in SAMPLES_DIR.glob("*.expected.json"))
DECISION_KEYS = (
    "outcome",
    "request",
    "original_request",
    "authorized",
    "claims_administrator_guideline",
    "maximus_guideline",
    "rationale",
)


def expected(name: str) -> dict:
    return json.loads((SAMPLES_DIR / f"{name}.expected.json").read_text(encoding="utf-8"))


def load_make_samples():
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "tools" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_every_sample_has_pdf_text_and_expected_values() -> None:
    assert len(SAMPLE_NAMES) >= 4
    for name in SAMPLE_NAMES:
        assert (SAMPLES_DIR / f"{name}.pdf").stat().st_size > 1000
        assert (SAMPLES_DIR / "text" / f"{name}.txt").read_text(encoding="utf-8").startswith("Case Number:")


def test_samples_cover_the_required_kinds_of_letter() -> None:
    values = [expected(name) for name in SAMPLE_NAMES]
    decisions = [d for v in values for d in v["decisions"]]
    assert any(all(d["outcome"] == "upheld" and d["original_request"] is None for d in v["decisions"]) for v in values)
    assert any(d["original_request"] and d["authorized"] and d["request"] != d["original_request"] for d in decisions)
    assert any(d["outcome"] == "overturned" for d in decisions)
    page_counts = [len(pymupdf.open(SAMPLES_DIR / f"{name}.pdf")) for name in SAMPLE_NAMES]
    assert max(page_counts) >= 3


def test_a_decision_block_crosses_a_page_break_in_the_multi_page_sample() -> None:
    """Some decision heading starts on one page and its rationale ends on the next."""
    document = pymupdf.open(SAMPLES_DIR / "sample-multipage.pdf")
    page_texts = [" ".join(page.get_text().split()) for page in document]
    crossing = 0
    for decision in expected("sample-multipage")["decisions"]:
        first_words = decision["request"].split()[:4]
        last_words = decision["rationale"].split()[-4:]
        start = next(i for i, t in enumerate(page_texts) if " ".join(first_words) in t)
        end = max(i for i, t in enumerate(page_texts) if " ".join(last_words) in t)
        crossing += end > start
    assert crossing >= 1


def test_committed_samples_match_the_generator(tmp_path: Path) -> None:
    """make_samples.py is reproducible and the committed files are its current output."""
    make_samples = load_make_samples()
    out = tmp_path / "samples"
    out.mkdir()
    for sample in make_samples.SAMPLES:
        make_samples.write_sample(sample, out)
    generated = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(SAMPLES_DIR) for p in SAMPLES_DIR.rglob("*") if p.is_file())
    assert generated == committed
    for name in generated:
        assert (out / name).read_bytes() == (SAMPLES_DIR / name).read_bytes(), name


def test_sample_case_numbers_are_invented_and_unique(corpus_dir: Path) -> None:
    numbers = [expected(name)["header"]["case_number"] for name in SAMPLE_NAMES]
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(r"CM99-\d{7}", number) for number in numbers)
    real = {json.loads(p.read_text())["header"]["case_number"] for p in (corpus_dir / "expected").glob("*.json")}
    assert len(real) > 50  # the corpus was read
    assert not real & set(numbers)


# Sentences whose wording is the letters' fixed form, not clinical prose.
FORM_SENTENCE = re.compile(
    r"(The injured worker is a \d+ year old [^.]*|[^.]*remaining IMR eligible portion of the original request[^.]*)\."
)


def _shingles(text: str, size: int = 9) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", FORM_SENTENCE.sub(" ", text).lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_sample_clinical_prose_is_not_copied_from_real_letters(corpus_dir: Path) -> None:
    """No run of nine words of a sample's summary or rationales appears in a real letter's."""
    real: set[tuple[str, ...]] = set()
    for path in (corpus_dir / "expected").glob("*.json"):
        letter = json.loads(path.read_text())
        real |= _shingles(letter["case_summary"] or "")
        for decision in letter["decisions"]:
            real |= _shingles(decision["rationale"] or "")
    assert len(real) > 10_000  # the corpus was found and read
    for name in SAMPLE_NAMES:
        values = expected(name)
        prose = [values["case_summary"], *(d["rationale"] for d in values["decisions"])]
        shared = set().union(*(_shingles(text) & real for text in prose))
        assert not shared, f"{name}: {sorted(shared)[:3]}"


def _reading(letter_json: dict) -> dict:
    """The parts of the parser's JSON that the expected files hold."""
    return {
        "header": letter_json["header"],
        "reviewer": letter_json["reviewer"],
        "patient": {key: letter_json["patient"][key] for key in ("age", "sex", "date_of_injury")},
        "case_summary": letter_json["case_summary"],
        "decisions": [{key: d[key] for key in DECISION_KEYS} for d in letter_json["decisions"]],
    }


@pytest.mark.parametrize("form", ["{name}.pdf", "text/{name}.txt"])
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_parser_reads_the_sample_exactly(name: str, form: str) -> None:
    from imr_desk.core.parsing.letters import read_letter

    letter, _document = read_letter(SAMPLES_DIR / form.format(name=name))
    values = expected(name)
    del values["file"]
    assert _reading(letter.to_json()) == values
    assert letter.warnings == []


def test_parser_regions_of_the_crossing_block_cover_two_pages() -> None:
    from imr_desk.core.parsing.letters import read_letter

    letter, _document = read_letter(SAMPLES_DIR / "sample-multipage.pdf")
    pages_per_block = [{region.page for region in decision.regions} for decision in letter.decisions]
    assert any(len(pages) == 2 for pages in pages_per_block)
    assert all(pages for pages in pages_per_block)
