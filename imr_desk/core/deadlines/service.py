"""The service record of a case: when, how and where the determination was served, and when
the firm received it — each value entered by the user or *assumed* from the spec's defaults.

Defaults (``shared/spec/deadlines.md``): served on the letter's decision date, by mail, to a
California address, received the day it was served. A deadline computed from an assumed value
is itself assumed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from imr_desk.core.deadlines.settings import parse_iso_date

SERVED_BY = ("mail", "fax", "email", "personal")
ADDRESSES = ("california", "us", "abroad")
SERVICE_FIELDS = ("served_on", "served_by", "address", "received_on")
SERVICE_WORDS = {
    "served_on": "Served on",
    "served_by": "Served by",
    "address": "Address",
    "received_on": "Received on",
}
SERVED_BY_WORDS = {"mail": "mail", "fax": "fax", "email": "e-mail", "personal": "personal service"}
ADDRESS_WORDS = {
    "california": "a California address",
    "us": "an address outside California in the US",
    "abroad": "an address outside the US",
}


@dataclass(frozen=True)
class EnteredService:
    """What the user entered for a case (None: not entered, the default applies)."""

    served_on: datetime.date | None = None
    served_by: str | None = None
    address: str | None = None
    received_on: datetime.date | None = None

    def __post_init__(self) -> None:
        if self.served_by is not None and self.served_by not in SERVED_BY:
            raise ValueError(f"Served by {self.served_by!r} is not one of: {', '.join(SERVED_BY)}.")
        if self.address is not None and self.address not in ADDRESSES:
            raise ValueError(f"The address {self.address!r} is not one of: {', '.join(ADDRESSES)}.")
        if self.served_on and self.received_on and self.received_on < self.served_on:
            raise ValueError(
                f"Received on {self.received_on.isoformat()} is before served on {self.served_on.isoformat()}."
            )

    def to_json(self) -> dict[str, Any]:
        return {
            "served_on": self.served_on.isoformat() if self.served_on else None,
            "served_by": self.served_by,
            "address": self.address,
            "received_on": self.received_on.isoformat() if self.received_on else None,
        }

    @classmethod
    def from_json(cls, data: Any) -> EnteredService:
        """The stored values (anything unreadable counts as not entered)."""
        if not isinstance(data, dict):
            return cls()

        def day(key: str) -> datetime.date | None:
            try:
                return parse_iso_date(str(data[key])) if data.get(key) else None
            except ValueError:
                return None

        served_by = data.get("served_by") if data.get("served_by") in SERVED_BY else None
        address = data.get("address") if data.get("address") in ADDRESSES else None
        served_on, received_on = day("served_on"), day("received_on")
        if served_on and received_on and received_on < served_on:
            received_on = None
        return cls(served_on, served_by, address, received_on)

    @property
    def empty(self) -> bool:
        return all(getattr(self, name) is None for name in SERVICE_FIELDS)


@dataclass(frozen=True)
class ServiceRecord:
    """The values deadlines are computed from; `assumed` names those not entered.

    `served_on` / `received_on` are None only when nothing was entered and the letter has no
    decision date (then no deadline can be computed)."""

    served_on: datetime.date | None
    served_by: str
    address: str
    received_on: datetime.date | None
    assumed: frozenset[str]

    @classmethod
    def resolve(cls, entered: EnteredService, decision_date: str | None) -> ServiceRecord:
        """The entered values, with the spec's defaults for the rest (marked assumed)."""
        assumed = {name for name in SERVICE_FIELDS if getattr(entered, name) is None}
        served_on = entered.served_on
        if served_on is None and decision_date:
            try:
                served_on = datetime.date.fromisoformat(decision_date)
            except ValueError:
                served_on = None
        received_on = entered.received_on or served_on
        if entered.received_on is None and "served_on" in assumed:
            assumed.add("received_on")
        return cls(served_on, entered.served_by or "mail", entered.address or "california",
                   received_on, frozenset(assumed))

    def is_assumed(self, name: str) -> bool:
        return name in self.assumed

    def mark(self, name: str) -> str:
        """`` (assumed)`` after a value that was not entered, else nothing."""
        return " (assumed)" if name in self.assumed else ""

    def to_json(self) -> dict[str, Any]:
        """Each value with whether it is assumed (for the window and the reports)."""
        values: dict[str, Any] = {
            "served_on": self.served_on.isoformat() if self.served_on else None,
            "served_by": self.served_by,
            "address": self.address,
            "received_on": self.received_on.isoformat() if self.received_on else None,
        }
        return {name: {"value": values[name], "assumed": name in self.assumed} for name in SERVICE_FIELDS}
