"""Invented IMR letters as text files, for tests that need a small store with known figures.

Nothing here comes from a real letter: case numbers, specialties and requests are made up.
`write_letter` fills the template; `statistics_letters` writes three files (two cases, one of
them twice) whose figures the statistics tests know.
"""

from __future__ import annotations

from pathlib import Path

LETTER = """INDEPENDENT MEDICAL REVIEW FINAL DETERMINATION
Case Number: {case}
Decision Date: {decided}
Priority: Standard
State(s) of Licensure: California
Certification(s)/Specialty: {specialty}
CLINICAL CASE SUMMARY
The expert reviewer developed the following clinical case summary based on review of all
medical records: The injured worker is a 48 year old male with low back pain.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
{request_one}: {outcome_one}
Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines, Opioids.
Decision rationale: The reviewer found the request as stated.
{request_two}: {outcome_two}
Claims Administrator guideline: Decision based on Non-MTUS Official Disability Guidelines (ODG).
MAXIMUS guideline: Decision based on Non-MTUS Official Disability Guidelines (ODG), Low Back Chapter.
Decision rationale: The reviewer found the request as stated.
"""


def write_letter(folder: Path, name: str, **values: str) -> Path:
    path = folder / name
    path.write_text(LETTER.format(**values), encoding="utf-8")
    return path




def statistics_letters(folder: Path) -> Path:
    """Two cases (CM16-0000001 in December 2016, CM17-0000002 in January 2017) with two
    decisions each (one upheld, one overturned), the first case also as a second copy."""
    folder.mkdir(parents=True, exist_ok=True)
    first = {"case": "CM16-0000001", "decided": "12/09/2016", "specialty": "Family Practice",
             "request_one": "Norco 10/325 mg #60", "outcome_one": "Upheld",
             "request_two": "MRI of the lumbar spine", "outcome_two": "Overturned"}
    write_letter(folder, "a.txt", **first)
    write_letter(folder, "b.txt", case="CM17-0000002", decided="01/10/2017", specialty="Orthopedic Surgery",
                 request_one="Tramadol 50 mg #90", outcome_one="Overturned",
                 request_two="Physical therapy x 12 sessions", outcome_two="Upheld")
    copy = folder / "a-copy.txt"  # other bytes, same case: it must not count twice
    copy.write_text(LETTER.format(**first) + "\n", encoding="utf-8")
    return folder
