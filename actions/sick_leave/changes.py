"""Changes to the open sick leave, each asked for and shown before it is stored: a new expected
return day (triaged again: crossing the threshold brings in a person), hours back at work while still
partly sick, and the day back at work (raskmelding), which closes the case."""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import language_of, latest_intent, text_to_read
from actions.forms import ReadingFormValidation, read_value_confirmation, validated_confirmation
from actions.sick_leave.case import (CHANGE_SLOTS, OpenCasePrefill, case_slots, clear, clear_all, iso_or_none,
                                     no_open_case, open_advisor_case, return_label, threshold_weeks, validate_hours,
                                     validate_return)
from actions.storage import in_citizen_db, today
from bot.rules import sick_leave as rules
from bot.rules.dates import format_date
from bot.store import sick_leave as sick_store
from bot.store.users import NotACitizen

logger = logging.getLogger(__name__)


class ActionSickChangePrefill(OpenCasePrefill):
    """Before a change (new return day, hours, back at work): finds the open case and reads what the
    message already says ("jeg er rask fra i dag", "forlænget til 15. december")."""

    def name(self) -> Text:
        return "action_sick_change_prefill"

    def prefill(self, tracker: Tracker, existing: Optional[Dict[str, Any]]) -> List[EventType]:
        events = case_slots(existing) + clear(CHANGE_SLOTS)
        if existing is None:
            return events
        intent = latest_intent(tracker)
        text = text_to_read(tracker)
        on_day = today()
        first_day = date.fromisoformat(existing["first_day"])
        if intent == "report_return":
            returned_on = rules.parse_return_day(text, on_day)
            if returned_on and rules.returned_on_problem(returned_on, first_day, on_day) is None:
                events.append(SlotSet("sick_returned_on", returned_on.isoformat()))
        elif intent == "update_sick_leave":
            value, understood = rules.parse_new_return(text, first_day, iso_or_none(existing["expected_return"]),
                                                       on_day)
            if understood and value and rules.return_problem(value, first_day, on_day) is None:
                events.append(SlotSet("sick_new_return", value.isoformat()))
        elif intent == "report_partial_return":
            hours, problem = rules.parse_hours_worked(text)
            if problem is None and any(word in text.lower() for word in ("time", "hour")):
                events.append(SlotSet("sick_new_hours", hours))
        return events


class ChangesOpenCase(ReadingFormValidation):
    """One form per kind of change; each asks for its one value when there is an open case, then
    shows the change as it will be stored and waits for a yes."""

    value_slot = ""

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        return domain_slots if tracker.get_slot("sick_case_id") else []

    async def read_answer(self, requested: str, text: str, dispatcher: CollectingDispatcher,
                          tracker: Tracker) -> Dict[str, Any]:
        if requested != "sick_change_confirmed":
            return {requested: text}
        # "nej, tre dage senere": the right value replaces the one shown, which is shown again.
        return read_value_confirmation(tracker, text, self.value_slot, "sick_change_confirmed")

    def validate_sick_change_confirmed(self, value, dispatcher, tracker, domain):
        return validated_confirmation("sick_change_confirmed", value)

    def case_first_day(self, tracker: Tracker) -> date:
        return date.fromisoformat(tracker.get_slot("sick_case_first_day"))


class ValidateSickUpdateForm(ChangesOpenCase):
    value_slot = "sick_new_return"

    def name(self) -> Text:
        return "validate_sick_update_form"

    def validate_sick_new_return(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"sick_new_return": None}
        current = iso_or_none(tracker.get_slot("sick_case_return"))
        return validate_return("sick_new_return", str(value), self.case_first_day(tracker), current,
                               dispatcher, tracker)


class ValidateSickHoursForm(ChangesOpenCase):
    value_slot = "sick_new_hours"

    def name(self) -> Text:
        return "validate_sick_hours_form"

    def validate_sick_new_hours(self, value, dispatcher, tracker, domain):
        return validate_hours("sick_new_hours", value, dispatcher)


class ValidateSickReturnForm(ChangesOpenCase):
    value_slot = "sick_returned_on"

    def name(self) -> Text:
        return "validate_sick_return_form"

    def validate_sick_returned_on(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"sick_returned_on": None}
        on_day = today()
        text = str(value)
        parsed = iso_or_none(text) if len(text) == 10 and text[4] == "-" else rules.parse_return_day(text, on_day)
        if parsed is None:
            dispatcher.utter_message(response="utter_sick_returned_on_unclear")
            return {"sick_returned_on": None}
        first_day = self.case_first_day(tracker)
        problem = rules.returned_on_problem(parsed, first_day, on_day)
        if problem:
            language = language_of(tracker)
            dispatcher.utter_message(response=f"utter_sick_returned_on_{problem}",
                                     date=format_date(parsed, language), first_day=format_date(first_day, language),
                                     days=rules.RETURN_DAYS_AHEAD)
            return {"sick_returned_on": None}
        return {"sick_returned_on": parsed.isoformat()}


class ActionAskSickChangeConfirmed(Action):
    """The change as it will be stored: the new return day next to the old one, the hours, or the
    day back at work that closes the case."""

    def name(self) -> Text:
        return "action_ask_sick_change_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        language = language_of(tracker)
        form = tracker.active_loop.get("name")
        if form == "sick_update_form":
            old = tracker.get_slot("sick_case_return")
            dispatcher.utter_message(response="utter_sick_confirm_new_return",
                                     old=return_label(iso_or_none(old), language),
                                     new=return_label(iso_or_none(tracker.get_slot("sick_new_return")), language))
        elif form == "sick_hours_form":
            dispatcher.utter_message(response="utter_sick_confirm_new_hours",
                                     hours=f"{float(tracker.get_slot('sick_new_hours')):g}")
        else:
            dispatcher.utter_message(
                response="utter_sick_confirm_returned_on",
                returned_on=format_date(date.fromisoformat(tracker.get_slot("sick_returned_on")), language),
                first_day=format_date(date.fromisoformat(tracker.get_slot("sick_case_first_day")), language))
        return []


class ChangeToOpenCase(Action, ABC):
    """A confirmed change stored on the open case. Nothing is changed without an open case or without
    a yes; when it cannot be stored, the user is told and the answers stay for another try."""

    @abstractmethod
    def name(self) -> Text:
        """action_sick_<change>"""

    @abstractmethod
    def wanted(self, tracker: Tracker) -> Any:
        """The value confirmed to be stored; None when there is none."""

    @abstractmethod
    def change(self, session, citizen, value: Any, tracker: Tracker, language: str) -> Any:
        """Stores the value on the open case in the caller's transaction (raising
        bot.store.sick_leave.SickLeaveError when there is none) and returns what `tell` needs."""

    @abstractmethod
    def tell(self, dispatcher: CollectingDispatcher, value: Any, changed: Any, language: str) -> List[EventType]:
        """Says what was changed and what follows; the events after it."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        if not tracker.get_slot("sick_case_id"):
            return no_open_case(dispatcher)
        value = self.wanted(tracker)
        if value is None or tracker.get_slot("sick_change_confirmed") is not True:
            dispatcher.utter_message(response="utter_sick_leave_nothing_changed")
            return clear_all()
        language = language_of(tracker)
        try:
            changed = await in_citizen_db(tracker.sender_id, self.change, value, tracker, language)
        except sick_store.SickLeaveError:
            logger.info("no open sick leave left to change for %s", tracker.sender_id)
            return no_open_case(dispatcher)
        except (NotACitizen, SQLAlchemyError):
            logger.exception("changing the sick leave failed for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_sick_leave_save_failed")
            return []
        return self.tell(dispatcher, value, changed, language)


class ActionSickApplyUpdate(ChangeToOpenCase):
    """A new expected return day, triaged again: crossing the threshold brings in a person."""

    def name(self) -> Text:
        return "action_sick_apply_update"

    def wanted(self, tracker: Tracker) -> Optional[str]:
        return tracker.get_slot("sick_new_return") or None

    def change(self, session, citizen, value, tracker, language):
        case = sick_store.require_open_case(session, citizen.id)
        sick_store.change(case, expected_return=iso_or_none(value))
        triage = rules.triage_sick_leave(sick_store.facts_of(case, sick_store.earlier_leaves(
            session, citizen.id, case.first_day)), threshold_weeks())
        moved, reference = False, None
        if triage.track == "advisor" and case.track == "self_service":
            advisor_case = open_advisor_case(session, tracker, citizen, triage.reasons, language)
            sick_store.change(case, track="advisor", reasons=list(triage.reasons), handoff_case_id=advisor_case.id)
            moved, reference = True, advisor_case.reference
        return sick_store.case_to_json(case), triage, moved, reference

    def tell(self, dispatcher, value, changed, language):
        case, triage, moved_to_advisor, reference = changed
        dispatcher.utter_message(response="utter_sick_leave_return_changed",
                                 expected_return=return_label(iso_or_none(value), language))
        if moved_to_advisor:
            dispatcher.utter_message(response="utter_sick_leave_to_advisor", reference=reference,
                                     reasons=rules.describe_reasons(triage.reasons, language, threshold_weeks()))
        if case["situation"] == "employed" and triage.fast_track_possible:
            dispatcher.utter_message(response="utter_sick_leave_fast_track")
        return clear_all()


class ActionSickApplyHours(ChangeToOpenCase):
    """Hours back at work while still partly sick."""

    def name(self) -> Text:
        return "action_sick_apply_hours"

    def wanted(self, tracker: Tracker) -> Any:
        return tracker.get_slot("sick_new_hours")

    def change(self, session, citizen, value, tracker, language):
        sick_store.change(sick_store.require_open_case(session, citizen.id), partial_hours=float(value))

    def tell(self, dispatcher, value, changed, language):
        dispatcher.utter_message(response="utter_sick_leave_hours_saved", hours=f"{float(value):g}")
        return clear_all()


class ActionSickClose(ChangeToOpenCase):
    """Back at work (raskmelding): closes the case and confirms it."""

    def name(self) -> Text:
        return "action_sick_close"

    def wanted(self, tracker: Tracker) -> Optional[date]:
        return iso_or_none(tracker.get_slot("sick_returned_on"))

    def change(self, session, citizen, value, tracker, language):
        return sick_store.case_to_json(sick_store.change(
            sick_store.require_open_case(session, citizen.id), status="closed", returned_on=value))

    def tell(self, dispatcher, value, changed, language):
        dispatcher.utter_message(response="utter_sick_leave_closed", returned_on=format_date(value, language),
                                 first_day=format_date(date.fromisoformat(changed["first_day"]), language))
        if changed["situation"] == "unemployed":
            dispatcher.utter_message(response="utter_sick_leave_closed_unemployed")
        elif changed["situation"] == "employed":
            dispatcher.utter_message(response="utter_sick_leave_closed_employed")
        return clear_all() + [SlotSet("sick_checked_in_on", None)]
