"""Fuzzing and OCR damage: mutated corpus letters parse or fail cleanly, never anything else.

Hypothesis drops, duplicates, shuffles and splits lines of real letters, injects junk and cuts
the text anywhere; the parser must return a `Letter` whose spans all lie in the text and give
back their values, or raise a `LetterError` with a documented code. OCR-damaged landmarks
(`Uphe1d`, `MAXIMUS guide1ine`, `Case Nurnber`, split or merged words) must still be read, with
a warning naming the damaged word, and ordinary rationale text must not turn into landmarks.
"""

from __future__ import annotations

import datetime
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imr_desk.core.model import Letter, LetterError, Source
from imr_desk.core.parsing.parser import parse_text
from tests.support.letter_checks import assert_field_warnings_hold

FUZZ_LETTERS = (
    "dwc-2016/CM16-0248698.pdf",  # 21 decisions
    "dwc-2016/CM16-0239569.pdf",  # partial approvals
    "dwc-2016/CM16-0249536.pdf",
    "dwc-2016/CM16-0238035.pdf",
    "seeds/001_c994fe4c4b6b30f4.txt",  # older wording, double-spaced text
)
TODAY = datetime.date(2026, 11, 23)
SOURCE = Source(file="fuzzed.txt", kind="text")
JUNK_PIECES = [
    *"abcXYZ019 :;.,-/|#\t",
    "\n", "Upheld", "Overturned", "MAXIMUS guideline:", "Decision rationale:", "is:",
    "Claims Administrator guideline:", "Case Number:", "10/13/16", "\u00ad", "\ufb01", "\x0c",
]
JUNK = st.lists(st.sampled_from(JUNK_PIECES), max_size=10).map("".join)


class _Texts(list):
    """The fuzzed letters' texts, with a short repr for Hypothesis' failure reports."""

    def __repr__(self) -> str:
        return f"<{len(self)} corpus letter texts>"


@pytest.fixture(scope="module")
def corpus_texts(corpus_dir: Path, read_corpus) -> list[str]:
    return _Texts(read_corpus(corpus_dir / name)[0].text for name in FUZZ_LETTERS)


def _mutate(text: str, data: st.DataObject) -> str:
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(1, 6), label="mutations")):
        if not lines:
            break
        index = data.draw(st.integers(0, len(lines) - 1), label="line")
        action = data.draw(st.sampled_from(["drop", "duplicate", "shuffle", "split", "junk", "merge"]))
        if action == "drop":
            del lines[index : index + data.draw(st.integers(1, 5))]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "shuffle":
            window = lines[index : index + 6]
            lines[index : index + 6] = data.draw(st.permutations(window))
        elif action == "split":
            line = lines[index]
            cut = data.draw(st.integers(0, len(line)))
            lines[index : index + 1] = [line[:cut], line[cut:]]
        elif action == "merge" and index + 1 < len(lines):
            lines[index : index + 2] = [lines[index] + lines[index + 1]]
        else:
            lines.insert(index, data.draw(JUNK, label="junk"))
    mutated = "\n".join(lines)
    if data.draw(st.booleans(), label="cut"):
        start = data.draw(st.integers(0, len(mutated)))
        mutated = mutated[start : data.draw(st.integers(start, len(mutated)))]
    return mutated


def _parse_or_documented_error(text: str, check_spans) -> Letter | None:
    try:
        letter = parse_text(text, SOURCE, today=TODAY)
    except LetterError as error:
        assert error.code in LetterError.CODES
        assert error.message.startswith(SOURCE.file)
        return None
    assert letter.text == text
    check_spans(letter)
    assert_field_warnings_hold(letter)
    for decision in letter.decisions:
        assert decision.outcome in ("upheld", "overturned", None)  # None: no word found (spec: null)
    return letter


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_letters_parse_or_fail_cleanly(corpus_texts: list[str], check_spans, data: st.DataObject) -> None:
    text = corpus_texts[data.draw(st.integers(0, len(corpus_texts) - 1), label="letter")]
    _parse_or_documented_error(_mutate(text, data), check_spans)


@pytest.mark.slow
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_letters_parse_or_fail_cleanly_many(corpus_texts: list[str], check_spans, data: st.DataObject) -> None:
    text = corpus_texts[data.draw(st.integers(0, len(corpus_texts) - 1), label="letter")]
    _parse_or_documented_error(_mutate(text, data), check_spans)


@settings(max_examples=80, deadline=None)
@given(text=st.text(max_size=400))
def test_arbitrary_text_never_breaks_the_parser(text: str, check_spans) -> None:
    _parse_or_documented_error(text, check_spans)


def test_text_that_is_no_letter_is_not_a_letter() -> None:
    with pytest.raises(LetterError) as raised:
        parse_text("Dear Sir,\nplease find the invoice attached.\n", SOURCE)
    assert raised.value.code == "not_a_letter"


# -- OCR damage ------------------------------------------------------------------------------

OCR_DAMAGE = (
    ("Upheld", "Uphe1d"),
    ("Upheld", "Up held"),
    ("Overturned", "0verturned"),
    ("Overturned", "Overtumed"),
    ("MAXIMUS guideline", "MAXIMUS guide1ine"),
    ("MAXIMUS guideline", "MAXIMUSguideline"),
    ("Decision rationale", "Decision rationa1e"),
    ("Decision rationale", "Decisi0n  rati0nale"),
    ("Claims Administrator guideline", "Claims Adrninistrator guideline"),
    ("Claims Administrator guideline", "C1aims Admin istrator guide-line"),
    ("Case Number", "Case Nurnber"),
    ("Date of Injury", "Date 0f lnjury"),
    ("Application", "Applicati0n"),
    ("IMR ISSUES, DECISIONS AND RATIONALES", "IMR ISSUES. DECISI0NS AND RATI0NALES"),
    ("including all medical records:", "including a1l medical rec0rds:"),
    ("State(s) of Licensure", "State(s) of Licensurc"),
    ("Certification(s)/Specialty", "Certifcation(s)/Speciality"),
    ("CLINICAL CASE SUMMARY", "CLINICAL CASE SUMMAR Y"),
    ("set forth below:", "set forth be1ow:"),
)
OCR_LETTERS = (
    "dwc-2016/CM16-0248698.pdf",  # 21 decisions
    "dwc-2016/CM16-0242419.pdf",  # Overturned, then Upheld
    "dwc-2016/CM16-0229336.pdf",  # partial approval, second form
    "dwc-2016/CM17-0003192.pdf",  # partial approval, first form
)
# The older text letter (no header, all decisions upheld) gets the damage that applies to it.
SEED_DAMAGE = tuple(
    pair for pair in OCR_DAMAGE if pair[0] not in ("Case Number", "Date of Injury", "Application", "Overturned")
)


@pytest.mark.parametrize("original,damaged", OCR_DAMAGE, ids=[d for _, d in OCR_DAMAGE])
def test_ocr_damaged_landmarks_are_read_with_a_warning(
    original: str, damaged: str, corpus_dir: Path, read_corpus, check_spans
) -> None:
    letters = [read_corpus(corpus_dir / name)[0] for name in OCR_LETTERS]
    holding = [letter for letter in letters if original in letter.text]
    assert holding, f"no test letter holds {original!r}"
    for clean in holding:
        _assert_damage_tolerated(clean, original, damaged, check_spans)


@pytest.mark.parametrize("original,damaged", SEED_DAMAGE, ids=[d for _, d in SEED_DAMAGE])
def test_ocr_damage_in_an_older_letter(original: str, damaged: str, corpus_dir: Path, read_corpus, check_spans) -> None:
    clean = read_corpus(corpus_dir / "seeds/000_907277739bb1d4b6.txt")[0]
    _assert_damage_tolerated(clean, original, damaged, check_spans)


def _assert_damage_tolerated(clean: Letter, original: str, damaged: str, check_spans) -> None:
    assert original in clean.text
    letter = parse_text(clean.text.replace(original, damaged), SOURCE, today=TODAY)
    check_spans(letter)
    assert_field_warnings_hold(letter)
    assert letter.header == clean.header
    assert letter.reviewer == clean.reviewer
    assert letter.patient == clean.patient
    assert letter.case_summary == clean.case_summary.replace(original, damaged)
    assert len(letter.decisions) == len(clean.decisions)
    for decision, wanted in zip(letter.decisions, clean.decisions):
        for field in ("request", "outcome", "original_request", "authorized"):
            assert getattr(decision, field) == getattr(wanted, field), field
        for field in ("claims_administrator_guideline", "maximus_guideline", "rationale"):
            clean_value = getattr(wanted, field)
            expected = None if clean_value is None else clean_value.replace(original, damaged)
            assert getattr(decision, field) == expected, field
    shown = " ".join(damaged.split())
    assert any(shown in warning or shown.rstrip(":") in warning for warning in letter.warnings), letter.warnings


def test_outcome_warning_names_decision_and_word(corpus_dir: Path, read_corpus) -> None:
    clean = read_corpus(corpus_dir / "dwc-2016/CM16-0247287.pdf")[0]  # Upheld, then Overturned
    damaged = clean.text.replace("Overturned", "0verturned")
    letter = parse_text(damaged, SOURCE, today=TODAY)
    assert [d.outcome for d in letter.decisions] == ["upheld", "overturned"]
    assert letter.warnings == ["decision 2: outcome read from an OCR-damaged word '0verturned'"]


def test_rationale_words_are_not_taken_for_landmarks(corpus_dir: Path, read_corpus) -> None:
    clean = read_corpus(corpus_dir / "dwc-2016/CM16-0221706.pdf")[0]
    rationale_start = clean.decisions[0].spans["rationale"][0]
    inserted = (
        "The denial was upheld\n"
        "Decision based on the MAXIMUS guidelines was reviewed, and the claims administrator guideline\n"
        "Overturned\n"
        "Maximum guidance: none. Decisions rationales differ.\n"
        "Claims were administered per guideline.\n"
    )
    text = clean.text[:rationale_start] + inserted + clean.text[rationale_start:]
    letter = parse_text(text, SOURCE, today=TODAY)
    assert len(letter.decisions) == 1
    assert letter.decisions[0].rationale.startswith(" ".join(inserted.split()))
    assert letter.warnings == []


def test_missing_labels_are_warned_about(corpus_dir: Path, read_corpus) -> None:
    clean = read_corpus(corpus_dir / "dwc-2016/CM16-0247287.pdf")[0]
    text = clean.text.replace("MAXIMUS guideline:", "", 1)
    letter = parse_text(text, SOURCE, today=TODAY)
    assert len(letter.decisions) == 2
    assert letter.decisions[0].maximus_guideline is None
    assert "decision 1: no MAXIMUS guideline found" in letter.warnings


@pytest.mark.slow
def test_a_real_ocr_reading_of_a_scanned_letter(corpus_dir: Path, expected_values) -> None:
    """A corpus letter turned into an image-only PDF (200 dpi, slight skew, specks) and read by
    Tesseract: the scraps OCR leaves around the header table and between blocks (``|``, ``oo``,
    ``——-01/20/2017``) must not cost any header field, decision, request form or outcome."""
    from imr_desk.core.ocr.pages import ocr_available
    from imr_desk.core.parsing.letters import read_letter
    from tools.scan_sim import scanned_copy

    assert ocr_available(), "Tesseract is part of the set-up (packaging/setup.sh)"
    pdf = corpus_dir / "dwc-2016" / "CM17-0013754.pdf"  # partial approval, two-column header
    scan = scanned_copy(pdf.read_bytes(), skew_degrees=0.4, noise=0.001)
    letter, document = read_letter(pdf.name, data=scan, ocr=True)
    document.close()
    expected = expected_values(pdf)
    assert letter.source.ocr
    assert letter.to_json()["header"] == expected["header"]
    assert letter.patient.age == expected["patient"]["age"]
    assert len(letter.decisions) == len(expected["decisions"])
    for decision, wanted in zip(letter.decisions, expected["decisions"]):
        assert decision.outcome == wanted["outcome"]
        for name in ("request", "original_request", "authorized"):
            # OCR may leave a speck between words; the letters of every value must survive
            assert decision_letters(getattr(decision, name)) == decision_letters(wanted[name]), name
    assert not any("outcome" in warning or "no value found" in warning for warning in letter.warnings)


def decision_letters(value: str | None) -> str | None:
    return None if value is None else "".join(char for char in value if char.isalnum())


# -- OCR scraps ------------------------------------------------------------------------------

SCRAP_LINES = ("|", "_", ".", "\u2014", "~.", "_ .", "| |", "-", "=")
SCRAP_LETTERS = ("dwc-2016/CM16-0248698.pdf", "dwc-2016/CM16-0239569.pdf", "dwc-2016/CM16-0249536.pdf",
                 "seeds/004_1c39840940bed716.txt")


def _with_scraps(text: str, rng: random.Random) -> str:
    """What specks and ruled lines do to a scan: scrap-only lines here and there, scraps
    before some labels, glued before some header dates and after some outcome words."""
    out = []
    for line in text.split("\n"):
        if re.fullmatch(r"\s*\d\d/\d\d/\d{4}\s*", line) and rng.random() < 0.5:
            line = rng.choice(("\u00a7=", "\u2014\u2014-", "\u00a9")) + line.lstrip()
        heading = line.lstrip().startswith(("Claims Administrator", "MAXIMUS guideline", "Decision rationale"))
        if heading and rng.random() < 0.5:
            line = rng.choice(("| ", "_. ", "\u2014 ")) + line.lstrip()
        if line.rstrip().endswith(("Upheld", "Overturned")) and rng.random() < 0.5:
            line = line.rstrip() + rng.choice((" |", " _ .", " \u2014"))
        out.append(line)
        if rng.random() < 0.25:
            out.append(rng.choice(SCRAP_LINES))
    return "\n".join(out)


def _letters_only(value: str | None) -> str | None:
    return None if value is None else "".join(char for char in value if char.isalnum())


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("name", SCRAP_LETTERS)
def test_ocr_scraps_cost_no_field(name: str, seed: int, corpus_dir: Path, read_corpus, check_spans) -> None:
    clean = read_corpus(corpus_dir / name)[0]
    letter = parse_text(_with_scraps(clean.text, random.Random(seed)), SOURCE, today=TODAY)
    check_spans(letter)
    assert letter.header == clean.header
    assert letter.reviewer == clean.reviewer
    assert letter.patient == clean.patient
    assert _letters_only(letter.case_summary) == _letters_only(clean.case_summary)
    assert [d.outcome for d in letter.decisions] == [d.outcome for d in clean.decisions]
    for decision, wanted in zip(letter.decisions, clean.decisions):
        for field in ("request", "original_request", "authorized", "claims_administrator_guideline",
                      "maximus_guideline", "rationale"):
            assert _letters_only(getattr(decision, field)) == _letters_only(getattr(wanted, field)), field
    assert not [w for w in letter.warnings if "outcome" in w or "no value" in w or "not found" in w]
