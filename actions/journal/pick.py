"""Choosing a journal entry to change or delete: from a numbered list, or named in the message
("slet den med DSV"); then the entry shown with what can be done with it, loaded into the form to
correct, or deleted after a yes."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import language_of, latest_text, said_since_latest_message
from actions.forms import ReadingFormValidation, times_said_in_this_form
from actions.journal.draft import SLOT_OF_FIELD, clear_draft, clear_pick, entry_line, recent_entries
from actions.journal.entry_reference import entries_named, entry_in_message, read_pick_request
from actions.journal.form import ValidateJournalForm
from actions.storage import in_citizen_db
from bot.rules.reading import read_yes_no
from bot.store import journal as journal_store
from bot.store.users import NotACitizen

logger = logging.getLogger(__name__)

PICK_LIST_LENGTH = 8
# Answers that name no entry before the choice gives up and changes nothing.
MAX_UNCLEAR_PICKS = 2
# How far back an entry named in "slet den med DSV" is looked for.
NAMED_ENTRY_WINDOW = 50


def pick_path(request: Optional[Dict[str, Any]]) -> Optional[str]:
    """Where a chosen entry goes: 'delete' (the delete question), 'edit' (the summary with the new
    value), or None (the entry with its buttons)."""
    request = request or {}
    if request.get("action") == "delete":
        return "delete"
    if request.get("action") == "edit" and request.get("field") in SLOT_OF_FIELD and request.get("value"):
        return "edit"
    return None


async def entries_to_pick_from(tracker: Tracker, limit: int) -> List[Dict[str, Any]]:
    """The citizen's newest entries, none without a citizen behind the conversation; raises
    SQLAlchemyError when the journal cannot be read."""
    try:
        return await in_citizen_db(tracker.sender_id, recent_entries, limit)
    except NotACitizen:
        logger.info("no citizen behind %s: no entries to pick from", tracker.sender_id)
        return []


def tell_journal_unreadable(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Called while handling a failed read of the journal: logged, and the user told."""
    logger.exception("reading the journal to pick from failed for %s", tracker.sender_id)
    dispatcher.utter_message(response="utter_journal_load_failed")


async def picked_entry(dispatcher: CollectingDispatcher, tracker: Tracker, picked: str) -> Optional[Dict[str, Any]]:
    """The chosen entry, or None once the user has been told it is gone or could not be read."""
    try:
        return await in_citizen_db(tracker.sender_id, lambda session, citizen: journal_store.entry_to_json(
            journal_store.get_entry(session, citizen.id, int(picked))))
    except (NotACitizen, journal_store.JournalError):
        logger.info("the chosen journal entry is gone for %s", tracker.sender_id)
        dispatcher.utter_message(response="utter_journal_entry_gone")
    except SQLAlchemyError:
        tell_journal_unreadable(dispatcher, tracker)
    return None


class ActionAskJournalPick(Action):
    """The numbered list of recent entries to choose from, as buttons too."""

    def name(self) -> Text:
        return "action_ask_journal_pick"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        language = language_of(tracker)
        try:
            entries = await entries_to_pick_from(tracker, PICK_LIST_LENGTH)
        except SQLAlchemyError:
            tell_journal_unreadable(dispatcher, tracker)
            return [SlotSet("journal_pick_choices", [])]
        lines = "\n".join(f"{number}. {entry_line(entry, language)}" for number, entry in enumerate(entries, 1))
        buttons = [{"title": f"{number}. {entry['job_title'][:40]} – {entry['employer'][:30]}",
                    "payload": str(number)} for number, entry in enumerate(entries, 1)]
        dispatcher.utter_message(response="utter_ask_journal_pick", lines=lines, buttons=buttons)
        return [SlotSet("journal_pick_choices", [entry["id"] for entry in entries])]


class ValidateJournalPickForm(ReadingFormValidation):
    def name(self) -> Text:
        return "validate_journal_pick_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        try:
            has_entries = bool(await entries_to_pick_from(tracker, 1))
        except SQLAlchemyError:
            # The form goes on: reading the answer, or the entry chosen, tells the user if it still fails.
            logger.exception("checking for entries to pick from failed for %s", tracker.sender_id)
            has_entries = True
        return domain_slots if has_entries else []

    async def read_opening(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[Dict[str, Any]]:
        """ "slet den med DSV", "ret datoen på den med Vestas til 25/11": the entry, when the message
        points at exactly one, so the list is not asked; and what is wanted with it."""
        if tracker.get_slot("journal_pick"):
            return None
        text = latest_text(tracker)
        try:
            entries = await entries_to_pick_from(tracker, NAMED_ENTRY_WINDOW)
        except SQLAlchemyError:
            tell_journal_unreadable(dispatcher, tracker)
            return {"journal_pick_request": None, "requested_slot": None}
        chosen = entry_in_message(text, entries)
        request = read_pick_request(text, [chosen] if chosen else entries_named(text, entries))
        slots: Dict[str, Any] = {"journal_pick_request": request}
        if chosen:
            slots["journal_pick"] = str(chosen["id"])
        if not entries:
            slots["requested_slot"] = None
        return slots

    async def validate_journal_pick(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"journal_pick": None}
        choices = tracker.get_slot("journal_pick_choices") or []
        digits = "".join(ch for ch in str(value) if ch.isdigit())
        if digits and 1 <= int(digits) <= len(choices):
            return {"journal_pick": str(choices[int(digits) - 1])}
        try:
            entries = await entries_to_pick_from(tracker, PICK_LIST_LENGTH)
        except SQLAlchemyError:
            tell_journal_unreadable(dispatcher, tracker)
            return {"journal_pick": None, "requested_slot": None}
        matches = entries_named(str(value), entries)
        if len(matches) == 1:
            return {"journal_pick": str(matches[0]["id"])}
        if read_yes_no(str(value)) is False or \
                times_said_in_this_form(tracker, "utter_journal_pick_unclear") >= MAX_UNCLEAR_PICKS:
            # "nej", or a third answer that names no entry: stop asking and change nothing.
            dispatcher.utter_message(response="utter_journal_nothing_changed")
            return {"journal_pick": None, "requested_slot": None}
        dispatcher.utter_message(response="utter_journal_pick_unclear", count=len(choices))
        return {"journal_pick": None}


class ActionJournalShowPicked(Action):
    """The chosen entry with what can be done with it; or, when the opening message already said (see
    pick_path), on to the delete question or the changed summary through `journal_pick_next`, which
    the rules follow."""

    def name(self) -> Text:
        return "action_journal_show_picked"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        picked = tracker.get_slot("journal_pick")
        if not picked:
            # No list to choose from: an empty journal, unless it could not be read (and the user was told).
            if not tracker.get_slot("journal_pick_choices") and \
                    not said_since_latest_message(tracker, "utter_journal_load_failed"):
                dispatcher.utter_message(response="utter_journal_empty")
            return clear_pick()
        entry = await picked_entry(dispatcher, tracker, picked)
        if entry is None:
            return clear_pick()
        path = pick_path(tracker.get_slot("journal_pick_request"))
        events = [SlotSet("journal_picked_id", picked), SlotSet("journal_pick", None),
                  SlotSet("journal_pick_next", path)]
        if path != "edit":
            events.append(SlotSet("journal_pick_request", None))
        if path is None:
            dispatcher.utter_message(response="utter_journal_picked", entry=entry_line(entry, language_of(tracker)))
        return events


class ActionJournalLoadPicked(Action):
    """Puts the chosen entry into the form so it can be corrected field by field; a change the opening
    message asked for ("ret datoen ... til 25/11") is made at once, through the field's validation,
    and the form shows the summary to confirm."""

    def name(self) -> Text:
        return "action_journal_load_picked"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        done = [SlotSet("journal_pick_request", None), SlotSet("journal_pick_next", None)]
        entry = await picked_entry(dispatcher, tracker, tracker.get_slot("journal_picked_id"))
        if entry is None:
            return clear_draft() + done
        events = [SlotSet(SLOT_OF_FIELD[name], entry[name]) for name in SLOT_OF_FIELD] + [
            SlotSet("journal_editing_id", str(entry["id"])), SlotSet("journal_confirmed", None),
            SlotSet("journal_duplicate_warned", None)]
        request = tracker.get_slot("journal_pick_request")
        if pick_path(request) == "edit":
            slot = SLOT_OF_FIELD[request["field"]]
            value = ValidateJournalForm().validated(slot, request["value"], dispatcher, tracker)
            events.append(SlotSet(slot, value))
        return events + done


class ActionJournalAskDelete(Action):
    def name(self) -> Text:
        return "action_journal_ask_delete"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        entry = await picked_entry(dispatcher, tracker, tracker.get_slot("journal_picked_id"))
        if entry is None:
            return [SlotSet("journal_picked_id", None), SlotSet("journal_pick_next", None)]
        dispatcher.utter_message(response="utter_journal_confirm_delete",
                                 entry=entry_line(entry, language_of(tracker)))
        return [SlotSet("journal_pick_next", None)]


class ActionJournalDelete(Action):
    def name(self) -> Text:
        return "action_journal_delete"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        picked = tracker.get_slot("journal_picked_id")
        if not picked:
            dispatcher.utter_message(response="utter_journal_nothing_changed")
            return []
        try:
            await in_citizen_db(tracker.sender_id, lambda session, citizen: journal_store.delete_entry(
                session, citizen.id, int(picked)))
        except (NotACitizen, journal_store.JournalError):
            logger.info("the journal entry to delete is gone for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_journal_entry_gone")
            return [SlotSet("journal_picked_id", None)]
        except SQLAlchemyError:
            logger.exception("deleting a journal entry failed for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_journal_delete_failed")
            return []
        dispatcher.utter_message(response="utter_journal_deleted")
        return [SlotSet("journal_picked_id", None)]
