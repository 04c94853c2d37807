"""Keeps health details out of what is stored: illness, injury and treatment words are replaced by a
placeholder before a citizen's message reaches Rasa's tracker, an advisor's case or any log. Reporting
sick never needs a diagnosis."""
from __future__ import annotations

import re
from typing import Tuple

from bot.text import squash_danish

HEALTH_WORDS = (
    "brækket", "brukket", "brækkede", "forstuvet", "influenza", "influenzaen", "covid", "corona", "coronavirus",
    "kræft", "cancer", "kemo", "kemoterapi", "depression", "deprimeret", "stress", "stresset", "udbrændt",
    "burnout", "angst", "panikangst", "migræne", "operation", "opereret", "opereres", "diskusprolaps",
    "prolaps", "piskesmæld", "hjernerystelse", "lungebetændelse", "blindtarm", "blindtarmsbetændelse",
    "sclerose", "diabetes", "gigt", "astma", "ptsd", "adhd", "autisme", "bipolar", "skizofreni",
    "hjerteanfald", "blodprop", "slagtilfælde", "apopleksi", "knæoperation", "rygskade", "rygsmerter",
    "hovedpine", "feber", "mavesyge", "omgangssyge", "diagnose", "diagnosen", "flu", "broken", "fracture",
    "surgery", "chemotherapy", "anxiety", "migraine", "concussion", "pneumonia", "diagnosis", "sprained",
)
HEALTH_PLACEHOLDER = "[helbredsoplysning]"

_HEALTH_WORDS_SQUASHED = frozenset(squash_danish(word) for word in HEALTH_WORDS)
# The body part after these goes too: "ondt i ryggen" says more than "ondt".
_HEALTH_PHRASES = tuple(re.compile(re.escape(phrase) + r"\s+[^\W\d_]+", re.IGNORECASE)
                        for phrase in ("ondt i", "smerter i", "pain in"))
_WORD = re.compile(r"[^\W\d_]+")


def redact_health_details(text: str) -> Tuple[str, bool]:
    """The message with illness and injury words replaced by a placeholder, and whether any were."""
    changed = False

    def replace_word(match: re.Match) -> str:
        nonlocal changed
        if squash_danish(match.group(0)) in _HEALTH_WORDS_SQUASHED:
            changed = True
            return HEALTH_PLACEHOLDER
        return match.group(0)

    redacted = text
    for pattern in _HEALTH_PHRASES:
        if pattern.search(redacted):
            redacted = pattern.sub(HEALTH_PLACEHOLDER, redacted)
            changed = True
    redacted = _WORD.sub(replace_word, redacted)
    return redacted, changed


# Said once per login, after the answer to the first message whose health details were left out.
HEALTH_NOTICE = {
    "da": "Du behøver ikke fortælle, hvad du fejler – hverken jobcentret eller din arbejdsgiver skal vide det, "
          "for at du kan melde dig syg. Derfor har jeg ikke gemt det, du skrev om dit helbred.",
    "en": "You don't need to tell me what is wrong with you – neither the job centre nor your employer needs "
          "to know that for you to report sick. So I have not kept what you wrote about your health.",
}
