"""The firm's deadline settings: holidays it adds or removes, and the side it works for.

The holiday calendar (`calendar.HolidayCalendar`) is California's state holidays as the
``holidays`` package lists them, plus `added_holidays` (court or board closures), minus
`removed_holidays` (a day the firm treats as a working day, e.g. the day after Thanksgiving
under *Pa'u*). `firm_side` chooses which kinds of deadline show by default (`default_kinds`).
The store keeps one firm-wide copy (a shared store shares it).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

FIRM_SIDES = ("applicant", "defense", "claims_administrator")
FIRM_SIDE_WORDS = {
    "applicant": "Applicant",
    "defense": "Defense",
    "claims_administrator": "Claims administrator",
}
KINDS = ("appeal", "authorize", "reimburse")
KIND_WORDS = {
    "appeal": "Petition appealing the IMR determination (WCAB)",
    "authorize": "Authorize the overturned treatment",
    "reimburse": "Pay for overturned treatment already provided",
}

# What each side watches by default: anyone aggrieved may appeal; authorizing and paying are
# the claims administrator's duties, which a defense firm advises on. The window may show more.
_DEFAULT_KINDS = {
    "applicant": ("appeal",),
    "defense": KINDS,
    "claims_administrator": KINDS,
}


def parse_iso_date(text: str, what: str = "date") -> datetime.date:
    """A ``YYYY-MM-DD`` date; ValueError naming `what` and the text otherwise."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise ValueError(f"The {what} {text!r} is not a date written YYYY-MM-DD.") from None


@dataclass(frozen=True)
class DeadlineSettings:
    """The firm's choices; dates are `datetime.date`, kept sorted and without repeats."""

    added_holidays: tuple[datetime.date, ...] = ()
    removed_holidays: tuple[datetime.date, ...] = ()
    firm_side: str = "applicant"
    # day name for the firm's own closures, by date (optional; "Firm closure" otherwise)
    added_names: dict[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if self.firm_side not in FIRM_SIDES:
            raise ValueError(
                f"The firm's side {self.firm_side!r} is not one of: {', '.join(FIRM_SIDES)}."
            )
        object.__setattr__(self, "added_holidays", tuple(sorted(set(self.added_holidays))))
        object.__setattr__(self, "removed_holidays", tuple(sorted(set(self.removed_holidays))))

    def default_kinds(self) -> tuple[str, ...]:
        """The kinds of deadline the firm's side shows unless asked for others."""
        return _DEFAULT_KINDS[self.firm_side]

    def to_json(self) -> dict[str, Any]:
        return {
            "added_holidays": [d.isoformat() for d in self.added_holidays],
            "removed_holidays": [d.isoformat() for d in self.removed_holidays],
            "firm_side": self.firm_side,
            "added_names": dict(self.added_names),
        }

    @classmethod
    def from_json(cls, data: Any) -> DeadlineSettings:
        """Settings from their stored JSON; anything unreadable falls back to the default."""
        if not isinstance(data, dict):
            return cls()
        side = data.get("firm_side")

        def dates(key: str) -> tuple[datetime.date, ...]:
            found = []
            for item in data.get(key) or ():
                try:
                    found.append(datetime.date.fromisoformat(str(item)))
                except ValueError:
                    continue
            return tuple(found)

        names = data.get("added_names")
        return cls(
            added_holidays=dates("added_holidays"),
            removed_holidays=dates("removed_holidays"),
            firm_side=side if side in FIRM_SIDES else "applicant",
            added_names={str(k): str(v) for k, v in names.items()} if isinstance(names, dict) else {},
        )
