"""When the assistant cannot help with a message: ask to rephrase (or say what it can do), and
after two such misses in a row offer a person."""
from __future__ import annotations

from typing import Iterable, Mapping, Optional

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


# What a message the NLU was unsure of most likely asked for, offered as a button instead of "skriv det
# med andre ord": a long story about an application that fell below the threshold is still most
# likely an application. Only journeys are offered; a small-talk guess helps nobody.
SUGGESTABLE_INTENTS = (
    "log_job_activity", "change_journal_entry", "update_job_status", "show_journal", "start_journal",
    "update_profile", "show_profile", "start_sick_leave", "update_sick_leave", "report_partial_return",
    "report_return", "show_sick_leave", "ask_human", "complaint_or_sanction", "ask_own_benefit_case",
    "post_vacancy", "vacancy_status",
)
SUGGEST_MIN_CONFIDENCE = 0.2


def intent_to_suggest(parse_data: Mapping) -> Optional[str]:
    """The journey to offer for a message that fell to the fallback, or None when the guess is weak."""
    if (parse_data.get("intent") or {}).get("name") != FALLBACK_INTENT:
        return None
    guess = next((item for item in parse_data.get("intent_ranking") or []
                  if item.get("name") != FALLBACK_INTENT), None)
    if not guess or guess.get("name") not in SUGGESTABLE_INTENTS:
        return None
    return guess["name"] if float(guess.get("confidence") or 0.0) >= SUGGEST_MIN_CONFIDENCE else None
