"""The gateway's part in being watched: a request id and timing for every request, /metrics for
Prometheus (for the configured addresses only) and /readyz for a load balancer."""
from __future__ import annotations

import asyncio
import ipaddress
import logging
import time
from functools import lru_cache
from typing import Optional, Tuple, Union

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.gateway.http import DATABASE, RASA, SETTINGS
from bot.observability import (
    HTTP_ERRORS, HTTP_REQUEST_SECONDS, REQUEST_ID_HEADER, handoff_queue_metrics, metrics_exposition,
    new_request_id, request_id_context, safe_request_id,
)
from bot.store.handoff import queue_snapshot

log = logging.getLogger(__name__)
access_log = logging.getLogger("bot.gateway.access")

# Anything else a client sends as a method is one label value, not one each.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# A request no route answers: its path is the client's to choose, so it never becomes a label.
UNKNOWN_ROUTE = "other"
# nginx's name for a request whose client went away before the answer.
CLIENT_CLOSED_REQUEST = 499

Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]
Address = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]


def route_label(request: web.Request) -> str:
    """The route's pattern ("/api/advisor/cases/{case_id}"), never the path asked for."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else UNKNOWN_ROUTE


def method_label(request: web.Request) -> str:
    return request.method if request.method in KNOWN_METHODS else "other"


@web.middleware
async def observe_requests(request: web.Request, handler):
    """Gives the request its id (a safe one the caller sent, or a new one) for every log line and call
    to Rasa it leads to and for the answer's X-Request-ID, and times it."""
    request_id = safe_request_id(request.headers.get(REQUEST_ID_HEADER)) or new_request_id()
    route, method = route_label(request), method_label(request)
    started = time.perf_counter()
    status = 500  # what aiohttp answers when an exception gets past every middleware
    with request_id_context(request_id):
        try:
            response = await handler(request)
            status = response.status
            if not response.prepared:
                response.headers[REQUEST_ID_HEADER] = request_id
            return response
        except web.HTTPException as answer:
            status = answer.status
            answer.headers[REQUEST_ID_HEADER] = request_id
            raise
        except asyncio.CancelledError:
            status = CLIENT_CLOSED_REQUEST
            raise
        finally:
            seconds = time.perf_counter() - started
            HTTP_REQUEST_SECONDS.labels(route, method).observe(seconds)
            if status >= 500:
                HTTP_ERRORS.labels(route, "5xx").inc()
            access_log.info("%s %s %s %.3f s", method, route, status, seconds)


@lru_cache(maxsize=8)
def _networks(addresses: Tuple[str, ...]) -> Tuple[Network, ...]:
    """METRICS_ALLOWED's addresses (or networks, 10.0.0.0/24); read once per setting."""
    networks = []
    for address in addresses:
        try:
            networks.append(ipaddress.ip_network(address, strict=False))
        except ValueError:
            log.warning("METRICS_ALLOWED: %r is no address or network; left out", address)
    return tuple(networks)


def _peer_address(request: web.Request) -> Optional[Address]:
    """The address of the machine connected to us: never X-Forwarded-For, which the client writes."""
    peer = request.transport.get_extra_info("peername") if request.transport is not None else None
    if not isinstance(peer, (tuple, list)) or not peer:
        return None  # a Unix socket, or the connection is gone
    try:
        address = ipaddress.ip_address(peer[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # a dual-stack socket shows 127.0.0.1 as ::ffff:127.0.0.1
    return address


def may_read_metrics(request: web.Request) -> bool:
    address = _peer_address(request)
    allowed = _networks(tuple(request.app[SETTINGS].metrics_allowed))
    return address is not None and any(address in network for network in allowed)


async def metrics(request: web.Request) -> web.Response:
    """Every process's metrics with the handoff queue read from the database now. Anyone not allowed
    gets the 404 of an address that does not exist, so the route is not advertised."""
    if not may_read_metrics(request):
        raise web.HTTPNotFound()
    try:
        snapshot = await request.app[DATABASE].run(queue_snapshot)
        queue = handoff_queue_metrics(snapshot.cases_by_status, snapshot.oldest_unclaimed_seconds)
    except Exception:
        # The other metrics still help to see why the database is away.
        log.warning("The handoff queue could not be read for /metrics", exc_info=True)
        queue = []
    body = await asyncio.to_thread(metrics_exposition, queue)
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"})


async def readyz(request: web.Request) -> web.Response:
    """200 when the database answers and Rasa has its model loaded; otherwise 503 naming what is not.
    /healthz says whether the gateway is alive; this says whether to send users to it."""
    database = request.app[DATABASE]

    async def database_answers() -> bool:
        try:
            return await asyncio.to_thread(database.ping)
        except Exception:
            log.warning("The database did not answer the readiness check", exc_info=True)
            return False

    database_ready, rasa_ready = await asyncio.gather(database_answers(), request.app[RASA].rasa_ready())
    parts = {"database": "ok" if database_ready else "down", "rasa": "ok" if rasa_ready else "not ready"}
    not_ready = [name for name, state in parts.items() if state != "ok"]
    body = {"status": "ready" if not not_ready else "not ready", **parts, "not_ready": not_ready}
    return web.json_response(body, status=200 if not not_ready else 503, headers={"Cache-Control": "no-store"})


def add_observability_routes(app: web.Application) -> None:
    app.router.add_routes([web.get("/metrics", metrics), web.get("/readyz", readyz)])
