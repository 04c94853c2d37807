"""Checks a chat message before it goes to the assistant: pure functions, no web or Rasa code."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from bot.language import ENGLISH, guess_language

# A button payload: "/intent" or "/intent{...}" with a flat JSON object of plain values.
_PAYLOAD = re.compile(r"^/([a-z][a-z0-9_]{0,63})(\{.*\})?$", re.DOTALL)


@dataclass(frozen=True)
class ChatInputError(Exception):
    status: int
    reason_da: str
    reason_en: str

    def reason(self, language: str) -> str:
        return self.reason_en if language == ENGLISH else self.reason_da


def _is_safe_payload(text: str) -> bool:
    match = _PAYLOAD.match(text)
    if not match:
        return False
    if match.group(2) is None:
        return True
    try:
        values = json.loads(match.group(2))
    except (ValueError, RecursionError):
        return False
    return isinstance(values, dict) and all(
        isinstance(value, (str, int, float, bool)) or value is None for value in values.values()
    )


def clean_chat_message(raw: object, max_chars: int) -> str:
    """Returns the text to send to the assistant, or raises ChatInputError with a reason."""
    if not isinstance(raw, str):
        raise ChatInputError(
            400,
            'Beskeden mangler. Send JSON som {"message": "din tekst"}.',
            'The message is missing. Send JSON like {"message": "your text"}.',
        )
    text = raw.replace("\x00", "").strip()
    if not text:
        raise ChatInputError(400, "Beskeden er tom. Skriv noget, og prøv igen.",
                             "The message is empty. Write something and try again.")
    if len(text) > max_chars:
        raise ChatInputError(
            413,
            f"Beskeden er for lang: {len(text)} tegn. Skriv højst {max_chars} tegn ad gangen.",
            f"The message is too long: {len(text)} characters. Please send at most {max_chars}.",
        )
    if text.startswith("/") and not _is_safe_payload(text):
        # Rasa reads a leading slash as an intent with entities; typed text must stay text.
        text = text.lstrip("/").strip() or text.replace("/", "").strip() or "?"
    return text


def language_of_request(text: object, accept_language: str) -> str:
    if isinstance(text, str):
        guess = guess_language(text[:2000])
        if guess:
            return guess
    header = (accept_language or "").lower()
    return ENGLISH if header.startswith("en") else "da"
