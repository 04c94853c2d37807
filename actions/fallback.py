"""What the assistant does with a message it does not understand or cannot help with."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.benefits import topic_button, topics
from actions.common import (JOURNEY_TITLES, SUGGESTION_RESPONSE, journey_button, language_of, person_button,
                            response_for_role, role_of)
from bot.rules.benefits.questions import topic_to_suggest
from bot.rules.fallback import intent_to_suggest, miss_response
from bot.rules.form_interrupts import PERSON_INTENTS

logger = logging.getLogger(__name__)

EMPLOYER_ONLY = {"post_vacancy", "vacancy_status"}
EMPLOYER_JOURNEYS = EMPLOYER_ONLY | set(PERSON_INTENTS)


class ActionHandleFallback(Action):
    def name(self) -> Text:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        response = miss_response(tracker.events)
        suggested = topic_to_suggest(tracker.latest_message or {})
        language = language_of(tracker)
        if response in ("utter_rephrase", "utter_offer_person") and suggested in topics():
            dispatcher.utter_message(response="utter_benefits_did_you_mean",
                                     buttons=[topic_button(suggested, language), person_button(language)])
            return []
        journey = journey_to_suggest(tracker) if response == "utter_rephrase" else None
        if journey:
            buttons = [journey_button(journey, language)]
            if journey != "ask_human":
                buttons.append(person_button(language))
            dispatcher.utter_message(response=SUGGESTION_RESPONSE, buttons=buttons)
            return []
        dispatcher.utter_message(response=response_for_role(response, tracker, domain))
        return []


def journey_to_suggest(tracker: Tracker) -> Optional[str]:
    """The journey a first miss most likely meant, when it is one of the user's role's journeys."""
    allowed = {"citizen": set(JOURNEY_TITLES) - EMPLOYER_ONLY, "employer": EMPLOYER_JOURNEYS}
    journey = intent_to_suggest(tracker.latest_message or {})
    return journey if journey in allowed.get(role_of(tracker), set()) else None
