"""Who is asking: the logged-in user, read from the encrypted session cookie and checked against the
login kept on the server (so logout and idleness end it), and the role checks."""
from __future__ import annotations

from datetime import timedelta
from typing import Callable, Dict, Optional, Tuple, TypeVar

from aiohttp import web
from aiohttp_session import Session as CookieSession, get_session, new_session
from sqlalchemy.orm import Session

from bot.chat_input import language_of_request
from bot.gateway.http import DATABASE, SETTINGS, BadRequest
from bot.store import login_sessions
from bot.store.models import User
from bot.store.users import find_user

T = TypeVar("T")

ADVISORS_ONLY = ("Kun jobrådgivere har adgang til arbejdsområdet.",
                 "Only job advisors have access to the workspace.")


# What the encrypted cookie holds: the user, the token of their login on the server, and the language
# they last wrote in.
USER, LOGIN, LANGUAGE = "user", "login", "language"
# The answer of the login check, kept on the request so that it is asked once per request.
_CHECKED = "jobassistent.login_checked"

NOT_LOGGED_IN = ("Du er ikke logget ind. Log ind og prøv igen.", "You are not logged in. Please log in and try again.")
LOGGED_OUT = ("Du er logget ud. Log ind igen for at fortsætte.",
              "You have been logged out. Please log in again to continue.")


def _ended_reason(verdict: Optional[str], user: Dict[str, str], settings) -> Tuple[str, str]:
    if verdict == login_sessions.IDLE:
        minutes = int(settings.idle_timeout(user.get("role", "")).total_seconds() // 60)
        return (f"Du er blevet logget ud, fordi du ikke har brugt siden i {minutes} minutter. "
                "Log ind igen for at fortsætte.",
                f"You have been logged out because you had not used the page for {minutes} minutes. "
                "Please log in again to continue.")
    if verdict == login_sessions.EXPIRED:
        hours = settings.session_max_hours
        return (f"Du er blevet logget ud, fordi du har været logget ind i {hours} timer. "
                "Log ind igen for at fortsætte.",
                f"You have been logged out because you had been logged in for {hours} hours. "
                "Please log in again to continue.")
    return LOGGED_OUT if verdict else NOT_LOGGED_IN


async def start_login(request: web.Request, user: User) -> CookieSession:
    """A new session cookie for `user`, naming a new login on the server; a login the browser had
    before (another user, say) ends."""
    earlier = (await get_session(request)).get(LOGIN)
    if isinstance(earlier, str):
        await request.app[DATABASE].run(login_sessions.end, earlier)
    settings = request.app[SETTINGS]
    unusable_after = max([timedelta(hours=settings.session_max_hours)] +
                         [settings.idle_timeout(role) for role in ("citizen", "employer", "advisor")])
    session = await new_session(request)
    session[LOGIN] = await request.app[DATABASE].run(login_sessions.start, user.id, unusable_after)
    session[USER] = {"role": user.role, "id": user.external_id, "name": user.display_name}
    return session


async def end_login(request: web.Request) -> None:
    """Logout: the login on the server goes, so a copy of the cookie no longer works."""
    session = await get_session(request)
    token = session.get(LOGIN)
    if isinstance(token, str):
        await request.app[DATABASE].run(login_sessions.end, token)
    session.invalidate()


async def _checked_login(request: web.Request, active: bool) -> Tuple[Optional[Dict[str, str]], Tuple[str, str],
                                                                      Optional[str]]:
    """(user or None, why there is none (Danish, English), the language the user last wrote in)."""
    if _CHECKED in request:
        return request[_CHECKED]
    session = await get_session(request)
    settings = request.app[SETTINGS]
    user, token, language = session.get(USER), session.get(LOGIN), session.get(LANGUAGE)
    verdict = None
    if isinstance(user, dict):
        # A cookie without a login token is from before logins were kept on the server: it is over.
        verdict = login_sessions.ENDED if not isinstance(token, str) else await request.app[DATABASE].run(
            login_sessions.check, token, settings.idle_timeout(user.get("role", "")),
            timedelta(hours=settings.session_max_hours), active)
    if verdict == login_sessions.ACTIVE:
        request[_CHECKED] = (user, NOT_LOGGED_IN, language)
    else:
        if verdict is not None:
            session.invalidate()  # the browser drops the cookie of a login that is over
        request[_CHECKED] = (None, _ended_reason(verdict, user if isinstance(user, dict) else {}, settings),
                             language if language in ("da", "en") else None)
    return request[_CHECKED]


async def current_user(request: web.Request, *, active: bool = True) -> Optional[Dict[str, str]]:
    """The logged-in user, or None. `active` False is for the page's background polling, which does
    not keep an idle login alive."""
    user, _, _ = await _checked_login(request, active)
    return user


async def ended_login_notice(request: web.Request) -> Optional[str]:
    """Why the user was logged out (in their language), when this request found the login over."""
    user, reason, language = await _checked_login(request, True)
    if user is not None or reason == NOT_LOGGED_IN:
        return None
    language = language or language_of_request(None, request.headers.get("Accept-Language", ""))
    return reason[1] if language == "en" else reason[0]


async def require_user(request: web.Request, *, active: bool = True) -> Dict[str, str]:
    """The logged-in user; 401 with why (not logged in, logged out, idle too long) when there is none."""
    user, reason, language = await _checked_login(request, active)
    if user is None:
        raise BadRequest(401, *reason, language=language)
    return user


async def keep_alive(request: web.Request) -> None:
    """Counts this background request as activity (waiting in the queue for a person is not idleness)."""
    token = (await get_session(request)).get(LOGIN)
    if isinstance(token, str):
        await request.app[DATABASE].run(login_sessions.keep_alive, token)


async def require_role(request: web.Request, role: str, refusal: Tuple[str, str], *,
                       active: bool = True) -> Dict[str, str]:
    """The logged-in user when they have `role`; 401 when nobody is logged in, else 403 with `refusal`
    (Danish, English), which says whom the route is for."""
    user = await require_user(request, active=active)
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
