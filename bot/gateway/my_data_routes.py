"""A user's own data to download: everything kept about them as JSON and as a PDF, and their
conversation as text. For citizens and employers; each download is audited as the user's own."""
from __future__ import annotations

import asyncio
import json
from datetime import datetime, timezone
from functools import partial
from typing import Any, Dict, Iterable, List, Optional, Tuple
from zoneinfo import ZoneInfo

from aiohttp import web
from aiohttp_session import get_session

from bot.chat_input import language_of_request
from bot.gateway.admission import RETRY_AFTER_SECONDS
from bot.gateway.auth import LANGUAGE, require_user
from bot.gateway.http import DATABASE, RASA, SETTINGS, BadRequest
from bot.gateway.rasa_client import AssistantUnavailable, transcript_from_events
from bot.my_data_pdf import WORDS, my_data_pdf, transcript_text
from bot.store.handoff import record_audit
from bot.store.models import conversation_id_for
from bot.store.my_data import cases_with_messages, collect_my_data

DENMARK = ZoneInfo("Europe/Copenhagen")
DOWNLOADING_ROLES = ("citizen", "employer")
FOR_CITIZENS_AND_EMPLOYERS = (
    "Download af egne data er for borgere og arbejdsgivere. Som jobrådgiver kan du ikke hente et udtræk her.",
    "Downloading your own data is for citizens and employers. As a job advisor you cannot download it here.")
TRANSCRIPT_UNAVAILABLE = ("Samtalen kan ikke hentes lige nu. Prøv igen om lidt.",
                          "The conversation cannot be fetched right now. Please try again shortly.")


async def my_data_as_json(request: web.Request) -> web.Response:
    user, language = await _downloading_user(request)
    data, transcript = await _my_data_and_transcript(request, user, "json")
    body = data | {"transcript": transcript}
    if transcript is None:
        body["transcript_error"] = _in(WORDS["no_transcript"], language)
    return web.json_response(body, dumps=partial(json.dumps, ensure_ascii=False, indent=2),
                             headers=_attachment(f"mine-data-{_today()}.json"))


async def my_data_as_pdf(request: web.Request) -> web.Response:
    user, language = await _downloading_user(request)
    data, transcript = await _my_data_and_transcript(request, user, "pdf")
    # Building the PDF is work for the processor: in a thread, so the event loop keeps serving others.
    pdf = await asyncio.to_thread(my_data_pdf, data, transcript, language,
                                  sick_leave_threshold_weeks=request.app[SETTINGS].sick_leave_threshold_weeks)
    return web.Response(body=pdf, content_type="application/pdf", headers=_attachment(f"mine-data-{_today()}.pdf"))


async def my_transcript(request: web.Request) -> web.Response:
    user, language = await _downloading_user(request)
    conversation_id = conversation_id_for(user["role"], user["id"])
    events = await _tracker_events_or_none(request, conversation_id)
    if events is None:
        raise BadRequest(503, *TRANSCRIPT_UNAVAILABLE, language=language,
                         headers={"Retry-After": str(RETRY_AFTER_SECONDS)})

    def unit(session):
        record_audit(session, user["role"], user["id"], "export_transcript", subject=conversation_id)
        return cases_with_messages(session, user["role"], user["id"])

    cases = await request.app[DATABASE].run(unit)
    text = transcript_text(conversation_transcript(events, cases), language)
    return web.Response(text=text, content_type="text/plain", charset="utf-8",
                        headers=_attachment(f"samtale-{_today()}.txt"))


async def _downloading_user(request: web.Request) -> Tuple[Dict[str, str], str]:
    """The logged-in citizen or employer (401 for nobody, 403 for an advisor) and their language: the
    one they last wrote in, else their browser's."""
    user = await require_user(request)
    language = (await get_session(request)).get(LANGUAGE)
    if language not in ("da", "en"):
        language = language_of_request(None, request.headers.get("Accept-Language", ""))
    if user["role"] not in DOWNLOADING_ROLES:
        raise BadRequest(403, *FOR_CITIZENS_AND_EMPLOYERS, language=language)
    return user, language


async def _my_data_and_transcript(request: web.Request, user: Dict[str, str],
                                  download_format: str) -> Tuple[Dict[str, Any], Optional[List[Dict[str, Any]]]]:
    """collect_my_data for the user, audited as their export in `download_format`, and their
    conversation (None when Rasa cannot be reached: the rest of the download does not depend on it)."""
    conversation_id = conversation_id_for(user["role"], user["id"])
    events = await _tracker_events_or_none(request, conversation_id)

    def unit(session):
        record_audit(session, user["role"], user["id"], "export_my_data", subject=conversation_id,
                     detail=f"format={download_format}")
        return collect_my_data(session, user["role"], user["id"])

    data = await request.app[DATABASE].run(unit)
    return data, (conversation_transcript(events, data["cases"]) if events is not None else None)


async def _tracker_events_or_none(request: web.Request, conversation_id: str) -> Optional[List[Dict[str, Any]]]:
    try:
        return await request.app[RASA].tracker_events(conversation_id)
    except AssistantUnavailable:
        return None


def conversation_transcript(events: List[Dict[str, Any]], cases: Iterable[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The whole conversation as the user saw it, oldest first: the assistant's part from Rasa's tracker
    `events` and the live chat with advisors from `cases` (as cases_with_messages gives them). Each line
    is {"at": ISO time in UTC or None, "sender": "user"|"bot"|"advisor"|"system", "name", "text",
    "buttons"}; "name" is the advisor's on their lines, else None."""
    lines = [{"at": _utc_iso(moment), "sender": line["sender"], "name": None, "text": line["text"],
              "buttons": line["buttons"]}
             for moment, line in zip(_moments_of_shown_events(events), transcript_from_events(events))]
    for case in cases:
        for message in case["messages"]:
            name = (case.get("advisor_name") or None) if message["sender"] == "advisor" else None
            lines.append({"at": _utc_iso(_parse_time(message["created_at"])), "sender": message["sender"],
                          "name": name, "text": message["text"], "buttons": []})
    return _in_time_order(lines)


def _moments_of_shown_events(events: List[Dict[str, Any]]) -> List[Optional[datetime]]:
    """When each transcript line's event happened, in the same order. How many lines an event becomes
    (none, one, or two for an answer the gateway gave itself) does not depend on the events before it,
    so asking transcript_from_events one event at a time keeps its rule in one place."""
    return [_from_timestamp(event.get("timestamp")) for event in events for _ in transcript_from_events([event])]


def _in_time_order(lines: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    # A stable sort: lines at the same moment (or without one, which count as the line before) keep
    # the order they came in.
    last_known = datetime.min.replace(tzinfo=timezone.utc)
    keyed = []
    for index, line in enumerate(lines):
        last_known = _parse_time(line["at"]) or last_known
        keyed.append((last_known, index, line))
    return [line for _, _, line in sorted(keyed, key=lambda item: item[:2])]


def _from_timestamp(value: Any) -> Optional[datetime]:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, timezone.utc)
    return None


def _parse_time(value: Optional[str]) -> Optional[datetime]:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    # SQLite gives back the UTC times we stored without their zone.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _utc_iso(moment: Optional[datetime]) -> Optional[str]:
    return moment.astimezone(timezone.utc).isoformat() if moment is not None else None


def _in(pair: Tuple[str, str], language: str) -> str:
    return pair[1] if language == "en" else pair[0]


def _today() -> str:
    return datetime.now(DENMARK).date().isoformat()


def _attachment(filename: str) -> Dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}
