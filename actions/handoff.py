"""Handing the conversation to a person: offer the ways to reach one, take a phone number, create
the case with the whole context, and answer crisis language at once."""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import language_of, latest_intent
from actions.fallback import keep_for_teaching
from actions.forms import ReadingFormValidation, leave_form, offer_to_resume
from actions.storage import database, user_of
from bot.rules.fallback import should_offer_person
from bot.rules.handoff import contact_choices, last_turns, reopening, when_answered
from bot.rules.opening_hours import describe_hours, parse_opening_hours
from bot.rules.phone import normalize_danish_phone
from bot.rules.teach import missed_before_offer
from bot.settings import load_settings
from bot.store.handoff import open_case, queue_position
from bot.store.users import find_user

logger = logging.getLogger(__name__)

JOURNEY_INTENTS = {
    "start_journal": "jobjournal", "log_job_activity": "jobjournal", "show_journal": "jobjournal",
    "change_journal_entry": "jobjournal", "update_job_status": "jobjournal", "show_profile": "profil/CV",
    "update_profile": "profil/CV", "start_sick_leave": "sygemelding",
    "report_return": "sygemelding", "update_sick_leave": "sygemelding", "report_partial_return": "sygemelding",
    "show_sick_leave": "sygemelding", "faq": "spørgsmål om ydelser", "benefit_topic": "spørgsmål om ydelser",
    "calculate_dagpenge": "spørgsmål om ydelser", "calculate_sygedagpenge": "spørgsmål om ydelser",
    "ask_own_benefit_case": "spørgsmål om ydelser", "vacancy_status": "småjob",
    "ask_benefits": "spørgsmål om ydelser", "post_vacancy": "småjob",
}
INTERNAL_SLOTS = {
    "language", "handoff_reason", "phone_number", "phone_attempts", "requested_slot",
    "journal_confirmed", "journal_duplicate_warned", "journal_editing_id", "journal_tip_shown",
    "journal_pick", "journal_pick_choices", "journal_picked_id", "journal_pending_status",
    "sick_confirmed", "sick_case_id", "sick_case_first_day", "sick_case_return",
    "sick_checked_in_on", "vacancy_confirmed", "vacancy_duplicate_warned", "vacancy_blocked",
}
MAX_PHONE_ATTEMPTS = 2


def now() -> datetime:
    return datetime.now(timezone.utc)


def opening_hours():
    return parse_opening_hours(load_settings().opening_hours)


def summarize(tracker: Tracker) -> Dict[str, Any]:
    journey = "ingen"
    for event in tracker.events:
        intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
        if event.get("event") == "user" and intent in JOURNEY_INTENTS:
            journey = JOURNEY_INTENTS[intent]
    collected = {name: value for name, value in tracker.slots.items()
                 if name not in INTERNAL_SLOTS and value not in (None, "", [], False)}
    return {"journey": journey, "collected": collected, "last_turns": last_turns(tracker.events)}


def reason_from_latest_message(tracker: Tracker) -> str:
    intent = latest_intent(tracker)
    if intent == "complaint_or_sanction":
        return "complaint_or_sanction"
    earlier_user_events = [e for e in tracker.events if e.get("event") == "user"][:-1]
    if should_offer_person(earlier_user_events):
        return "not_understood"
    return "asked_for_person"


async def create_case(tracker: Tracker, reason: str, contact_wish: str, phone: Optional[str]):
    """(reference, created, queue position, contact wish) of the user's one active case, created or
    updated in one transaction in a worker thread."""
    role, external_id = user_of(tracker.sender_id)
    language = language_of(tracker)
    summary = summarize(tracker)

    def work(session):
        user = find_user(session, role, external_id)
        case, created = open_case(
            session, role=role, external_id=external_id, name=user.display_name if user else "",
            language=language, reason_code=reason, contact_wish=contact_wish, phone=phone,
            summary=summary,
        )
        return case.reference, created, queue_position(session, case), case.contact_wish

    return await database().run(work)


class ActionOfferContact(Action):
    """Offers chat now (in opening hours), a call-back or a written answer."""

    def name(self) -> Text:
        return "action_offer_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        hours = opening_hours()
        open_now = hours.is_open(now())
        if "chat" in contact_choices(open_now):
            dispatcher.utter_message(response="utter_offer_contact_open")
        else:
            language = language_of(tracker)
            dispatcher.utter_message(response="utter_offer_contact_closed",
                                     hours=describe_hours(hours, language),
                                     next_opening=reopening(hours, now(), language))
        return leave_form(tracker) + [SlotSet("handoff_reason", reason_from_latest_message(tracker))]


class ActionCreateHandoff(Action):
    """Creates (or updates) the user's case and says what happens next."""

    def name(self) -> Text:
        return "action_create_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        intent = latest_intent(tracker)
        phone = tracker.get_slot("phone_number")
        contact_wish = {"choose_chat": "chat", "choose_written": "written"}.get(
            intent, "phone" if phone else "written")
        hours = opening_hours()
        if contact_wish == "chat" and not hours.is_open(now()):
            return await ActionOfferContact().run(dispatcher, tracker, domain)
        reason = tracker.get_slot("handoff_reason") or "asked_for_person"
        try:
            reference, created, position, contact_wish = await create_case(tracker, reason, contact_wish, phone)
        except SQLAlchemyError:
            logger.exception("creating the handoff case failed for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_handoff_failed")
            return []
        if reason == "not_understood":
            await keep_handed_off_message(tracker)
        next_step = when_answered(contact_wish, hours, now(), language_of(tracker))
        response = "utter_handoff_created" if created else "utter_handoff_updated"
        dispatcher.utter_message(response=response, reference=reference, next_step=next_step)
        if position is not None:
            dispatcher.utter_message(response="utter_queue_position", position=position)
        return [SlotSet("handoff_reason", None), SlotSet("phone_number", None),
                SlotSet("phone_attempts", None)]


async def keep_handed_off_message(tracker: Tracker) -> None:
    """The message that went to a person because it was not understood, kept (or its kept row raised)
    for staff to teach from; never fails the handoff."""
    missed = missed_before_offer(tracker.events)
    if missed is not None:
        parsed = {**(missed.get("parse_data") or {}), "text": missed.get("text") or ""}
        await keep_for_teaching(tracker, parsed, "handoff_not_understood")


class ActionCrisis(Action):
    """Crisis language: the emergency numbers first, then an urgent case."""

    def name(self) -> Text:
        return "action_crisis"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_crisis_numbers")
        hours = opening_hours()
        contact_wish = "chat" if hours.is_open(now()) else "written"
        try:
            reference, _created, _position, _wish = await create_case(tracker, "crisis", contact_wish, None)
        except Exception:
            # Broad on purpose: an action that raises loses every message it said, and the emergency
            # numbers above must reach the user whatever failed.
            logger.exception("creating the crisis case failed for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_handoff_failed")
            return leave_form(tracker)
        response = "utter_crisis_case_open" if contact_wish == "chat" else "utter_crisis_case_closed"
        dispatcher.utter_message(response=response, reference=reference)
        return leave_form(tracker) + [SlotSet("handoff_reason", None)]


class ActionCrisisCheck(Action):
    """The crisis check was unsure: ask gently and directly instead of guessing either way."""

    def name(self) -> Text:
        return "action_crisis_check"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_crisis_check")
        return leave_form(tracker)


class ActionCrisisCheckDeclined(Action):
    """ "Nej" to the crisis question: a kind word, a person within reach, and the way back."""

    def name(self) -> Text:
        return "action_crisis_check_declined"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_crisis_check_declined")
        offer_to_resume(dispatcher, tracker)
        return []


class ActionHandoffDeclined(Action):
    """ "Nej tak" to the offer of a person: nothing is sent, and a form it interrupted can go on."""

    def name(self) -> Text:
        return "action_handoff_declined"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_handoff_cancelled")
        offer_to_resume(dispatcher, tracker)
        return []


class ValidateHandoffPhoneForm(ReadingFormValidation):
    # The phone number's mapping leaves out stop, no and crisis itself (domain.yml); anything else
    # typed is a try at a number.
    reads_interrupts = False

    def name(self) -> Text:
        return "validate_handoff_phone_form"

    async def validate_phone_number(self, value: Any, dispatcher: CollectingDispatcher,
                                    tracker: Tracker, domain: Dict[Text, Any]) -> Dict[Text, Any]:
        phone = normalize_danish_phone(value)
        if phone:
            return {"phone_number": phone, "phone_attempts": None}
        attempts = int(tracker.get_slot("phone_attempts") or 0) + 1
        if attempts >= MAX_PHONE_ATTEMPTS:
            # Two failed tries: stop asking and let a person take it in writing instead, keeping
            # the reason the user came with (a complaint stays a complaint).
            dispatcher.utter_message(response="utter_phone_gave_up")
            reason = tracker.get_slot("handoff_reason")
            return {"phone_number": None, "phone_attempts": attempts, "requested_slot": None,
                    "handoff_reason": "form_failed" if reason in (None, "asked_for_person") else reason}
        dispatcher.utter_message(response="utter_phone_invalid")
        return {"phone_number": None, "phone_attempts": attempts}

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: Dict[Text, Any]) -> List[Text]:
        if int(tracker.get_slot("phone_attempts") or 0) >= MAX_PHONE_ATTEMPTS:
            return []
        return domain_slots
