"""The treatment categories of DWC's IMR decision search, as imr-desk may assign them.

``taxonomy.json`` (beside this module, a copy of ``shared/taxonomy.json``) lists every
category, sub-category and drug class exactly as that search spells them; entries marked
``"use": false`` are duplicates or strays of the search's lists and are never assigned.
`assignable()` holds the usable entries as `Category` values in the file's order; `label()` /
`from_label()` turn one into the single line a correction stores and back
(``Pharmaceuticals · Opioids``: the parts joined by `findings.CATEGORY_SEPARATOR`); a line that
names no usable entry gives None. Loaded once, on first use (a 20 KB file). Pure, no I/O
beyond reading the packaged file.
"""

from __future__ import annotations

import functools
import json
from importlib import resources

from imr_desk.core.fields import CATEGORY_FIELD, DECISIONS, FIELDS
from imr_desk.core.findings import Category

CATEGORY_LABEL = FIELDS[f"{DECISIONS}.{CATEGORY_FIELD}"].label  # "Treatment category"


@functools.cache
def assignable() -> tuple[Category, ...]:
    """Every usable entry of the taxonomy, in the file's order."""
    text = resources.files("imr_desk.core").joinpath("taxonomy.json").read_text(encoding="utf-8")
    found: list[Category] = []
    for item in json.loads(text):
        if item.get("use") and item.get("category"):
            found.append(Category(item["category"], item.get("sub_category"), item.get("drug_class")))
    return tuple(dict.fromkeys(found))


@functools.cache
def _by_label() -> dict[str, Category]:
    return {category.label().casefold(): category for category in assignable()}


def label(category: Category | None) -> str:
    """The one-line form of `category` (``""`` for none)."""
    return category.label() if category is not None else ""


def from_label(text: str | None) -> Category | None:
    """The usable entry `text` names (case and spacing around the parts do not matter), or None."""
    if not text or not text.strip():
        return None
    parts = [" ".join(part.split()) for part in text.split("·")]
    return _by_label().get(" · ".join(part for part in parts if part).casefold())


def category_of(text: str | None) -> Category | None:
    """The category a stored label stands for: its usable entry, or (a label the taxonomy no
    longer lists) its parts as they are, rather than nothing; None for an empty label."""
    found = from_label(text)
    if found is not None or not text:
        return found
    parts = [" ".join(part.split()) for part in text.split("·") if part.strip()]
    return Category(parts[0], *[*parts[1:3], None, None][:2]) if parts else None


def is_assignable(category: Category) -> bool:
    """True for an entry of the taxonomy that may be assigned."""
    return category in set(assignable())


def labels() -> tuple[str, ...]:
    """The one-line forms of every usable entry, for a choice list."""
    return tuple(category.label() for category in assignable())


def checked_label(text: str | None) -> str | None:
    """A corrected category as stored: the usable entry's label as the taxonomy spells it, or
    None for an empty value; ValueError naming the field for text naming no usable entry."""
    if text is None or not str(text).strip():
        return None
    category = from_label(str(text))
    if category is None:
        raise ValueError(
            f"{CATEGORY_LABEL}: {str(text).strip()!r} is not a category of the taxonomy "
            "(pick one of the list, e.g. 'Pharmaceuticals · Opioids')."
        )
    return category.label()


def matches(label_text: str | None, wanted: str) -> bool:
    """True when `wanted` names the category of `label_text` or a part above it (case and spacing
    do not matter): ``Pharmaceuticals`` matches ``Pharmaceuticals · Opioids``."""
    if not label_text:
        return False
    have = [" ".join(part.split()).casefold() for part in label_text.split("·")]
    want = [" ".join(part.split()).casefold() for part in wanted.split("·") if part.strip()]
    return bool(want) and have[: len(want)] == want
