"""When the assistant does not understand: ask to rephrase, then offer a person."""
from __future__ import annotations

from typing import Iterable, Mapping

FALLBACK_INTENT = "nlu_fallback"
MISSES_BEFORE_OFFERING_A_PERSON = 2


def consecutive_misunderstandings(events: Iterable[Mapping]) -> int:
    """Counts the user's latest messages in a row that the NLU could not place (newest last)."""
    user_intents = [
        (event.get("parse_data") or {}).get("intent", {}).get("name")
        for event in events
        if event.get("event") == "user"
    ]
    count = 0
    for intent in reversed(user_intents):
        if intent != FALLBACK_INTENT:
            break
        count += 1
    return count


def should_offer_person(events: Iterable[Mapping]) -> bool:
    return consecutive_misunderstandings(events) >= MISSES_BEFORE_OFFERING_A_PERSON
