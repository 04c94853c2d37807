"""Reading a benefits question: which topic the model picked, whether a second topic is close enough
to offer, and whether the question is about the user's own case (which the assistant cannot see)."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence, Tuple

from bot.text import squash_danish

RETRIEVAL_INTENT = "faq"
# The ResponseSelector spreads its confidence over some 45 topics, so a right answer often has only
# 0.2-0.4 (measured on tests/data/benefit_questions.yml). Below this it is a guess: the assistant says it
# is not sure and offers a person.
MIN_CONFIDENCE = 0.1
# A second topic with at least this much is offered too ("vil du også vide om ...?").
SECOND_TOPIC_MIN_CONFIDENCE = 0.05

_OWN_CASE = [
    r"\bmin(e)? (sag|udbetaling|afgorelse|ansogning|ydelse|sagsbehandler|dagpenge|sygedagpenge|kontanthjalp|penge)\b",
    r"\bmit (brev|kontanthjalp|belob)\b",
    r"\bhvorfor (har|er|fik|far) jeg\b.*\b(mindre|ikke|stoppet|trukket|afslag|for lidt)\b",
    r"\bhvornar (far|kommer) (jeg|mine)\b",
    r"\b(har|er) (i|kommunen|a-kassen) (modtaget|behandlet|godkendt)\b",
    r"\bmy (case|payment|application|decision|benefit|caseworker|money)\b",
    r"\bwhy (did|have|has|was|were) (i|my)\b",
    r"\bwhen will i (get|receive)\b",
]


def is_about_own_case(text: str) -> bool:
    """ "Hvorfor har jeg fået mindre i dagpenge?" is about the citizen's own case: only the a-kasse
    or the municipality can see it, so the assistant says so and offers a person."""
    squashed = squash_danish(text)
    return any(re.search(pattern, squashed) for pattern in _OWN_CASE)


def topic_of(key: Optional[str]) -> Optional[str]:
    """ "faq/dagpenge_rate" -> "dagpenge_rate"."""
    if not key or "/" not in key:
        return None
    prefix, _, topic = key.partition("/")
    return topic if prefix == RETRIEVAL_INTENT and topic else None


def ranked_topics(parse_data: Dict[str, Any]) -> List[Tuple[str, float]]:
    """The response selector's topics for a parsed message, best first, as (topic, confidence)."""
    selector = (parse_data.get("response_selector") or {})
    result = selector.get(RETRIEVAL_INTENT) or selector.get("default") or {}
    ranked = []
    for item in result.get("ranking") or []:
        topic = topic_of(item.get("intent_response_key"))
        if topic and topic not in [name for name, _ in ranked]:
            ranked.append((topic, float(item.get("confidence") or 0.0)))
    if not ranked:
        response = result.get("response") or {}
        topic = topic_of(response.get("intent_response_key"))
        if topic:
            ranked.append((topic, float(response.get("confidence") or 0.0)))
    return ranked


def choose_topics(ranked: Sequence[Tuple[str, float]]) -> Tuple[Optional[str], Optional[str]]:
    """(the topic to answer, a second topic to offer) — (None, None) when the best is too unsure."""
    if not ranked or ranked[0][1] < MIN_CONFIDENCE:
        return None, None
    second = ranked[1][0] if len(ranked) > 1 and ranked[1][1] >= SECOND_TOPIC_MIN_CONFIDENCE else None
    return ranked[0][0], second


# When a message falls below the NLU fallback threshold but the next-best intent is about benefits
# and the topic itself is clear, the assistant asks "did you mean ...?" instead of only asking to
# rephrase. Measured: such messages ("arbejdsgiverperiode", "fribelob") have the right topic at
# 0.4-0.98, gibberish ("asdfgh", "xyz 123") below 0.2.
SUGGEST_ON_FALLBACK_MIN_CONFIDENCE = 0.4
_FALLBACK_INTENT = "nlu_fallback"
_BENEFIT_INTENTS = {RETRIEVAL_INTENT, "ask_benefits"}


def topic_to_suggest(parse_data: Dict[str, Any]) -> Optional[str]:
    """The benefits topic to offer for a message the NLU was unsure of, or None."""
    if (parse_data.get("intent") or {}).get("name") != _FALLBACK_INTENT:
        return None
    runner_up = next((item.get("name") for item in parse_data.get("intent_ranking") or []
                      if item.get("name") != _FALLBACK_INTENT), None)
    ranked = ranked_topics(parse_data)
    if runner_up not in _BENEFIT_INTENTS or not ranked or ranked[0][1] < SUGGEST_ON_FALLBACK_MIN_CONFIDENCE:
        return None
    return ranked[0][0]
