"""What the assistant does with a message it does not understand or cannot help with."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.benefits import person_button, topic_button, topics
from actions.common import language_of, response_for_role
from bot.rules.benefit_questions import topic_to_suggest
from bot.rules.fallback import miss_response


class ActionHandleFallback(Action):
    def name(self) -> Text:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        response = miss_response(tracker.events)
        suggested = topic_to_suggest(tracker.latest_message or {})
        if response in ("utter_rephrase", "utter_offer_person") and suggested in topics():
            language = language_of(tracker)
            dispatcher.utter_message(response="utter_benefits_did_you_mean",
                                     buttons=[topic_button(suggested, language), person_button(language)])
            return []
        dispatcher.utter_message(response=response_for_role(response, tracker, domain))
        return []
