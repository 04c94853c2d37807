"""The citizen's own sick leaves as JSON."""
from __future__ import annotations

from aiohttp import web

from bot import sick_leave as sick_store
from bot.gateway.http import DATABASE, BadRequest
from bot.gateway.session import require_user
from bot.users import find_user


async def my_sick_leave(request: web.Request) -> web.Response:
    user = await require_user(request)
    if user["role"] != "citizen":
        raise BadRequest(403, "Sygemeldinger er for borgere.", "Sick leave is for citizens.")

    def work(session):
        citizen = find_user(session, "citizen", user["id"])
        return [sick_store.case_to_json(case) for case in sick_store.cases_of(session, citizen.id)] if citizen else []

    return web.json_response({"sick_leaves": await request.app[DATABASE].run(work)})


def add_sick_leave_routes(app: web.Application) -> None:
    app.router.add_get("/api/me/sick-leave", my_sick_leave)
