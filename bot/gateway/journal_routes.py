"""The citizen's own job journal and profile as JSON, and the advisor's view and weekly target."""
from __future__ import annotations

from aiohttp import web

from bot.gateway.auth import ADVISORS_ONLY, require_role, run_for_own_account
from bot.gateway.handoff_routes import CASE_NOT_FOUND, case_id_of
from bot.gateway.http import BadRequest, read_json_object, run_in_database
from bot.rules.profile import MAX_WEEKLY_TARGET
from bot.store import journal as journal_store
from bot.store import profile as profile_store
from bot.store.handoff import get_case, record_audit
from bot.store.users import NotACitizen, require_citizen

FOR_CITIZENS = ("Jobjournalen og profilen er for borgere.", "The job journal and profile are for citizens.")


async def my_journal(request: web.Request) -> web.Response:
    def entries(session, citizen):
        return [journal_store.entry_to_json(entry) for entry in journal_store.entries_of(session, citizen.id)]

    return web.json_response({"entries": await run_for_own_account(request, "citizen", FOR_CITIZENS, entries, [])})


async def my_profile(request: web.Request) -> web.Response:
    def profile(session, citizen):
        return profile_store.profile_to_json(profile_store.get_profile(session, citizen.id))

    no_profile = profile_store.profile_to_json(None)
    return web.json_response({"profile": await run_for_own_account(request, "citizen", FOR_CITIZENS, profile,
                                                                   no_profile)})


async def set_weekly_target(request: web.Request) -> web.Response:
    advisor = await require_role(request, "advisor", ADVISORS_ONLY)
    case_id = case_id_of(request)
    body = await read_json_object(request)
    target = body.get("weekly_target")
    if target is not None and (isinstance(target, bool) or not isinstance(target, int)
                               or not 1 <= target <= MAX_WEEKLY_TARGET):
        raise BadRequest(400, f"Ugemålet skal være et helt tal fra 1 til {MAX_WEEKLY_TARGET} (eller null).",
                         f"The weekly target must be a whole number from 1 to {MAX_WEEKLY_TARGET} (or null).")

    def work(session):
        case = get_case(session, case_id)
        try:
            user = require_citizen(session, case.user_role, case.user_external_id)
        except NotACitizen:
            raise BadRequest(409, "Sagen tilhører ikke en borger.", "The case does not belong to a citizen.")
        profile_store.save_profile_field(session, user.id, "weekly_target", target, set_by="advisor")
        record_audit(session, "advisor", advisor["id"], "set_weekly_target", case.conversation_id, case.id,
                     detail=f"weekly_target={target}")
        return profile_store.profile_to_json(profile_store.get_profile(session, user.id))

    return web.json_response({"profile": await run_in_database(request, work, CASE_NOT_FOUND)})
