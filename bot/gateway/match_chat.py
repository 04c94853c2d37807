"""The citizen's side of the digital match in the chat, answered by the gateway (bot/rules/match_chat.py
says why not by the model): suggestions with their reasons, the yes or no to them, interest with the
yes to share a summary, the answer to an employer's invitation, and the notices waiting since the last
visit. Each answer goes into the conversation as a bot message with its buttons and the user's words,
so the history, the transcript and an advisor see both sides, and a form in progress stays where it was."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Dict, List, MutableMapping, Optional, Tuple

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.gateway.http import DATABASE, RASA
from bot.gateway.rasa_client import AssistantUnavailable
from bot.rules import match_chat as rules
from bot.rules.digital_match import DEFAULT_MAX_TRAVEL_KM
from bot.rules.match_chat import MatchRequest, button, match_text
from bot.rules.match_sharing import ACCEPTED, INVITED, OPEN_INTEREST_STATES
from bot.rules.phone import normalize_danish_phone
from bot.rules.vacancy.fields import format_phone
from bot.store import digital_match as store
from bot.store.errors import Conflict, NotFound
from bot.store.models import conversation_id_for

log = logging.getLogger(__name__)

# What the gateway's last match question waits for: {"ask": "travel"} or {"ask": "contact", "interest": id}.
PENDING = "match_pending"
# The postings the last list showed, so "jeg er interesseret" alone can pick the one shown.
LISTED = "match_listed"
# Whether this login was asked if it wants suggestions: once per login until answered.
ASKED = "match_asked_wanted"
# An answer to a question of the gateway's own, not one of its buttons.
CONTACT = "contact"


def pending_answer(session: MutableMapping[str, Any], text: str) -> Optional[MatchRequest]:
    """The reading of a message that answers the gateway's last match question, if it does. A message
    that is no number at the travel question is left to the model (the question is dropped)."""
    pending = session.get(PENDING) or {}
    if text.startswith("/"):
        return None
    if pending.get("ask") == "travel":
        if rules.is_cancel(text):
            return MatchRequest(rules.TRAVEL, None)
        kilometres = rules.read_travel_km(text)
        if kilometres is not None:
            return MatchRequest(rules.TRAVEL, str(kilometres))
        if rules.leaves_a_question(text):
            session.pop(PENDING, None)
            return None
        return MatchRequest(rules.TRAVEL, text)
    if pending.get("ask") == CONTACT:
        return MatchRequest(CONTACT, text)
    return None


def _today() -> datetime:
    return datetime.now(rules.DANISH_TIME)


class _Answer:
    """Collects the messages of one answer."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.messages: List[Dict[str, Any]] = []

    def say(self, key: str, buttons: Optional[List[Dict[str, str]]] = None, **values: Any) -> None:
        self.add(match_text(key, self.language, **values), buttons)

    def add(self, text: str, buttons: Optional[List[Dict[str, str]]] = None) -> None:
        self.messages.append({"text": text, "buttons": buttons or []})


def _wanted_buttons(language: str) -> List[Dict[str, str]]:
    return [button("yes_wanted", language, rules.WANT), button("no_wanted", language, rules.NOT_WANTED)]


def _invitation(answer: _Answer, interest: Dict[str, Any]) -> None:
    posting, language = interest["posting"], answer.language
    note = interest.get("invitation_note")
    answer.say("invited", [button("accept", language, rules.ACCEPT, interest["id"]),
                           button("decline", language, rules.DECLINE, interest["id"])],
               company=posting["company"], job_title=posting["job_title"], reference=posting["reference"],
               time=rules.danish_time(interest.get("proposed_time"), language),
               note=(f" \"{note}\"" if note else ""))


def _listing(answer: _Answer, postings: List[Dict[str, Any]], intro: str,
             interests: Dict[str, Dict[str, Any]]) -> None:
    language = answer.language
    lines, buttons = [match_text(intro, language)], []
    for posting in postings:
        lines.append(rules.posting_item(posting, language))
        interest = interests.get(posting["reference"])
        if interest is None or interest["status"] not in OPEN_INTEREST_STATES + (ACCEPTED,):
            buttons.append(button("interest", language, rules.INTEREST, posting["reference"],
                                  reference=posting["reference"]))
        elif interest["status"] in OPEN_INTEREST_STATES:
            buttons.append(button("withdraw", language, rules.WITHDRAW, interest["id"],
                                  reference=posting["reference"]))
    answer.add("\n\n".join(lines), buttons)


def _show(session, user: Dict[str, str], answer: _Answer, web_session: MutableMapping[str, Any]) -> None:
    state = store.suggestions_state(session, user["id"])
    missing = rules.missing_for_matching(state, answer.language)
    if missing:
        answer.say("need_profile", missing=missing)
        return
    postings = store.suggestions_for(session, user["id"])
    interests = {item["posting"]["reference"]: item for item in store.interests_of_citizen(session, user["id"])}
    web_session[LISTED] = [posting["reference"] for posting in postings]
    if postings:
        _listing(answer, postings, "list_intro", interests)
    else:
        answer.say("none_now" if state["wanted"] else "none_now_not_wanted")
    for interest in interests.values():
        if interest["status"] == INVITED:
            _invitation(answer, interest)
    if not state["answered"]:
        answer.say("ask_wanted", _wanted_buttons(answer.language))


def _want(session, user, answer: _Answer, web_session) -> None:
    store.set_suggestions_wanted(session, user["id"], True)
    state = store.suggestions_state(session, user["id"])
    if state["max_travel_km"] is None:
        web_session[PENDING] = {"ask": "travel"}
        answer.say("ask_travel", [button("travel", answer.language, rules.TRAVEL, km, km=km)
                                  for km in rules.TRAVEL_CHOICES])
        return
    _wanted(session, user, answer, state)


def _wanted(session, user, answer: _Answer, state: Dict[str, Any]) -> None:
    answer.say("wanted")
    missing = rules.missing_for_matching(state, answer.language)
    if missing:
        answer.say("need_profile", missing=missing)


def _travel(session, user, answer: _Answer, web_session, kilometres: Optional[str]) -> None:
    web_session.pop(PENDING, None)
    if kilometres is None:  # "annuller" at the question: the default distance until they say another
        answer.say("travel_default", km=DEFAULT_MAX_TRAVEL_KM)
        return
    km = rules.read_travel_km(kilometres)
    if km is None:
        answer.say("bad_travel", [button("travel", answer.language, rules.TRAVEL, choice, km=choice)
                                  for choice in rules.TRAVEL_CHOICES])
        web_session[PENDING] = {"ask": "travel"}
        return
    store.set_max_travel_km(session, user["id"], km)
    state = store.suggestions_state(session, user["id"])
    if state["wanted"]:
        _wanted(session, user, answer, state)
    else:
        answer.add(f"Gemt: højst {km} km." if answer.language == "da" else f"Saved: at most {km} km.")


def _interest(session, user, answer: _Answer, web_session, reference: Optional[str]) -> None:
    if reference is None:
        listed = web_session.get(LISTED) or []
        if len(listed) != 1:
            answer.say("which")
            return
        reference = listed[0]
    offer = store.summary_to_share(session, user["id"], reference)
    posting = offer["posting"]
    existing = {item["posting"]["reference"]: item for item in store.interests_of_citizen(session, user["id"])}
    if reference in existing and existing[reference]["status"] in OPEN_INTEREST_STATES + (ACCEPTED,):
        answer.say("already", reference=reference)
        return
    answer.add(rules.share_question(posting, offer["summary"], answer.language),
               [button("share", answer.language, rules.SHARE, reference),
                button("no_share", answer.language, rules.NO_SHARE, reference)])


def _own_interest(session, user, interest_id: str) -> Dict[str, Any]:
    for interest in store.interests_of_citizen(session, user["id"]):
        if str(interest["id"]) == str(interest_id):
            return interest
    raise store.MatchNotFound(interest_id)


def _accept(session, user, answer: _Answer, web_session, interest_id: str) -> None:
    interest = _own_interest(session, user, interest_id)
    if interest["status"] != INVITED:
        answer.say("nothing_to_answer")
        return
    web_session[PENDING] = {"ask": CONTACT, "interest": interest["id"]}
    answer.say("ask_contact", company=interest["posting"]["company"])


def _contact(session, user, answer: _Answer, web_session, text: str) -> None:
    interest_id = (web_session.get(PENDING) or {}).get("interest")
    if rules.is_cancel(text):
        web_session.pop(PENDING, None)
        answer.say("contact_cancelled")
        return
    contact = rules.read_contact(text)
    if contact is None:
        answer.say("bad_contact")
        return
    web_session.pop(PENDING, None)
    store.answer_invitation(session, user["id"], int(interest_id), True, contact)
    interest = _own_interest(session, user, interest_id)
    employer = interest["employer_contact"]
    reach = " · ".join(part for part in (_phone_as_shown(employer.get("phone")), employer.get("email") or "") if part)
    answer.say("accepted", company=employer["company"], contact_person=employer["contact_person"],
               employer_contact=reach, time=rules.danish_time(interest.get("proposed_time"), answer.language))
    answer.say("ask_journal", [button("journal", answer.language, rules.JOURNAL, interest["id"]),
                               button("no_journal", answer.language, rules.NO_JOURNAL, interest["id"])])


def _phone_as_shown(phone: Optional[str]) -> str:
    """ "+45 40 40 40 40" however the posting stored it (the chat's form formats it, the store need not)."""
    digits = normalize_danish_phone(phone or "")
    return format_phone(digits) if digits else (phone or "")


def _decline(session, user, answer: _Answer, interest_id: str) -> None:
    interest = _own_interest(session, user, interest_id)
    if interest["status"] != INVITED:
        answer.say("nothing_to_answer")
        return
    store.answer_invitation(session, user["id"], int(interest_id), False)
    answer.say("declined", company=interest["posting"]["company"])


def _work(user: Dict[str, str], match: MatchRequest, language: str, web_session: MutableMapping[str, Any]):
    def work(session) -> List[Dict[str, Any]]:
        answer, action, argument = _Answer(language), match.action, match.argument
        try:
            if action == rules.SHOW:
                _show(session, user, answer, web_session)
            elif action == rules.WANT:
                _want(session, user, answer, web_session)
            elif action == rules.NOT_WANTED:
                store.set_suggestions_wanted(session, user["id"], False)
                web_session.pop(PENDING, None)
                answer.say("not_wanted")
            elif action == rules.TRAVEL:
                _travel(session, user, answer, web_session, argument or "")
            elif action == rules.INTEREST:
                _interest(session, user, answer, web_session, argument)
            elif action == rules.SHARE:
                interest = store.share_interest(session, user["id"], argument or "")
                answer.say("shared", company=store.interest_for_citizen(session, interest)["posting"]["company"])
            elif action == rules.NO_SHARE:
                answer.say("not_shared", company=store.summary_to_share(session, user["id"], argument or "")
                           ["posting"]["company"])
            elif action == rules.WITHDRAW:
                interest = store.withdraw_interest(session, user["id"], int(argument or 0))
                posting = store.interest_for_citizen(session, interest)["posting"]
                answer.say("withdrawn", reference=posting["reference"], company=posting["company"])
            elif action == rules.ACCEPT:
                _accept(session, user, answer, web_session, argument or "")
            elif action == CONTACT:
                _contact(session, user, answer, web_session, argument or "")
            elif action == rules.DECLINE:
                _decline(session, user, answer, argument or "")
            elif action == rules.JOURNAL:
                entry = store.add_talk_to_journal(session, user["id"], int(argument or 0), _today().date())
                answer.say("journal_saved", job_title=entry.job_title, company=entry.employer)
            elif action == rules.NO_JOURNAL:
                answer.say("journal_skipped")
        except store.MatchConflict:
            answer.say("closed" if action in (rules.INTEREST, rules.SHARE) else "nothing_to_answer")
        except (NotFound, ValueError):
            answer.say("unknown_posting" if action in (rules.INTEREST, rules.SHARE, rules.NO_SHARE)
                       else "nothing_to_answer")
        except Conflict:
            answer.say("nothing_to_answer")
        return answer.messages
    return work


def read_request(text: str, web_session: MutableMapping[str, Any]) -> Optional[MatchRequest]:
    """The match request in a citizen's message (or a button's payload), if it is one."""
    return pending_answer(web_session, text) or rules.read_match_request(text)


async def answer_match_request(request: web.Request, user: Dict[str, str], match: MatchRequest, shown_text: str,
                               language: str, web_session: MutableMapping[str, Any]) -> List[Dict[str, Any]]:
    if user["role"] != "citizen":
        messages = [{"text": match_text("citizens_only", language), "buttons": []}]
    else:
        try:
            messages = await request.app[DATABASE].run(_work(user, match, language, web_session))
        except SQLAlchemyError:
            log.exception("A digital-match answer could not be saved")
            return [{"text": match_text("failed", language), "buttons": []}]
    await _into_history(request, user, messages, shown_text)
    return messages


async def _into_history(request: web.Request, user: Dict[str, str], messages: List[Dict[str, Any]],
                        in_reply_to: Optional[str]) -> bool:
    """Whether every message reached the conversation's history."""
    conversation = conversation_id_for(user["role"], user["id"])
    try:
        for number, message in enumerate(messages):
            await request.app[RASA].add_bot_message(conversation, message["text"],
                                                    in_reply_to=in_reply_to if number == 0 else None,
                                                    buttons=message.get("buttons") or None)
    except AssistantUnavailable:
        # The answer and what it stored do not depend on Rasa; only the history misses it.
        log.warning("A digital-match answer could not be added to the conversation history")
        return False
    return True


def _notices_work(user: Dict[str, str], language: str, web_session: MutableMapping[str, Any]):
    def work(session) -> Tuple[List[Dict[str, Any]], List[int]]:
        answer = _Answer(language)
        every = store.waiting_notices(session, user["id"])
        notices = [notice for notice in every if not notice["stale"]]
        suggested = [notice["posting"] for notice in notices if notice["kind"] == store.NEW_SUGGESTION]
        if suggested:
            ranked = {posting["reference"]: posting for posting in store.suggestions_for(session, user["id"], 20)}
            shown = [ranked[posting["reference"]] for posting in suggested if posting["reference"] in ranked][:5]
            if shown:
                web_session[LISTED] = [posting["reference"] for posting in shown]
                interests = {item["posting"]["reference"]: item
                             for item in store.interests_of_citizen(session, user["id"])}
                _listing(answer, shown, "new_intro", interests)
        for notice in notices:
            posting, kind = notice["posting"], notice["kind"]
            if kind == store.INVITED:
                _invitation(answer, notice["interest"])
            elif kind in (store.NOT_SELECTED, store.POSTING_CLOSED):
                answer.say(kind, company=posting["company"], job_title=posting["job_title"],
                           reference=posting["reference"])
            elif kind == store.POSTING_CHANGED:
                answer.say(kind, company=posting["company"], job_title=posting["job_title"],
                           reference=posting["reference"], hours=f"{posting['hours_per_week']:g}",
                           start=rules.danish_date(posting["start_date"], language), tasks=rules.one_line(posting["tasks"]))
        state = store.suggestions_state(session, user["id"])
        # Asked only on a visit with nothing else to answer: a typed "ja" presses the last question's button.
        if (not answer.messages and not state["answered"] and state["has_jobs"] and state["postcode"]
                and not web_session.get(ASKED)):
            web_session[ASKED] = True
            answer.say("ask_wanted", _wanted_buttons(language))
        return answer.messages, [notice["id"] for notice in every]
    return work


async def deliver_notices(request: web.Request, user: Dict[str, str], language: str,
                          web_session: MutableMapping[str, Any]) -> List[Dict[str, Any]]:
    """At login and when the page opens the conversation: what happened since the citizen's last visit,
    and once per login the question whether they want suggestions (when their profile can be matched at
    all). Written into the conversation, so the page shows it with the rest."""
    if user["role"] != "citizen":
        return []
    try:
        messages, notice_ids = await request.app[DATABASE].run(_notices_work(user, language, web_session))
        if not await _into_history(request, user, messages, None):
            return []  # Rasa is down: the page could not show them; they wait for the next visit
        await request.app[DATABASE].run(store.mark_delivered, notice_ids)
    except (SQLAlchemyError, NotFound):
        log.exception("The digital-match notices could not be read")
        return []
    return messages
