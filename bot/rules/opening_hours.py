"""When a person can answer the chat live: opening hours in the municipality's time zone."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Optional
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAY_NAMES_DA = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
DAY_NAMES_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
DEFAULT_OPENING_HOURS = "mon-fri 09:00-15:00"


@dataclass(frozen=True)
class OpeningHours:
    days: frozenset  # weekday numbers, Monday = 0
    opens: time
    closes: time
    zone: ZoneInfo = COPENHAGEN

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(self.zone)
        return local.weekday() in self.days and self.opens <= local.time() < self.closes

    def next_opening(self, moment: datetime) -> datetime:
        """The next time the doors open (now, if open now)."""
        local = moment.astimezone(self.zone)
        if self.is_open(local):
            return local
        for days_ahead in range(0, 8):
            day = (local + timedelta(days=days_ahead)).date()
            if day.weekday() not in self.days:
                continue
            opening = datetime.combine(day, self.opens, tzinfo=self.zone)
            if opening > local:
                return opening
        raise ValueError("opening hours have no open day")


def parse_opening_hours(text: Optional[str]) -> OpeningHours:
    """Reads "mon-fri 09:00-15:00" or "mon,wed,fri 08:30-12:00"."""
    match = re.fullmatch(r"\s*([a-z,\-]+)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*",
                         (text or DEFAULT_OPENING_HOURS).lower())
    if not match:
        raise ValueError(f"cannot read opening hours {text!r}; write e.g. {DEFAULT_OPENING_HOURS!r}")
    days = set()
    for part in match.group(1).split(","):
        if "-" in part:
            first, last = part.split("-", 1)
            days.update(range(DAY_NAMES.index(first), DAY_NAMES.index(last) + 1))
        else:
            days.add(DAY_NAMES.index(part))
    opens = time(int(match.group(2)), int(match.group(3)))
    # "24:00" closes at the very end of the day.
    closes = (time.max if (match.group(4), match.group(5)) == ("24", "00")
              else time(int(match.group(4)), int(match.group(5))))
    if not days or opens >= closes:
        raise ValueError(f"opening hours {text!r} have no open time")
    return OpeningHours(frozenset(days), opens, closes)


def describe_opening(moment: datetime, now: datetime, language: str) -> str:
    """'mandag kl. 09:00' / 'Monday at 09:00' (or 'i dag kl. 09:00' when it is today)."""
    local_now = now.astimezone(moment.tzinfo)
    if moment.date() == local_now.date():
        day = "i dag" if language != "en" else "today"
    elif moment.date() == (local_now + timedelta(days=1)).date():
        day = "i morgen" if language != "en" else "tomorrow"
    else:
        day = (DAY_NAMES_EN if language == "en" else DAY_NAMES_DA)[moment.weekday()]
    return f"{day} at {moment:%H:%M}" if language == "en" else f"{day} kl. {moment:%H:%M}"


def describe_hours(hours: OpeningHours, language: str) -> str:
    """'mandag-fredag kl. 09:00-15:00' / 'Monday to Friday, 09:00-15:00'."""
    names = DAY_NAMES_EN if language == "en" else DAY_NAMES_DA
    days = sorted(hours.days)
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        joiner = " to " if language == "en" else "-"
        day_text = f"{names[days[0]]}{joiner}{names[days[-1]]}"
    else:
        day_text = ", ".join(names[day] for day in days)
    closes = "24:00" if hours.closes.hour == 23 and hours.closes.minute == 59 else f"{hours.closes:%H:%M}"
    if language == "en":
        return f"{day_text}, {hours.opens:%H:%M}-{closes}"
    return f"{day_text} kl. {hours.opens:%H:%M}-{closes}"
