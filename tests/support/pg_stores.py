"""Store databases on the tests' own PostgreSQL server: a new, empty database per test, owned
by an ordinary role (no superuser, no CREATEDB), dropped afterwards (tests/conftest.py's
`pg_desk` and `pg_target` fixtures use these)."""

from __future__ import annotations

import itertools

from tests.support.pg_server import PostgresServer

DESK_ROLE = "desk_store_tests"
_numbers = itertools.count(1)


def new_pg_database(server: PostgresServer, owner: str = DESK_ROLE) -> tuple[str, str]:
    """A new, empty database owned by `owner`: (its name, its connection string as `owner`)."""
    import psycopg

    name = f"store_{next(_numbers)}"
    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" OWNER "{owner}" TEMPLATE template0')
    return name, server.dsn(name, owner)


def drop_pg_database(server: PostgresServer, name: str) -> None:
    """Drop a test database (its connections closed first)."""
    import psycopg

    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
