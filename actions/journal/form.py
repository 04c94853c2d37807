"""Logging an activity, or correcting one: the opening message read for whatever it already says, each
answer read for its field and any other details it gives, and a summary to confirm or correct."""
from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import entity_value, language_of, latest_intent, role_of, text_to_read
from actions.forms import AskToConfirmDraft, ReadingFormValidation, read_code, yes_no_or_save
from actions.journal.draft import NAME_SLOTS, SLOT_OF_FIELD, draft_values, entry_line, parsed_to_slots
from actions.storage import in_citizen_db, today
from bot.rules import journal as rules
from bot.rules.dates import format_date
from bot.rules.reading import read_correction, read_yes_no
from bot.store import journal as journal_store
from bot.store.users import NotACitizen
from bot.text import clean_text_value, squash_danish, tidy_name, trim

logger = logging.getLogger(__name__)

# The summary says 'Tryk "Gem"': typed, its button's word is a yes ("gem", "ja, gem den", "save it").
SAVE_ANSWER = re.compile(r"^\W*(?:(?:ja|yes|ok|okay)(?:\s+tak)?\W+)?(?:gem|save)(?:\s+(?:den|det|it))?"
                         r"(?:\W+(?:tak|please))?\W*$", re.IGNORECASE)


def field_of_value(text: str, value: str, on_day: date) -> Optional[str]:
    """The one field a correction's value can belong to when no field is named: "i går" the date,
    "via jobnet" the channel, "afslag" the status, "hos Netto" the employer. None when it could be
    more than one ("Bilka": employer or job; "samtale": channel or status) or mixes several."""
    read = rules.parse_activity(value, on_day)
    if read.applied_on and not rules.is_just_a_date(value, on_day):
        return None
    fields = {name for name in ("applied_on", "channel", "status") if getattr(read, name)}
    if rules.parse_channel(value):
        fields.add("channel")
    marked = rules.parse_activity(text, on_day)
    fields |= {name for name in ("employer", "job_title", "place")
               if getattr(marked, name) and squash_danish(getattr(marked, name)) == squash_danish(value)}
    return fields.pop() if len(fields) == 1 else None


def name_in_answer(requested: str, text: str) -> str:
    """The employer or job in an answer, without the words around it: "Netto, det skrev jeg" and "nej,
    det skal være Netto" → "Netto". A bare no ("det er forkert") gives "", which the validation
    refuses with the reason."""
    correction = read_correction(text, rules.FIELD_WORDS)
    if correction.value and SLOT_OF_FIELD.get(correction.field or "", requested) == requested:
        return correction.value
    if read_yes_no(text) is False:
        return ""
    return rules.leading_value(text, today()) or text


def reopened(field: str) -> Dict[str, Any]:
    """The field emptied so the form asks for it again."""
    return {SLOT_OF_FIELD[field]: None, "journal_confirmed": None, "journal_duplicate_warned": None}


def corrected(dispatcher: CollectingDispatcher, field: str, value: Optional[str]) -> Dict[str, Any]:
    """The field replaced by the value given (the field's validation checks it), or reopened when no
    value is given ("ret arbejdsgiver")."""
    if value is not None:
        return {SLOT_OF_FIELD[field]: value, "journal_confirmed": None, "journal_duplicate_warned": None}
    if field in rules.FIELDS:
        return reopened(field)
    # "ret sted": place and note are not asked for one by one; the summary says how to write them.
    dispatcher.utter_message(response="utter_journal_what_to_correct")
    return {"journal_confirmed": None}


def details_or_unclear(dispatcher: CollectingDispatcher, text: str) -> Dict[str, Any]:
    """ "i går via jobnet", "note: ringer igen": details written without a field word. A name is taken
    only from a correction, so no word of a sentence becomes the employer by accident."""
    updates = {slot: value for slot, value in parsed_to_slots(rules.parse_activity(text, today())).items()
               if slot not in NAME_SLOTS}
    if updates:
        return {**updates, "journal_confirmed": None, "journal_duplicate_warned": None}
    dispatcher.utter_message(response="utter_journal_confirm_unclear")
    return {"journal_confirmed": None}


class ActionJournalPrefill(Action):
    """Reads whatever the opening message already says, so the form asks only for the rest."""

    def name(self) -> Text:
        return "action_journal_prefill"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        parsed = rules.parse_activity(text_to_read(tracker), today())
        events = [SlotSet(name, value) for name, value in parsed_to_slots(parsed).items()]
        # A draft left by an interruption (asking for a person) is kept; a finished one is not here.
        return events + [SlotSet("journal_confirmed", None), SlotSet("journal_duplicate_warned", None)]


class ValidateJournalForm(ReadingFormValidation):
    def name(self) -> Text:
        return "validate_journal_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: Dict[Text, Any]) -> List[Text]:
        return domain_slots if role_of(tracker) == "citizen" else []

    async def read_answer(self, requested: str, text: str, dispatcher: CollectingDispatcher,
                          tracker: Tracker) -> Dict[str, Any]:
        if requested == "journal_confirmed":
            return await self.read_confirmation(dispatcher, tracker, text)
        return self.read_field(requested, text)

    @staticmethod
    def read_field(requested: str, text: str) -> Dict[str, Any]:
        """An answer to a field's question, and any other details it gives ("i går via jobnet")."""
        updates = parsed_to_slots(rules.parse_activity(text, today()))
        if requested in updates:
            return updates
        if requested not in NAME_SLOTS:
            # Raw text: the slot's validation says what is wrong with it and asks again.
            return {**updates, requested: text}
        name = name_in_answer(requested, text)
        if not any(squash_danish(updates[slot]) == squash_danish(name) for slot in NAME_SLOTS if slot in updates):
            # "hos Netto" answering the job question is the employer, not the job too.
            updates[requested] = name
        return updates

    async def read_confirmation(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                text: str) -> Dict[str, Any]:
        intent = latest_intent(tracker)
        pressed = entity_value(tracker, "journal_field")
        if intent == "journal_correct" and pressed in SLOT_OF_FIELD:
            return reopened(pressed)
        correction = read_correction(text, rules.FIELD_WORDS)
        field = correction.field or (field_of_value(text, correction.value, today()) if correction.value else None)
        if field:
            return corrected(dispatcher, field, correction.value)
        answer = yes_no_or_save(text, intent, SAVE_ANSWER)
        if answer is False and tracker.get_slot("journal_duplicate_warned"):
            return {"journal_confirmed": False}
        if answer is False or correction.value:
            # "det skal være Bilka": the employer or the job? Nothing is changed, or saved, on a guess.
            dispatcher.utter_message(response="utter_journal_what_to_correct")
            return {"journal_confirmed": None}
        if answer is True:
            return await self.confirmed(dispatcher, tracker)
        return details_or_unclear(dispatcher, text)

    async def confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[str, Any]:
        """A yes: saved, unless the very same activity is already in the journal (asked first)."""
        if tracker.get_slot("journal_duplicate_warned") or tracker.get_slot("journal_editing_id"):
            return {"journal_confirmed": True}
        try:
            duplicate = await in_citizen_db(tracker.sender_id, self.has_duplicate, draft_values(tracker))
        except NotACitizen:
            # No journal, so nothing to repeat; the save says why it cannot keep one.
            logger.info("no citizen behind %s to check for a duplicate", tracker.sender_id)
            duplicate = False
        except SQLAlchemyError:
            # Not saved on a guess that it is new: the summary is shown again, to save when it works.
            logger.exception("the journal's duplicate check failed for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_journal_duplicate_check_failed")
            return {"journal_confirmed": None}
        return {"journal_duplicate_warned": True} if duplicate else {"journal_confirmed": True}

    @staticmethod
    def has_duplicate(session, citizen, values) -> bool:
        existing = [journal_store.entry_to_json(entry) for entry in journal_store.entries_of(session, citizen.id)]
        candidate = dict(values, applied_on=values["applied_on"].isoformat())
        return rules.is_duplicate(candidate, existing)

    def validated(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> Any:
        """`value` through the slot's own validation: None, with the reason said, when it is wrong."""
        return getattr(self, f"validate_{slot}")(value, dispatcher, tracker, {})[slot]

    def validate_journal_employer(self, value, dispatcher, tracker, domain):
        return self._validate_name("journal_employer", value, rules.MAX_EMPLOYER_CHARS, dispatcher,
                                   "utter_journal_employer_invalid", "utter_journal_employer_trimmed")

    def validate_journal_job_title(self, value, dispatcher, tracker, domain):
        return self._validate_name("journal_job_title", value, rules.MAX_JOB_TITLE_CHARS, dispatcher,
                                   "utter_journal_title_invalid", "utter_journal_title_trimmed")

    def validate_journal_place(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"journal_place": None}
        cleaned, _ = trim(clean_text_value(value), rules.MAX_PLACE_CHARS)
        return {"journal_place": cleaned or None}

    def validate_journal_note(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"journal_note": None}
        cleaned, cut = trim(clean_text_value(value), rules.MAX_NOTE_CHARS)
        if cut:
            dispatcher.utter_message(response="utter_journal_note_trimmed", limit=rules.MAX_NOTE_CHARS)
        return {"journal_note": cleaned or None}

    @staticmethod
    def _validate_name(slot, value, limit, dispatcher, invalid_response, trimmed_response):
        if value is None:
            return {slot: None}
        cleaned = clean_text_value(str(value))
        if rules.employer_problem(cleaned, today()):
            dispatcher.utter_message(response=invalid_response)
            return {slot: None}
        cleaned, cut = trim(cleaned, limit)
        if cut:
            dispatcher.utter_message(response=trimmed_response, limit=limit)
        if slot == "journal_employer":
            cleaned = tidy_name(cleaned)
        return {slot: cleaned}

    def validate_journal_applied_on(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"journal_applied_on": None}
        try:
            parsed = date.fromisoformat(str(value))
        except ValueError:
            parsed = rules.parse_applied_on(str(value), today())
        if parsed is None:
            dispatcher.utter_message(response="utter_journal_date_unclear")
            return {"journal_applied_on": None}
        problem = rules.activity_date_problem(parsed, today())
        if problem == "future":
            dispatcher.utter_message(response="utter_journal_date_future",
                                     date=format_date(parsed, language_of(tracker)))
            return {"journal_applied_on": None}
        if problem == "too_old":
            dispatcher.utter_message(response="utter_journal_date_too_old",
                                     date=format_date(parsed, language_of(tracker)))
            return {"journal_applied_on": None}
        return {"journal_applied_on": parsed.isoformat()}

    def validate_journal_channel(self, value, dispatcher, tracker, domain):
        return {"journal_channel": read_code(value, rules.CHANNELS, rules.parse_channel, dispatcher,
                                             "utter_journal_channel_unclear")}

    def validate_journal_status(self, value, dispatcher, tracker, domain):
        return {"journal_status": read_code(value, rules.STATUSES, rules.parse_status, dispatcher,
                                            "utter_journal_status_unclear")}


class ActionAskJournalConfirmed(AskToConfirmDraft):
    """Shows the summary with a button per field, or the duplicate question."""

    duplicate_slot = "journal_duplicate_warned"

    def name(self) -> Text:
        return "action_ask_journal_confirmed"

    def draft(self, tracker: Tracker) -> Dict[str, Any]:
        return draft_values(tracker)

    def ask_about_duplicate(self, dispatcher, values, language):
        dispatcher.utter_message(response="utter_journal_duplicate", entry=entry_line(values, language))

    def show_summary(self, dispatcher, values, language):
        dispatcher.utter_message(
            response="utter_journal_summary", employer=values["employer"], job_title=values["job_title"],
            applied_on=format_date(values["applied_on"], language),
            channel=rules.channel_label(values["channel"], language),
            status=rules.status_label(values["status"], language), place=values["place"] or "–",
            note=values["note"] or "–")
