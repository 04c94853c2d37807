"""What every form shares: a message is first read as the answer to the field the form asked for,
and only a clear interrupt (crisis, stop, a person, a question) leaves the form."""
from __future__ import annotations

from typing import List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import language_of, latest_text
from bot.rules.form_interrupts import form_interrupt


def interrupt_of(tracker: Tracker) -> Optional[str]:
    """"crisis", "stop", "person" or "question" when the latest message leaves the form."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    return form_interrupt(intent.get("name"), float(intent.get("confidence") or 0.0), latest_text(tracker))


def times_said_in_this_form(tracker: Tracker, response: str) -> int:
    """How often `response` was said since the active form started: a form that keeps getting answers
    it cannot read gives up instead of asking the same question forever."""
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name"):
            break
        if event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == response:
            count += 1
    return count


def leave_form(tracker: Tracker) -> List[EventType]:
    """Stops the active form and keeps everything it was given, so it can go on later."""
    if not tracker.active_loop.get("name"):
        return []
    return [ActiveLoop(None), SlotSet("requested_slot", None)]


# (payload that starts the journey again, the slots of its draft, button titles in Danish and English)
RESUMABLE_JOURNEYS = (
    ("/log_job_activity", ("journal_employer", "journal_job_title", "journal_applied_on", "journal_channel"),
     "Fortsæt jobloggen", "Continue the job log"),
    ("/start_sick_leave", ("sick_first_day", "sick_situation", "sick_employer", "sick_expected_return"),
     "Fortsæt sygemeldingen", "Continue the sick-leave report"),
    ("/post_vacancy", ("vacancy_company", "vacancy_cvr", "vacancy_job_title", "vacancy_tasks"),
     "Fortsæt småjobopslaget", "Continue the small-job posting"),
)


def offer_to_resume(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """After an interruption, a button back into each half-filled form."""
    buttons = resume_buttons(tracker, language_of(tracker))
    if buttons:
        dispatcher.utter_message(response="utter_resume_form", buttons=buttons)


def resume_buttons(tracker: Tracker, language: str) -> List[dict]:
    """A button for each journey with a half-filled draft: the form starts again where it stopped,
    because each journey's prefill keeps what was already given."""
    return [{"title": english if language == "en" else danish, "payload": payload}
            for payload, slots, danish, english in RESUMABLE_JOURNEYS
            if any(tracker.get_slot(slot) is not None for slot in slots)]
