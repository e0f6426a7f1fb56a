"""The clinical summary's diagnoses (`analysis.diagnoses.find_diagnoses`).

Invented summaries pin the list rules (split items, keep ICD-10 wordings whole, join
modifiers and qualifiers, drop fragments, dedupe); hand-made labels of corpus letters
measure precision and recall. The labels were made by reading each letter's clinical case
summary and writing down, as the letter words them, the diagnoses its diagnosis sentence
("The current diagnoses are documented as …", "was diagnosed as having …", "is undergoing
treatment for …") names, one item per condition; a letter without such a sentence has none.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from imr_desk.core.analysis.diagnoses import find_diagnoses
from imr_desk.core.model import Letter, Source, collapse_whitespace
from imr_desk.core.reading.document import Document

OPENING = "including all medical records: "


def summary_letter(summary: str) -> Letter:
    """A letter whose text is a heading and `summary`, with the summary's span set."""
    text = "CLINICAL CASE SUMMARY\n" + OPENING + summary + "\nIMR ISSUES, DECISIONS AND RATIONALES\n"
    start = text.index(summary)
    letter = Letter(source=Source(file="invented.txt", kind="text"), text=text, case_summary=summary)
    letter.spans["case_summary"] = (start, start + len(summary))
    return letter


def names(summary: str) -> list[str]:
    return [d.text for d in find_diagnoses(summary_letter(summary))]


def test_a_list_is_split_into_its_items_with_spans_on_their_words() -> None:
    letter = summary_letter(
        "The injured worker is a 50 year old male. Current diagnoses included lumbar radiculopathy, "
        "cervical strain and depression. Treatment to date has included medications."
    )
    found = find_diagnoses(letter)
    assert [d.text for d in found] == ["lumbar radiculopathy", "cervical strain", "depression"]
    for diagnosis in found:
        assert letter.text[diagnosis.span[0]:diagnosis.span[1]] == diagnosis.text


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("He was diagnosed with carpal tunnel syndrome. He works.", ["carpal tunnel syndrome"]),
        ("The diagnosis was lumbar radiculopathy. The plan was Norco.", ["lumbar radiculopathy"]),
        ("The diagnoses included post-concussion syndrome and post traumatic headaches.",
         ["post-concussion syndrome", "post traumatic headaches"]),
        ("The injured worker is undergoing treatment for strain of muscle, fascia and tendon of the lower back.",
         ["strain of muscle, fascia and tendon of the lower back"]),
        ("The current diagnoses are documented as lumbar, hip, and neck strain. Prior treatments included rest.",
         ["lumbar, hip, and neck strain"]),
        ("Diagnoses include sprain of joints and ligaments in the neck and right and left elbow joint sprain.",
         ["sprain of joints and ligaments in the neck", "right and left elbow joint sprain"]),
        ("The worker has had diagnoses of lumbar strain, subsequent encounter and sciatica of left side.",
         ["lumbar strain, subsequent encounter", "sciatica of left side"]),
        ("The current diagnoses are documented as a strain of the left hip; pain, unspecified; and headache.",
         ["strain of the left hip", "pain, unspecified", "headache"]),
        ("The diagnostic impression shows lumbar radiculopathy.Treatment to date: medication.",
         ["lumbar radiculopathy"]),
    ],
)
def test_the_summaries_wordings(summary: str, expected: list[str]) -> None:
    assert names(summary) == expected


def test_the_same_diagnosis_named_twice_is_kept_once() -> None:
    summary = "The diagnosis included lumbar radiculopathy. Later the diagnosis was Lumbar radiculopathy."
    assert names(summary) == ["lumbar radiculopathy"]


def test_no_diagnosis_sentence_gives_none_and_diagnostic_studies_are_no_diagnosis() -> None:
    summary = ("Treatment to date has included diagnostic studies and medications. Electro diagnostics on "
               "4/18/2011 showed no evidence of radiculopathy.")
    assert names(summary) == []


def test_a_sentence_fragment_is_not_a_diagnosis() -> None:
    assert names("The diagnosis was documented as he reported that the pain was worse at night. He works.") == []


def test_a_letter_without_a_summary_span_has_no_diagnoses() -> None:
    assert find_diagnoses(Letter(source=Source(file="x.txt", kind="text"), text="Diagnoses include gout.")) == []


# (file, the diagnoses as labelled by hand from the letter's clinical case summary)
LABELS: list[tuple[str, list[str]]] = [
    ("dwc-2016/CM16-0233904.pdf", ["cervical strain", "lumbar strain", "lumbar disc protrusion",
                                   "lumbar degenerative disc disease", "bilateral shoulder sprain-strain",
                                   "severe tendonitis on right lateral epicondyle", "insomnia"]),
    ("dwc-2016/CM16-0238035.pdf", ["shoulder pain", "chronic pain", "rotator cuff tear"]),
    ("dwc-2016/CM16-0239569.pdf", ["cervical sprain", "thoracic sprain", "lumbar sprain",
                                   "right and left shoulder joint sprain", "right and left elbow joint sprain"]),
    ("dwc-2016/CM16-0240434.pdf", ["right knee contusion", "right knee medial meniscus tear",
                                   "supraventricular tachycardia"]),
    ("dwc-2016/CM16-0243453.pdf", ["sprain of ligaments of the cervical spine",
                                   "sprain of the ligaments of the thoracic spine",
                                   "sprain of the ligaments of the lumbar spine", "contusion of right elbow",
                                   "contusion of right knee"]),
    ("dwc-2016/CM16-0249536.pdf", ["cervicalgia", "pain in thoracic spine", "low back pain", "pain in unspecified hip",
                                   "pain in unspecified knee", "pain in unspecified ankle", "pain, unspecified"]),
    ("dwc-2016/CM17-0010006.pdf", ["strain of the left hip", "strain of the muscle, fascia, and tendon of the low back",
                                   "sprain of the muscle, fascia, and tendon of the left hip",
                                   "sprain of the ligaments of the lumbar spine",
                                   "unspecified injury of the left lower leg", "lumbar strain", "left knee injury"]),
    ("dwc-2016/CM17-0010728.pdf", ["left shoulder labral tear", "possible rotator cuff tear", "impingement syndrome",
                                   "left thumb non-displaced fracture"]),
    ("dwc-2016/CM17-0008551.pdf", ["strain of unspecified muscle, fascia and tendon at shoulder and upper arm level "
                                   "right arm", "impingement syndrome of right shoulder"]),
    ("dwc-2016/CM17-0017734.pdf", ["headaches", "post-traumatic cephalalgia", "cervical spine pain",
                                   "cervical myofascialgia", "anxiety", "depression"]),
    ("dwc-2016/CM17-0019218.pdf", ["open wound of right thumb", "possible right thumb foreign body",
                                   "status post foreign body excision right thumb",
                                   "right thumb post-operative infection"]),
    ("dwc-2016/CM16-0236969.pdf", ["strain of the muscles, fascia and tendon of the right shoulder- upper arm",
                                   "right strain of muscle fascia and tendons of the neck",
                                   "right strain of muscle and tendons of the wall of the thoracic spine",
                                   "right ulna fracture"]),
    ("dwc-2016/CM17-0007857.pdf", ["right shoulder impingement",
                                   "rule out cervical and lumbar spine herniated nucleus pulposus"]),
    ("dwc-2016/CM17-0006287.pdf", ["bilateral lumbar radiculitis",
                                   "3mm disc protrusion at L4-5 with lateral recess and foraminal stenosis"]),
    ("dwc-2016/CM17-0002181.pdf", ["strain of muscle and-or tendon of wrist", "low back strain", "strain of knee",
                                   "shoulder strain"]),
    ("dwc-2016/CM16-0221706.pdf", ["male erectile disorder"]),
    ("dwc-2016/CM16-0247287.pdf", []),
    ("seeds/000_907277739bb1d4b6.txt", ["Lumbar spondylosis with possible radiculopathy",
                                        "thoracic disease probable disc herniation"]),
    ("seeds/001_c994fe4c4b6b30f4.txt", []),
    ("seeds/004_1c39840940bed716.txt", ["L4-S1 herniated nucleus pulposus", "lumbar radiculopathy"]),
]
MIN_PRECISION = 0.95
MIN_RECALL = 0.9


def _key(text: str) -> str:
    return collapse_whitespace(text).lower()


def test_precision_and_recall_on_hand_labelled_corpus_letters(
    corpus_dir: Path, read_corpus: Callable[[Path], tuple[Letter, Document]]
) -> None:
    true_positives = found_count = labelled_count = 0
    misses: list[str] = []
    for name, labels in LABELS:
        letter = read_corpus(corpus_dir / name)[0]
        found = find_diagnoses(letter)
        for diagnosis in found:  # every span marks the diagnosis's own words
            assert collapse_whitespace(letter.text[diagnosis.span[0]:diagnosis.span[1]]) == diagnosis.text
        got, wanted = {_key(d.text) for d in found}, {_key(label) for label in labels}
        true_positives += len(got & wanted)
        found_count += len(got)
        labelled_count += len(wanted)
        misses += [f"{name}: missed {w!r}" for w in wanted - got] + [f"{name}: extra {g!r}" for g in got - wanted]
    precision, recall = true_positives / found_count, true_positives / labelled_count
    print(f"diagnoses: precision {precision:.3f}, recall {recall:.3f} ({true_positives}/{found_count} found, "
          f"{true_positives}/{labelled_count} labelled)", *misses, sep="\n")
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, misses
