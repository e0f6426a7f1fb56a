"""The tests' own PostgreSQL server: started from Debian's binaries as an unprivileged user,
reachable only through its private socket, with ordinary roles the store tests can use."""

from __future__ import annotations

import os
import stat

import psycopg
import pytest


def test_the_server_runs_as_an_unprivileged_user_on_a_private_socket(pg_server) -> None:
    with psycopg.connect(pg_server.dsn(), autocommit=True) as conn:
        version = conn.execute("SHOW server_version_num").fetchone()
        listen = conn.execute("SHOW listen_addresses").fetchone()
        fsync = conn.execute("SHOW fsync").fetchone()
    assert version is not None and int(version[0]) >= 130000
    assert listen == ("",)  # no TCP port at all
    assert fsync == ("off",)
    owner = os.stat(pg_server.data_dir).st_uid
    assert owner != 0  # never root: Debian's server refuses it, and it must not need it
    assert stat.S_IMODE(os.stat(pg_server.folder).st_mode) == 0o700


def test_an_ordinary_role_owns_its_own_database(pg_server) -> None:
    pg_server.create_role("desk_role_check")
    dsn = pg_server.create_database("desk_role_check_db", owner="desk_role_check")
    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute("SELECT rolsuper, rolcreatedb FROM pg_roles WHERE rolname = current_user").fetchone()
        conn.execute("CREATE TABLE t (x int)")
        conn.execute("INSERT INTO t VALUES (1)")
        assert conn.execute("SELECT count(*) FROM t").fetchone() == (1,)
    assert row == (False, False)
    with pytest.raises(psycopg.errors.InsufficientPrivilege), psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE DATABASE not_allowed")
