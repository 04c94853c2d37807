"""When the assistant cannot help with a message: ask to rephrase (or say what it can do), and
after two such misses in a row offer a person."""
from __future__ import annotations

from typing import Iterable, Mapping

FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE_INTENT = "out_of_scope"
MISS_INTENTS = {FALLBACK_INTENT, OUT_OF_SCOPE_INTENT}
MISSES_BEFORE_OFFERING_A_PERSON = 2


def consecutive_misunderstandings(events: Iterable[Mapping]) -> int:
    """Counts the user's latest messages in a row that were not understood or out of scope."""
    user_intents = [
        (event.get("parse_data") or {}).get("intent", {}).get("name")
        for event in events
        if event.get("event") == "user"
    ]
    count = 0
    for intent in reversed(user_intents):
        if intent not in MISS_INTENTS:
            break
        count += 1
    return count


def should_offer_person(events: Iterable[Mapping]) -> bool:
    return consecutive_misunderstandings(events) >= MISSES_BEFORE_OFFERING_A_PERSON


def miss_response(events: Iterable[Mapping]) -> str:
    """The response for the latest missed message."""
    events = list(events)
    if should_offer_person(events):
        return "utter_offer_person"
    latest = next((e for e in reversed(events) if e.get("event") == "user"), {})
    if (latest.get("parse_data") or {}).get("intent", {}).get("name") == OUT_OF_SCOPE_INTENT:
        return "utter_out_of_scope"
    return "utter_rephrase"
