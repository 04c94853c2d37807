"""Dates as citizens write them ("i går", "mandag", "20/11", "20. november"), resolved against today."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Optional, Tuple

import dateparser

from bot.rules.reading import find_durations
from bot.text import Vocabulary, squash_danish

MAX_DAYS_BACK = 365

# Matched on squash_danish() text, so "i går", "i gaar", "igar" and "i gar" are one pattern.
_RELATIVE_DAYS = [
    (re.compile(r"\b(?:i\s*)?forgars\b|\bday before yesterday\b"), 2),
    (re.compile(r"\bi\s*gar\b|\byesterday\b"), 1),
    (re.compile(r"\bi\s*dag\b|\btoday\b"), 0),
]
_WEEKDAYS = {
    "mandag": 0, "tirsdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4, "lordag": 5, "sondag": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
_WEEKDAY = re.compile(r"\b(?:i\s+|last\s+|on\s+|sidste\s+|forrige\s+)?(" + "|".join(_WEEKDAYS) + r")s?\b")
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[./-]\s*(\d{1,2})(?:\s*[./-]\s*(\d{4}|\d{2}))?(?![\d/-])")
_MONTHS = (r"januar|jan|februar|feb|marts|march|mar|april|apr|maj|may|juni|june|jun|juli|july|jul|"
           r"august|aug|september|sept|sep|oktober|october|okt|oct|november|nov|december|dec")
_DAY_MONTH = re.compile(r"\b(\d{1,2})\s*\.?\s*(?:of\s+)?(" + _MONTHS + r")\.?(?:\s+(\d{4}))?\b")
_MONTH_DAY = re.compile(r"\b(" + _MONTHS + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b")
_AGO = re.compile(r"\s*(?:siden|ago)\b")
_FOR_BEFORE = re.compile(r"\bfor\s+$")


@dataclass(frozen=True)
class FoundDate:
    value: date
    start: int
    end: int


NEAR_FUTURE_DAYS = 31


def _most_recent(day: int, month: int, today: date) -> Optional[date]:
    """A day and month without a year: this year's, unless that is more than a month ahead, then
    last year's ("20/12" written in January is last December; "24/11" written on 23/11 is tomorrow,
    which the caller can then refuse as a future date rather than quietly move a year back)."""
    for year in (today.year, today.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if (candidate - today).days <= NEAR_FUTURE_DAYS:
            return candidate
    return None


def _with_year(day: int, month: int, year: int) -> Optional[date]:
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _parse_month_phrase(phrase: str, today: date) -> Optional[date]:
    parsed = dateparser.parse(
        phrase, languages=["da", "en"],
        settings={"RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
                  "PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month"]},
    )
    return parsed.date() if parsed else None


def find_date(text: str, today: date) -> Optional[FoundDate]:
    """The first date written in `text`, with where it stands (positions in the squashed text).

    A day and month without a year means the latest such day up to today, so "20/12" written in
    January is last December. A weekday means the last one before today.
    """
    squashed = squash_danish(text)
    candidates = []
    for pattern, days_back in _RELATIVE_DAYS:
        match = pattern.search(squashed)
        if match:
            candidates.append(FoundDate(today - timedelta(days=days_back), match.start(), match.end()))
    match = _WEEKDAY.search(squashed)
    if match:
        days_back = (today.weekday() - _WEEKDAYS[match.group(1)]) % 7 or 7
        candidates.append(FoundDate(today - timedelta(days=days_back), match.start(), match.end()))
    days_ago = _days_ago(text, squashed, today)
    if days_ago:
        candidates.append(days_ago)
    for match in _NUMERIC.finditer(squashed):
        day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
        value = _with_year(day, month, int(year)) if year else _most_recent(day, month, today)
        if value:
            candidates.append(FoundDate(value, match.start(), match.end()))
            break
    for pattern in (_DAY_MONTH, _MONTH_DAY, _DAY_MISSPELT_MONTH):
        found_at = match = pattern.search(squashed)
        if pattern is _DAY_MISSPELT_MONTH:
            found_at, match = _misspelt_month_date(squashed)
        if match:
            value = _parse_month_phrase(match.group(0), today)
            if value and not match.group(3):
                # dateparser's "past" preference makes "30. november" written on 23 November last
                # year's; it means this year's, which is then refused as a future date, like "30/11".
                value = _most_recent(value.day, value.month, today)
            if value:
                candidates.append(FoundDate(value, found_at.start(), found_at.end()))
    if not candidates:
        return None
    return min(candidates, key=lambda found: found.start)


def _days_ago(text: str, squashed: str, today: date) -> Optional[FoundDate]:
    """ "3 dage siden", "for en uge siden", "two weeks ago" (counts read by bot.rules.reading)."""
    for duration in find_durations(text):
        ago = _AGO.match(squashed, duration.end)
        if ago and duration.unit in ("day", "week"):
            before = _FOR_BEFORE.search(squashed[:duration.start])
            start = before.start() if before else duration.start
            return FoundDate(today - timedelta(days=duration.days), start, ago.end())
    return None


_FULL_MONTHS = ("januar", "februar", "marts", "april", "juni", "juli", "august", "september", "oktober",
                "november", "december", "january", "february", "march", "june", "july", "october")
_MONTH_VOCABULARIES = [(month, Vocabulary([month])) for month in _FULL_MONTHS]


_DAY_MISSPELT_MONTH = re.compile(r"\b(\d{1,2})\s*\.?\s*([a-z]{5,})(?:\s+(\d{4}))?\b")


def _month_with_one_typo(word: str) -> Optional[str]:
    return next((month for month, vocabulary in _MONTH_VOCABULARIES if word != month and vocabulary.knows(word)),
                None)


def _misspelt_month_date(squashed: str) -> Tuple[Optional[re.Match], Optional[re.Match]]:
    """ "30. novmber": (where it stands, the same date spelt right as a _DAY_MONTH match)."""
    for found_at in _DAY_MISSPELT_MONTH.finditer(squashed):
        month = _month_with_one_typo(found_at.group(2))
        if month:
            year = f" {found_at.group(3)}" if found_at.group(3) else ""
            return found_at, _DAY_MONTH.fullmatch(f"{found_at.group(1)}. {month}{year}")
    return None, None


def parse_date_answer(text: str, today: date) -> Optional[date]:
    """A reply to "which date?": any form find_date knows (forgiving one typo in a month name), or
    what dateparser makes of the rest."""
    found = find_date(text, today)
    if found:
        return found.value
    stripped = text.strip()
    if not stripped or len(stripped) > 60:
        return None
    return _parse_month_phrase(stripped, today)


def date_problem(value: date, today: date, max_days_back: int = MAX_DAYS_BACK) -> Optional[str]:
    """Why a date cannot be an activity's date: 'future', 'too_old', or None when it can."""
    if value > today:
        return "future"
    if (today - value).days > max_days_back:
        return "too_old"
    return None


def format_date(value: date, language: str) -> str:
    if language == "en":
        return value.strftime("%d/%m/%Y").lstrip("0")
    return f"{value.day}/{value.month}/{value.year}"
