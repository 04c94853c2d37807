"""A status told in words ("jeg fik jobbet hos Bilka"): the entry it is about is found and the change
proposed, and made only after a yes."""
from __future__ import annotations

import logging
from datetime import date
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import language_of, latest_text, read_for_citizen
from actions.journal.draft import entry_line, recent_entries
from actions.storage import in_citizen_db
from bot.rules import journal as rules
from bot.store import journal as journal_store
from bot.store.users import NotACitizen

logger = logging.getLogger(__name__)

# How many of the newest entries the entry a status is about is looked for in.
STATUS_ENTRY_WINDOW = 50


class ActionJournalProposeStatus(Action):
    """ "jeg fik jobbet hos Bilka": finds the entry and asks before changing its status."""

    def name(self) -> Text:
        return "action_journal_propose_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        status, employer_hint = rules.parse_status_update(latest_text(tracker))
        entries = await read_for_citizen(dispatcher, tracker, recent_entries, STATUS_ENTRY_WINDOW,
                                         not_a_citizen="utter_journal_citizens_only",
                                         failed="utter_journal_load_failed")
        if entries is None:
            return []
        if status is None:
            dispatcher.utter_message(response="utter_journal_status_unclear")
            return [SlotSet("journal_pending_status", None)]
        for entry in entries:
            entry["applied_on"] = date.fromisoformat(entry["applied_on"])
        entry = rules.best_matching_entry(entries, employer_hint)
        language = language_of(tracker)
        if entry is None:
            dispatcher.utter_message(response="utter_journal_status_no_match",
                                     employer=employer_hint or "")
            return [SlotSet("journal_pending_status", None)]
        dispatcher.utter_message(response="utter_journal_status_confirm", entry=entry_line(entry, language),
                                 status=rules.status_label(status, language))
        return [SlotSet("journal_pending_status", {"id": entry["id"], "status": status})]


class ActionJournalApplyStatus(Action):
    def name(self) -> Text:
        return "action_journal_apply_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        pending = tracker.get_slot("journal_pending_status")
        if not pending:
            dispatcher.utter_message(response="utter_journal_nothing_changed")
            return []
        try:
            await in_citizen_db(tracker.sender_id, lambda session, citizen: journal_store.update_entry(
                session, citizen.id, int(pending["id"]), {"status": pending["status"]}))
        except (NotACitizen, journal_store.JournalError):
            logger.info("the journal entry whose status was to change is gone for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_journal_entry_gone")
            return [SlotSet("journal_pending_status", None)]
        except SQLAlchemyError:
            logger.exception("changing a journal entry's status failed for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_journal_status_update_failed")
            return []
        dispatcher.utter_message(response="utter_journal_status_updated",
                                 status=rules.status_label(pending["status"], language_of(tracker)))
        if pending["status"] == "hired":
            dispatcher.utter_message(response="utter_journal_congratulations")
        return [SlotSet("journal_pending_status", None)]
