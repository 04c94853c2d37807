"""Saving the confirmed activity (or the corrected entry) and saying how the week looks; or
cancelling it."""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import language_of, role_of
from actions.journal.draft import clear_draft, clear_pick, draft_values, entry_line
from actions.storage import in_citizen_db, today
from bot.rules import journal as rules
from bot.store import journal as journal_store
from bot.store import profile as profile_store
from bot.store.users import NotACitizen

logger = logging.getLogger(__name__)


class ActionJournalSave(Action):
    """Saves the confirmed activity (or the edited entry), then says how the week looks."""

    def name(self) -> Text:
        return "action_journal_save"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        if role_of(tracker) != "citizen":
            dispatcher.utter_message(response="utter_journal_citizens_only")
            return clear_draft()
        if tracker.get_slot("journal_confirmed") is not True:
            dispatcher.utter_message(response="utter_journal_not_saved")
            return clear_draft()
        values = draft_values(tracker)
        editing_id = tracker.get_slot("journal_editing_id")
        try:
            this_week, target, channels = await in_citizen_db(
                tracker.sender_id, self.save, values, int(editing_id) if editing_id else None, today())
        except journal_store.JournalError:
            logger.info("the journal entry being corrected is gone for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_journal_entry_gone")
            return clear_draft()
        except (NotACitizen, SQLAlchemyError):
            # Keep the draft: the user can say "log" again and find everything still filled in.
            logger.exception("saving to the journal failed for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_journal_save_failed")
            return [SlotSet("journal_confirmed", None), SlotSet("journal_duplicate_warned", None)]
        language = language_of(tracker)
        dispatcher.utter_message(response="utter_journal_updated" if editing_id else "utter_journal_saved",
                                 entry=entry_line(values, language))
        tell_the_week(dispatcher, this_week, target, language)
        events = clear_draft()
        tip = None if (editing_id or tracker.get_slot("journal_tip_shown")) else rules.pick_tip(channels)
        if tip:
            dispatcher.utter_message(response=f"utter_journal_tip_{tip}")
            events.append(SlotSet("journal_tip_shown", True))
        dispatcher.utter_message(response="utter_journal_next")
        return events

    @staticmethod
    def save(session, citizen, values, editing_id, on_day):
        if editing_id:
            journal_store.update_entry(session, citizen.id, editing_id, values)
        else:
            journal_store.add_entry(session, citizen.id, values)
        monday = on_day - timedelta(days=on_day.weekday())
        this_week = len([d for d in journal_store.entry_dates_since(session, citizen.id, monday) if d <= on_day])
        profile = profile_store.get_profile(session, citizen.id)
        channels = journal_store.channels_since(session, citizen.id, on_day - timedelta(days=28))
        return this_week, profile.weekly_target if profile else None, channels


def tell_the_week(dispatcher: CollectingDispatcher, this_week: int, target, language: str) -> None:
    activities = rules.activities_phrase(this_week, language)
    if target:
        dispatcher.utter_message(response="utter_journal_week_with_target", activities=activities, target=target)
    else:
        dispatcher.utter_message(response="utter_journal_week", activities=activities)


class ActionJournalCancel(Action):
    def name(self) -> Text:
        return "action_journal_cancel"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_journal_cancelled")
        return clear_draft() + clear_pick()
