"""Every way a chat answer is read — yes/no, numbers, hours, names, corrections, date shifts, buttons,
stop, a request for a person, a question — exists once, here, in Danish and English.

All readers ignore case and the spelling of æ, ø and å (æ, ae or a; see bot.text.squash_danish).
Where a word is long enough that a typo cannot make it another word, one typo is forgiven (a letter
missing, extra or wrong, or two swapped); the minimum length is set per reader, next to the words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from rapidfuzz.distance import OSA

from bot.text import danish_pattern, nearest_word, one_edit_apart, squash_danish

# --- Words ---------------------------------------------------------------------------------------

_ELONGATED = re.compile(r"([^\W\d_])\1{2,}")
_WORD = re.compile(r"[^\W_]+")


def _plain_words(text: Optional[str]) -> List[str]:
    """Squashed words without punctuation or emoji: "Jaaa, tak!" → ["ja", "tak"], "don't" → ["dont"]."""
    text = _ELONGATED.sub(r"\1", (text or "").lower()).replace("'", "").replace("’", "")
    return _WORD.findall(squash_danish(text))


def _phrases(*phrases: str) -> Tuple[Tuple[str, ...], ...]:
    return tuple(tuple(_plain_words(phrase)) for phrase in phrases)


def _same_word(typed: str, word: str, typo_length: Optional[int]) -> bool:
    if typed == word:
        return True
    return (typo_length is not None and len(word) >= typo_length and len(typed) >= typo_length - 1
            and one_edit_apart(typed, word))


def _phrase_length_at(words: Sequence[str], index: int, phrase: Sequence[str],
                      typo_length: Optional[int] = None) -> int:
    """How many words `phrase` covers at `index` (0 when it is not there)."""
    if index + len(phrase) > len(words):
        return 0
    matches = all(_same_word(words[index + offset], word, typo_length) for offset, word in enumerate(phrase))
    return len(phrase) if matches else 0


def _longest_phrase_at(words: Sequence[str], index: int, phrases: Iterable[Sequence[str]],
                       typo_length: Optional[int] = None) -> Tuple[Tuple[str, ...], int]:
    best: Tuple[Tuple[str, ...], int] = ((), 0)
    for phrase in phrases:
        exact = _phrase_length_at(words, index, phrase)
        covered = exact or _phrase_length_at(words, index, phrase, typo_length)
        if covered and (covered, bool(exact)) > (best[1], False):
            best = (tuple(phrase), covered)
    return best


def _contains_phrase(words: Sequence[str], phrases: Iterable[Sequence[str]]) -> bool:
    phrases = list(phrases)
    return any(_phrase_length_at(words, index, phrase) for index in range(len(words)) for phrase in phrases)


# --- Yes / no ------------------------------------------------------------------------------------

# Plain yes/no words. After a yes or no they say nothing new ("ja, ikke om aftenen" is yes); a plain
# word of the other answer later in the message makes it unclear ("ja nej").
_YES_PARTICLES = {"ja", "jah", "jaja", "jo", "jep", "jepp", "jeps", "jepper", "yes", "yeah", "yep", "yup",
                  "ok", "okay", "okey", "oki", "sure"}
_NO_PARTICLES = {"nej", "neej", "nix", "no", "nope", "nah"}
_YES_PHRASES = _phrases(
    *_YES_PARTICLES, "ja tak", "ja gerne", "ja bestemt", "yes please", "helt sikkert", "det passer",
    "det er rigtigt", "det er rigtig", "det er korrekt", "det er fint", "helt fint", "korrekt", "rigtigt",
    "rigtig", "præcis", "præcist", "selvfølgelig", "selvfølgeligt", "gerne", "meget gerne", "klart", "absolut",
    "bestemt", "naturligvis", "fint", "fine", "correct", "right", "thats right", "exactly", "definitely",
    "certainly", "of course", "hvorfor ikke", "why not", "no problem", "intet problem", "det kan den",
    "det kan det", "det kan jeg", "det gør den", "det gør det", "det gør jeg", "det tror jeg", "i think so",
    "det vil jeg gerne")
_NO_PHRASES = _phrases(
    *_NO_PARTICLES, "nej tak", "nej ellers tak", "ellers tak", "no thanks", "no thank you", "ikke rigtigt",
    "ikke rigtig", "ikke korrekt", "forkert", "det er forkert", "helt forkert", "det er ikke rigtigt",
    "det er ikke korrekt", "slet ikke", "overhovedet ikke", "aldrig", "never", "not really", "not at all",
    "dont think so", "i dont think so", "wrong", "incorrect", "thats wrong", "not right", "ikke nødvendigt",
    "not needed", "not necessary", "behøver ikke", "det behøver jeg ikke", "ikke nu", "not now",
    "helst ikke", "hellere ikke", "rather not", "id rather not")
# Not knowing, anywhere in the message, makes it unclear: "ja, måske" is not a yes.
_UNSURE_PHRASES = _phrases(
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
    words = _plain_words(text)
    if not [word for word in words if word not in ("tak", "thanks", "mange")]:
        return _emoji_answer(text or "")
    if _contains_phrase(words, _UNSURE_PHRASES):
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
    words = set(_plain_words(rest))
    if not words or words <= _ONLY_DECLINING:
        return None
    return rest


def _says_the_opposite(words: Sequence[str], after: int, answer: bool) -> bool:
    """A plain word of the other answer after the first one ("ja nej"); "no problem" is no such word,
    nor are "jo", "ok" and "sure", which Danish uses inside a no ("nej, det er jo fint")."""
    for index in range(after, len(words)):
        if answer and words[index] in _NO_PARTICLES and _longest_phrase_at(words, index, _YES_PHRASES)[1] < 2:
            return True
        if not answer and words[index] in _YES_PARTICLES - _SOFT_PARTICLES:
            return True
    return False


def _lead_answer(words: Sequence[str], start: int) -> Tuple[Optional[bool], int]:
    """The answer the words at `start` give, and where the words after it begin."""
    yes_phrase, yes_length = _longest_phrase_at(words, start, _YES_PHRASES, _YES_NO_TYPO_LENGTH)
    _no_phrase, no_length = _longest_phrase_at(words, start, _NO_PHRASES, _YES_NO_TYPO_LENGTH)
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


# --- Numbers -------------------------------------------------------------------------------------

_UNITS_DA = {"en": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9}
_TENS_DA = {"tyve": 20, "tredive": 30, "fyrre": 40, "halvtreds": 50, "tres": 60, "halvfjerds": 70, "firs": 80,
            "halvfems": 90}
_UNITS_EN = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TENS_EN = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}


def _number_words() -> Dict[str, float]:
    words: Dict[str, float] = {"nul": 0, "et": 1, "een": 1, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13,
                               "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17, "atten": 18,
                               "nitten": 19, "tredve": 30, "fyrretyve": 40, "halvtredsindstyve": 50,
                               "tresindstyve": 60, "halvfjerdsindstyve": 70, "firsindstyve": 80,
                               "halvfemsindstyve": 90, "hundrede": 100, "halvanden": 1.5,
                               "zero": 0, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                               "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
                               "hundred": 100, "half": 0.5}
    words.update(_UNITS_DA, **_TENS_DA, **_UNITS_EN, **_TENS_EN)
    for unit, unit_value in _UNITS_DA.items():
        for tens, tens_value in _TENS_DA.items():
            words[f"{unit}og{tens}"] = unit_value + tens_value      # "femogtyve"
    return words


# Every number word 0-100, Danish and English, squashed: the one table of them.
NUMBER_WORDS: Mapping[str, float] = _number_words()
# Ordinals and other words one typo from a number word: "eighth" is not "eighty".
_NOT_NUMBER_TYPOS = {"eighth", "seventh", "thirsty", "ellevte", "tredie", "femte"}
_NUMBER_TYPO_LENGTH = 6
_VAGUE_COUNTS = _phrases("et par", "a couple of", "a couple", "couple of", "a few", "few", "nogle", "flere",
                         "several", "some", "mange", "many", "lidt", "a little")
# "to" is English too: not a number after these words or before these ("up to 15", "want to work").
_ENGLISH_BEFORE_TO = {"up", "want", "wants", "wanted", "have", "has", "had", "need", "needs", "going", "able",
                      "back", "how", "like", "due", "from", "according", "close", "next", "go", "went", "come",
                      "moved", "change", "changed", "talk", "speak", "used", "it", "me", "you", "is", "was"}
_ENGLISH_AFTER_TO = {"the", "a", "an", "my", "your", "be", "do", "work", "get", "go", "make", "have", "me",
                     "you", "him", "her", "it", "them", "us", "this", "that", "start", "see"}
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|½|\S")


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Number:
    value: float
    start: int
    end: int
    weak: bool = False      # "en"/"et": also the article, so it counts only when nothing else does


def _digits_value(digits: str) -> Optional[float]:
    """ "12.500" and "12,500" are thousands (a separator before exactly three digits), "7,5", "7.5" and
    "0,125" decimals; with both marks ("12.500,50") the last one is the decimal mark."""
    if "." in digits and "," in digits:
        mark = "," if digits.rfind(",") > digits.rfind(".") else "."
        whole, _, fraction = digits.rpartition(mark)
        groups = whole.split("." if mark == "," else ",")
        return float("".join(groups) + "." + fraction) if _thousands(groups) else None
    for mark in ".,":
        if mark in digits:
            parts = digits.split(mark)
            if _thousands(parts) and parts[0] != "0":
                return float("".join(parts))
            return float(parts[0] + "." + parts[1]) if len(parts) == 2 else None
    return float(digits)


def _thousands(groups: Sequence[str]) -> bool:
    return len(groups) > 1 and 1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])


def _number_word(word: str) -> Optional[float]:
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if len(word) < _NUMBER_TYPO_LENGTH or word in _NOT_NUMBER_TYPOS:
        return None
    near = nearest_word(word, NUMBER_WORDS, _NUMBER_TYPO_LENGTH)
    return NUMBER_WORDS[near] if near else None


def _words_at(tokens: Sequence[_Token], index: int, count: int) -> List[str]:
    return [token.text for token in tokens[index:index + count]]


def _compound_at(tokens: Sequence[_Token], index: int, value: float) -> Tuple[float, int]:
    """ "fem og tyve", "twenty five", "twenty-five", "et hundrede": the value and the tokens used."""
    word, after = tokens[index].text, _words_at(tokens, index + 1, 3)
    before = tokens[index - 1].text if index else ""
    if word in _UNITS_DA and after[:1] == ["og"] and after[1:2] and after[1] in _TENS_DA \
            and before not in ("mellem", "between"):
        return value + _TENS_DA[after[1]], 3
    if word in _TENS_EN and after[:1] == ["-"] and after[1:2] and after[1] in _UNITS_EN:
        return value + _UNITS_EN[after[1]], 3
    if word in _TENS_EN and after[:1] and after[0] in _UNITS_EN:
        return value + _UNITS_EN[after[0]], 2
    if word in ("en", "et", "one", "a", "an") and after[:1] and after[0] in ("hundrede", "hundred"):
        return 100, 2
    return value, 1


def _word_number_at(tokens: Sequence[_Token], index: int, previous: Optional[_Number]) -> Optional[_Number]:
    word = tokens[index].text
    if word in ("en", "et", "a", "an") and _words_at(tokens, index + 1, 1) in (["halv"], ["half"]):
        return _Number(0.5, tokens[index].start, tokens[index + 1].end)
    value = None if word in ("a", "an") else _number_word(word)
    if word in ("a", "an") and _words_at(tokens, index + 1, 1) == ["hundred"]:
        value = 100
    if value is None or (word == "to" and not _is_danish_two(tokens, index, previous)):
        return None
    value, used = _compound_at(tokens, index, value)
    weak = word in ("en", "et") and used == 1
    return _Number(value, tokens[index].start, tokens[index + used - 1].end, weak)


def _is_danish_two(tokens: Sequence[_Token], index: int, previous: Optional[_Number]) -> bool:
    before = tokens[index - 1] if index else None
    after = _words_at(tokens, index + 1, 1)
    if before is not None and previous is not None and previous.end == before.end:
        return False        # "10 to 12": a range
    return not (before and before.text in _ENGLISH_BEFORE_TO) and not (after and after[0] in _ENGLISH_AFTER_TO)


def _number_at(tokens: Sequence[_Token], index: int, previous: Optional[_Number]) -> Optional[_Number]:
    token = tokens[index]
    if token.text[0].isdecimal():
        value = _digits_value(token.text)
        return None if value is None else _Number(value, token.start, token.end)
    if token.text == "½":
        return _Number(0.5, token.start, token.end)
    return _word_number_at(tokens, index, previous)


def _with_half(tokens: Sequence[_Token], number: _Number, index: int) -> Tuple[_Number, int]:
    """ "to og en halv", "2 og en halv", "two and a half", "2½": half added. `index` is the next token."""
    after = _words_at(tokens, index, 3)
    if after in (["og", "en", "halv"], ["and", "a", "half"]):
        return _Number(number.value + 0.5, number.start, tokens[index + 2].end), index + 3
    if after[:1] == ["½"] and tokens[index].start == number.end:
        return _Number(number.value + 0.5, number.start, tokens[index].end), index + 1
    return number, index


def _negative(squashed: str, tokens: Sequence[_Token], index: int, number: _Number,
              previous: Optional[_Number]) -> _Number:
    """ "-5" and "minus 5" are negative; in "10-12" and "10 -12" the dash joins a range."""
    before = tokens[index - 1] if index else None
    if before is None or before.text not in ("-", "−", "minus"):
        return number
    if before.text != "minus" and (before.end != number.start
                                   or previous is not None and not squashed[previous.end:before.start].strip()):
        return number
    return _Number(-number.value, before.start, number.end, number.weak)


def _scan_numbers(squashed: str) -> Tuple[List[_Number], bool]:
    """Every number in squashed text, with where it stands, and whether a vague count ("et par",
    "a few") was there."""
    tokens = [_Token(m.group(0), m.start(), m.end()) for m in _NUMBER_TOKEN.finditer(squashed)]
    words = [token.text for token in tokens]
    numbers: List[_Number] = []
    vague, index = False, 0
    while index < len(tokens):
        _phrase, vague_length = _longest_phrase_at(words, index, _VAGUE_COUNTS)
        if vague_length:
            vague, index = True, index + vague_length
            continue
        previous = numbers[-1] if numbers else None
        number = _number_at(tokens, index, previous)
        if number is None:
            index += 1
            continue
        used = next(i for i in range(index, len(tokens)) if tokens[i].end >= number.end) + 1
        number, next_index = _with_half(tokens, number, used)
        number = _negative(squashed, tokens, index, number, previous)
        numbers.append(_Number(float(number.value), number.start, number.end, number.weak))
        index = next_index
    return numbers, vague


def _counted(numbers: Sequence[_Number]) -> List[_Number]:
    strong = [number for number in numbers if not number.weak]
    return strong or list(numbers)


def read_numbers(text: Optional[str]) -> List[float]:
    """Every number in `text`, in order: digits ("12.500", "12.500,50", "7,5", "-3") and number words
    0-100 ("ti", "femogtyve", "fem og tyve", "halvanden", "to og en halv", "twenty-five", "half").
    "en"/"et" count as 1 only when the text has no other number (they are also the article); vague
    counts ("et par", "nogle", "a few") are no number."""
    numbers, _vague = _scan_numbers(squash_danish(text or ""))
    return [number.value for number in _counted(numbers)]


def read_number(text: Optional[str]) -> Optional[float]:
    """The one number in `text` (see read_numbers); None when there is none, more than one, or a vague
    count ("et par", "a few"), so the caller asks."""
    numbers, vague = _scan_numbers(squash_danish(text or ""))
    counted = _counted(numbers)
    return counted[0].value if len(counted) == 1 and not vague else None


# --- Hours and ranges ----------------------------------------------------------------------------

_HOURS_UNIT = re.compile(r"\s*(?:timer|time|tim|t|hours?|hrs?|h)\b")
_RANGE_BETWEEN = re.compile(r"\s*(?:-|–|—|til|to|eller|or)\s*")
_RANGE_AND = re.compile(r"\s*(?:og|and)\s*")
_RANGE_OPENING = re.compile(r"(?:mellem|between|fra|from)\s*$")


def _range_in(squashed: str, numbers: Sequence[_Number]) -> Optional[Tuple[float, float]]:
    for first, second in zip(numbers, numbers[1:]):
        between = squashed[first.end:second.start]
        opened = _RANGE_OPENING.search(squashed[:first.start])
        if _RANGE_BETWEEN.fullmatch(between) or (opened and _RANGE_AND.fullmatch(between)):
            return first.value, second.value
    return None


def read_range(text: Optional[str]) -> Optional[Tuple[float, float]]:
    """ "10-12 timer", "10 til 12", "mellem 10 og 12", "between 10 and 12", "10 eller 12", "to til tre":
    the two numbers as written; None when the text gives no range."""
    squashed = squash_danish(text or "")
    numbers, _vague = _scan_numbers(squashed)
    return _range_in(squashed, numbers)


def read_hours(text: Optional[str], needs_unit: bool = False) -> Tuple[Optional[float], Optional[str]]:
    """Hours from "10 timer", "ti timer", "10 t", "10t/uge", "10 timer om ugen", "ten hours", "7,5":
    (hours, None), or (None, problem) with problem 'range' ("10-12 timer", "mellem 10 og 12": ask for
    one number), 'not_a_number' (none, several, or vague) or 'negative'. The first number written
    before an hours word wins; without one, the text must hold exactly one number (unless
    `needs_unit`). Limits stay with each journey."""
    squashed = squash_danish(text or "")
    numbers, vague = _scan_numbers(squashed)
    if _range_in(squashed, numbers):
        return None, "range"
    value = next((number.value for number in numbers if _HOURS_UNIT.match(squashed, number.end)), None)
    if value is None and not needs_unit and not vague:
        counted = _counted(numbers)
        value = counted[0].value if len(counted) == 1 else None
    if value is None:
        return None, "not_a_number"
    if value < 0:
        return None, "negative"
    return value, None


# --- Durations and shifts ------------------------------------------------------------------------

_UNIT_DAYS = (("day", 1, r"dage|dagen|dages|dags|dag|dognet|dogn|days|day"),
              ("week", 7, r"uger|ugen|ugers|uge|weeks|week|wks"),
              ("month", 30, r"maneder|maneden|maneds|maned|months|month"))
_UNIT_AFTER = re.compile(r"\s*(?:" + "|".join(f"(?P<{unit}>{words})" for unit, _d, words in _UNIT_DAYS) + r")\b")
_ARTICLE_UNIT = re.compile(r"\b(?:a|an)\s+(?=(?:day|week|month)\b)")


@dataclass(frozen=True)
class FoundDuration:
    """ "3 uger": 21 days. Positions are in squash_danish(text), as bot.rules.dates.find_date gives them.
    A month counts as 30 days."""

    days: int
    unit: str           # "day", "week" or "month"
    start: int
    end: int


def find_durations(text: Optional[str]) -> List[FoundDuration]:
    """Every "N dage/uger/måneder" ("3 uger", "tre uger", "en uge", "a week", "14 dage") in `text`,
    in order. A count that gives part of a day ("halvanden uge") is left out: ask for a date."""
    squashed = squash_danish(text or "")
    numbers, _vague = _scan_numbers(squashed)
    counts = [(number.value, number.start, number.end) for number in numbers]
    counts += [(1, match.start(), match.end()) for match in _ARTICLE_UNIT.finditer(squashed)]
    found = []
    for value, start, end in sorted(counts, key=lambda count: count[1]):
        unit = _UNIT_AFTER.match(squashed, end)
        if unit and value > 0:
            days = value * next(days for name, days, _w in _UNIT_DAYS if name == unit.lastgroup)
            if days == int(days):
                found.append(FoundDuration(int(days), unit.lastgroup, start, unit.end()))
    return found


def find_duration(text: Optional[str]) -> Optional[FoundDuration]:
    """The first duration in `text` (see find_durations)."""
    durations = find_durations(text)
    return durations[0] if durations else None


_LATER_WORDS = {"senere", "langere", "mere", "ekstra", "efter", "later", "longer", "more", "extra", "after"}
_EARLIER_WORDS = {"tidligere", "for", "kortere", "mindre", "earlier", "sooner", "before", "shorter", "less"}
_SHIFT_TYPO_LENGTH = 6
_NEXT_WORD = re.compile(r"\s*([a-z]+)(?:\s+([a-z]+))?")
_LONGER_BEFORE = re.compile(r"(?:forlang\w*|extend\w*|prolong\w*|udskud\w*|udsat|postpone\w*|delay\w*|yderligere"
                            r"|another|endnu|ekstra|extra)\s+(?:(?:med|by|with)\s+)?$")
_SHORTER_BEFORE = re.compile(r"(?:forkort\w*|shorten\w*|fremrykk\w*)\s+(?:(?:med|by)\s+)?$")


def _shift_sign(squashed: str, duration: FoundDuration) -> int:
    """+1 later, -1 earlier, 0 when the words around a duration give no direction."""
    if _LONGER_BEFORE.search(squashed[:duration.start]):
        return 1
    if _SHORTER_BEFORE.search(squashed[:duration.start]):
        return -1
    after = _NEXT_WORD.match(squashed, duration.end)
    if not after:
        return 0
    word = nearest_word(after.group(1), _LATER_WORDS | _EARLIER_WORDS, _SHIFT_TYPO_LENGTH)
    if word == "for" and after.group(2) in ("tidligt", "sent", "lidt", "meget"):
        return 0        # "3 dage for sent": too late, not "three days before"
    if word in _LATER_WORDS:
        return 1
    if word in _EARLIER_WORDS:
        return -1
    ends_with_til = after.group(1) == "til" and after.group(2) is None and not squashed[after.end():].strip(" .!")
    return 1 if ends_with_til else 0


def read_relative_shift(text: Optional[str]) -> Optional[int]:
    """Days a date moves: "tre dage senere end jeg skrev" → 3, "en uge tidligere" → -7, "2 uger længere"
    → 14, "forlænget med 14 dage" → 14, "en uge mere"/"en uge til" → 7, "fem dage før" → -5, "a week
    later" → 7, "two days earlier" → -2. None for a vague count ("et par dage senere": the caller
    asks), a duration without a direction ("3 uger"), a plain date, or two shifts in one message."""
    squashed = squash_danish(text or "")
    shifts = [sign * duration.days for duration in find_durations(text)
              for sign in [_shift_sign(squashed, duration)] if sign]
    return shifts[0] if len(shifts) == 1 else None


# --- Names ---------------------------------------------------------------------------------------

_NAME_LABELS = (r"arbejdsgiver(?:en)?|firma(?:et|navnet)?|virksomhed(?:en|ens\s+navn)?|stilling(?:en)?|jobbet"
                r"|jobtit(?:el|len)|tit(?:el|len)|navn(?:et)?|kontaktperson(?:en)?|employer|company(?:\s+name)?"
                r"|job\s+title|title|name|position|contact(?:\s+person)?")
_LEADING_NAME_FILLER = re.compile(danish_pattern(
    r"^(?:(?:øh|æh|altså|tja|well|um|uh|hmm)[\s,]+"
    r"|(?:(?:min|mit|vores|the|my|our)\s+)?(?:" + _NAME_LABELS + r")(?:\s*[:=]|\s+(?:hedder|hed|er|var|is|was"
    r"|is\s+called))\s*"
    r"|(?:det|den|han|hun|it|that|this)\s+(?:hedder|hed|er|var|is|was)\s+"
    r"|(?:it|that)['’]?s\s+"
    r"|(?:hedder|called)\s+"
    r"|(?:jeg|i)\s+(?:arbejder|arbejdede|er\s+ansat|var\s+ansat|søgte|har\s+søgt|work|worked|applied)"
    r"\s+(?:hos|ved|i|som|at|for|as)\s+"
    r"|(?:som|as)\s+(?:(?:en|et|a|an)\s+)?)"), re.IGNORECASE)
# Lower case only: "hos Netto" is Netto, but a café can be called "Hos Anna".
_LEADING_AT = re.compile(r"^(?:hos|at)\s+")
_TRAILING_NAME_FILLER = re.compile(danish_pattern(
    r"[\s,]+(?:det\s+skrev\s+jeg|som\s+jeg\s+(?:skrev|sagde)|tror\s+jeg|mener\s+jeg|vist|jo|tak|thanks"
    r"|thank\s+you|please|i\s+think|i\s+believe|as\s+i\s+(?:said|wrote)|like\s+i\s+said)$"), re.IGNORECASE)
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
    return [(squash_danish(match.group(0)), match.start(), match.end()) for match in _WORD.finditer(text)]


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
    phrases = [(field, _plain_words(name)) for field, names in field_words.items() for name in names]
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


_SHOULD_BE = re.compile(danish_pattern(
    r"\b(?:(?:skal|skulle|burde)\s+(?:(?:i\s+stedet\s+)?være|rettes\s+til|ændres\s+til|hedde)|should\s+(?:be|say)"
    r"|must\s+be|ought\s+to\s+be|jeg\s+mente|i\s+meant|mente|meant|rettet\s+til|ændret\s+til|changed\s+to)\b"
    r"\s*:?\s*"), re.IGNORECASE)
_CONNECTOR = re.compile(danish_pattern(
    r"(?:\s*[:=]\s*|\s+(?:hedder|hed|er\s+nu|er|var|is\s+called|is|was|til|to)\b\s*)"), re.IGNORECASE)
_LEADING_CUES = re.compile(danish_pattern(
    r"^(?:\s*(?:nej|no|nope|forkert|wrong|incorrect|det\s+er\s+(?:ikke\s+rigtigt|forkert)|ikke\s+rigtigt?"
    r"|that'?s\s+(?:wrong|not\s+right)|ret\s+(?:det|den|it)\s+til|ret\s+til|change\s+it\s+to|jeg\s+mener"
    r"|i\s+mean)\b[\s,.:;!-]*)+"), re.IGNORECASE)
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
    words = _plain_words(value)
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


# --- Questions, stop and asking for a person ----------------------------------------------------

_QUESTION_STARTS = _phrases(
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
    words = _plain_words(text)
    return bool(words) and _longest_phrase_at(words, 0, _QUESTION_STARTS, _QUESTION_TYPO_LENGTH)[1] > 0


_STOP_PHRASES = _phrases(
    "stop", "stopp", "stoppe", "annuller", "annullere", "afbryd", "afbryde", "glem det", "drop det", "fortryd",
    "fortryde", "lad være", "lad vær", "hold op", "cancel", "forget it", "never mind", "nevermind", "quit",
    "abort", "exit")
_STOP_FILLERS = {"bare", "lige", "please", "pls", "tak", "nej", "no", "det", "her", "den", "dette", "alt", "hele",
                 "everything", "it", "this", "that", "now", "nu", "venligst", "jeg", "vil", "gerne", "i", "want",
                 "to", "just", "med", "ok", "okay", "sa", "the", "thanks", "kan", "du", "you", "can", "so"}
_STOP_TYPO_LENGTH = 6       # "anuller", "cancle", "afbyrd"; "stop" and "quit" have neighbours (shop, quiz)
_MAX_STOP_WORDS = 5
_NEGATION_WORDS = {"ikke", "not", "dont", "never", "aldrig"}


def is_stop(text: Optional[str]) -> bool:
    """A short message (at most five words) that stops what is going on: "stop", "stop det", "annuller",
    "afbryd", "glem det", "drop det", "fortryd", "lad være", "cancel", "forget it", "never mind", "quit",
    with nothing else than words like "bare", "lige", "please", "nej". A negation ("stop ikke"), other
    content ("annuller min sygemelding") or a question ("kan jeg fortryde?") is no stop."""
    words = _plain_words(text)
    negated = _NEGATION_WORDS & set(words) - ({"never"} if "mind" in words else set())
    if not words or len(words) > _MAX_STOP_WORDS or negated or looks_like_question(text):
        return False
    index, found = 0, False
    while index < len(words):
        _phrase, length = _longest_phrase_at(words, index, _STOP_PHRASES, _STOP_TYPO_LENGTH)
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
_PERSON_REQUESTS = _phrases(
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
    words = _plain_words(text)
    persons = {index for index, word in enumerate(words)
               if _person_word(word) and not _named_as_a_job(words, index)}
    if not persons or (_NEGATION_WORDS & set(words) and not looks_like_question(text)):
        return False
    if all(word in _PERSON_FILLERS for index, word in enumerate(words) if index not in persons):
        return any(_person_word(words[index]) not in _VAGUE_PERSON_WORDS for index in persons)
    return any(_longest_phrase_at(words, index, _PERSON_REQUESTS, _PERSON_TYPO_LENGTH)[1]
               for index in range(len(words)))


# --- Buttons -------------------------------------------------------------------------------------

_POLITE_WORDS = {"tak", "mange", "tusind", "gerne", "please", "pls", "venligst", "ja", "jo", "bare", "lige", "sa",
                 "the", "thanks", "thank", "you", "thx", "den", "det", "it"}
_NUMBER_LABELS = {"nummer", "nr", "number", "no", "num", "valg", "option", "mulighed", "knap", "button"}
_LEADING_NUMBER = re.compile(r"\s*/?\s*#?\s*(\d+)(?!\d)")
_BUTTON_WORD_TYPO_LENGTH = 5


def _content(words: Sequence[str]) -> List[str]:
    return [word for word in words if word not in _POLITE_WORDS]


def _edit_budget(letters: int) -> int:
    """Typos forgiven in a whole title: none below four letters, one below ten, then two."""
    return 0 if letters < 4 else 1 if letters < 10 else 2


def _title_match(words: Sequence[str], title: Optional[str]) -> Optional[Tuple[int, int]]:
    """How well a message matches a title, higher is better: (4, 0) as written, (3, 0) without polite
    words, (2, -typos) with typos, (1, 0) the title's first words; None when it does not match."""
    title_words = _plain_words(title)
    if len(title_words) > 1 and title_words[0].isdecimal():
        title_words = title_words[1:]       # "1. Lagerarbejder – Bilka": "lagerarbejder" is enough
    content = _content(words)
    wanted = _content(title_words) or title_words
    if not title_words or list(words) == title_words:
        return (4, 0) if title_words else None
    if not content:
        return None
    if content == wanted:
        return 3, 0
    typed, written = " ".join(content), " ".join(wanted)
    edits = OSA.distance(typed, written)
    if edits <= _edit_budget(len(written.replace(" ", ""))):
        return 2, -edits
    if len(content) < len(wanted) and all(_same_word(typed_word, word, _BUTTON_WORD_TYPO_LENGTH)
                                          for typed_word, word in zip(content, wanted)):
        return 1, 0
    return None


def _number_chosen(words: Sequence[str]) -> Optional[int]:
    """ "1", "nummer 1", "nr. 2", "number three": the number picked."""
    content = _content(words)
    labelled = bool(content) and content[0] in _NUMBER_LABELS
    content = content[1:] if labelled else content
    if len(content) == 1 and content[0].isdecimal():
        return int(content[0])
    value = read_number(" ".join(content)) if labelled else None
    return int(value) if value is not None and value == int(value) else None


def _numbered(buttons: Sequence[Mapping[str, str]], number: int) -> List[Mapping[str, str]]:
    def starts_with_number(value: object) -> bool:
        match = _LEADING_NUMBER.match(str(value or ""))
        return bool(match) and int(match.group(1)) == number
    return [button for button in buttons if starts_with_number(button.get("payload"))
            or starts_with_number(button.get("title"))]


def _yes_no_button(text: str, words: Sequence[str], buttons: Sequence[Mapping[str, str]]) -> Optional[str]:
    answer = read_yes_no(text)
    if answer is None or value_after_no(text):
        return None  # "nej, 30" gives the right value: the form reads it, no button says that
    intent = re.compile(r"^\s*/(?:affirm)\b" if answer else r"^\s*/(?:deny)\b", re.IGNORECASE)
    chosen = [button for button in buttons if intent.match(str(button.get("payload") or ""))
              or read_yes_no(button.get("title")) is answer]
    if len(chosen) != 1:
        return None
    # "ja, men ret datoen" next to a "Ret" button says more than yes.
    other_words = {word for button in buttons if button is not chosen[0]
                   for word in _content(_plain_words(button.get("title"))) if len(word) >= 3}
    return None if other_words & set(words) else chosen[0].get("payload")


def match_button(text: Optional[str], buttons: Sequence[Mapping[str, str]]) -> Optional[str]:
    """The payload of the button a typed message presses, or None.

    A title matches ignoring case, æøå spelling, punctuation and emoji, with a typo or two (see
    _edit_budget) and polite words around it ("ja tak, gem" presses "Gem"); the first words of one
    title are enough ("skriftligt tak" presses "Skriftligt svar"). "1" or "nummer 1" presses the button
    whose payload or title starts with 1. Otherwise a yes or no (read_yes_no) presses the button with
    payload /affirm or /deny, or whose title reads as yes or no. Two buttons matching equally well,
    or a message with more in it than a title ("gem den men ret datoen"), press none."""
    words = _plain_words(text)
    number = _number_chosen(words)
    if number is not None:
        numbered = _numbered(buttons, number)
        if len(numbered) == 1:
            return numbered[0].get("payload")
    scored = [(score, button) for button in buttons for score in [_title_match(words, button.get("title"))] if score]
    if scored:
        best = max(score for score, _button in scored)
        top = [button for score, button in scored if score == best]
        return top[0].get("payload") if len(top) == 1 else None
    return _yes_no_button(text or "", words, buttons)
