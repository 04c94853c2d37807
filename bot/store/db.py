"""Database engine and the one-session-per-unit-of-work helper used by the gateway and the actions."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Callable, TypeVar

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

T = TypeVar("T")


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
    return create_engine(url, future=True, hide_parameters=True, pool_pre_ping=True)


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
