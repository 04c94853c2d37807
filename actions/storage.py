"""The action server's database: one engine per process, one session per action run."""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Tuple
from zoneinfo import ZoneInfo

from bot.db import Database
from bot.settings import load_settings


@lru_cache(maxsize=1)
def database() -> Database:
    return Database(load_settings().database_url)


def user_of(sender_id: str) -> Tuple[str, str]:
    """The (role, id) behind a conversation id made by bot.models.conversation_id_for."""
    role, _, external_id = sender_id.partition("-")
    return role, external_id


def today() -> date:
    """Today's date where the municipality is; what "i dag" and "i går" mean to the citizen."""
    return datetime.now(ZoneInfo("Europe/Copenhagen")).date()
