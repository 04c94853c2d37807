"""Advisor workspace API and the user's side of a live chat with an advisor."""
from __future__ import annotations

from typing import Dict

from aiohttp import web

from bot.chat_input import language_of_request
from bot.gateway.auth import ADVISORS_ONLY, current_user, keep_alive, require_role, require_user
from bot.gateway.http import (
    DATABASE, MAX_ID, PAGES_DIR, RASA, BadRequest, number_in_path, read_json_object, run_in_database,
)
from bot.gateway.rasa_client import AssistantUnavailable, transcript_from_events
from bot.observability import HANDOFF_CLAIM_WAIT_SECONDS
from bot.privacy import privacy_notice, redact_personal_details
from bot.store.handoff import (
    ACTIVE_STATUSES, MAX_ADVISOR_MESSAGE_CHARS, active_case_for, add_advisor_message, case_to_json,
    cases_of_user, claim_case, claim_wait_seconds, close_case, get_case, list_cases, message_to_json,
    messages_after, queue_position, record_audit,
)
from bot.store.journal import citizen_record
from bot.store.sick_leave import sick_leave_record

STATUS_FILTERS = {"open": ("open",), "claimed": ("claimed",), "closed": ("closed",),
                  "active": ACTIVE_STATUSES}
CASE_NOT_FOUND = ("Sagen findes ikke.", "The case does not exist.")


def case_id_of(request: web.Request) -> int:
    return number_in_path(request, "case_id", CASE_NOT_FOUND)


def _after_of(request: web.Request) -> int:
    """The id of the last message the page has, from ?after=; 0 for all of them."""
    try:
        after = int(request.query.get("after", "0"))
    except ValueError:
        after = -1
    if not 0 <= after <= MAX_ID:
        raise BadRequest(400, f"after skal være et helt tal fra 0 til {MAX_ID}.",
                         f"after must be a whole number from 0 to {MAX_ID}.")
    return after


async def workspace_page(request: web.Request) -> web.StreamResponse:
    """The workspace page is for advisors only: others are sent to the chat page to log in, or told why."""
    user = await current_user(request)
    if user is None:
        raise web.HTTPFound("/")
    if user["role"] != "advisor":
        language = language_of_request(None, request.headers.get("Accept-Language", ""))
        return web.Response(status=403, text=ADVISORS_ONLY[1 if language == "en" else 0])
    return web.FileResponse(PAGES_DIR / "advisor.html")


async def list_cases_route(request: web.Request) -> web.Response:
    # The workspace polls this every few seconds; that alone keeps no idle login alive.
    advisor = await require_role(request, "advisor", ADVISORS_ONLY, active=False)
    status = request.query.get("status", "active")
    if status not in STATUS_FILTERS:
        raise BadRequest(400, "Ukendt status. Brug open, claimed, closed eller active.",
                         "Unknown status. Use open, claimed, closed or active.")

    def work(session):
        record_audit(session, "advisor", advisor["id"], "list_cases", detail=f"status={status}")
        return [case_to_json(case) for case in list_cases(session, STATUS_FILTERS[status])]

    return web.json_response({"cases": await request.app[DATABASE].run(work)})


async def case_detail(request: web.Request) -> web.Response:
    advisor = await require_role(request, "advisor", ADVISORS_ONLY)
    case_id = case_id_of(request)

    def work(session):
        case = get_case(session, case_id)
        record_audit(session, "advisor", advisor["id"], "read_case", case.conversation_id, case.id)
        live = [message_to_json(m) for m in messages_after(session, [case.id], 0)]
        earlier = [case_to_json(c) for c in cases_of_user(session, case.user_role, case.user_external_id)
                   if c.id != case.id]
        journal, profile = citizen_record(session, case.user_role, case.user_external_id)
        sick_leave = sick_leave_record(session, case.user_role, case.user_external_id)
        return case_to_json(case), case.conversation_id, live, earlier, journal, profile, sick_leave

    case, conversation_id, live, earlier, journal, profile, sick_leave = await run_in_database(
        request, work, CASE_NOT_FOUND)
    try:
        transcript = transcript_from_events(await request.app[RASA].tracker_events(conversation_id))
    except AssistantUnavailable:
        transcript = [{"sender": "system", "text": "Samtalen med assistenten kunne ikke hentes lige nu.",
                       "buttons": []}]
    transcript += [{"sender": m["sender"], "text": m["text"], "buttons": []} for m in live]
    registered = {"earlier_cases": earlier, "journal": journal, "profile": profile, "sick_leave": sick_leave}
    return web.json_response({"case": case, "transcript": transcript, "registered": registered})


async def claim(request: web.Request) -> web.Response:
    advisor = await require_role(request, "advisor", ADVISORS_ONLY)
    case_id = case_id_of(request)

    def work(session):
        case = claim_case(session, case_id, advisor["id"], advisor.get("name") or advisor["id"])
        record_audit(session, "advisor", advisor["id"], "claim_case", case.conversation_id, case.id)
        return case_to_json(case), claim_wait_seconds(case)

    case, waited_seconds = await run_in_database(request, work, CASE_NOT_FOUND)
    HANDOFF_CLAIM_WAIT_SECONDS.observe(waited_seconds)
    return web.json_response({"case": case})


async def post_message(request: web.Request) -> web.Response:
    advisor = await require_role(request, "advisor", ADVISORS_ONLY)
    case_id = case_id_of(request)
    body = await read_json_object(request)
    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadRequest(400, "Beskeden er tom. Skriv noget til borgeren.",
                         "The message is empty. Write something to the user.")
    if len(text) > MAX_ADVISOR_MESSAGE_CHARS:
        raise BadRequest(413, f"Beskeden er for lang (højst {MAX_ADVISOR_MESSAGE_CHARS} tegn).",
                         f"The message is too long (at most {MAX_ADVISOR_MESSAGE_CHARS} characters).")

    # The advisor's words are kept like everyone's: no CPR number, no health details (bot/privacy.py).
    redaction = redact_personal_details(text.strip())

    def work(session):
        message = add_advisor_message(session, case_id, advisor["id"], redaction.text)
        case = get_case(session, case_id)
        record_audit(session, "advisor", advisor["id"], "message_user", case.conversation_id, case.id)
        return message_to_json(message)

    body = {"message": await run_in_database(request, work, CASE_NOT_FOUND)}
    if redaction.changed:
        language = language_of_request(text, request.headers.get("Accept-Language", ""))
        body["notice"] = " ".join(privacy_notice(kind, "advisor", language) for kind, removed in (
            ("cpr", redaction.cpr_removed), ("health", redaction.health_removed)) if removed)
    return web.json_response(body, status=201)


async def case_messages(request: web.Request) -> web.Response:
    advisor = await require_role(request, "advisor", ADVISORS_ONLY, active=False)  # polled, like the queue
    case_id = case_id_of(request)
    after = _after_of(request)

    def work(session):
        case = get_case(session, case_id)
        messages = [message_to_json(m) for m in messages_after(session, [case.id], after)]
        if messages:
            # Polled every few seconds: only reads that return something are worth a log line.
            record_audit(session, "advisor", advisor["id"], "read_messages", case.conversation_id,
                         case.id, detail=f"after={after}")
        return messages, case_to_json(case)

    messages, case = await run_in_database(request, work, CASE_NOT_FOUND)
    return web.json_response({"messages": messages, "case": case})


async def close(request: web.Request) -> web.Response:
    advisor = await require_role(request, "advisor", ADVISORS_ONLY)
    case_id = case_id_of(request)
    body = await read_json_object(request)
    note = body.get("note", "")
    if not isinstance(note, str):
        raise BadRequest(400, "Notatet skal være tekst.", "The note must be text.")

    def work(session):
        case = close_case(session, case_id, advisor["id"], redact_personal_details(note.strip()[:5000]).text)
        record_audit(session, "advisor", advisor["id"], "close_case", case.conversation_id, case.id)
        return case_to_json(case)

    return web.json_response({"case": await run_in_database(request, work, CASE_NOT_FOUND)})


def handoff_state(session, user: Dict[str, str]):
    """The user's active case as the chat page shows it, or None."""
    case = active_case_for(session, user["role"], user["id"])
    if case is None:
        return None
    return {"reference": case.reference, "status": case.status, "advisor_name": case.advisor_name,
            "contact_wish": case.contact_wish, "queue_position": queue_position(session, case)}


async def chat_updates(request: web.Request) -> web.Response:
    """What advisors (and the system) wrote to the user since message id `after`. The chat page polls
    this; only waiting for a person or chatting with one keeps the login alive meanwhile."""
    user = await require_user(request, active=False)
    after = _after_of(request)

    def work(session):
        case_ids = [case.id for case in cases_of_user(session, user["role"], user["id"])]
        messages = [message_to_json(m) for m in messages_after(session, case_ids, after)
                    if m.sender != "user"]
        return messages, handoff_state(session, user)

    messages, state = await request.app[DATABASE].run(work)
    if state is not None and (state["status"] == "claimed" or state["queue_position"]):
        await keep_alive(request)
    return web.json_response({"messages": messages, "handoff": state})
