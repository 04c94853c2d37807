"""The citizen's profile (CV facts) in chat: show it, and update one field at a time."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import interrupt_of
from actions.common import entity_value, language_of, latest_intent, latest_text, text_to_read
from actions.journal import in_user_db
from bot import journal as journal_store
from bot.rules import profile as rules
from bot.rules.reading import read_yes_no, value_after_no

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


class ActionProfileShow(Action):
    def name(self) -> Text:
        return "action_profile_show"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        try:
            profile = await in_user_db(tracker, lambda s, u: journal_store.profile_to_json(
                journal_store.get_profile(s, u.id)))
        except journal_store.JournalError:
            dispatcher.utter_message(response="utter_journal_citizens_only")
            return []
        except Exception:
            dispatcher.utter_message(response="utter_journal_load_failed")
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
            field = rules.field_from_text(text_to_read(tracker))
        return [SlotSet("profile_field", field), SlotSet("profile_value", None), SlotSet("profile_confirmed", None)]


class ValidateProfileForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_profile_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        role, _ = tracker.sender_id.partition("-")[::2]
        return domain_slots if role == "citizen" else []

    async def get_extraction_events(self, dispatcher, tracker, domain):
        requested = tracker.get_slot("requested_slot")
        if not requested or interrupt_of(tracker):
            return []
        text = latest_text(tracker)
        if requested == "profile_confirmed":
            return self.read_confirmation(tracker, text)
        if requested == "profile_field":
            field = entity_value(tracker, "profile_field") or rules.field_from_text(text) or text
            return [SlotSet("profile_field", field)]
        return [SlotSet("profile_value", text)]

    @staticmethod
    def read_confirmation(tracker, text) -> List[EventType]:
        # "nej, 30": the right value instead of the one shown; it is shown again.
        instead = value_after_no(text)
        answer = None if instead else read_yes_no(text)
        if answer is None and not instead and latest_intent(tracker) in ("affirm", "deny"):
            answer = latest_intent(tracker) == "affirm"
        if answer is not None:
            return [SlotSet("profile_confirmed", answer)]
        return [SlotSet("profile_value", instead or text), SlotSet("profile_confirmed", None)]

    def validate_profile_confirmed(self, value, dispatcher, tracker, domain):
        if value is False:
            return {"profile_confirmed": False, "requested_slot": None}
        return {"profile_confirmed": True if value is True else None}

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
        field, text = tracker.get_slot("profile_field"), tracker.get_slot("profile_value")
        answer = rules.parse_profile_answer(field, text)
        try:
            current = await in_user_db(tracker, lambda s, u: journal_store.profile_to_json(
                journal_store.get_profile(s, u.id)))
        except Exception:
            current = {name: None for name in rules.FIELDS}
        updated = rules.apply_answer(current, field, answer)
        label = FIELD_LABELS[field][1 if language_of(tracker) == "en" else 0]
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
        role, _ = tracker.sender_id.partition("-")[::2]
        if role != "citizen":
            dispatcher.utter_message(response="utter_journal_citizens_only")
            return cleared
        if field not in rules.FIELDS or text is None or tracker.get_slot("profile_confirmed") is not True:
            dispatcher.utter_message(response="utter_journal_not_saved")
            return cleared
        answer = rules.parse_profile_answer(field, text)

        def save(session, user):
            current = journal_store.profile_to_json(journal_store.get_profile(session, user.id))
            updated = rules.apply_answer(current, field, answer)
            journal_store.save_profile_field(session, user.id, field, updated[field])
            return updated[field]

        try:
            value = await in_user_db(tracker, save)
        except Exception:
            dispatcher.utter_message(response="utter_profile_save_failed")
            return []
        if answer.trimmed:
            dispatcher.utter_message(response="utter_profile_trimmed")
        dispatcher.utter_message(response="utter_profile_saved", value=render_value(field, value))
        return cleared
