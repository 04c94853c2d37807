"""Who is asking: the logged-in user, read from the encrypted session cookie, and the role checks."""
from __future__ import annotations

from typing import Callable, Dict, Optional, Tuple, TypeVar

from aiohttp import web
from aiohttp_session import get_session
from sqlalchemy.orm import Session

from bot.gateway.http import DATABASE, BadRequest
from bot.store.models import User
from bot.store.users import find_user

T = TypeVar("T")

ADVISORS_ONLY = ("Kun jobrådgivere har adgang til arbejdsområdet.",
                 "Only job advisors have access to the workspace.")


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


async def require_role(request: web.Request, role: str, refusal: Tuple[str, str]) -> Dict[str, str]:
    """The logged-in user when they have `role`; 401 when nobody is logged in, else 403 with `refusal`
    (Danish, English), which says whom the route is for."""
    user = await require_user(request)
    if user["role"] != role:
        raise BadRequest(403, *refusal)
    return user


async def run_for_own_account(request: web.Request, role: str, refusal: Tuple[str, str],
                              work: Callable[[Session, User], T], without_account: T) -> T:
    """Runs `work(session, user_row)` for the logged-in user with `role` (403 with `refusal`, Danish and
    English, for anyone else); `without_account` is the answer for someone with no user row yet."""
    user = await require_role(request, role, refusal)

    def unit(session: Session) -> T:
        account = find_user(session, role, user["id"])
        return without_account if account is None else work(session, account)

    return await request.app[DATABASE].run(unit)
