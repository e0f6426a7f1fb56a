"""The fields panel marks exactly the field a parser warning names (`Letter.field_warnings`).

Warnings used to be matched to fields by their label's words, so a header warning about the
Date of Injury also marked the patient's date of injury, and a decision's warnings went to
whichever decision stood at that number after one was deleted. Now the warning's key decides.
"""

from __future__ import annotations

from typing import Any

import pytest

from imr_desk.core.fields import LETTER
from imr_desk.core.model import FieldWarning, Letter
from imr_desk.core.records import CaseRecord, ReviewState
from imr_desk.ui.fields_model import DecisionListModel
from imr_desk.ui.fields_panel import FieldsPanel
from tests.support.report_support import SHA256, invented_letter

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def record_of(letter: Letter, parsed: Letter | None = None, keys: list[str] | None = None) -> CaseRecord:
    parsed = parsed or letter
    keys = keys or [f"p{index}" for index in range(len(letter.decisions))]
    return CaseRecord(
        letter_id=1, letter=letter, parsed=parsed, decision_keys=keys,
        corrections=[], annotations=[], review=ReviewState(), version=1, file_name=letter.source.file,
        sha256=SHA256, imported_at="2016-12-12T08:00:00+00:00",
    )


def with_warnings(*found: FieldWarning) -> Letter:
    letter = invented_letter()
    letter.set_warnings(list(found))
    return letter


@pytest.fixture
def panel(qtbot: Any) -> FieldsPanel:
    shown = FieldsPanel()
    qtbot.addWidget(shown)
    return shown


def state(panel: FieldsPanel, key: str) -> str:
    editor = panel.editor_for(key)
    assert editor is not None, key
    return str(editor.property("fieldState") or "")  # type: ignore[attr-defined]


def test_a_header_date_of_injury_warning_marks_the_header_field_only(panel: FieldsPanel) -> None:
    letter = with_warnings(FieldWarning("header.date_of_injury", "header: no value found for 'Date of Injury'"))
    letter.header.date_of_injury = None
    panel.set_record(record_of(letter))
    assert state(panel, "header.date_of_injury") == "warning"
    assert "no value found for 'Date of Injury'" in panel.editor_for("header.date_of_injury").toolTip()  # type: ignore[union-attr]
    assert state(panel, "patient.date_of_injury") == ""  # the summary's date of injury is not in question
    assert [name for name, editor in panel._letter_editors.items() if editor.property("fieldState")] == [
        "header.date_of_injury"]


def test_a_warning_about_the_whole_letter_marks_no_field(panel: FieldsPanel) -> None:
    message = "header: no first-page header found (case number, dates)"
    panel.set_record(record_of(with_warnings(FieldWarning(LETTER, message))))
    assert not [name for name, editor in panel._letter_editors.items() if editor.property("fieldState")]
    assert message in panel._warnings.text() and panel._warnings.isVisibleTo(panel)


def test_a_decisions_warning_marks_that_decision_after_an_earlier_one_is_deleted(panel: FieldsPanel) -> None:
    parsed = with_warnings(FieldWarning("decisions[1].maximus_guideline", "decision 2: no MAXIMUS guideline found"))
    effective = with_warnings(*parsed.field_warnings)
    del effective.decisions[0]  # decision 1 deleted by hand: decision 2 (key p1) now stands first
    panel.set_record(record_of(effective, parsed, ["p1"]))
    assert panel.decision_model.data(panel.decision_model.index(0, 0), DecisionListModel.WarningsRole) == [
        "decision 2: no MAXIMUS guideline found"]
    assert panel.select_decision("p1")
    assert state(panel, "p1.maximus_guideline") == "warning"
    assert [name for name, editor in panel.decision_editor.editors.items() if editor.property("fieldState")] == [
        "maximus_guideline"]


def test_a_decision_warning_marks_the_field_it_names_not_those_sharing_its_words(panel: FieldsPanel) -> None:
    message = "decision 1: the original request holds stray marks '|' (OCR specks?); please check"
    panel.set_record(record_of(with_warnings(FieldWarning("decisions[0].original_request", message))))
    assert panel.select_decision("p0")
    assert state(panel, "p0.original_request") == "warning"
    assert state(panel, "p0.request") == ""  # "request" is one of the warning's words, not its field
    assert panel.decision_model.data(panel.decision_model.index(1, 0), DecisionListModel.WarningsRole) == []
