"""When a småjob starts and how long it lasts: the start date and the kind of duration, read from an
employer's answer. Pure functions: no Rasa, no database."""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Optional, Tuple

from bot.rules.dates import find_date, parse_date_answer
from bot.rules.vacancy.fields import MAX_START_DAYS_AHEAD, NUMBER_WORD_CHOICE, RECENT_PAST_DAYS, Checked
from bot.text import Vocabulary, danish_regex, squash_danish

_ASAP = re.compile(r"\b(?:snarest(?:\s+muligt)?|hurtigst(?:\s+muligt)?|straks|med\s+det\s+samme|asap"
                   r"|as\s+soon\s+as\s+possible|right\s+away|immediately)\b")
ASAP_IN_TEXT = re.compile(_ASAP.pattern, re.IGNORECASE)
_NOW = {"nu", "now", "i dag", "idag", "today"}
_WEEKDAY_WORDS = danish_regex(r"\b(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|monday|tuesday"
                              r"|wednesday|thursday|friday|saturday|sunday)s?\b")
_EXPLICIT_YEAR = re.compile(r"\d{4}|\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{2}")
_RELATIVE = re.compile(r"\bi\s*(?:dag|gar|morgen)|forgar|yesterday|today|tomorrow|siden|ago|\bom\s|\bin\s|uge|week")
_TOMORROW = re.compile(r"\bi\s*morgen\b|\btomorrow\b")
_DAY_AFTER_TOMORROW = re.compile(r"\bi\s*overmorgen\b|\bday\s+after\s+tomorrow\b")
_NEXT_WEEK = re.compile(r"\bnaste\s+uge\b|\bnext\s+week\b")  # squashed: "næste", "naeste", "naste"


def start_date_in(text: str, today: date) -> Optional[date]:
    """A date ahead, read with bot.rules.dates (which looks back, as journals do): a weekday is the
    next one, and a day and month without a year that passed over a month ago is next year's."""
    if re.search(r"\d", text):
        # "tirsdag den 1. december": the date decides, not the weekday in front of it.
        text = _WEEKDAY_WORDS.sub(" ", text)
    squashed = squash_danish(text)
    if _DAY_AFTER_TOMORROW.search(squashed):
        return today + timedelta(days=2)
    if _TOMORROW.search(squashed):
        return today + timedelta(days=1)
    if _NEXT_WEEK.search(squashed):
        return today + timedelta(days=7 - today.weekday())
    found = find_date(text, today)
    value = found.value if found else parse_date_answer(text, today)
    if value is None:
        return None
    if _WEEKDAY_WORDS.search(text):
        while value <= today:
            value += timedelta(days=7)
    elif (value < today - timedelta(days=RECENT_PAST_DAYS) and not _EXPLICIT_YEAR.search(text)
            and not _RELATIVE.search(squashed)):
        try:
            value = value.replace(year=value.year + 1)
        except ValueError:
            return None
    return value


def validate_start_date(text: Optional[str], today: date,
                        max_days_ahead: int = MAX_START_DAYS_AHEAD) -> Checked:
    """ "1. december", "1/12", "i morgen", "i overmorgen", "mandag" (the next one), "næste uge" (its
    Monday), "om 2 uger", and "snarest", "hurtigst muligt", "straks", "asap" (all today).

    A day and month without a year is the next such day, except one that passed less than a month
    ago, which is refused as past. Problems: 'empty', 'not_a_date', 'in_past', 'too_far'."""
    squashed = squash_danish(text or "").strip(" .!")
    if not squashed:
        return Checked(None, "empty")
    if _ASAP.search(squashed) or squashed in _NOW:
        value: Optional[date] = today
    else:
        value = start_date_in(text or "", today)
    if value is None:
        return Checked(None, "not_a_date")
    if value < today:
        return Checked(None, "in_past")
    if (value - today).days > max_days_ahead:
        return Checked(None, "too_far")
    return Checked(value, None)


# --- Duration ----------------------------------------------------------------------------------

_COUNT = rf"(?:\d+|{NUMBER_WORD_CHOICE}|én|et\s+par|nogle|a|a\s+few|a\s+couple\s+of|some)"
_SPAN = r"(?:dage?|days?|uger?|weeks?|måneder?|months?)"
_DURATION_PATTERNS = (
    ("one_off", danish_regex(
        r"\bengangs\w*|\ben\s*gangs\w*|\benkeltstående|\benkelt\s*dag\b|\bkun\s+(?:en|én|1)\s+(?:dag|gang)\b"
        r"|\b(?:en|én)\s+gang\b(?!\s+(?:om|hver|pr|per|i|a)\b)"
        r"|\bone[\s-]?off\b|\bone[\s-]?time\b|\bonce\b(?!\s+(?:a|every|per)\b)|\bsingle\s+day\b"
        r"|\bone\s+day\s+only\b|\bjust\s+one\s+day\b")),
    ("period", danish_regex(
        rf"\bperiode\w*|\bperiod\b|\bmidlertidig\w*|\bsæson\w*|\bvikariat\w*|\btemporar\w*|\bseasonal\b"
        rf"|\b(?:i|for)\s+{_COUNT}\s+{_SPAN}\b|^\s*{_COUNT}\s+{_SPAN}\s*$"
        rf"|\b(?:frem\s+)?til\s+(?:jul|nytår|påske|sommer\w*|efterår\w*)\b|\bsommerferie\w*|\bsummer\b")),
    ("ongoing", danish_regex(
        r"\bfast\b|\bfastansat\w*|\bfastansættelse\w*|\bløbende\b|\bfortløbende\b|\bpermanent\w*"
        r"|\bvedvarende\b|\buden\s+slutdato\b|\bindtil\s+videre\b|\btil\s+videre\b|\btidsubegrænset\b"
        r"|\bongoing\b|\bregular(?:ly)?\b|\bno\s+end\s+date\b|\bopen[\s-]ended\b|\bon[\s-]going\b")),
)
# One typo's slack for the longer words (bot.text.Vocabulary): "lobene", "perode", "engangsopgve".
_DURATION_VOCABULARY = (
    ("one_off", Vocabulary(["engangsopgave", "engangsjob", "enkeltstående"])),
    ("period", Vocabulary(["periode", "perioden", "midlertidig", "midlertidigt", "sæsonjob", "temporary"])),
    ("ongoing", Vocabulary(["løbende", "fortløbende", "permanent", "fastansat", "fastansættelse", "ongoing"])),
)


def duration_match(text: str) -> Optional[Tuple[str, int, int]]:
    for kind, pattern in _DURATION_PATTERNS:
        match = pattern.search(text)
        if match:
            return kind, match.start(), match.end()
    for word in re.finditer(r"[^\W\d_]{6,}", text):
        for kind, vocabulary in _DURATION_VOCABULARY:
            if vocabulary.knows(word.group(0)):
                return kind, word.start(), word.end()
    return None


def parse_duration_kind(text: Optional[str]) -> Optional[str]:
    """'one_off' ("engangsopgave", "en enkelt dag", "one-off"), 'period' ("en periode", "i 3 måneder",
    "sæsonjob", "temporary") or 'ongoing' ("fast", "løbende", "indtil videre", "ongoing"); None when
    unclear. Checked in that order, so "fast i 3 måneder" is a period."""
    found = duration_match(text or "")
    return found[0] if found else None
