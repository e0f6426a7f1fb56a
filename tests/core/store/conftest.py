"""Fixtures shared by the store tests: `store_target` and `store`, run on both backends.

`store_target` is parametrised ``sqlite`` / ``postgresql``: the store file `tmp_store_path`
(tests/conftest.py) in the test's own folder, or `pg_target` (tests/conftest.py): a new, empty
PostgreSQL database on the session's own server, owned by an ordinary role (no superuser, no
CREATEDB) and dropped after the test (``CREATE DATABASE … TEMPLATE template0``: about 20 ms). `store` is a
new `Store` on it, closed after the test. No test touches a real store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from imr_desk.core.store import Store

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def store_target(request: pytest.FixtureRequest, tmp_store_path: Path) -> Iterator[Path | str]:
    """Where a test's store lives: the file `tmp_store_path`, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield tmp_store_path
        return
    yield request.getfixturevalue("pg_target")


@pytest.fixture
def backend(store_target: Path | str) -> str:
    """``sqlite`` or ``postgresql``: the backend of this run of the test."""
    return "sqlite" if isinstance(store_target, Path) else "postgresql"


@pytest.fixture
def store(store_target: Path | str) -> Iterator[Store]:
    """A new, empty store (on this run's backend), closed after the test."""
    opened = Store(store_target)
    yield opened
    opened.close()
