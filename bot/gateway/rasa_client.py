"""Talks to the Rasa server on localhost through the gateway's channel (bot/rasa_channel.py), which
wants the shared secret in a header on every call, and to the action server's health route. With
several Rasa processes, every call of one conversation goes to the same one (rasa_url_for)."""
from __future__ import annotations

import asyncio
import hashlib
import re
import time
from typing import Any, Dict, List, Optional, Sequence, Union

import aiohttp

from bot.internal_auth import SECRET_HEADER
from bot.observability import (
    RASA_ERRORS, RASA_REQUEST_SECONDS, REQUEST_ID_HEADER, REQUEST_ID_METADATA_KEY, current_request_id,
)
from bot.rules.handoff import TRIGGERED_PREFIX

CHANNEL_PATH = "/webhooks/gateway"
# On Python 3.10 an aiohttp timeout is asyncio's TimeoutError, which is not the built-in one.
NO_ANSWER = (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError)


class AssistantUnavailable(Exception):
    """Rasa or the action server did not answer in time, or answered with an error."""


def _buttons(raw_buttons: Any) -> List[Dict[str, str]]:
    return [
        {"title": str(button.get("title", "")), "payload": str(button.get("payload", ""))}
        for button in raw_buttons or []
        if isinstance(button, dict)
    ]


# Download links a response may carry (custom: {downloads: [...]}): only the user's own files.
DOWNLOAD_PREFIX = "/api/me/"
# The topic of a "was this helpful?" question a response may carry (custom: {feedback_topic: ...}).
FEEDBACK_TOPIC = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _downloads(custom: Any) -> List[Dict[str, str]]:
    items = custom.get("downloads") if isinstance(custom, dict) else None
    return [{"title": item["title"], "url": item["url"]} for item in items or []
            if isinstance(item, dict) and isinstance(item.get("title"), str) and isinstance(item.get("url"), str)
            and item["url"].startswith(DOWNLOAD_PREFIX) and ".." not in item["url"]]


def _custom_parts(custom: Any) -> Dict[str, Any]:
    """What the chat page uses of a response's custom part: download links and a feedback topic."""
    parts: Dict[str, Any] = {}
    downloads = _downloads(custom)
    if downloads:
        parts["downloads"] = downloads
    topic = custom.get("feedback_topic") if isinstance(custom, dict) else None
    if isinstance(topic, str) and FEEDBACK_TOPIC.match(topic):
        parts["feedback_topic"] = topic
    return parts


def to_chat_messages(rasa_messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Rasa REST channel output -> the gateway's stable {"text", "buttons"[, "downloads"][, "feedback_topic"]}
    shape."""
    messages: List[Dict[str, Any]] = []
    for item in rasa_messages:
        parts = _custom_parts(item.get("custom"))
        if parts and not item.get("text") and not item.get("buttons") and messages:
            # Rasa sends a response's custom part as a message of its own, right after its text.
            messages[-1].update(parts)
            continue
        message: Dict[str, Any] = {"buttons": _buttons(item.get("buttons"))}
        if item.get("text"):
            message["text"] = item["text"]
        message.update(parts)
        if message.get("text") or message["buttons"] or parts.get("downloads"):
            messages.append(message)
    return messages


def transcript_from_events(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Tracker events -> [{"sender": "user"|"bot", "text", "buttons"}] in order."""
    transcript: List[Dict[str, Any]] = []
    offered: Dict[str, str] = {}
    for event in events:
        kind = event.get("event")
        if kind == "user" and event.get("text") and not event["text"].startswith(TRIGGERED_PREFIX):
            # A button press shows as the button's title, not its payload.
            text = offered.get(event["text"], event["text"])
            transcript.append({"sender": "user", "text": text, "buttons": []})
        elif kind == "bot":
            in_reply_to = (event.get("metadata") or {}).get("in_reply_to")
            if isinstance(in_reply_to, str) and in_reply_to:
                # A message the gateway answered itself (bot/gateway/data_rights_chat.py).
                transcript.append({"sender": "user", "text": in_reply_to, "buttons": []})
            buttons = _buttons((event.get("data") or {}).get("buttons"))
            if buttons:
                offered = {button["payload"]: button["title"] for button in buttons}
            if event.get("text") or buttons:
                transcript.append({"sender": "bot", "text": event.get("text") or "", "buttons": buttons})
    return transcript


def rasa_url_for(conversation_id: str, rasa_urls: Sequence[str]) -> str:
    """The Rasa process that handles `conversation_id`: always the same one for the same list, so its
    turns meet in one process (the lock store still guards them), and spread evenly over many ids.
    SHA-256, not hash(): Python salts hash() per process, and the choice must survive a restart."""
    digest = hashlib.sha256(conversation_id.encode("utf-8")).digest()
    return rasa_urls[int.from_bytes(digest[:8], "big") % len(rasa_urls)]


def _as_list(urls: Union[str, Sequence[str]]) -> List[str]:
    found = [urls] if isinstance(urls, str) else list(urls)
    if not found:
        raise ValueError("RasaClient needs at least one address")
    return [url.rstrip("/") for url in found]


class RasaClient:
    """`rasa_urls` and `action_server_urls` are one address or a list, one per process."""

    def __init__(self, http: aiohttp.ClientSession, rasa_urls: Union[str, Sequence[str]],
                 action_server_urls: Union[str, Sequence[str]], token: str, timeout_seconds: float) -> None:
        self._http = http
        self._channel_urls = [url + CHANNEL_PATH for url in _as_list(rasa_urls)]
        self._action_server_urls = _as_list(action_server_urls)
        self._headers = {SECRET_HEADER: token}
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)

    async def send_message(self, conversation_id: str, text: str,
                           metadata: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        metadata = dict(metadata or {})
        request_id = current_request_id.get()
        if request_id:
            # Rasa keeps it with the message, where the actions read it (actions/server.py).
            metadata[REQUEST_ID_METADATA_KEY] = request_id
        body = {"sender": conversation_id, "message": text, "metadata": metadata}
        return to_chat_messages(await self._call("message", "POST", "/webhook", body, conversation_id))

    async def trigger_intent(self, conversation_id: str, intent: str) -> List[Dict[str, Any]]:
        """Runs the assistant's answer to `intent` as if the user had said it, and returns it."""
        answer = await self._call("trigger_intent", "POST", f"/conversations/{conversation_id}/trigger_intent",
                                  {"name": intent}, conversation_id)
        return to_chat_messages(answer.get("messages") or [])

    async def add_bot_message(self, conversation_id: str, text: str, *, in_reply_to: Optional[str] = None,
                              downloads: Optional[List[Dict[str, str]]] = None,
                              buttons: Optional[List[Dict[str, str]]] = None) -> None:
        """Writes a message of the gateway's own into the conversation, so the history and the
        advisor's transcript show it too, after `in_reply_to`, the user's words it answers, if any.
        A bot message is not a dialogue turn: it changes no prediction."""
        body: Dict[str, Any] = {"text": text}
        if in_reply_to:
            body["in_reply_to"] = in_reply_to
        if downloads:
            body["downloads"] = downloads
        if buttons:
            body["buttons"] = buttons
        await self._call("bot_message", "POST", f"/conversations/{conversation_id}/bot_messages", body,
                         conversation_id)

    async def tracker_events(self, conversation_id: str) -> List[Dict[str, Any]]:
        answer = await self._call("events", "GET", f"/conversations/{conversation_id}/events", None, conversation_id)
        return answer.get("events") or []

    async def _call(self, operation: str, method: str, path: str, body: Optional[Dict[str, Any]],
                    conversation_id: str) -> Any:
        """One request to the gateway channel of the Rasa process that handles the conversation, with
        the secret and the request id; its JSON answer. Timed as `operation` (a kind of call: the path
        holds the conversation id, too many different values for a metric's label)."""
        channel_url = rasa_url_for(conversation_id, self._channel_urls)
        headers = dict(self._headers)
        request_id = current_request_id.get()
        if request_id:
            headers[REQUEST_ID_HEADER] = request_id
        started = time.perf_counter()
        try:
            async with self._http.request(method, channel_url + path, json=body, headers=headers,
                                          timeout=self._timeout) as response:
                if response.status != 200:
                    raise AssistantUnavailable(f"Rasa answered {response.status}")
                return await response.json()
        except NO_ANSWER as error:
            RASA_ERRORS.labels(operation).inc()
            raise AssistantUnavailable(str(error) or type(error).__name__) from error
        except AssistantUnavailable:
            RASA_ERRORS.labels(operation).inc()
            raise
        finally:
            RASA_REQUEST_SECONDS.labels(operation).observe(time.perf_counter() - started)

    async def rasa_ready(self) -> bool:
        """True when every Rasa process answers and has a model loaded."""
        return all(await asyncio.gather(*map(self._rasa_process_ready, self._channel_urls)))

    async def action_server_ready(self) -> bool:
        """True when every action server answers."""
        return all(await asyncio.gather(*map(self._action_server_up, self._action_server_urls)))

    async def _rasa_process_ready(self, channel_url: str) -> bool:
        try:
            async with self._http.get(
                f"{channel_url}/status", headers=self._headers, timeout=aiohttp.ClientTimeout(total=3),
            ) as response:
                return response.status == 200 and bool((await response.json()).get("model_file"))
        except (*NO_ANSWER, ValueError):
            return False

    async def _action_server_up(self, action_server_url: str) -> bool:
        try:
            async with self._http.get(
                f"{action_server_url}/health", timeout=aiohttp.ClientTimeout(total=3)
            ) as response:
                return response.status == 200
        except NO_ANSWER:
            return False
