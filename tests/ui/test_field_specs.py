"""The fields panel's field descriptions come from the field registry (words, kinds, choices)."""

from __future__ import annotations

import pytest

from imr_desk.core.fields import FIELDS
from imr_desk.ui.fields_model import DECISION_SPECS_BY_NAME, LETTER_FIELD_SPECS, parse_field_text


def test_every_field_is_described_in_the_registrys_words() -> None:
    assert set(LETTER_FIELD_SPECS) == {key for key, entry in FIELDS.items() if not entry.in_decision}
    for key, spec in LETTER_FIELD_SPECS.items():
        assert (spec.label, spec.help) == (FIELDS[key].shown_label, FIELDS[key].help)
    for name, spec in DECISION_SPECS_BY_NAME.items():
        assert (spec.label, spec.help) == (FIELDS[f"decisions[].{name}"].label, FIELDS[f"decisions[].{name}"].help)
    assert LETTER_FIELD_SPECS["patient.date_of_injury"].label == "Date of injury (summary)"  # not the header's
    assert LETTER_FIELD_SPECS["patient.age"].kind == "int" and LETTER_FIELD_SPECS["case_summary"].kind == "multiline"
    assert DECISION_SPECS_BY_NAME["outcome"].choices == ("upheld", "overturned")
    assert LETTER_FIELD_SPECS["patient.sex"].choices == ("", "male", "female")


def test_priority_is_typed_but_only_standard_or_expedited() -> None:
    spec = LETTER_FIELD_SPECS["header.priority"]
    assert spec.kind == "text"  # a line that shows whatever word the letter has
    assert parse_field_text(" expedited ", spec) == "Expedited"
    assert parse_field_text("STANDARD", spec) == "Standard"
    assert parse_field_text("", spec) is None
    with pytest.raises(ValueError, match="Priority must be one of: Standard, Expedited"):
        parse_field_text("Rush", spec)
    assert parse_field_text("Overturned", DECISION_SPECS_BY_NAME["outcome"]) == "overturned"
