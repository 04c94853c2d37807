"""Names given as answers ("det er Netto"), the fields a message names ("ret arbejdsgiveren"), and
the corrections it makes ("stillingen skal være kok"), from each journey's table of field words."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Mapping, Optional, Sequence, Tuple

from bot.rules.reading.words import WORD, plain_words
from bot.text import danish_regex, one_edit_apart, squash_danish

# --- Names ---------------------------------------------------------------------------------------

_NAME_LABELS = (r"arbejdsgiver(?:en)?|firma(?:et|navnet)?|virksomhed(?:en|ens\s+navn)?|stilling(?:en)?|jobbet"
                r"|jobtit(?:el|len)|tit(?:el|len)|navn(?:et)?|kontaktperson(?:en)?|employer|company(?:\s+name)?"
                r"|job\s+title|title|name|position|contact(?:\s+person)?")
_LEADING_NAME_FILLER = danish_regex(
    r"^(?:(?:øh|æh|altså|tja|well|um|uh|hmm)[\s,]+"
    r"|(?:(?:min|mit|vores|the|my|our)\s+)?(?:" + _NAME_LABELS + r")(?:\s*[:=]|\s+(?:hedder|hed|er|var|is|was"
    r"|is\s+called))\s*"
    r"|(?:det|den|han|hun|it|that|this)\s+(?:hedder|hed|er|var|is|was)\s+"
    r"|(?:it|that)['’]?s\s+"
    r"|(?:hedder|called)\s+"
    r"|(?:jeg|i)\s+(?:arbejder|arbejdede|er\s+ansat|var\s+ansat|søgte|har\s+søgt|work|worked|applied)"
    r"\s+(?:hos|ved|i|som|at|for|as)\s+"
    r"|(?:som|as)\s+(?:(?:en|et|a|an)\s+)?)")
# Lower case only: "hos Netto" is Netto, but a café can be called "Hos Anna".
_LEADING_AT = re.compile(r"^(?:hos|at)\s+")
_TRAILING_NAME_FILLER = danish_regex(
    r"[\s,]+(?:det\s+skrev\s+jeg|som\s+jeg\s+(?:skrev|sagde)|tror\s+jeg|mener\s+jeg|vist|jo|tak|thanks"
    r"|thank\s+you|please|i\s+think|i\s+believe|as\s+i\s+(?:said|wrote)|like\s+i\s+said)$")
_NAME_EDGES = " \t\n.,;:!?\"'“”‘’«»"


def clean_name(text: Optional[str]) -> str:
    """The name inside an answer for an employer, company, job title or person: "Netto, det skrev jeg",
    "det er Netto", "hos Netto", "arbejdsgiveren hedder Netto", "it's Netto" and "Netto." → "Netto";
    "det var Bilka tror jeg" → "Bilka"; "som lagermand" → "lagermand". The name itself is kept as
    written ("social- og sundhedsmedarbejder", "Netto i Valby", "Hos Anna"). When nothing but filler
    would be left ("det er"), the text is kept."""
    value = re.sub(r"\s+", " ", text or "").strip(_NAME_EDGES)
    while True:
        shorter = _LEADING_AT.sub("", _LEADING_NAME_FILLER.sub("", value, count=1), count=1)
        shorter = _TRAILING_NAME_FILLER.sub("", shorter).strip(_NAME_EDGES)
        if shorter == value or not any(ch.isalnum() for ch in shorter):
            return value
        value = shorter


# --- Fields and corrections ----------------------------------------------------------------------

# A field word of five letters or more also names its field inflected ("telefon" in
# "telefonnummeret"); shorter ones only as written, so tables list their inflections ("dato",
# "datoen"). One typo is forgiven in field words of eight letters or more: shorter ones have
# neighbours (kontakt/kontant, timer/tider).
_INFLECTED_LENGTH = 5
_FIELD_TYPO_LENGTH = 8
_NOT_FIELD_TYPOS = {"employee", "employees", "employed", "positive"}


@dataclass(frozen=True)
class _Mention:
    field: str
    start: int          # positions in the original text
    end: int
    strength: Tuple[int, int]


def _text_words(text: str) -> List[Tuple[str, int, int]]:
    return [(squash_danish(match.group(0)), match.start(), match.end()) for match in WORD.finditer(text)]


def _names_word(typed: str, word: str, last_in_phrase: bool) -> Tuple[bool, bool]:
    """(matches, exactly) for one typed word against one field word."""
    if typed == word:
        return True, True
    if typed.startswith(word) and (len(word) >= _INFLECTED_LENGTH or (last_in_phrase and len(word) >= 3)):
        return True, True
    if len(word) < _FIELD_TYPO_LENGTH or typed in _NOT_FIELD_TYPOS:
        return False, False
    near = any(one_edit_apart(typed[:length], word) for length in (len(word) - 1, len(word), len(word) + 1))
    return near, False


def _mention_at(words: Sequence[Tuple[str, int, int]], index: int, field: str,
                phrase: Sequence[str]) -> Optional[_Mention]:
    if not phrase or index + len(phrase) > len(words):
        return None
    exact = True
    for offset, word in enumerate(phrase):
        matches, exactly = _names_word(words[index + offset][0], word, offset == len(phrase) - 1 and offset > 0)
        if not matches:
            return None
        exact = exact and exactly
    length = sum(len(word) for word in phrase) + len(phrase) - 1
    return _Mention(field, words[index][1], words[index + len(phrase) - 1][2], (length, int(exact)))


def _field_mentions(text: str, field_words: Mapping[str, Sequence[str]]) -> List[_Mention]:
    """Where fields are named, strongest first (the longest word, written without a typo, earliest);
    a stretch of text names one field only."""
    words = _text_words(text)
    phrases = [(field, plain_words(name)) for field, names in field_words.items() for name in names]
    candidates = [mention for field, phrase in phrases for index in range(len(words))
                  for mention in [_mention_at(words, index, field, phrase)] if mention]
    candidates.sort(key=lambda mention: (-mention.strength[0], -mention.strength[1], mention.start))
    chosen: List[_Mention] = []
    for mention in candidates:
        if all(mention.end <= other.start or mention.start >= other.end for other in chosen):
            chosen.append(mention)
    return chosen


def field_named_in(text: Optional[str], field_words: Mapping[str, Sequence[str]]) -> Optional[str]:
    """The field a message names, from a journey's table {field: words, inflections included}: "ret
    arbejdsgiveren" → 'employer'. When several are named, the longest word wins (a specific word
    names its field more surely than a short general one), then the one written first."""
    mentions = _field_mentions(text or "", field_words)
    return mentions[0].field if mentions else None


@dataclass(frozen=True)
class Correction:
    """What a correction names: the field (None when it names none) and the new value (None when it
    gives none), the value as clean_name leaves it."""

    field: Optional[str]
    value: Optional[str]


_SHOULD_BE = danish_regex(
    r"\b(?:(?:skal|skulle|burde)\s+(?:(?:i\s+stedet\s+)?være|rettes\s+til|ændres\s+til|hedde)|should\s+(?:be|say)"
    r"|must\s+be|ought\s+to\s+be|jeg\s+mente|i\s+meant|mente|meant|rettet\s+til|ændret\s+til|changed\s+to)\b"
    r"\s*:?\s*")
_CONNECTOR = danish_regex(
    r"(?:\s*[:=]\s*|\s+(?:hedder|hed|er\s+nu|er|var|is\s+called|is|was|til|to)\b\s*)")
_LEADING_CUES = danish_regex(
    r"^(?:\s*(?:nej|no|nope|forkert|wrong|incorrect|det\s+er\s+(?:ikke\s+rigtigt|forkert)|ikke\s+rigtigt?"
    r"|that'?s\s+(?:wrong|not\s+right)|ret\s+(?:det|den|it)\s+til|ret\s+til|change\s+it\s+to|jeg\s+mener"
    r"|i\s+mean)\b[\s,.:;!-]*)+")
_VALUE_END = re.compile(r"[,;\n]|\s(?:men|but)\s", re.IGNORECASE)
_TRAILING_JOINS = re.compile(r"(?:\s+(?:og|and|hos|ved|som|as|at|for|i|in))+$", re.IGNORECASE)
_NOT_A_VALUE = {"forkert", "forkerte", "wrong", "ikke", "rigtigt", "rigtig", "not", "right", "tak", "ja", "nej",
                "no", "ok", "det", "den", "it", "the", "correct", "korrekt", "incorrect", "too"}
_PRONOUNS = {"jeg", "vi", "we", "du", "you", "hvad", "what", "hvordan", "how", "kan", "can"}
_MAX_VALUE_WORDS = 8


def _value_in(stretch: str) -> Optional[str]:
    """The new value in the text after a field word: after "skal være"/"should be", or after a link
    ("hedder", "er", "til", ":"); None when the text after the field word gives none."""
    marker = _SHOULD_BE.search(stretch)
    if marker:
        return _value_from(stretch[marker.end():])
    connector = _CONNECTOR.match(stretch)
    return _value_from(stretch[connector.end():]) if connector else None


def _value_from(raw: str) -> Optional[str]:
    """ "forkert, det er Netto, det skrev jeg" → "Netto": cues and filler off, up to a comma or "men"."""
    raw = _LEADING_CUES.sub("", clean_name(raw))
    first_part = _VALUE_END.split(clean_name(raw))[0]
    return _name_like(clean_name(_TRAILING_JOINS.sub("", clean_name(first_part))))


def _name_like(value: str) -> Optional[str]:
    words = plain_words(value)
    if not words or all(word in _NOT_A_VALUE for word in words) or words[0] in _PRONOUNS:
        return None
    return value if len(words) <= _MAX_VALUE_WORDS else None


def _corrections(text: str, mentions: Sequence[_Mention]) -> List[Tuple[_Mention, Correction]]:
    ordered = sorted(mentions, key=lambda mention: mention.start)
    found = []
    for mention, following in zip(ordered, ordered[1:] + [None]):
        stretch = text[mention.end:following.start if following else len(text)]
        found.append((mention, Correction(mention.field, _value_in(stretch))))
    return found


def read_corrections(text: Optional[str], field_words: Mapping[str, Sequence[str]]) -> List[Correction]:
    """Every field a message names, in the order written, each with the value given for it ("arbejdsgiver:
    Netto, stilling: kok"). A value follows its field word after a link ("hedder", "er", "var", "til",
    ":", "skal være", "should be") and runs to the next field word, a comma or "men"."""
    text = text or ""
    return [correction for _mention, correction in _corrections(text, _field_mentions(text, field_words))]


def read_correction(text: Optional[str], field_words: Mapping[str, Sequence[str]]) -> Correction:
    """What one correction says: "arbejdsgiveren hedder Bilka" → ('employer', 'Bilka'); "ret datoen til
    fredag" → ('applied_on', 'fredag'); "ret arbejdsgiver" → ('employer', None); "det er forkert, det
    skal være Bilka" → (None, 'Bilka'); "nej, Netto, det skrev jeg" → (None, 'Netto'). Without a field
    word a value is read only after a correction cue ("skal være"/"should be" anywhere, or a message
    starting "nej", "forkert", "wrong", "ret det til"), so "Netto, det skrev jeg" alone gives (None,
    None). The field is the one field_named_in picks; values go through clean_name."""
    text = text or ""
    mentions = _field_mentions(text, field_words)
    if mentions:
        return dict(_corrections(text, mentions))[mentions[0]]
    marker = _SHOULD_BE.search(text)
    if marker:
        return Correction(None, _value_from(text[marker.end():]))
    without_cue = _LEADING_CUES.sub("", text)
    return Correction(None, _value_from(without_cue) if without_cue != text else None)
