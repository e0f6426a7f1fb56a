# ruff: noqa: E501  (the spec's lines and JSON are copied verbatim, one citation a line)
"""The worked examples of ``shared/spec/citations.md`` section E, copied as written there.

Each example's input line and its expected citations as the spec's JSON; `note` keys are
explanations, not part of the result, and are left out of the comparison (A4).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from imr_desk.core.analysis.citations import parse_citations

# (example, source in the corpus, guideline line, expected citations as JSON)
EXAMPLES: list[tuple[str, str, str, str]] = [
    (
        'E1',
        '004_1c39840940bed716.txt decision 1, claims_administrator',
        'Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 288, 307. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Low Back - Lumbar & Thoracic (Acute & Chronic).',
        """
[
  {"body": "MTUS", "guideline": "ACOEM", "chapter": 12, "title": "Low Back Complaints", "topic": null, "pages": "288, 307", "year": null, "edition": null, "sections": [], "text": "ACOEM Chapter 12 Low Back Complaints Page(s): 288, 307"},
  {"body": "Non-MTUS", "guideline": "Official Disability Guidelines (ODG)", "chapter": null, "title": "Low Back - Lumbar & Thoracic (Acute & Chronic)", "topic": null, "pages": null, "year": null, "edition": null, "sections": [], "text": "Official Disability Guidelines (ODG), Low Back - Lumbar & Thoracic (Acute & Chronic)."}
]
""",
    ),
    (
        'E2',
        '001_c994fe4c4b6b30f4.txt decision 1, maximus',
        'Decision based on MTUS Chronic Pain Treatment Guidelines Page(s): 76, 80-82.',
        """
[
  {"body": "MTUS", "guideline": "Chronic Pain Medical Treatment Guidelines", "chapter": null, "title": null, "topic": null, "pages": "76, 80-82", "year": null, "edition": null, "sections": [], "text": "Chronic Pain Treatment Guidelines Page(s): 76, 80-82"}
]
""",
    ),
    (
        'E3',
        '003_3ed032a11a9024b6.txt decision 0, claims_administrator',
        'The Claims Administrator did not cite any medical evidence for its decision.',
        """
[]
""",
    ),
    (
        'E4',
        'CM17-0002181.pdf decision 0, claims_administrator',
        'Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): NSAIDs (non-steroidal anti-inflammatory drugs), NSAIDs, GI symptoms & cardiovascular risk, NSAIDs, specific drug list & adverse effects.',
        """
[
  {"body": "MTUS", "guideline": "Chronic Pain Medical Treatment Guidelines", "chapter": null, "title": null, "topic": "NSAIDs (non-steroidal anti-inflammatory drugs), NSAIDs, GI symptoms & cardiovascular risk, NSAIDs, specific drug list & adverse effects", "pages": null, "year": "2016", "edition": null, "sections": ["NSAIDs (non-steroidal anti-inflammatory drugs)", "NSAIDs, GI symptoms & cardiovascular risk", "NSAIDs, specific drug list & adverse effects"], "text": "Chronic Pain Medical Treatment 2016, Section(s): NSAIDs (non-steroidal anti-inflammatory drugs), NSAIDs, GI symptoms & cardiovascular risk, NSAIDs, specific drug list & adverse effects"}
]
""",
    ),
    (
        'E5',
        'CM17-0016311.pdf decision 2, claims_administrator',
        'Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Tramadol (Ultram), and Opioid Treatment 2016, Section(s): 3.3.1.1 Opioids for Chronic Pain and Chronic Opioid Treatment: Screening for Risk of Addiction or Adverse Events, Prior to Chronic Opioid Treatment: Screening for Drug Misuse/Abuse, 3.3.1.2 Opioids for Chronic Pain and Chronic Opioid Treatment: Screening for Risk of Addiction or Adverse Events, Prior to Chronic Opioid Treatment: Screening for Alcohol Misuse/Abuse.',
        """
[
  {"body": "MTUS", "guideline": "Chronic Pain Medical Treatment Guidelines", "chapter": null, "title": null, "topic": "Tramadol (Ultram)", "pages": null, "year": "2016", "edition": null, "sections": ["Tramadol (Ultram)"], "text": "Chronic Pain Medical Treatment 2016, Section(s): Tramadol (Ultram)"},
  {"body": "MTUS", "guideline": "Opioids", "chapter": null, "title": null, "topic": "3.3.1.1 Opioids for Chronic Pain and Chronic Opioid Treatment: Screening for Risk of Addiction or Adverse Events, Prior to Chronic Opioid Treatment: Screening for Drug Misuse/Abuse, 3.3.1.2 Opioids for Chronic Pain and Chronic Opioid Treatment: Screening for Risk of Addiction or Adverse Events, Prior to Chronic Opioid Treatment: Screening for Alcohol Misuse/Abuse", "pages": null, "year": "2016", "edition": null, "sections": ["3.3.1.1 Opioids for Chronic Pain and Chronic Opioid Treatment: Screening for Risk of Addiction or Adverse Events, Prior to Chronic Opioid Treatment: Screening for Drug Misuse/Abuse", "3.3.1.2 Opioids for Chronic Pain and Chronic Opioid Treatment: Screening for Risk of Addiction or Adverse Events, Prior to Chronic Opioid Treatment: Screening for Alcohol Misuse/Abuse"], "text": "Opioid Treatment 2016, Section(s): 3.3.1.1 Opioids for Chronic Pain and Chronic Opioid Treatment: Screening for Risk of Addiction or Adverse Events, Prior to Chronic Opioid Treatment: Screening for Drug Misuse/Abuse, 3.3.1.2 Opioids for Chronic Pain and Chronic Opioid Treatment: Screening for Risk of Addiction or Adverse Events, Prior to Chronic Opioid Treatment: Screening for Alcohol Misuse/Abuse"}
]
""",
    ),
    (
        'E6',
        'CM16-0239569.pdf decision 0, maximus',
        'Decision based on MTUS Low Back Complaints 2004, Section(s): Physical Methods. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low back, Manipulation; Neck and Upper back, Manipulation.',
        """
[
  {"body": "MTUS", "guideline": "ACOEM", "chapter": null, "title": "Low Back Complaints", "topic": "Physical Methods", "pages": null, "year": "2004", "edition": null, "sections": ["Physical Methods"], "text": "Low Back Complaints 2004, Section(s): Physical Methods"},
  {"body": "Non-MTUS", "guideline": "Official Disability Guidelines (ODG)", "chapter": null, "title": "Low back", "topic": "Manipulation", "pages": null, "year": null, "edition": null, "sections": ["Manipulation"], "text": "Official Disability Guidelines (ODG) Low back, Manipulation; Neck and Upper back, Manipulation."},
  {"body": "Non-MTUS", "guideline": "Official Disability Guidelines (ODG)", "chapter": null, "title": "Neck and Upper back", "topic": "Manipulation", "pages": null, "year": null, "edition": null, "sections": ["Manipulation"], "text": "Official Disability Guidelines (ODG) Low back, Manipulation; Neck and Upper back, Manipulation."}
]
""",
    ),
    (
        'E7',
        'CM16-0229336.pdf decision 0, claims_administrator',
        'The Claims Administrator based their decision on recommendation(s) outside of the MTUS Guidelines. Decision based on Non-MTUS Citation Official Disability Guidelines, 2016, Web Version, Criteria for skilled nursing facility.',
        """
[
  {"body": "MTUS", "guideline": null, "chapter": null, "title": null, "topic": null, "pages": null, "year": null, "edition": null, "sections": [], "text": "The Claims Administrator based their decision on recommendation(s) outside of the MTUS Guidelines.", "not_addressed": true},
  {"body": "Non-MTUS", "guideline": "Official Disability Guidelines (ODG)", "chapter": null, "title": null, "topic": "Criteria for skilled nursing facility", "pages": null, "year": null, "edition": "2016, Web Version", "sections": ["Criteria for skilled nursing facility"], "text": "Official Disability Guidelines, 2016, Web Version, Criteria for skilled nursing facility."}
]
""",
    ),
    (
        'E8',
        'CM16-0248698.pdf decision 3, claims_administrator',
        'The Claims Administrator based their decision on recommendation(s) outside of the MTUS Guidelines. Decision based on Non-MTUS Citation ACOEM Guidelines, Chapter 7, Independent Medical Examinations and Consultations, page 137.',
        """
[
  {"body": "MTUS", "guideline": null, "chapter": null, "title": null, "topic": null, "pages": null, "year": null, "edition": null, "sections": [], "text": "The Claims Administrator based their decision on recommendation(s) outside of the MTUS Guidelines.", "not_addressed": true},
  {"body": "Non-MTUS", "guideline": "ACOEM", "chapter": 7, "title": "Independent Medical Examinations and Consultations", "topic": null, "pages": "137", "year": null, "edition": null, "sections": [], "text": "ACOEM Guidelines, Chapter 7, Independent Medical Examinations and Consultations, page 137."}
]
""",
    ),
    (
        'E9',
        'CM16-0239569.pdf decision 0, claims_administrator',
        'Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Manual therapy & manipulation. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Neck and Upper Back (Acute and Chronic) Manipulation and ODG Chiropractic Guidelines.',
        """
[
  {"body": "MTUS", "guideline": "Chronic Pain Medical Treatment Guidelines", "chapter": null, "title": null, "topic": "Manual therapy & manipulation", "pages": null, "year": "2016", "edition": null, "sections": ["Manual therapy & manipulation"], "text": "Chronic Pain Medical Treatment 2016, Section(s): Manual therapy & manipulation"},
  {"body": "Non-MTUS", "guideline": "Official Disability Guidelines (ODG)", "chapter": null, "title": "Neck and Upper Back (Acute and Chronic)", "topic": "Manipulation", "pages": null, "year": null, "edition": null, "sections": ["Manipulation"], "text": "Official Disability Guidelines (ODG) Neck and Upper Back (Acute and Chronic) Manipulation and ODG Chiropractic Guidelines."},
  {"body": "Non-MTUS", "guideline": "Official Disability Guidelines (ODG)", "chapter": null, "title": null, "topic": "Chiropractic Guidelines", "pages": null, "year": null, "edition": null, "sections": ["Chiropractic Guidelines"], "text": "Official Disability Guidelines (ODG) Neck and Upper Back (Acute and Chronic) Manipulation and ODG Chiropractic Guidelines."}
]
""",
    ),
    (
        'E10',
        'CM17-0019218.pdf decision 0, maximus',
        'Decision based on MTUS Forearm, Wrist, and Hand Complaints 2004, Section(s): Special Studies. Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) MRI hand.',
        """
[
  {"body": "MTUS", "guideline": "ACOEM", "chapter": null, "title": "Forearm, Wrist, and Hand Complaints", "topic": "Special Studies", "pages": null, "year": "2004", "edition": null, "sections": ["Special Studies"], "text": "Forearm, Wrist, and Hand Complaints 2004, Section(s): Special Studies"},
  {"body": "Non-MTUS", "guideline": "Official Disability Guidelines (ODG)", "chapter": null, "title": "hand", "topic": "MRI", "pages": null, "year": null, "edition": null, "sections": ["MRI"], "text": "Official Disability Guidelines (ODG) MRI hand.", "note": "written topic-first ('MRI hand')"}
]
""",
    ),
    (
        'E11',
        'CM17-0013587.pdf decision 1, maximus',
        'The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines. Decision based on Non-MTUS Citation What is an electrocardiogram? National Heart, Lung, and Blood Institute, Department of Health and Human Services. http://www.nhlbi.nih.gov/health/health-topics/topics/ekg, accessed 02/18/2017, Benditt D, et al. Syncope in adults: Clinical manifestations and diagnostic evaluation. Topic 969, version 21.0. UpToDate, accessed 02/18/2017.',
        """
[
  {"body": "MTUS", "guideline": null, "chapter": null, "title": null, "topic": null, "pages": null, "year": null, "edition": null, "sections": [], "text": "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines.", "not_addressed": true},
  {"body": "Non-MTUS", "guideline": "National Heart, Lung, and Blood Institute, Department of Health and Human Services", "chapter": null, "title": "What is an electrocardiogram?", "topic": null, "pages": null, "year": null, "edition": "http://www.nhlbi.nih.gov/health/health-topics/topics/ekg, accessed 02/18/2017", "sections": [], "text": "What is an electrocardiogram? National Heart, Lung, and Blood Institute, Department of Health and Human Services. http://www.nhlbi.nih.gov/health/health-topics/topics/ekg, accessed 02/18/2017, Benditt D, et al. Syncope in adults: Clinical manifestations and diagnostic evaluation. Topic 969, version 21.0. UpToDate, accessed 02/18/2017."},
  {"body": "Non-MTUS", "guideline": "UpToDate", "chapter": null, "title": "Syncope in adults: Clinical manifestations and diagnostic evaluation", "topic": null, "pages": null, "year": null, "edition": "Topic 969, version 21.0, accessed 02/18/2017", "sections": [], "text": "What is an electrocardiogram? National Heart, Lung, and Blood Institute, Department of Health and Human Services. http://www.nhlbi.nih.gov/health/health-topics/topics/ekg, accessed 02/18/2017, Benditt D, et al. Syncope in adults: Clinical manifestations and diagnostic evaluation. Topic 969, version 21.0. UpToDate, accessed 02/18/2017.", "note": "authors as written: Benditt D, et al."}
]
""",
    ),
    (
        'E12',
        'CM17-0011543.pdf decision 0, claims_administrator',
        'Decision based on MTUS Neck and Upper Back Complaints 2004, Section(s): Special Studies. Decision based on Non-MTUS Citation Official Disability Guidelines, Neck and Upper Back, Electromyography (EMG); Nerve Conduction Studies (NCS).',
        """
[
  {"body": "MTUS", "guideline": "ACOEM", "chapter": null, "title": "Neck and Upper Back Complaints", "topic": "Special Studies", "pages": null, "year": "2004", "edition": null, "sections": ["Special Studies"], "text": "Neck and Upper Back Complaints 2004, Section(s): Special Studies"},
  {"body": "Non-MTUS", "guideline": "Official Disability Guidelines (ODG)", "chapter": null, "title": "Neck and Upper Back", "topic": "Electromyography (EMG); Nerve Conduction Studies (NCS)", "pages": null, "year": null, "edition": null, "sections": ["Electromyography (EMG)", "Nerve Conduction Studies (NCS)"], "text": "Official Disability Guidelines, Neck and Upper Back, Electromyography (EMG); Nerve Conduction Studies (NCS)."}
]
""",
    ),
]


def _expected(json_text: str) -> list[dict[str, Any]]:
    return [{key: value for key, value in citation.items() if key != "note"} for citation in json.loads(json_text)]


@pytest.mark.parametrize(("line", "expected"), [(e[2], e[3]) for e in EXAMPLES], ids=[e[0] for e in EXAMPLES])
def test_worked_example(line: str, expected: str) -> None:
    assert [citation.to_json() for citation in parse_citations(line)] == _expected(expected)


def test_every_example_of_section_e_is_here() -> None:
    assert [example[0] for example in EXAMPLES] == [f"E{n}" for n in range(1, 13)]


def test_keys_come_in_spec_order() -> None:
    spec_order = ["body", "guideline", "chapter", "title", "topic", "pages", "year", "edition", "sections", "text"]
    for _, _, line, _ in EXAMPLES:
        for citation in parse_citations(line):
            keys = list(citation.to_json())
            assert keys[:10] == spec_order
            assert keys[10:] == (["not_addressed"] if citation.not_addressed else [])
