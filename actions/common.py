"""What every journey's actions read from a conversation: the latest message, the user's role and
language, and the response meant for that role."""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa_sdk import Tracker

from actions.storage import user_of


def latest_intent(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message or {}).get("intent", {}).get("name")


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


# The answer to a first miss that offers the journey the message most likely meant (actions/fallback.py).
SUGGESTION_RESPONSE = "utter_did_you_mean"


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


def entity_value(tracker: Tracker, name: str) -> Optional[str]:
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == name:
            return entity.get("value")
    return None


def language_of(tracker: Tracker) -> str:
    return "en" if tracker.get_slot("language") == "en" else "da"


def role_of(tracker: Tracker) -> str:
    return user_of(tracker.sender_id)[0]


def response_for_role(response: Text, tracker: Tracker, domain: Dict[Text, Any]) -> Text:
    """`utter_x_employer` for an employer when the domain has it, otherwise `utter_x`: an employer
    or an advisor never gets the citizen's menu."""
    role = role_of(tracker)
    own = f"{response}_{role}"
    return own if role != "citizen" and own in (domain.get("responses") or {}) else response
