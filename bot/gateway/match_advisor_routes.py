"""The advisor's view of the digital match: who showed interest in a posting, a citizen's interests in
the case view, and closing a posting whose job is filled. Every read of an interest is audited."""
from __future__ import annotations

from typing import Any, Dict, List

from aiohttp import web

from bot.gateway.auth import ADVISORS_ONLY, require_role
from bot.gateway.handoff_routes import CASE_NOT_FOUND, case_id_of
from bot.gateway.http import run_in_database
from bot.gateway.vacancy_routes import POSTING_NOT_FOUND, vacancy_id_of
from bot.rules import match_sharing as sharing
from bot.store import vacancy as vacancy_store
from bot.store.digital_match import MatchConflict, close_posting, interests_for_advisor
from bot.store.handoff import get_case, record_audit
from bot.store.models import conversation_id_for

# An interest's state as the advisor reads it (bot/rules/match_sharing.py names the states).
STATE_WORDS_DA = {
    sharing.SHARED: "Har vist interesse (resumé delt med arbejdsgiveren)",
    sharing.INVITED: "Inviteret til samtale – venter på borgerens svar",
    sharing.ACCEPTED: "Har sagt ja til samtale",
    sharing.DECLINED: "Har sagt nej tak til samtale",
    sharing.NOT_SELECTED: "Ikke valgt af arbejdsgiveren",
    sharing.WITHDRAWN: "Har trukket interessen tilbage",
    sharing.CLOSED: "Opslaget er lukket",
}


class NotACitizenCase(MatchConflict):
    pass


def shown_to_advisor(interests: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Each interest with its state in words and the shared summary as the lines the employer saw."""
    return [interest | {"status_da": STATE_WORDS_DA.get(interest["status"], interest["status"]),
                        "summary_lines_da": sharing.summary_lines(interest["summary"] or {}, "da")}
            for interest in interests]


async def posting_interests(request: web.Request) -> web.Response:
    advisor = await require_role(request, "advisor", ADVISORS_ONLY)
    vacancy_id = vacancy_id_of(request)

    def work(session):
        vacancy = vacancy_store.get(session, vacancy_id)
        interests = interests_for_advisor(session, vacancy_ids=[vacancy.id])
        record_audit(session, "advisor", advisor["id"], "read_match_interests", subject=vacancy.reference,
                     detail=f"{len(interests)} interesserede")
        return shown_to_advisor(interests)

    return web.json_response({"interests": await run_in_database(request, work, POSTING_NOT_FOUND)})


async def case_interests(request: web.Request) -> web.Response:
    """The småjob interests of the citizen whose case it is, for the case view."""
    advisor = await require_role(request, "advisor", ADVISORS_ONLY)
    case_id = case_id_of(request)

    def work(session):
        case = get_case(session, case_id)
        if case.user_role != "citizen":
            raise NotACitizenCase("Sagen er ikke en borgers, så der er ingen småjob at vise.",
                                  "The case is not a citizen's, so there are no small jobs to show.")
        interests = interests_for_advisor(session, citizen_external_id=case.user_external_id)
        record_audit(session, "advisor", advisor["id"], "read_match_interests",
                     subject=conversation_id_for("citizen", case.user_external_id), case_id=case.id,
                     detail=f"{len(interests)} småjobinteresser")
        return shown_to_advisor(interests)

    return web.json_response({"interests": await run_in_database(request, work, CASE_NOT_FOUND)})


async def close_filled_posting(request: web.Request) -> web.Response:
    """ "Stillingen er besat": the advisor closes an approved posting for the employer; close_posting
    tells the citizens with an open interest and writes the audit entry."""
    advisor = await require_role(request, "advisor", ADVISORS_ONLY)
    vacancy_id = vacancy_id_of(request)  # the body is not read: the CSRF middleware has checked the request

    def work(session):
        vacancy = vacancy_store.get(session, vacancy_id)
        if vacancy.closed_at is not None:
            raise MatchConflict(f"Opslaget {vacancy.reference} er allerede lukket, så der er ikke mere at gøre.",
                                f"The posting {vacancy.reference} is already closed, so there is nothing more to do.")
        if vacancy.status != "approved":
            raise MatchConflict("Kun et godkendt opslag kan lukkes som besat.",
                                "Only an approved posting can be closed as filled.")
        told = close_posting(session, vacancy, "advisor", advisor["id"])
        return {"vacancy": vacancy_store.vacancy_to_json(vacancy), "citizens_told": told}

    return web.json_response(await run_in_database(request, work, POSTING_NOT_FOUND))


def add_match_advisor_routes(app: web.Application) -> None:
    app.router.add_routes([
        web.get("/api/advisor/vacancies/{vacancy_id}/interests", posting_interests),
        web.post("/api/advisor/vacancies/{vacancy_id}/close", close_filled_posting),
        web.get("/api/advisor/cases/{case_id}/interests", case_interests),
    ])
