"""Employers post a småjob in chat: every field checked, several read from one message, a summary to
confirm or correct, a duplicate asked about, saved as awaiting review with a reference; and "status på
mit opslag"."""
from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import in_language, language_of, latest_intent, role_of, text_to_read
from actions.forms import AskToConfirmDraft, ReadingFormValidation, yes_no_or_save
from actions.storage import database, today, user_of
from bot.rules import vacancy as rules
from bot.rules.rate_limits import HeldBack, held_back, parse_limits, postings_limited_text
from bot.rules.reading import Correction, read_corrections
from bot.settings import load_settings
from bot.store import vacancy as store
from bot.store.errors import NotFound
from bot.store.models import utcnow
from bot.store.users import find_user

logger = logging.getLogger(__name__)

SLOT_OF_FIELD = {field: f"vacancy_{field}" for field in rules.FIELDS}
CONTROL_SLOTS = ("vacancy_confirmed", "vacancy_duplicate_warned", "vacancy_blocked")
# The summary says 'Tryk "Gem"'; employers also write what they want done with the posting:
# "gem", "send det", "opret opslaget", "ja, gem den", "save it".
SAVE_ANSWER = re.compile(r"^\W*(?:(?:ja|yes|ok|okay)(?:\s+tak)?\W+)?(?:gem|send|opret|save|submit|post)"
                         r"(?:\s+(?:det|den|opslaget|it|the\s+posting))?(?:\W+(?:tak|please))?\W*$", re.IGNORECASE)


def hours_range():
    settings = load_settings()
    return settings.vacancy_min_hours, settings.vacancy_max_hours


# vacancy_blocked when the employer has posted as many as the postings limit allows for now: the
# draft is kept, so the posting can be saved once the limit allows it.
POSTINGS_LIMIT = "postings_limit"


class PostingsLimitReached(Exception):
    def __init__(self, held: HeldBack) -> None:
        super().__init__("postings limit reached")
        self.held = held


def postings_held_back(session, employer_user_id: int, now: datetime) -> Optional[HeldBack]:
    """Whether RATE_LIMIT_POSTINGS_PER_EMPLOYER holds the employer's next posting back. Counted in the
    database, so it holds across logins, sessions and restarts."""
    limits = parse_limits(load_settings().rate_limit_postings_per_employer, "RATE_LIMIT_POSTINGS_PER_EMPLOYER")
    since = now - timedelta(seconds=max(item.get_expiry() for item in limits))
    return held_back(store.created_since(session, employer_user_id, since), limits, now)


def employer_held_back(session, sender_id: str, now: datetime) -> Tuple[Optional[HeldBack], Optional[str]]:
    """(what holds the next posting back, the CVR number the employer's login is for)."""
    role, external_id = user_of(sender_id)
    employer = find_user(session, role, external_id)
    if employer is None:
        return None, None
    return postings_held_back(session, employer.id, now), employer.cvr


def login_cvr(session, sender_id: str) -> Optional[str]:
    """The CVR number of the company the employer logged in for (MitID Erhverv); None for a login
    without one, who gives the CVR in the form."""
    role, external_id = user_of(sender_id)
    employer = find_user(session, role, external_id)
    return None if employer is None else employer.cvr


def cvr_from_login(found: Dict[str, Any], cvr: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> EventType:
    """The CVR slot set from the login; an employer who wrote another CVR is told why it is not used."""
    written = found.get("cvr")
    if written is not None and getattr(written, "value", None) not in (None, cvr):
        dispatcher.utter_message(response="utter_vacancy_cvr_from_login", cvr=cvr)
    return SlotSet("vacancy_cvr", cvr)


def clear_draft() -> List[EventType]:
    return [SlotSet(name, None) for name in list(SLOT_OF_FIELD.values()) + list(CONTROL_SLOTS)]


def stored_value(field: str, value: Any) -> Any:
    """Slots hold JSON: a date as its ISO text."""
    return value.isoformat() if isinstance(value, date) else value


def draft_values(tracker: Tracker) -> Dict[str, Any]:
    values = {field: tracker.get_slot(slot) for field, slot in SLOT_OF_FIELD.items()}
    if values["start_date"]:
        values["start_date"] = date.fromisoformat(values["start_date"])
    return values


def answer_usable(dispatcher: CollectingDispatcher, field: str, problem: Optional[str], trimmed: bool,
                  language: str) -> bool:
    """Whether a field's answer can be kept: a wrong one is explained and is not; one cut to the
    field's length is, and the employer is told."""
    label = in_language(rules.FIELD_LABELS[field], language)
    if problem:
        minimum, maximum = hours_range()
        dispatcher.utter_message(response=f"utter_vacancy_problem_{problem}", field=label,
                                 minimum=minimum, maximum=maximum)
        return False
    if trimmed:
        dispatcher.utter_message(response="utter_vacancy_trimmed", field=label)
    return True


def check_field(field: str, text: Any, on_day: date):
    """(value, problem, trimmed) for one field's answer."""
    if field == "cvr":
        result = rules.validate_cvr(str(text))
    elif field == "email":
        result = rules.validate_email(str(text))
    elif field == "phone":
        result = rules.validate_phone(str(text))
    elif field == "hours_per_week":
        minimum, maximum = hours_range()
        result = rules.validate_hours(str(text), minimum, maximum)
    elif field == "postcode":
        result = rules.validate_postcode(str(text))
    elif field == "start_date":
        result = rules.validate_start_date(str(text), on_day)
    elif field == "duration_kind":
        code = rules.parse_duration_kind(str(text))
        return code, (None if code else "unclear_duration"), False
    elif field == "suits_far_from_labour_market":
        answer = text if isinstance(text, bool) else rules.parse_yes_no(str(text))
        return answer, (None if answer is not None else "unclear_yes_no"), False
    else:
        checked = rules.validate_text(field, None if text is None else str(text))
        return checked.value, checked.problem, checked.trimmed
    return result.value, result.problem, False


def corrected(corrections: Sequence[Correction]) -> Dict[str, Any]:
    """Each field named: replaced by the value given ("telefon er 20304050", "ret timerne til 12"), which
    the field's validation then checks, or emptied so the form asks for it again ("ret telefon")."""
    updates: Dict[str, Any] = {"vacancy_confirmed": None, "vacancy_duplicate_warned": None}
    for correction in corrections:
        updates[SLOT_OF_FIELD[correction.field]] = correction.value
    return updates


class ActionVacancyPrefill(Action):
    """Reads every field the opening message already gives; wage subsidy, internships and bigger jobs
    are explained and sent to a person instead of the form."""

    def name(self) -> Text:
        return "action_vacancy_prefill"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        text = text_to_read(tracker)
        events: List[EventType] = [SlotSet("vacancy_confirmed", None), SlotSet("vacancy_duplicate_warned", None)]
        if role_of(tracker) != "employer":
            dispatcher.utter_message(response="utter_vacancy_employers_only")
            return events + [SlotSet("vacancy_blocked", True)]
        now = utcnow()
        try:
            held, company_cvr = await database().run(employer_held_back, tracker.sender_id, now)
        except SQLAlchemyError:  # saving checks again, and takes the CVR from the login then
            logger.exception("the postings limit could not be checked for %s", tracker.sender_id)
            held, company_cvr = None, None
        if held is not None:
            dispatcher.utter_message(text=postings_limited_text(held, now, language_of(tracker), draft_kept=False))
            return events + [SlotSet("vacancy_blocked", POSTINGS_LIMIT)]
        _, maximum = hours_range()
        other_kind = rules.needs_person_instead(text, maximum)
        if other_kind:
            dispatcher.utter_message(response=f"utter_vacancy_out_of_scope_{other_kind}", maximum=maximum)
            return events + [SlotSet("vacancy_blocked", True)]
        events.append(SlotSet("vacancy_blocked", None))
        if company_cvr is None:
            return events + read_fields(text, tracker, dispatcher, only_missing=False)
        found = rules.parse_vacancy_message(text, today())
        others = {field: value for field, value in found.items() if field != "cvr"}
        return events + read_fields(text, tracker, dispatcher, only_missing=False, found_fields=others) + \
            [cvr_from_login(found, company_cvr, tracker, dispatcher)]


def read_fields(text: str, tracker: Tracker, dispatcher: CollectingDispatcher, only_missing: bool,
                found_fields: Optional[Dict[str, Any]] = None, skip: Optional[str] = None) -> List[EventType]:
    """Every valid field found in `text`; a field found but wrong is explained and left to be asked."""
    events = []
    language = language_of(tracker)
    if found_fields is None:
        found_fields = rules.parse_vacancy_message(text, today())
    for field, found in found_fields.items():
        slot = SLOT_OF_FIELD[field]
        if field == skip or (only_missing and tracker.get_slot(slot) is not None):
            continue
        if field == "hours_per_week":  # the municipality's småjob range, not the default
            value, problem, trimmed = check_field(field, found.raw, today())
        else:
            value, problem, trimmed = found.value, found.problem, found.trimmed
        if problem == "unclear":
            problem = "unclear_duration"
        if answer_usable(dispatcher, field, problem, trimmed, language):
            events.append(SlotSet(slot, stored_value(field, value)))
    return events


class ValidateVacancyForm(ReadingFormValidation):
    def name(self) -> Text:
        return "validate_vacancy_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: Dict[Text, Any]) -> List[Text]:
        if role_of(tracker) != "employer" or tracker.get_slot("vacancy_blocked"):
            return []
        return domain_slots

    async def read_answer(self, requested: str, text: str, dispatcher: CollectingDispatcher,
                          tracker: Tracker) -> Dict[str, Any]:
        if requested == "vacancy_confirmed":
            return await self.read_confirmation(dispatcher, tracker, text, latest_intent(tracker))
        field = requested[len("vacancy_"):]
        found = rules.parse_vacancy_message(text, today(), answering=field if field in rules.FIELDS else None)
        # "Bageriet Hansen, cvr 10150817, 0 timer" answering the company question: the company is the
        # part the reader gave it, and a wrong value among the rest is explained. A short answer
        # ("12345678" to the CVR question) is the answer to the question only.
        several_fields = field in found and bool(set(found) - {field})
        await self.explain_cvr_from_login(found, field, tracker, dispatcher)
        others = read_fields(text, tracker, dispatcher if several_fields else CollectingDispatcher(),
                             only_missing=True, found_fields=found, skip=field)
        answer = found[field].raw if several_fields else text
        return {**{event["name"]: event["value"] for event in others}, requested: answer}

    @staticmethod
    async def explain_cvr_from_login(found: Dict[str, Any], requested_field: str, tracker: Tracker,
                                     dispatcher: CollectingDispatcher) -> None:
        """Another CVR written in an answer to another question: with a business login, say why it is
        not used (without one, the CVR already given stays until the employer corrects it)."""
        written = getattr(found.get("cvr"), "value", None)
        if requested_field == "cvr" or written is None or written == tracker.get_slot("vacancy_cvr"):
            return
        try:
            company_cvr = await database().run(login_cvr, tracker.sender_id)
        except SQLAlchemyError:
            logger.exception("the login's CVR could not be read for %s", tracker.sender_id)
            return
        if company_cvr is not None and written != company_cvr:
            dispatcher.utter_message(response="utter_vacancy_cvr_from_login", cvr=company_cvr)

    async def read_confirmation(self, dispatcher, tracker, text, intent) -> Dict[str, Any]:
        answer = yes_no_or_save(text, intent, SAVE_ANSWER)
        corrections = [] if SAVE_ANSWER.match(text) else read_corrections(text, rules.FIELD_WORDS)
        if corrections:
            return corrected(corrections)
        warned = bool(tracker.get_slot("vacancy_duplicate_warned"))
        if answer is True:
            if warned:
                return {"vacancy_confirmed": True}
            try:
                duplicate = await database().run(self.has_duplicate, tracker.sender_id, draft_values(tracker))
            except SQLAlchemyError:
                # Not saved on a guess that it is new: the summary is shown again, to save when it works.
                logger.exception("the duplicate check of a posting failed for %s", tracker.sender_id)
                dispatcher.utter_message(response="utter_vacancy_duplicate_check_failed")
                return {"vacancy_confirmed": None}
            return {"vacancy_duplicate_warned": True} if duplicate else {"vacancy_confirmed": True}
        if warned and answer is False:
            return {"vacancy_confirmed": False}
        response = "utter_vacancy_what_to_correct" if answer is False else "utter_vacancy_confirm_unclear"
        dispatcher.utter_message(response=response)
        return {"vacancy_confirmed": None}

    @staticmethod
    def has_duplicate(session, sender_id, values) -> bool:
        role, external_id = user_of(sender_id)
        employer = find_user(session, role, external_id)
        return employer is not None and store.has_same_posting(
            session, employer.id, dict(values, start_date=values["start_date"].isoformat()))

    def _validate(self, field: str, value, dispatcher, tracker) -> Dict[str, Any]:
        slot = SLOT_OF_FIELD[field]
        if value is None:
            return {slot: None}
        if field == "start_date" and isinstance(value, str) and len(value) == 10 and value[4] == "-":
            return {slot: value}
        if field == "duration_kind" and value in rules.DURATION_KINDS:
            return {slot: value}
        checked_value, problem, trimmed = check_field(field, value, today())
        if not answer_usable(dispatcher, field, problem, trimmed, language_of(tracker)):
            return {slot: None}
        return {slot: stored_value(field, checked_value)}

    def validate_vacancy_company(self, value, dispatcher, tracker, domain):
        return self._validate("company", value, dispatcher, tracker)

    async def validate_vacancy_cvr(self, value, dispatcher, tracker, domain):
        try:
            company_cvr = await database().run(login_cvr, tracker.sender_id)
        except SQLAlchemyError:  # saving takes the CVR from the login in any case
            logger.exception("the login's CVR could not be read for %s", tracker.sender_id)
            company_cvr = None
        if company_cvr is not None:
            # An employer logged in for a company posts for that company, whatever else is written.
            if value is not None and re.sub(r"\D", "", str(value)) != company_cvr:
                dispatcher.utter_message(response="utter_vacancy_cvr_from_login", cvr=company_cvr)
            return {"vacancy_cvr": company_cvr}
        return self._validate("cvr", value, dispatcher, tracker)

    def validate_vacancy_contact_person(self, value, dispatcher, tracker, domain):
        return self._validate("contact_person", value, dispatcher, tracker)

    def validate_vacancy_email(self, value, dispatcher, tracker, domain):
        return self._validate("email", value, dispatcher, tracker)

    def validate_vacancy_phone(self, value, dispatcher, tracker, domain):
        return self._validate("phone", value, dispatcher, tracker)

    def validate_vacancy_job_title(self, value, dispatcher, tracker, domain):
        return self._validate("job_title", value, dispatcher, tracker)

    def validate_vacancy_tasks(self, value, dispatcher, tracker, domain):
        return self._validate("tasks", value, dispatcher, tracker)

    def validate_vacancy_hours_per_week(self, value, dispatcher, tracker, domain):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        return self._validate("hours_per_week", value, dispatcher, tracker)

    def validate_vacancy_postcode(self, value, dispatcher, tracker, domain):
        return self._validate("postcode", value, dispatcher, tracker)

    def validate_vacancy_start_date(self, value, dispatcher, tracker, domain):
        return self._validate("start_date", value, dispatcher, tracker)

    def validate_vacancy_duration_kind(self, value, dispatcher, tracker, domain):
        return self._validate("duration_kind", value, dispatcher, tracker)

    def validate_vacancy_requirements(self, value, dispatcher, tracker, domain):
        return self._validate("requirements", value, dispatcher, tracker)

    def validate_vacancy_suits_far_from_labour_market(self, value, dispatcher, tracker, domain):
        return self._validate("suits_far_from_labour_market", value, dispatcher, tracker)

    def validate_vacancy_confirmed(self, value, dispatcher, tracker, domain):
        # False ends the form too: a declined duplicate is not saved, and the user is told so.
        return {"vacancy_confirmed": value if isinstance(value, bool) else None}


class ActionAskVacancyConfirmed(AskToConfirmDraft):
    """The summary of the posting, or the duplicate question."""

    duplicate_slot = "vacancy_duplicate_warned"

    def name(self) -> Text:
        return "action_ask_vacancy_confirmed"

    def draft(self, tracker: Tracker) -> Dict[str, Any]:
        return draft_values(tracker)

    def ask_about_duplicate(self, dispatcher, values, language):
        dispatcher.utter_message(response="utter_vacancy_duplicate", job_title=values["job_title"],
                                 postcode=values["postcode"])

    def show_summary(self, dispatcher, values, language):
        lines = "\n".join(f"{in_language(rules.FIELD_LABELS[field], language)}: "
                          f"{rules.format_value(field, values[field], language)}" for field in rules.SUMMARY_FIELDS)
        dispatcher.utter_message(response="utter_vacancy_summary", lines=lines)


class ActionVacancySave(Action):
    def name(self) -> Text:
        return "action_vacancy_save"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        if tracker.get_slot("vacancy_blocked") == POSTINGS_LIMIT:
            return [SlotSet(name, None) for name in CONTROL_SLOTS]  # the draft stays for later
        if tracker.get_slot("vacancy_blocked"):
            return clear_draft()
        if tracker.get_slot("vacancy_confirmed") is not True:
            dispatcher.utter_message(response="utter_vacancy_not_saved")
            return clear_draft()
        values = draft_values(tracker)
        now = utcnow()
        try:
            reference = await database().run(self.save, tracker.sender_id, values, now)
        except PostingsLimitReached as limited:
            dispatcher.utter_message(text=postings_limited_text(limited.held, now, language_of(tracker),
                                                                draft_kept=True))
            return [SlotSet("vacancy_confirmed", None), SlotSet("vacancy_duplicate_warned", None)]
        except (NotFound, SQLAlchemyError):
            # The draft stays: "slå et småjob op" again finds every answer filled in.
            logger.exception("saving a posting failed for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_vacancy_save_failed")
            return [SlotSet("vacancy_confirmed", None), SlotSet("vacancy_duplicate_warned", None)]
        dispatcher.utter_message(response="utter_vacancy_saved", reference=reference)
        return clear_draft()

    @staticmethod
    def save(session, sender_id, values, now: datetime) -> str:
        role, external_id = user_of(sender_id)
        employer = find_user(session, role, external_id)
        if employer is None:
            raise NotFound("no employer behind the conversation")
        # Checked in the transaction that saves: what stops a script posting five jobs in seconds.
        held = postings_held_back(session, employer.id, now)
        if held is not None:
            raise PostingsLimitReached(held)
        if employer.cvr is not None:
            values = dict(values, cvr=employer.cvr)  # only ever for the company of the login
        return store.create(session, employer.id, values).reference


class ActionVacancyCancel(Action):
    def name(self) -> Text:
        return "action_vacancy_cancel"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_vacancy_cancelled")
        return clear_draft()


class ActionVacancyStatus(Action):
    """ "Status på mit opslag": each posting's status, the reason for a rejection, and for an approved
    one how many job seekers' profiles fit (a count only: the employer sees no one)."""

    def name(self) -> Text:
        return "action_vacancy_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        role, external_id = user_of(tracker.sender_id)
        if role != "employer":
            dispatcher.utter_message(response="utter_vacancy_employers_only")
            return []
        try:
            postings = await database().run(self.load, role, external_id)
        except SQLAlchemyError:
            logger.exception("loading the postings failed for %s", tracker.sender_id)
            dispatcher.utter_message(response="utter_vacancy_load_failed")
            return []
        if not postings:
            dispatcher.utter_message(response="utter_vacancy_none")
            return []
        for posting, count in postings[:5]:
            status = posting["status"]
            dispatcher.utter_message(response=f"utter_vacancy_status_{status}", reference=posting["reference"],
                                     job_title=posting["job_title"], reason=posting["review_reason"] or "–",
                                     count=count if count is not None else 0)
        return []

    @staticmethod
    def load(session, role, external_id):
        employer = find_user(session, role, external_id)
        if employer is None:
            return []
        return [(store.vacancy_to_json(v), len(store.matching_job_seekers(session, v)) if v.status == "approved"
                 else None) for v in store.of_employer(session, employer.id)]
