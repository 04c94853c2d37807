"""The advisor's one action on an erasure request: erase the person's records except those
retention.yml marks as legally required, close the request, and leave an audit entry."""
from __future__ import annotations

import json
from functools import lru_cache
from typing import FrozenSet

from aiohttp import web

from bot.gateway.auth import ADVISORS_ONLY, require_role
from bot.gateway.handoff_routes import CASE_NOT_FOUND, case_id_of
from bot.gateway.http import SETTINGS, run_in_database
from bot.rules.retention import kinds_kept_on_erasure, load_retention
from bot.store.erasure import erase_person
from bot.store.errors import Conflict
from bot.store.handoff import case_to_json, close_case, get_case, record_audit

ERASURE_REASON = "erasure_request"


class NotAnErasureRequest(Conflict):
    pass


@lru_cache(maxsize=4)
def _kept_on_erasure(retention_config: str) -> FrozenSet[str]:
    return kinds_kept_on_erasure(load_retention(retention_config or None))


async def erase(request: web.Request) -> web.Response:
    advisor = await require_role(request, "advisor", ADVISORS_ONLY)
    case_id = case_id_of(request)
    kept = _kept_on_erasure(request.app[SETTINGS].retention_config)

    def work(session):
        case = get_case(session, case_id)
        if case.reason_code != ERASURE_REASON:
            raise NotAnErasureRequest("Sagen er ikke en anmodning om sletning.", "The case is not an erasure request.")
        role, external_id = case.user_role, case.user_external_id
        erased = erase_person(session, role, external_id, kept, keep_case_id=case.id)
        note = ("Oplysningerne er slettet efter borgerens anmodning. Beholdt efter retention.yml: "
                + (", ".join(sorted(kept)) or "intet") + ".")
        closed = close_case(session, case.id, advisor["id"], note)
        record_audit(session, "advisor", advisor["id"], "erase_person", closed.conversation_id, closed.id,
                     detail=json.dumps(erased, sort_keys=True))
        return {"case": case_to_json(closed), "erased": erased, "kept": sorted(kept)}

    return web.json_response(await run_in_database(request, work, CASE_NOT_FOUND))


def add_erasure_routes(app: web.Application) -> None:
    app.router.add_post("/api/advisor/cases/{case_id}/erase", erase)
