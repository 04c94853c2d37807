"""Database engine and the one-session-per-unit-of-work helper used by the gateway and the actions."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Callable, Dict, TypeVar

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

T = TypeVar("T")

# A database server that does not answer at all (a network gone, rather than a restart, which refuses
# at once) must not hold a worker thread, and with it a user's request, for minutes.
CONNECT_TIMEOUT_SECONDS = 10


def server_engine_options(url: URL) -> Dict[str, Any]:
    """The create_engine options that let an engine on a database server (PostgreSQL) outlive a restart
    of the server: each pooled connection is tested before it is used (a restart leaves the pool full of
    dead ones, and the first request on each would fail), a connection attempt gives up in time, and a
    failed statement's error leaves out the values it carried, which are the users' personal data.
    Also used for Rasa's tracker store (bot/tracker_store.py)."""
    options: Dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
    if url.get_driver_name() == "psycopg2" and "connect_timeout" not in url.query:
        options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    return options


def make_engine(database_url: str) -> Engine:
    # hide_parameters: a failed statement's error (and so every log of it) leaves out the values it
    # carried, which are the users' personal data.
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # SQLAlchemy 1.4 opens a new SQLite connection for every session unless told to pool them,
        # and each new one runs the three PRAGMAs below again.
        engine = create_engine(
            url, future=True, hide_parameters=True, poolclass=QueuePool, pool_size=5, max_overflow=10,
            connect_args={"check_same_thread": False, "timeout": 15},
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            # Rasa's tracker store writes to the same file; WAL lets readers and one writer coexist.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.close()

        return engine
    return create_engine(url, future=True, **server_engine_options(url))


class Database:
    """Owns the engine; every unit of work gets its own short session, run off the event loop."""

    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.engine = make_engine(database_url)
        self._sessions = sessionmaker(self.engine, future=True, expire_on_commit=False)

    def run_sync(self, work: Callable[..., T], *args) -> T:
        with self._sessions() as session:
            with session.begin():
                return work(session, *args)

    async def run(self, work: Callable[..., T], *args) -> T:
        """Runs `work(session, *args)` in a worker thread inside one committed transaction."""
        return await asyncio.to_thread(self.run_sync, work, *args)

    def ping(self) -> bool:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True

    def dispose(self) -> None:
        self.engine.dispose()
