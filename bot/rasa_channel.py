"""Rasa's only input channel: the gateway's, at /webhooks/gateway/. Every route but the health check
wants the shared secret (`RASA_TOKEN`) in a header, so only the gateway can speak as a user, read a
conversation or append to it. Loaded by Rasa from credentials.yml; Rasa's own HTTP API stays off.

Routes (all POST bodies are JSON):
    GET  /                                    health, no data, open
    GET  /status                              {"model_file", "model_id"} of the loaded model
    POST /webhook                             {"sender", "message", "metadata"} -> the bot's messages;
                                              503 when the action server is down or the turn failed
    POST /conversations/<id>/trigger_intent   {"name"} -> {"messages": [...]}
    POST /conversations/<id>/bot_messages     {"text"[, "in_reply_to", "downloads", "buttons"]}: a bot message of the
                                              gateway's own, with the user's words it answers (not a turn)
    GET  /conversations/<id>/events           {"events": [...]}, every event of every session
    POST /model/parse                         {"text"} -> what the NLU makes of it (for the tests)
"""
from __future__ import annotations

import asyncio
import logging
import time
from asyncio import CancelledError
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import aiohttp
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import EventVerbosity
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import rasa_speedups
from bot.tracker_store import refuse_in_memory_fallback
from bot.internal_auth import SECRET_HEADER, secret_matches
from bot.observability import (
    REQUEST_ID_HEADER, REQUEST_ID_METADATA_KEY, configure_logging, log_format_from_environment, request_id_context,
    safe_request_id, this_process_name,
)

logger = logging.getLogger(__name__)

Handler = Callable[..., Awaitable[HTTPResponse]]
# The action server is on the same machine: a refused connection means it is down; a slow answer
# only that it is busy.
ACTION_SERVER_CHECK_SECONDS = 2


def _refused(status: int, reason: str) -> HTTPResponse:
    return response.json({"error": reason}, status=status)


async def _health(request: Request) -> HTTPResponse:
    return response.json({"status": "ok"})


def _json_body(request: Request) -> Dict[str, Any]:
    try:
        body = request.json
    except Exception:  # Sanic raises its own InvalidUsage for a malformed body
        return {}
    return body if isinstance(body, dict) else {}


class GatewayInput(InputChannel):
    """Trusts a request only when it carries the gateway's secret; the sender it names is then the
    logged-in user the gateway derived it from."""

    def __init__(self, secret: str) -> None:
        self._secret = secret
        self._http: Optional[aiohttp.ClientSession] = None
        self._on_new_message: Optional[Callable[[UserMessage], Awaitable[Any]]] = None

    @classmethod
    def name(cls) -> Text:
        return "gateway"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "GatewayInput":
        secret = str((credentials or {}).get("secret") or "")
        if not secret:
            # The secret comes from ${RASA_TOKEN} in credentials.yml; name the setting, never a value.
            raise ValueError("The gateway channel needs its secret: set RASA_TOKEN for Rasa.")
        # Rasa creates its channels once, at start, after setting up its own logging: the place to make
        # its per-turn work cheaper, and its log lines JSON when LOG_FORMAT=json.
        rasa_speedups.apply()
        refuse_in_memory_fallback()
        configure_logging(log_format_from_environment(), this_process_name("rasa"))
        return cls(secret)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        self._on_new_message = on_new_message
        routes = Blueprint("gateway_channel")
        routes.add_route(_health, "/", methods=["GET"], name="health")  # Sanic wants plain functions
        for handler, uri, method in [
            (self._status, "/status", "GET"),
            (self._receive, "/webhook", "POST"),
            (self._trigger_intent, "/conversations/<conversation_id:str>/trigger_intent", "POST"),
            (self._add_bot_message, "/conversations/<conversation_id:str>/bot_messages", "POST"),
            (self._events, "/conversations/<conversation_id:str>/events", "GET"),
            (self._parse, "/model/parse", "POST"),
        ]:
            routes.add_route(self._requires_secret(handler), uri, methods=[method], name=handler.__name__.lstrip("_"))
        return routes

    def _requires_secret(self, handler: Handler) -> Handler:
        async def checked(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            if not secret_matches(request.headers.get(SECRET_HEADER), self._secret):
                logger.warning("refused %s %s: no valid secret", request.method, request.path)
                return _refused(401, "unauthorized")
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return _refused(503, "no model loaded")
            with request_id_context(safe_request_id(request.headers.get(REQUEST_ID_HEADER))):
                return await handler(request, agent, *args, **kwargs)

        return checked

    async def _status(self, request: Request, agent) -> HTTPResponse:
        return response.json({"model_file": agent.processor.model_filename, "model_id": agent.model_id})

    async def _receive(self, request: Request, agent) -> HTTPResponse:
        body = _json_body(request)
        sender, text = body.get("sender"), body.get("message")
        if not isinstance(sender, str) or not sender or not isinstance(text, str):
            return _refused(400, "sender and message are required")
        metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
        collector = CollectingOutputChannel()
        started = time.perf_counter()
        with request_id_context(safe_request_id(metadata.get(REQUEST_ID_METADATA_KEY))
                                or safe_request_id(request.headers.get(REQUEST_ID_HEADER))):
            # Rasa carries on when a custom action cannot be reached, and the user's message would be
            # used up without an answer; refused now, the gateway keeps it until the actions are back.
            if not await self._action_server_up(agent):
                logger.warning("refused a message for %s: the action server does not answer", sender)
                return _refused(503, "action server down")
            try:
                await self._on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                                       metadata=metadata))
            except CancelledError:
                logger.error("handling a message timed out for %s", sender)
                return _refused(503, "timed out")
            except Exception:
                # The tracker store (or something else) failed before the turn was saved: the turn did
                # not happen, so the gateway may keep the message and send it again. Never log the text.
                logger.exception("handling a message failed for %s", sender)
                return _refused(503, "failed")
            logger.info("answered a message in %.3f s", time.perf_counter() - started)
        return response.json(collector.messages)

    async def _action_server_up(self, agent) -> bool:
        endpoint = getattr(agent, "action_endpoint", None)
        if endpoint is None or not endpoint.url:
            return True  # no custom actions configured: nothing to wait for
        health_url = endpoint.url.rsplit("/", 1)[0] + "/health"
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=ACTION_SERVER_CHECK_SECONDS))
        try:
            async with self._http.get(health_url) as answer:
                return answer.status == 200
        except (asyncio.TimeoutError, TimeoutError):
            # Slow, not gone: under a burst of turns it answers late, and the turn may go on.
            return True
        except aiohttp.ClientError:
            return False  # refused or cut off: nothing listens

    async def _trigger_intent(self, request: Request, agent, conversation_id: str) -> HTTPResponse:
        intent = _json_body(request).get("name")
        if not isinstance(intent, str) or intent not in agent.domain.intents:
            return _refused(404, "no such intent")
        collector = CollectingOutputChannel()
        async with agent.lock_store.lock(conversation_id):
            tracker = await agent.processor.fetch_tracker_and_update_session(conversation_id)
            await agent.trigger_intent(intent_name=intent, entities=[], output_channel=collector, tracker=tracker)
        return response.json({"messages": collector.messages})

    async def _add_bot_message(self, request: Request, agent, conversation_id: str) -> HTTPResponse:
        body = _json_body(request)
        text, in_reply_to, downloads = body.get("text"), body.get("in_reply_to"), body.get("downloads")
        if not isinstance(text, str) or not text:
            return _refused(400, "text is required")
        # The user's words ride on the answer, not as a user event: a turn the model never read must
        # not shape its next prediction, yet the history and the transcript show both sides.
        metadata = {"in_reply_to": in_reply_to} if isinstance(in_reply_to, str) and in_reply_to else {}
        data: Dict[str, Any] = {"custom": {"downloads": downloads}} if isinstance(downloads, list) and downloads else {}
        buttons = body.get("buttons")
        if isinstance(buttons, list) and buttons:
            data["buttons"] = [{"title": str(item.get("title", ""))[:80], "payload": str(item.get("payload", ""))[:300]}
                               for item in buttons[:12] if isinstance(item, dict)]
        async with agent.lock_store.lock(conversation_id):
            tracker = await agent.processor.fetch_tracker_with_initial_session(conversation_id)
            tracker.update(BotUttered(text, data=data, metadata=metadata, timestamp=time.time()), agent.domain)
            await agent.tracker_store.save(tracker)
        return response.json({"ok": True})

    async def _events(self, request: Request, agent, conversation_id: str) -> HTTPResponse:
        tracker = await agent.processor.fetch_full_tracker_with_initial_session(
            conversation_id, output_channel=CollectingOutputChannel())
        return response.json({"events": tracker.current_state(EventVerbosity.ALL).get("events") or []})

    async def _parse(self, request: Request, agent) -> HTTPResponse:
        text = _json_body(request).get("text")
        if not isinstance(text, str):
            return _refused(400, "text is required")
        return response.json(await agent.parse_message(text))
