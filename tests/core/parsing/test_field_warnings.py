"""The parser names the field of every warning: `Letter.field_warnings` keys are registry keys.

Every corpus letter, every OCR-damaged label and every missing value gives warnings whose
keys name the field concerned (``header.date_of_injury``, ``decisions[1].outcome``, ``letter``
for none), in the order and with the words of `Letter.warnings`; a letter stored without the
keys gets the same ones back from the words.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from imr_desk.core.fields import LETTER
from imr_desk.core.model import FieldWarning, Letter, Source
from imr_desk.core.parsing.parser import parse_text
from tests.support.letter_checks import assert_field_warnings_hold

TODAY = datetime.date(2026, 11, 23)
SOURCE = Source(file="damaged.txt", kind="text")
# A letter with a header, four decisions and no warnings.
HEADED = "dwc-2016/CM16-0248698.pdf"


def test_every_corpus_letters_warnings_name_registry_fields(letter_path: Path, read_corpus) -> None:
    letter, _ = read_corpus(letter_path)
    assert_field_warnings_hold(letter)
    if letter.source.kind == "text":  # the older text letters have no first-page header
        assert letter.field_warnings == [
            FieldWarning(LETTER, "header: no first-page header found (case number, dates)")]


# (letter, words in it, the same words as OCR might damage them, the key of the warning)
DAMAGED_LABELS = (
    (HEADED, "Case Number", "Case Nurnber", "header.case_number"),
    (HEADED, "Date of Injury", "Date 0f lnjury", "header.date_of_injury"),
    (HEADED, "Application", "Applicati0n", "header.application_received"),
    (HEADED, "State(s) of Licensure", "State(s) of Licensurc", "reviewer.licensure_states"),
    (HEADED, "Certification(s)/Specialty", "Certifcation(s)/Speciality", "reviewer.specialties"),
    (HEADED, "CLINICAL CASE SUMMARY", "CLINICAL CASE SUMMAR Y", "case_summary"),
    (HEADED, "including all medical records:", "including a1l medical rec0rds:", "case_summary"),
    (HEADED, "IMR ISSUES, DECISIONS AND RATIONALES", "IMR ISSUES. DECISI0NS AND RATI0NALES", LETTER),
    (HEADED, "set forth below:", "set forth be1ow:", LETTER),
    ("dwc-2016/CM16-0247287.pdf", "Overturned", "0verturned", "decisions[1].outcome"),
)


@pytest.mark.parametrize(("name", "original", "damaged", "key"), DAMAGED_LABELS, ids=[d[2] for d in DAMAGED_LABELS])
def test_a_damaged_label_is_warned_about_on_its_field(
    name: str, original: str, damaged: str, key: str, corpus_dir: Path, read_corpus
) -> None:
    clean = read_corpus(corpus_dir / name)[0]
    letter = parse_text(clean.text.replace(original, damaged, 1), SOURCE, today=TODAY)
    assert_field_warnings_hold(letter)
    shown = [w for w in letter.field_warnings if " ".join(damaged.split()) in w.message]
    assert [w.field for w in shown] == [key], letter.field_warnings


def test_every_decisions_damaged_label_names_that_decision(corpus_dir: Path, read_corpus) -> None:
    clean = read_corpus(corpus_dir / HEADED)[0]
    letter = parse_text(clean.text.replace("MAXIMUS guideline", "MAXIMUS guide1ine"), SOURCE, today=TODAY)
    assert_field_warnings_hold(letter)
    assert [w.field for w in letter.field_warnings] == [
        f"decisions[{index}].maximus_guideline" for index in range(len(clean.decisions))]
    assert letter.warnings[2].startswith("decision 3: ")


def test_missing_parts_are_warned_about_on_their_fields(corpus_dir: Path, read_corpus) -> None:
    clean = read_corpus(corpus_dir / "dwc-2016/CM16-0247287.pdf")[0]
    text = clean.text.replace("MAXIMUS guideline:", "", 1).replace("Date of Injury", "", 1)
    letter = parse_text(text, SOURCE, today=TODAY)
    assert_field_warnings_hold(letter)
    assert FieldWarning("header.date_of_injury", "header: no value found for 'Date of Injury'") in letter.field_warnings
    assert FieldWarning("decisions[0].maximus_guideline", "decision 1: no MAXIMUS guideline found") in (
        letter.field_warnings)
    assert not [w for w in letter.field_warnings if w.field.startswith("patient.")]


def test_a_lost_outcome_word_and_summary_opening_name_their_fields(corpus_dir: Path, read_corpus) -> None:
    clean = read_corpus(corpus_dir / "dwc-2016/CM16-0247287.pdf")[0]
    outcome = clean.decisions[1].spans["outcome"]
    text = clean.text[: outcome[0]] + clean.text[outcome[1] :]
    letter = parse_text(text.replace("including all medical records:", ""), SOURCE, today=TODAY)
    assert_field_warnings_hold(letter)
    assert [w.field for w in letter.field_warnings] == ["case_summary", "decisions[1].outcome"]


def test_letters_stored_before_keys_existed_get_them_from_the_words() -> None:
    stored = {"source": {"file": "old.pdf"}, "decisions": [{"request": "MRI"}, {"request": "PT"}], "warnings": [
        "header: no value found for 'Decision Date'",
        "header: label 'Applicatiori' read as 'Application' (OCR damage?)",
        "reviewer: no licensure states or specialty found",
        "label 'CLINICAL CASE SUMMAR Y' read as 'CLINICAL CASE SUMMARY' (OCR damage?)",
        "decision 2: the original request holds stray marks '|' (OCR specks?); please check",
        "decision 2: no decision rationale found",
        "something no parser says",
    ]}
    letter = Letter.from_json(stored)
    assert [w.field for w in letter.field_warnings] == [
        "header.decision_date", "header.application_received", LETTER, "case_summary",
        "decisions[1].original_request", "decisions[1].rationale", LETTER]
    assert letter.warnings == stored["warnings"]
    assert letter.to_json()["field_warnings"][0] == {"field": "header.decision_date", "message": stored["warnings"][0]}


def test_stored_keys_are_read_back_not_guessed() -> None:
    message = "decision 1: no request found in the heading"
    stored = {"source": {"file": "x.pdf"}, "warnings": [message],
              "field_warnings": [{"field": "decisions[0].request", "message": message}]}
    assert Letter.from_json(stored).field_warnings == [FieldWarning("decisions[0].request", stored["warnings"][0])]
    stored["field_warnings"] = [{"field": "header.priority", "message": "another message"}]  # not the same warnings
    assert Letter.from_json(stored).field_warnings == [FieldWarning("decisions[0].request", stored["warnings"][0])]


def test_a_letter_made_with_both_lists_must_keep_them_alike() -> None:
    with pytest.raises(ValueError, match="same messages"):
        Letter(source=SOURCE, warnings=["a"], field_warnings=[FieldWarning(LETTER, "b")])
    made = Letter(source=SOURCE, field_warnings=[FieldWarning("patient.age", "no age")])
    assert made.warnings == ["no age"]
