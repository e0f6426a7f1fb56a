"""The field registry: one entry per field of the letter JSON, and the words people see.

The registry's keys are the JSON paths of ``shared/spec/letter-json.md`` (checked against a
parsed letter's JSON and the model's dataclasses), choice fields allow exactly the values the
letters use, and the names kept elsewhere for old imports (`records.FIELD_LABELS`,
`model.DECISION_TEXT_FIELDS`, ...) come from it.
"""

from __future__ import annotations

import json
import re
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any

import pytest

from imr_desk.core import fields, model, records
from imr_desk.core.fields import FIELDS, LETTER, Field, field_for, is_field_key, registry_key, split_key


def _walk(data: dict, path: str) -> object:
    for part in path.split("."):
        assert part in data, path
        data = data[part]
    return data


# What the analysis finds (core/findings.py) rather than what the parser reads off the letter;
# of these the treatment category is a registry field too (correctable, `DECISION_FINDING_FIELD_NAMES`).
FINDINGS = ("category", "citations", "diagnoses")
FINDING_FIELDS = ("category",)


def test_every_registry_key_is_a_json_path_of_a_parsed_letter(corpus_dir: Path, read_corpus: Any) -> None:
    letter, _ = read_corpus(corpus_dir / "dwc-2016/CM16-0229336.pdf")
    data = letter.to_json()
    for key in fields.LETTER_FIELD_KEYS:
        _walk(data, key)
    for decision in data["decisions"]:
        parsed = [name for name in decision if name not in ("spans", "regions", *FINDINGS)]
        assert parsed == list(fields.DECISION_FIELD_NAMES)


def test_the_registry_names_every_field_of_the_model_in_its_order() -> None:
    for section, kind in (("header", model.Header), ("reviewer", model.Reviewer), ("patient", model.Patient)):
        names = [f.name for f in dataclass_fields(kind) if f.name not in FINDINGS]
        assert [e.name for e in FIELDS.values() if e.section == section] == names
    decision_names = [f.name for f in dataclass_fields(model.Decision) if f.name not in ("spans", "regions", *FINDINGS)]
    assert list(fields.DECISION_FIELD_NAMES) == decision_names == list(model.DECISION_TEXT_FIELDS)
    assert fields.DECISION_FINDING_FIELD_NAMES == FINDING_FIELDS
    assert (*decision_names, *FINDING_FIELDS) == fields.DECISION_CORRECTABLE_NAMES
    assert [e.name for e in FIELDS.values() if e.in_decision] == [*decision_names, *FINDING_FIELDS]


def test_the_category_field_takes_the_taxonomy_labels() -> None:
    from imr_desk.core import taxonomy

    entry = FIELDS["decisions[].category"]
    assert entry.kind == "category" and entry.label == taxonomy.CATEGORY_LABEL == "Treatment category"
    assert entry.choices == () and entry.max_length >= 2 * max(len(label) for label in taxonomy.labels())
    assert records.FIELD_LABELS["category"] == "Treatment category"
    assert list(model.HEADER_FIELDS) == [f.name for f in dataclass_fields(model.Header)]


def test_every_field_has_words_a_kind_and_help() -> None:
    assert len({entry.label for entry in FIELDS.values()}) == len(FIELDS)  # no two fields called the same
    for entry in FIELDS.values():
        assert entry.label and entry.help.endswith(".") and entry.kind in fields.KINDS, entry.key
        assert entry.label[0].isupper() and entry.shown_label[0].isupper(), entry.key
    assert {entry.kind for entry in FIELDS.values()} == set(fields.KINDS)
    assert FIELDS["header.decision_date"].kind == "date" and FIELDS["patient.age"].kind == "number"
    assert FIELDS["reviewer.specialties"].kind == "list" and FIELDS["case_summary"].long_text


def test_choice_fields_allow_the_values_letters_use(corpus_dir: Path) -> None:
    assert FIELDS["decisions[].outcome"].choices == model.OUTCOMES == ("upheld", "overturned")
    assert FIELDS["patient.sex"].choices == ("male", "female")
    priorities = {json.loads(path.read_text(encoding="utf-8"))["header"].get("priority")
                  for path in (corpus_dir / "expected").glob("*.json")}
    assert priorities - {None} <= set(FIELDS["header.priority"].choices) == {"Standard", "Expedited"}
    with pytest.raises(ValueError, match="choice"):
        Field("header.priority", "Priority", "text", "Help.", ("Standard",))
    with pytest.raises(ValueError, match="kind"):
        Field("patient.age", "Age", "integer", "Help.")


def test_decision_keys_carry_an_index_the_registry_leaves_out() -> None:
    assert fields.decision_field_key(2, "outcome") == "decisions[2].outcome"
    assert split_key("decisions[2].outcome") == (2, "outcome")
    assert split_key("header.decision_date") == (None, "header.decision_date")
    assert registry_key("decisions[11].rationale") == "decisions[].rationale"
    assert field_for("decisions[0].authorized").label == "Authorized portion"
    assert field_for("decisions[].outcome").name == "outcome" and field_for("decisions[].outcome").in_decision
    assert is_field_key(LETTER) and is_field_key("decisions[3].request") and is_field_key("patient.sex")
    assert not is_field_key("decisions[0].spans") and not is_field_key("header") and not is_field_key("p0.request")
    with pytest.raises(KeyError):
        field_for("header.nothing")


def test_review_states_and_outcomes_have_one_wording() -> None:
    words = [fields.review_state_word(state) for state in fields.REVIEW_STATES]
    assert words == ["Unreviewed", "In review", "Verified"]
    assert fields.review_state_word("on_hold") == "On hold"
    assert [fields.outcome_word(o) for o in ("upheld", "overturned", "", None)] == ["Upheld", "Overturned", "", ""]
    assert records.REVIEW_STATES == fields.REVIEW_STATES


def test_old_names_are_derived_from_the_registry() -> None:
    assert records.LETTER_FIELDS == fields.LETTER_FIELD_KEYS
    for key in fields.LETTER_FIELD_KEYS:
        assert records.FIELD_LABELS[key] == FIELDS[key].label
    for name in fields.DECISION_FIELD_NAMES:
        assert records.FIELD_LABELS[name] == FIELDS[f"decisions[].{name}"].label
    assert records.FIELD_LABELS["decision"] == fields.DECISION_LABEL


def test_every_field_has_a_length_limit_far_above_the_corpus(corpus_dir: Path) -> None:
    longest: dict[str, int] = {}
    for path in (corpus_dir / "expected").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        values = [(key, _walk(data, key)) for key in fields.LETTER_FIELD_KEYS]
        values += [(f"decisions[].{name}", decision[name]) for decision in data["decisions"]
                   for name in fields.DECISION_FIELD_NAMES]
        for key, value in values:
            longest[key] = max(longest.get(key, 0), fields.value_length(value))
    assert set(longest) | {"decisions[].category"} == set(FIELDS)  # the category: see above
    for key, entry in FIELDS.items():
        if entry.kind == "category":
            continue
        if entry.kind == "date":  # an ISO date: exactly 10 characters
            assert entry.max_length == 10 >= longest[key], key
        elif entry.kind == "choice":
            assert entry.max_length >= 2 * max(len(choice) for choice in entry.choices), key
        else:
            assert entry.max_length >= 3 * max(longest[key], 3), (key, entry.max_length, longest[key])
        fields.check_length(key, "x" * entry.max_length)  # the limit itself is allowed
    assert FIELDS["header.case_number"].max_length == 40 and FIELDS["header.decision_date"].max_length == 10
    assert FIELDS["decisions[].rationale"].max_length == FIELDS["case_summary"].max_length == 200_000
    assert fields.NOTE_MAX_LENGTH == 100_000


def test_a_value_beyond_its_field_limit_is_refused_with_the_fields_label() -> None:
    with pytest.raises(ValueError, match=r"^Case number: 20,000 characters, more than the 40 this field holds$"):
        fields.check_length("header.case_number", "7" * 20_000)
    with pytest.raises(ValueError, match=r"^Request: 5,001 characters, more than the 5,000 this field holds$"):
        fields.check_length("decisions[2].request", "r" * 5_001)
    with pytest.raises(ValueError, match=r"^Reviewer specialty: 2,002 characters"):
        fields.check_length("reviewer.specialties", ["a" * 1_000, "b" * 1_000])  # joined by ", "
    fields.check_length("header.case_number", "CM16-0213037")
    fields.check_length("header.priority", None)
    fields.check_length("patient.age", 52)
    with pytest.raises(ValueError, match=r"^Note: 1,000,000 characters, more than the 100,000 this field holds$"):
        fields.check_note_length("n" * 1_000_000)
    fields.check_note_length("n" * 100_000)
    with pytest.raises(KeyError):
        fields.check_length("header.nothing", "x")
    with pytest.raises(ValueError, match="at least one character"):
        Field("header.priority", "Priority", "text", "Help.", max_length=0)


def test_every_check_code_has_words() -> None:
    """The codes docs/checks.md describes (and the analysis and deadline rules emit) have words."""
    from imr_desk.core.analysis import checks as analysis_checks
    from imr_desk.core.deadlines import checks as deadline_checks

    documented = set(re.findall(r"^## ([a-z_]+) —", (Path(__file__).parents[2] / "docs/checks.md").read_text(
        encoding="utf-8"), re.MULTILINE))
    emitted = set(re.findall(r'"([a-z]+_[a-z_]+)", (?:WARN|INFO|"warn"|"info")',
                             Path(analysis_checks.__file__).read_text(encoding="utf-8")
                             + Path(deadline_checks.__file__).read_text(encoding="utf-8")))
    assert documented <= emitted and len(emitted) == 8
    assert emitted == set(fields.CHECK_WORDS)
    assert fields.check_word("doi_mismatch") == "Date of injury differs"
    assert fields.check_word("new_check") == "New check"
    assert [fields.severity_word(s) for s in ("warn", "info")] == ["Warning", "Information"]
