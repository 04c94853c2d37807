"""Refuses state-changing requests that another site's page could have made for a logged-in user (CSRF)."""
from __future__ import annotations

from typing import Optional, Tuple
from urllib.parse import urlsplit

from aiohttp import web

from bot.gateway.http import JSON_ONLY, BadRequest

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Fetch Metadata: the browser says who made the request. Only our own pages (or the user typing the
# address) may change anything; "same-site" is refused too, as a page on another port or subdomain
# is not ours.
TRUSTED_SITES = frozenset({"same-origin", "none"})
FROM_ANOTHER_SITE = (
    "Forespørgslen kom fra en anden hjemmeside og blev afvist. Genindlæs siden, og prøv igen.",
    "The request came from another website and was refused. Reload the page and try again.",
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


@web.middleware
async def refuse_cross_site_requests(request: web.Request, handler):
    if request.method in STATE_CHANGING:
        if not _from_our_own_pages(request):
            raise BadRequest(403, *FROM_ANOTHER_SITE)
        if request.content_type != "application/json":
            # Without asking first (CORS), another site's form or fetch can only send form data or text.
            raise BadRequest(415, *JSON_ONLY)
    return await handler(request)


def _from_our_own_pages(request: web.Request) -> bool:
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site.strip().lower() in TRUSTED_SITES
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser, or an old one: the JSON content type is the guard then
    origin_host = _host_and_port(origin)
    if origin_host is None:
        return False  # "null" (a sandboxed frame, a file) or garbage
    scheme = urlsplit(origin).scheme.lower()
    return origin_host == _host_and_port(f"{scheme}://{request.host}")


def _host_and_port(url: str) -> Optional[Tuple[str, int]]:
    """The host and port `url` names, the scheme's default port filled in; None when it names none."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        return None
    if not parts.hostname or port is None:
        return None
    return parts.hostname.lower(), port
