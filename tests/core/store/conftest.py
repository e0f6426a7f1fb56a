"""Fixtures shared by the store tests: `store_target` and `store`, run on both backends.

`store_target` is parametrised ``sqlite`` / ``postgresql``: the store file `tmp_store_path`
(tests/conftest.py) in the test's own folder, or a new, empty PostgreSQL database on the
session's own server (`pg_server`), owned by an ordinary role (no superuser, no CREATEDB) and
dropped after the test (``CREATE DATABASE … TEMPLATE template0``: about 20 ms). `store` is a
new `Store` on it, closed after the test. No test touches a real store.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from imr_desk.core.store import Store

BACKENDS = ["sqlite", "postgresql"]
DESK_ROLE = "desk_store_tests"
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_desk(pg_server):  # type: ignore[no-untyped-def]
    """The session server with the ordinary role the store tests connect as."""
    pg_server.create_role(DESK_ROLE)
    return pg_server


def new_pg_database(server, owner: str = DESK_ROLE) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A new, empty database owned by `owner`: (its name, its connection string)."""
    import psycopg

    name = f"store_{next(_numbers)}"
    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" OWNER "{owner}" TEMPLATE template0')
    return name, server.dsn(name, owner)


def drop_pg_database(server, name: str) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_target(request: pytest.FixtureRequest) -> Iterator[str]:
    """A new PostgreSQL store database (empty), dropped after the test."""
    server = request.getfixturevalue("pg_desk")
    name, dsn = new_pg_database(server)
    yield dsn
    drop_pg_database(server, name)


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
