"""Checks shared by the parser tests (no tests here): a letter's warnings name registry fields.

`assert_field_warnings_hold` is what every parsed letter must satisfy: `warnings` are the
messages of `field_warnings` in order, every key is a field registry key (or ``letter``), a
decision's index names a decision of the letter, and JSON stored without `field_warnings`
(as before they existed) reads back with the very keys the parser gave.
"""

from __future__ import annotations

from imr_desk.core.fields import is_field_key, split_key
from imr_desk.core.model import Letter


def assert_field_warnings_hold(letter: Letter) -> None:
    assert letter.warnings == [warning.message for warning in letter.field_warnings]
    for warning in letter.field_warnings:
        assert is_field_key(warning.field), warning
        index, _name = split_key(warning.field)
        assert index is None or 0 <= index < len(letter.decisions), warning
    old_json = letter.to_json()
    del old_json["field_warnings"]
    assert Letter.from_json(old_json).field_warnings == letter.field_warnings
