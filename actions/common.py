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
