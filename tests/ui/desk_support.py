"""Another desk in the same test process: a `Store` on the same PostgreSQL database whose
change notices carry a desk id of its own (the window's feed drops only its own desk's)."""

from __future__ import annotations

from imr_desk.core.store import Store
from imr_desk.core.store.notices import install_notifier

OTHER_DESK = "the-other-desk"


def other_desk_store(target: str) -> Store:
    """A store on `target` that tells the window's desk about its writes as `OTHER_DESK`."""
    store = Store(target)
    store.connection.after_commit.clear()
    install_notifier(store.connection, OTHER_DESK)
    return store
