"""Yes or no, and the value given in the same breath as a no ("nej, 30")."""
from __future__ import annotations

import re
from typing import Optional, Sequence, Tuple

from bot.rules.reading.words import contains_phrase, longest_phrase_at, phrase_table, plain_words

# Plain yes/no words. After a yes or no they say nothing new ("ja, ikke om aftenen" is yes); a plain
# word of the other answer later in the message makes it unclear ("ja nej").
_YES_PARTICLES = {"ja", "jah", "jaja", "jo", "jep", "jepp", "jeps", "jepper", "yes", "yeah", "yep", "yup",
                  "ok", "okay", "okey", "oki", "sure"}
_NO_PARTICLES = {"nej", "neej", "nix", "no", "nope", "nah"}
_YES_PHRASES = phrase_table(
    *_YES_PARTICLES, "ja tak", "ja gerne", "ja bestemt", "yes please", "helt sikkert", "det passer",
    "det er rigtigt", "det er rigtig", "det er korrekt", "det er fint", "helt fint", "korrekt", "rigtigt",
    "rigtig", "præcis", "præcist", "selvfølgelig", "selvfølgeligt", "gerne", "meget gerne", "klart", "absolut",
    "bestemt", "naturligvis", "fint", "fine", "correct", "right", "thats right", "exactly", "definitely",
    "certainly", "of course", "hvorfor ikke", "why not", "no problem", "intet problem", "det kan den",
    "det kan det", "det kan jeg", "det gør den", "det gør det", "det gør jeg", "det tror jeg", "i think so",
    "det vil jeg gerne")
_NO_PHRASES = phrase_table(
    *_NO_PARTICLES, "nej tak", "nej ellers tak", "ellers tak", "no thanks", "no thank you", "ikke rigtigt",
    "ikke rigtig", "ikke korrekt", "forkert", "det er forkert", "helt forkert", "det er ikke rigtigt",
    "det er ikke korrekt", "slet ikke", "overhovedet ikke", "aldrig", "never", "not really", "not at all",
    "dont think so", "i dont think so", "wrong", "incorrect", "thats wrong", "not right", "ikke nødvendigt",
    "not needed", "not necessary", "behøver ikke", "det behøver jeg ikke", "ikke nu", "not now",
    "helst ikke", "hellere ikke", "rather not", "id rather not")
# Not knowing, anywhere in the message, makes it unclear: "ja, måske" is not a yes.
_UNSURE_PHRASES = phrase_table(
    "ved ikke", "ved det ikke", "vedikke", "måske", "maybe", "perhaps", "ikke sikker", "usikker", "not sure",
    "dont know", "do not know", "no idea", "ingen anelse", "aner det ikke", "aner ikke", "kommer an på",
    "it depends", "depends")
_SOFT_PARTICLES = {"jo", "ok", "okay", "okey", "oki", "sure"}
_LEADING_FILLERS = {"oh", "ah", "hmm", "hm", "mm", "well", "altsa", "jamen", "tja", "so", "um", "uh", "eh", "na"}
_NEGATIONS = {"ikke", "not"}
_YES_NO_TYPO_LENGTH = 6     # "korekt", "selvfolgeligt"; shorter ones ("nope", "sure") have neighbours: hope, sur
_THUMBS_UP = re.compile("[\U0001F44D\u2705\u2714]")
_THUMBS_DOWN = re.compile("[\U0001F44E\u274C]")


def read_yes_no(text: Optional[str]) -> Optional[bool]:
    """True for yes, False for no, None when unclear.

    The answer must start with the yes or no (after "øh", "altså" and the like): a yes with a
    reservation is a yes ("ja, men ikke om aftenen"), but a sentence with "ja" somewhere inside is not
    an answer. Both answers ("ja nej"), not knowing ("ved ikke", "ja måske") or no yes/no at all give
    None. A yes phrase followed by a negation is a no ("det passer ikke", "absolut ikke"). 👍 and 👎
    count when the message has no words of its own."""
    words = plain_words(text)
    if not [word for word in words if word not in ("tak", "thanks", "mange")]:
        return _emoji_answer(text or "")
    if contains_phrase(words, _UNSURE_PHRASES):
        return None
    start = 0
    while start < min(2, len(words) - 1) and words[start] in _LEADING_FILLERS:
        start += 1
    answer, after = _lead_answer(words, start)
    if answer is None or _says_the_opposite(words, after, answer):
        return None
    emoji = _emoji_answer(text or "")
    return None if emoji is not None and emoji != answer else answer


# "nej, 30", "nej, det skal være tre dage senere": a no that gives the right value in the same breath.
_NO_THEN_VALUE = re.compile(
    r"^\W*(?:nej|neej|nope|nah|no|forkert|det er forkert|ikke rigtigt|wrong)(?![^\W\d_])[\s,.!:;-]*"
    r"(?:(?:det|den|it|that)\s+(?:skal\s+v(?:æ|ae|a)re|er|var|should\s+be|is)\s+)?(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL)
_ONLY_DECLINING = {"tak", "thanks", "thank", "you", "lad", "vaere", "vare", "ellers", "alligevel", "please", "ikke",
                   "not", "dont", "det", "den", "it"}


def value_after_no(text: Optional[str]) -> Optional[str]:
    """The value given instead in a no: "nej, 30" → "30", "nej, det skal være fredag" → "fredag";
    None for a plain no ("nej", "nej tak", "nej, lad være")."""
    match = _NO_THEN_VALUE.match(text or "")
    if not match:
        return None
    rest = match.group("rest").strip(" .!,")
    words = set(plain_words(rest))
    if not words or words <= _ONLY_DECLINING:
        return None
    return rest


def _says_the_opposite(words: Sequence[str], after: int, answer: bool) -> bool:
    """A plain word of the other answer after the first one ("ja nej"); "no problem" is no such word,
    nor are "jo", "ok" and "sure", which Danish uses inside a no ("nej, det er jo fint")."""
    for index in range(after, len(words)):
        if answer and words[index] in _NO_PARTICLES and longest_phrase_at(words, index, _YES_PHRASES)[1] < 2:
            return True
        if not answer and words[index] in _YES_PARTICLES - _SOFT_PARTICLES:
            return True
    return False


def _lead_answer(words: Sequence[str], start: int) -> Tuple[Optional[bool], int]:
    """The answer the words at `start` give, and where the words after it begin."""
    yes_phrase, yes_length = longest_phrase_at(words, start, _YES_PHRASES, _YES_NO_TYPO_LENGTH)
    _no_phrase, no_length = longest_phrase_at(words, start, _NO_PHRASES, _YES_NO_TYPO_LENGTH)
    if not yes_length and not no_length:
        return None, start
    if no_length >= yes_length:
        return False, start + no_length
    after = start + yes_length
    if yes_phrase[0] not in _YES_PARTICLES and after < len(words) and words[after] in _NEGATIONS:
        return False, after + 1
    return True, after


def _emoji_answer(text: str) -> Optional[bool]:
    up, down = bool(_THUMBS_UP.search(text)), bool(_THUMBS_DOWN.search(text))
    return up if up != down else None
