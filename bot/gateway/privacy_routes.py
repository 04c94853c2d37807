"""The privacy notice: the text (any visitor), and whether the logged-in user has read it."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict

from aiohttp import web

from bot.gateway.auth import require_user
from bot.gateway.http import DATABASE, SETTINGS
from bot.privacy_notice import privacy_notice
from bot.rules.retention import load_retention
from bot.store.models import utcnow
from bot.store.users import find_user


@lru_cache(maxsize=4)
def _keep_days(retention_config: str) -> Dict[str, int]:
    # Read once per process: the retention job reads the same file, so both say the same periods.
    return {kind: rule.keep_days for kind, rule in load_retention(retention_config or None).rules.items()}


async def notice(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    return web.json_response(privacy_notice(_keep_days(settings.retention_config),
                                            settings.privacy_notice_url or None))


async def notice_seen(request: web.Request) -> web.Response:
    """The user has read the notice: it is no longer shown before the chat (still reachable from the page)."""
    user = await require_user(request)

    def mark(session) -> bool:
        account = find_user(session, user["role"], user["id"])
        if account is None:
            return False
        if account.privacy_notice_seen_at is None:
            account.privacy_notice_seen_at = utcnow()
        return True

    return web.json_response({"privacy_notice_seen": await request.app[DATABASE].run(mark)})


async def notice_seen_by(request: web.Request, user: Dict[str, Any]) -> bool:
    def seen(session) -> bool:
        account = find_user(session, user["role"], user["id"])
        return account is not None and account.privacy_notice_seen_at is not None

    return await request.app[DATABASE].run(seen)


def add_privacy_routes(app: web.Application) -> None:
    app.router.add_get("/api/privacy-notice", notice)
    app.router.add_post("/api/me/privacy-notice/seen", notice_seen)
