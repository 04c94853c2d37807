"""Durations ("3 uger", "a week") and how far a date moves ("en uge senere", "forlænget med 14 dage")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional

from bot.rules.reading.numbers import scan_numbers
from bot.text import nearest_word, squash_danish

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
    numbers, _vague = scan_numbers(squashed)
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
