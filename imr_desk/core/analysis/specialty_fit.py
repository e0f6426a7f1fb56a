"""Which reviewer specialties are usual for which treatment categories (the `specialty_fit` table).

`USUAL_SPECIALTIES` maps a category of DWC's IMR taxonomy (and, where it matters, a
sub-category) to the specialties that usually review such a request; `KNOWN_SPECIALTIES`
names every specialty the table knows, each by the words that identify it in the letter's
``Certification(s)/Specialty`` line (so "Physical Medicine & Rehabilitation", "Physical
Medicine and Rehabilitation" and a clipped "Sports Medicinea" are recognised). The table is
documented in docs/checks.md; it is a lead for the attorney (Lab. Code § 4610.6(f) makes
the IMR organisation state its reviewers' qualifications), never a ground of appeal.
"""

from __future__ import annotations

import re

from imr_desk.core.findings import Category

# specialty -> the words (after `normalised`) that identify it in a specialty line
KNOWN_SPECIALTIES: dict[str, tuple[str, ...]] = {
    "Occupational Medicine": ("occupational",),
    "Family Practice": ("family",),
    "Internal Medicine": ("internal medicine",),
    "Preventive Medicine": ("preventive", "public health"),
    "Physical Medicine & Rehabilitation": ("physical medicine", "rehabilitation", "physiatry"),
    "Pain Management": ("pain",),
    "Sports Medicine": ("sports",),
    "Emergency Medicine": ("emergency",),
    "General Practice": ("general practice",),
    "Anesthesiology": ("anesthes", "anaesthes"),
    "Orthopedic Surgery": ("orthop",),
    "Neurological Surgery": ("neurosurg", "neurological surgery"),
    "General Surgery": ("general surgery",),
    "Hand Surgery": ("hand surgery",),
    "Plastic Surgery": ("plastic",),
    "Podiatry": ("podiatr",),
    "Urology": ("urolog",),
    "Otolaryngology": ("otolaryng", "ent "),
    "Ophthalmology": ("ophthalm",),
    "Neurology": ("neurology", "neuromuscular", "electrodiagnostic"),
    "Radiology": ("radiolog",),
    "Psychiatry": ("psychiatr",),
    "Psychology": ("psycholog",),
    "Chiropractic": ("chiropract",),
    "Acupuncture": ("acupunct", "oriental medicine"),
    "Toxicology": ("toxicolog",),
    "Palliative Medicine": ("palliative", "hospice"),
    "Addiction Medicine": ("addiction",),
    "Rheumatology": ("rheumatolog",),
    "Cardiology": ("cardiolog", "cardiovascular"),
    "Dentistry": ("dent", "oral"),
    "Physical Therapy": ("physical therap",),
    "Pathology": ("patholog",),
}

# Physicians who usually review conservative care of work injuries of any kind.
_GENERALISTS = (
    "Occupational Medicine", "Family Practice", "Internal Medicine", "Preventive Medicine",
    "Physical Medicine & Rehabilitation", "Pain Management", "Sports Medicine", "Emergency Medicine",
    "General Practice", "Orthopedic Surgery", "Neurology", "Anesthesiology",
)
_SURGEONS = (
    "Orthopedic Surgery", "Neurological Surgery", "General Surgery", "Hand Surgery", "Plastic Surgery",
    "Podiatry", "Urology", "Otolaryngology", "Ophthalmology",
)

# (category, sub-category or None for the whole category) -> usual specialties
USUAL_SPECIALTIES: dict[tuple[str, str | None], tuple[str, ...]] = {
    ("Pharmaceuticals", None): (*_GENERALISTS, "Psychiatry", "Toxicology", "Palliative Medicine",
                                "Addiction Medicine", "Rheumatology", "Podiatry", "Cardiology"),
    ("Diagnostic Testing", None): (*_GENERALISTS, *_SURGEONS, "Radiology", "Chiropractic", "Cardiology"),
    ("Diagnostic Testing", "EMG/NCV/NCS"): (*_GENERALISTS, "Neurological Surgery", "Hand Surgery"),
    ("Diagnostic Testing", "Lab & Pathology"): (*_GENERALISTS, "Toxicology", "Pathology", "Psychiatry",
                                               "Addiction Medicine", "Cardiology"),
    ("Surgery", None): _SURGEONS,
    ("Surgery", "Adjunct Surgical Services"): (*_SURGEONS, *_GENERALISTS),
    ("Surgery", "Surgical Consult"): (*_SURGEONS, *_GENERALISTS),
    ("Injection", None): ("Pain Management", "Anesthesiology", "Physical Medicine & Rehabilitation",
                          "Orthopedic Surgery", "Neurological Surgery", "Neurology", "Radiology", "Sports Medicine",
                          "Occupational Medicine", "Family Practice", "Internal Medicine", "Preventive Medicine",
                          "Rheumatology", "Podiatry", "Hand Surgery"),
    ("Rehabilitation", "Acupuncture"): (
        *(s for s in _GENERALISTS if s not in ("Orthopedic Surgery", "Emergency Medicine")),
        "Acupuncture", "Chiropractic",
    ),
    ("Rehabilitation", None): (*_GENERALISTS, "Chiropractic", "Acupuncture", "Physical Therapy", "Podiatry",
                               "Hand Surgery"),
    ("DMEPOS", None): (*_GENERALISTS, *_SURGEONS, "Chiropractic", "Physical Therapy"),
    ("Psych Services", None): ("Psychiatry", "Psychology", "Neurology", "Pain Management",
                               "Physical Medicine & Rehabilitation", "Addiction Medicine", "Family Practice",
                               "Internal Medicine", "Occupational Medicine"),
    ("Evaluation & Management", "Dental Services"): ("Dentistry", "Plastic Surgery", "Otolaryngology"),
    ("Evaluation & Management", None): (*_GENERALISTS, *_SURGEONS, "Psychiatry", "Psychology", "Chiropractic",
                                        "Toxicology", "Cardiology", "Rheumatology", "Palliative Medicine"),
    ("Home Health", None): (*_GENERALISTS, "Palliative Medicine", *_SURGEONS),
    ("Programs", None): (*_GENERALISTS, "Psychiatry", "Psychology", "Addiction Medicine"),
    ("Transportation", None): (*_GENERALISTS, *_SURGEONS),
}


def normalised(specialty: str) -> str:
    """Lower case, ``&`` as "and", one space between words (and one at each end)."""
    words = re.sub(r"[^a-z]+", " ", specialty.lower().replace("&", " and "))
    return f" {words.strip()} "


def recognised(specialty: str) -> str | None:
    """The table's name for a specialty line's entry, or None when the table does not know it."""
    words = normalised(specialty)
    for name, keys in KNOWN_SPECIALTIES.items():
        if any(f" {key}" in words for key in keys):
            return name
    return None


def usual_specialties(category: Category) -> tuple[str, ...] | None:
    """The specialties usual for `category` (its sub-category's row where there is one)."""
    return USUAL_SPECIALTIES.get((category.category, category.sub_category)) or USUAL_SPECIALTIES.get(
        (category.category, None)
    )


def unusual_specialties(specialties: list[str], category: Category) -> list[str] | None:
    """The reviewer's specialties (as written) when none of them is usual for `category`; None
    when one is usual, or the table cannot judge (no row, or no specialty it recognises)."""
    usual = usual_specialties(category)
    known = [(entry, recognised(entry)) for entry in specialties]
    known = [(entry, name) for entry, name in known if name is not None]
    if usual is None or not known or any(name in usual for _, name in known):
        return None
    return [entry for entry, _ in known]
