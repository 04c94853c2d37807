"""What a message asks for besides an answer: a question, a stop, or a person to talk to."""
from __future__ import annotations

import re
from typing import Optional, Sequence

from bot.rules.reading.words import longest_phrase_at, phrase_table, plain_words
from bot.text import one_edit_apart, squash_danish

_QUESTION_STARTS = phrase_table(
    "hvad", "hvordan", "hvorfor", "hvornår", "hvem", "hvor", "hvilke", "hvilken", "hvilket", "kan jeg", "må jeg",
    "skal jeg", "får jeg", "har jeg", "er det", "er der", "kan man", "må man", "skal man", "what", "how", "why",
    "when", "who", "where", "which", "can i", "do i", "is it", "will i", "should i", "could i", "am i",
    "is there", "are there", "can you", "do you")
_QUESTION_TYPO_LENGTH = 6   # "hvordn", "hvorfr"; "hvem" and "hvad" have neighbours (hver, hvid)
_QUESTION_MARK_AT_END = re.compile(r"\?[\W_]*$")


def looks_like_question(text: Optional[str]) -> bool:
    """Ends with "?" (emoji after it allowed) or starts with a question word or phrase ("hvad",
    "hvornår", "kan jeg", "får jeg", "er det", "what", "can i", "is it")."""
    if _QUESTION_MARK_AT_END.search(text or ""):
        return True
    words = plain_words(text)
    return bool(words) and longest_phrase_at(words, 0, _QUESTION_STARTS, _QUESTION_TYPO_LENGTH)[1] > 0


_STOP_PHRASES = phrase_table(
    "stop", "stopp", "stoppe", "annuller", "annullere", "afbryd", "afbryde", "glem det", "drop det", "fortryd",
    "fortryde", "lad være", "lad vær", "hold op", "cancel", "forget it", "never mind", "nevermind", "quit",
    "abort", "exit",
    # a change of mind: "nej, ikke alligevel", "jeg har skiftet mening", "I changed my mind"
    "ikke alligevel", "alligevel ikke", "skiftet mening", "har skiftet mening", "fortrudt", "har fortrudt",
    "fortryder", "vil ikke fortsætte", "gider ikke alligevel", "changed my mind", "dont want to continue")
_STOP_FILLERS = {"bare", "lige", "please", "pls", "tak", "nej", "no", "det", "her", "den", "dette", "alt", "hele",
                 "everything", "it", "this", "that", "now", "nu", "venligst", "jeg", "vil", "gerne", "i", "want",
                 "to", "just", "med", "ok", "okay", "sa", "the", "thanks", "kan", "du", "you", "can", "so"}
_STOP_TYPO_LENGTH = 6       # "anuller", "cancle", "afbyrd"; "stop" and "quit" have neighbours (shop, quiz)
_MAX_STOP_WORDS = 5
_NEGATION_WORDS = {"ikke", "not", "dont", "never", "aldrig"}


def is_stop(text: Optional[str]) -> bool:
    """A short message (at most five words) that stops what is going on: "stop", "stop det", "annuller",
    "afbryd", "glem det", "drop det", "fortryd", "lad være", "cancel", "forget it", "never mind", "quit",
    "ikke alligevel", "jeg har skiftet mening", "changed my mind", with nothing else than words like "bare",
    "lige", "please", "nej". A negation outside such a phrase ("stop ikke", "jeg vil ikke stoppe"), other
    content ("annuller min sygemelding") or a question ("kan jeg fortryde?") is no stop."""
    words = plain_words(text)
    if not words or len(words) > _MAX_STOP_WORDS or looks_like_question(text):
        return False
    index, found = 0, False
    while index < len(words):
        _phrase, length = longest_phrase_at(words, index, _STOP_PHRASES, _STOP_TYPO_LENGTH)
        if not length and words[index] not in _STOP_FILLERS:
            return False
        found, index = found or bool(length), index + max(length, 1)
    return found


_PERSON_WORDS = tuple(squash_danish(word) for word in (
    "medarbejder", "sagsbehandler", "rådgiver", "vejleder", "jobkonsulent", "konsulent", "person", "menneske",
    "nogen", "caseworker", "advisor", "adviser", "someone", "somebody", "anyone", "human", "agent", "staff"))
# "nogen" alone is no request; "medarbejder" or "menneske tak" alone is.
_VAGUE_PERSON_WORDS = {"nogen", "someone", "somebody", "anyone", "staff"}
_PERSON_ENDINGS = ("", "en", "e", "er", "erne", "ne", "t", "r", "s")
_PERSON_TYPO_LENGTH = 6
_PERSON_REQUESTS = phrase_table(
    "tale med", "snakke med", "skrive med", "chatte med", "ringe til", "ring til", "ring mig op", "ringe mig op",
    "have fat i", "fat i", "kontakt til", "kontakt med", "kontakte mig", "kontakt mig", "vil have en",
    "have en", "få en", "stille mig om", "sende mig videre", "speak to", "speak with", "talk to", "talk with",
    "chat with", "call me", "get me", "connect me", "put me through", "want a", "need a", "contact me")
_PERSON_FILLERS = {"tak", "please", "pls", "gerne", "en", "et", "a", "an", "min", "mit", "my", "real", "rigtig",
                   "rigtigt", "agte", "ja", "bare", "lige", "venligst", "thanks", "the", "some", "af", "kod"}


def _person_word(word: str) -> Optional[str]:
    for person in _PERSON_WORDS:
        if word.startswith(person) and word[len(person):] in _PERSON_ENDINGS:
            return person
        if len(person) >= _PERSON_TYPO_LENGTH and len(word) >= _PERSON_TYPO_LENGTH - 1 and one_edit_apart(word, person):
            return person
    return None


def _named_as_a_job(words: Sequence[str], index: int) -> bool:
    """ "som medarbejder", "as an agent": a job, not a person to talk to."""
    before = words[max(0, index - 2):index]
    return bool(before) and (before[-1] in ("som", "as") or before[0] in ("som", "as")
                             and before[-1] in ("en", "et", "a", "an"))


def asks_for_person(text: Optional[str]) -> bool:
    """An explicit request for a human: a request ("tale med", "ringe til", "have fat i", "speak to",
    "call me", "get me") with a person word ("medarbejder", "sagsbehandler", "rådgiver", "menneske",
    "nogen", "someone", "human", "agent"), or only a person word ("medarbejder", "menneske tak",
    "human"). A job title that contains such a word ("social- og sundhedsmedarbejder",
    "lagermedarbejder", "som medarbejder") and a negated request ("jeg vil ikke tale med en
    medarbejder") are not; a negated question ("kan jeg ikke tale med en person?") is."""
    words = plain_words(text)
    persons = {index for index, word in enumerate(words)
               if _person_word(word) and not _named_as_a_job(words, index)}
    if not persons or (_NEGATION_WORDS & set(words) and not looks_like_question(text)):
        return False
    if all(word in _PERSON_FILLERS for index, word in enumerate(words) if index not in persons):
        return any(_person_word(words[index]) not in _VAGUE_PERSON_WORDS for index in persons)
    return any(longest_phrase_at(words, index, _PERSON_REQUESTS, _PERSON_TYPO_LENGTH)[1]
               for index in range(len(words)))
