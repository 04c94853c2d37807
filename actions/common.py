"""What every journey's actions read from a conversation (the latest message, the user's role and
language, the response meant for that role), the buttons that start a journey, and the citizen's
data read with an honest answer when it cannot be."""
from __future__ import annotations

import logging
from typing import Any, Callable, Dict, Optional, Sequence, Text, TypeVar

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.storage import in_citizen_db, user_of
from bot.store.users import NotACitizen

logger = logging.getLogger(__name__)
T = TypeVar("T")

# The answer to a first miss that offers the journey the message most likely meant (actions/fallback.py).
SUGGESTION_RESPONSE = "utter_did_you_mean"
# The button that starts each journey, in Danish and English: offered after a message the assistant
# was unsure of (actions/fallback.py) and beside a benefits answer (actions/benefits.py).
JOURNEY_TITLES = {
    "log_job_activity": ("Skriv en ansøgning ind", "Add an application"),
    "change_journal_entry": ("Ret eller slet en ansøgning", "Change or delete an application"),
    "update_job_status": ("Nyt om en ansøgning", "News about an application"),
    "show_journal": ("Se min jobjournal", "See my job journal"),
    "start_journal": ("Jobjournal", "Job journal"),
    "update_profile": ("Opdater min profil", "Update my profile"),
    "show_profile": ("Se min profil", "See my profile"),
    "start_sick_leave": ("Meld mig syg", "Report sick"),
    "update_sick_leave": ("Ny dato for hvornår jeg er tilbage", "A new return date"),
    "report_partial_return": ("Jeg arbejder nogle timer igen", "I work some hours again"),
    "report_return": ("Jeg er rask igen", "I am back at work"),
    "show_sick_leave": ("Se min sygemelding", "See my sick leave"),
    "ask_human": ("Tal med en medarbejder", "Talk to a member of staff"),
    "complaint_or_sanction": ("Klage eller afgørelse", "A complaint or a decision"),
    "ask_own_benefit_case": ("Spørgsmål om min egen sag", "A question about my own case"),
    "post_vacancy": ("Slå et småjob op", "Post a small job"),
    "vacancy_status": ("Status på mine opslag", "Status of my postings"),
}


def latest_intent(tracker: Tracker) -> Optional[str]:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def text_to_read(tracker: Tracker) -> str:
    """The message a journey reads what it can from: the latest one, or — when the user pressed the
    journey the assistant suggested after a message it was unsure of — that message, so nothing the
    user already wrote ("har søgt hos Fakta i formiddags") is lost."""
    text = latest_text(tracker)
    if not text.startswith("/"):
        return text
    user_events = [index for index, event in enumerate(tracker.events) if event.get("event") == "user"]
    if len(user_events) < 2:
        return text
    between = tracker.events[user_events[-2] + 1:user_events[-1]]
    suggested = any(event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action")
                    == SUGGESTION_RESPONSE for event in between)
    return (tracker.events[user_events[-2]].get("text") or text) if suggested else text


def said_since_latest_message(tracker: Tracker, response: Text) -> bool:
    """Whether `response` was already said in answer to the latest message (by a form's validation,
    say), so a later action does not contradict it."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == response:
            return True
    return False


def entity_value(tracker: Tracker, name: str) -> Optional[str]:
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == name:
            return entity.get("value")
    return None


def language_of(tracker: Tracker) -> str:
    return "en" if tracker.get_slot("language") == "en" else "da"


def in_language(danish_and_english: Sequence[str], language: str) -> str:
    """The English of a (Danish, English) pair for an English conversation, otherwise the Danish."""
    return danish_and_english[1] if language == "en" else danish_and_english[0]


def role_of(tracker: Tracker) -> str:
    return user_of(tracker.sender_id)[0]


def response_for_role(response: Text, tracker: Tracker, domain: Dict[Text, Any]) -> Text:
    """`utter_x_employer` for an employer when the domain has it, otherwise `utter_x`: an employer
    or an advisor never gets the citizen's menu."""
    role = role_of(tracker)
    own = f"{response}_{role}"
    return own if role != "citizen" and own in (domain.get("responses") or {}) else response


def journey_button(intent: str, language: str) -> Dict[str, str]:
    return {"title": in_language(JOURNEY_TITLES[intent], language), "payload": f"/{intent}"}


def person_button(language: str) -> Dict[str, str]:
    return journey_button("ask_human", language)


async def read_for_citizen(dispatcher: CollectingDispatcher, tracker: Tracker, work: Callable[..., T], *args: Any,
                           not_a_citizen: Text, failed: Text) -> Optional[T]:
    """What `work(session, citizen, *args)` reads (never None), or None once the user has been told
    why there is nothing to show: `not_a_citizen` when no citizen is behind the conversation, `failed`
    when the database failed (logged with the conversation id; what was read stays out of the log)."""
    try:
        return await in_citizen_db(tracker.sender_id, work, *args)
    except NotACitizen:
        logger.info("no citizen behind %s to read for", tracker.sender_id)
        dispatcher.utter_message(response=not_a_citizen)
    except SQLAlchemyError:
        logger.exception("reading the citizen's data failed for %s", tracker.sender_id)
        dispatcher.utter_message(response=failed)
    return None
