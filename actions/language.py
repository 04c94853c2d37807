"""Keeps the `language` slot in step with the language the user writes, every turn."""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction

from bot.language import detect_language
from bot.rules.sick_leave import HEALTH_PLACEHOLDER


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

    async def extract_health_notice_shown(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        # The gateway has already taken the health words out; say once per visit why they are gone.
        text = (tracker.latest_message or {}).get("text") or ""
        if HEALTH_PLACEHOLDER in text and not tracker.get_slot("health_notice_shown"):
            dispatcher.utter_message(response="utter_health_not_needed")
            return {"health_notice_shown": True}
        return {}
