"""Starts the action server: `python -m actions.server --host 127.0.0.1 --port 5055`.

rasa-sdk's server runs any action for any conversation it is sent, so only Rasa may call it: /webhook
and /actions want the shared secret (`ACTION_SERVER_TOKEN`, from the environment or var/secrets.json)
in a header, which Rasa sends from the endpoints file. /health stays open; it tells nothing.

Every action run is timed by action name, and its log lines carry the request id the gateway gave the
user's message (Rasa keeps it in the message's metadata, which comes with the tracker).
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import time
import zlib
from typing import Any, Dict, List, Optional

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.internal_auth import SECRET_HEADER, secret_matches
from bot.observability import (
    ACTION_ERRORS, ACTION_SECONDS, REQUEST_ID_METADATA_KEY, configure_logging, current_request_id,
    safe_request_id, this_process_name,
)
from bot.private_files import keep_new_files_private
from bot.settings import load_settings

logger = logging.getLogger("actions.server")  # not "__main__" when run with -m
OPEN_PATHS = {"/health"}
ACTION_PATH = "/webhook"
# An action's name as a metric label: Rasa only asks for the domain's actions, but the label must stay
# bounded whatever is sent; one no action answers to is "other".
_ACTION_NAME = re.compile(r"[A-Za-z0-9_]{1,80}")
UNKNOWN_ACTION = "other"


def create_server(secret: str, actions_package: str = "actions") -> Sanic:
    """rasa-sdk's app for `actions_package`, refusing every call without the secret."""
    if not secret:
        raise ValueError("The action server needs its secret: set ACTION_SERVER_TOKEN.")
    app = create_app(actions_package, cors_origins=None)  # no browser ever calls it: no CORS

    @app.on_request
    async def require_secret(request: Request):
        if request.path not in OPEN_PATHS and not secret_matches(request.headers.get(SECRET_HEADER), secret):
            logger.warning("refused %s %s: no valid secret", request.method, request.path)
            return response.json({"error": "unauthorized"}, status=401)
        return None

    observe_actions(app)
    return app


def _action_call(request: Request) -> Dict[str, Any]:
    """The body Rasa sent (compressed or not, as rasa-sdk reads it); {} when it is no JSON object."""
    try:
        if request.headers.get("Content-Encoding") == "deflate":
            call = json.loads(zlib.decompress(request.body))
        else:
            call = request.json
    except Exception:  # rasa-sdk answers a body it cannot read itself
        return {}
    return call if isinstance(call, dict) else {}


def _request_id_of(action_call: Dict[str, Any]) -> Optional[str]:
    latest_message = (action_call.get("tracker") or {}).get("latest_message") or {}
    return safe_request_id((latest_message.get("metadata") or {}).get(REQUEST_ID_METADATA_KEY))


def _action_label(action_call: Dict[str, Any]) -> str:
    name = action_call.get("next_action")
    return name if isinstance(name, str) and _ACTION_NAME.fullmatch(name) else UNKNOWN_ACTION


def observe_actions(app: Sanic) -> None:
    """Times each action run and lets its log lines carry the request id of the message it answers.
    Registered after the secret check, so refused calls are neither timed nor read."""

    @app.on_request
    async def start_observing(request: Request) -> None:
        if request.path != ACTION_PATH:
            return
        action_call = _action_call(request)
        request.ctx.action = _action_label(action_call)
        request.ctx.started = time.perf_counter()
        # Sanic runs this, the action and finish_observing in one task: the id is the action's for its run.
        request.ctx.request_id_token = current_request_id.set(_request_id_of(action_call))

    @app.on_response
    async def finish_observing(request: Request, answer: HTTPResponse) -> None:
        started = getattr(request.ctx, "started", None)
        if started is None:
            return
        seconds = time.perf_counter() - started
        action = request.ctx.action if answer.status != 404 else UNKNOWN_ACTION
        ACTION_SECONDS.labels(action).observe(seconds)
        if answer.status >= 500:
            ACTION_ERRORS.labels(action).inc()
        logger.info("ran %s: %s in %.3f s", action, answer.status, seconds)
        current_request_id.reset(request.ctx.request_id_token)
        request.ctx.started = None

    @app.exception(Exception)
    async def action_failed(request: Request, exception: Exception) -> HTTPResponse:
        # Replaces rasa-sdk's handler, which sends the whole conversation back in its answer, where
        # Rasa may log it: the users' words would end up in a log.
        if isinstance(exception, SanicException):
            return app.error_handler.default(request, exception)
        logger.error("action %s failed", getattr(request.ctx, "action", UNKNOWN_ACTION), exc_info=exception)
        return response.json({"error": "the action failed"}, status=500)


def main(argv: Optional[List[str]] = None) -> None:
    keep_new_files_private()
    settings = load_settings()
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--host", default=settings.host)
    arguments.add_argument("--port", type=int, default=settings.action_port)
    options = arguments.parse_args(argv)
    utils.configure_colored_logging(logging.INFO)
    utils.update_sanic_log_level()
    configure_logging(settings.log_format, this_process_name("actions"))
    app = create_server(settings.action_server_token)
    logger.info("Action server is up on http://%s:%s", options.host, options.port)
    app.run(options.host, options.port, workers=utils.number_of_sanic_workers())


if __name__ == "__main__":
    main()
