"""The citizen's profile (CV facts) in chat: show it, and update one field at a time."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import entity_value, in_language, language_of, read_for_citizen, role_of, text_to_read
from actions.forms import ReadingFormValidation, read_value_confirmation, validated_confirmation
from actions.storage import in_citizen_db
from bot.rules import profile as rules
from bot.rules.reading import field_named_in
from bot.store import profile as profile_store
from bot.store.users import NotACitizen

logger = logging.getLogger(__name__)

PROBLEM_RESPONSES = {
    "empty": "utter_profile_value_empty", "not_a_number": "utter_profile_value_not_a_number",
    "out_of_range": "utter_profile_value_out_of_range", "bad_postcode": "utter_profile_value_bad_postcode",
    "bad_licence": "utter_profile_value_bad_licence",
}
FIELD_LABELS = {
    "experience": ("Erfaring", "Experience"), "education": ("Uddannelse", "Education"),
    "wished_jobs": ("Ønskejob", "Wished-for jobs"), "driving_licence": ("Kørekort", "Driving licence"),
    "certificates": ("Certifikater", "Certificates"), "languages": ("Sprog", "Languages"),
    "hours_per_week": ("Timer om ugen", "Hours a week"), "postcode": ("Område (postnummer)", "Area (postcode)"),
    "weekly_target": ("Ugentligt mål", "Weekly target"),
}
RANGES = {"hours_per_week": (1, rules.MAX_HOURS_PER_WEEK), "weekly_target": (1, rules.MAX_WEEKLY_TARGET)}


def render_value(field: str, value: Any) -> str:
    if value in (None, [], ""):
        return "–"
    if field == "experience":
        parts = []
        for item in value:
            text = item.get("title", "")
            if item.get("employer"):
                text += f" – {item['employer']}"
            if item.get("years") is not None:
                text += f" ({item['years']})"
            parts.append(text)
        return "; ".join(parts)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def profile_of(session, citizen) -> Dict[str, Any]:
    return profile_store.profile_to_json(profile_store.get_profile(session, citizen.id))


def answer_in_form(tracker: Tracker) -> Tuple[str, rules.ProfileAnswer]:
    """(field, the answer read from the value typed) of the profile form."""
    field = tracker.get_slot("profile_field")
    return field, rules.parse_profile_answer(field, tracker.get_slot("profile_value"))


class ActionProfileShow(Action):
    def name(self) -> Text:
        return "action_profile_show"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        profile = await read_for_citizen(dispatcher, tracker, profile_of, not_a_citizen="utter_journal_citizens_only",
                                         failed="utter_journal_load_failed")
        if profile is None:
            return []
        dispatcher.utter_message(response="utter_profile_overview",
                                 **{field: render_value(field, profile[field]) for field in rules.FIELDS})
        return []


class ActionProfilePrefill(Action):
    """ "jeg vil opdatere min uddannelse" picks the field, so the form asks only for the value."""

    def name(self) -> Text:
        return "action_profile_prefill"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        field = entity_value(tracker, "profile_field")
        if field not in rules.FIELDS:
            field = field_named_in(text_to_read(tracker), rules.FIELD_WORDS)
        return [SlotSet("profile_field", field), SlotSet("profile_value", None), SlotSet("profile_confirmed", None)]


class ValidateProfileForm(ReadingFormValidation):
    def name(self) -> Text:
        return "validate_profile_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        return domain_slots if role_of(tracker) == "citizen" else []

    async def read_answer(self, requested: str, text: str, dispatcher: CollectingDispatcher,
                          tracker: Tracker) -> Dict[str, Any]:
        if requested == "profile_confirmed":
            return read_value_confirmation(tracker, text, "profile_value", "profile_confirmed")
        if requested == "profile_field":
            return {"profile_field": entity_value(tracker, "profile_field")
                    or field_named_in(text, rules.FIELD_WORDS) or text}
        return {requested: text}

    def validate_profile_confirmed(self, value, dispatcher, tracker, domain):
        return validated_confirmation("profile_confirmed", value)

    def validate_profile_field(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"profile_field": None}
        if value not in rules.FIELDS:
            dispatcher.utter_message(response="utter_profile_field_unclear")
            return {"profile_field": None}
        return {"profile_field": value}

    def validate_profile_value(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"profile_value": None}
        answer = rules.parse_profile_answer(tracker.get_slot("profile_field"), str(value))
        if answer.problem:
            low, high = RANGES.get(tracker.get_slot("profile_field"), (0, 0))
            dispatcher.utter_message(response=PROBLEM_RESPONSES[answer.problem], low=low, high=high)
            return {"profile_value": None}
        return {"profile_value": str(value)}


class ActionAskProfileValue(Action):
    def name(self) -> Text:
        return "action_ask_profile_value"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response=f"utter_ask_profile_{tracker.get_slot('profile_field')}")
        return []


class ActionAskProfileConfirmed(Action):
    """The field as it will be stored, after the answer is applied to the profile, waiting for a yes."""

    def name(self) -> Text:
        return "action_ask_profile_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        field, answer = answer_in_form(tracker)
        try:
            current = await in_citizen_db(tracker.sender_id, profile_of)
        except (NotACitizen, SQLAlchemyError):
            # The save reads the profile again; until then, only what the answer adds can be shown.
            logger.exception("reading the profile to show the change failed for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_profile_shows_only_the_new")
            current = {name: None for name in rules.FIELDS}
        updated = rules.apply_answer(current, field, answer)
        label = in_language(FIELD_LABELS[field], language_of(tracker))
        dispatcher.utter_message(response="utter_profile_confirm", label=label,
                                 value=render_value(field, updated[field]))
        return []


class ActionProfileSave(Action):
    def name(self) -> Text:
        return "action_profile_save"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        field, text = tracker.get_slot("profile_field"), tracker.get_slot("profile_value")
        cleared = [SlotSet("profile_field", None), SlotSet("profile_value", None),
                   SlotSet("profile_confirmed", None)]
        if role_of(tracker) != "citizen":
            dispatcher.utter_message(response="utter_journal_citizens_only")
            return cleared
        if field not in rules.FIELDS or text is None or tracker.get_slot("profile_confirmed") is not True:
            dispatcher.utter_message(response="utter_journal_not_saved")
            return cleared
        field, answer = answer_in_form(tracker)

        def save(session, citizen):
            updated = rules.apply_answer(profile_of(session, citizen), field, answer)
            profile_store.save_profile_field(session, citizen.id, field, updated[field])
            return updated[field]

        try:
            value = await in_citizen_db(tracker.sender_id, save)
        except (NotACitizen, SQLAlchemyError):
            logger.exception("saving the profile failed for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_profile_save_failed")
            return []
        if answer.trimmed:
            dispatcher.utter_message(response="utter_profile_trimmed")
        dispatcher.utter_message(response="utter_profile_saved", value=render_value(field, value))
        return cleared
