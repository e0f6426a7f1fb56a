"""The fields record only what the user meant (issue 12 items 3, 8 and 9).

- 3: a choice field offers only its values and a list field checks its items; a refused value
  is named by its field and what was typed stays in the editor, also through a reload.
- 8: an edit whose value equals the current one (white space collapsed, as the spec says)
  records nothing; Enter in a multi-line field commits instead of breaking a word in two; a
  choice field showing a value outside its choices (an outcome not found) never turns it
  into a choice on its own.
- 9: Ctrl+Z / Ctrl+Shift+Z in a field undo / redo the typing not yet committed, and with
  nothing typed, the letter's last stored edit, as the Edit menu says.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from test_main_window import save_shot, settle

from imr_desk.core.store import Store
from imr_desk.core.store.connection import ANY_VERSION
from imr_desk.ui.fields_model import LETTER_FIELD_SPECS, parse_field_text

pytestmark = pytest.mark.usefixtures("message_boxes")

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def history_and_version(store: Store, letter_id: int) -> tuple[int, int]:
    return len(store.history(letter_id)), store.version(letter_id)


def activate(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def rationale_editor(window: Any) -> Any:
    window.fields.select_decision(window.record.decision_keys[0])
    return window.fields.decision_editor.editors["rationale"]


def click_elsewhere(window: Any) -> None:
    """Move the focus out of the field, as a click on the decisions list would."""
    window.fields.decision_list.setFocus(Qt.FocusReason.MouseFocusReason)
    QApplication.processEvents()


# --- item 3: choice and list fields accept only their values ----------------------------------


def test_licensure_refuses_what_is_not_a_state_and_keeps_the_typed_text(opened: Any, store: Store,
                                                                          qtbot: Any) -> None:
    letter_id = opened.record.letter_id
    before = history_and_version(store, letter_id)
    editor = opened.fields.editor_for("reviewer.licensure_states")
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "California, Expedited")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(opened)
    problem = opened.fields._problem
    assert problem.isVisible() and "Licensure" in problem.text() and "Expedited" in problem.text()
    assert editor.text() == "California, Expedited"
    assert history_and_version(store, letter_id) == before
    save_shot(opened, "window-refused-licensure.png")
    # another edit reloads the letter: the refused text is still there, and so is the problem
    opened.menu_actions.review["in_review"].trigger()
    settle(opened)
    click_elsewhere(opened)
    assert editor.text() == "California, Expedited"
    assert problem.isVisible() and "Licensure" in problem.text()
    # once corrected it is stored, with the states spelt out
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "ca, new york")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(opened)
    assert store.load(letter_id).letter.reviewer.licensure_states == ["California", "New York"]
    assert not problem.isVisible()


@pytest.mark.parametrize(
    ("name", "typed", "words"),
    [
        ("reviewer.licensure_states", "Expedited", ("Licensure", "'Expedited' is not a US state")),
        ("reviewer.licensure_states", "California, 12", ("Licensure", "'12'")),
        ("reviewer.specialties", "California", ("Specialties", "state", "Licensure")),
        ("reviewer.specialties", "Expedited", ("Specialties", "Priority")),
        ("reviewer.specialties", "Pain Medicine, 10/13/2016", ("Specialties", "'10/13/2016'")),
        ("header.priority", "Urgent", ("Priority", "Standard, Expedited")),
        ("header.priority", "California", ("Priority", "Standard, Expedited")),
    ],
)
def test_list_and_choice_fields_refuse_other_values_naming_the_field(name: str, typed: str,
                                                                     words: tuple[str, ...]) -> None:
    with pytest.raises(ValueError) as refused:
        parse_field_text(typed, LETTER_FIELD_SPECS[name])
    for word in words:
        assert word in str(refused.value)


@pytest.mark.parametrize(
    ("name", "typed", "stored"),
    [
        ("reviewer.licensure_states", "california, TX,  new  york", ["California", "Texas", "New York"]),
        ("reviewer.licensure_states", "District of Columbia", ["District of Columbia"]),
        ("reviewer.specialties", "Physical Medicine & Rehabilitation, Pain Management",
         ["Physical Medicine & Rehabilitation", "Pain Management"]),
        ("header.priority", "expedited", "Expedited"),
    ],
)
def test_list_and_choice_fields_take_their_values(name: str, typed: str, stored: Any) -> None:
    assert parse_field_text(typed, LETTER_FIELD_SPECS[name]) == stored


def test_every_choice_editor_offers_only_its_values(opened: Any) -> None:
    fields = opened.fields
    sex = fields.editor_for("patient.sex")
    assert isinstance(sex, QComboBox) and not sex.isEditable()
    assert [sex.itemText(i) for i in range(sex.count())] == ["(not stated)", "Male", "Female"]
    outcome = fields.decision_editor.editors["outcome"]
    assert not outcome.isEditable()
    assert [outcome.itemText(i) for i in range(outcome.count())] == ["Upheld", "Overturned"]
    priority = fields.editor_for("header.priority")
    assert isinstance(priority, QLineEdit)
    completer = priority.completer()
    assert completer is not None
    model = completer.model()
    assert [model.index(row, 0).data() for row in range(model.rowCount())] == ["Standard", "Expedited"]
    assert "Standard" in priority.placeholderText() and "Expedited" in priority.placeholderText()


# --- item 8: edits that change nothing record nothing ----------------------------------------


def test_moving_the_caret_in_rationale_and_leaving_records_nothing(opened: Any, store: Store, qtbot: Any) -> None:
    letter_id = opened.record.letter_id
    before = history_and_version(store, letter_id)
    editor = rationale_editor(opened)
    parsed = editor.text_value()
    editor.setFocus()
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(40, 12))
    qtbot.keyClick(editor, Qt.Key.Key_Right)
    qtbot.keyClick(editor, Qt.Key.Key_Return, CTRL)
    click_elsewhere(opened)
    settle(opened)
    assert history_and_version(store, letter_id) == before
    assert store.load(letter_id).correction_for("rationale", opened.record.decision_keys[0]) is None
    assert editor.text_value() == parsed


def test_enter_in_a_multi_line_field_commits_and_never_breaks_a_word(opened: Any, store: Store, qtbot: Any) -> None:
    letter_id = opened.record.letter_id
    before = history_and_version(store, letter_id)
    editor = rationale_editor(opened)
    parsed = editor.text_value()
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(5)  # inside the first word
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClick(editor, Qt.Key.Key_Enter)
    click_elsewhere(opened)
    settle(opened)
    assert editor.text_value() == parsed and "\n" not in editor.text_value()
    assert history_and_version(store, letter_id) == before
    # Enter does commit a real change
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, " Checked.")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(opened)
    assert store.load(letter_id).letter.decisions[0].rationale == f"{parsed} Checked."


def test_an_edit_equal_to_the_value_once_white_space_is_collapsed_records_nothing(
        opened: Any, store: Store, qtbot: Any) -> None:
    letter_id = opened.record.letter_id
    editor = opened.fields.editor_for("case_summary")
    value = editor.text_value()
    words = value.split(" ")
    before = history_and_version(store, letter_id)
    editor.setFocus()
    editor.setPlainText("  " + "  \n ".join(words) + "\t")
    editor.document().setModified(True)
    click_elsewhere(opened)
    settle(opened)
    assert history_and_version(store, letter_id) == before
    assert editor.text_value() == value  # shows the stored value again
    line = opened.fields.editor_for("header.case_number")
    line.setFocus()
    line.setText(f" {line.text()}  ")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    settle(opened)
    assert history_and_version(store, letter_id) == before


def test_a_stored_value_the_editor_cannot_show_exactly_is_never_rewritten(
        opened: Any, store: Store, qtbot: Any) -> None:
    """A text box turns a no-break space into a space: focusing and leaving must not store that."""
    letter_id = opened.record.letter_id
    key = opened.record.decision_keys[0]
    with Store(store.path) as elsewhere:
        elsewhere.correct(letter_id, "rationale", "Not medically\u00a0necessary.", decision_key=key,
                          expected_version=ANY_VERSION)
    opened.reload_letter()
    before = history_and_version(store, letter_id)
    editor = rationale_editor(opened)
    editor.setFocus()
    click_elsewhere(opened)
    opened.fields.commit_pending()
    settle(opened)
    assert history_and_version(store, letter_id) == before


def test_an_outcome_not_found_is_never_stored_as_a_choice(make_window: Any, store: Store, tmp_path: Path,
                                                         qtbot: Any, corpus_dir: Path) -> None:
    sample = Path(__file__).resolve().parents[2] / "resources" / "samples" / "text" / "sample-overturned.txt"
    text = sample.read_text()
    assert "arthroplasty: Overturned" in text
    letter = tmp_path / "outcome-missing.txt"
    letter.write_text(text.replace("arthroplasty: Overturned", "arthroplasty:"))
    result = store.import_file(letter)
    assert result.status == "imported", result.message
    other = store.import_file(corpus_dir / "dwc-2016" / "CM16-0243453.pdf").letter_id
    window = make_window()
    assert window.open_letter(result.letter_id)
    assert window.record.letter.decisions[0].outcome is None
    outcome = window.fields.decision_editor.editors["outcome"]
    window.fields.select_decision(window.record.decision_keys[0])
    assert outcome.currentIndex() == -1 and outcome.currentText() == ""
    assert "not found" in outcome.placeholderText()
    save_shot(window, "window-outcome-not-found.png")
    before = history_and_version(store, result.letter_id)
    outcome.setFocus()
    click_elsewhere(window)
    assert window.open_letter(other)  # commits whatever was being edited
    settle(window)
    assert history_and_version(store, result.letter_id) == before
    assert store.load(result.letter_id).letter.decisions[0].outcome is None


# --- item 9: Ctrl+Z and Ctrl+Shift+Z do what the Edit menu says ------------------------------


def test_ctrl_z_in_a_field_with_nothing_typed_undoes_the_last_stored_edit(opened: Any, store: Store,
                                                                           qtbot: Any) -> None:
    letter_id = opened.record.letter_id
    opened.menu_actions.review["verified"].trigger()
    settle(opened)
    activate(opened, qtbot)
    assert "Mark verified" in opened.menu_actions.undo.text()
    for key in ("patient.age", "case_summary"):
        editor = opened.fields.editor_for(key)
        editor.setFocus()
        qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
        settle(opened)
        assert store.load(letter_id).review.state == "unreviewed", key
        qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL_SHIFT)
        settle(opened)
        assert store.load(letter_id).review.state == "verified", key


@pytest.mark.parametrize("key", ["patient.age", "case_summary"])
def test_ctrl_z_in_a_field_first_undoes_the_typing(opened: Any, store: Store, qtbot: Any, key: str) -> None:
    letter_id = opened.record.letter_id
    opened.menu_actions.review["verified"].trigger()
    settle(opened)
    activate(opened, qtbot)
    editor = opened.fields.editor_for(key)
    stored = editor.text_value()
    editor.setFocus()
    if isinstance(editor, QLineEdit):
        editor.end(False)
    else:
        editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "7")
    assert editor.text_value() == stored + "7"
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)  # the typing
    settle(opened)
    assert editor.text_value() == stored
    assert store.load(letter_id).review.state == "verified"
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL_SHIFT)  # the typing again
    settle(opened)
    assert editor.text_value() == stored + "7"
    assert store.load(letter_id).review.state == "verified"
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)  # nothing typed any more: the stored edit
    settle(opened)
    assert editor.text_value() == stored
    assert store.load(letter_id).review.state == "unreviewed"


def test_a_refused_value_comes_back_with_its_letter(opened: Any, store: Store, corpus_dir: Path,
                                                   qtbot: Any) -> None:
    first = opened.record.letter_id
    other = store.import_file(corpus_dir / "dwc-2016" / "CM16-0248698.pdf").letter_id
    opened.queue.reload()
    editor = opened.fields.editor_for("reviewer.specialties")
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Pain Management, 2016")
    assert opened.open_letter(other)  # commits: refused
    settle(opened)
    assert editor.text() == ", ".join(store.load(other).letter.reviewer.specialties)
    assert not opened.fields._problem.isVisible()
    assert opened.open_letter(first)
    assert editor.text() == "Pain Management, 2016"
    assert "Specialties" in opened.fields._problem.text() and opened.fields._problem.isVisible()
    assert store.load(first).correction_for("reviewer.specialties") is None


def test_closing_with_a_refused_value_asks_first(opened: Any, store: Store, qtbot: Any, message_boxes: Any) -> None:
    from PySide6.QtWidgets import QMessageBox

    editor = opened.fields.editor_for("reviewer.licensure_states")
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Expedited")
    message_boxes.answers.append(QMessageBox.StandardButton.No)
    opened.close()
    assert opened.isVisible() and editor.text() == "Expedited"
    assert "Licensure" in message_boxes[-1].text and "Expedited" in message_boxes[-1].text
    opened.close()  # Yes (the default answer here): closes
    qtbot.waitUntil(lambda: not opened.isVisible(), timeout=10_000)
