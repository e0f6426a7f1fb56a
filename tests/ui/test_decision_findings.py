"""What the analysis found, in the decision's form: the treatment category (shown, corrected
through the window's edit flow, refused in place when the taxonomy lacks it) and the citations
read from each guideline line."""

from __future__ import annotations

from typing import Any

import pytest
from letter_desk import Desk
from PySide6.QtCore import Qt

from imr_desk.core import taxonomy
from imr_desk.core.store import Store
from imr_desk.core.store.finding_words import citation_line
from imr_desk.ui.decision_editor import CategoryFieldEditor
from imr_desk.ui.fields_model import DECISION_SPECS_BY_NAME, parse_field_text

pytestmark = pytest.mark.usefixtures("message_boxes")


@pytest.fixture
def opened(store: Store, qtbot: Any, letter_path: Any) -> Any:
    """The fields panel and letter pane wired as in the window, the corpus letter open."""
    result = store.import_file(letter_path)
    assert result.status == "imported", result.message
    desk = Desk(store, qtbot)
    desk.open(result.letter_id)
    yield desk
    desk.close_desk()


def category_editor(window: Any, key: str) -> CategoryFieldEditor:
    assert window.fields.select_decision(key)
    editor = window.fields.decision_editor.editors["category"]
    assert isinstance(editor, CategoryFieldEditor)
    return editor


def type_line(qtbot: Any, editor: Any, text: str) -> None:
    """Put `text` in the line and press Enter (set rather than typed: typing opens the
    completer's popup, which the headless platform complains about)."""
    editor.setFocus()
    editor.setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_the_category_is_shown_and_corrected_through_the_store(opened: Any, store: Store, qtbot: Any) -> None:
    letter_id = opened.record.letter_id
    key = opened.record.decision_keys[0]
    parsed = opened.record.letter.decisions[0].category
    editor = category_editor(opened, key)
    assert parsed is not None and editor.text() == parsed.label()
    assert editor.label.text() == "Treatment category"
    completer = editor.completer()
    completer.setCompletionPrefix("opioid")  # any part of a label matches, in any case
    offered = [completer.completionModel().index(row, 0).data() for row in range(completer.completionCount())]
    assert "Pharmaceuticals · Opioids" in offered and all("opioid" in label.lower() for label in offered)
    type_line(qtbot, editor, "pharmaceuticals ·  opioids")
    opened.settle()
    record = store.load(letter_id)
    assert record.letter.decisions[0].category is not None
    assert record.letter.decisions[0].category.label() == "Pharmaceuticals · Opioids"
    correction = record.correction_for("category", key)
    assert correction is not None
    editor = category_editor(opened, key)
    assert editor.text() == "Pharmaceuticals · Opioids"  # as the taxonomy spells it
    assert editor.property("fieldState") == "corrected" and editor.label.text().startswith("✎")
    assert parsed.label() in editor.toolTip()  # the parsed value in the corrected mark's tooltip
    assert "Treatment category" in opened.edits.stack(letter_id).undoText()
    opened.shot("decision-category-corrected.png")
    opened.undo()
    assert store.load(letter_id).letter.decisions[0].category == parsed
    assert category_editor(opened, key).text() == parsed.label()


def test_a_category_the_taxonomy_lacks_is_refused_in_place(opened: Any, store: Store, qtbot: Any) -> None:
    letter_id = opened.record.letter_id
    key = opened.record.decision_keys[1]
    before = store.load(letter_id)
    editor = category_editor(opened, key)
    type_line(qtbot, editor, "Gardening · Roses")
    opened.settle()
    assert store.load(letter_id).version == before.version  # nothing was written
    assert editor.text() == "Gardening · Roses"  # what was typed stays in its field
    problem = opened.fields._problem
    assert problem.isVisible()
    with pytest.raises(ValueError) as refused:
        taxonomy.checked_label("Gardening · Roses")
    assert problem.text() == str(refused.value)  # the registry's message
    assert problem.text().startswith("Treatment category:")


def test_an_emptied_category_stores_none() -> None:
    spec = DECISION_SPECS_BY_NAME["category"]
    assert parse_field_text("  ", spec) is None
    assert parse_field_text("rehabilitation · chiropractic", spec) == "Rehabilitation · Chiropractic"


def test_each_guideline_field_lists_its_citations(opened: Any, qtbot: Any) -> None:
    fields = opened.fields
    for key, decision in zip(opened.record.decision_keys, opened.record.letter.decisions):
        fields.select_decision(key)
        lines = fields.decision_editor.citations
        maximus = [citation_line(c) for c in decision.citations.maximus]
        administrator = [citation_line(c) for c in decision.citations.claims_administrator]
        assert lines["maximus_guideline"].lines() == list(dict.fromkeys(maximus))
        assert lines["claims_administrator_guideline"].lines() == list(dict.fromkeys(administrator))
        assert lines["maximus_guideline"].isVisible() == bool(maximus)
        assert lines["maximus_guideline"].wordWrap()
    fields.select_decision(opened.record.decision_keys[0])
    maximus = fields.decision_editor.citations["maximus_guideline"]
    assert any(line.startswith("MTUS: ACOEM") for line in maximus.lines())
    fields.tabs.setCurrentIndex(1)
    area = fields.decision_editor.parentWidget().parentWidget()
    area.ensureWidgetVisible(maximus)
    opened.shot("decision-citations.png", fields)
    assert maximus.height() >= maximus.heightForWidth(maximus.width())  # nothing clipped
