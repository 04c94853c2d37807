"""The action server's database: one engine per process, one session per action run, run off the
event loop."""
from __future__ import annotations

import logging
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Callable, Tuple, TypeVar
from zoneinfo import ZoneInfo

from bot.settings import load_settings
from bot.store.db import Database
from bot.store.users import require_citizen

logger = logging.getLogger(__name__)
T = TypeVar("T")


@lru_cache(maxsize=1)
def database() -> Database:
    return Database(load_settings().database_url)


def user_of(sender_id: str) -> Tuple[str, str]:
    """The (role, id) behind a conversation id made by bot.store.models.conversation_id_for."""
    role, _, external_id = sender_id.partition("-")
    return role, external_id


async def in_citizen_db(sender_id: str, work: Callable[..., T], *args: Any) -> T:
    """Runs `work(session, citizen, *args)` for the citizen behind the conversation, in one transaction
    in a worker thread; raises bot.store.users.NotACitizen when no citizen is behind it."""
    role, external_id = user_of(sender_id)

    def unit(session):
        return work(session, require_citizen(session, role, external_id), *args)

    return await database().run(unit)


def today() -> date:
    """Today's date where the municipality is; what "i dag" and "i går" mean to the citizen."""
    return datetime.now(ZoneInfo("Europe/Copenhagen")).date()
