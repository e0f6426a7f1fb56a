"""The taxonomy as imr-desk assigns it: usable entries only, one-line labels that read back."""

from __future__ import annotations

from imr_desk.core import taxonomy
from imr_desk.core.findings import Category


def test_only_usable_entries_with_a_category() -> None:
    entries = taxonomy.assignable()
    assert Category("Pharmaceuticals", None, "Opioids") in entries
    assert Category("DMEPOS", "Electrical Stimulation") in entries
    assert all(entry.category for entry in entries)
    assert len(set(entries)) == len(entries)
    assert not any(entry.sub_category == "Peripheral" and not entry.category for entry in entries)


def test_labels_read_back_whatever_the_case_and_spacing() -> None:
    for entry in taxonomy.assignable():
        assert taxonomy.from_label(entry.label()) == entry
    assert taxonomy.from_label("  pharmaceuticals ·   OPIOIDS ") == Category("Pharmaceuticals", None, "Opioids")
    assert taxonomy.from_label("Diagnostic Testing · Imaging / Radiology") == Category(
        "Diagnostic Testing", "Imaging / Radiology")
    assert taxonomy.from_label("Pharmaceuticals · Chocolate") is None
    assert taxonomy.from_label("") is None and taxonomy.from_label(None) is None
    assert taxonomy.label(None) == "" and len(taxonomy.labels()) == len(taxonomy.assignable())


def test_is_assignable() -> None:
    assert taxonomy.is_assignable(Category("Pharmaceuticals", None, "Opioids"))
    assert not taxonomy.is_assignable(Category("Pharmaceuticals", None, "Chocolate"))
