"""Keeps the `language` slot in step with the language the user writes, every turn."""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

from bot.language import detect_language


class ValidateSlotMappings(ValidationAction):
    """Rasa runs this after each user message (as action_validate_slot_mappings)."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def extract_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        text = (tracker.latest_message or {}).get("text")
        current = tracker.get_slot("language")
        language = detect_language(text, current=current)
        return {"language": language} if language != current else {}
