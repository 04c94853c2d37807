"""A PostgreSQL cluster of a test's own, made with Debian's postgresql-common tools (the tests run as
root), for tests that stop or restart the database server: the shared test server on port 5432 must
never be touched, since other tests are using it.

    with private_postgres() as postgres:
        engine = create_engine(postgres.url)
        postgres.restart()   # back, and accepting connections, when it returns

The cluster is dropped when the block ends, also when the test fails; a cluster left behind by a run
that was killed is dropped by the next run (its name carries the id of the process that made it)."""
from __future__ import annotations

import os
import secrets
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, List

import psutil
import psycopg2

from bot.free_ports import free_port

POSTGRESQL_DIR = Path("/usr/lib/postgresql")
# Followed by the id of the process that made the cluster and a random part: jobassistent_test_<pid>_<hex>.
NAME_PREFIX = "jobassistent_test_"
ACCEPTING_WITHIN_SECONDS = 60


@dataclass
class PrivatePostgres:
    """A running cluster with one database, owned by a role that logs in with a password."""
    version: str
    name: str
    port: int
    url: str  # postgresql://user:password@127.0.0.1:port/database, for SQLAlchemy and psycopg2

    def restart(self) -> None:
        """Restarts the server the way an operator does (fast: open connections are cut); returns once
        it accepts connections again."""
        _ctl(self, "restart", "-m", "fast")
        self.wait_until_accepting()

    def stop(self) -> None:
        """Stops the server (fast: open connections are cut)."""
        _ctl(self, "stop", "-m", "fast")

    def start(self) -> None:
        """Starts the stopped server; returns once it accepts connections."""
        _ctl(self, "start")
        self.wait_until_accepting()

    def wait_until_accepting(self) -> None:
        deadline = time.monotonic() + ACCEPTING_WITHIN_SECONDS
        while True:
            try:
                psycopg2.connect(self.url, connect_timeout=2).close()
                return
            except psycopg2.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A fresh cluster of the newest installed PostgreSQL on a free port, started, with a database;
    dropped at the end."""
    version = newest_version()
    drop_clusters_of_dead_runs(version)
    name = f"{NAME_PREFIX}{os.getpid()}_{secrets.token_hex(4)}"
    port = free_port()
    _run(["pg_createcluster", version, name, "--port", str(port)])
    try:
        _run(["pg_ctlcluster", version, name, "start"])
        cluster = PrivatePostgres(version, name, port, _create_owner_and_database(port))
        cluster.wait_until_accepting()
        yield cluster
    finally:
        _run(["pg_dropcluster", "--stop", version, name])


def newest_version() -> str:
    versions = [path.name for path in POSTGRESQL_DIR.iterdir() if (path / "bin" / "postgres").exists()]
    if not versions:
        raise RuntimeError(f"No PostgreSQL server installed under {POSTGRESQL_DIR}.")
    return max(versions, key=lambda version: [int(part) for part in version.split(".")])


def drop_clusters_of_dead_runs(version: str) -> List[str]:
    """Drops the clusters this module made in runs whose process is gone (killed before it could clean
    up); those of runs still going, in parallel, are left alone. Returns the names dropped."""
    dropped = []
    for name in _cluster_names(version):
        pid = name[len(NAME_PREFIX):].split("_")[0]
        if name.startswith(NAME_PREFIX) and pid.isdigit() and not psutil.pid_exists(int(pid)):
            _run(["pg_dropcluster", "--stop", version, name])
            dropped.append(name)
    return dropped


def _cluster_names(version: str) -> List[str]:
    # Columns: version, cluster, port, status, owner, data directory, log file.
    listing = _run(["pg_lsclusters", "--no-header"]).stdout
    return [columns[1] for columns in (line.split() for line in listing.splitlines())
            if len(columns) > 1 and columns[0] == version]


def _create_owner_and_database(port: int) -> str:
    """A role with a password and a database it owns; returns the URL. The SQL goes to psql on stdin,
    so the password is on no command line."""
    role = database = "jobassistent"
    password = secrets.token_hex(16)
    sql = (f"CREATE ROLE {role} LOGIN PASSWORD '{password}';\n"
           f"CREATE DATABASE {database} OWNER {role};\n")
    _run(["runuser", "-u", "postgres", "--", "psql", "-p", str(port), "-v", "ON_ERROR_STOP=1", "-q",
          "-d", "postgres"], stdin=sql)
    return f"postgresql://{role}:{password}@127.0.0.1:{port}/{database}"


def _ctl(cluster: PrivatePostgres, *action: str) -> None:
    _run(["pg_ctlcluster", cluster.version, cluster.name, *action])


def _run(command: List[str], stdin: str = "") -> subprocess.CompletedProcess:
    # From /, which the postgres user can read whatever the test's working directory is.
    result = subprocess.run(command, input=stdin, capture_output=True, text=True, cwd="/", timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} failed ({result.returncode}): "
                           f"{(result.stderr or result.stdout).strip()[-2000:]}")
    return result
