"""The journal's slots (an activity's draft, the choice of an entry to change) and an entry as one
line, shared by the journal's actions."""
from __future__ import annotations

import logging
from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from bot.rules import journal as rules
from bot.rules.dates import format_date
from bot.store import journal as journal_store

logger = logging.getLogger(__name__)

DRAFT_SLOTS = ("journal_employer", "journal_job_title", "journal_applied_on", "journal_channel",
               "journal_status", "journal_place", "journal_note")
CONTROL_SLOTS = ("journal_confirmed", "journal_duplicate_warned", "journal_editing_id")
PICK_SLOTS = ("journal_pick", "journal_pick_choices", "journal_pick_request", "journal_pick_next")
SLOT_OF_FIELD = {name: f"journal_{name}" for name in rules.FIELDS + ("place", "note")}
NAME_SLOTS = ("journal_employer", "journal_job_title")


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


def clear_pick() -> List[EventType]:
    return [SlotSet(name, None) for name in PICK_SLOTS]


def entry_line(entry: Dict[str, Any], language: str) -> str:
    applied_on = entry["applied_on"]
    if isinstance(applied_on, str):
        applied_on = date.fromisoformat(applied_on)
    return (f"{format_date(applied_on, language)}: {entry['job_title']} – {entry['employer']} "
            f"({rules.channel_label(entry['channel'], language)}, {rules.status_label(entry['status'], language)})")


def recent_entries(session, citizen, limit: int) -> List[Dict[str, Any]]:
    return [journal_store.entry_to_json(entry) for entry in journal_store.entries_of(session, citizen.id, limit)]
