"""The citizen's own sick leaves as JSON."""
from __future__ import annotations

from aiohttp import web

from bot.gateway.auth import run_for_own_account
from bot.store import sick_leave as sick_store

FOR_CITIZENS = ("Sygemeldinger er for borgere.", "Sick leave is for citizens.")


async def my_sick_leave(request: web.Request) -> web.Response:
    def sick_leaves(session, citizen):
        return [sick_store.case_to_json(case) for case in sick_store.cases_of(session, citizen.id)]

    return web.json_response({"sick_leaves": await run_for_own_account(request, "citizen", FOR_CITIZENS,
                                                                       sick_leaves, [])})
