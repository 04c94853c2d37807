"""What to teach the assistant next, for managers and advisors: the messages it did not understand,
grouped, as a chart and a table; marking a message (or a group) with the intent it should have had; and
the marked ones downloaded as Rasa NLU training data or as held-out evaluation messages. The messages
were scrubbed of personal details before they were kept, and name nobody. Every mark is audited."""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Dict, List, Optional, Tuple

import yaml
from aiohttp import web

from bot.chat_input import language_of_request
from bot.gateway.auth import current_user, require_user
from bot.gateway.http import DATABASE, MAX_ID, PAGES_DIR, BadRequest, number_in_path, read_json_object, run_in_database
from bot.rules.teach import PURPOSES, bar_chart_svg, group_misses, heldout_yaml, nlu_training_yaml
from bot.settings import PROJECT_ROOT
from bot.store.audit import DANISH_TIME, end_of_danish_day, start_of_danish_day
from bot.store.handoff import record_audit
from bot.store.teach import as_miss, mark_messages, marked_for, message_to_json, misses_between

TEACH_ROLES = ("manager", "advisor")
STAFF_ONLY = ("Kun ledere og jobrådgivere har adgang til beskederne, assistenten ikke forstod.",
              "Only managers and advisors have access to the messages the assistant did not understand.")
MESSAGE_NOT_FOUND = ("Beskeden findes ikke.", "That message does not exist.")
DOMAIN_FILE = PROJECT_ROOT / "domain.yml"
TEACH_INTENTS = web.AppKey("teach_intents", tuple)
# The intents no message is taught: the fallback is what the model says when it knows none.
NOT_MARKABLE = frozenset({"nlu_fallback"})
MAX_IDS_PER_MARK = 1000
SHOWN_GROUPS = 50
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def intents_of_domain(path=DOMAIN_FILE) -> Tuple[str, ...]:
    """The domain's intents, sorted, as staff can mark a message with them."""
    domain = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    names = [next(iter(item)) if isinstance(item, dict) else item for item in domain.get("intents") or []]
    return tuple(sorted(name for name in names if isinstance(name, str) and name not in NOT_MARKABLE))


async def require_teacher(request: web.Request) -> Dict[str, str]:
    """The logged-in manager or advisor; 401 for nobody, 403 for anyone else."""
    user = await require_user(request)
    if user["role"] not in TEACH_ROLES:
        raise BadRequest(403, *STAFF_ONLY)
    return user


async def teach_page(request: web.Request) -> web.StreamResponse:
    user = await current_user(request)
    if user is None:
        raise web.HTTPFound("/")
    if user["role"] not in TEACH_ROLES:
        language = language_of_request(None, request.headers.get("Accept-Language", ""))
        return web.Response(status=403, text=STAFF_ONLY[1 if language == "en" else 0])
    # Never from the browser's cache: on a shared PC the next person's login decides whether they see it.
    return web.FileResponse(PAGES_DIR / "teach.html", headers={"Cache-Control": "no-store"})


def _day(request: web.Request, name: str) -> Optional[date]:
    value = request.query.get(name, "").strip()
    if not value:
        return None
    try:
        if not _DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(400, f"{name} skal være en dato som ÅÅÅÅ-MM-DD, fx 2024-05-31.",
                         f"{name} must be a date as YYYY-MM-DD, e.g. 2024-05-31.")


def period_of(request: web.Request) -> Tuple[Optional[datetime], Optional[datetime]]:
    """?from=&to= as Danish days, both inclusive: (start, exclusive end)."""
    first, last = _day(request, "from"), _day(request, "to")
    if first and last and last < first:
        raise BadRequest(400, "Til-datoen ligger før fra-datoen.", "The to date is before the from date.")
    return (start_of_danish_day(first) if first else None, end_of_danish_day(last) if last else None)


async def groups(request: web.Request) -> web.Response:
    await require_teacher(request)
    since, until = period_of(request)

    def work(session):
        rows = misses_between(session, since, until)
        return {row.id: message_to_json(row) for row in rows}, [as_miss(row) for row in rows]

    messages, misses = await request.app[DATABASE].run(work)
    grouped = group_misses(misses)
    shown = grouped[:SHOWN_GROUPS]
    return web.json_response({
        "groups": [group.to_json() for group in shown], "group_count": len(grouped), "total": len(misses),
        "messages": {str(i): messages[i] for group in shown for i in group.message_ids},
        "chart": bar_chart_svg(shown), "intents": list(request.app[TEACH_INTENTS]),
    })


def _mark_of(body: Dict[str, Any], intents: Tuple[str, ...]) -> Tuple[Optional[str], Optional[str]]:
    intent = body.get("intent")
    purpose = body.get("for", "training")
    if intent is not None and intent not in intents:
        raise BadRequest(400, "Vælg en af assistentens intents.", "Choose one of the assistant's intents.")
    if purpose not in PURPOSES:
        raise BadRequest(400, "Vælg træning eller evaluering.", "Choose training or evaluation.")
    return intent, purpose


def _ids_of(body: Dict[str, Any]) -> List[int]:
    ids = body.get("ids")
    if (not isinstance(ids, list) or not ids or len(ids) > MAX_IDS_PER_MARK
            or not all(isinstance(i, int) and not isinstance(i, bool) and 1 <= i <= MAX_ID for i in ids)):
        raise BadRequest(400, f"ids skal være en liste med 1 til {MAX_IDS_PER_MARK} beskeders id.",
                         f"ids must be a list of 1 to {MAX_IDS_PER_MARK} message ids.")
    return ids


async def _mark(request: web.Request, user: Dict[str, str], ids: List[int], body: Dict[str, Any]) -> web.Response:
    intent, purpose = _mark_of(body, request.app[TEACH_INTENTS])

    def work(session):
        rows = mark_messages(session, ids, intent, purpose, user["role"])
        what = f"intent={intent} for={purpose}" if intent else "mark removed"
        record_audit(session, user["role"], user["id"], "mark_unrecognised_message",
                     detail=f"{what} messages={','.join(str(row.id) for row in rows)}")
        return [message_to_json(row) for row in rows]

    return web.json_response({"messages": await run_in_database(request, work, MESSAGE_NOT_FOUND)})


async def mark_one(request: web.Request) -> web.Response:
    user = await require_teacher(request)
    message_id = number_in_path(request, "message_id", MESSAGE_NOT_FOUND)
    return await _mark(request, user, [message_id], await read_json_object(request))


async def mark_many(request: web.Request) -> web.Response:
    user = await require_teacher(request)
    body = await read_json_object(request)
    return await _mark(request, user, _ids_of(body), body)


def _note(purpose: str) -> str:
    today = datetime.now(DANISH_TIME).date().isoformat()
    common = (f"Marked in Jobassistent's /insight/teach, exported {today}. Personal details were scrubbed "
              "before the messages were kept; names, phone numbers, e-mail and addresses stand in as "
              "made-up values (Anna, 12345678, navn@example.dk, Testvej 1).")
    if purpose == "training":
        return common + "\nCheck each example before it goes into data/nlu; never add a held-out message."
    return common + ("\nReal users' messages, not written before tuning: keep them apart from the "
                     "original set's count (tests/data/heldout/README.md) and never in data/nlu.")


async def _export(request: web.Request, purpose: str) -> web.Response:
    user = await require_teacher(request)

    def work(session):
        marked = marked_for(session, purpose)
        record_audit(session, user["role"], user["id"], "export_teach_data", detail=f"for={purpose} rows={len(marked)}")
        return marked

    marked = await request.app[DATABASE].run(work)
    text = (nlu_training_yaml if purpose == "training" else heldout_yaml)(marked, _note(purpose))
    today = datetime.now(DANISH_TIME).date().isoformat()
    name = f"nlu-{today}.yml" if purpose == "training" else f"heldout-{today}.yml"
    return web.Response(text=text, content_type="application/x-yaml", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def export_training(request: web.Request) -> web.Response:
    return await _export(request, "training")


async def export_heldout(request: web.Request) -> web.Response:
    return await _export(request, "evaluation")


def add_teach_routes(app: web.Application) -> None:
    # Read once at start-up: the domain is the model's, and a broken one stops the start.
    app[TEACH_INTENTS] = intents_of_domain()
    app.router.add_routes([
        web.get("/insight/teach", teach_page),
        web.get("/api/teach/groups", groups),
        web.post("/api/teach/messages/{message_id}/mark", mark_one),
        web.post("/api/teach/messages/mark", mark_many),
        web.get("/api/teach/export.yml", export_training),
        web.get("/api/teach/export-heldout.yml", export_heldout),
    ])
