"""The items of the list fields: licensure states and specialties, checked as the user types them.

The reviewer's licensure is a list of US states: each item must name one (a state, the
District of Columbia or a territory), by its name or its postal abbreviation in any case
(``ca``, ``new  york``), and is stored spelt out (``California``, ``New York``), as the letters
print them. Specialties are names of medical specialties: an item must be words (letters,
with ``&``, ``-``, ``/``, ``'``, ``.`` or parentheses between them), at most
`MAX_ITEM_LENGTH` characters, and not something that belongs in another field (a date or a
number, a state, a priority, outcome or sex word). `check_items(key, label, items)` returns
the items as they are stored or raises `ValueError` naming the field and the item refused.
"""

from __future__ import annotations

import re

from imr_desk.core.fields import FIELDS

MAX_ITEM_LENGTH = 80

US_STATES = (
    ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"), ("CA", "California"),
    ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"), ("DC", "District of Columbia"),
    ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"), ("ID", "Idaho"), ("IL", "Illinois"),
    ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"), ("KY", "Kentucky"), ("LA", "Louisiana"),
    ("ME", "Maine"), ("MD", "Maryland"), ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"),
    ("MS", "Mississippi"), ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
    ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
    ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"), ("OR", "Oregon"),
    ("PA", "Pennsylvania"), ("RI", "Rhode Island"), ("SC", "South Carolina"), ("SD", "South Dakota"),
    ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"), ("VT", "Vermont"), ("VA", "Virginia"),
    ("WA", "Washington"), ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"),
    ("PR", "Puerto Rico"), ("GU", "Guam"), ("VI", "U.S. Virgin Islands"), ("AS", "American Samoa"),
    ("MP", "Northern Mariana Islands"),
)
_STATE_BY_WORDS = {
    **{name.lower(): name for _code, name in US_STATES},
    **{code.lower(): name for code, name in US_STATES},
    "washington dc": "District of Columbia", "washington d.c.": "District of Columbia",
    "d.c.": "District of Columbia", "virgin islands": "U.S. Virgin Islands",
}
_SPECIALTY = re.compile(r"\(?[^\W\d_]+(?:[ &/'.()\-]+[^\W\d_]+)*[.)]?")

# Words that are another field's value: refused as a specialty, with the field they belong to.
_OTHER_FIELDS_WORDS = {
    choice.lower(): FIELDS[key].label
    for key in ("header.priority", "patient.sex", "decisions[].outcome")
    for choice in FIELDS[key].choices
}


def state_name(item: str) -> str | None:
    """The spelt-out name of the US state `item` names (by name or postal code), or None."""
    return _STATE_BY_WORDS.get(" ".join(item.split()).lower())


def check_items(key: str, label: str, items: list[str]) -> list[str]:
    """`items` of list field `key` as stored; `ValueError` naming `label` and the first item
    that is not one (see the module docstring)."""
    if key == "reviewer.licensure_states":
        return [_check_state(label, item) for item in items]
    return [_check_specialty(label, item) for item in items]


def _check_state(label: str, item: str) -> str:
    name = state_name(item)
    if name is None:
        raise ValueError(f"{label}: '{item}' is not a US state. Type the states the reviewer is licensed "
                         "in by name or two-letter abbreviation, separated by commas (e.g. California, NY).")
    return name


def _check_specialty(label: str, item: str) -> str:
    if len(item) > MAX_ITEM_LENGTH:
        raise ValueError(f"{label}: an item is {len(item)} characters long; a specialty has at most "
                         f"{MAX_ITEM_LENGTH}. Separate specialties with commas.")
    if state_name(item) is not None:
        raise ValueError(f"{label}: '{item}' is a state, not a specialty; the reviewer's states go in "
                         f"{FIELDS['reviewer.licensure_states'].shown_label}.")
    other_field = _OTHER_FIELDS_WORDS.get(item.lower())
    if other_field is not None:
        raise ValueError(f"{label}: '{item}' is not a specialty; it is a value of {other_field}.")
    if not _SPECIALTY.fullmatch(item):
        raise ValueError(f"{label}: '{item}' is not a specialty: type words such as Pain Management "
                         "(no dates or numbers), separated by commas.")
    return item
