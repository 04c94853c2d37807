"""Shared HTTP pieces of the gateway: app keys, JSON errors in the user's language (a database that
cannot be reached answers 503 with a retry, never 500), JSON bodies."""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any, Callable, Dict, Optional, Tuple, TypeVar

from aiohttp import web
from aiohttp_session import SESSION_KEY
from sqlalchemy import exc as database_errors

from bot.chat_input import ChatInputError, language_of_request
from bot.gateway.admission import Admission
from bot.gateway.rasa_client import RasaClient
from bot.settings import Settings
from bot.store.db import Database
from bot.store.errors import Conflict, NotFound

log = logging.getLogger(__name__)
T = TypeVar("T")

STATIC_DIR = Path(__file__).resolve().parent / "static"
PAGES_DIR = Path(__file__).resolve().parent / "pages"
OPENAPI_FILE = Path(__file__).resolve().parent / "openapi.json"
SETTINGS = web.AppKey("settings", Settings)
DATABASE = web.AppKey("database", Database)
RASA = web.AppKey("rasa", RasaClient)
ADMISSION = web.AppKey("admission", Admission)
# The largest id an INTEGER column holds (PostgreSQL's is 32-bit): a larger one names no row.
MAX_ID = 2**31 - 1
JSON_ONLY = ("Send data som JSON (Content-Type: application/json).",
             "Send data as JSON (Content-Type: application/json).")
# Said when the database cannot be reached: it is down, restarting or out of connections. Every
# storage call is one transaction, so what the user saved earlier is there when it is back.
DATABASE_UNAVAILABLE = (
    "Vi kan ikke gemme eller hente dine oplysninger lige nu. Det, du allerede har gemt, er ikke gået tabt"
    " – prøv igen om lidt.",
    "We cannot save or fetch your information right now. What you have already saved is not lost"
    " – please try again in a moment.")
# A PostgreSQL restart takes seconds, and the next request after it reconnects (bot/store/db.py).
DATABASE_RETRY_AFTER_SECONDS = 10
# Valid in JSON, but no text: NUL (PostgreSQL refuses it) and half of a UTF-16 pair (not UTF-8 at all).
_NOT_TEXT = re.compile(r"[\x00\ud800-\udfff]")


def json_error(request: web.Request, status: int, reason_da: str, reason_en: str,
               text: object = None, *, language: Optional[str] = None,
               headers: Optional[Dict[str, str]] = None, more: Optional[Dict[str, Any]] = None) -> web.Response:
    """{"error": reason} in the user's `language` when known, else the language of `text` or the browser's;
    `more` adds what the client needs beside the reason."""
    language = language or language_of_request(text, request.headers.get("Accept-Language", ""))
    reason = reason_en if language == "en" else reason_da
    return web.json_response({"error": reason, **(more or {})}, status=status, headers=headers)


_GENERIC_REASONS = {
    400: ("Forespørgslen kunne ikke læses.", "The request could not be read."),
    401: ("Du er ikke logget ind.", "You are not logged in."),
    403: ("Det har du ikke adgang til.", "You do not have access to that."),
    404: ("Siden eller adressen findes ikke.", "That page or address does not exist."),
    405: ("Den metode virker ikke på denne adresse.", "That method does not work on this address."),
    413: ("Forespørgslen er for stor.", "The request is too large."),
    415: JSON_ONLY,
}


@web.middleware
async def api_errors_as_json(request: web.Request, handler):
    """Errors on API routes become {"error": "..."} in the user's language; never an HTML page."""
    try:
        return await handler(request)
    except web.HTTPException as error:
        wants_json = request.path.startswith("/api/") or request.path == "/healthz"
        if not wants_json or error.status < 400 or error.content_type == "application/json":
            raise
        reason_da, reason_en = _GENERIC_REASONS.get(error.status, (error.reason, error.reason))
        return json_error(request, error.status, reason_da, reason_en)
    except Exception as error:
        if database_unavailable(error):
            return _database_unavailable_answer(request, error)
        log.exception("Unexpected error on %s %s", request.method, request.path)
        return json_error(request, 500, "Der skete en fejl hos os. Prøv igen om lidt.",
                          "Something went wrong on our side. Please try again shortly.")


def database_unavailable(error: BaseException) -> bool:
    """Whether `error` means the database cannot be reached right now (down, restarting, the connection
    lost, no free connection in the pool), not that the request or the code is wrong."""
    if isinstance(error, (database_errors.OperationalError, database_errors.InterfaceError,
                          database_errors.TimeoutError)):
        return True
    return isinstance(error, database_errors.DBAPIError) and error.connection_invalidated


def _database_unavailable_answer(request: web.Request, error: Exception) -> web.Response:
    from bot.gateway.auth import LANGUAGE  # here: bot.gateway.auth imports this module

    # Logged with the route's pattern and the driver's first line only: never the path asked for, and
    # never what the user sent.
    resource = request.match_info.route.resource
    route = resource.canonical if resource is not None else "other"
    driver_error = getattr(error, "orig", None) or error
    reason = (str(driver_error).strip().splitlines() or [""])[0][:200]
    log.warning("The database could not be reached on %s %s: %s: %s", request.method, route,
                type(driver_error).__name__, reason)
    # In the language the user last wrote in, when the request got as far as reading the session.
    session = request.get(SESSION_KEY)
    language = session.get(LANGUAGE) if session is not None else None
    return json_error(request, 503, *DATABASE_UNAVAILABLE, language=language if language in ("da", "en") else None,
                      headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)})


class BadRequest(Exception):
    def __init__(self, status: int, reason_da: str, reason_en: str, text: object = None, *,
                 language: Optional[str] = None, headers: Optional[Dict[str, str]] = None) -> None:
        super().__init__(reason_en)
        self.status, self.reason_da, self.reason_en, self.text = status, reason_da, reason_en, text
        self.language, self.headers = language, headers


async def run_in_database(request: web.Request, work: Callable[..., T], not_found: Tuple[str, str]) -> T:
    """Runs `work(session)` in one transaction; a record that is not there becomes a 404 with the
    `not_found` reason (Danish, English), and a conflict a 409 with its own reason."""
    try:
        return await request.app[DATABASE].run(work)
    except NotFound:
        raise BadRequest(404, *not_found)
    except Conflict as error:
        raise BadRequest(409, error.reason_da, error.reason_en)


def number_in_path(request: web.Request, name: str, not_found: Tuple[str, str]) -> int:
    """The number in the route's {name}; anything else there, or a number no row can have, is a 404 with
    `not_found` (Danish, English)."""
    try:
        number = int(request.match_info[name])
    except ValueError:
        raise BadRequest(404, *not_found)
    if not 1 <= number <= MAX_ID:
        raise BadRequest(404, *not_found)
    return number


async def read_json_object(request: web.Request) -> Dict[str, Any]:
    if request.content_type != "application/json":
        raise BadRequest(415, *JSON_ONLY)
    try:
        # From the bytes: JSON is UTF-8 whatever charset the header names (an unknown one is no crash).
        body = json.loads((await request.read()).decode("utf-8"))
    except RecursionError:
        raise BadRequest(400, "Forespørgslen har for mange niveauer.", "The request is nested too deeply.")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(400, "Forespørgslen er ikke gyldig JSON.", "The request is not valid JSON.")
    if not isinstance(body, dict):
        raise BadRequest(400, "Forespørgslen skal være et JSON-objekt.",
                         "The request must be a JSON object.")
    if _holds_what_is_no_text(body):
        raise BadRequest(400, "Forespørgslen indeholder tegn, der ikke er gyldig tekst.",
                         "The request contains characters that are not valid text.")
    return body


def _holds_what_is_no_text(value: Any) -> bool:
    """Whether any key or string in `value` holds a character that is no text; iterative, so depth is no risk."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _NOT_TEXT.search(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


@web.middleware
async def bad_requests_as_json(request: web.Request, handler):
    try:
        return await handler(request)
    except BadRequest as error:
        return json_error(request, error.status, error.reason_da, error.reason_en, error.text,
                          language=error.language, headers=error.headers)
    except ChatInputError as error:
        return json_error(request, error.status, error.reason_da, error.reason_en)
