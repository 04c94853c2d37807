"""Sick leave in chat: report it (asking only for what is missing), confirm or correct it, triage it
to self-service or a person, change the expected return, report hours or the day back at work, show
it, and ask at the start of a visit whether a citizen whose return day has come is back."""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity_value, language_of, latest_intent, latest_text, text_to_read
from actions.forms import interrupt_of
from actions.handoff import summarize
from actions.storage import database, today, user_of
from bot import journal as journal_store
from bot import sick_leave as sick_store
from bot.handoff import open_case
from bot.rules import journal as journal_rules
from bot.rules import sick_leave as rules
from bot.rules.dates import find_date, format_date, parse_date_answer
from bot.rules.reading import read_yes_no, value_after_no
from bot.settings import load_settings

REPORT_SLOTS = ("sick_first_day", "sick_situation", "sick_employer", "sick_extent", "sick_partial_hours",
                "sick_expected_return", "sick_wants_contact", "sick_confirmed")
CHANGE_SLOTS = ("sick_new_return", "sick_new_hours", "sick_returned_on", "sick_change_confirmed")
CASE_SLOTS = ("sick_case_id", "sick_case_first_day", "sick_case_return")
SLOT_OF_FIELD = {"first_day": "sick_first_day", "situation": "sick_situation", "employer": "sick_employer",
                 "extent": "sick_extent", "partial_hours": "sick_partial_hours",
                 "expected_return": "sick_expected_return", "wants_contact": "sick_wants_contact"}
UNKNOWN = "unknown"


def threshold_weeks() -> int:
    return load_settings().sick_leave_threshold_weeks


def iso_or_none(value: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(value) if value and value != UNKNOWN else None
    except ValueError:
        return None


def clear(names) -> List[EventType]:
    return [SlotSet(name, None) for name in names]


def clear_all() -> List[EventType]:
    return clear(REPORT_SLOTS + CHANGE_SLOTS + CASE_SLOTS)


def in_citizen_db(tracker: Tracker, work, *args):
    """Runs `work(session, user, *args)` for the conversation's citizen in one transaction."""
    role, external_id = user_of(tracker.sender_id)

    def unit(session):
        return work(session, journal_store.citizen(session, role, external_id), *args)

    return database().run(unit)


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


def situation_label(code: Optional[str], language: str) -> str:
    labels = {"employed": ("ansat", "employed"), "unemployed": ("ledig", "unemployed"),
              "self_employed": ("selvstændig", "self-employed"), "other": ("andet", "other")}
    return labels.get(code, ("–", "–"))[1 if language == "en" else 0]


def extent_label(extent: Optional[str], hours: Optional[float], language: str) -> str:
    if extent == "partial":
        shown = f"{hours:g}" if hours is not None else "?"
        return f"partly, working {shown} hours a week" if language == "en" else \
            f"delvis, arbejder {shown} timer om ugen"
    if extent == "full":
        return "fully" if language == "en" else "helt"
    return "–"


def return_label(value: Optional[date], language: str) -> str:
    if value is None:
        return "not known yet" if language == "en" else "ved ikke endnu"
    return format_date(value, language)


def case_facts(case: Dict[str, Any], language: str) -> Dict[str, str]:
    expected = iso_or_none(case.get("expected_return"))
    return {
        "first_day": format_date(date.fromisoformat(case["first_day"]), language),
        "situation": situation_label(case["situation"], language),
        "employer": case.get("employer") or "–",
        "extent": extent_label("partial" if case.get("partial_hours") is not None else "full",
                               case.get("partial_hours"), language),
        "expected_return": return_label(expected, language),
    }


def open_advisor_case(session, tracker: Tracker, user, reasons, language: str) -> Any:
    role, external_id = user_of(tracker.sender_id)
    detail = rules.describe_reasons(reasons, "da", threshold_weeks())
    case, _created = open_case(
        session, role=role, external_id=external_id, name=user.display_name or "", language=language,
        reason_code="sick_leave", contact_wish="written", phone=None, summary=summarize(tracker),
        detail=detail)
    return case


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


class ActionSickLeavePrefill(Action):
    """Reads what the opening message already says ("jeg er syg siden mandag, jeg er ledig")."""

    def name(self) -> Text:
        return "action_sick_leave_prefill"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        events = clear(CHANGE_SLOTS) + [SlotSet("sick_confirmed", None)]
        existing = await load_open_case(tracker)
        events += case_slots(existing)
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


async def load_open_case(tracker: Tracker) -> Optional[Dict[str, Any]]:
    try:
        return await in_citizen_db(tracker, lambda session, user: _open_case_json(session, user.id))
    except journal_store.JournalError:
        return None


def _open_case_json(session, user_id: int) -> Optional[Dict[str, Any]]:
    case = sick_store.open_case_of(session, user_id)
    return sick_store.case_to_json(case) if case else None


def case_slots(case: Optional[Dict[str, Any]]) -> List[EventType]:
    if case is None:
        return clear(CASE_SLOTS)
    return [SlotSet("sick_case_id", str(case["id"])), SlotSet("sick_case_first_day", case["first_day"]),
            SlotSet("sick_case_return", case["expected_return"] or UNKNOWN)]


class ReadsRawAnswers:
    """Mixed into the sick-leave forms' validation: the requested slot takes the raw answer, which its
    validation then reads, so the user can answer in their own words. (A mixin, not an Action, so that
    rasa-sdk does not register it as an action of its own.)"""

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: Dict[Text, Any]) -> List[EventType]:
        requested = tracker.get_slot("requested_slot")
        if not requested or interrupt_of(tracker):
            return []
        updates = self.read_answer(requested, dispatcher, tracker)
        tracker.slots.update(updates)
        return [SlotSet(name, value) for name, value in updates.items()]

    def read_answer(self, requested: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[str, Any]:
        intent = latest_intent(tracker)
        if intent in ("affirm", "deny") and requested in ("sick_wants_contact",):
            return {requested: intent == "affirm"}
        return {requested: latest_text(tracker)}


class ValidateSickLeaveForm(ReadsRawAnswers, FormValidationAction):
    def name(self) -> Text:
        return "validate_sick_leave_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: Dict[Text, Any]) -> List[Text]:
        role, _ = user_of(tracker.sender_id)
        if role != "citizen" or tracker.get_slot("sick_case_id"):
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

    def read_answer(self, requested: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[str, Any]:
        if requested != "sick_confirmed":
            return super().read_answer(requested, dispatcher, tracker)
        intent = latest_intent(tracker)
        text = latest_text(tracker)
        field = entity_value(tracker, "sick_field")
        if intent == "sick_correct" and field in SLOT_OF_FIELD:
            return self.reopen(field)
        answer = rules.parse_yes_no(text)
        if intent == "affirm" or answer is True:
            return {"sick_confirmed": True}
        named = rules.field_from_text(text)
        if named in SLOT_OF_FIELD:
            return self.reopen(named)
        if intent == "deny" or answer is False:
            dispatcher.utter_message(response="utter_sick_leave_what_to_correct")
        else:
            dispatcher.utter_message(response="utter_sick_leave_confirm_unclear")
        return {"sick_confirmed": None}

    @staticmethod
    def reopen(field: str) -> Dict[str, Any]:
        updates = {SLOT_OF_FIELD[field]: None, "sick_confirmed": None}
        if field == "situation":
            updates.update(sick_employer=None, sick_extent=None, sick_partial_hours=None)
        if field == "extent":
            updates["sick_partial_hours"] = None
        return updates

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
        if value is None:
            return {"sick_situation": None}
        code = value if value in rules.SITUATIONS else rules.parse_situation(str(value))
        if code is None:
            dispatcher.utter_message(response="utter_sick_situation_unclear")
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
        cleaned = journal_rules.clean_text_value(str(value))
        if journal_rules.employer_problem(cleaned):
            dispatcher.utter_message(response="utter_sick_employer_invalid")
            return {"sick_employer": None}
        cleaned, cut = journal_rules.trim(cleaned, rules.MAX_EMPLOYER_CHARS)
        if cut:
            dispatcher.utter_message(response="utter_sick_employer_trimmed", limit=rules.MAX_EMPLOYER_CHARS)
        return {"sick_employer": journal_rules.tidy_name(cleaned)}

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


def validate_hours(slot: str, value, dispatcher: CollectingDispatcher) -> Dict[str, Any]:
    if value is None:
        return {slot: None}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    hours, problem = rules.parse_hours_worked(str(value))
    if problem:
        dispatcher.utter_message(response=f"utter_sick_hours_{problem}", limit=rules.FULL_TIME_HOURS)
        return {slot: None}
    return {slot: hours}


def validate_return(slot: str, text: str, first_day: date, current: Optional[date],
                    dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[str, Any]:
    if text == UNKNOWN:
        return {slot: UNKNOWN}
    on_day = today()
    value = iso_or_none(text) if len(text) == 10 and text[4] == "-" else None
    understood = value is not None
    if value is None:
        value, understood = rules.parse_new_return(text, first_day, current, on_day)
    if not understood:
        dispatcher.utter_message(response="utter_sick_return_unclear")
        return {slot: None}
    if value is None:
        return {slot: UNKNOWN}
    problem = rules.return_problem(value, first_day, on_day)
    if problem:
        language = language_of(tracker)
        dispatcher.utter_message(response=f"utter_sick_return_{problem}", date=format_date(value, language),
                                 first_day=format_date(first_day, language))
        return {slot: None}
    return {slot: value.isoformat()}


class ActionAskSickConfirmed(Action):
    """The summary, with a button per field."""

    def name(self) -> Text:
        return "action_ask_sick_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        language = language_of(tracker)
        values = draft_values(tracker)
        response = {"employed": "utter_sick_leave_summary_employed",
                    "self_employed": "utter_sick_leave_summary_self_employed"}.get(
            values["situation"], "utter_sick_leave_summary")
        dispatcher.utter_message(
            response=response, first_day=format_date(values["first_day"], language),
            situation=situation_label(values["situation"], language), employer=values["employer"] or "–",
            extent=extent_label(values["extent"], values["partial_hours"], language),
            expected_return=return_label(values["expected_return"], language),
            contact=("yes" if values["wants_contact"] else "no") if language == "en"
            else ("ja" if values["wants_contact"] else "nej"))
        return []


class ActionSickLeaveSave(Action):
    """Saves the confirmed report, triages it, opens an advisor case when it needs a person, and says
    what happens next."""

    def name(self) -> Text:
        return "action_sick_leave_save"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        role, _ = user_of(tracker.sender_id)
        language = language_of(tracker)
        if role != "citizen":
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
            triage, reference = await in_citizen_db(tracker, self.save, tracker, values, language)
        except Exception:
            # Keep the answers: "jeg er syg" again finds them filled in.
            dispatcher.utter_message(response="utter_sick_leave_save_failed")
            return [SlotSet("sick_confirmed", None)]
        dispatcher.utter_message(response="utter_sick_leave_saved",
                                 first_day=format_date(values["first_day"], language))
        tell_what_happens(dispatcher, values["situation"], triage, language, reference)
        return clear_all()

    @staticmethod
    def save(session, user, tracker, values, language):
        earlier = sick_store.earlier_leaves(session, user.id, values["first_day"])
        facts = rules.SickLeaveFacts(
            first_day=values["first_day"], situation=values["situation"],
            expected_return=values["expected_return"], wants_contact=values["wants_contact"],
            earlier_leaves_last_12_months=earlier, partial_hours=values["partial_hours"])
        triage = rules.triage_sick_leave(facts, threshold_weeks())
        advisor_case = None
        if triage.track == "advisor":
            advisor_case = open_advisor_case(session, tracker, user, triage.reasons, language)
        sick_store.report(session, user.id, values, triage, advisor_case.id if advisor_case else None)
        return triage, advisor_case.reference if advisor_case else None


class ActionSickLeaveCancel(Action):
    def name(self) -> Text:
        return "action_sick_leave_cancel"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_sick_leave_cancelled")
        return clear_all()


class ActionSickChangePrefill(Action):
    """Before a change (new return day, hours, back at work): finds the open case and reads what the
    message already says ("jeg er rask fra i dag", "forlænget til 15. december")."""

    def name(self) -> Text:
        return "action_sick_change_prefill"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        existing = await load_open_case(tracker)
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


class ChangesOpenCase(ReadsRawAnswers):
    """One form per kind of change; each asks for its one value when there is an open case, then
    shows the change as it will be stored and waits for a yes."""

    value_slot = ""

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        return domain_slots if tracker.get_slot("sick_case_id") else []

    def read_answer(self, requested: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[str, Any]:
        if requested != "sick_change_confirmed":
            return super().read_answer(requested, dispatcher, tracker)
        text = latest_text(tracker)
        # "nej, tre dage senere": the right value replaces the one shown, which is shown again.
        instead = value_after_no(text)
        answer = None if instead else read_yes_no(text)
        intent = latest_intent(tracker)
        if answer is None and not instead and intent in ("affirm", "deny"):
            answer = intent == "affirm"
        if answer is not None:
            return {"sick_change_confirmed": answer}
        return {self.value_slot: instead or text, "sick_change_confirmed": None}

    def validate_sick_change_confirmed(self, value, dispatcher, tracker, domain):
        if value is None and tracker.get_slot(self.value_slot) is None:
            return {"sick_change_confirmed": None}
        if value is None:
            return {"sick_change_confirmed": None}
        return {"sick_change_confirmed": value, "requested_slot": None} if value is False \
            else {"sick_change_confirmed": True}

    def case_first_day(self, tracker: Tracker) -> date:
        return date.fromisoformat(tracker.get_slot("sick_case_first_day"))


class ValidateSickUpdateForm(ChangesOpenCase, FormValidationAction):
    value_slot = "sick_new_return"

    def name(self) -> Text:
        return "validate_sick_update_form"

    def validate_sick_new_return(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"sick_new_return": None}
        current = iso_or_none(tracker.get_slot("sick_case_return"))
        return validate_return("sick_new_return", str(value), self.case_first_day(tracker), current,
                               dispatcher, tracker)


class ValidateSickHoursForm(ChangesOpenCase, FormValidationAction):
    value_slot = "sick_new_hours"

    def name(self) -> Text:
        return "validate_sick_hours_form"

    def validate_sick_new_hours(self, value, dispatcher, tracker, domain):
        return validate_hours("sick_new_hours", value, dispatcher)


class ValidateSickReturnForm(ChangesOpenCase, FormValidationAction):
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


def no_open_case(dispatcher: CollectingDispatcher) -> List[EventType]:
    dispatcher.utter_message(response="utter_sick_leave_none_open")
    return clear_all()


class ActionSickApplyUpdate(Action):
    """A new expected return day, triaged again: crossing the threshold brings in a person."""

    def name(self) -> Text:
        return "action_sick_apply_update"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        if not tracker.get_slot("sick_case_id"):
            return no_open_case(dispatcher)
        new_return = tracker.get_slot("sick_new_return")
        if not new_return or tracker.get_slot("sick_change_confirmed") is not True:
            dispatcher.utter_message(response="utter_sick_leave_nothing_changed")
            return clear_all()
        language = language_of(tracker)
        try:
            outcome = await in_citizen_db(tracker, self.apply, tracker, iso_or_none(new_return), language)
        except Exception:
            dispatcher.utter_message(response="utter_sick_leave_save_failed")
            return []
        case, triage, moved_to_advisor, reference = outcome
        dispatcher.utter_message(response="utter_sick_leave_return_changed",
                                 expected_return=return_label(iso_or_none(new_return), language))
        if moved_to_advisor:
            dispatcher.utter_message(response="utter_sick_leave_to_advisor", reference=reference,
                                     reasons=rules.describe_reasons(triage.reasons, language, threshold_weeks()))
        if case["situation"] == "employed" and triage.fast_track_possible:
            dispatcher.utter_message(response="utter_sick_leave_fast_track")
        return clear_all()

    @staticmethod
    def apply(session, user, tracker, new_return, language):
        case = sick_store.require_open_case(session, user.id)
        sick_store.change(case, expected_return=new_return)
        triage = rules.triage_sick_leave(sick_store.facts_of(case, sick_store.earlier_leaves(
            session, user.id, case.first_day)), threshold_weeks())
        moved, reference = False, None
        if triage.track == "advisor" and case.track == "self_service":
            advisor_case = open_advisor_case(session, tracker, user, triage.reasons, language)
            sick_store.change(case, track="advisor", reasons=list(triage.reasons), handoff_case_id=advisor_case.id)
            moved, reference = True, advisor_case.reference
        return sick_store.case_to_json(case), triage, moved, reference


class ActionSickApplyHours(Action):
    """Hours back at work while still partly sick."""

    def name(self) -> Text:
        return "action_sick_apply_hours"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        if not tracker.get_slot("sick_case_id"):
            return no_open_case(dispatcher)
        hours = tracker.get_slot("sick_new_hours")
        if hours is None or tracker.get_slot("sick_change_confirmed") is not True:
            dispatcher.utter_message(response="utter_sick_leave_nothing_changed")
            return clear_all()
        try:
            await in_citizen_db(tracker, lambda session, user: sick_store.change(
                sick_store.require_open_case(session, user.id), partial_hours=float(hours)))
        except Exception:
            dispatcher.utter_message(response="utter_sick_leave_save_failed")
            return []
        dispatcher.utter_message(response="utter_sick_leave_hours_saved", hours=f"{float(hours):g}")
        return clear_all()


class ActionSickClose(Action):
    """Back at work (raskmelding): closes the case and confirms it."""

    def name(self) -> Text:
        return "action_sick_close"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        if not tracker.get_slot("sick_case_id"):
            return no_open_case(dispatcher)
        returned_on = iso_or_none(tracker.get_slot("sick_returned_on"))
        if returned_on is None or tracker.get_slot("sick_change_confirmed") is not True:
            dispatcher.utter_message(response="utter_sick_leave_nothing_changed")
            return clear_all()
        try:
            case = await in_citizen_db(tracker, lambda session, user: sick_store.case_to_json(sick_store.change(
                sick_store.require_open_case(session, user.id), status="closed", returned_on=returned_on)))
        except Exception:
            dispatcher.utter_message(response="utter_sick_leave_save_failed")
            return []
        language = language_of(tracker)
        dispatcher.utter_message(response="utter_sick_leave_closed", returned_on=format_date(returned_on, language),
                                 first_day=format_date(date.fromisoformat(case["first_day"]), language))
        if case["situation"] == "unemployed":
            dispatcher.utter_message(response="utter_sick_leave_closed_unemployed")
        elif case["situation"] == "employed":
            dispatcher.utter_message(response="utter_sick_leave_closed_employed")
        return clear_all() + [SlotSet("sick_checked_in_on", None)]


class ActionSickLeaveShow(Action):
    """ "Hvad har jeg meldt?": the open case, or the latest closed one."""

    def name(self) -> Text:
        return "action_sick_leave_show"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        language = language_of(tracker)
        try:
            cases = await in_citizen_db(tracker, lambda session, user: [
                sick_store.case_to_json(case) for case in sick_store.cases_of(session, user.id)])
        except journal_store.JournalError:
            dispatcher.utter_message(response="utter_sick_leave_citizens_only")
            return []
        except Exception:
            dispatcher.utter_message(response="utter_sick_leave_load_failed")
            return []
        current = next((case for case in cases if case["status"] == "open"), None)
        if current is None and not cases:
            dispatcher.utter_message(response="utter_sick_leave_nothing_reported")
            return []
        if current is None:
            latest = cases[0]
            dispatcher.utter_message(
                response="utter_sick_leave_show_closed", **case_facts(latest, language),
                returned_on=format_date(date.fromisoformat(latest["returned_on"]), language)
                if latest["returned_on"] else "–")
            return []
        track = "utter_sick_leave_track_self_service" if current["track"] == "self_service" \
            else "utter_sick_leave_track_advisor"
        dispatcher.utter_message(response="utter_sick_leave_show_open", **case_facts(current, language))
        dispatcher.utter_message(response=track)
        return []


class ActionSessionStart(Action):
    """Starts each visit as Rasa does (keeping the slots), then, when a self-service sick leave's
    expected return day has come, first asks whether the citizen is back at work."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        kept = [SlotSet(name, value) for name, value in tracker.slots.items()
                if value is not None and name not in ("requested_slot", "health_notice_shown")]
        events: List[EventType] = [SessionStarted(), *kept]
        on_day = today()
        role, _ = user_of(tracker.sender_id)
        if role == "citizen" and tracker.get_slot("sick_checked_in_on") != on_day.isoformat():
            try:
                case = await load_open_case(tracker)
            except Exception:
                # A visit must start even when the database is away; the check-in can wait.
                case = None
            expected = iso_or_none(case["expected_return"]) if case else None
            if case and rules.check_in_due(case["track"], case["status"], expected, on_day):
                dispatcher.utter_message(response="utter_sick_leave_check_in",
                                         expected_return=format_date(expected, language_of(tracker)))
                events.append(SlotSet("sick_checked_in_on", on_day.isoformat()))
        return events + [ActionExecuted("action_listen")]
