""" "Hvad har jeg meldt?": the open sick leave with the track it is on, or the latest closed one."""
from __future__ import annotations

import logging
from datetime import date
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of, read_for_citizen
from actions.sick_leave.case import case_facts
from bot.rules.dates import format_date
from bot.store import sick_leave as sick_store

logger = logging.getLogger(__name__)


def cases_of(session, citizen) -> List[Dict[str, Any]]:
    return [sick_store.case_to_json(case) for case in sick_store.cases_of(session, citizen.id)]


class ActionSickLeaveShow(Action):
    """ "Hvad har jeg meldt?": the open case, or the latest closed one."""

    def name(self) -> Text:
        return "action_sick_leave_show"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        language = language_of(tracker)
        cases = await read_for_citizen(dispatcher, tracker, cases_of, not_a_citizen="utter_sick_leave_citizens_only",
                                       failed="utter_sick_leave_load_failed")
        if cases is None:
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
