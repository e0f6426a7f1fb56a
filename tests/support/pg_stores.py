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


def back_to_version_8(conn: object) -> None:
    """Give a PostgreSQL store of schema 9 the shape of version 8 again (its vectors generated
    columns of the wide rows, as `pg_schema.PG_BASE` made them), at version 8: the store a
    firm's server held before, for the tests of the steps after 8 (and replays from earlier)."""
    conn.execute("""
        ALTER TABLE decisions ADD COLUMN fts tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig,
            coalesce(request, '') || ' ' || coalesce(claims_administrator_guideline, '') || ' '
            || coalesce(maximus_guideline, '') || ' ' || coalesce(rationale, ''))) STORED;
        ALTER TABLE letters ADD COLUMN fts tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig,
            coalesce(case_number, '') || ' ' || case_summary || ' ' || notes)) STORED;
        DROP TABLE decisions_search, letters_search;
        DROP FUNCTION imr_desk_decision_words() CASCADE;
        DROP FUNCTION imr_desk_letter_words() CASCADE;
        CREATE INDEX letters_fts ON letters USING gin (fts);
        CREATE INDEX decisions_fts ON decisions USING gin (fts);
        DROP INDEX letters_queue;
        CREATE INDEX letters_queue ON letters(decision_date DESC NULLS LAST, id DESC)
            WHERE is_record = 1 AND removed_at IS NULL;
        UPDATE imr_desk_meta SET value = '8' WHERE key = 'schema_version';
    """)  # type: ignore[attr-defined]
