"""The citizen's CV facts: which fields there are, and how an answer in words becomes a value."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from bot.rules.reading import read_hours, read_number, read_yes_no
from bot.text import clean_text_value, has_letters_or_digits, squash_danish, tidy_name, trim

LIST_FIELDS = ("experience", "education", "wished_jobs", "certificates", "languages")
FIELDS = ("experience", "education", "wished_jobs", "driving_licence", "certificates", "languages",
          "hours_per_week", "postcode", "weekly_target")
MAX_ITEMS = 15
MAX_ITEM_CHARS = 120
MAX_HOURS_PER_WEEK = 48
MAX_WEEKLY_TARGET = 30
LICENCE_CATEGORIES = ("AM", "A1", "A2", "A", "B", "BE", "C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE")

# Words that pick the field in "jeg vil opdatere min uddannelse", inflections included (see
# bot.rules.reading.field_named_in).
FIELD_WORDS = {
    "experience": ("erfaring", "erhvervserfaring", "arbejdserfaring", "experience", "tidligere job"),
    "education": ("uddannelse", "education", "skole", "kursus", "kurser"),
    "wished_jobs": ("ønskejob", "ønsker", "ønskede", "drømmejob", "wished", "wish", "want to work"),
    "driving_licence": ("kørekort", "kortkort", "licence", "license", "driving"),
    "certificates": ("certifikat", "truckcertifikat", "bevis", "certificate"),
    "languages": ("sprog", "language", "taler"),
    "hours_per_week": ("timer", "hours", "tid om ugen"),
    "postcode": ("postnummer", "postnr", "område", "postcode", "area", "bopæl"),
    "weekly_target": ("mål", "målet", "ugentligt", "ugentlige", "target", "goal"),
}
_CLEAR_WORDS = {"ingen", "intet", "ryd", "slet", "none", "clear", "nothing", "-"}
_YEARS = re.compile(r"(\d{1,2}(?:[.,]\d)?)\s*(?:ar|years?|yrs?)\b")
_SPLIT = re.compile(r"\s*(?:,|;|/|\bog\b|\band\b|\n)\s*")


@dataclass(frozen=True)
class ProfileAnswer:
    """What an answer does to a field: `value` to store, or `problem` to explain and ask again."""

    value: Any = None
    problem: Optional[str] = None
    clear: bool = False
    trimmed: bool = False


def _is_clear(text: str) -> bool:
    return squash_danish(text).strip(" .!") in _CLEAR_WORDS


def _items(text: str) -> Tuple[List[str], bool]:
    items, trimmed = [], False
    for part in _SPLIT.split(text):
        value = clean_text_value(part)
        if value and has_letters_or_digits(value):
            value, cut = trim(value, MAX_ITEM_CHARS)
            trimmed = trimmed or cut
            items.append(value)
    return items[:MAX_ITEMS], trimmed or len(items) > MAX_ITEMS


def _hours_per_week(text: str) -> ProfileAnswer:
    """Read by bot.rules.reading.read_hours ("20 timer", "tyve timer"); a range is 'not_a_number'
    (one number is needed), a negative number 'out_of_range'."""
    hours, problem = read_hours(text)
    if problem == "negative":
        return ProfileAnswer(problem="out_of_range")
    return _whole_number(hours, 1, MAX_HOURS_PER_WEEK)


def _whole_number(value: Optional[float], low: int, high: int) -> ProfileAnswer:
    if value is None:
        return ProfileAnswer(problem="not_a_number")
    if value != int(value) or not low <= value <= high:
        return ProfileAnswer(problem="out_of_range")
    return ProfileAnswer(value=int(value))


def parse_experience(text: str) -> Optional[Dict[str, Any]]:
    """ "lagerarbejder hos Bilka i 3 år" → {"title": "lagerarbejder", "employer": "Bilka", "years": 3}."""
    years_match = _YEARS.search(squash_danish(text))
    years = float(years_match.group(1).replace(",", ".")) if years_match else None
    without_years = re.sub(r"\b(?:i\s+|for\s+)?\d{1,2}(?:[.,]\d)?\s*(?:år|aar|ar|years?|yrs?)\b", "", text,
                           flags=re.IGNORECASE)
    parts = re.split(r"\s+(?:hos|ved|at|for|i)\s+", without_years, maxsplit=1, flags=re.IGNORECASE)
    title = clean_text_value(re.sub(r"^(?:som|as|jeg var|i was|i worked as|arbejdede som)\s+", "",
                                    clean_text_value(parts[0]), flags=re.IGNORECASE))
    employer = clean_text_value(parts[1]) if len(parts) > 1 else ""
    if not title or not has_letters_or_digits(title):
        return None
    title, _ = trim(title, MAX_ITEM_CHARS)
    employer, _ = trim(employer, MAX_ITEM_CHARS)
    entry: Dict[str, Any] = {"title": title, "employer": tidy_name(employer) if employer else ""}
    if years is not None and 0 <= years <= 60:
        entry["years"] = int(years) if years == int(years) else years
    return entry


def parse_profile_answer(field: str, text: str) -> ProfileAnswer:
    """Turns an answer for `field` into the value to store, or says what is wrong with it."""
    text = (text or "").strip()
    if not text:
        return ProfileAnswer(problem="empty")
    if _is_clear(text) and field != "driving_licence":
        return ProfileAnswer(clear=True)
    if field == "experience":
        entry = parse_experience(text)
        return ProfileAnswer(value=entry) if entry else ProfileAnswer(problem="empty")
    if field in ("education", "wished_jobs", "certificates", "languages"):
        items, trimmed = _items(text)
        if not items:
            return ProfileAnswer(problem="empty")
        if field == "languages":
            items = [tidy_name(item) for item in items]
        return ProfileAnswer(value=items, trimmed=trimmed)
    if field == "driving_licence":
        return _parse_licence(text)
    if field == "hours_per_week":
        return _hours_per_week(text)
    if field == "weekly_target":
        return _whole_number(read_number(text), 1, MAX_WEEKLY_TARGET)
    if field == "postcode":
        digits = re.findall(r"\b\d{4}\b", text)
        if len(digits) != 1 or not 800 <= int(digits[0]) <= 9990:
            return ProfileAnswer(problem="bad_postcode")
        return ProfileAnswer(value=digits[0])
    raise ValueError(f"unknown profile field {field!r}")


def _parse_licence(text: str) -> ProfileAnswer:
    squashed = squash_danish(text).strip(" .!")
    answer = read_yes_no(text)
    if answer is False or squashed in {"ingen", "none", "har ikke", "har ikke noget"}:
        return ProfileAnswer(value=[])
    found = [category for category in LICENCE_CATEGORIES
             if re.search(r"(?<![A-Za-z0-9])" + category + r"(?![A-Za-z0-9])", text.upper())]
    if found:
        return ProfileAnswer(value=sorted(set(found), key=LICENCE_CATEGORIES.index))
    if answer is True or squashed.startswith(("almindeligt", "bil", "car")):
        return ProfileAnswer(value=["B"])
    return ProfileAnswer(problem="bad_licence")


def apply_answer(profile: Dict[str, Any], field: str, answer: ProfileAnswer) -> Dict[str, Any]:
    """The profile after the answer: list fields grow (no duplicates), other fields are replaced."""
    updated = dict(profile)
    if answer.clear:
        updated[field] = [] if field in LIST_FIELDS else None
        return updated
    if field == "experience":
        updated[field] = (list(profile.get(field) or []) + [answer.value])[-MAX_ITEMS:]
    elif field in LIST_FIELDS:
        existing = list(profile.get(field) or [])
        known = {squash_danish(item) for item in existing}
        existing += [item for item in answer.value if squash_danish(item) not in known]
        updated[field] = existing[-MAX_ITEMS:]
    else:
        updated[field] = answer.value
    return updated


def matches_wished_job(profile: Dict[str, Any], job_title: str) -> bool:
    """Whether a job title fits one of the citizen's wished-for jobs (used to match småjobs)."""
    wanted = squash_danish(job_title)
    return any(squash_danish(wish) in wanted or wanted in squash_danish(wish)
               for wish in profile.get("wished_jobs") or [])
