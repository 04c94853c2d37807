"""Rate limits as the settings write them ("10 per 10 seconds; 40 per minute"), when something counted
in such limits may happen again, and how to say "try again in ..." in Danish and English."""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable, List, Optional, Sequence
from zoneinfo import ZoneInfo

with warnings.catch_warnings():
    # limits 2.4 (the newest that fits Rasa 3.6's pins) imports pkg_resources, which setuptools marks
    # as deprecated; nothing here uses it.
    warnings.simplefilter("ignore", DeprecationWarning)
    from limits import RateLimitItem, parse_many

DENMARK = ZoneInfo("Europe/Copenhagen")

_UNITS = {
    "second": (("sekund", "sekunder"), ("second", "seconds")),
    "minute": (("minut", "minutter"), ("minute", "minutes")),
    "hour": (("time", "timer"), ("hour", "hours")),
    "day": (("døgn", "døgn"), ("day", "days")),
    "month": (("måned", "måneder"), ("month", "months")),
    "year": (("år", "år"), ("year", "years")),
}


def parse_limits(text: str, setting: str) -> List[RateLimitItem]:
    """The limits in `text` ("10 per 10 seconds; 40 per minute"); a ValueError naming the `setting`
    when it cannot be read, so a wrong value stops the start instead of switching a limit off."""
    try:
        items = parse_many(text)
    except ValueError:
        items = []
    if not items or any(item.amount < 1 for item in items):
        raise ValueError(f'{setting} must be limits like "10 per 10 seconds; 40 per minute", not {text!r}')
    return items


@dataclass(frozen=True)
class HeldBack:
    """One more is not allowed before `until`: `count` happened within the window of `limit`."""
    until: datetime
    limit: RateLimitItem
    count: int


def held_back(times: Iterable[datetime], items: Sequence[RateLimitItem], now: datetime) -> Optional[HeldBack]:
    """Whether one more may happen now, given the `times` the earlier ones happened at (a moving window
    per limit): None when it may, else the limit that holds it back the longest."""
    earlier = sorted(times)
    longest = None
    for item in items:
        window = timedelta(seconds=item.get_expiry())
        recent = [moment for moment in earlier if moment > now - window]
        if len(recent) >= item.amount:
            # The oldest of the last `amount` leaves the window first.
            until = recent[len(recent) - item.amount] + window
            if longest is None or until > longest.until:
                longest = HeldBack(until, item, len(recent))
    return longest


def per_period(item: RateLimitItem, language: str) -> str:
    """ "3 pr. 10 minutter", "20 per day"."""
    singular, plural = _UNITS[item.GRANULARITY.name][1 if language == "en" else 0]
    if item.multiples == 1:
        return f"{item.amount} per {singular}" if language == "en" else f"{item.amount} pr. {singular}"
    return f"{item.amount} per {item.multiples} {plural}" if language == "en" else \
        f"{item.amount} pr. {item.multiples} {plural}"


def seconds_until(moment: datetime, now: datetime) -> int:
    """Whole seconds to wait, at least 1: what a Retry-After header says."""
    return max(1, math.ceil((moment - now).total_seconds()))


def try_again_when(seconds: int, now: datetime, language: str) -> str:
    """ "om 8 sekunder", "in 3 minutes", "kl. 14:32", "tomorrow at 09:10" (Danish time)."""
    english = language == "en"
    if seconds <= 90:
        unit = ("second" if seconds == 1 else "seconds") if english else ("sekund" if seconds == 1 else "sekunder")
        return f"in {seconds} {unit}" if english else f"om {seconds} {unit}"
    if seconds <= 3600:
        minutes = math.ceil(seconds / 60)
        return f"in {minutes} minutes" if english else f"om {minutes} minutter"
    local_now = now.astimezone(DENMARK)
    then = (now + timedelta(seconds=seconds)).astimezone(DENMARK)
    clock = then.strftime("%H:%M")
    days = (then.date() - local_now.date()).days
    if days == 0:
        return f"at {clock}" if english else f"kl. {clock}"
    if days == 1:
        return f"tomorrow at {clock}" if english else f"i morgen kl. {clock}"
    return f"on {then.day}/{then.month} at {clock}" if english else f"den {then.day}/{then.month} kl. {clock}"


POSTINGS_LIMITED = {
    "da": "Du har slået {count} småjob op, og der kan højst slås {limit} op. {outcome} "
          "Du kan slå det næste op {when}. Er det vigtigt, så skriv \"medarbejder\".",
    "en": "You have posted {count} small jobs, and at most {limit} can be posted. {outcome} "
          "You can post the next one {when}. If it is urgent, write \"staff\".",
}
POSTING_KEPT = {
    "da": "Opslaget er ikke gemt, men dine svar er ikke glemt.",
    "en": "The posting has not been saved, but your answers are not forgotten.",
}
POSTING_NOT_STARTED = {"da": "Jeg starter ikke et nyt opslag lige nu.", "en": "I won't start a new posting right now."}


def postings_limited_text(held: HeldBack, now: datetime, language: str, draft_kept: bool) -> str:
    """Why a posting is not saved (or not started), and when the next one can be posted."""
    language = "en" if language == "en" else "da"
    outcome = (POSTING_KEPT if draft_kept else POSTING_NOT_STARTED)[language]
    return POSTINGS_LIMITED[language].format(
        count=held.count, limit=per_period(held.limit, language), outcome=outcome,
        when=try_again_when(seconds_until(held.until, now), now, language))
