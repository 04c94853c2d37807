"""The citizen's own job journal and profile as JSON, and the advisor's view and weekly target."""
from __future__ import annotations

from aiohttp import web

from bot import journal as journal_store
from bot.gateway.handoff_routes import case_id_of, require_advisor, run_case_work
from bot.gateway.http import DATABASE, BadRequest, read_json_object
from bot.gateway.session import require_user
from bot.handoff import get_case, record_audit
from bot.rules.profile import MAX_WEEKLY_TARGET
from bot.users import find_user


async def require_citizen(request: web.Request):
    user = await require_user(request)
    if user["role"] != "citizen":
        raise BadRequest(403, "Jobjournalen og profilen er for borgere.",
                         "The job journal and profile are for citizens.")
    return user


async def my_journal(request: web.Request) -> web.Response:
    user = await require_citizen(request)

    def work(session):
        citizen = find_user(session, "citizen", user["id"])
        return [journal_store.entry_to_json(e) for e in journal_store.entries_of(session, citizen.id)] if citizen else []

    return web.json_response({"entries": await request.app[DATABASE].run(work)})


async def my_profile(request: web.Request) -> web.Response:
    user = await require_citizen(request)

    def work(session):
        citizen = find_user(session, "citizen", user["id"])
        return journal_store.profile_to_json(journal_store.get_profile(session, citizen.id) if citizen else None)

    return web.json_response({"profile": await request.app[DATABASE].run(work)})


async def set_weekly_target(request: web.Request) -> web.Response:
    advisor = await require_advisor(request)
    case_id = case_id_of(request)
    body = await read_json_object(request)
    target = body.get("weekly_target")
    if target is not None and (isinstance(target, bool) or not isinstance(target, int)
                               or not 1 <= target <= MAX_WEEKLY_TARGET):
        raise BadRequest(400, f"Ugemålet skal være et helt tal fra 1 til {MAX_WEEKLY_TARGET} (eller null).",
                         f"The weekly target must be a whole number from 1 to {MAX_WEEKLY_TARGET} (or null).")

    def work(session):
        case = get_case(session, case_id)
        user = find_user(session, case.user_role, case.user_external_id)
        if user is None or case.user_role != "citizen":
            raise BadRequest(409, "Sagen tilhører ikke en borger.", "The case does not belong to a citizen.")
        journal_store.save_profile_field(session, user.id, "weekly_target", target, set_by="advisor")
        record_audit(session, "advisor", advisor["id"], "set_weekly_target", case.conversation_id, case.id,
                     detail=f"weekly_target={target}")
        return journal_store.profile_to_json(journal_store.get_profile(session, user.id))

    return web.json_response({"profile": await run_case_work(request, work)})


def add_journal_routes(app: web.Application) -> None:
    app.router.add_get("/api/me/journal", my_journal)
    app.router.add_get("/api/me/profile", my_profile)
    app.router.add_post("/api/advisor/cases/{case_id}/weekly-target", set_weekly_target)
