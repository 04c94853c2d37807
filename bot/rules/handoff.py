"""Why a conversation goes to a person, how urgent it is, and what the user is told."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Dict, Iterable, List, Mapping, Tuple

from bot.rules.opening_hours import OpeningHours, describe_opening


@dataclass(frozen=True)
class HandoffReason:
    code: str
    priority: str
    text_da: str
    text_en: str


REASONS: Dict[str, HandoffReason] = {
    reason.code: reason
    for reason in [
        HandoffReason("crisis", "urgent", "Krise: borgeren skrev om selvmord eller selvskade",
                      "Crisis: the user wrote about suicide or self-harm"),
        HandoffReason("complaint_or_sanction", "high",
                      "Klage, sanktion, anke eller et brev borgeren ikke forstår",
                      "Complaint, sanction, appeal or a letter the user does not understand"),
        HandoffReason("sick_leave", "normal", "Sygemelding der skal følges op af en medarbejder",
                      "Sick leave that a member of staff should follow up"),
        HandoffReason("not_understood", "normal", "Assistenten forstod ikke borgeren to gange i træk",
                      "The assistant did not understand the user twice in a row"),
        HandoffReason("form_failed", "normal", "Borgeren kom ikke igennem en formular (to fejl i træk)",
                      "The user could not get through a form (two failures in a row)"),
        # The law gives a month to answer; the advisor decides what must be kept (retention.yml).
        HandoffReason("erasure_request", "high", "Borgeren beder om at få sine oplysninger slettet",
                      "The user asks to have their data erased"),
        HandoffReason("asked_for_person", "normal", "Borgeren bad om at tale med en medarbejder",
                      "The user asked to talk to a member of staff"),
    ]
}


def reason_for(code: str) -> HandoffReason:
    return REASONS.get(code) or REASONS["asked_for_person"]


def higher_priority(first: str, second: str) -> str:
    order = ["urgent", "high", "normal"]
    return min(first, second, key=order.index)


def contact_choices(open_now: bool) -> Tuple[str, ...]:
    """Live chat only while someone is there to answer."""
    return ("chat", "phone", "written") if open_now else ("phone", "written")


def when_answered(contact_wish: str, hours: OpeningHours, now: datetime, language: str) -> str:
    """What happens next, in plain words."""
    open_now = hours.is_open(now)
    opening = describe_opening(hours.next_opening(now), now, language)
    if language == "en":
        if contact_wish == "chat":
            return "A member of staff will write to you here in the chat as soon as one is free."
        if contact_wish == "phone":
            return ("A member of staff will call you today." if open_now
                    else f"A member of staff will call you when we open, {opening}.")
        return ("You will get a written answer here in the chat, usually within two working days."
                if open_now else
                f"You will get a written answer here in the chat; we start on it when we open, {opening}.")
    if contact_wish == "chat":
        return "En medarbejder skriver til dig her i chatten, så snart en er ledig."
    if contact_wish == "phone":
        return ("En medarbejder ringer dig op i dag." if open_now
                else f"En medarbejder ringer dig op, når vi åbner {opening}.")
    return ("Du får et skriftligt svar her i chatten, normalt inden for to hverdage." if open_now
            else f"Du får et skriftligt svar her i chatten. Vi går i gang, når vi åbner {opening}.")


def reopening(hours: OpeningHours, now: datetime, language: str) -> str:
    opening = describe_opening(hours.next_opening(now), now, language)
    return f"We open again {opening}." if language == "en" else f"Vi åbner igen {opening}."


# An intent the gateway triggered (the greeting at login, a crisis while a person holds the chat) is
# stored by Rasa as a user message with this prefix; the user never wrote it.
TRIGGERED_PREFIX = "EXTERNAL: "


def last_turns(events: Iterable[Mapping], limit: int = 10) -> List[Dict[str, str]]:
    turns = []
    for event in events:
        if event.get("event") == "user" and event.get("text") and not event["text"].startswith(TRIGGERED_PREFIX):
            turns.append({"sender": "user", "text": event["text"]})
        elif event.get("event") == "bot" and event.get("text"):
            in_reply_to = (event.get("metadata") or {}).get("in_reply_to")
            if isinstance(in_reply_to, str) and in_reply_to:
                turns.append({"sender": "user", "text": in_reply_to})  # answered by the gateway itself
            turns.append({"sender": "bot", "text": event["text"]})
    return turns[-limit:]
