"""The job journal in chat: log an activity (asking only for what is missing), confirm or correct it,
list it, change or delete an entry, and update a status in words."""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import entity_value, language_of, latest_intent, latest_text, text_to_read
from actions.forms import interrupt_of, times_said_in_this_form
from actions.storage import database, today, user_of
from bot import journal as journal_store
from bot.rules import journal as rules
from bot.rules.dates import format_date
from bot.rules.reading import read_correction, read_yes_no
from bot.text import one_edit_apart, squash_danish

DRAFT_SLOTS = ("journal_employer", "journal_job_title", "journal_applied_on", "journal_channel",
               "journal_status", "journal_place", "journal_note")
CONTROL_SLOTS = ("journal_confirmed", "journal_duplicate_warned", "journal_editing_id")
SLOT_OF_FIELD = {name: f"journal_{name}" for name in rules.FIELDS + ("place", "note")}
NAME_SLOTS = ("journal_employer", "journal_job_title")
# The summary says 'Tryk "Gem"': typed, its button's word is a yes ("gem", "ja, gem den", "save it").
SAVE_ANSWER = re.compile(r"^\W*(?:(?:ja|yes|ok|okay)(?:\s+tak)?\W+)?(?:gem|save)(?:\s+(?:den|det|it))?"
                         r"(?:\W+(?:tak|please))?\W*$", re.IGNORECASE)
PICK_LIST_LENGTH = 8
# Answers that name no entry before the choice gives up and changes nothing.
MAX_UNCLEAR_PICKS = 2
# How far back an entry named in "slet den med DSV" is looked for.
NAMED_ENTRY_WINDOW = 50


def parsed_to_slots(parsed: rules.ParsedActivity) -> Dict[str, Any]:
    slots = {}
    for name, value in parsed.values().items():
        slots[SLOT_OF_FIELD[name]] = value.isoformat() if isinstance(value, date) else value
    return slots


def draft_values(tracker: Tracker) -> Dict[str, Any]:
    return {
        "employer": tracker.get_slot("journal_employer"),
        "job_title": tracker.get_slot("journal_job_title"),
        "applied_on": date.fromisoformat(tracker.get_slot("journal_applied_on")),
        "channel": tracker.get_slot("journal_channel"),
        "status": tracker.get_slot("journal_status"),
        "place": tracker.get_slot("journal_place"),
        "note": tracker.get_slot("journal_note"),
    }


def clear_draft() -> List[EventType]:
    return [SlotSet(name, None) for name in DRAFT_SLOTS + CONTROL_SLOTS]


def entry_line(entry: Dict[str, Any], language: str) -> str:
    applied_on = entry["applied_on"]
    if isinstance(applied_on, str):
        applied_on = date.fromisoformat(applied_on)
    return (f"{format_date(applied_on, language)}: {entry['job_title']} – {entry['employer']} "
            f"({rules.channel_label(entry['channel'], language)}, {rules.status_label(entry['status'], language)})")


def in_user_db(tracker: Tracker, work, *args):
    """Runs `work(session, user, *args)` for the conversation's citizen in one transaction."""
    role, external_id = user_of(tracker.sender_id)

    def unit(session):
        return work(session, journal_store.citizen(session, role, external_id), *args)

    return database().run(unit)


def recent_entries(session, user, limit: int) -> List[Dict[str, Any]]:
    return [journal_store.entry_to_json(entry) for entry in journal_store.entries_of(session, user.id, limit)]


# --- Reading corrections and change requests (pure: no Rasa, no database) -------------------------
# These belong with the journal's rules in bot/rules/journal.py; they stay here while that module is
# owned by another change.

def _squashed_set(*words: str) -> set:
    return {squash_danish(word) for word in words}


_TOKEN = re.compile(r"[^\W_]+")
_DELETE_STEMS = _squashed_set("slet", "fjern")
_DELETE_WORDS = _squashed_set("delete", "remove", "erase")
_EDIT_WORDS = _squashed_set("ret", "rette", "retter", "rettes", "ændr", "ændre", "ændres", "endre", "rediger",
                            "redigere", "opdater", "opdatere", "change", "edit", "correct", "fix", "update")
_NEWEST_WORDS = _squashed_set("sidste", "allersidste", "seneste", "nyeste", "last", "latest", "newest", "recent")
# "i sidste uge", "last Monday": a time, not the newest entry.
_PERIOD_WORDS = _squashed_set("uge", "ugen", "måned", "måneden", "år", "året", "weekend", "week", "month", "year",
                              "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag", "monday",
                              "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The words around a name that only say which entry is meant: "på den med Vestas", "the Scandic entry".
_REFERENCE_BEFORE = _squashed_set(
    "på", "for", "i", "ved", "fra", "om", "af", "den", "det", "min", "mit", "mine", "ansøgning", "ansøgningen",
    "aktivitet", "aktiviteten", "med", "til", "hos", "the", "one", "on", "of", "in", "at", "with", "from", "my",
    "most", "entry", "application", "activity")
_REFERENCE_AFTER = _squashed_set("ansøgning", "ansøgningen", "aktivitet", "aktiviteten", "entry", "application",
                                 "activity")
_LOGGED_BY = _squashed_set("jeg", "i")
_LOGGED_WORDS = _squashed_set("loggede", "skrev", "lavede", "sendte", "søgte", "tilføjede", "gemte", "logged",
                              "wrote", "added", "made", "saved", "entered", "sent")
_NAME_TYPO_LENGTH = 5

Token = Tuple[str, int, int]
Span = Tuple[int, int]


def _tokens(text: str) -> List[Token]:
    """Squashed words with where they stand in the text."""
    return [(squash_danish(match.group(0)), match.start(), match.end()) for match in _TOKEN.finditer(text or "")]


def _same_name_word(typed: str, word: str) -> bool:
    return typed == word or (len(word) >= _NAME_TYPO_LENGTH and len(typed) >= _NAME_TYPO_LENGTH - 1
                             and one_edit_apart(typed, word))


def _name_span(tokens: Sequence[Token], name: Optional[str], one_word: bool = False) -> Optional[Span]:
    """The tokens where `name` is written (æøå spelt any way, one typo forgiven in longer words)."""
    wanted = [word for word, _start, _end in _tokens(name or "")]
    for first in range(len(tokens) - len(wanted) + 1 if wanted else 0):
        if all(_same_name_word(tokens[first + offset][0], word) for offset, word in enumerate(wanted)):
            return first, first + len(wanted)
    # One telling word of a longer name is enough ("slet den med Solbakken" for "Solbakken
    # Plejecenter"), when no entry is named in full (see entries_named).
    for index, (typed, _start, _end) in enumerate(tokens if one_word and len(wanted) > 1 else ()):
        if any(len(word) >= 5 and _same_name_word(typed, word) for word in wanted):
            return index, index + 1
    return None


def _entry_span(tokens: Sequence[Token], entry: Dict[str, Any], one_word: bool = False) -> Optional[Span]:
    return _name_span(tokens, entry["employer"], one_word) or _name_span(tokens, entry["job_title"], one_word)


def _newest_span(tokens: Sequence[Token]) -> Optional[Span]:
    """ "den sidste", "min seneste", "the last one"; not "i sidste uge"."""
    for index, (word, _start, _end) in enumerate(tokens):
        after = tokens[index + 1][0] if index + 1 < len(tokens) else ""
        if word in _NEWEST_WORDS and after not in _PERIOD_WORDS:
            return index, index + 1
    return None


def _reference_span(tokens: Sequence[Token], span: Span) -> Span:
    """`span` widened to the words that only point at the entry: "på den med Vestas", "den sidste jeg
    loggede", "the Scandic entry"."""
    first, end = span
    while first > 0 and tokens[first - 1][0] in _REFERENCE_BEFORE:
        first -= 1
    while end < len(tokens) and (tokens[end][0] in _REFERENCE_AFTER or tokens[end][0] == "one"):
        end += 1
    if end + 1 < len(tokens) and tokens[end][0] in _LOGGED_BY and tokens[end + 1][0] in _LOGGED_WORDS:
        end += 2
    return first, end


def _merged(spans: Sequence[Span]) -> List[Span]:
    merged: List[Span] = []
    for first, end in sorted(spans):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((first, end))
    return merged


def _without(text: str, tokens: Sequence[Token], spans: Sequence[Span]) -> str:
    for first, end in reversed(_merged(spans)):
        text = text[:tokens[first][1]] + " " + text[tokens[end - 1][2]:]
    return text


def entries_named(text: str, entries: Sequence[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The entries whose employer or job title the text names ("den med DSV", "Vestsa", "fotex")."""
    tokens = _tokens(text)
    named = [entry for entry in entries if _entry_span(tokens, entry)]
    return named or [entry for entry in entries if _entry_span(tokens, entry, one_word=True)]


def entry_in_message(text: str, entries: Sequence[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The one entry a message points at: the only one it names, or the newest ("den sidste", "the
    last one") of those it names or of all. `entries` are newest first."""
    tokens = _tokens(text)
    named = entries_named(text, entries)
    if _newest_span(tokens):
        pool = named or list(entries)
        return pool[0] if pool else None
    return named[0] if len(named) == 1 else None


def _request_kind(words: set) -> Optional[str]:
    deletes = bool(words & _DELETE_WORDS) or any(word.startswith(stem) for word in words for stem in _DELETE_STEMS)
    edits = bool(words & _EDIT_WORDS)
    if deletes == edits:
        return None
    return "delete" if deletes else "edit"


def read_pick_request(text: str, pointed_at: Sequence[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """What a change message asks for besides which entry: {"action": "delete"} when it points at an
    entry ("slet den med DSV", "den sidste"), {"action": "edit", "field": ..., "value": ...} (field and
    value None when not given), or None. "ret datoen på den med Vestas til 25/11" → edit applied_on
    "25/11": the words pointing at the entries in `pointed_at` are left out first."""
    tokens = _tokens(text)
    pointers = [span for entry in pointed_at
                for span in [_entry_span(tokens, entry) or _entry_span(tokens, entry, one_word=True)] if span]
    pointers += [span for span in [_newest_span(tokens)] if span]
    # "på min ansøgning" points at no entry in particular, but is no part of the new value either.
    nouns = [(index, index + 1) for index, (word, _start, _end) in enumerate(tokens) if word in _REFERENCE_AFTER]
    references = [_reference_span(tokens, span) for span in pointers + nouns]
    correction = read_correction(_without(text, tokens, references), rules.FIELD_WORDS)
    kind = _request_kind({word for word, _start, _end in tokens})
    if kind == "delete":
        # "slet en ansøgning" names no entry: the chosen one is shown with its buttons, as always.
        return {"action": "delete"} if pointers else None
    if kind == "edit" or correction.field:
        return {"action": "edit", "field": correction.field, "value": correction.value}
    return None


def pick_path(request: Optional[Dict[str, Any]]) -> Optional[str]:
    """Where a chosen entry goes: 'delete' (the delete question), 'edit' (the summary with the new
    value), or None (the entry with its buttons)."""
    request = request or {}
    if request.get("action") == "delete":
        return "delete"
    if request.get("action") == "edit" and request.get("field") in SLOT_OF_FIELD and request.get("value"):
        return "edit"
    return None


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


def yes_or_no(text: str, intent: Optional[str]) -> Optional[bool]:
    """A typed answer is read (a yes with doubt, "ja måske", is no yes, whatever the intent model
    thinks); a pressed button ("/affirm", "/deny") says it by its intent."""
    if text.startswith("/"):
        return {"affirm": True, "deny": False}.get(intent or "")
    return True if SAVE_ANSWER.match(text) else read_yes_no(text)


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


class ValidateJournalForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_journal_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: Dict[Text, Any]) -> List[Text]:
        role, _ = user_of(tracker.sender_id)
        return domain_slots if role == "citizen" else []

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        # rasa-sdk returns only the form's required slots; place, note and the duplicate flag are
        # not required, so they are checked and passed on here.
        extraction_events = await self.get_extraction_events(dispatcher, tracker, domain)
        tracker.add_slots(extraction_events)
        validation_events = await self._extract_validation_events(dispatcher, tracker, domain)
        validated = {event["name"] for event in validation_events if event.get("event") == "slot"}
        extra = []
        for event in extraction_events:
            name, value = event["name"], event["value"]
            if name in validated:
                continue
            if name == "journal_place":
                value = self.validate_journal_place(value, dispatcher, tracker, domain)[name]
            elif name == "journal_note":
                value = self.validate_journal_note(value, dispatcher, tracker, domain)[name]
            extra.append(SlotSet(name, value))
        return extra + validation_events

    async def get_extraction_events(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: Dict[Text, Any]) -> List[EventType]:
        requested = tracker.get_slot("requested_slot")
        if not requested or interrupt_of(tracker):
            return []
        text = latest_text(tracker)
        if requested == "journal_confirmed":
            updates = await self.read_confirmation(dispatcher, tracker, text)
        else:
            updates = self.read_answer(requested, text)
        tracker.slots.update(updates)
        return [SlotSet(name, value) for name, value in updates.items()]

    @staticmethod
    def read_answer(requested: str, text: str) -> Dict[str, Any]:
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
        answer = yes_or_no(text, intent)
        if answer is False and tracker.get_slot("journal_duplicate_warned"):
            return {"journal_confirmed": False}
        if answer is False or correction.value:
            # "det skal være Bilka": the employer or the job? Nothing is changed, or saved, on a guess.
            dispatcher.utter_message(response="utter_journal_what_to_correct")
            return {"journal_confirmed": None}
        if answer is True:
            return await self.confirmed(tracker)
        return details_or_unclear(dispatcher, text)

    async def confirmed(self, tracker: Tracker) -> Dict[str, Any]:
        """A yes: saved, unless the very same activity is already in the journal (asked first)."""
        if tracker.get_slot("journal_duplicate_warned") or tracker.get_slot("journal_editing_id"):
            return {"journal_confirmed": True}
        try:
            duplicate = await in_user_db(tracker, self.has_duplicate, draft_values(tracker))
        except journal_store.JournalError:
            duplicate = False
        return {"journal_duplicate_warned": True} if duplicate else {"journal_confirmed": True}

    @staticmethod
    def has_duplicate(session, user, values) -> bool:
        existing = [journal_store.entry_to_json(entry) for entry in journal_store.entries_of(session, user.id)]
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
        cleaned, _ = rules.trim(rules.clean_text_value(value), rules.MAX_PLACE_CHARS)
        return {"journal_place": cleaned or None}

    def validate_journal_note(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"journal_note": None}
        cleaned, cut = rules.trim(rules.clean_text_value(value), rules.MAX_NOTE_CHARS)
        if cut:
            dispatcher.utter_message(response="utter_journal_note_trimmed", limit=rules.MAX_NOTE_CHARS)
        return {"journal_note": cleaned or None}

    @staticmethod
    def _validate_name(slot, value, limit, dispatcher, invalid_response, trimmed_response):
        if value is None:
            return {slot: None}
        cleaned = rules.clean_text_value(str(value))
        if rules.employer_problem(cleaned, today()):
            dispatcher.utter_message(response=invalid_response)
            return {slot: None}
        cleaned, cut = rules.trim(cleaned, limit)
        if cut:
            dispatcher.utter_message(response=trimmed_response, limit=limit)
        if slot == "journal_employer":
            cleaned = rules.tidy_name(cleaned)
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
        if value is None:
            return {"journal_channel": None}
        code = value if value in rules.CHANNELS else rules.parse_channel(str(value))
        if code is None:
            dispatcher.utter_message(response="utter_journal_channel_unclear")
        return {"journal_channel": code}

    def validate_journal_status(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"journal_status": None}
        code = value if value in rules.STATUSES else rules.parse_status(str(value))
        if code is None:
            dispatcher.utter_message(response="utter_journal_status_unclear")
        return {"journal_status": code}


class ActionAskJournalConfirmed(Action):
    """Shows the summary with a button per field, or the duplicate question."""

    def name(self) -> Text:
        return "action_ask_journal_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        language = language_of(tracker)
        values = draft_values(tracker)
        if tracker.get_slot("journal_duplicate_warned"):
            dispatcher.utter_message(response="utter_journal_duplicate",
                                     entry=entry_line(values, language))
            return []
        dispatcher.utter_message(
            response="utter_journal_summary", employer=values["employer"], job_title=values["job_title"],
            applied_on=format_date(values["applied_on"], language),
            channel=rules.channel_label(values["channel"], language),
            status=rules.status_label(values["status"], language), place=values["place"] or "–",
            note=values["note"] or "–")
        return []


class ActionJournalSave(Action):
    """Saves the confirmed activity (or the edited entry), then says how the week looks."""

    def name(self) -> Text:
        return "action_journal_save"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        role, _ = user_of(tracker.sender_id)
        if role != "citizen":
            dispatcher.utter_message(response="utter_journal_citizens_only")
            return clear_draft()
        if tracker.get_slot("journal_confirmed") is not True:
            dispatcher.utter_message(response="utter_journal_not_saved")
            return clear_draft()
        values = draft_values(tracker)
        editing_id = tracker.get_slot("journal_editing_id")
        try:
            outcome = await in_user_db(tracker, self.save, values,
                                       int(editing_id) if editing_id else None, today())
        except Exception:
            # Keep the draft: the user can say "log" again and find everything still filled in.
            dispatcher.utter_message(response="utter_journal_save_failed")
            return [SlotSet("journal_confirmed", None), SlotSet("journal_duplicate_warned", None)]
        this_week, target, channels = outcome
        language = language_of(tracker)
        dispatcher.utter_message(response="utter_journal_updated" if editing_id else "utter_journal_saved",
                                 entry=entry_line(values, language))
        activities = rules.activities_phrase(this_week, language)
        if target:
            dispatcher.utter_message(response="utter_journal_week_with_target", activities=activities, target=target)
        else:
            dispatcher.utter_message(response="utter_journal_week", activities=activities)
        events = clear_draft()
        tip = None if (editing_id or tracker.get_slot("journal_tip_shown")) else rules.pick_tip(channels)
        if tip:
            dispatcher.utter_message(response=f"utter_journal_tip_{tip}")
            events.append(SlotSet("journal_tip_shown", True))
        dispatcher.utter_message(response="utter_journal_next")
        return events

    @staticmethod
    def save(session, user, values, editing_id, on_day):
        if editing_id:
            journal_store.update_entry(session, user.id, editing_id, values)
        else:
            journal_store.add_entry(session, user.id, values)
        monday = on_day - timedelta(days=on_day.weekday())
        this_week = len([d for d in journal_store.entry_dates_since(session, user.id, monday) if d <= on_day])
        profile = journal_store.get_profile(session, user.id)
        channels = journal_store.channels_since(session, user.id, on_day - timedelta(days=28))
        return this_week, profile.weekly_target if profile else None, channels


class ActionJournalCancel(Action):
    def name(self) -> Text:
        return "action_journal_cancel"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_journal_cancelled")
        return clear_draft() + [SlotSet("journal_pick", None), SlotSet("journal_pick_choices", None),
                                SlotSet("journal_pick_request", None), SlotSet("journal_pick_next", None)]


class ActionJournalShow(Action):
    """The latest entries and this week's and the last four weeks' counts against the target."""

    def name(self) -> Text:
        return "action_journal_show"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        language = language_of(tracker)
        on_day = today()
        try:
            entries, dates, target = await in_user_db(tracker, self.load, on_day)
        except journal_store.JournalError:
            dispatcher.utter_message(response="utter_journal_citizens_only")
            return []
        except Exception:
            dispatcher.utter_message(response="utter_journal_load_failed")
            return []
        if not entries:
            dispatcher.utter_message(response="utter_journal_empty")
            return []
        overview = rules.journal_overview(dates, on_day, target)
        lines = "\n".join("• " + entry_line(entry, language) for entry in entries)
        previous = " · ".join(f"{week.week_number}: {week.count}" for week in overview.previous_weeks)
        response = "utter_journal_overview_with_target" if target else "utter_journal_overview"
        dispatcher.utter_message(response=response, lines=lines, week=overview.this_week.week_number,
                                 count=overview.this_week.count, target=target or "", previous=previous,
                                 total=overview.last_four_weeks_total)
        if overview.needs_nudge:
            dispatcher.utter_message(response="utter_journal_nudge", days=overview.days_since_last)
        return []

    @staticmethod
    def load(session, user, on_day):
        entries = [journal_store.entry_to_json(e) for e in journal_store.entries_of(session, user.id, limit=5)]
        dates = journal_store.entry_dates_since(session, user.id, on_day - timedelta(weeks=6))
        latest = journal_store.latest_applied_on(session, user.id)
        if latest is not None and latest not in dates:
            dates.append(latest)
        profile = journal_store.get_profile(session, user.id)
        return entries, dates, profile.weekly_target if profile else None


class ActionAskJournalPick(Action):
    """The numbered list of recent entries to choose from, as buttons too."""

    def name(self) -> Text:
        return "action_ask_journal_pick"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        language = language_of(tracker)
        try:
            entries = await in_user_db(tracker, recent_entries, PICK_LIST_LENGTH)
        except Exception:
            entries = []
        lines = "\n".join(f"{number}. {entry_line(entry, language)}" for number, entry in enumerate(entries, 1))
        buttons = [{"title": f"{number}. {entry['job_title'][:40]} – {entry['employer'][:30]}",
                    "payload": str(number)} for number, entry in enumerate(entries, 1)]
        dispatcher.utter_message(response="utter_ask_journal_pick", lines=lines, buttons=buttons)
        return [SlotSet("journal_pick_choices", [entry["id"] for entry in entries])]


class ValidateJournalPickForm(FormValidationAction):
    def name(self) -> Text:
        return "validate_journal_pick_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        try:
            has_entries = await in_user_db(tracker, lambda s, u: bool(journal_store.entries_of(s, u.id, 1)))
        except Exception:
            has_entries = False
        return domain_slots if has_entries else []

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        # Rasa validates once when the form starts, before anything is asked: that is the opening message.
        if tracker.get_slot("requested_slot") is None and not tracker.get_slot("journal_pick"):
            return await self.read_opening_message(tracker)
        return await super().run(dispatcher, tracker, domain)

    @staticmethod
    async def read_opening_message(tracker: Tracker) -> List[EventType]:
        """ "slet den med DSV", "ret datoen på den med Vestas til 25/11": the entry, when the message
        points at exactly one, so the list is not asked; and what is wanted with it."""
        text = latest_text(tracker)
        try:
            entries = await in_user_db(tracker, recent_entries, NAMED_ENTRY_WINDOW)
        except Exception:
            entries = []
        chosen = entry_in_message(text, entries)
        request = read_pick_request(text, [chosen] if chosen else entries_named(text, entries))
        events = [SlotSet("journal_pick_request", request)]
        if chosen:
            events.append(SlotSet("journal_pick", str(chosen["id"])))
        if not entries:
            events.append(SlotSet("requested_slot", None))
        return events

    async def extract_journal_pick(self, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") != "journal_pick" or interrupt_of(tracker):
            return {}
        return {"journal_pick": latest_text(tracker)}

    async def validate_journal_pick(self, value, dispatcher, tracker, domain):
        if value is None:
            return {"journal_pick": None}
        choices = tracker.get_slot("journal_pick_choices") or []
        digits = "".join(ch for ch in str(value) if ch.isdigit())
        if digits and 1 <= int(digits) <= len(choices):
            return {"journal_pick": str(choices[int(digits) - 1])}
        try:
            entries = await in_user_db(tracker, recent_entries, PICK_LIST_LENGTH)
        except Exception:
            entries = []
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
        nowhere = [SlotSet("journal_pick", None), SlotSet("journal_pick_next", None),
                   SlotSet("journal_pick_request", None), SlotSet("journal_pick_choices", None)]
        if not picked:
            if not tracker.get_slot("journal_pick_choices"):
                dispatcher.utter_message(response="utter_journal_empty")
            return nowhere
        try:
            entry = await in_user_db(tracker, lambda s, u: journal_store.entry_to_json(
                journal_store.get_entry(s, u.id, int(picked))))
        except Exception:
            dispatcher.utter_message(response="utter_journal_entry_gone")
            return nowhere
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
        picked = tracker.get_slot("journal_picked_id")
        done = [SlotSet("journal_pick_request", None), SlotSet("journal_pick_next", None)]
        try:
            entry = await in_user_db(tracker, lambda s, u: journal_store.entry_to_json(
                journal_store.get_entry(s, u.id, int(picked))))
        except Exception:
            dispatcher.utter_message(response="utter_journal_entry_gone")
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
        picked = tracker.get_slot("journal_picked_id")
        try:
            entry = await in_user_db(tracker, lambda s, u: journal_store.entry_to_json(
                journal_store.get_entry(s, u.id, int(picked))))
        except Exception:
            dispatcher.utter_message(response="utter_journal_entry_gone")
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
            await in_user_db(tracker, lambda s, u: journal_store.delete_entry(s, u.id, int(picked)))
        except journal_store.JournalError:
            dispatcher.utter_message(response="utter_journal_entry_gone")
            return [SlotSet("journal_picked_id", None)]
        except Exception:
            dispatcher.utter_message(response="utter_journal_save_failed")
            return []
        dispatcher.utter_message(response="utter_journal_deleted")
        return [SlotSet("journal_picked_id", None)]


class ActionJournalProposeStatus(Action):
    """ "jeg fik jobbet hos Bilka": finds the entry and asks before changing its status."""

    def name(self) -> Text:
        return "action_journal_propose_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        status, employer_hint = rules.parse_status_update(latest_text(tracker))
        try:
            entries = await in_user_db(tracker, lambda s, u: [journal_store.entry_to_json(e) for e in
                                                              journal_store.entries_of(s, u.id, 50)])
        except journal_store.JournalError:
            dispatcher.utter_message(response="utter_journal_citizens_only")
            return []
        except Exception:
            dispatcher.utter_message(response="utter_journal_load_failed")
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
            await in_user_db(tracker, lambda s, u: journal_store.update_entry(
                s, u.id, int(pending["id"]), {"status": pending["status"]}))
        except Exception:
            dispatcher.utter_message(response="utter_journal_save_failed")
            return []
        dispatcher.utter_message(response="utter_journal_status_updated",
                                 status=rules.status_label(pending["status"], language_of(tracker)))
        if pending["status"] == "hired":
            dispatcher.utter_message(response="utter_journal_congratulations")
        return [SlotSet("journal_pending_status", None)]
