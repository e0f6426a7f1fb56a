"""The history's words (core/history_words.py): every action the store's code can record has
words; values read as people read them; the word-level diff marks just what changed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from imr_desk.core import history_words
from imr_desk.core.history_words import (
    DELETED,
    ELIDED,
    EQUAL,
    HISTORY_WORDS,
    INSERTED,
    DiffRun,
    action_label,
    readable_value,
    shorten_equal,
    step_of,
    step_value,
    word_diff,
)

CORE = Path(history_words.__file__).resolve().parent
# call name -> the position of its `action` argument
_WRITERS = {"insert_history": 2, "add_history": 0}


def string_constants() -> dict[str, list[str]]:
    """Every module-level ``NAME = "text"`` of the core (an action may be named by a constant)."""
    constants: dict[str, list[str]] = {}
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        constants.setdefault(target.id, []).append(node.value.value)
    return constants


def _strings(node: ast.expr, constants: dict[str, list[str]]) -> list[str] | None:
    """The action strings an argument can be (a literal, a constant, or `a if c else b` of them)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and node.id in constants:
        return constants[node.id]
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body, constants), _strings(node.orelse, constants)
        return None if body is None or orelse is None else body + orelse
    return None


def recorded_actions() -> tuple[set[str], list[str]]:
    """Every history action the core's code writes, and the calls whose action is not a literal."""
    constants = string_constants()
    found: set[str] = set()
    unknown: list[str] = []
    for path in sorted(CORE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name not in _WRITERS or node.func is None:
                continue
            position = _WRITERS[name]
            argument = node.args[position] if len(node.args) > position else None
            keyword = next((k.value for k in node.keywords if k.arg == "action"), None)
            chosen = argument if argument is not None else keyword
            values = _strings(chosen, constants) if chosen is not None else None
            if values is None:
                if path.name == "edits.py" and name == "insert_history":
                    continue  # EditContext.add_history passes its own `action` on
                unknown.append(f"{path.relative_to(CORE)}:{node.lineno}")
            else:
                found.update(values)
    return found, unknown


def test_every_action_the_store_records_has_words() -> None:
    found, unknown = recorded_actions()
    assert unknown == [], f"history actions that are not literals (give them words, then list them): {unknown}"
    assert {"correct", "annotate", "copy_of_record", "record_change", "remove", "restore", "undo",
            "redo", "edit_annotation", "highlight"} <= found
    missing = sorted(found - set(HISTORY_WORDS))
    assert missing == [], f"history actions without words in core/history_words.py: {missing}"


def test_every_action_undo_steps_has_words() -> None:
    from imr_desk.core.store import edits

    assert set(edits._SWITCHES) | edits.CONTENT_ACTIONS <= set(HISTORY_WORDS)


def test_labels_and_unknown_actions() -> None:
    assert action_label("restore") == "Restored from the trash"
    assert action_label("some_new_thing") == "Some new thing"


@pytest.mark.parametrize(
    ("value", "action", "shown"),
    [
        (None, "", "—"), ([], "", "—"), (True, "", "Yes"), ("2016-11-03", "", "11/03/2016"),
        (["A", "B"], "", "A, B"), ("in_review", "review", "In review"),
        ({"note": "Call", "tag": "todo", "span": None}, "", "[todo] Call"),
        ({"note": "", "tag": None, "span": [1, 4]}, "", "(highlight, no note)"),
        ({"letter_id": 3, "file_name": "copy.pdf"}, "", "copy.pdf"),
        (step_value(4, "review", "verified"), "undo", "Verified"),
    ],
)
def test_readable_values(value: object, action: str, shown: str) -> None:
    assert readable_value(value, action) == shown


def test_step_values_round_trip() -> None:
    step = step_of(step_value(9, "correct", "x"))
    assert step is not None and (step.entry_id, step.action, step.value) == (9, "correct", "x")
    assert step_of({"note": "x"}) is None


def test_word_diff_marks_only_the_changed_word() -> None:
    before = "The reviewer found no documented functional improvement after prior therapy."
    after = "The reviewer found no documented functional improvements after prior therapy."
    assert word_diff(before, after) == [
        DiffRun(EQUAL, "The reviewer found no documented functional"),
        DiffRun(DELETED, "improvement"), DiffRun(INSERTED, "improvements"),
        DiffRun(EQUAL, "after prior therapy."),
    ]


def test_long_unchanged_runs_are_shortened_around_the_change() -> None:
    words = [f"w{n}" for n in range(100)]
    changed = [*words[:50], "X", *words[51:]]
    runs = shorten_equal(word_diff(" ".join(words), " ".join(changed)), context=3)
    assert [r.kind for r in runs] == [ELIDED, EQUAL, DELETED, INSERTED, EQUAL, ELIDED]
    assert runs[0].text == "47" and runs[1].text == "w47 w48 w49" and runs[-1].text == "46"
