"""Every route of the gateway in one table, and the thin handlers for login, chat and health; each
journey's handlers are in its own *_routes module. Handlers validate input and call bot/ functions."""
from __future__ import annotations

import asyncio
import logging
import weakref
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, AsyncContextManager, Dict, List, Optional

import yaml
from aiohttp import web
from aiohttp_session import get_session

from bot.chat_input import ChatInputError, clean_chat_message
from bot.gateway import (
    audit_routes, handoff_routes, journal_routes, my_data_routes, sick_leave_routes, vacancy_routes,
)
from bot.gateway.auth import (
    LANGUAGE, current_user, end_login, ended_login_notice, keep_alive, require_user, start_login,
)
from bot.gateway.handoff_routes import handoff_state
from bot.gateway.admission import BUSY_DA, BUSY_EN, RETRY_AFTER_SECONDS, Busy
from bot.gateway.http import (
    ADMISSION, DATABASE, OPENAPI_FILE, RASA, SETTINGS, STATIC_DIR, BadRequest, json_error, read_json_object,
)
from bot.gateway.data_rights_chat import answer_data_rights_request
from bot.gateway.match_chat import answer_match_request, deliver_notices, read_request as read_match_request
from bot.gateway.erasure_routes import add_erasure_routes
from bot.gateway.insight_routes import add_insight_routes
from bot.gateway.privacy_routes import add_privacy_routes, notice_seen_by
from bot.gateway.teach_routes import add_teach_routes
from bot.gateway.oidc_routes import LOGIN_NOTICE, PROVIDER, add_oidc_routes, login_choices, provider_logout_url
from bot.gateway.rasa_client import AssistantUnavailable, transcript_from_events
from bot.gateway.rate_limits import enforce_chat_limits
from bot.language import detect_language
from bot.privacy import Redaction, privacy_notice, redact_personal_details
from bot.rules.crisis import assess_crisis
from bot.rules.data_rights import data_rights_request
from bot.rules.reading import match_button
from bot.settings import PROJECT_ROOT, Settings
from bot.store.handoff import active_case_for, add_user_message
from bot.store.models import conversation_id_for
from bot.store.pending import claim_oldest, forget_delivered, keep_message, release_claim, waiting_count
from bot.store.users import InvalidLogin, record_login, validate_login

log = logging.getLogger(__name__)


# The buttons of the assistant's latest answer, so that typing a button's label acts as pressing it.
OFFERED_BUTTONS = "offered_buttons"
# Whether the user was told why health details and CPR numbers are left out (the language they last
# wrote in is auth.LANGUAGE, which the login check needs too).
HEALTH_NOTICE_SHOWN = "health_notice_shown"
CPR_NOTICE_SHOWN = "cpr_notice_shown"

# Said when Rasa or the action server is down: the message is kept (bot/store/pending.py) and answered
# when the assistant is back, so the user need not write it again.
KEPT_DA = "Vi er der om et øjeblik. Din besked er gemt, og du får svar her, så snart assistenten er tilbage."
KEPT_EN = ("We will be back in a moment. Your message is saved, and you will get an answer here as soon as "
           "the assistant is back.")
# The assistant's own crisis answer, which the gateway gives itself when Rasa is down: one text for both.
CRISIS_RESPONSES_FILE = PROJECT_ROOT / "data" / "responses" / "handoff.yml"
CRISIS_RESPONSE = "utter_crisis_numbers"
CRISIS_NUMBERS = web.AppKey("crisis_numbers", dict)
DELIVERY_LOCKS = web.AppKey("delivery_locks", weakref.WeakValueDictionary)


def offered_buttons(messages: List[Dict[str, Any]]) -> List[Dict[str, str]]:
    """The buttons the user can still press: those of the last message that has any."""
    for message in reversed(messages):
        if message.get("buttons"):
            return [{"title": b["title"][:80], "payload": b["payload"][:300]} for b in message["buttons"][:12]]
    return []


def _button_title(payload: Optional[str], buttons: List[Dict[str, str]]) -> Optional[str]:
    """What the user pressed, in words, for the history: the title of the button with `payload`."""
    return next((button["title"] for button in buttons if payload and button["payload"] == payload), None)


def _user_conversation(user: Dict[str, str]) -> str:
    return conversation_id_for(user["role"], user["id"])


# The page assets, served by name only: no path to resolve, so no name is too long or odd to answer.
STATIC_FILES = frozenset(path.name for path in STATIC_DIR.iterdir() if path.is_file())


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "index.html")


async def static_file(request: web.Request) -> web.FileResponse:
    name = request.match_info["name"]
    if name not in STATIC_FILES:
        raise web.HTTPNotFound()
    return web.FileResponse(STATIC_DIR / name)


async def openapi(request: web.Request) -> web.Response:
    return web.Response(text=OPENAPI_FILE.read_text(encoding="utf-8"), content_type="application/json")


async def healthz(request: web.Request) -> web.Response:
    rasa = request.app[RASA]
    database = request.app[DATABASE]

    async def database_up() -> bool:
        try:
            return await asyncio.to_thread(database.ping)
        except Exception:
            log.warning("The database did not answer the health check", exc_info=True)
            return False

    rasa_up, actions_up, db_up = await asyncio.gather(
        rasa.rasa_ready(), rasa.action_server_ready(), database_up()
    )
    parts = {
        "rasa": "ok" if rasa_up else "down",
        "action_server": "ok" if actions_up else "down",
        "database": "ok" if db_up else "down",
    }
    down = [name for name, state in parts.items() if state != "ok"]
    body = {"status": "ok" if not down else "down", **parts, "down": down}
    return web.json_response(body, status=200 if not down else 503)


async def session_info(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    user = await current_user(request)
    body = {"user": user, "dev_login": dev_login_allowed(settings), "login_providers": login_choices(request.app)}
    if user is not None:
        body["privacy_notice_seen"] = await notice_seen_by(request, user)
    # Why the user was logged out, or why a login through a provider did not go through: shown once,
    # above the login.
    notice = await ended_login_notice(request) or (await get_session(request)).pop(LOGIN_NOTICE, None)
    if notice:
        body["notice"] = notice
    return web.json_response(body)


def dev_login_allowed(settings) -> bool:
    # Once real login is configured, nobody can be anybody: the development login is gone for good.
    return settings.dev_login and not settings.oidc_providers


async def dev_login(request: web.Request) -> web.Response:
    if not dev_login_allowed(request.app[SETTINGS]):
        raise BadRequest(404, "Udviklings-login er slået fra. Log ind med MitID.",
                         "Development login is switched off. Please log in with MitID.")
    body = await read_json_object(request)
    try:
        role, external_id, name = validate_login(body.get("role"), body.get("id"), body.get("name"))
    except InvalidLogin as error:
        raise BadRequest(400, error.reason_da, error.reason_en)
    user = await request.app[DATABASE].run(record_login, role, external_id, name)
    session = await start_login(request, user)
    await greet(request, session)
    return web.json_response({"user": session["user"]})


async def greet(request: web.Request, session) -> None:
    """Right after login the chat opens with the menu of the user's own role, not an empty page."""
    try:
        messages = await request.app[RASA].trigger_intent(_user_conversation(session["user"]), "greet")
    except AssistantUnavailable:
        return  # the login still works; the user's first message gets the menu instead
    # What happened in the digital match since the last visit follows the menu.
    messages += await deliver_notices(request, session["user"], session.get(LANGUAGE) or "da", session)
    session[OFFERED_BUTTONS] = offered_buttons(messages)


async def logout(request: web.Request) -> web.Response:
    provider = (await get_session(request)).get(PROVIDER)
    await end_login(request)
    body: Dict[str, Any] = {"user": None}
    provider_logout = await provider_logout_url(request, provider)
    if provider_logout:
        body["logout_url"] = provider_logout  # the page sends the browser there to end that login too
    return web.json_response(body)


async def chat(request: web.Request) -> web.Response:
    user = await require_user(request)
    body = await read_json_object(request)
    settings = request.app[SETTINGS]
    raw = body.get("message")
    try:
        text = clean_chat_message(raw, settings.max_message_chars)
    except ChatInputError as error:
        return json_error(request, error.status, error.reason_da, error.reason_en, raw)
    # Safety first: the crisis check reads the message as typed, before anything else touches it.
    crisis = assess_crisis(text) if not text.startswith("/") else None
    in_crisis = crisis is not None and crisis.level == "crisis"
    enforce_chat_limits(request, user, (await get_session(request)).get(LANGUAGE), text, in_crisis=in_crisis)
    language = detect_language(text, current=(await get_session(request)).get(LANGUAGE))
    # CPR numbers and health details never reach Rasa's tracker, an advisor's case or any log, whoever
    # writes them, typed or in a button payload: the job centre knows who the user is from the login,
    # and reporting sick needs no diagnosis. The assistant tells the user once why they were left out.
    redaction = redact_personal_details(text)
    text = redaction.text

    def relay_to_advisor(db_session):
        # While an advisor holds the conversation the assistant stays silent: the message goes to
        # the advisor only, never to Rasa.
        case = active_case_for(db_session, user["role"], user["id"])
        if case is None or case.status != "claimed":
            return None
        add_user_message(db_session, case.id, text)
        return handoff_state(db_session, user)

    held_by_advisor = await request.app[DATABASE].run(relay_to_advisor)
    if held_by_advisor is not None:
        # Only crisis language breaks the silence: the emergency numbers at once, and the case the
        # advisor holds becomes urgent.
        messages = await _crisis_answer_while_held(request, user, language) if in_crisis else []
        messages += await _privacy_notices(request, user, redaction, language)
        return web.json_response({"messages": messages, "handoff": held_by_advisor})
    session = await get_session(request)
    if crisis is None or crisis.level == "none":
        button_payload = match_button(text, session.get(OFFERED_BUTTONS) or [])
        data_rights = None if button_payload else data_rights_request(text)
        if data_rights:
            messages = await answer_data_rights_request(request, user, data_rights, text, language)
            session[LANGUAGE] = language
            return web.json_response({"messages": messages})
        match = read_match_request(button_payload or text, session) if user["role"] == "citizen" else None
        if match:
            shown = _button_title(button_payload or text, session.get(OFFERED_BUTTONS) or []) or text
            messages = await answer_match_request(request, user, match, shown, language, session)
            session[OFFERED_BUTTONS] = offered_buttons(messages)
            session[LANGUAGE] = language
            return web.json_response({"messages": messages})
        text = button_payload or text
    metadata = {"crisis_level": crisis.level} if crisis is not None else {}
    try:
        messages = await _send_in_order(request, user, text, metadata, in_crisis)
    except Busy:
        return json_error(request, 503, BUSY_DA, BUSY_EN, text, language=language,
                          headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    except MessageKept as kept:
        if kept.earlier_answers:
            session[OFFERED_BUTTONS] = offered_buttons(kept.earlier_answers)
        session[LANGUAGE] = language
        # Someone in crisis never just waits: the emergency numbers go out at once, from the gateway.
        answers = kept.earlier_answers + ([_crisis_numbers(request, language)] if in_crisis else [])
        return _kept_response(request, language, answers, pending=True)
    session[OFFERED_BUTTONS] = offered_buttons(messages)
    session[LANGUAGE] = language
    messages += await _privacy_notices(request, user, redaction, language)
    return web.json_response({"messages": messages})


async def _crisis_answer_while_held(request: web.Request, user: Dict[str, str],
                                    language: str) -> List[Dict[str, Any]]:
    try:
        return await request.app[RASA].trigger_intent(_user_conversation(user), "crisis")
    except AssistantUnavailable:
        # The advisor holding the conversation has the message already; the numbers cannot wait for Rasa.
        return [_crisis_numbers(request, language)]


class MessageKept(Exception):
    """Rasa did not take the message, so it waits in pending_messages behind any kept before it.
    `earlier_answers` are Rasa's answers to earlier kept messages delivered first in the same request."""

    def __init__(self, earlier_answers: List[Dict[str, Any]]) -> None:
        super().__init__("message kept until the assistant is back")
        self.earlier_answers = earlier_answers


@dataclass
class Delivery:
    """What delivering a user's kept messages achieved: Rasa's answers, the language of the last one
    delivered, and how many still wait."""

    answers: List[Dict[str, Any]] = field(default_factory=list)
    language: Optional[str] = None
    waiting: int = 0


async def _send_in_order(request: web.Request, user: Dict[str, str], text: str, metadata: Dict[str, Any],
                         in_crisis: bool) -> List[Dict[str, Any]]:
    """Rasa's answers to the message, after those to any the user wrote while Rasa was down, which go
    first; when Rasa cannot take them all, the message is kept behind them (MessageKept)."""
    database = request.app[DATABASE]
    lock = _delivery_lock(request, user)
    other_request_was_delivering = lock.locked()
    async with lock, _turn(request, in_crisis):
        if other_request_was_delivering:
            # It has just offered Rasa the messages before this one; what it left waiting, Rasa did not
            # take, and trying again at once would only make the user wait for Rasa a second time.
            earlier = Delivery(waiting=await database.run(waiting_count, user["role"], user["id"]))
        else:
            earlier = await _deliver_waiting(request, user, take_turns=False)
        if not earlier.waiting:
            try:
                return earlier.answers + await request.app[RASA].send_message(_user_conversation(user), text,
                                                                              metadata)
            except AssistantUnavailable:
                log.warning("Rasa did not take a message of %s; it is kept until Rasa is back",
                            _user_conversation(user))
        await database.run(keep_message, user["role"], user["id"], text, metadata)
        raise MessageKept(earlier.answers)


async def _deliver_waiting(request: web.Request, user: Dict[str, str], *, take_turns: bool) -> Delivery:
    """Sends the user's kept messages to Rasa, oldest first, until none is left or one is not taken (it
    and the rest wait on). Each is claimed before it is sent and deleted only after Rasa answered it.
    Called holding the conversation's delivery lock; `take_turns` when the caller holds no turn."""
    database, delivery = request.app[DATABASE], Delivery()
    stale_after = claim_given_up_after(request.app[SETTINGS])
    current_language = (await get_session(request)).get(LANGUAGE)
    while True:
        claim = await database.run(claim_oldest, user["role"], user["id"], stale_after)
        delivery.waiting = claim.waiting
        waiting = claim.message
        if waiting is None:
            return delivery
        try:
            async with _turn(request, not take_turns or waiting.metadata.get("crisis_level") == "crisis"):
                answers = await request.app[RASA].send_message(_user_conversation(user), waiting.text,
                                                               waiting.metadata)
        except (AssistantUnavailable, Busy):
            await database.run(release_claim, waiting.id)
            return delivery
        except BaseException:
            await database.run(release_claim, waiting.id)
            raise
        await database.run(forget_delivered, waiting.id)
        delivery.answers += answers
        delivery.language = detect_language(waiting.text, current=delivery.language or current_language)


async def deliver_pending(request: web.Request) -> web.Response:
    """Delivers what the user wrote while the assistant was down, in order, with Rasa's answers and how
    many still wait. The chat page polls this while any wait; nothing waiting costs no call to Rasa."""
    user = await require_user(request, active=False)
    lock = _delivery_lock(request, user)
    if lock.locked():
        # Another request is delivering them right now; its answer carries Rasa's.
        delivery = Delivery(waiting=await request.app[DATABASE].run(waiting_count, user["role"], user["id"]))
    else:
        async with lock:
            delivery = await _deliver_waiting(request, user, take_turns=True)
    session = await get_session(request)
    if delivery.answers:
        session[OFFERED_BUTTONS] = offered_buttons(delivery.answers)
        session[LANGUAGE] = delivery.language
    if delivery.waiting:
        await keep_alive(request)  # waiting for the assistant is not idleness
        if not delivery.answers:
            return _kept_response(request, session.get(LANGUAGE), [], pending=delivery.waiting)
    return web.json_response({"messages": delivery.answers, "pending": delivery.waiting})


def _kept_response(request: web.Request, language: Optional[str], answers: List[Dict[str, Any]],
                   pending: object) -> web.Response:
    """503: the assistant did not answer, but what the user wrote is kept and will be answered here."""
    return json_error(request, 503, KEPT_DA, KEPT_EN, language=language,
                      headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                      more={"pending": pending, "messages": answers})


def _delivery_lock(request: web.Request, user: Dict[str, str]) -> asyncio.Lock:
    """One request at a time delivers a conversation's messages, so they reach Rasa in the order written
    (the claims in bot/store/pending.py keep two requests from ever sending the same one). A lock lives
    only while a request holds or waits for it."""
    locks = request.app[DELIVERY_LOCKS]
    conversation = _user_conversation(user)
    lock = locks.get(conversation)
    if lock is None:
        lock = locks[conversation] = asyncio.Lock()
    return lock


def _turn(request: web.Request, without_waiting: bool) -> AsyncContextManager[None]:
    """A turn with Rasa (bot/gateway/admission.py); someone in crisis never waits for one."""
    return nullcontext() if without_waiting else request.app[ADMISSION].turn()


def claim_given_up_after(settings: Settings) -> timedelta:
    """How long a claimed message may be on its way to Rasa before the claim counts as abandoned (the
    gateway stopped mid-send): longer than any send can take, a turn's wait included."""
    return timedelta(seconds=settings.rasa_timeout_seconds + settings.turn_wait_seconds + 60)


def crisis_numbers_from_domain(path: Path = CRISIS_RESPONSES_FILE) -> Dict[str, str]:
    """The assistant's crisis numbers by language ("da", and "en" from its language condition), read
    from the domain's responses so the gateway never says other numbers than the assistant."""
    variants = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses", {}).get(CRISIS_RESPONSE)
    numbers: Dict[str, str] = {}
    for variant in variants or []:
        languages = [condition.get("value") for condition in variant.get("condition") or []
                     if condition.get("name") == "language"]
        numbers[languages[0] if languages else "da"] = variant["text"]
    if set(numbers) != {"da", "en"}:
        raise ValueError(f"{path}: {CRISIS_RESPONSE} needs a Danish text and an English one (language en)")
    return numbers


def _crisis_numbers(request: web.Request, language: Optional[str]) -> Dict[str, Any]:
    numbers = request.app[CRISIS_NUMBERS]
    return {"text": numbers.get(language or "da", numbers["da"]), "buttons": []}


async def _privacy_notices(request: web.Request, user: Dict[str, str], redaction: Redaction,
                           language: str) -> List[Dict[str, Any]]:
    """Why a CPR number or health details are gone: each said once per login, and kept in the
    conversation for the history (also while an advisor holds it: a bot message is no dialogue turn)."""
    session = await get_session(request)
    notices = []
    for kind, removed, shown in (("cpr", redaction.cpr_removed, CPR_NOTICE_SHOWN),
                                 ("health", redaction.health_removed, HEALTH_NOTICE_SHOWN)):
        if not removed or session.get(shown):
            continue
        notice = privacy_notice(kind, user["role"], language)
        try:
            await request.app[RASA].add_bot_message(_user_conversation(user), notice)
        except AssistantUnavailable:
            log.warning("The %s notice could not be added to the conversation history", kind)
        notices.append({"text": notice, "buttons": []})
        session[shown] = True
    return notices


async def chat_history(request: web.Request) -> web.Response:
    user = await require_user(request)
    session = await get_session(request)
    # A visit with the login still open: what happened in the digital match meanwhile joins the history.
    delivered = await deliver_notices(request, user, session.get(LANGUAGE) or "da", session)
    if delivered:
        session[OFFERED_BUTTONS] = offered_buttons(delivered)
    try:
        events = await request.app[RASA].tracker_events(_user_conversation(user))
    except AssistantUnavailable:
        return json_error(request, 503, "Samtalen kan ikke hentes lige nu. Prøv igen om lidt.",
                          "The conversation cannot be fetched right now. Please try again shortly.")
    return web.json_response({"messages": transcript_from_events(events)})


def add_routes(app: web.Application) -> None:
    # Read once at start-up: a crisis answer must not wait for a file, and a broken one stops the start.
    app[CRISIS_NUMBERS] = crisis_numbers_from_domain()
    app[DELIVERY_LOCKS] = weakref.WeakValueDictionary()
    app.router.add_routes([
        web.get("/", index),
        web.get("/static/{name}", static_file),
        web.get("/healthz", healthz),
        web.get("/api/openapi.json", openapi),
        web.get("/api/session", session_info),
        web.post("/api/dev/login", dev_login),
        web.post("/api/logout", logout),
        web.post("/api/chat", chat),
        web.post("/api/chat/pending", deliver_pending),
        web.get("/api/chat/history", chat_history),
        web.get("/advisor", handoff_routes.workspace_page),
        web.get("/api/advisor/cases", handoff_routes.list_cases_route),
        web.get("/api/advisor/cases/{case_id}", handoff_routes.case_detail),
        web.post("/api/advisor/cases/{case_id}/claim", handoff_routes.claim),
        web.post("/api/advisor/cases/{case_id}/messages", handoff_routes.post_message),
        web.get("/api/advisor/cases/{case_id}/messages", handoff_routes.case_messages),
        web.post("/api/advisor/cases/{case_id}/close", handoff_routes.close),
        web.get("/api/chat/updates", handoff_routes.chat_updates),
        web.get("/api/me/journal", journal_routes.my_journal),
        web.get("/api/me/profile", journal_routes.my_profile),
        web.post("/api/advisor/cases/{case_id}/weekly-target", journal_routes.set_weekly_target),
        web.get("/api/me/sick-leave", sick_leave_routes.my_sick_leave),
        web.get("/api/me/vacancies", vacancy_routes.my_vacancies),
        web.get("/api/me/data", my_data_routes.my_data_as_json),
        web.get("/api/me/data.pdf", my_data_routes.my_data_as_pdf),
        web.get("/api/me/transcript", my_data_routes.my_transcript),
        web.get("/api/advisor/vacancies", vacancy_routes.advisor_vacancies),
        web.post("/api/advisor/vacancies/{vacancy_id}/approve", vacancy_routes.approve),
        web.post("/api/advisor/vacancies/{vacancy_id}/reject", vacancy_routes.reject),
        web.get("/api/advisor/vacancies/{vacancy_id}/matches", vacancy_routes.matches),
        web.get("/dpo", audit_routes.dpo_page),
        web.get("/api/dpo/audit", audit_routes.audit_log),
        web.get("/api/dpo/audit.csv", audit_routes.audit_log_csv),
    ])
    add_oidc_routes(app, greet)
    add_privacy_routes(app)
    add_erasure_routes(app)
    add_insight_routes(app)
    add_teach_routes(app)
