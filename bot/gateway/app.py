"""Builds the gateway's aiohttp application: sessions, security headers, JSON errors, resources."""
from __future__ import annotations

import hashlib
from typing import AsyncIterator, Optional

import aiohttp
import aiohttp_session
from aiohttp import web, web_response
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from bot.gateway.csrf import refuse_cross_site_requests
from bot.gateway.admission import Admission
from bot.gateway.match_advisor_routes import add_match_advisor_routes
from bot.gateway.match_employer_routes import add_match_employer_routes
from bot.gateway.http import ADMISSION, DATABASE, RASA, SETTINGS, api_errors_as_json, bad_requests_as_json
from bot.gateway.observability import add_observability_routes, observe_requests
from bot.gateway.rasa_client import RasaClient
from bot.gateway.rate_limits import CHAT_LIMITS, ChatLimits
from bot.gateway.routes import add_routes
from bot.settings import Settings
from bot.store.db import Database

SESSION_COOKIE = "jobassistent_session"

# aiohttp names itself and its version in a Server header ("Python/3.10 aiohttp/3.9.5"), which only
# helps an attacker. The hook below drops it from the app's responses; aiohttp's own plain 400 to a
# request it cannot parse is made where no hook reaches, and reads this name when it is sent.
web_response.SERVER_SOFTWARE = "jobassistent"

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.popall("Server", None)  # see SERVER_SOFTWARE above
    if request.path.startswith("/api/"):
        response.headers.setdefault("Cache-Control", "no-store")


def init_app(settings: Settings, database: Optional[Database] = None) -> web.Application:
    # observe_requests first: it times and counts what every later middleware answers too.
    app = web.Application(middlewares=[observe_requests, api_errors_as_json, bad_requests_as_json,
                                       refuse_cross_site_requests],
                          client_max_size=256 * 1024)
    app[SETTINGS] = settings
    app[CHAT_LIMITS] = ChatLimits(settings)
    app[ADMISSION] = Admission(settings.turns_per_rasa_process * settings.rasa_processes,
                               settings.turn_wait_seconds)
    session_key = hashlib.sha256(settings.session_key.encode()).digest()
    aiohttp_session.setup(
        app,
        EncryptedCookieStorage(
            session_key, cookie_name=SESSION_COOKIE, httponly=True, samesite="Lax",
            secure=settings.secure_cookies, max_age=settings.session_max_hours * 3600,
        ),
    )
    app.on_response_prepare.append(_security_headers)

    async def database_ctx(app: web.Application) -> AsyncIterator[None]:
        app[DATABASE] = database or Database(settings.database_url)
        yield
        if database is None:
            app[DATABASE].dispose()

    async def rasa_ctx(app: web.Application) -> AsyncIterator[None]:
        async with aiohttp.ClientSession() as http:
            app[RASA] = RasaClient(http, settings.rasa_urls, settings.action_server_urls,
                                   settings.rasa_token, settings.rasa_timeout_seconds)
            yield

    app.cleanup_ctx.append(database_ctx)
    app.cleanup_ctx.append(rasa_ctx)
    add_routes(app)
    add_match_advisor_routes(app)
    add_match_employer_routes(app)
    add_observability_routes(app)
    return app
