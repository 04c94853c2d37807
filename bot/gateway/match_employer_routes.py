"""The employer's side of the digital match: their småjob postings with the status and the summaries of
those who agreed to share, inviting one to a talk or saying no politely, closing a filled posting and
changing an approved one. The store (bot/store/digital_match.py) writes the rows, the notices the
citizens get and the audit entries; this module checks what the employer sent."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar

from aiohttp import web
from sqlalchemy.orm import Session

from bot.chat_input import language_of_request
from bot.gateway.auth import current_user, require_role, run_for_own_account
from bot.gateway.http import (
    PAGES_DIR, BadRequest, json_error, number_in_path, read_json_object, run_in_database,
)
from bot.gateway.vacancy_routes import POSTING_NOT_FOUND, vacancy_id_of
from bot.privacy import redact_personal_details
from bot.rules import match_sharing as sharing
from bot.rules.match_chat import DANISH_TIME, danish_date, danish_time
from bot.rules.vacancy import (
    MAX_REQUIREMENTS_CHARS, MAX_TASKS_CHARS, format_phone, validate_hours, validate_start_date, validate_text,
)
from bot.store import digital_match as match
from bot.store import vacancy as vacancy_store
from bot.store.models import Vacancy, utcnow
from bot.store.users import find_user

T = TypeVar("T")

EMPLOYERS_ONLY = ("Kun arbejdsgivere har adgang til siden med småjobopslag.",
                  "Only employers have access to the small-job postings page.")
INTEREST_NOT_FOUND = ("Kandidaten findes ikke på dine opslag.", "There is no such candidate on your postings.")
MAX_INVITATION_DAYS_AHEAD = 90
_LOCAL_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The page is Danish first and English for those who read it in English: every text it gets from here
# comes in both, as "<field>_da" and "<field>_en", so switching language needs no second request.
LANGUAGES = ("da", "en")

# A posting's status as the employer reads it: (Danish, English).
POSTING_WORDS = {
    "awaiting_review": ("Afventer godkendelse", "Awaiting approval"),
    "approved": ("Godkendt og synlig for borgere", "Approved and visible to citizens"),
    "rejected": ("Afvist", "Rejected"),
    sharing.FILLED: ("Besat og lukket", "Filled and closed"),
    sharing.WITHDRAWN_POSTING: ("Trukket tilbage", "Withdrawn"),
}
CLOSED_WORD = ("lukket", "closed")
# An interest's state as the employer reads it (the advisor's words are in match_advisor_routes).
INTEREST_WORDS = {
    sharing.SHARED: ("Interesseret", "Interested"),
    sharing.INVITED: ("Inviteret til samtale", "Invited to a talk"),
    sharing.ACCEPTED: ("Har sagt ja til samtale", "Said yes to a talk"),
    sharing.DECLINED: ("Har sagt nej tak", "Said no thanks"),
    sharing.NOT_SELECTED: ("Har fået afslag", "Turned down"),
    sharing.CLOSED: ("Opslaget er lukket", "The posting is closed"),
}


def in_language(words: Tuple[str, str], language: str) -> str:
    return words[1] if language == "en" else words[0]


# --- invitations ------------------------------------------------------------------------------------

NO_TIME = ("Vælg dato og klokkeslæt for samtalen.", "Choose a date and time for the talk.")
BAD_TIME = ("Tidspunktet kunne ikke læses. Skriv dato og klokkeslæt som 2026-12-08T10:00.",
            "The time could not be read. Write the date and time as 2026-12-08T10:00.")
NO_SUCH_TIME = ("Det klokkeslæt findes ikke den dag, fordi uret stilles frem til sommertid. Vælg et andet.",
                "That time does not exist on that day, because the clocks go forward. Please choose another.")
PAST_TIME = ("Tidspunktet er allerede passeret. Vælg et tidspunkt, der ligger efter nu.",
             "That time has already passed. Please choose a time later than now.")
FAR_TIME = (f"Vælg et tidspunkt inden for {MAX_INVITATION_DAYS_AHEAD} dage fra i dag.",
            f"Please choose a time within {MAX_INVITATION_DAYS_AHEAD} days from today.")


def proposed_time_of(value: Any, now: datetime) -> datetime:
    """The talk's time from a datetime-local field ("2026-12-08T10:00", Danish time) as an aware UTC time;
    BadRequest (400) unless it is a real time after `now` and at most 90 days ahead."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise BadRequest(400, *NO_TIME)
    if not isinstance(value, str) or not _LOCAL_TIME.match(value.strip()):
        raise BadRequest(400, *BAD_TIME)
    try:
        local = datetime.fromisoformat(value.strip()).replace(tzinfo=DANISH_TIME)
    except ValueError:  # "2026-02-30T10:00", "2026-12-08T25:00"
        raise BadRequest(400, *BAD_TIME)
    moment = local.astimezone(timezone.utc)
    if moment.astimezone(DANISH_TIME).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise BadRequest(400, *NO_SUCH_TIME)  # skipped when summer time begins
    if moment <= now:
        raise BadRequest(400, *PAST_TIME)
    if moment - now > timedelta(days=MAX_INVITATION_DAYS_AHEAD):
        raise BadRequest(400, *FAR_TIME)
    return moment


def invitation_note_of(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadRequest(400, "Beskeden skal være tekst.", "The note must be text.")
    note = value.strip()
    limit = sharing.MAX_INVITATION_NOTE_CHARS
    if len(note) > limit:
        raise BadRequest(400, f"Beskeden må højst være {limit} tegn. Den er {len(note)} tegn nu.",
                         f"The note may be at most {limit} characters. It is {len(note)} characters now.")
    # The citizen reads it, and it is kept: no CPR numbers or health details, as in the chat.
    return redact_personal_details(note).text


# --- changes to a posting ---------------------------------------------------------------------------

_FIELD_NAMES = {"tasks": ("Opgaver", "Tasks"), "hours_per_week": ("Timer om ugen", "Hours per week"),
                "start_date": ("Startdato", "Start date"), "requirements": ("Krav", "Requirements")}
_HOURS_PROBLEMS = {
    "not_weekly": ("Skriv antallet af timer om ugen.", "Write the number of hours per week."),
    "below_range": ("Et småjob er fra {low} til {high} timer om ugen.",
                    "A small job is {low} to {high} hours per week."),
    "above_range": ("Et småjob er højst {high} timer om ugen. Skriv et tal fra {low} til {high}.",
                    "A small job is at most {high} hours per week. Write a number from {low} to {high}."),
}
_HOURS_NOT_A_NUMBER = ("Skriv et tal, fx 10.", "Write a number, e.g. 10.")
_DATE_PROBLEMS = {
    "in_past": ("Datoen er overstået. Vælg i dag eller en senere dato.",
                "The date has passed. Choose today or a later date."),
    "too_far": ("Vælg en dato inden for et år.", "Choose a date within a year."),
}
_DATE_UNREADABLE = ("Vælg en dato, fx 2026-12-08.", "Choose a date, e.g. 2026-12-08.")


class FieldProblem(Exception):
    def __init__(self, reason_da: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason_da, self.reason_en = reason_da, reason_en


def _text_field(field: str, value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise FieldProblem("Skal være tekst.", "Must be text.")
    if field == "requirements" and not value.strip():
        return ""  # an empty field on the page means no requirements
    checked = validate_text(field, redact_personal_details(value).text)
    if checked.problem:
        raise FieldProblem("Skriv mindst et ord.", "Write at least one word.")
    if checked.trimmed:
        raise FieldProblem(f"Højst {limit} tegn. Der er {len(value.strip())} nu.",
                           f"At most {limit} characters. There are {len(value.strip())} now.")
    return checked.value


def hours_da(hours: float) -> str:
    """10.0 as "10", 7.5 as "7,5"."""
    return f"{hours:g}".replace(".", ",")


def hours_text(hours: float, language: str) -> str:
    """7.5 as "7,5" in Danish and "7.5" in English."""
    return f"{hours:g}" if language == "en" else hours_da(hours)


def _hours(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise FieldProblem(*_HOURS_NOT_A_NUMBER)
    checked = validate_hours(str(value))
    if checked.problem is None:
        return checked.value
    low, high = (hours_da(limit) for limit in (checked.minimum, checked.maximum))
    reason_da, reason_en = _HOURS_PROBLEMS.get(checked.problem, _HOURS_NOT_A_NUMBER)
    raise FieldProblem(reason_da.format(low=low, high=high), reason_en.format(low=checked.minimum,
                                                                             high=checked.maximum))


def _start_date(value: Any, today: date) -> date:
    """A date field's "2026-12-08". The vacancy reader checks it; it gets the date as "8/12/2026", since
    it reads a Danish answer, where "2026-12-08" would be 12 August."""
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        raise FieldProblem(*_DATE_UNREADABLE)
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise FieldProblem(*_DATE_UNREADABLE)
    checked = validate_start_date(f"{day.day}/{day.month}/{day.year}", today)
    if checked.problem:
        raise FieldProblem(*_DATE_PROBLEMS.get(checked.problem, _DATE_UNREADABLE))
    return checked.value


def posting_changes(body: Dict[str, Any], today: date) -> Tuple[Dict[str, Any], Dict[str, Tuple[str, str]]]:
    """The checked changes, and for each field that is wrong why (Danish, English)."""
    checks: Dict[str, Callable[[Any], Any]] = {
        "tasks": lambda value: _text_field("tasks", value, MAX_TASKS_CHARS),
        "hours_per_week": _hours,
        "start_date": lambda value: _start_date(value, today),
        "requirements": lambda value: _text_field("requirements", value, MAX_REQUIREMENTS_CHARS),
    }
    changes, problems = {}, {}
    for field, check in checks.items():
        if field in body:
            try:
                changes[field] = check(body[field])
            except FieldProblem as problem:
                problems[field] = (problem.reason_da, problem.reason_en)
    return changes, problems


def _problems_answer(request: web.Request, problems: Dict[str, Tuple[str, str]]) -> web.Response:
    """400 naming each wrong field and why; `fields` lets the page mark them."""
    reason_da = " ".join(f"{_FIELD_NAMES[field][0]}: {da}" for field, (da, _) in problems.items())
    reason_en = " ".join(f"{_FIELD_NAMES[field][1]}: {en}" for field, (_, en) in problems.items())
    return json_error(request, 400, reason_da, reason_en, more={"fields": list(problems)})


# --- what the page shows ----------------------------------------------------------------------------

def _utc_iso(moment: Optional[str]) -> Optional[str]:
    """An ISO time with its zone: SQLite gives back the UTC times stored without one."""
    if not moment:
        return None
    found = datetime.fromisoformat(moment)
    return (found if found.tzinfo else found.replace(tzinfo=timezone.utc)).isoformat()


def _contact_line(contact: Dict[str, Any], language: str) -> str:
    phone = str(contact.get("phone") or "")
    shown_phone = format_phone(phone) if phone.isdigit() and len(phone) == 8 else phone
    english = language == "en"
    parts = [str(contact.get("name") or "").strip(),
             f"{'phone' if english else 'telefon'} {shown_phone}" if phone else "",
             f"{'email' if english else 'e-mail'} {contact['email']}" if contact.get("email") else ""]
    return ", ".join(part for part in parts if part)


def _interest_words(status: str, proposed: Optional[str], language: str) -> str:
    """ "Inviteret til samtale tirsdag 8. december kl. 10.00" / "Invited to a talk on Tuesday 8 December at 10:00"."""
    words = in_language(INTEREST_WORDS.get(status, (status, status)), language)
    if status in (sharing.INVITED, sharing.ACCEPTED) and proposed:
        words += (" on " if language == "en" else " ") + danish_time(proposed, language)
    return words


def shown_interest(interest: Dict[str, Any], posting_open: bool) -> Dict[str, Any]:
    """One interest as the store gives it, with the summary as lines, the state in words and what the
    employer can do; the name and contact only after the citizen said yes (the store adds them)."""
    proposed = _utc_iso(interest["proposed_time"])
    status = interest["status"]
    shown = interest | {
        "shared_at": _utc_iso(interest["shared_at"]), "proposed_time": proposed,
        "can_invite": posting_open and status == sharing.SHARED,
        "can_decline": posting_open and status in sharing.OPEN_INTEREST_STATES}
    for language in LANGUAGES:
        shown[f"status_{language}"] = _interest_words(status, proposed, language)
        shown[f"proposed_time_{language}"] = danish_time(proposed, language) if proposed else None
        shown[f"summary_lines_{language}"] = sharing.summary_lines(interest["summary"] or {}, language)
        if "citizen_contact" in interest:
            shown[f"citizen_contact_{language}"] = _contact_line(interest["citizen_contact"], language)
    return shown


def _posting_words(posting: Dict[str, Any], language: str) -> str:
    words = in_language(POSTING_WORDS.get(posting["status"], (posting["status"],) * 2), language)
    if posting["closed_at"] is not None and posting["status"] not in (sharing.FILLED, sharing.WITHDRAWN_POSTING):
        words += f" ({in_language(CLOSED_WORD, language)})"
    return words


def shown_posting(posting: Dict[str, Any]) -> Dict[str, Any]:
    is_open = posting["status"] == "approved" and posting["closed_at"] is None
    can_close = posting["closed_at"] is None and posting["status"] in ("approved", "awaiting_review")
    shown = posting | {
        "closed_at": _utc_iso(posting["closed_at"]), "open": is_open, "can_change": is_open, "can_close": can_close,
        "interests": [shown_interest(interest, is_open) for interest in posting["interests"]]}
    for language in LANGUAGES:
        shown[f"status_{language}"] = _posting_words(posting, language)
        shown[f"start_date_{language}"] = danish_date(posting["start_date"], language)
        shown[f"hours_per_week_{language}"] = hours_text(posting["hours_per_week"], language)
    return shown


# --- the routes -------------------------------------------------------------------------------------

async def employer_page(request: web.Request) -> web.StreamResponse:
    """For employers: others are sent to the chat page to log in, or told why not."""
    user = await current_user(request)
    if user is None:
        raise web.HTTPFound("/")
    if user["role"] != "employer":
        language = language_of_request(None, request.headers.get("Accept-Language", ""))
        return web.Response(status=403, text=EMPLOYERS_ONLY[1 if language == "en" else 0])
    return web.FileResponse(PAGES_DIR / "employer.html")


async def my_postings(request: web.Request) -> web.Response:
    def postings(session: Session, employer) -> List[Dict[str, Any]]:
        return [shown_posting(posting)
                for posting in match.employer_postings(session, employer.id, employer.external_id)]

    return web.json_response({"postings": await run_for_own_account(request, "employer", EMPLOYERS_ONLY,
                                                                     postings, [])})


async def _as_employer(request: web.Request, employer_id: str, not_found: Tuple[str, str],
                       work: Callable[[Session, int], T]) -> T:
    """Runs `work(session, employer_user_id)` in one transaction: not found → 404 with `not_found`, a
    state that does not allow it → 409 with the store's reason."""
    def unit(session: Session) -> T:
        account = find_user(session, "employer", employer_id)
        if account is None:
            raise match.MatchNotFound(employer_id)  # no user row: no postings either
        return work(session, account.id)

    return await run_in_database(request, unit, not_found)


def _own_open_posting(session: Session, employer_user_id: int, vacancy_id: int) -> Vacancy:
    """The employer's approved posting that is not closed: only that one is changed here (one awaiting
    review is reviewed as it is, and citizens see only approved ones)."""
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None or vacancy.employer_user_id != employer_user_id:
        raise match.MatchNotFound(vacancy_id)
    if vacancy.closed_at is not None:
        raise match.MatchConflict(f"Opslaget {vacancy.reference} er lukket, så det kan ikke rettes.",
                                  f"The posting {vacancy.reference} is closed, so it cannot be changed.")
    if vacancy.status != "approved":
        raise match.MatchConflict("Kun et godkendt opslag kan rettes.", "Only an approved posting can be changed.")
    return vacancy


async def invite_candidate(request: web.Request) -> web.Response:
    employer = await require_role(request, "employer", EMPLOYERS_ONLY)
    interest_id = number_in_path(request, "interest_id", INTEREST_NOT_FOUND)
    body = await read_json_object(request)
    proposed_time = proposed_time_of(body.get("proposed_time"), utcnow())
    note = invitation_note_of(body.get("note"))

    def work(session: Session, employer_user_id: int) -> Dict[str, Any]:
        interest = match.invite(session, employer_user_id, employer["id"], interest_id, proposed_time, note)
        return shown_interest(match.interest_for_employer(session, interest), True)

    return web.json_response({"interest": await _as_employer(request, employer["id"], INTEREST_NOT_FOUND, work)})


async def decline_candidate(request: web.Request) -> web.Response:
    employer = await require_role(request, "employer", EMPLOYERS_ONLY)
    interest_id = number_in_path(request, "interest_id", INTEREST_NOT_FOUND)  # no body: CSRF checked the request

    def work(session: Session, employer_user_id: int) -> Dict[str, Any]:
        interest = match.decline(session, employer_user_id, employer["id"], interest_id)
        return shown_interest(match.interest_for_employer(session, interest), True)

    return web.json_response({"interest": await _as_employer(request, employer["id"], INTEREST_NOT_FOUND, work)})


async def close_own_posting(request: web.Request) -> web.Response:
    """ "Stillingen er besat" (a posting awaiting review is withdrawn instead): the store tells the
    citizens with an open interest, audits it, and refuses a posting closed already."""
    employer = await require_role(request, "employer", EMPLOYERS_ONLY)
    vacancy_id = vacancy_id_of(request)  # no body: CSRF checked the request

    def work(session: Session, employer_user_id: int) -> Dict[str, Any]:
        told = match.close_own_posting(session, employer_user_id, employer["id"], vacancy_id)
        return {"vacancy": vacancy_store.vacancy_to_json(session.get(Vacancy, vacancy_id)), "citizens_told": told}

    return web.json_response(await _as_employer(request, employer["id"], POSTING_NOT_FOUND, work))


async def change_open_posting(request: web.Request) -> web.Response:
    """Tasks, hours per week, start date or requirements of an approved posting; nothing is stored when
    any field is wrong. The store tells the interested citizens."""
    employer = await require_role(request, "employer", EMPLOYERS_ONLY)
    vacancy_id = vacancy_id_of(request)
    body = await read_json_object(request)
    unknown = sorted(set(body) - set(match.CHANGEABLE_FIELDS))
    if unknown or not body:
        raise BadRequest(400, "Send en eller flere af: tasks, hours_per_week, start_date, requirements.",
                         "Send one or more of: tasks, hours_per_week, start_date, requirements.")
    changes, problems = posting_changes(body, datetime.now(DANISH_TIME).date())
    if problems:
        return _problems_answer(request, problems)

    def work(session: Session, employer_user_id: int) -> Dict[str, Any]:
        vacancy = _own_open_posting(session, employer_user_id, vacancy_id)
        told = match.change_posting(session, employer_user_id, employer["id"], vacancy.id, changes)
        return {"vacancy": vacancy_store.vacancy_to_json(vacancy), "citizens_told": told}

    return web.json_response(await _as_employer(request, employer["id"], POSTING_NOT_FOUND, work))


def add_match_employer_routes(app: web.Application) -> None:
    app.router.add_routes([
        web.get("/employer", employer_page),
        web.get("/api/employer/postings", my_postings),
        web.post("/api/employer/interests/{interest_id}/invite", invite_candidate),
        web.post("/api/employer/interests/{interest_id}/decline", decline_candidate),
        web.post("/api/employer/postings/{vacancy_id}/close", close_own_posting),
        web.post("/api/employer/postings/{vacancy_id}/change", change_open_posting),
    ])
