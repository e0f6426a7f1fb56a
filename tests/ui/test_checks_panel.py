"""The Letter tab's Checks box and the Patient section's diagnoses: each finding shown in words
(severity by icon and word), and a click marks every span of its evidence in the letter, on the
right words, scrolled to the first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from letter_desk import Desk
from PySide6.QtCore import Qt
from test_main_window import words_under

from imr_desk.core.fields import check_word, severity_word
from imr_desk.core.store import Store
from imr_desk.ui.checks_panel import SEVERITY_ICONS, check_rows
from imr_desk.ui.finding_marks import MARK_PREFIX, check_key, diagnosis_key, finding_spans

pytestmark = pytest.mark.usefixtures("message_boxes")

DOI_LETTER = "CM16-0239569.pdf"  # the header's date of injury differs from the clinical summary's


@pytest.fixture
def desk(store: Store, qtbot: Any, corpus_dir: Path) -> Any:
    result = store.import_file(corpus_dir / "dwc-2016" / DOI_LETTER)
    assert result.status == "imported", result.message
    made = Desk(store, qtbot)
    made.open(result.letter_id)
    yield made
    made.close_desk()


def marked_words(desk: Desk) -> list[str]:
    scene = desk.letter_pane.scene
    keys = sorted((key for key in scene.items_by_key if key.startswith(MARK_PREFIX)), key=lambda k: int(k[5:]))
    return [words_under(desk, key) for key in keys]


def test_every_check_is_listed_with_its_severity_in_words(desk: Desk) -> None:
    letter = desk.record.letter
    section = desk.fields.checks
    assert section.title() == f"Checks ({len(letter.checks)})"
    assert [row.key for row in section.list.rows] == [check_key(i) for i in range(len(letter.checks))]
    for row, check in zip(section.list.rows, letter.checks):
        heading, message = row.label.text().split("\n", 1)
        assert heading == f"{SEVERITY_ICONS[check.severity]} {severity_word(check.severity)} · {check_word(check.code)}"
        assert message == check.message
        assert row.label.wordWrap()
    doi = next(row for row, check in zip(section.list.rows, letter.checks) if check.code == "doi_mismatch")
    assert doi.label.text().startswith("⚠ Warning · Date of injury differs")
    assert {check.code for check in letter.checks} >= {"doi_mismatch", "decision_late", "repeat_after"}


def test_clicking_a_check_marks_its_evidence_on_the_right_words(desk: Desk, qtbot: Any) -> None:
    letter = desk.record.letter
    index = next(i for i, check in enumerate(letter.checks) if check.code == "doi_mismatch")
    row = desk.fields.checks.list.row(check_key(index))
    assert row is not None
    desk.fields.checks.parentWidget().parentWidget().parentWidget().ensureWidgetVisible(row)
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    spans = sorted(letter.checks[index].spans)
    assert desk.letter_pane.marked_spans == spans
    assert [letter.text[start:end] for start, end in spans] == ["11/15/2016", "11/05/2016"]
    assert marked_words(desk) == ["11/15/2016", "11/05/2016"]  # read from the PDF under each mark
    first = desk.letter_pane.scene.items_by_key[f"{MARK_PREFIX}0"].scene_bounds()
    assert desk.letter_pane.visible_scene_rect().intersects(first)  # scrolled to the first
    desk.shot("checks-panel-doi-marked.png")
    # Enter on another check replaces the marks; a field's key clears them
    late = next(i for i, check in enumerate(letter.checks) if check.code == "decision_late")
    late_row = desk.fields.checks.list.row(check_key(late))
    late_row.setFocus()
    qtbot.keyClick(late_row, Qt.Key.Key_Return)
    assert desk.letter_pane.marked_spans == sorted(letter.checks[late].spans)
    assert len(marked_words(desk)) == 3
    desk.letter_pane.show_block("header.case_number")
    assert desk.letter_pane.marked_spans == [] and marked_words(desk) == []


def test_clicking_a_diagnosis_marks_its_words(desk: Desk, qtbot: Any) -> None:
    diagnoses = desk.record.letter.patient.diagnoses
    rows = desk.fields.diagnoses.rows
    assert [row.label.text() for row in rows] == [" ".join(d.text.split()) for d in diagnoses]
    qtbot.mouseClick(rows[1], Qt.MouseButton.LeftButton)
    assert desk.letter_pane.marked_spans == [diagnoses[1].span]
    words = [word.strip(",;.") for word in " ".join(marked_words(desk)).lower().split()]  # PDF words keep commas
    assert words == diagnoses[1].text.lower().split()
    desk.shot("patient-diagnosis-marked.png")


def test_finding_keys_name_only_findings_the_letter_has(desk: Desk) -> None:
    record = desk.record
    assert finding_spans(record, check_key(len(record.letter.checks))) is None
    assert finding_spans(record, diagnosis_key(0)) == [record.letter.patient.diagnoses[0].span]
    assert finding_spans(record, "header.case_number") is None
    assert check_rows(None) == []


def test_in_the_window_a_check_marks_its_evidence_and_the_deadlines_are_read(opened: Any, store: Store,
                                                                             qtbot: Any) -> None:
    """The window's own wiring: a finding's key goes to the letter pane like a field's; the
    Deadlines box reads the case's deadlines from the window's store."""
    letter = opened.current.record.letter
    index = next(i for i, check in enumerate(letter.checks) if check.code == "decision_late")
    row = opened.fields.checks.list.row(check_key(index))
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    assert opened.letter_pane.marked_spans == sorted(letter.checks[index].spans)
    section = opened.fields.deadlines
    entries = store.case_deadlines(opened.current.record.letter_id).entries
    assert section.isVisibleTo(opened.fields)
    assert [e.kind for e in section.deadlines.entries] == [e.kind for e in entries]
