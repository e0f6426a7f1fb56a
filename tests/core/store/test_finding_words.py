"""The findings' one-line forms the CSV export and the case summary print."""

from __future__ import annotations

from imr_desk.core.findings import Check, Citation, Diagnosis
from imr_desk.core.store.finding_words import (
    check_codes,
    citation_line,
    citations_line,
    diagnoses_line,
    short_guideline,
)


def test_a_citation_in_one_line_names_only_what_it_has() -> None:
    acoem = Citation("MTUS", guideline="ACOEM", title="Low Back Complaints", topic="Special Studies", year="2004",
                     sections=("Special Studies",), text="Low Back Complaints 2004, Section(s): Special Studies")
    assert citation_line(acoem) == "MTUS: ACOEM Low Back Complaints, Special Studies (2004)"
    odg = Citation("Non-MTUS", guideline="Official Disability Guidelines (ODG)", title="Low Back",
                   topic="Indications for imaging", text="ODG Low Back")
    assert citation_line(odg) == "Non-MTUS: ODG Low Back, Indications for imaging"
    chapter = Citation("MTUS", guideline="ACOEM", chapter=12, pages="301-310", text="ACOEM Ch. 12")
    assert citation_line(chapter) == "MTUS: ACOEM, Ch. 12, pp. 301-310"
    assert citation_line(Citation("MTUS", not_addressed=True, text="outside of the MTUS")) == "MTUS: not addressed"
    assert citation_line(Citation("Non-MTUS", text="A study of knees.")) == "Non-MTUS: A study of knees"


def test_a_side_and_a_letter_are_joined_once_each() -> None:
    one = Citation("MTUS", guideline="ACOEM", title="Knee Complaints", year="2004")
    assert citations_line([one, one, Citation("MTUS", not_addressed=True)]) == (
        "MTUS: ACOEM Knee Complaints (2004); MTUS: not addressed")
    assert citations_line([]) == ""
    checks = [Check("doi_mismatch", "warn", "m"), Check("repeat_after", "info", "m"),
              Check("repeat_after", "info", "n")]
    assert check_codes(checks) == "doi_mismatch; repeat_after"
    assert diagnoses_line([Diagnosis("low  back pain", (0, 1)), Diagnosis("lumbar strain", (2, 3))]) == (
        "low back pain; lumbar strain")
    assert short_guideline("Official Disability Guidelines (ODG)") == "ODG"
    assert short_guideline("Chronic Pain Medical Treatment Guidelines") == "Chronic Pain Medical Treatment Guidelines"
