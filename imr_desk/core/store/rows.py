"""Turning store rows into records, and corrections into effective values.

The parse is never overwritten: the effective letter is the parsed letter with the active
corrections applied in the order they were made (so the latest one wins). Whole decisions
added or deleted are corrections of the field ``decision``: its new value is the decision's
JSON (present) or null (deleted). Pure functions over plain rows; no SQL here.
"""

from __future__ import annotations

import getpass
import json
import os
from datetime import UTC, datetime
from typing import Any

from imr_desk.core import fields, taxonomy
from imr_desk.core.findings import Category
from imr_desk.core.model import OUTCOMES, Decision, Letter, Region, Span
from imr_desk.core.reading.document import Document
from imr_desk.core.records import FIELD_LABELS, LETTER_FIELDS, REVIEW_STATES, Annotation, Correction, HistoryEntry
from imr_desk.core.store.desk_config import read_desk_config

DECISION_FIELD = "decision"  # the correction field for adding/deleting a whole decision

_LIST_FIELDS = ("reviewer.licensure_states", "reviewer.specialties")


USER_ENV = "IMR_DESK_USER"  # a person's name for this desk, when the OS login is not it
_set_user_name: str | None = None  # the name the window's settings set for this desk


def set_user_name(name: str | None) -> None:
    """Set the name this desk records as `who` of every edit (process-wide); None or blank
    goes back to ``$IMR_DESK_USER`` / the OS login. The window's settings call it."""
    global _set_user_name
    _set_user_name = " ".join(name.split()) if name and name.strip() else None


def current_user() -> str:
    """Who sits at this desk, recorded as `who` of every edit: the name set for this process
    (`set_user_name`), else the desk's name in its settings (``desk_config``: Tools ▸ Desk
    Settings…), else ``$IMR_DESK_USER``, else the operating-system login."""
    return _set_user_name or read_desk_config().user_name or default_user_name()


def default_user_name() -> str:
    """The name used when none is set for the desk: ``$IMR_DESK_USER``, else the OS login."""
    configured = " ".join(os.environ.get(USER_ENV, "").split())
    if configured:
        return configured
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or password database
        return "unknown"


def utc_now() -> str:
    """The `when` of an edit: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def dumps(value: Any) -> str | None:
    """JSON text for a column (None stays SQL NULL)."""
    return None if value is None else json.dumps(value, ensure_ascii=False)


def loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def check_value(field_name: str, decision_key: str | None, value: Any) -> Any:
    """Validate a correction's field name and value; return the value in its JSON type.

    Beyond each field's type: a choice field (the registry's `choices`) takes only its values,
    in any case, stored as the registry spells them; a decision's treatment category only a
    usable taxonomy label (`taxonomy.checked_label`), stored as the taxonomy spells it; and no
    value may be longer than its field's `max_length`. Every refusal is a `ValueError` naming
    the field."""
    checked = _typed_value(field_name, decision_key, value)
    key = field_name if decision_key is None else f"{fields.DECISIONS}.{field_name}"
    entry = fields.field_for(key)
    if entry.kind == "choice" and checked is not None and field_name != "outcome":
        spelled = {choice.lower(): choice for choice in entry.choices}.get(str(checked).strip().lower())
        if spelled is None:
            raise ValueError(f"{entry.label} must be one of {', '.join(entry.choices)}, not {checked!r}.")
        checked = spelled
    fields.check_length(key, checked)
    return checked


def _typed_value(field_name: str, decision_key: str | None, value: Any) -> Any:
    if decision_key is None:
        if field_name not in LETTER_FIELDS:
            raise ValueError(f"'{field_name}' is not a letter field that can be corrected.")
        if field_name in _LIST_FIELDS:
            if isinstance(value, str):
                value = [part.strip() for part in value.split(",") if part.strip()]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{FIELD_LABELS[field_name]} must be a list of names.")
            return value
        if field_name == "patient.age":
            if value in (None, ""):
                return None
            try:
                age = int(value)
            except (TypeError, ValueError):
                raise ValueError(f"Patient age must be a whole number, not {value!r}.") from None
            if not 0 <= age <= 130:
                raise ValueError(f"Patient age {age} is not a possible age.")
            return age
        if field_name == "patient.sex" and value not in (None, "male", "female"):
            raise ValueError("Patient sex must be 'male', 'female' or empty.")
        if field_name == "case_summary":
            return "" if value is None else str(value)
        return None if value in (None, "") else str(value)
    if field_name not in fields.DECISION_CORRECTABLE_NAMES:
        raise ValueError(f"'{field_name}' is not a decision field that can be corrected.")
    if field_name == fields.CATEGORY_FIELD:
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{taxonomy.CATEGORY_LABEL} must be a category's label, not {value!r}.")
        return taxonomy.checked_label(value)
    if field_name == "outcome" and value not in OUTCOMES:
        raise ValueError(f"The outcome must be one of {', '.join(OUTCOMES)}, not {value!r}.")
    if field_name in ("request", "rationale"):
        return "" if value is None else str(value)
    return None if value in (None, "") else str(value)


def decision_value(decision: Decision, name: str) -> Any:
    """A decision field's value as corrections, history and the store's columns hold it: the
    treatment category as its one-line label (None for none), any other field as it is."""
    if name == fields.CATEGORY_FIELD:
        return taxonomy.label(decision.category) or None
    return getattr(decision, name)


def set_decision_value(decision: Decision, name: str, value: Any) -> None:
    """Set a decision field from its stored value (the inverse of `decision_value`). A category
    label the taxonomy no longer lists is kept as its parts rather than dropped."""
    if name != fields.CATEGORY_FIELD:
        setattr(decision, name, value)
        return
    decision.category = taxonomy.category_of(value) if isinstance(value, str) else None


def parsed_decision_value(base: dict[str, Any], name: str) -> Any:
    """A field's value in a decision's stored JSON (its base), as `decision_value` gives it."""
    if name == fields.CATEGORY_FIELD:
        category = Category.from_json(base.get(name))
        return category.label() if category is not None else None
    return base.get(name)


def check_review_state(state: str) -> None:
    if state not in REVIEW_STATES:
        raise ValueError(f"The review state must be one of {', '.join(REVIEW_STATES)}, not {state!r}.")


def get_letter_field(letter: Letter, field_name: str) -> Any:
    if "." in field_name:
        section, name = field_name.split(".", 1)
        value = getattr(getattr(letter, section), name)
    else:
        value = getattr(letter, field_name)
    return list(value) if isinstance(value, list) else value


def _set_letter_field(letter: Letter, field_name: str, value: Any) -> None:
    if "." in field_name:
        section, name = field_name.split(".", 1)
        setattr(getattr(letter, section), name, value)
    else:
        setattr(letter, field_name, value)


def span_from_json(text: str | None) -> Span | None:
    """A stored ``[start, end]`` (JSON text or NULL) as a span."""
    span = loads(text)
    return (int(span[0]), int(span[1])) if span else None


def correction_from_row(row: dict[str, Any]) -> Correction:
    return Correction(
        id=row["id"],
        letter_id=row["letter_id"],
        decision_key=row["decision_key"],
        field=row["field"],
        parsed_value=loads(row["parsed_value"]),
        new_value=loads(row["new_value"]),
        new_span=span_from_json(row["new_span"]),
        user=row["user"],
        created_at=row["created_at"],
        stale=bool(row["stale"]),
    )


def annotation_from_row(row: dict[str, Any]) -> Annotation:
    return Annotation(
        id=row["id"],
        letter_id=row["letter_id"],
        note=row["note"],
        tag=row["tag"],
        span=span_from_json(row["span"]),
        regions=[Region.from_json(r) for r in loads(row["regions"]) or []],
        user=row["user"],
        created_at=row["created_at"],
    )


def history_from_row(row: dict[str, Any]) -> HistoryEntry:
    return HistoryEntry(
        id=row["id"],
        letter_id=row["letter_id"],
        action=row["action"],
        target=row["target"],
        before=loads(row["before"]),
        after=loads(row["after"]),
        user=row["user"],
        created_at=row["created_at"],
        undone=bool(row["undone"]),
    )


def effective_letter(
    parsed: Letter,
    decision_rows: list[dict[str, Any]],
    corrections: list[Correction],
    layout: dict[str, Any] | None,
) -> tuple[Letter, list[str]]:
    """The letter with `corrections` (active ones, oldest first) applied, and its decision keys.

    `decision_rows` are the store's decision rows (key, added, gone, base_json), parsed ones
    first; `gone` marks a parsed decision that a newer parser no longer finds.
    Where a correction assigned a new span, the field's page regions are recomputed from
    `layout` (the stored line map), so highlights follow the correction.
    """
    letter = Letter.from_json(parsed.to_json())
    letter.decisions = []
    bases: dict[str, Decision | None] = {}
    for row in decision_rows:
        parsed_base = not row["added"] and not row["gone"]
        bases[row["key"]] = Decision.from_json(json.loads(row["base_json"])) if parsed_base else None
    field_corrections: dict[str, list[Correction]] = {}
    span_fields: list[tuple[str | None, str, tuple[int, int]]] = []
    for correction in corrections:
        key = correction.decision_key
        if correction.field == DECISION_FIELD:
            if key is None:  # a whole-decision correction always names its decision; none to change
                continue
            new = correction.new_value
            bases[key] = Decision.from_json(new) if new is not None else None
            field_corrections.pop(key, None)  # a re-added decision starts from its new value
        elif key is None:
            _set_letter_field(letter, correction.field, correction.new_value)
            if correction.new_span is not None:
                letter.spans[correction.field] = correction.new_span
                span_fields.append((None, correction.field, correction.new_span))
        else:
            field_corrections.setdefault(key, []).append(correction)
    keys: list[str] = []
    for row in decision_rows:
        key = row["key"]
        decision = bases.get(key)
        if decision is None:
            continue
        for correction in field_corrections.get(key, []):
            set_decision_value(decision, correction.field, correction.new_value)
            if correction.new_span is not None:
                decision.spans[correction.field] = correction.new_span
        letter.decisions.append(decision)
        keys.append(key)
    if span_fields and layout and layout.get("lines"):
        document = Document.from_layout(letter.source, letter.text, layout)
        for _, field_name, (start, end) in span_fields:
            letter.regions[field_name] = document.regions(start, end)
    return letter, keys


def target_label(field_name: str, decision_number: int | None) -> str:
    """Human-readable target of an edit, e.g. ``Decision 2 · Request``."""
    label = FIELD_LABELS.get(field_name, field_name)
    if decision_number is None:
        return label
    return f"Decision {decision_number} · {label}"
