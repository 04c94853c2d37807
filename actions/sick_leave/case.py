"""What the sick-leave actions share: the slots, the citizen's open case, how a case reads in either
language, the advisor case a case that needs a person opens, the first step of a report or a change,
and the readers of the hours and the return day that both the report and the changes ask for."""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import in_language, language_of
from actions.handoff import summarize
from actions.storage import in_citizen_db, today, user_of
from bot.rules import sick_leave as rules
from bot.rules.dates import format_date
from bot.settings import load_settings
from bot.store import sick_leave as sick_store
from bot.store.handoff import open_case
from bot.store.users import NotACitizen

logger = logging.getLogger(__name__)

REPORT_SLOTS = ("sick_first_day", "sick_situation", "sick_employer", "sick_extent", "sick_partial_hours",
                "sick_expected_return", "sick_wants_contact", "sick_confirmed")
CHANGE_SLOTS = ("sick_new_return", "sick_new_hours", "sick_returned_on", "sick_change_confirmed")
CASE_SLOTS = ("sick_case_id", "sick_case_first_day", "sick_case_return")
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


def no_open_case(dispatcher: CollectingDispatcher) -> List[EventType]:
    dispatcher.utter_message(response="utter_sick_leave_none_open")
    return clear_all()


def situation_label(code: Optional[str], language: str) -> str:
    labels = {"employed": ("ansat", "employed"), "unemployed": ("ledig", "unemployed"),
              "self_employed": ("selvstændig", "self-employed"), "other": ("andet", "other")}
    return in_language(labels.get(code, ("–", "–")), language)


def extent_label(extent: Optional[str], hours: Optional[float], language: str) -> str:
    if extent == "partial":
        shown = f"{hours:g}" if hours is not None else "?"
        return in_language((f"delvis, arbejder {shown} timer om ugen", f"partly, working {shown} hours a week"),
                           language)
    if extent == "full":
        return in_language(("helt", "fully"), language)
    return "–"


def return_label(value: Optional[date], language: str) -> str:
    if value is None:
        return in_language(("ved ikke endnu", "not known yet"), language)
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


def open_advisor_case(session, tracker: Tracker, citizen, reasons, language: str) -> Any:
    role, external_id = user_of(tracker.sender_id)
    detail = rules.describe_reasons(reasons, "da", threshold_weeks())
    case, _created = open_case(
        session, role=role, external_id=external_id, name=citizen.display_name or "", language=language,
        reason_code="sick_leave", contact_wish="written", phone=None, summary=summarize(tracker),
        detail=detail)
    return case


async def load_open_case(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """The citizen's open case; None without one, or without a citizen behind the conversation.
    Raises SQLAlchemyError when it cannot be read."""
    try:
        return await in_citizen_db(tracker.sender_id, lambda session, citizen: _open_case_json(session, citizen.id))
    except NotACitizen:
        logger.info("no citizen behind %s: no sick leave to look up", tracker.sender_id)
        return None


def _open_case_json(session, user_id: int) -> Optional[Dict[str, Any]]:
    case = sick_store.open_case_of(session, user_id)
    return sick_store.case_to_json(case) if case else None


def case_unknown(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Called while handling a failed read of the open case: with no telling whether one is open,
    nothing is asked (a report or a change would go on a guess); the user is told to try again."""
    logger.exception("reading the open sick leave failed for %s", tracker.sender_id)
    dispatcher.utter_message(response="utter_sick_leave_load_failed")
    return [FollowupAction("action_listen")]


class OpenCasePrefill(Action, ABC):
    """The first step of a report or a change: the citizen's open case looked up, then what the
    message already says read. When the case cannot be read, nothing is asked (see case_unknown)."""

    @abstractmethod
    def name(self) -> Text:
        """action_sick_<journey>_prefill"""

    @abstractmethod
    def prefill(self, tracker: Tracker, existing: Optional[Dict[str, Any]]) -> List[EventType]:
        """The slots the journey starts with, knowing the open case (None without one)."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        try:
            existing = await load_open_case(tracker)
        except SQLAlchemyError:
            return case_unknown(dispatcher, tracker)
        return self.prefill(tracker, existing)


def case_slots(case: Optional[Dict[str, Any]]) -> List[EventType]:
    if case is None:
        return clear(CASE_SLOTS)
    return [SlotSet("sick_case_id", str(case["id"])), SlotSet("sick_case_first_day", case["first_day"]),
            SlotSet("sick_case_return", case["expected_return"] or UNKNOWN)]


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
