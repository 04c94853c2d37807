"""Advisor workspace API and the user's side of a live chat with an advisor."""
from __future__ import annotations

from typing import Dict

from aiohttp import web

from bot.gateway.auth import ADVISORS_ONLY, require_role, require_user
from bot.gateway.http import (
    DATABASE, RASA, STATIC_DIR, BadRequest, number_in_path, read_json_object, run_in_database,
)
from bot.gateway.rasa_client import AssistantUnavailable, transcript_from_events
from bot.store.handoff import (
    ACTIVE_STATUSES, MAX_ADVISOR_MESSAGE_CHARS, active_case_for, add_advisor_message, case_to_json,
    cases_of_user, claim_case, close_case, get_case, list_cases, message_to_json, messages_after,
    queue_position, record_audit,
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
        return int(request.query.get("after", "0"))
    except ValueError:
        raise BadRequest(400, "after skal være et tal.", "after must be a number.")


async def workspace_page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "advisor.html")


async def list_cases_route(request: web.Request) -> web.Response:
    advisor = await require_role(request, "advisor", ADVISORS_ONLY)
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
        return case_to_json(case)

    return web.json_response({"case": await run_in_database(request, work, CASE_NOT_FOUND)})


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

    def work(session):
        message = add_advisor_message(session, case_id, advisor["id"], text.strip())
        case = get_case(session, case_id)
        record_audit(session, "advisor", advisor["id"], "message_user", case.conversation_id, case.id)
        return message_to_json(message)

    return web.json_response({"message": await run_in_database(request, work, CASE_NOT_FOUND)}, status=201)


async def case_messages(request: web.Request) -> web.Response:
    advisor = await require_role(request, "advisor", ADVISORS_ONLY)
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
        case = close_case(session, case_id, advisor["id"], note.strip()[:5000])
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
    """What advisors (and the system) wrote to the user since message id `after`."""
    user = await require_user(request)
    after = _after_of(request)

    def work(session):
        case_ids = [case.id for case in cases_of_user(session, user["role"], user["id"])]
        messages = [message_to_json(m) for m in messages_after(session, case_ids, after)
                    if m.sender != "user"]
        return messages, handoff_state(session, user)

    messages, state = await request.app[DATABASE].run(work)
    return web.json_response({"messages": messages, "handoff": state})
