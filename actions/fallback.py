"""What the assistant does with a message it does not understand or cannot help with, and keeping that
message, scrubbed and tied to nobody, so staff can teach the assistant what it meant."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Mapping, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.benefits import topic_button, topics
from actions.common import (JOURNEY_TITLES, SUGGESTION_RESPONSE, journey_button, language_of, person_button,
                            response_for_role, role_of)
from actions.storage import database, user_of
from bot.rules.benefits.questions import topic_to_suggest
from bot.rules.fallback import intent_to_suggest, miss_response, should_offer_person
from bot.rules.form_interrupts import PERSON_INTENTS
from bot.rules.teach import KEPT_ROLES, fallback_reason, guessed_intent, text_to_keep
from bot.store.teach import raise_reason, record_miss
from bot.store.users import find_user

logger = logging.getLogger(__name__)

EMPLOYER_ONLY = {"post_vacancy", "vacancy_status"}
EMPLOYER_JOURNEYS = EMPLOYER_ONLY | set(PERSON_INTENTS)


class ActionHandleFallback(Action):
    def name(self) -> Text:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        said = answer_miss(dispatcher, tracker, domain)
        reason = fallback_reason(said, second_miss=should_offer_person(tracker.events))
        await keep_for_teaching(tracker, tracker.latest_message or {}, reason)
        return []


def answer_miss(dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> str:
    """Answers the missed message; the response said, for why the message is kept."""
    response = miss_response(tracker.events)
    suggested = topic_to_suggest(tracker.latest_message or {})
    language = language_of(tracker)
    if response in ("utter_rephrase", "utter_offer_person") and suggested in topics():
        dispatcher.utter_message(response="utter_benefits_did_you_mean",
                                 buttons=[topic_button(suggested, language), person_button(language)])
        return "utter_benefits_did_you_mean"
    journey = journey_to_suggest(tracker) if response == "utter_rephrase" else None
    if journey:
        buttons = [journey_button(journey, language)]
        if journey != "ask_human":
            buttons.append(person_button(language))
        dispatcher.utter_message(response=SUGGESTION_RESPONSE, buttons=buttons)
        return SUGGESTION_RESPONSE
    dispatcher.utter_message(response=response_for_role(response, tracker, domain))
    return response


async def keep_for_teaching(tracker: Tracker, parse_data: Mapping[str, Any], reason: str) -> None:
    """Keeps the message NLU parsed as `parse_data` for staff to teach from (bot/rules/teach.py): scrubbed
    of personal details, with the login's own name too, and only a citizen's or an employer's. A handoff
    raises the reason of the row kept for the same message instead of keeping it twice. Never fails the
    conversation: a database error is logged without the text, and the user's answer goes out as ever."""
    role, external_id = user_of(tracker.sender_id)
    text = parse_data.get("text") or ""
    if role not in KEPT_ROLES or not text or text.startswith("/"):
        return
    intent, confidence = guessed_intent(parse_data)

    def work(session) -> None:
        user = find_user(session, role, external_id)
        kept = text_to_keep(text, [user.display_name] if user else [])
        if kept is None:
            return
        if reason == "handoff_not_understood":
            raise_reason(session, kept, role, reason, intent, confidence)
        else:
            record_miss(session, kept, intent, confidence, reason, role)

    try:
        await database().run(work)
    except SQLAlchemyError as error:
        logger.warning("keeping a misunderstood message for teaching failed for %s: %s", tracker.sender_id,
                       type(error).__name__)


def journey_to_suggest(tracker: Tracker) -> Optional[str]:
    """The journey a first miss most likely meant, when it is one of the user's role's journeys."""
    allowed = {"citizen": set(JOURNEY_TITLES) - EMPLOYER_ONLY, "employer": EMPLOYER_JOURNEYS}
    journey = intent_to_suggest(tracker.latest_message or {})
    return journey if journey in allowed.get(role_of(tracker), set()) else None
