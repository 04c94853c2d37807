"""Every route of the gateway in one table, and the thin handlers for login, chat and health; each
journey's handlers are in its own *_routes module. Handlers validate input and call bot/ functions."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List

from aiohttp import web
from aiohttp_session import get_session

from bot.chat_input import ChatInputError, clean_chat_message
from bot.gateway import (
    audit_routes, handoff_routes, journal_routes, my_data_routes, sick_leave_routes, vacancy_routes,
)
from bot.gateway.auth import LANGUAGE, current_user, end_login, ended_login_notice, require_user, start_login
from bot.gateway.handoff_routes import handoff_state
from bot.gateway.admission import BUSY_DA, BUSY_EN, RETRY_AFTER_SECONDS, Busy
from bot.gateway.http import (
    ADMISSION, DATABASE, OPENAPI_FILE, RASA, SETTINGS, STATIC_DIR, BadRequest, json_error, read_json_object,
)
from bot.gateway.data_rights_chat import answer_data_rights_request
from bot.gateway.erasure_routes import add_erasure_routes
from bot.gateway.privacy_routes import add_privacy_routes, notice_seen_by
from bot.gateway.oidc_routes import LOGIN_NOTICE, PROVIDER, add_oidc_routes, login_choices, provider_logout_url
from bot.gateway.rasa_client import AssistantUnavailable, transcript_from_events
from bot.gateway.rate_limits import enforce_chat_limits
from bot.language import detect_language
from bot.privacy import Redaction, privacy_notice, redact_personal_details
from bot.rules.crisis import assess_crisis
from bot.rules.data_rights import data_rights_request
from bot.rules.reading import match_button
from bot.store.handoff import active_case_for, add_user_message
from bot.store.models import conversation_id_for
from bot.store.users import InvalidLogin, record_login, validate_login

log = logging.getLogger(__name__)


# The buttons of the assistant's latest answer, so that typing a button's label acts as pressing it.
OFFERED_BUTTONS = "offered_buttons"
# Whether the user was told why health details and CPR numbers are left out (the language they last
# wrote in is auth.LANGUAGE, which the login check needs too).
HEALTH_NOTICE_SHOWN = "health_notice_shown"
CPR_NOTICE_SHOWN = "cpr_notice_shown"


def offered_buttons(messages: List[Dict[str, Any]]) -> List[Dict[str, str]]:
    """The buttons the user can still press: those of the last message that has any."""
    for message in reversed(messages):
        if message.get("buttons"):
            return [{"title": b["title"][:80], "payload": b["payload"][:300]} for b in message["buttons"][:12]]
    return []


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
    enforce_chat_limits(request, user, (await get_session(request)).get(LANGUAGE), text,
                        in_crisis=crisis is not None and crisis.level == "crisis")
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
    try:
        if held_by_advisor is not None:
            # Only crisis language breaks the silence: the emergency numbers at once, and the case
            # the advisor holds becomes urgent.
            messages = []
            if crisis is not None and crisis.level == "crisis":
                messages = await request.app[RASA].trigger_intent(_user_conversation(user), "crisis")
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
            text = button_payload or text
        metadata = {"crisis_level": crisis.level} if crisis is not None else {}
        if crisis is not None and crisis.level == "crisis":
            # Someone in crisis never waits for a turn: the emergency numbers go out at once.
            messages = await request.app[RASA].send_message(_user_conversation(user), text, metadata)
        else:
            async with request.app[ADMISSION].turn():
                messages = await request.app[RASA].send_message(_user_conversation(user), text, metadata)
    except Busy:
        return json_error(request, 503, BUSY_DA, BUSY_EN, text, language=language,
                          headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    except AssistantUnavailable:
        return json_error(
            request, 503,
            "Assistenten svarer ikke lige nu. Din besked er ikke gået tabt – prøv igen om lidt.",
            "The assistant is not answering right now. Your message is not lost – please try again shortly.",
            text, headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    session[OFFERED_BUTTONS] = offered_buttons(messages)
    session[LANGUAGE] = language
    messages += await _privacy_notices(request, user, redaction, language)
    return web.json_response({"messages": messages})


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
    try:
        events = await request.app[RASA].tracker_events(_user_conversation(user))
    except AssistantUnavailable:
        return json_error(request, 503, "Samtalen kan ikke hentes lige nu. Prøv igen om lidt.",
                          "The conversation cannot be fetched right now. Please try again shortly.")
    return web.json_response({"messages": transcript_from_events(events)})


def add_routes(app: web.Application) -> None:
    app.router.add_routes([
        web.get("/", index),
        web.get("/static/{name}", static_file),
        web.get("/healthz", healthz),
        web.get("/api/openapi.json", openapi),
        web.get("/api/session", session_info),
        web.post("/api/dev/login", dev_login),
        web.post("/api/logout", logout),
        web.post("/api/chat", chat),
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
