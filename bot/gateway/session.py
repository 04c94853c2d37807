"""The logged-in user, read from the encrypted session cookie."""
from __future__ import annotations

from typing import Dict, Optional

from aiohttp import web
from aiohttp_session import get_session

from bot.gateway.http import BadRequest


async def current_user(request: web.Request) -> Optional[Dict[str, str]]:
    session = await get_session(request)
    user = session.get("user")
    return user if isinstance(user, dict) else None


async def require_user(request: web.Request) -> Dict[str, str]:
    user = await current_user(request)
    if user is None:
        raise BadRequest(401, "Du er ikke logget ind. Log ind og prøv igen.",
                         "You are not logged in. Please log in and try again.")
    return user
