"""The base conversation: the greeting and what the assistant can do, each with the menu of the
user's own role."""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import response_for_role


class RoleResponse(Action, ABC):
    """Says `response` in the variant meant for the user's role."""

    response: Text

    @abstractmethod
    def name(self) -> Text:
        """action_<what it says>"""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response=response_for_role(self.response, tracker, domain))
        return []


class ActionGreet(RoleResponse):
    response = "utter_greet"

    def name(self) -> Text:
        return "action_greet"


class ActionCapabilities(RoleResponse):
    response = "utter_capabilities"

    def name(self) -> Text:
        return "action_capabilities"
