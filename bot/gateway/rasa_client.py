"""Talks to the Rasa server on localhost through the gateway's channel (bot/rasa_channel.py), which
wants the shared secret in a header on every call, and to the action server's health route."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import aiohttp

from bot.internal_auth import SECRET_HEADER
from bot.rules.handoff import TRIGGERED_PREFIX

CHANNEL_PATH = "/webhooks/gateway"


class AssistantUnavailable(Exception):
    """Rasa or the action server did not answer in time, or answered with an error."""


def _buttons(raw_buttons: Any) -> List[Dict[str, str]]:
    return [
        {"title": str(button.get("title", "")), "payload": str(button.get("payload", ""))}
        for button in raw_buttons or []
        if isinstance(button, dict)
    ]


def to_chat_messages(rasa_messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Rasa REST channel output -> the gateway's stable {"text", "buttons"} shape."""
    messages = []
    for item in rasa_messages:
        message: Dict[str, Any] = {"buttons": _buttons(item.get("buttons"))}
        if item.get("text"):
            message["text"] = item["text"]
        if message.get("text") or message["buttons"]:
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
            buttons = _buttons((event.get("data") or {}).get("buttons"))
            if buttons:
                offered = {button["payload"]: button["title"] for button in buttons}
            if event.get("text") or buttons:
                transcript.append({"sender": "bot", "text": event.get("text") or "", "buttons": buttons})
    return transcript


class RasaClient:
    def __init__(self, http: aiohttp.ClientSession, rasa_url: str, action_server_url: str,
                 token: str, timeout_seconds: float) -> None:
        self._http = http
        self._channel_url = rasa_url.rstrip("/") + CHANNEL_PATH
        self._action_server_url = action_server_url.rstrip("/")
        self._headers = {SECRET_HEADER: token}
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)

    async def send_message(self, conversation_id: str, text: str,
                           metadata: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
        body = {"sender": conversation_id, "message": text, "metadata": metadata or {}}
        return to_chat_messages(await self._call("POST", "/webhook", body))

    async def trigger_intent(self, conversation_id: str, intent: str) -> List[Dict[str, Any]]:
        """Runs the assistant's answer to `intent` as if the user had said it, and returns it."""
        answer = await self._call("POST", f"/conversations/{conversation_id}/trigger_intent", {"name": intent})
        return to_chat_messages(answer.get("messages") or [])

    async def add_bot_message(self, conversation_id: str, text: str) -> None:
        """Writes a message of the gateway's own into the conversation, so the history and the
        advisor's transcript show it too. A bot message is not a dialogue turn: it changes no prediction."""
        await self._call("POST", f"/conversations/{conversation_id}/bot_messages", {"text": text})

    async def tracker_events(self, conversation_id: str) -> List[Dict[str, Any]]:
        return (await self._call("GET", f"/conversations/{conversation_id}/events")).get("events") or []

    async def _call(self, method: str, path: str, body: Optional[Dict[str, Any]] = None) -> Any:
        """One request to the gateway channel in Rasa, with the secret; its JSON answer."""
        try:
            async with self._http.request(method, self._channel_url + path, json=body, headers=self._headers,
                                          timeout=self._timeout) as response:
                if response.status != 200:
                    raise AssistantUnavailable(f"Rasa answered {response.status}")
                return await response.json()
        except (aiohttp.ClientError, TimeoutError) as error:
            raise AssistantUnavailable(str(error)) from error

    async def rasa_ready(self) -> bool:
        """True when Rasa answers and has a model loaded."""
        try:
            async with self._http.get(
                f"{self._channel_url}/status", headers=self._headers,
                timeout=aiohttp.ClientTimeout(total=3),
            ) as response:
                return response.status == 200 and bool((await response.json()).get("model_file"))
        except (aiohttp.ClientError, TimeoutError, ValueError):
            return False

    async def action_server_ready(self) -> bool:
        try:
            async with self._http.get(
                f"{self._action_server_url}/health", timeout=aiohttp.ClientTimeout(total=3)
            ) as response:
                return response.status == 200
        except (aiohttp.ClientError, TimeoutError):
            return False
