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

from imr_desk.core.findings import Category

CATEGORY_LABEL = "Treatment category"


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


def is_assignable(category: Category) -> bool:
    """True for an entry of the taxonomy that may be assigned."""
    return category in set(assignable())


def labels() -> tuple[str, ...]:
    """The one-line forms of every usable entry, for a choice list."""
    return tuple(category.label() for category in assignable())
