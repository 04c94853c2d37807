"""Numbers in digits and in words (0-100, Danish and English), hours, and ranges ("10-12 timer")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from bot.rules.reading.words import longest_phrase_at, phrase_table
from bot.text import nearest_word, squash_danish

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
_VAGUE_COUNTS = phrase_table("et par", "a couple of", "a couple", "couple of", "a few", "few", "nogle", "flere",
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


def scan_numbers(squashed: str) -> Tuple[List[_Number], bool]:
    """Every number in squashed text, with where it stands, and whether a vague count ("et par",
    "a few") was there."""
    tokens = [_Token(m.group(0), m.start(), m.end()) for m in _NUMBER_TOKEN.finditer(squashed)]
    words = [token.text for token in tokens]
    numbers: List[_Number] = []
    vague, index = False, 0
    while index < len(tokens):
        _phrase, vague_length = longest_phrase_at(words, index, _VAGUE_COUNTS)
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


def read_number(text: Optional[str]) -> Optional[float]:
    """The one number in `text`: digits ("12.500", "12.500,50", "7,5", "-3") or number words 0-100
    ("ti", "femogtyve", "fem og tyve", "halvanden", "to og en halv", "twenty-five", "half"). "en"/"et"
    count as 1 only when the text has no other number (they are also the article). None when there is
    none, more than one, or a vague count ("et par", "nogle", "a few"), so the caller asks."""
    numbers, vague = scan_numbers(squash_danish(text or ""))
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
    numbers, _vague = scan_numbers(squashed)
    return _range_in(squashed, numbers)


def read_hours(text: Optional[str], needs_unit: bool = False) -> Tuple[Optional[float], Optional[str]]:
    """Hours from "10 timer", "ti timer", "10 t", "10t/uge", "10 timer om ugen", "ten hours", "7,5":
    (hours, None), or (None, problem) with problem 'range' ("10-12 timer", "mellem 10 og 12": ask for
    one number), 'not_a_number' (none, several, or vague) or 'negative'. The first number written
    before an hours word wins; without one, the text must hold exactly one number (unless
    `needs_unit`). Limits stay with each journey."""
    squashed = squash_danish(text or "")
    numbers, vague = scan_numbers(squashed)
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
