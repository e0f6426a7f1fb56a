"""Consistency checks (`analysis.checks.find_checks`): planted contradictions are caught, with
spans on the planted words; the clean corpus gives only the warn findings reviewed by hand.

Planted tests read a corpus letter's text at test time (never copied), change a few words
(the summary's injury date, a rationale's conclusion, a second age or sex), parse the changed
text again with the analysis stage's `parse_text` and look for the finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from imr_desk.core.analysis.analyse import parse_text
from imr_desk.core.analysis.checks import find_checks, rationale_conclusion
from imr_desk.core.fields import is_field_key
from imr_desk.core.findings import Category, Check, Citation, DecisionCitations
from imr_desk.core.model import Decision, Letter, Source
from imr_desk.core.reading.document import Document

Reader = Callable[[Path], tuple[Letter, Document]]

# The warn findings of the clean corpus, each read against its letter and found real:
REVIEWED_WARNINGS = {
    # header Date of Injury 11/15/2016; the summary: "an occupational claim from 11/05/2016"
    ("CM16-0239569.pdf", "doi_mismatch"),
    # header 10/26/2016; the summary: "an occupational claim from 10/18/2016" (cumulative trauma)
    ("CM16-0248698.pdf", "doi_mismatch"),
    # header and summary 11/30/2016; the rationale: "The date of injury was 12/1/16."
    ("CM17-0003917.pdf", "doi_mismatch"),
}


def _letter(corpus_dir: Path, read_corpus: Reader, name: str) -> Letter:
    return read_corpus(corpus_dir / "dwc-2016" / name)[0]


def _reparsed(letter: Letter, text: str) -> Letter:
    return parse_text(text, Source(file=letter.source.file, kind="text"))


def _plant(letter: Letter, key: str, old: str, new: str, *, last: bool = False) -> tuple[Letter, int]:
    """`letter`'s text with `old` replaced by `new` inside the span `key` (a letter span, or
    ``decisions[i].<field>``), re-parsed; and where `new` now starts."""
    if key.startswith("decisions["):
        index = int(key[len("decisions["):key.index("]")])
        start, end = letter.decisions[index].spans[key[key.index("].") + 2:]]
    else:
        start, end = letter.spans[key]
    text = letter.text
    pattern = re.compile(r"\s+".join(re.escape(word) for word in old.split()))  # a PDF line may break it
    matches = list(pattern.finditer(text, start, end))
    assert matches, f"{old!r} is not in {key} of {letter.source.file}"
    match = matches[-1] if last else matches[0]
    changed = text[:match.start()] + new + text[match.end():]
    return _reparsed(letter, changed), match.start()


def _of(letter: Letter, code: str, severity: str = "warn") -> list[Check]:
    return [c for c in letter.checks if c.code == code and c.severity == severity]


def _marks(letter: Letter, check: Check) -> list[str]:
    return [" ".join(letter.text[s:e].split()) for s, e in check.spans]


# --- doi_mismatch ---------------------------------------------------------------------------

def test_a_changed_summary_injury_date_is_caught_with_both_dates_marked(corpus_dir: Path, read_corpus: Reader) -> None:
    clean = _letter(corpus_dir, read_corpus, "CM17-0004344.pdf")
    assert not _of(_reparsed(clean, clean.text), "doi_mismatch")
    planted, at = _plant(clean, "case_summary", "10-22-16", "10-29-16")
    [check] = _of(planted, "doi_mismatch")
    assert "10-29-16" in check.message and check.fields == ("header.date_of_injury", "patient.date_of_injury")
    assert (at, at + len("10-29-16")) in check.spans
    assert planted.text[slice(*planted.spans["header.date_of_injury"])] in _marks(planted, check)


def test_a_changed_injury_date_written_with_a_month_name_is_caught(corpus_dir: Path, read_corpus: Reader) -> None:
    clean = _letter(corpus_dir, read_corpus, "CM16-0240900.pdf")
    assert not _of(_reparsed(clean, clean.text), "doi_mismatch")
    planted, at = _plant(clean, "case_summary", "October 28, 2016", "October 21, 2016")
    [check] = _of(planted, "doi_mismatch")
    assert (at, at + len("October 21, 2016")) in check.spans


def test_an_injury_date_planted_in_a_rationale_is_caught(corpus_dir: Path, read_corpus: Reader) -> None:
    clean = _letter(corpus_dir, read_corpus, "CM16-0235724.pdf")
    planted, _ = _plant(clean, "decisions[0].rationale", "In this case", "The date of injury was 9/2/16. In this case")
    [check] = _of(planted, "doi_mismatch")
    assert check.fields == ("header.date_of_injury", "decisions[0].rationale")
    assert "9/2/16" in _marks(planted, check)


def test_a_prior_injury_and_an_injury_range_holding_the_header_date_are_no_mismatch() -> None:
    summary = ("The injured worker is a 40 year old male with a prior injury on 3/4/2010. He reports cumulative "
               "trauma injury from 1/1/2015 to 10/16/2016.")
    letter = _invented([], summary=summary)
    assert not _of(letter, "doi_mismatch")


def test_the_date_of_another_event_after_an_injury_word_is_no_injury_date() -> None:
    letter = _invented([], summary="The injured worker is a 40 year old male. His injury was evaluated on 11/2/2016 "
                                   "and the injury date of 10/16/2016 is not disputed.")
    assert not _of(letter, "doi_mismatch")


# --- outcome_rationale_conflict -----------------------------------------------------------

def test_an_overturned_decision_whose_rationale_now_says_not_necessary_is_caught(
    corpus_dir: Path, read_corpus: Reader
) -> None:
    clean = _letter(corpus_dir, read_corpus, "CM16-0235724.pdf")
    assert clean.decisions[0].outcome == "overturned"
    assert not _of(_reparsed(clean, clean.text), "outcome_rationale_conflict")
    planted, at = _plant(clean, "decisions[0].rationale", "is considered medically necessary",
                         "is not medically necessary", last=True)
    [check] = _of(planted, "outcome_rationale_conflict")
    start, end = check.spans[-1]
    assert start <= at and at + len("is not medically necessary") <= end
    assert check.spans[0] == planted.decisions[0].spans["outcome"]


def test_an_upheld_decision_whose_rationale_now_says_necessary_is_caught(corpus_dir: Path, read_corpus: Reader) -> None:
    clean = _letter(corpus_dir, read_corpus, "CM16-0231706.pdf")
    assert clean.decisions[0].outcome == "upheld"
    planted, _ = _plant(clean, "decisions[0].rationale", "is not medically necessary", "is medically necessary",
                        last=True)
    [check] = _of(planted, "outcome_rationale_conflict")
    assert "Upheld" in check.message and "is medically necessary" in _marks(planted, check)[-1]


def test_a_partial_approval_is_judged_on_its_remaining_portion(corpus_dir: Path, read_corpus: Reader) -> None:
    clean = _letter(corpus_dir, read_corpus, "CM16-0249735.pdf")  # UR modified; IMR upheld the remainder
    assert not _of(_reparsed(clean, clean.text), "outcome_rationale_conflict")
    planted, _ = _plant(clean, "decisions[0].rationale", "is not medically necessary", "is medically necessary",
                        last=True)
    assert _of(planted, "outcome_rationale_conflict")


def test_a_conclusion_in_recommended_words_counts_and_a_mixed_one_does_not() -> None:
    upheld = _invented([_decision("upheld", "Guidelines favour it. Therefore, the request is recommended.")])
    assert _of(upheld, "outcome_rationale_conflict")
    mixed = _invented([_decision("upheld", "Six visits are medically necessary but twelve are not medically "
                                           "necessary.")])
    assert not _of(mixed, "outcome_rationale_conflict")


def test_a_guideline_rule_stated_last_is_not_the_reviewers_conclusion() -> None:
    rationale = ("There is no documented improvement. Therefore, the request is not medically necessary. ODG states "
                 "that an MRI is medically necessary when red flags are present.")
    assert not _of(_invented([_decision("upheld", rationale)]), "outcome_rationale_conflict")


def test_another_reviewers_finding_stated_last_is_not_the_conclusion() -> None:
    rationale = ("Red flags are documented. Therefore, the request is medically necessary. The prior utilization "
                 "review found the request not medically necessary.")
    assert not _of(_invented([_decision("overturned", rationale)]), "outcome_rationale_conflict")
    flipped = "Red flags are absent. The prior utilization review was right: the request is not medically necessary."
    assert not _of(_invented([_decision("upheld", flipped)]), "outcome_rationale_conflict")


def test_the_conclusion_of_nearly_every_corpus_rationale_is_read_and_agrees(
    corpus_dir: Path, read_corpus: Reader
) -> None:
    read = agree = total = 0
    for path in sorted((corpus_dir / "dwc-2016").glob("*.pdf")) + sorted((corpus_dir / "seeds").glob("*.txt")):
        letter = read_corpus(path)[0]
        for decision in letter.decisions:
            total += 1
            conclusion = rationale_conclusion(letter, decision)
            if conclusion is not None:
                read += 1
                agree += conclusion[0] == (decision.outcome == "overturned")
    assert read >= 0.95 * total and agree == read  # a conflict must be a real one: none in the corpus


# --- patient_conflict ------------------------------------------------------------------------

def test_a_second_age_is_caught(corpus_dir: Path, read_corpus: Reader) -> None:
    clean = _letter(corpus_dir, read_corpus, "CM17-0004344.pdf")
    assert not _of(_reparsed(clean, clean.text), "patient_conflict")
    planted, at = _plant(clean, "case_summary", "The injured worker was diagnosed",
                         "The 61 year old male was seen. The injured worker was diagnosed")
    [check] = _of(planted, "patient_conflict")
    assert "ages" in check.message and (at + 4, at + 6) in check.spans


def test_a_second_sex_is_caught(corpus_dir: Path, read_corpus: Reader) -> None:
    clean = _letter(corpus_dir, read_corpus, "CM17-0004344.pdf")  # a 57 year old male
    planted, _ = _plant(clean, "case_summary", "The injured worker was diagnosed",
                        "The injured worker is a woman. The injured worker was diagnosed")
    [check] = _of(planted, "patient_conflict")
    assert "sexes" in check.message and "woman" in _marks(planted, check)


def test_someone_elses_age_is_not_the_workers() -> None:
    letter = _invented([], summary="The injured worker is a 40 year old male. He was lifting his 70 year old "
                                   "patient when a co-worker, a 35 year old female, slipped.")
    assert not _of(letter, "patient_conflict")


def test_two_birth_dates_are_caught() -> None:
    same = _invented([], summary="The worker (DOB: 01/02/1970) is a 46 year old male. His date of birth is 1/2/70.")
    assert not _of(same, "patient_conflict")
    letter = _invented([], summary="The worker (DOB: 01/02/1970) is a 46 year old male. His date of birth "
                                   "is 1/3/1970 per the clinic.")
    [check] = _of(letter, "patient_conflict")
    assert "birth dates" in check.message and _marks(letter, check) == ["01/02/1970", "1/3/1970"]


# --- guideline_divergence and specialty_fit (hand-built letters) -----------------------------

MTUS = Citation(body="MTUS", guideline="ACOEM", text="MTUS ACOEM")
ODG = Citation(body="Non-MTUS", guideline="ODG", text="ODG")


def test_one_side_mtus_the_other_only_non_mtus_is_an_info() -> None:
    decision = _decision("upheld", "The request is not medically necessary.",
                         citations=DecisionCitations((MTUS,), (ODG,)))
    [check] = _of(_invented([decision]), "guideline_divergence", "info")
    assert "MTUS" in check.message and "Non-MTUS" in check.message
    same = _decision("upheld", "Not medically necessary.", citations=DecisionCitations((MTUS,), (MTUS, ODG)))
    assert not _invented([same]).checks


def test_maximus_citing_no_evidence_is_a_warn() -> None:
    none_cited = _decision("upheld", "Not medically necessary.", citations=DecisionCitations((MTUS,), ()),
                           maximus_guideline=None)
    [check] = _of(_invented([none_cited]), "guideline_divergence")
    assert "no guideline" in check.message
    not_addressed = Citation(body="MTUS", text="MTUS does not address", not_addressed=True)
    silent = _decision("upheld", "Not medically necessary.", citations=DecisionCitations((MTUS,), (not_addressed,)))
    assert _of(_invented([silent]), "guideline_divergence")


def test_a_maximus_line_planted_to_cite_no_evidence_is_a_warn(corpus_dir: Path, read_corpus: Reader) -> None:
    clean = _letter(corpus_dir, read_corpus, "CM16-0235724.pdf")
    assert not _of(_reparsed(clean, clean.text), "guideline_divergence")
    line = " ".join(clean.decisions[0].maximus_guideline.split())
    planted, at = _plant(clean, "decisions[0].maximus_guideline", line,
                         "The Expert Reviewer did not cite any medical evidence for its decision.")
    [check] = _of(planted, "guideline_divergence")
    assert "no medical evidence" in check.message and check.spans[0][0] <= at < check.spans[0][1]


def test_no_evidence_for_an_ancillary_service_is_only_an_info(corpus_dir: Path, read_corpus: Reader) -> None:
    letter = _reparsed(*(lambda lt: (lt, lt.text))(_letter(corpus_dir, read_corpus, "CM16-0238035.pdf")))
    infos = [c for c in _of(letter, "guideline_divergence", "info") if "no medical evidence" in c.message]
    assert len(infos) == 7 and not _of(letter, "guideline_divergence")


def test_a_specialty_unusual_for_the_category_is_an_info_never_a_warn() -> None:
    surgery = _decision("upheld", "Not medically necessary.", category=Category("Surgery", "Spine"))
    letter = _invented([surgery], specialties=["Family Practice"])
    [check] = _of(letter, "specialty_fit", "info")
    assert "Family Practice" in check.message and "not a ground" in check.message
    assert check.spans == (letter.spans["reviewer.specialties"],)
    assert not _of(_invented([surgery], specialties=["Orthopedic Surgery"]), "specialty_fit", "info")
    assert not _of(_invented([surgery], specialties=["Astrology"]), "specialty_fit", "info")  # unknown: no judgement


# --- the clean corpus -------------------------------------------------------------------------

def test_clean_corpus_letters_give_only_the_reviewed_warnings(corpus_dir: Path, read_corpus: Reader) -> None:
    found = set()
    for path in sorted((corpus_dir / "dwc-2016").glob("*.pdf")) + sorted((corpus_dir / "seeds").glob("*.txt")):
        letter = read_corpus(path)[0]
        analysed = _reparsed(letter, letter.text)
        found |= {(path.name, c.code) for c in analysed.checks if c.severity == "warn"}
        for check in analysed.checks:  # each names registry fields and marks words of the text
            assert all(is_field_key(key) for key in check.fields), (path.name, check)
            assert check.spans and all(0 <= s < e <= len(analysed.text) for s, e in check.spans), (path.name, check)
    assert found == REVIEWED_WARNINGS


# --- helpers ---------------------------------------------------------------------------------

def _decision(
    outcome: str, rationale: str, *, citations: DecisionCitations | None = None, category: Category | None = None,
    maximus_guideline: str | None = "Decision based on MTUS.",
) -> Decision:
    return Decision(
        request="Invented request", outcome=outcome, rationale=rationale,
        claims_administrator_guideline="Decision based on MTUS.", maximus_guideline=maximus_guideline,
        citations=citations or DecisionCitations((MTUS,), (MTUS,)), category=category,
    )


def _invented(decisions: list[Decision], *, summary: str = "The injured worker is a 40 year old male.",
              specialties: list[str] | None = None) -> Letter:
    """A letter made of invented words, spans set as the parser sets them, and its checks."""
    parts = ["Date of Injury: ", "10/16/2016", "\nCertification(s)/Specialty: ", ", ".join(specialties or []),
             "\nCLINICAL CASE SUMMARY\n", summary, "\n"]
    text = "".join(parts)
    offsets = [sum(len(p) for p in parts[:i]) for i in range(len(parts))]
    letter = Letter(source=Source(file="invented.txt", kind="text"), case_summary=summary)
    letter.header.date_of_injury = "2016-10-16"
    letter.header.decision_date = "2017-01-20"
    letter.reviewer.specialties = list(specialties or [])
    letter.spans = {"header.date_of_injury": (offsets[1], offsets[2]), "case_summary": (offsets[5], offsets[6]),
                    "reviewer.specialties": (offsets[3], offsets[4])}
    for index, decision in enumerate(decisions):
        heading = f"Issue {index + 1}: {decision.request}\nOutcome: {(decision.outcome or '').title()}\n"
        decision.spans = {"outcome": (len(text) + heading.index("Outcome: ") + 9, len(text) + len(heading) - 1)}
        text += heading
        decision.spans["rationale"] = (len(text), len(text) + len(decision.rationale))
        text += decision.rationale + "\n"
        letter.decisions.append(decision)
    letter.text = text
    letter.checks = find_checks(letter)
    return letter


@pytest.fixture(autouse=True)
def _no_store(tmp_store_path: Path) -> None:
    """The checks never touch a store (the conftest's private path stays unused)."""


def test_patterns_searched_near_their_hints_find_what_the_whole_search_finds(corpus_dir, read_corpus) -> None:
    """The fast search (only near hint words) misses nothing the plain search finds."""
    from imr_desk.core.analysis import checks
    from imr_desk.core.analysis.stated_text import lowered_text

    nears = (checks._INJURY_NEAR, checks._AGE_NEAR, checks._SEX_NEAR, checks._BIRTH_NEAR)
    planted = " a 45-year-old Hispanic female, DOB: 1/2/1970, was injured on 3/4/2015 (date of Injury 3/4/15). "
    for path in sorted((corpus_dir / "dwc-2016").glob("*.pdf"))[:40]:
        letter, _ = read_corpus(path)
        text = letter.text + planted
        lowered = lowered_text(text)
        for near in nears:
            assert [m.span() for m in near.finditer(text, lowered, 0, len(text))] == [
                m.span() for m in near.pattern.finditer(text, 0, len(text))], (path.name, near.pattern.pattern[:30])
