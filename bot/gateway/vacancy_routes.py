"""Småjob postings as JSON: the employer's own, and the advisors' review and matching."""
from __future__ import annotations

from aiohttp import web

from bot.gateway.auth import ADVISORS_ONLY, require_role, run_for_own_account
from bot.gateway.http import DATABASE, BadRequest, number_in_path, read_json_object, run_in_database
from bot.privacy import redact_personal_details
from bot.store import vacancy as store
from bot.store.digital_match import notify_matching_citizens
from bot.store.handoff import record_audit

POSTING_NOT_FOUND = ("Opslaget findes ikke.", "The posting does not exist.")
FOR_EMPLOYERS = ("Småjobopslag er for arbejdsgivere.", "Small-job postings are for employers.")


def vacancy_id_of(request: web.Request) -> int:
    return number_in_path(request, "vacancy_id", POSTING_NOT_FOUND)


async def my_vacancies(request: web.Request) -> web.Response:
    def postings(session, employer):
        return [store.vacancy_to_json(v) | {"matching_job_seekers": len(store.matching_job_seekers(session, v))
                                            if v.status == "approved" else None}
                for v in store.of_employer(session, employer.id)]

    return web.json_response({"vacancies": await run_for_own_account(request, "employer", FOR_EMPLOYERS,
                                                                      postings, [])})


async def advisor_vacancies(request: web.Request) -> web.Response:
    advisor = await require_role(request, "advisor", ADVISORS_ONLY)
    status = request.query.get("status") or None
    if status is not None and status not in store.STATUSES:
        raise BadRequest(400, "Ukendt status. Brug awaiting_review, approved eller rejected.",
                         "Unknown status. Use awaiting_review, approved or rejected.")

    def work(session):
        record_audit(session, "advisor", advisor["id"], "list_vacancies", detail=f"status={status}")
        return [store.vacancy_to_json(v) for v in store.with_status(session, status)]

    return web.json_response({"vacancies": await request.app[DATABASE].run(work)})


async def approve(request: web.Request) -> web.Response:
    return await _review(request, approve=True)


async def reject(request: web.Request) -> web.Response:
    return await _review(request, approve=False)


async def _review(request: web.Request, approve: bool) -> web.Response:
    advisor = await require_role(request, "advisor", ADVISORS_ONLY)
    vacancy_id = vacancy_id_of(request)
    body = await read_json_object(request)
    reason = body.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise BadRequest(400, "Begrundelsen skal være tekst.", "The reason must be text.")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise BadRequest(400, "Skriv en begrundelse, når et opslag afvises – arbejdsgiveren får den at se.",
                         "Write a reason when rejecting a posting – the employer will see it.")
    if len(reason) > store.MAX_REASON_CHARS:
        raise BadRequest(400, f"Begrundelsen må højst være {store.MAX_REASON_CHARS} tegn.",
                         f"The reason may be at most {store.MAX_REASON_CHARS} characters.")
    reason = redact_personal_details(reason).text  # the employer and the audit log see it: no CPR, no health

    def work(session):
        vacancy = store.review(session, vacancy_id, advisor["id"], approve, reason)
        record_audit(session, "advisor", advisor["id"], "approve_vacancy" if approve else "reject_vacancy",
                     subject=vacancy.reference, detail=reason)
        # Citizens who said yes to suggestions and whom the posting fits see it at their next visit.
        told = notify_matching_citizens(session, vacancy) if approve else 0
        return store.vacancy_to_json(vacancy) | {"citizens_told": told}

    return web.json_response({"vacancy": await run_in_database(request, work, POSTING_NOT_FOUND)})


async def matches(request: web.Request) -> web.Response:
    advisor = await require_role(request, "advisor", ADVISORS_ONLY)
    vacancy_id = vacancy_id_of(request)

    def work(session):
        vacancy = store.get(session, vacancy_id)
        if vacancy.status != "approved":
            raise store.VacancyConflict("Kun godkendte opslag matches med jobsøgende.",
                                        "Only approved postings are matched with job seekers.")
        record_audit(session, "advisor", advisor["id"], "match_vacancy", subject=vacancy.reference)
        return store.matching_job_seekers(session, vacancy)

    return web.json_response({"job_seekers": await run_in_database(request, work, POSTING_NOT_FOUND)})
