"""The login and callback addresses of each OpenID Connect provider, and the provider's logout.

GET /auth/login/<provider>     -> the provider's login page (state, nonce and PKCE verifier kept in the
                                  encrypted session cookie until the browser comes back)
GET /auth/callback/<provider>  -> checks state, exchanges the code, checks the ID token, logs the user in
                                  and sends them to the chat (staff: the workspace)
"""
from __future__ import annotations

import logging
import time
from typing import Any, AsyncIterator, Awaitable, Callable, Dict, Optional

import aiohttp
from aiohttp import web
from aiohttp_session import Session as CookieSession, get_session
from authlib.common.security import generate_token

from bot.chat_input import language_of_request
from bot.gateway.auth import LANGUAGE, start_login
from bot.gateway.http import DATABASE, SETTINGS
from bot.gateway.oidc import FAILURE_TEXTS, LoginFailed, OidcClient
from bot.rules.login_claims import LoginRefused, identity_from_claims
from bot.store.users import record_login

log = logging.getLogger(__name__)

OIDC_CLIENTS = web.AppKey("oidc_clients", dict)
ON_LOGIN = web.AppKey("on_login", object)
# In the session cookie: the logins started and not yet come back, by state; the provider of the
# current login (for its logout); a message for the login page after a failed login.
PENDING, PROVIDER, LOGIN_NOTICE = "oidc_pending", "oidc_provider", "login_notice"
# A login not finished within this long is forgotten; a few can be open at once (several tabs).
PENDING_SECONDS = 15 * 60
MAX_PENDING = 4

OnLogin = Callable[[web.Request, CookieSession], Awaitable[None]]


def add_oidc_routes(app: web.Application, on_login: OnLogin) -> None:
    """The providers in the settings, and `on_login(request, session)` run after each login."""
    settings = app[SETTINGS]
    app[ON_LOGIN] = on_login

    async def clients_ctx(app: web.Application) -> AsyncIterator[None]:
        async with aiohttp.ClientSession() as http:
            app[OIDC_CLIENTS] = {provider.name: OidcClient(provider, http) for provider in settings.oidc_providers}
            yield

    app.cleanup_ctx.append(clients_ctx)
    app.router.add_get("/auth/login/{provider}", login)
    app.router.add_get("/auth/callback/{provider}", callback)


def login_choices(app: web.Application) -> list:
    return [{"name": provider.name, "label_da": provider.label_da, "label_en": provider.label_en,
             "url": f"/auth/login/{provider.name}"} for provider in app[SETTINGS].oidc_providers]


def _base_url(request: web.Request) -> str:
    # Behind a reverse proxy the Host header is the proxy's business: PUBLIC_URL says the address.
    return request.app[SETTINGS].public_url or f"{request.scheme}://{request.host}"


def _redirect_uri(request: web.Request, provider_name: str) -> str:
    return f"{_base_url(request)}/auth/callback/{provider_name}"


def _client(request: web.Request) -> OidcClient:
    client = request.app[OIDC_CLIENTS].get(request.match_info["provider"])
    if client is None:
        raise web.HTTPNotFound(text="Det login findes ikke. / That login does not exist.")
    return client


def _language(request: web.Request, session: CookieSession) -> str:
    wanted = request.query.get("lang") or session.get(LANGUAGE)
    if wanted in ("da", "en"):
        return wanted
    return language_of_request(None, request.headers.get("Accept-Language", ""))


def _back_to_login(session: CookieSession, kind: str, language: str, reason: Optional[tuple] = None) -> web.HTTPFound:
    reason_da, reason_en = reason or FAILURE_TEXTS[kind]
    session[LOGIN_NOTICE] = reason_en if language == "en" else reason_da
    return web.HTTPFound("/")


async def login(request: web.Request) -> web.Response:
    client = _client(request)
    session = await get_session(request)
    language = _language(request, session)
    now = time.time()
    pending: Dict[str, Dict[str, Any]] = {
        state: entry for state, entry in (session.get(PENDING) or {}).items()
        if isinstance(entry, dict) and now - entry.get("at", 0) < PENDING_SECONDS}
    while len(pending) >= MAX_PENDING:
        pending.pop(min(pending, key=lambda state: pending[state]["at"]))
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    try:
        url = await client.authorization_url(_redirect_uri(request, client.provider.name), state, nonce, verifier,
                                             language)
    except LoginFailed as failure:
        log.warning("login with %s could not start: %s", client.provider.name, failure.detail)
        raise _back_to_login(session, failure.kind, language)
    pending[state] = {"provider": client.provider.name, "nonce": nonce, "verifier": verifier, "at": now,
                      "language": language}
    session[PENDING] = pending
    raise web.HTTPFound(url)


async def callback(request: web.Request) -> web.Response:
    client = _client(request)
    provider = client.provider
    session = await get_session(request)
    pending = dict(session.get(PENDING) or {})
    entry = pending.pop(request.query.get("state", ""), None)
    session[PENDING] = pending
    language = entry.get("language", "da") if isinstance(entry, dict) else _language(request, session)
    # A state we did not hand out (tampered, replayed, from another browser) or for another provider.
    if not isinstance(entry, dict) or entry.get("provider") != provider.name or \
            time.time() - entry.get("at", 0) >= PENDING_SECONDS:
        log.warning("login with %s refused: unknown or expired state", provider.name)
        raise _back_to_login(session, "state", language)
    if "error" in request.query:
        kind = "cancelled" if request.query["error"] in ("access_denied", "login_required") else "token"
        log.warning("login with %s: the provider answered error %s", provider.name, request.query["error"][:40])
        raise _back_to_login(session, kind, language)
    code = request.query.get("code", "")
    try:
        if not code:
            raise LoginFailed("token", "no code in the callback")
        id_token = await client.exchange_code(code, entry["verifier"], _redirect_uri(request, provider.name))
        claims = await client.verified_claims(id_token, entry["nonce"])
        identity = identity_from_claims(provider, claims, request.app[SETTINGS].subject_key.encode())
    except LoginFailed as failure:
        log.warning("login with %s failed: %s", provider.name, failure.detail)
        raise _back_to_login(session, failure.kind, language)
    except LoginRefused as refused:
        log.info("login with %s refused: %s", provider.name, refused.reason_en)
        raise _back_to_login(session, "refused", language, (refused.reason_da, refused.reason_en))
    user = await request.app[DATABASE].run(record_login, identity.role, identity.external_id, identity.name,
                                           identity.cvr)
    session = await start_login(request, user)
    session[PROVIDER] = provider.name
    session[LANGUAGE] = language
    await request.app[ON_LOGIN](request, session)
    raise web.HTTPFound({"advisor": "/advisor", "dpo": "/dpo", "manager": "/insight"}.get(identity.role, "/"))


async def provider_logout_url(request: web.Request, provider_name: Optional[str]) -> Optional[str]:
    """Where the browser also ends its login at the provider, for a login made through one."""
    client = request.app[OIDC_CLIENTS].get(provider_name) if isinstance(provider_name, str) else None
    return None if client is None else await client.logout_url(f"{_base_url(request)}/")
