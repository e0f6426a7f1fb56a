"""The words of a letter's edit history, defined once: what each action is called, how a
before/after value reads, and the word-level difference between two texts.

`HISTORY_WORDS` maps every action the store records in a letter's history (``correct``,
``annotate``, ``undo``, ...) to an `ActionWords`: the past-tense label of the history view and
the printed history (``Corrected``), and the imperative verb of the Undo/Redo menu (``Correct``).
tests/core/test_history_words.py finds every action the store's code can record and fails
for one without words here.

`readable_value()` shows a stored value as people read it (lists joined with commas, ISO dates
as MM/DD/YYYY, review states in words); `word_diff()` compares two texts word by word
(`difflib`) and gives the runs kept, deleted and inserted, with long unchanged runs shortened
(`shorten_equal`) so a one-letter change in a long rationale stands out.

Pure data and functions: like `fields`, this module sits at the bottom of ``imr_desk.core``.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from imr_desk.core.fields import review_state_word


@dataclass(frozen=True)
class ActionWords:
    label: str  # the history's word: "Corrected"
    verb: str  # the Undo/Redo menu's word: "Correct"


HISTORY_WORDS: dict[str, ActionWords] = {
    "correct": ActionWords("Corrected", "Correct"),
    "add_decision": ActionWords("Added decision", "Add"),
    "delete_decision": ActionWords("Deleted decision", "Delete"),
    "annotate": ActionWords("Added note", "Add"),
    "highlight": ActionWords("Highlighted", "Add"),  # menu: "Add highlight (key fact)"
    "edit_annotation": ActionWords("Edited note", "Edit"),
    "delete_annotation": ActionWords("Deleted note", "Delete"),
    "review": ActionWords("Changed", "Change"),
    "copy_of_record": ActionWords("Chose copy of record", "Choose"),
    "record_change": ActionWords("Copy of record moved", "Move"),
    "remove": ActionWords("Moved to the trash", "Remove"),
    "restore": ActionWords("Restored from the trash", "Restore"),
    "service": ActionWords("Entered service", "Change"),  # deadlines: how and when the letter was served
    "deadline_status": ActionWords("Changed deadline status", "Change"),
    "assign": ActionWords("Assigned", "Assign"),  # the case to a person (or to nobody)
    "undo": ActionWords("Undid", "Undo"),
    "redo": ActionWords("Redid", "Redo"),
}
# The actions that record an undo or a redo of another entry (`step_of`).
STEP_ACTIONS = frozenset({"undo", "redo"})
EMPTY_VALUE = "\u2014"  # shown for no value
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CONTEXT_WORDS = 8  # unchanged words kept on each side of a change in a shortened diff


def action_label(action: str) -> str:
    """The history's word for `action` (an unknown one in words as it is)."""
    words = HISTORY_WORDS.get(action)
    return words.label if words else action.replace("_", " ").capitalize()


def action_verb(action: str) -> str:
    """The Undo/Redo menu's verb for `action`."""
    words = HISTORY_WORDS.get(action)
    return words.verb if words else action.replace("_", " ").capitalize()


@dataclass(frozen=True)
class StepOf:
    """What an undo/redo entry stepped: the entry's id and action, and the value it left / restored."""

    entry_id: int
    action: str
    value: Any


def step_of(value: Any) -> StepOf | None:
    """The `StepOf` an undo/redo entry's before/after holds (``{"step_of": id, ...}``), else None."""
    if isinstance(value, dict) and "step_of" in value:
        return StepOf(int(value["step_of"]), str(value.get("action", "")), value.get("value"))
    return None


def step_value(entry_id: int, action: str, value: Any) -> dict[str, Any]:
    """The before/after an undo/redo entry stores (read back by `step_of`)."""
    return {"step_of": entry_id, "action": action, "value": value}


def us_date_text(text: str) -> str:
    try:
        return date.fromisoformat(text).strftime("%m/%d/%Y")
    except ValueError:
        return text


def readable_value(value: Any, action: str = "") -> str:
    """One before/after value as a person reads it (full length; views shorten it)."""
    step = step_of(value)
    if step is not None:
        return readable_value(step.value, step.action)
    if value is None or value == "" or value == []:
        return EMPTY_VALUE
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(readable_value(item) for item in value)
    if isinstance(value, dict):
        if "request" in value:
            outcome = value.get("outcome")
            return f"{value['request']} ({outcome})" if outcome else str(value["request"])
        if "note" in value:
            tag = f"[{value['tag']}] " if value.get("tag") else ""
            return f"{tag}{value['note']}" if value["note"] else f"{tag}(highlight, no note)"
        if "state" in value:
            return review_state_word(str(value["state"]))
        if "file_name" in value:
            return str(value["file_name"])
        return "; ".join(f"{key.replace('_', ' ').capitalize()}: {readable_value(item)}"
                         for key, item in value.items())
    text = " ".join(str(value).split())
    if action == "review":
        return review_state_word(text)
    return us_date_text(text) if _ISO_DATE.match(text) else text


# --- word-level difference --------------------------------------------------------------------

EQUAL, DELETED, INSERTED, ELIDED = "equal", "deleted", "inserted", "elided"


@dataclass(frozen=True)
class DiffRun:
    """A run of words: kept (`EQUAL`), only before (`DELETED`), only after (`INSERTED`), or a
    stretch of unchanged words left out (`ELIDED`, its text the count of words)."""

    kind: str
    text: str


def word_diff(before: str, after: str) -> list[DiffRun]:
    """The runs of words kept, deleted and inserted from `before` to `after` (white space collapsed)."""
    old, new = before.split(), after.split()
    runs: list[DiffRun] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(DiffRun(EQUAL, " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            runs.append(DiffRun(DELETED, " ".join(old[i1:i2])))
        if j2 > j1:
            runs.append(DiffRun(INSERTED, " ".join(new[j1:j2])))
    return runs


def shorten_equal(runs: list[DiffRun], context: int = CONTEXT_WORDS) -> list[DiffRun]:
    """`runs` with each unchanged run longer than twice `context` words cut to `context` words
    on the side(s) touching a change, the rest an `ELIDED` run."""
    shortened: list[DiffRun] = []
    for index, run in enumerate(runs):
        words = run.text.split()
        if run.kind != EQUAL or len(words) <= 2 * context:
            shortened.append(run)
            continue
        first, last = index == 0, index == len(runs) - 1
        head = [] if first else words[:context]
        tail = [] if last else words[-context:]
        left_out = len(words) - len(head) - len(tail)
        if head:
            shortened.append(DiffRun(EQUAL, " ".join(head)))
        shortened.append(DiffRun(ELIDED, str(left_out)))
        if tail:
            shortened.append(DiffRun(EQUAL, " ".join(tail)))
    return shortened


def is_text_change(before: Any, after: Any) -> bool:
    """True when both sides are text worth a word diff (both non-empty strings, one of them long
    or of several words)."""
    return (isinstance(before, str) and isinstance(after, str) and bool(before.strip())
            and bool(after.strip()) and max(len(before.split()), len(after.split())) > 3)


LONG_VALUE_CHARS = 400  # a value (not a word diff) longer than this is shortened in views


def _shortened(text: str, limit: int) -> list[DiffRun]:
    if len(text) <= limit:
        return [DiffRun(EQUAL, text)]
    return [DiffRun(EQUAL, text[: limit - 1].rstrip()), DiffRun(ELIDED, str(len(text[limit - 1:].split())))]


def from_to_runs(before: Any, after: Any, action: str = "",
                 limit: int = LONG_VALUE_CHARS) -> tuple[list[DiffRun], list[DiffRun]]:
    """What the From and To of a change show: for two texts, the words kept and deleted (From)
    and kept and inserted (To), unchanged stretches shortened; else each value read as people
    read it, shortened past `limit` characters."""
    step = step_of(before) or step_of(after)
    if step is not None:
        action = step.action
    old, new = readable_value(before, action), readable_value(after, action)
    if old != EMPTY_VALUE and new != EMPTY_VALUE and is_text_change(old, new) and old != new:
        runs = shorten_equal(word_diff(old, new))
        return ([r for r in runs if r.kind != INSERTED], [r for r in runs if r.kind != DELETED])
    return _shortened(old, limit), _shortened(new, limit)


def runs_text(runs: list[DiffRun]) -> str:
    """Runs as plain text, a left-out stretch as ``…``."""
    return " ".join("\u2026" if run.kind == ELIDED else run.text for run in runs)


_DECISION_PREFIX = re.compile(r"^Decision \d+ \u00b7 ")
_DECISION_ALONE = re.compile(r"^Decision \d+\b")
_PARENTHESIS = re.compile(r"\s*\([^)]*\)$")


def field_of(target: str) -> str:
    """The field a history target names, for filtering: ``Decision 2 · Request`` -> ``Request``,
    ``Decision 3 (added)`` -> ``Decision``, ``Note (todo)`` -> ``Note``."""
    name = _PARENTHESIS.sub("", _DECISION_PREFIX.sub("", target)).strip()
    return "Decision" if _DECISION_ALONE.match(name) else (name or target)


def what_text(action: str, target: str, before: Any, *, undone: bool = False) -> str:
    """The What of an entry: ``Corrected: Priority``, ``Undid Corrected: Priority``, with
    ``(undone)`` after an edit that was undone."""
    step = step_of(before)
    if step is not None:
        stepped = f"{action_label(step.action)}: {target}" if target else action_label(step.action)
        return f"{action_label(action)} \u201c{stepped}\u201d"
    label = action_label(action)
    what = f"{label}: {target}" if target and target != label else label
    return f"{what} (undone)" if undone else what
