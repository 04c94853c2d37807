"""The citizen's side of the digital match in the chat, read by rule and answered by the gateway (as the
data-rights requests are, bot/rules/data_rights.py): "vis småjobs til mig", a yes or no to suggestions,
"jeg er interesseret", and the buttons of the gateway's own messages. A new intent in the model's
training data would retrain the classifier that crisis language must never be outvoted by; these few
fixed requests need no model. Pure: no Rasa, no database, no web."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Dict, List, Mapping, Optional
from zoneinfo import ZoneInfo

from bot.rules.match_sharing import summary_lines
from bot.rules.phone import normalize_danish_phone
from bot.rules.reading import read_number
from bot.rules.vacancy.fields import validate_email
from bot.text import squash_danish

DANISH_TIME = ZoneInfo("Europe/Copenhagen")
_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december")
# The gateway's own button payloads, shaped as the chat accepts a button's payload (bot/chat_input.py):
# '/match_<what>' or '/match_<what>{"argument": "..."}'. Never sent to Rasa.
PAYLOAD_PREFIX = "/match_"
_PAYLOAD = re.compile(r'^/match_([a-z_]+)(?:\{"argument": ?"([A-Za-z0-9-]{1,20})"\})?$')
SHOW, WANT, NOT_WANTED, TRAVEL, INTEREST, SHARE, NO_SHARE, WITHDRAW, ACCEPT, DECLINE, JOURNAL, NO_JOURNAL = (
    "show", "want", "not_wanted", "travel", "interest", "share", "no_share", "withdraw", "accept", "decline",
    "journal", "no_journal")
ACTIONS = (SHOW, WANT, NOT_WANTED, TRAVEL, INTEREST, SHARE, NO_SHARE, WITHDRAW, ACCEPT, DECLINE, JOURNAL,
           NO_JOURNAL)
MIN_TRAVEL_KM, MAX_TRAVEL_KM = 1, 200
TRAVEL_CHOICES = (5, 10, 20, 30)


@dataclass(frozen=True)
class MatchRequest:
    action: str
    argument: Optional[str] = None


def payload(action: str, argument: Optional[object] = None) -> str:
    return PAYLOAD_PREFIX + action + (json.dumps({"argument": str(argument)}) if argument is not None else "")


# Written as squash_danish leaves the text (æ→ae, ø→oe, å→aa): "smaajob", "smajob", "smaa job".
_SMALL_JOB = r"(?:smaa?\s?-?jobs?(?:s|ene|bet|berne|bene)?|small\s+jobs?|side\s+jobs?|mini\s?jobs?)"
_REFERENCE = re.compile(r"\bsj\s?-?\s?(\d{1,6})\b")
_SHOW = re.compile(
    rf"\b(?:vis|se|find|finde|send|giv|show|see|find me|list)\b(?:\s+\w+){{0,3}}?\s+{_SMALL_JOB}"
    rf"|{_SMALL_JOB}\s+(?:til|for)\s+(?:mig|me)\b"
    rf"|\b(?:hvilke|er der|har i|har du|nogen|nogle|any|which|are there)\b(?:\s+\w+){{0,3}}?\s+{_SMALL_JOB}"
    rf"(?:\s+\w+){{0,3}}?\s+(?:til mig|for me|der passer|som passer|that fit|that suit|i kan tilbyde)"
    rf"|\bmine\s+{_SMALL_JOB}|\bmy\s+{_SMALL_JOB}")
_NOT_WANTED = re.compile(
    rf"\b(?:stop|stoppe|afmeld|frameld|ikke (?:flere|mere|have)|ingen (?:flere|mere)|no more|unsubscribe|"
    rf"don'?t want|dont want)\b(?:\s+\w+){{0,5}}?\s*{_SMALL_JOB}")
_WANT = re.compile(
    rf"\b(?:besked om|give me|send me|notify me about|tell me about new|vil gerne have)\b(?:\s+\w+){{0,3}}?\s*"
    rf"{_SMALL_JOB}|\btilmeld\b(?:\s+\w+){{0,3}}?\s*{_SMALL_JOB}")
_TRAVEL = re.compile(r"\b(?:hoejst|hojst|max|maks|maksimalt|at most|up to|no more than)\s+(\d{1,3})\s*"
                     r"(?:km|kilometer)\b")
_INTERESTED = re.compile(r"\b(?:jeg er |i am |i'm |im )?(?:interesseret|intereseret|intresseret|interesert|interesseret|interested|intrested)\b")


def read_match_request(text: str) -> Optional[MatchRequest]:
    """What a citizen's message asks of the digital match, or None (then it goes to the model). A
    button's payload is read exactly; free text by the patterns above."""
    if text.startswith(PAYLOAD_PREFIX):
        found = _PAYLOAD.match(text)
        return MatchRequest(found.group(1), found.group(2)) if found and found.group(1) in ACTIONS else None
    squashed = squash_danish(text.lower())
    if len(squashed) > 200:
        return None  # a long message is about more than this; the model reads it
    travel = _TRAVEL.search(squashed)
    if travel:
        return MatchRequest(TRAVEL, travel.group(1))
    if _NOT_WANTED.search(squashed):
        return MatchRequest(NOT_WANTED)
    if _WANT.search(squashed):
        return MatchRequest(WANT)
    if _SHOW.search(squashed):
        return MatchRequest(SHOW)
    if _INTERESTED.search(squashed) and not re.search(r"\bikke\b|\bnot\b|\?", squashed):
        reference = _REFERENCE.search(squashed)
        return MatchRequest(INTEREST, f"SJ-{int(reference.group(1)):06d}" if reference else None)
    return None


def read_travel_km(text: str) -> Optional[int]:
    """ "15 km", "ca. 20", "tyve kilometer" → whole kilometres within reason; None otherwise."""
    number = read_number(text)
    if number is None or not MIN_TRAVEL_KM <= number <= MAX_TRAVEL_KM:
        return None
    return int(round(number))


def read_contact(text: str) -> Optional[Dict[str, str]]:
    """A Danish phone number and/or an e-mail address in the citizen's answer."""
    contact: Dict[str, str] = {}
    for word in re.split(r"[\s,;]+", text):
        if "@" in word:
            checked = validate_email(word)
            if checked.problem is None:
                contact["email"] = checked.value
    phone = normalize_danish_phone(re.sub(r"\S+@\S+", " ", text).strip())
    if phone is None:
        found = re.search(r"(?:\+45\s?)?(?:\d[\s-]?){8}", text)
        phone = normalize_danish_phone(found.group(0)) if found else None
    if phone:
        contact["phone"] = phone
    return contact or None


def leaves_a_question(text: str) -> bool:
    """A message that is clearly about something else than the question asked: a question of its own or
    a whole sentence. A short answer without the number asked for is asked again instead."""
    return "?" in text or len(text.split()) > 6


def is_cancel(text: str) -> bool:
    return squash_danish(text.lower()).strip(" .!") in {"stop", "annuller", "afbryd", "fortryd", "cancel",
                                                          "glem det", "nej tak", "never mind"}


def danish_time(moment: Optional[str], language: str) -> str:
    """ "tirsdag 8. december kl. 10.00" / "Tuesday 8 December at 10:00", in Danish time."""
    if not moment:
        return ""
    found = datetime.fromisoformat(moment)
    # A time without a zone is UTC, as the store keeps every time.
    local = (found.replace(tzinfo=timezone.utc) if found.tzinfo is None else found).astimezone(DANISH_TIME)
    if language == "en":
        return local.strftime("%A %-d %B at %H:%M")
    days = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
    return f"{days[local.weekday()]} {local.day}. {_MONTHS[local.month - 1]} kl. {local:%H.%M}"


def danish_date(day: str, language: str) -> str:
    """ "2026-12-08" → "8. december 2026" / "8 December 2026"."""
    found = datetime.fromisoformat(day)
    if language == "en":
        return found.strftime("%-d %B %Y")
    return f"{found.day}. {_MONTHS[found.month - 1]} {found.year}"


# --- what the gateway says -------------------------------------------------------------------------

_TEXTS: Dict[str, Dict[str, str]] = {
    "ask_wanted": {
        "da": "Vil du have besked om småjobs, der passer til dig? Jeg bruger kun det, du selv har skrevet i din "
              "profil: ønskejob, erfaring, timer, postnummer, hvor langt du vil rejse, kørekort, certifikater og "
              "sprog. Du kan altid sige stop igen.",
        "en": "Would you like to hear about small jobs that suit you? I only use what you put in your profile "
              "yourself: wished-for jobs, experience, hours, postcode, how far you will travel, driving licence, "
              "certificates and languages. You can say stop at any time.",
    },
    "ask_travel": {
        "da": "Hvor langt vil du højst rejse til et småjob? Skriv et antal kilometer, fx 15.",
        "en": "How far will you travel to a small job at most? Write a number of kilometres, e.g. 15.",
    },
    "bad_travel": {
        "da": "Det kunne jeg ikke læse som et antal kilometer. Skriv et tal mellem 1 og 200, fx 15.",
        "en": "I could not read that as a number of kilometres. Write a number from 1 to 200, e.g. 15.",
    },
    "travel_default": {
        "da": "Det er i orden. Så bruger jeg {km} km, til du skriver en anden afstand, fx \"højst 10 km\".",
        "en": "That's fine. I will use {km} km until you write another distance, e.g. \"at most 10 km\".",
    },
    "wanted": {
        "da": "Tak. Du får besked her i chatten, når et småjob, der passer til dig, bliver godkendt. Skriv \"stop "
              "småjobs\", hvis du ikke vil have flere.",
        "en": "Thank you. You will hear about it here in the chat when a small job that suits you is approved. "
              "Write \"stop small jobs\" if you don't want any more.",
    },
    "not_wanted": {
        "da": "Det er i orden. Du får ikke besked om småjobs, og din profil bruges ikke til at finde dem. Du kan "
              "altid skrive \"vis småjobs til mig\" senere.",
        "en": "That's fine. You will not hear about small jobs, and your profile is not used to find them. You can "
              "always write \"show small jobs for me\" later.",
    },
    "need_profile": {
        "da": "For at finde småjobs til dig mangler jeg {missing} i din profil. Skriv fx \"opdater min profil\".",
        "en": "To find small jobs for you I need {missing} in your profile. Write e.g. \"update my profile\".",
    },
    "none_now": {
        "da": "Lige nu er der ingen godkendte småjobs, der passer til din profil. Jeg giver besked, når der kommer "
              "et.",
        "en": "Right now there are no approved small jobs that suit your profile. I will let you know when one "
              "comes.",
    },
    "none_now_not_wanted": {
        "da": "Lige nu er der ingen godkendte småjobs, der passer til din profil.",
        "en": "Right now there are no approved small jobs that suit your profile.",
    },
    "list_intro": {
        "da": "Småjobs, der passer til dig, det bedste først:",
        "en": "Small jobs that suit you, best first:",
    },
    "new_intro": {
        "da": "Der er nye småjobs, der passer til dig:",
        "en": "There are new small jobs that suit you:",
    },
    "item": {
        "da": "{reference}: {job_title} hos {company}, {area}. {tasks}\nHvorfor: {reasons}",
        "en": "{reference}: {job_title} at {company}, {area}. {tasks}\nWhy: {reasons}",
    },
    "already": {
        "da": "Du har allerede vist interesse for {reference}.",
        "en": "You have already shown interest in {reference}.",
    },
    "which": {
        "da": "Hvilket småjob er du interesseret i? Skriv nummeret, fx SJ-000007, eller skriv \"vis småjobs til "
              "mig\".",
        "en": "Which small job are you interested in? Write its number, e.g. SJ-000007, or write \"show small jobs "
              "for me\".",
    },
    "ask_share": {
        "da": "Må jeg sende dette korte resumé af din profil til {company} om {job_title} ({reference})? Dit navn, "
              "CPR-nummer, adresse og telefon kommer ikke med, før du selv siger ja til en samtale.\n{summary}",
        "en": "May I send this short summary of your profile to {company} about {job_title} ({reference})? Your "
              "name, CPR number, address and phone are not included until you say yes to a talk yourself.\n"
              "{summary}",
    },
    "shared": {
        "da": "Sendt. {company} kan nu se dit resumé. Du får besked her i chatten, når de svarer. Du kan trække din "
              "interesse tilbage, så længe du ikke har sagt ja til en samtale.",
        "en": "Sent. {company} can now see your summary. You will hear here in the chat when they answer. You can "
              "take your interest back as long as you have not said yes to a talk.",
    },
    "not_shared": {
        "da": "Det er i orden. Jeg har ikke sendt noget til {company}.",
        "en": "That's fine. I have not sent anything to {company}.",
    },
    "withdrawn": {
        "da": "Din interesse for {reference} er trukket tilbage. {company} kan ikke længere se dit resumé.",
        "en": "Your interest in {reference} has been taken back. {company} can no longer see your summary.",
    },
    "invited": {
        "da": "{company} vil gerne tale med dig om {job_title} ({reference}). Forslag til tid: {time}.{note} Vil du "
              "sige ja? Så får I hinandens kontaktoplysninger.",
        "en": "{company} would like to talk to you about {job_title} ({reference}). Proposed time: {time}.{note} "
              "Will you say yes? Then you get each other's contact details.",
    },
    "ask_contact": {
        "da": "Hvilket telefonnummer eller hvilken e-mail må {company} bruge til at kontakte dig?",
        "en": "Which phone number or e-mail may {company} use to contact you?",
    },
    "bad_contact": {
        "da": "Jeg kunne ikke finde et dansk telefonnummer (8 cifre) eller en e-mail i det. Prøv igen, eller skriv "
              "\"annuller\". Invitationen venter.",
        "en": "I could not find a Danish phone number (8 digits) or an e-mail in that. Try again, or write "
              "\"cancel\". The invitation is waiting.",
    },
    "contact_cancelled": {
        "da": "Det er i orden. Invitationen venter, til du svarer. Skriv \"vis småjobs til mig\" for at se den igen.",
        "en": "That's fine. The invitation waits until you answer. Write \"show small jobs for me\" to see it again.",
    },
    "accepted": {
        "da": "Godt! {company} har fået dit navn og din kontakt. Du kan kontakte {contact_person}: {employer_contact}. "
              "Samtalen: {time}.",
        "en": "Good! {company} has your name and contact details. You can contact {contact_person}: "
              "{employer_contact}. The talk: {time}.",
    },
    "ask_journal": {
        "da": "Skal jeg skrive samtalen i din jobjournal som \"kontakt med virksomhed via jobcentret\"?",
        "en": "Shall I write the talk in your job journal as \"contact with an employer via the job centre\"?",
    },
    "journal_saved": {
        "da": "Gemt i din jobjournal: {job_title} hos {company}.",
        "en": "Saved in your job journal: {job_title} at {company}.",
    },
    "journal_skipped": {
        "da": "Det er i orden. Jeg har ikke skrevet noget i din jobjournal.",
        "en": "That's fine. I have not written anything in your job journal.",
    },
    "declined": {
        "da": "Jeg har sagt nej tak til {company} for dig. De får ingen oplysninger om dig.",
        "en": "I have said no thank you to {company} for you. They get no details about you.",
    },
    "not_selected": {
        "da": "{company} har valgt en anden til {job_title} ({reference}). Tak for din interesse. Der kommer andre "
              "småjobs.",
        "en": "{company} has chosen someone else for {job_title} ({reference}). Thank you for your interest. Other "
              "small jobs will come.",
    },
    "posting_changed": {
        "da": "{company} har ændret småjobbet {job_title} ({reference}): {hours} timer om ugen, start {start}. "
              "{tasks}",
        "en": "{company} has changed the small job {job_title} ({reference}): {hours} hours a week, start {start}. "
              "{tasks}",
    },
    "posting_closed": {
        "da": "Småjobbet {job_title} hos {company} ({reference}) er besat og lukket. Tak for din interesse.",
        "en": "The small job {job_title} at {company} ({reference}) has been filled and closed. Thank you for your "
              "interest.",
    },
    "closed": {
        "da": "Det småjob er lukket, så du kan ikke længere vise interesse for det.",
        "en": "That small job is closed, so you can no longer show interest in it.",
    },
    "unknown_posting": {
        "da": "Jeg kan ikke finde et godkendt småjob med det nummer. Skriv \"vis småjobs til mig\" for at se dem, "
              "der passer til dig.",
        "en": "I cannot find an approved small job with that number. Write \"show small jobs for me\" to see those "
              "that suit you.",
    },
    "nothing_to_answer": {
        "da": "Der er ikke noget at svare på her længere. Skriv \"vis småjobs til mig\" for at se, hvor det står.",
        "en": "There is nothing to answer here any more. Write \"show small jobs for me\" to see where things stand.",
    },
    "citizens_only": {
        "da": "Småjobforslag er for borgere. Som arbejdsgiver ser du dine opslag og de interesserede på /employer.",
        "en": "Small job suggestions are for citizens. As an employer you see your postings and those interested at "
              "/employer.",
    },
    "failed": {
        "da": "Det lykkedes ikke lige nu. Prøv igen om lidt; intet er gået tabt.",
        "en": "That did not work just now. Please try again shortly; nothing has been lost.",
    },
}

_BUTTONS: Dict[str, Dict[str, str]] = {
    "yes_wanted": {"da": "Ja, giv mig besked", "en": "Yes, let me know"},
    "no_wanted": {"da": "Nej tak", "en": "No thanks"},
    "interest": {"da": "Jeg er interesseret i {reference}", "en": "I'm interested in {reference}"},
    "withdraw": {"da": "Træk interessen for {reference} tilbage", "en": "Take back my interest in {reference}"},
    "share": {"da": "Ja, send resuméet", "en": "Yes, send the summary"},
    "no_share": {"da": "Nej, send det ikke", "en": "No, don't send it"},
    "accept": {"da": "Ja til samtalen", "en": "Yes to the talk"},
    "decline": {"da": "Nej tak til samtalen", "en": "No thanks to the talk"},
    "journal": {"da": "Ja, skriv det i jobjournalen", "en": "Yes, add it to my job journal"},
    "no_journal": {"da": "Nej tak", "en": "No thanks"},
    "travel": {"da": "{km} km", "en": "{km} km"},
}


def match_text(key: str, language: str, **values: Any) -> str:
    texts = _TEXTS[key]
    return texts.get(language, texts["da"]).format(**values)


def button(key: str, language: str, action: str, argument: Optional[object] = None, **values: Any) -> Dict[str, str]:
    titles = _BUTTONS[key]
    return {"title": titles.get(language, titles["da"]).format(**values), "payload": payload(action, argument)}


def posting_item(posting: Mapping[str, Any], language: str) -> str:
    reasons = posting.get("reasons_en" if language == "en" else "reasons_da") or ""
    return match_text("item", language, reference=posting["reference"], job_title=posting["job_title"],
                      company=posting["company"], area=posting.get("area") or posting["postcode"],
                      tasks=one_line(posting.get("tasks")), reasons=reasons)


def share_question(posting: Mapping[str, Any], summary: Mapping[str, Any], language: str) -> str:
    lines = summary_lines(summary, language) or ["–"]
    return match_text("ask_share", language, company=posting["company"], job_title=posting["job_title"],
                      reference=posting["reference"], summary="\n".join("• " + line for line in lines))


def missing_for_matching(state: Mapping[str, Any], language: str) -> Optional[str]:
    """What the profile lacks before suggestions make sense, in words; None when nothing."""
    missing: List[str] = []
    if not state.get("has_jobs"):
        missing.append("wished-for jobs or experience" if language == "en" else "ønskejob eller erfaring")
    if not state.get("postcode"):
        missing.append("your postcode" if language == "en" else "dit postnummer")
    if not missing:
        return None
    return (" and " if language == "en" else " og ").join(missing)


def one_line(text: Any, limit: int = 160) -> str:
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"
