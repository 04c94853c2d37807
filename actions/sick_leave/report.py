"""Reporting sick: the opening message and what was said earlier read first, then only what is
missing asked for, a summary to confirm or correct, and the saved report triaged to self-service or
a person, with what happens next."""
from __future__ import annotations

import logging
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import entity_value, in_language, language_of, latest_intent, role_of, text_to_read
from actions.forms import AskToConfirmDraft, ReadingFormValidation, read_code
from actions.sick_leave.case import (CHANGE_SLOTS, REPORT_SLOTS, OpenCasePrefill, case_slots, clear, clear_all,
                                     extent_label, iso_or_none, open_advisor_case, return_label, situation_label,
                                     threshold_weeks, validate_hours, validate_return)
from actions.storage import in_citizen_db, today
from bot.rules import journal as journal_rules
from bot.rules import sick_leave as rules
from bot.rules.dates import find_date, format_date, parse_date_answer
from bot.rules.reading import field_named_in, read_correction, read_relative_shift, read_yes_no
from bot.store import sick_leave as sick_store
from bot.store.models import HandoffCase
from bot.store.users import NotACitizen
from bot.text import clean_text_value, tidy_name, trim

logger = logging.getLogger(__name__)

SLOT_OF_FIELD = {"first_day": "sick_first_day", "situation": "sick_situation", "employer": "sick_employer",
                 "extent": "sick_extent", "partial_hours": "sick_partial_hours",
                 "expected_return": "sick_expected_return", "wants_contact": "sick_wants_contact"}


def draft_values(tracker: Tracker) -> Dict[str, Any]:
    extent = tracker.get_slot("sick_extent")
    return {
        "first_day": date.fromisoformat(tracker.get_slot("sick_first_day")),
        "situation": tracker.get_slot("sick_situation"),
        "employer": tracker.get_slot("sick_employer"),
        "extent": extent,
        "partial_hours": tracker.get_slot("sick_partial_hours") if extent == "partial" else None,
        "expected_return": iso_or_none(tracker.get_slot("sick_expected_return")),
        "wants_contact": tracker.get_slot("sick_wants_contact") is True,
    }


def tell_what_happens(dispatcher: CollectingDispatcher, situation: str, triage: rules.Triage,
                      language: str, reference: Optional[str]) -> None:
    reasons = rules.describe_reasons(triage.reasons, language, threshold_weeks())
    if triage.track == "self_service":
        dispatcher.utter_message(response="utter_sick_leave_self_service")
    else:
        dispatcher.utter_message(response="utter_sick_leave_to_advisor", reasons=reasons, reference=reference or "")
    if situation == "unemployed":
        dispatcher.utter_message(response="utter_sick_leave_rules_unemployed")
    elif situation == "employed":
        dispatcher.utter_message(response="utter_sick_leave_rules_employed")
        if triage.fast_track_possible:
            dispatcher.utter_message(response="utter_sick_leave_fast_track")


class ActionSickLeavePrefill(OpenCasePrefill):
    """Reads what the opening message already says ("jeg er syg siden mandag, jeg er ledig")."""

    def name(self) -> Text:
        return "action_sick_leave_prefill"

    def prefill(self, tracker: Tracker, existing: Optional[Dict[str, Any]]) -> List[EventType]:
        events = clear(CHANGE_SLOTS) + [SlotSet("sick_confirmed", None)] + case_slots(existing)
        if existing:
            return events
        text = text_to_read(tracker)
        on_day = today()
        if tracker.get_slot("sick_first_day") is None:
            found = find_date(text, on_day)
            if found and rules.first_day_problem(found.value, on_day) is None:
                events.append(SlotSet("sick_first_day", found.value.isoformat()))
        return events + facts_said_earlier(tracker)


def facts_said_earlier(tracker: Tracker) -> List[EventType]:
    """The situation and employer the citizen has already told in this conversation ("jeg er ledig",
    "jeg arbejder hos Netto"), newest first, so the report does not ask for them again."""
    said = [event.get("text") or "" for event in reversed(tracker.events)
            if event.get("event") == "user" and not (event.get("text") or "").startswith("/")][:10]
    # an application ("søgte job hos DSV") tells neither the situation nor the employer
    said = [text for text in said if not rules.reads_as_job_search(text)]
    situation = tracker.get_slot("sick_situation") or next(
        (found for found in map(rules.parse_situation, said) if found), None)
    employer = tracker.get_slot("sick_employer") or next(
        (found for found in map(rules.read_employer_statement, said) if found), None)
    if employer and situation is None:
        situation = "employed"
    events = []
    if situation and tracker.get_slot("sick_situation") is None:
        events.append(SlotSet("sick_situation", situation))
    if employer and situation == "employed" and tracker.get_slot("sick_employer") is None:
        events.append(SlotSet("sick_employer", employer))
    return events


class ValidateSickLeaveForm(ReadingFormValidation):
    def name(self) -> Text:
        return "validate_sick_leave_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: Dict[Text, Any]) -> List[Text]:
        if role_of(tracker) != "citizen" or tracker.get_slot("sick_case_id"):
            return []
        situation = tracker.get_slot("sick_situation")
        wanted = ["sick_first_day", "sick_situation"]
        if situation == "employed":
            wanted.append("sick_employer")
        if situation in ("employed", "self_employed"):
            wanted.append("sick_extent")
            if tracker.get_slot("sick_extent") == "partial":
                wanted.append("sick_partial_hours")
        return wanted + ["sick_expected_return", "sick_wants_contact", "sick_confirmed"]

    async def read_answer(self, requested: str, text: str, dispatcher: CollectingDispatcher,
                          tracker: Tracker) -> Dict[str, Any]:
        """Each answer is its slot's to read (a yes/no button fills sick_wants_contact through its
        domain mapping); the summary's answer is a yes, or the field to correct."""
        if requested != "sick_confirmed":
            return {requested: text}
        intent = latest_intent(tracker)
        field = entity_value(tracker, "sick_field")
        if intent == "sick_correct" and field in SLOT_OF_FIELD:
            return self.reopen(field)
        changed = self.changed_in_words(text, tracker)
        if changed:
            return {**changed, "sick_confirmed": None}
        answer = rules.parse_yes_no(text)
        if intent == "affirm" or answer is True:
            return {"sick_confirmed": True}
        named = field_named_in(text, rules.FIELD_WORDS)
        if named in SLOT_OF_FIELD:
            return self.reopen(named)
        if intent == "deny" or answer is False:
            dispatcher.utter_message(response="utter_sick_leave_what_to_correct")
        else:
            dispatcher.utter_message(response="utter_sick_leave_confirm_unclear")
        return {"sick_confirmed": None}

    @staticmethod
    def changed_in_words(text: str, tracker: Tracker) -> Dict[str, Any]:
        """A field changed in the answer to the summary: "arbejdsgiveren hedder Solgården" takes that name
        (the slot's validation checks it) and "en uge senere end jeg skrev" moves the return day shown.
        Nothing is stored: the summary comes again and waits for a yes."""
        if read_relative_shift(text) is not None:
            first_day = iso_or_none(tracker.get_slot("sick_first_day"))
            current = iso_or_none(tracker.get_slot("sick_expected_return"))
            if first_day and current:
                moved, _understood = rules.parse_new_return(text, first_day, current, today())
                return {"sick_expected_return": moved.isoformat()}
        correction = read_correction(text, rules.FIELD_WORDS)
        # Only an employee's summary shows an employer: nobody else's gets one it would not show.
        named = ("first_day", "expected_return") + (
            ("employer",) if tracker.get_slot("sick_situation") == "employed" else ())
        if correction.value and correction.field in named:
            return {SLOT_OF_FIELD[correction.field]: correction.value}
        return {}

    @staticmethod
    def reopen(field: str) -> Dict[str, Any]:
        """The field asked for again. The answers that follow from it (employer, extent, hours) stay
        until the new answer's validation clears those that no longer apply, so "ansat" again does
        not ask for the employer again."""
        return {SLOT_OF_FIELD[field]: None, "sick_confirmed": None}

    def validate_sick_first_day(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"sick_first_day": None}
        on_day = today()
        parsed = iso_or_none(str(value)) if len(str(value)) == 10 and str(value)[4] == "-" else None
        parsed = parsed or parse_date_answer(str(value), on_day)
        if parsed is None:
            dispatcher.utter_message(response="utter_sick_first_day_unclear")
            return {"sick_first_day": None}
        problem = rules.first_day_problem(parsed, on_day)
        if problem:
            dispatcher.utter_message(response=f"utter_sick_first_day_{problem}",
                                     date=format_date(parsed, language_of(tracker)))
            return {"sick_first_day": None}
        updates = {"sick_first_day": parsed.isoformat()}
        expected = iso_or_none(tracker.get_slot("sick_expected_return"))
        if expected and expected <= parsed:
            # A corrected first day can make the return day impossible: ask for it again.
            updates["sick_expected_return"] = None
        return updates

    def validate_sick_situation(self, value, dispatcher, tracker, domain):
        code = read_code(value, rules.SITUATIONS, rules.parse_situation, dispatcher, "utter_sick_situation_unclear")
        if code is None:
            return {"sick_situation": None}
        updates = {"sick_situation": code}
        if code != "employed":
            updates["sick_employer"] = None
        if code not in ("employed", "self_employed"):
            updates.update(sick_extent=None, sick_partial_hours=None)
        return updates

    def validate_sick_employer(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"sick_employer": None}
        cleaned = clean_text_value(str(value))
        # "ja tak, gem" typed where the name is asked for is an answer to the summary, not a company.
        if journal_rules.employer_problem(cleaned) or read_yes_no(cleaned) is not None:
            dispatcher.utter_message(response="utter_sick_employer_invalid")
            return {"sick_employer": None}
        cleaned, cut = trim(cleaned, rules.MAX_EMPLOYER_CHARS)
        if cut:
            dispatcher.utter_message(response="utter_sick_employer_trimmed", limit=rules.MAX_EMPLOYER_CHARS)
        return {"sick_employer": tidy_name(cleaned)}

    def validate_sick_extent(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"sick_extent": None}
        if value in ("full", "partial"):
            return {"sick_extent": value}
        extent, hours = rules.parse_extent(str(value))
        if extent is None:
            dispatcher.utter_message(response="utter_sick_extent_unclear")
            return {"sick_extent": None}
        updates = {"sick_extent": extent}
        if extent == "full":
            updates["sick_partial_hours"] = None
        elif hours is not None:
            updates.update(self.validate_sick_partial_hours(str(hours), dispatcher, tracker, domain))
        return updates

    def validate_sick_partial_hours(self, value, dispatcher, tracker, domain):
        return validate_hours("sick_partial_hours", value, dispatcher)

    def validate_sick_expected_return(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"sick_expected_return": None}
        first_day = iso_or_none(tracker.get_slot("sick_first_day"))
        if first_day is None:
            return {"sick_expected_return": None}
        return validate_return("sick_expected_return", str(value), first_day, None, dispatcher, tracker)

    def validate_sick_wants_contact(self, value, dispatcher, tracker, domain):
        if isinstance(value, bool) or value is None:
            return {"sick_wants_contact": value}
        answer = rules.parse_yes_no(str(value))
        if answer is None:
            dispatcher.utter_message(response="utter_sick_wants_contact_unclear")
        return {"sick_wants_contact": answer}

    def validate_sick_confirmed(self, value, dispatcher, tracker, domain):
        return {"sick_confirmed": value if value is True else None}


class ActionAskSickConfirmed(AskToConfirmDraft):
    """The summary, with a button per field."""

    def name(self) -> Text:
        return "action_ask_sick_confirmed"

    def draft(self, tracker: Tracker) -> Dict[str, Any]:
        return draft_values(tracker)

    def show_summary(self, dispatcher, values, language):
        response = {"employed": "utter_sick_leave_summary_employed",
                    "self_employed": "utter_sick_leave_summary_self_employed"}.get(
            values["situation"], "utter_sick_leave_summary")
        dispatcher.utter_message(
            response=response, first_day=format_date(values["first_day"], language),
            situation=situation_label(values["situation"], language), employer=values["employer"] or "–",
            extent=extent_label(values["extent"], values["partial_hours"], language),
            expected_return=return_label(values["expected_return"], language),
            contact=in_language(("ja", "yes") if values["wants_contact"] else ("nej", "no"), language))


class ActionSickLeaveSave(Action):
    """Saves the confirmed report, triages it, opens an advisor case when it needs a person, and says
    what happens next."""

    def name(self) -> Text:
        return "action_sick_leave_save"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        language = language_of(tracker)
        if role_of(tracker) != "citizen":
            dispatcher.utter_message(response="utter_sick_leave_citizens_only")
            return clear_all()
        if tracker.get_slot("sick_case_id"):
            first_day = iso_or_none(tracker.get_slot("sick_case_first_day"))
            dispatcher.utter_message(response="utter_sick_leave_already_open",
                                     first_day=format_date(first_day, language) if first_day else "–")
            return clear(REPORT_SLOTS)
        if tracker.get_slot("sick_confirmed") is not True:
            dispatcher.utter_message(response="utter_sick_leave_not_saved")
            return clear_all()
        values = draft_values(tracker)
        try:
            triage, reference = await in_citizen_db(tracker.sender_id, self.save, tracker, values, language)
        except (NotACitizen, SQLAlchemyError):
            # Keep the answers: "jeg er syg" again finds them filled in.
            logger.exception("saving a sick leave report failed for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_sick_leave_save_failed")
            return [SlotSet("sick_confirmed", None)]
        dispatcher.utter_message(response="utter_sick_leave_saved",
                                 first_day=format_date(values["first_day"], language))
        tell_what_happens(dispatcher, values["situation"], triage, language, reference)
        return clear_all()

    @staticmethod
    def save(session, citizen, tracker, values, language):
        earlier = sick_store.earlier_leaves(session, citizen.id, values["first_day"])
        facts = rules.SickLeaveFacts(
            first_day=values["first_day"], situation=values["situation"],
            expected_return=values["expected_return"], wants_contact=values["wants_contact"],
            earlier_leaves_last_12_months=earlier, partial_hours=values["partial_hours"])
        triage = rules.triage_sick_leave(facts, threshold_weeks())
        stored = sick_store.open_case_of(session, citizen.id)
        if stored is not None and stored.first_day == values["first_day"]:
            # The same report confirmed again: its "ja" sent a second time after a fault lost the answer.
            # It is kept once, and the answer says what it said the first time.
            handoff = session.get(HandoffCase, stored.handoff_case_id) if stored.handoff_case_id else None
            return triage, handoff.reference if handoff else None
        advisor_case = None
        if triage.track == "advisor":
            advisor_case = open_advisor_case(session, tracker, citizen, triage.reasons, language)
        sick_store.report(session, citizen.id, values, triage, advisor_case.id if advisor_case else None)
        return triage, advisor_case.reference if advisor_case else None


class ActionSickLeaveCancel(Action):
    def name(self) -> Text:
        return "action_sick_leave_cancel"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_sick_leave_cancelled")
        return clear_all()
