"""The job journal in chat: log an activity (asking only for what is missing), confirm or correct it,
list it, change or delete an entry, and update a status in words."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import language_of
from actions.storage import database, today, user_of
from bot import journal as journal_store
from bot.rules import journal as rules
from bot.rules.dates import format_date
from bot.text import squash_danish

DRAFT_SLOTS = ("journal_employer", "journal_job_title", "journal_applied_on", "journal_channel",
               "journal_status", "journal_place", "journal_note")
CONTROL_SLOTS = ("journal_confirmed", "journal_duplicate_warned", "journal_editing_id")
SLOT_OF_FIELD = {name: f"journal_{name}" for name in rules.FIELDS + ("place", "note")}
INTERRUPTING_INTENTS = {"stop", "ask_human", "crisis", "complaint_or_sanction"}
YES_WORDS = {"ja", "jo", "gem", "gem den", "ok", "okay", "korrekt", "rigtigt", "det er rigtigt", "ja tak",
             "yes", "save", "correct", "yep", "jep", "fint", "ja gem", "ja, gem"}
PICK_LIST_LENGTH = 8


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message or {}).get("intent", {}).get("name")


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def entity_value(tracker: Tracker, name: str) -> Optional[str]:
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == name:
            return entity.get("value")
    return None


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


class ActionJournalPrefill(Action):
    """Reads whatever the opening message already says, so the form asks only for the rest."""

    def name(self) -> Text:
        return "action_journal_prefill"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        parsed = rules.parse_activity(latest_text(tracker), today())
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
        if not requested or latest_intent(tracker) in INTERRUPTING_INTENTS:
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
        parsed = rules.parse_activity(text, today())
        updates = parsed_to_slots(parsed)
        if requested not in updates:
            if requested in ("journal_employer", "journal_job_title"):
                updates[requested] = rules.leading_value(text, today()) or text
            else:
                # Raw text: the slot's validation says what is wrong with it and asks again.
                updates[requested] = text
        return updates

    async def read_confirmation(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                text: str) -> Dict[str, Any]:
        intent = latest_intent(tracker)
        squashed = squash_danish(text).strip(" .!")
        warned = bool(tracker.get_slot("journal_duplicate_warned"))
        if intent == "affirm" or squashed in {squash_danish(word) for word in YES_WORDS}:
            if warned or tracker.get_slot("journal_editing_id"):
                return {"journal_confirmed": True}
            try:
                duplicate = await in_user_db(tracker, self.has_duplicate, draft_values(tracker))
            except journal_store.JournalError:
                duplicate = False
            return {"journal_duplicate_warned": True} if duplicate else {"journal_confirmed": True}
        if intent == "deny" and warned:
            return {"journal_confirmed": False}
        field = entity_value(tracker, "journal_field")
        if intent == "journal_correct" and field in SLOT_OF_FIELD:
            return {SLOT_OF_FIELD[field]: None, "journal_confirmed": None, "journal_duplicate_warned": None}
        if intent == "deny":
            dispatcher.utter_message(response="utter_journal_what_to_correct")
            return {"journal_confirmed": None}
        parsed = rules.parse_activity(text, today())
        updates = parsed_to_slots(parsed)
        if updates:
            return {**updates, "journal_confirmed": None, "journal_duplicate_warned": None}
        named = parsed.named_fields[0] if parsed.named_fields else None
        if named in SLOT_OF_FIELD:
            return {SLOT_OF_FIELD[named]: None, "journal_confirmed": None}
        dispatcher.utter_message(response="utter_journal_confirm_unclear")
        return {"journal_confirmed": None}

    @staticmethod
    def has_duplicate(session, user, values) -> bool:
        existing = [journal_store.entry_to_json(entry) for entry in journal_store.entries_of(session, user.id)]
        candidate = dict(values, applied_on=values["applied_on"].isoformat())
        return rules.is_duplicate(candidate, existing)

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
        return clear_draft() + [SlotSet("journal_pick", None), SlotSet("journal_pick_choices", None)]


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
            entries = await in_user_db(tracker, lambda s, u: [journal_store.entry_to_json(e) for e in
                                                              journal_store.entries_of(s, u.id, PICK_LIST_LENGTH)])
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

    async def extract_journal_pick(self, dispatcher, tracker, domain):
        if tracker.get_slot("requested_slot") != "journal_pick" or latest_intent(tracker) in INTERRUPTING_INTENTS:
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
            entries = await in_user_db(tracker, lambda s, u: [journal_store.entry_to_json(e) for e in
                                                              journal_store.entries_of(s, u.id, PICK_LIST_LENGTH)])
        except Exception:
            entries = []
        wanted = squash_danish(str(value))
        matches = [e for e in entries if squash_danish(e["employer"]) in wanted
                   or squash_danish(e["job_title"]) in wanted]
        if len(matches) == 1:
            return {"journal_pick": str(matches[0]["id"])}
        dispatcher.utter_message(response="utter_journal_pick_unclear", count=len(choices))
        return {"journal_pick": None}


class ActionJournalShowPicked(Action):
    def name(self) -> Text:
        return "action_journal_show_picked"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        picked = tracker.get_slot("journal_pick")
        if not picked:
            dispatcher.utter_message(response="utter_journal_empty")
            return [SlotSet("journal_pick", None)]
        try:
            entry = await in_user_db(tracker, lambda s, u: journal_store.entry_to_json(
                journal_store.get_entry(s, u.id, int(picked))))
        except Exception:
            dispatcher.utter_message(response="utter_journal_entry_gone")
            return [SlotSet("journal_pick", None)]
        dispatcher.utter_message(response="utter_journal_picked", entry=entry_line(entry, language_of(tracker)))
        return [SlotSet("journal_picked_id", picked), SlotSet("journal_pick", None)]


class ActionJournalLoadPicked(Action):
    """Puts the chosen entry into the form so it can be corrected field by field."""

    def name(self) -> Text:
        return "action_journal_load_picked"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        picked = tracker.get_slot("journal_picked_id")
        try:
            entry = await in_user_db(tracker, lambda s, u: journal_store.entry_to_json(
                journal_store.get_entry(s, u.id, int(picked))))
        except Exception:
            dispatcher.utter_message(response="utter_journal_entry_gone")
            return clear_draft()
        return [SlotSet(SLOT_OF_FIELD[name], entry[name]) for name in SLOT_OF_FIELD] + [
            SlotSet("journal_editing_id", str(entry["id"])), SlotSet("journal_confirmed", None),
            SlotSet("journal_duplicate_warned", None)]


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
            return [SlotSet("journal_picked_id", None)]
        dispatcher.utter_message(response="utter_journal_confirm_delete",
                                 entry=entry_line(entry, language_of(tracker)))
        return []


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
