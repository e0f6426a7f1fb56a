"""A private PostgreSQL server for the tests, started from the Debian server binaries.

`PostgresServer.start()` finds the newest ``/usr/lib/postgresql/<version>/bin`` that has
``initdb``, ``pg_ctl`` and ``postgres``, runs ``initdb`` into a fresh temporary folder and
starts the server listening only on a Unix socket in that folder (no TCP port, so parallel
sessions and a system cluster never clash). Debian's server refuses to run as root: under root
the folder is handed to an unprivileged user (``postgres`` where the package created it, or
one made here) and every server command runs as that user through ``runuser``.
`stop()` stops the server and removes the folder. A missing server is an error with the
command that installs it; it is never skipped (README's set-up installs it).

The server is tuned for tests only (no fsync, no synchronous commit): data need not survive.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SERVER_GLOB = "/usr/lib/postgresql/*/bin"
SUPERUSER = "imr_desk_admin"  # the role initdb creates; tests make ordinary roles under it
TEST_OS_USER = "imr-desk-tests"
INSTALL_HINT = "install it with: apt-get install postgresql (README's set-up does)"


class ServerMissing(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def server_bin_dir() -> Path:
    """The newest Debian PostgreSQL server ``bin`` folder with the programs the tests need."""
    candidates = []
    for folder in Path("/").glob(SERVER_GLOB.lstrip("/")):
        version = re.search(r"postgresql/(\d+)", str(folder))
        if version and all((folder / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            candidates.append((int(version.group(1)), folder))
    if not candidates:
        raise ServerMissing(f"No PostgreSQL server found in {SERVER_GLOB}; {INSTALL_HINT}.")
    return max(candidates)[1]


def _unprivileged_user() -> str | None:
    """The OS user to run the server as: None when we are not root (run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", TEST_OS_USER):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", TEST_OS_USER],
        check=True, capture_output=True,
    )
    return TEST_OS_USER


@dataclass
class PostgresServer:
    """One running test server; `dsn()` gives a libpq connection string to one of its databases."""

    bin_dir: Path = field(default_factory=server_bin_dir)
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="imr-desk-pg-")))
    run_as: str | None = field(default_factory=_unprivileged_user)
    running: bool = False

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    @property
    def socket_dir(self) -> Path:
        return self.folder

    def _run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / program), *args]
        if self.run_as is not None:
            command = ["runuser", "-u", self.run_as, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed ({result.returncode}): {result.stderr.strip()}\n{tail}")
        return result

    def start(self) -> PostgresServer:
        """initdb and start; the server listens on a socket in `folder` only."""
        self.folder.chmod(0o700)
        if self.run_as is not None:
            account = pwd.getpwnam(self.run_as)
            os.chown(self.folder, account.pw_uid, account.pw_gid)
        self._run("initdb", "-D", str(self.data_dir), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        return self.run_server()

    def run_server(self) -> PostgresServer:
        """Start the server on the data folder there is (listening on its private socket only)."""
        options = (f"-k {self.socket_dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=60")
        self._run("pg_ctl", "-D", str(self.data_dir), "-o", options, "-l", str(self.folder / "server.log"),
                  "-w", "-t", "60", "start")
        self.running = True
        return self

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its folder."""
        if self.running:
            try:
                self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")
            finally:
                self.running = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def dsn(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        """A libpq URI for `dbname` as `user`, through the private socket."""
        return f"postgresql://{user}@/{dbname}?host={self.socket_dir}"

    def create_database(self, name: str, owner: str | None = None) -> str:
        """A new, empty database (owned by `owner` where given); its connection string."""
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' OWNER "{owner}"' if owner else ""))
        return self.dsn(name, owner or SUPERUSER)

    def create_role(self, name: str) -> None:
        """An ordinary login role: no superuser, no CREATEDB, no CREATEROLE."""
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE ROLE "{name}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE')
