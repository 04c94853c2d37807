"""Tells Danish from English in short chat messages, so the assistant can answer in the user's language.

Chat messages are often one to five words, where statistical detectors guess. We score the words
against lists of common Danish and English words (Danish also as typed without æ/ø/å) and keep the
conversation's current language when a message gives no clear sign ("ok", "1", an emoji).
"""
from __future__ import annotations

import re
from typing import Optional

from bot.text import fold_danish

DANISH = "da"
ENGLISH = "en"
SUPPORTED = (DANISH, ENGLISH)

_DANISH_WORDS = set(
    """
    hej hejsa halløj hallo goddag godmorgen godaften dav davs farvel tak takker mange tusind
    jeg du han hun vi i de mig dig os jer dem min mit mine din dit dine sin sit sine vores jeres
    er var har havde bliver blev kan kunne vil ville skal skulle må måtte gerne ikke nej ja jo
    og eller men at som der den det en et til fra med på om af hos ved efter før over under uden
    hvad hvem hvor hvordan hvorfor hvornår hvilken hvilke hvis så også lige nu her bare meget
    godt god gode dårlig syg sygemeldt sygemelding sygemelde rask raskmelding raskmelde arbejde job
    jobbet ansøgning søgt søgte søge søger stilling ydelse ydelser dagpenge kontanthjælp
    sygedagpenge tillæg medarbejder menneske sagsbehandler jobcenter kommune hjælp hjælpe
    snakke tale ringe ring robot bot mig selv uge ugen uger dag dage måned timer time
    småjob arbejdsgiver virksomhed opslag slå op spørgsmål forstår forstod undskyld
    i går dag morgen fint okay ses vi ses hav ha'
    """.split()
)

_ENGLISH_WORDS = set(
    """
    hello hi hey hiya good morning afternoon evening bye goodbye thanks thank you cheers please
    i you he she we they me my mine your yours our us them their it its
    am is are was were be been have has had do does did can could will would shall should may
    might must not no yes yeah yep nope and or but that which who what where when why how this
    these those there here the a an to from with on of for by at about after before into
    want need get got help talk speak person human someone real agent call back
    sick ill leave work working job jobs applied apply application benefit benefits unemployment
    allowance employer company post small hours week weeks day days month today yesterday
    tomorrow right now just very much sorry understand robot bot menu see later thank english
    """.split()
)

_DANISH_FOLDED = {fold_danish(word) for word in _DANISH_WORDS}
# Words spelled the same in both languages tell us nothing.
_SHARED = _DANISH_FOLDED & _ENGLISH_WORDS

_WORD = re.compile(r"[a-zæøåéü']+")


def guess_language(text: Optional[str]) -> Optional[str]:
    """Returns "da" or "en" when the words say so clearly, otherwise None."""
    if not text or text.startswith("/"):
        return None
    danish_score = english_score = 0
    for word in _WORD.findall(text.lower()):
        folded = fold_danish(word)
        if folded in _SHARED:
            continue
        # English speakers write Danish benefit names too ("who can get kontanthjælp?"), so æ/ø/å
        # marks one Danish word, not a Danish message.
        if folded in _DANISH_FOLDED or re.search("[æøå]", word):
            danish_score += 1
        if word in _ENGLISH_WORDS:
            english_score += 1
    if english_score > danish_score:
        return ENGLISH
    if danish_score > english_score:
        return DANISH
    return None


def detect_language(text: Optional[str], current: Optional[str] = None) -> str:
    """Returns "da" or "en" for a message; keeps `current` (default Danish) when unsure."""
    fallback = current if current in SUPPORTED else DANISH
    return guess_language(text) or fallback
