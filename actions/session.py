"""How each visit starts: as Rasa starts it (keeping the slots), and, when a self-service sick leave's
expected return day has come, with the question whether the citizen is back at work."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import language_of, role_of
from actions.sick_leave.case import iso_or_none, load_open_case
from actions.storage import today
from bot.rules import sick_leave as sick_rules
from bot.rules.dates import format_date

logger = logging.getLogger(__name__)

# Slots a new visit starts without: a form's question.
NOT_KEPT_SLOTS = ("requested_slot",)


class ActionSessionStart(Action):
    """Starts each visit as Rasa does (keeping the slots), then, when a self-service sick leave's
    expected return day has come, first asks whether the citizen is back at work."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        kept = [SlotSet(name, value) for name, value in tracker.slots.items()
                if value is not None and name not in NOT_KEPT_SLOTS]
        events: List[EventType] = [SessionStarted(), *kept]
        on_day = today()
        if role_of(tracker) == "citizen" and tracker.get_slot("sick_checked_in_on") != on_day.isoformat():
            try:
                case = await load_open_case(tracker)
            except SQLAlchemyError:
                # A visit must start even when the database is away; the check-in can wait.
                logger.exception("reading the open sick leave at the start of a visit failed for %s",
                                 tracker.sender_id)
                case = None
            expected = iso_or_none(case["expected_return"]) if case else None
            if case and sick_rules.check_in_due(case["track"], case["status"], expected, on_day):
                dispatcher.utter_message(response="utter_sick_leave_check_in",
                                         expected_return=format_date(expected, language_of(tracker)))
                events.append(SlotSet("sick_checked_in_on", on_day.isoformat()))
        return events + [ActionExecuted("action_listen")]
