"""Measuring how well scanned letters read: OCR a scanned copy, parse it, score the fields.

Shared by the OCR accuracy tests and `benchmarks/bench_ocr.py` so both count the same way.

"Field accuracy" is the share of expected fields whose parsed value equals the expected value
exactly. The fields of one letter are: the 7 header fields, the 2 reviewer lists, the
patient fields the expected values state (a ``null`` there means "not checked"), the case
summary, and the 7 fields of every expected decision (a decision the parser did not find
counts as 7 misses). Beside the exact rate each text field also gets a similarity in [0, 1]
(``difflib`` ratio) that shows how close OCR damage left a long text.
"""

from __future__ import annotations

import difflib
import json
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from imr_desk.core.model import DECISION_TEXT_FIELDS, HEADER_FIELDS

DECISION_FIELDS = ("outcome", *tuple(name for name in DECISION_TEXT_FIELDS if name != "outcome"))


@dataclass
class FieldScore:
    """One expected field of one letter and how the parsed value compares."""

    file: str
    key: str  # e.g. "header.case_number", "decisions[2].rationale"
    group: str  # the key without the decision index: "decision.rationale"
    expected: Any
    found: Any
    exact: bool
    similarity: float


def flatten_expected(expected: dict[str, Any]) -> dict[str, Any]:
    """The expected values as ``{key: value}``, in the keys `score_letter` uses."""
    fields: dict[str, Any] = {}
    for name in HEADER_FIELDS:
        fields[f"header.{name}"] = expected["header"].get(name)
    for name in ("licensure_states", "specialties"):
        fields[f"reviewer.{name}"] = expected["reviewer"].get(name)
    for name, value in expected["patient"].items():
        if value is not None:
            fields[f"patient.{name}"] = value
    fields["case_summary"] = expected["case_summary"]
    for index, decision in enumerate(expected["decisions"]):
        for name in DECISION_FIELDS:
            fields[f"decisions[{index}].{name}"] = decision.get(name)
    return fields


def flatten_parsed(letter_json: dict[str, Any]) -> dict[str, Any]:
    """A parsed letter's JSON (`Letter.to_json()`) in the same keys as `flatten_expected`."""
    fields: dict[str, Any] = {}
    for section in ("header", "reviewer", "patient"):
        for name, value in letter_json[section].items():
            fields[f"{section}.{name}"] = value
    fields["case_summary"] = letter_json["case_summary"]
    for index, decision in enumerate(letter_json["decisions"]):
        for name in DECISION_FIELDS:
            fields[f"decisions[{index}].{name}"] = decision.get(name)
    return fields


def similarity(expected: Any, found: Any) -> float:
    """1.0 for equal values; for text (or lists of text) the difflib ratio; else 0.0."""
    if expected == found:
        return 1.0
    if isinstance(expected, list) and isinstance(found, list):
        expected, found = ", ".join(map(str, expected)), ", ".join(map(str, found))
    if isinstance(expected, str) and isinstance(found, str):
        return difflib.SequenceMatcher(None, expected, found, autojunk=False).ratio()
    return 0.0


def score_letter(file: str, expected: dict[str, Any], letter_json: dict[str, Any]) -> list[FieldScore]:
    """Score every expected field of one letter against its parsed JSON."""
    found = flatten_parsed(letter_json)
    scores = []
    for key, value in flatten_expected(expected).items():
        parsed = found.get(key)
        group = "decision." + key.split(".", 1)[1] if key.startswith("decisions[") else key
        scores.append(FieldScore(file, key, group, value, parsed, parsed == value, similarity(value, parsed)))
    return scores


def summarise(scores: list[FieldScore]) -> dict[str, tuple[int, int, float]]:
    """``{group: (fields, exact matches, mean similarity)}`` plus an ``"all fields"`` row."""
    groups: dict[str, list[FieldScore]] = defaultdict(list)
    for score in scores:
        groups[score.group].append(score)
        groups["all fields"].append(score)
    return {
        group: (len(items), sum(item.exact for item in items), sum(item.similarity for item in items) / len(items))
        for group, items in groups.items()
    }


def summary_table(scores: list[FieldScore]) -> str:
    """`summarise` as a plain text table (one line per field group)."""
    rows = [f"{'field':40} {'fields':>6} {'exact':>6} {'exact %':>8} {'similarity':>10}"]
    for group, (count, exact, mean) in sorted(summarise(scores).items(), key=lambda item: item[0] == "all fields"):
        rows.append(f"{group:40} {count:6d} {exact:6d} {100 * exact / count:7.1f}% {mean:10.4f}")
    return "\n".join(rows)


def decisions_agree(expected: dict[str, Any], letter_json: dict[str, Any]) -> bool:
    """True when the parsed letter has the expected number of decisions, outcomes in order."""
    return [d["outcome"] for d in expected["decisions"]] == [d["outcome"] for d in letter_json["decisions"]]


def read_scanned(
    pdf_path: str, *, dpi: int = 200, skew_degrees: float = 0.0, noise: float = 0.0,
    ocr_dpi: int | None = None, save_to: str | None = None,
) -> dict[str, Any]:
    """Make a scanned copy of `pdf_path`, OCR and parse it; return the letter JSON.

    Runs in a worker process (arguments and result are plain data). The JSON gets an extra
    ``"ocr_seconds"`` key (time spent loading, i.e. OCR'ing, the copy); a letter that fails
    gives ``{"file": ..., "error": {...}}`` instead. With `save_to` the
    scanned PDF is written there, and the JSON next to it with suffix ``.json``.
    """
    from imr_desk.core.model import LetterError
    from imr_desk.core.ocr import pages as ocr
    from imr_desk.core.parsing.letters import parse_document
    from imr_desk.core.reading.load import load_document
    from tools.scan_sim import scanned_copy

    reader = ocr.Tesseract(dpi=ocr_dpi or ocr.OCR_DPI)
    name = Path(pdf_path).name
    # A fixed seed (the name's length): every run makes the very same noisy copies.
    scanned = scanned_copy(Path(pdf_path).read_bytes(), dpi=dpi, skew_degrees=skew_degrees, noise=noise, seed=len(name))
    started = time.perf_counter()
    try:
        document = load_document(name, data=scanned, page_reader=reader)
        ocr_seconds = time.perf_counter() - started
        try:
            letter_json = parse_document(document).to_json()
        finally:
            document.close()
    except LetterError as error:  # reported as data: a LetterError does not cross processes
        return {"file": name, "error": error.to_json()}
    letter_json["ocr_seconds"] = ocr_seconds
    if save_to is not None:
        Path(save_to).write_bytes(scanned)
        Path(save_to).with_suffix(".json").write_text(json.dumps(letter_json), encoding="utf-8")
    return letter_json
