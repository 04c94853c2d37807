"""The base conversation: the greeting and what the assistant can do, each with the menu of the
user's own role."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import response_for_role

logger = logging.getLogger(__name__)


class ActionGreet(Action):
    def name(self) -> Text:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response=response_for_role("utter_greet", tracker, domain))
        return []


class ActionCapabilities(Action):
    def name(self) -> Text:
        return "action_capabilities"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response=response_for_role("utter_capabilities", tracker, domain))
        return []
