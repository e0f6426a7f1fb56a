"""The outcome word is read, never guessed: misspelt but unambiguous words read with a warning,
a missing or ambiguous word gives None (JSON null) with a warning on ``decisions[i].outcome``,
and the word is never glued onto the request.

The letters are invented from a corpus letter whose second decision's heading is changed here
(``NCS of the left upper extremity:  Overturned``), so every other field stays as the corpus has it.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from imr_desk.core.model import FieldWarning, Letter, Source
from imr_desk.core.parsing.outcomes import read_outcome_word
from imr_desk.core.parsing.parser import parse_text
from tests.support.letter_checks import assert_field_warnings_hold

TODAY = datetime.date(2026, 11, 23)
SOURCE = Source(file="invented.txt", kind="text")
LETTER = "dwc-2016/CM16-0247287.pdf"  # decision 1 Upheld, decision 2 Overturned
REQUEST = "NCS of the left upper extremity"


def _with_outcome_word(corpus_dir: Path, read_corpus, word: str) -> Letter:
    """The letter with decision 2's outcome word replaced by `word` (as written)."""
    clean = read_corpus(corpus_dir / LETTER)[0]
    start, end = clean.decisions[1].spans["outcome"]
    assert clean.text[start:end] == "Overturned" and clean.decisions[1].request == REQUEST
    letter = parse_text(clean.text[:start] + word + clean.text[end:], SOURCE, today=TODAY)
    assert_field_warnings_hold(letter)
    assert [d.outcome for d in letter.decisions][:1] == ["upheld"]
    return letter


MISSPELT = (
    ("Overtruned", "overturned"),
    ("Up-held", "upheld"),
    ("Uphe1d", "upheld"),
    ("0verturned", "overturned"),
    ("Upheld.", "upheld"),
    ("Overtumed", "overturned"),
    ("Over turned", "overturned"),
    ("Upheid", "upheld"),
    ("(Overturned)", "overturned"),
    ("OVERTURNFD", "overturned"),
    ("Uphled", "upheld"),
)


@pytest.mark.parametrize(("word", "value"), MISSPELT, ids=[m[0] for m in MISSPELT])
def test_a_misspelt_outcome_word_reads_with_a_warning_and_stays_out_of_the_request(
    word: str, value: str, corpus_dir: Path, read_corpus, check_spans
) -> None:
    letter = _with_outcome_word(corpus_dir, read_corpus, word)
    decision = letter.decisions[1]
    assert (decision.outcome, decision.request) == (value, REQUEST)
    assert letter.text[slice(*decision.spans["request"])] == REQUEST
    assert read_outcome_word(letter.text[slice(*decision.spans["outcome"])]) == value
    if word not in ("Overtruned", "Uphled"):  # the shared span check knows no swapped letters
        check_spans(letter)
    assert letter.field_warnings == [
        FieldWarning("decisions[1].outcome", f"decision 2: outcome read from an OCR-damaged word {word!r}")]


def test_an_outcome_word_written_twice_reads_once(corpus_dir: Path, read_corpus, check_spans) -> None:
    letter = _with_outcome_word(corpus_dir, read_corpus, "Overturned Overturned")
    check_spans(letter)
    decision = letter.decisions[1]
    assert (decision.outcome, decision.request) == ("overturned", REQUEST)
    assert letter.text[slice(*decision.spans["outcome"])] == "Overturned"
    assert [w.field for w in letter.field_warnings] == ["decisions[1].outcome"]


@pytest.mark.parametrize("word", ["Overturned", "OVERTURNED", "overturned"])
def test_the_outcome_word_as_printed_needs_no_warning(word: str, corpus_dir: Path, read_corpus) -> None:
    letter = _with_outcome_word(corpus_dir, read_corpus, word)
    assert letter.decisions[1].outcome == "overturned" and letter.warnings == []


def test_a_missing_outcome_word_is_null_with_a_warning(corpus_dir: Path, read_corpus, check_spans) -> None:
    letter = _with_outcome_word(corpus_dir, read_corpus, "")
    check_spans(letter)
    decision = letter.decisions[1]
    assert decision.outcome is None  # not "", not guessed from the rationale, not "upheld"
    assert decision.request == REQUEST and "outcome" not in decision.spans
    assert letter.field_warnings == [
        FieldWarning("decisions[1].outcome", "decision 2: no outcome (Upheld or Overturned) found; outcome unknown")]
    data = json.loads(json.dumps(letter.to_json()))
    assert data["decisions"][1]["outcome"] is None
    again = Letter.from_json(data)
    assert again.decisions[1].outcome is None and again.to_json() == data
    assert (again.upheld_count, again.overturned_count, again.outcome_not_found_count) == (1, 0, 1)
    assert again.result_line() == "2 disputed: 1 upheld, 0 overturned, 1 outcome not found"


@pytest.mark.parametrize("word", ["Upheld Overturned", "Upheld/Overturned", "Upheld or Overturned",
                                  "Overturned / Uphe1d"])
def test_a_heading_ending_with_both_words_has_no_outcome(word: str, corpus_dir: Path, read_corpus) -> None:
    letter = _with_outcome_word(corpus_dir, read_corpus, word)
    decision = letter.decisions[1]
    assert (decision.outcome, decision.request) == (None, REQUEST)
    assert [w.field for w in letter.field_warnings] == ["decisions[1].outcome"]
    assert "both outcome words" in letter.warnings[0] and "outcome unknown" in letter.warnings[0]


@pytest.mark.parametrize("word", ["Denied", "Approved", "held", "Ovr", "Pending review"])
def test_a_word_that_spells_no_outcome_is_no_outcome(word: str, corpus_dir: Path, read_corpus) -> None:
    letter = _with_outcome_word(corpus_dir, read_corpus, word)
    decision = letter.decisions[1]
    assert decision.outcome is None
    assert decision.request == f"{REQUEST}: {word}"  # the words are the heading's: nothing dropped
    assert [w.field for w in letter.field_warnings] == ["decisions[1].outcome"]


def test_a_misspelling_never_reads_as_both_words() -> None:
    assert read_outcome_word("Overtruned") == "overturned"
    assert read_outcome_word("Up-held") == "upheld"
    assert read_outcome_word("Uphold") == "upheld"
    for word in ("", "—", "held", "turned", "Overt", "UpheldOverturned", "Upturned", "spine", "tablets",
                 "aaUpheld", "Overturnedxx", "Ovxrtxrnxd"):
        assert read_outcome_word(word) is None, word
