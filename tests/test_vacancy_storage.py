"""Småjob postings: storage on SQLite and PostgreSQL, review and matching, and the JSON API (the gateway
without Rasa, on a real SQLite database)."""
from datetime import date

import pytest
from sqlalchemy import select

from bot.store import vacancy as store
from bot.gateway.app import init_app
from bot.store.digital_match import set_suggestions_wanted
from bot.store.profile import save_profile_field
from bot.store.models import AuditEntry
from bot.rules.matching import fits_vacancy, same_area
from bot.store.users import record_login
from tests.helpers import login

POSTING = {"company": "Bakken Bageri", "cvr": "13748136", "contact_person": "Mette", "email": "mette@bakken.dk",
           "phone": "+45 23 45 67 89", "job_title": "Opvasker", "tasks": "Opvask og oprydning",
           "hours_per_week": 10, "postcode": "2100", "start_date": date(2026, 12, 1), "duration_kind": "ongoing",
           "requirements": "", "suits_far_from_labour_market": True}


@pytest.mark.parametrize("profile, fits", [
    ({"wished_jobs": ["opvasker"], "postcode": "2150", "hours_per_week": 15}, True),
    ({"wished_jobs": ["Opvasker"], "postcode": "2100", "hours_per_week": None}, True),
    ({"wished_jobs": ["kok"], "postcode": "2100", "hours_per_week": 15}, False),        # another job
    ({"wished_jobs": ["opvasker"], "postcode": "8000", "hours_per_week": 15}, False),   # another area
    ({"wished_jobs": ["opvasker"], "postcode": "2100", "hours_per_week": 5}, False),     # too few hours
    ({"wished_jobs": ["opvasker"], "postcode": None, "hours_per_week": 15}, False),
])
def test_a_profile_fits_on_job_area_and_hours(profile, fits):
    assert fits_vacancy(profile, {"job_title": "Opvasker", "postcode": "2100", "hours_per_week": 10}) is fits


def test_area_is_the_first_two_digits():
    assert same_area("4200", "4220") and not same_area("4200", "4300") and not same_area(None, "4200")


def test_postings_are_stored_reviewed_once_and_matched(db):
    def setup(session):
        employer = record_login(session, "employer", "bakken", "Bakken")
        seeker = record_login(session, "citizen", "sara", "Sara")
        other = record_login(session, "citizen", "ole", "Ole")
        save_profile_field(session, seeker.id, "wished_jobs", ["opvasker"])
        save_profile_field(session, seeker.id, "postcode", "2150")
        save_profile_field(session, other.id, "wished_jobs", ["kok"])
        save_profile_field(session, other.id, "postcode", "2100")
        return employer.id

    employer_id = db.run_sync(setup)
    vacancy_id, reference = db.run_sync(lambda s: (lambda v: (v.id, v.reference))(
        store.create(s, employer_id, POSTING)))
    assert reference == f"SJ-{vacancy_id:06d}"
    assert db.run_sync(lambda s: store.has_same_posting(
        s, employer_id, dict(POSTING, job_title="opvasker ", start_date="2026-12-01")))
    listed = db.run_sync(lambda s: [store.vacancy_to_json(v) for v in store.with_status(s, "awaiting_review")])
    assert [(v["reference"], v["status"]) for v in listed] == [(reference, "awaiting_review")]
    db.run_sync(lambda s: store.review(s, vacancy_id, "raad-1", approve=True))
    with pytest.raises(store.VacancyConflict):
        db.run_sync(lambda s: store.review(s, vacancy_id, "raad-1", approve=False, reason="nej"))
    matches = db.run_sync(lambda s: store.matching_job_seekers(s, store.get(s, vacancy_id)))
    assert [m["citizen_id"] for m in matches] == ["sara"]
    # A no to småjob suggestions keeps the profile out of the advisor's list too.
    db.run_sync(lambda s: set_suggestions_wanted(s, "sara", False))
    assert db.run_sync(lambda s: store.matching_job_seekers(s, store.get(s, vacancy_id))) == []


@pytest.fixture
async def client(settings, database, aiohttp_client):
    return await aiohttp_client(init_app(settings, database))


async def test_the_review_api(client, database):
    employer_id = database.run_sync(lambda s: record_login(s, "employer", "bakken", "Bakken").id)
    first = database.run_sync(lambda s: store.create(s, employer_id, POSTING).id)
    second = database.run_sync(lambda s: store.create(
        s, employer_id, dict(POSTING, job_title="<script>alert(1)</script>")).id)

    await login(client, "employer", "bakken", "Bakken")
    mine = (await (await client.get("/api/me/vacancies")).json())["vacancies"]
    assert {key: mine[-1][key] for key in ("id", "reference", "cvr", "company", "job_title", "hours_per_week",
                                           "postcode", "status")} == {
        "id": first, "reference": f"SJ-{first:06d}", "cvr": "13748136", "company": "Bakken Bageri",
        "job_title": "Opvasker", "hours_per_week": 10, "postcode": "2100", "status": "awaiting_review"}
    assert mine[-1]["created_at"]
    assert (await client.get("/api/advisor/vacancies")).status == 403
    assert (await client.post(f"/api/advisor/vacancies/{first}/approve", json={})).status == 403

    await login(client, "citizen", "sara", "Sara")
    assert (await client.get("/api/me/vacancies")).status == 403

    await login(client, "advisor", "raad-1", "Rita")
    waiting = (await (await client.get("/api/advisor/vacancies?status=awaiting_review")).json())["vacancies"]
    assert [v["id"] for v in waiting] == [first, second]
    assert waiting[1]["job_title"] == "<script>alert(1)</script>"  # stored as text, as typed
    assert (await client.get("/api/advisor/vacancies?status=maybe")).status == 400
    missing_reason = await client.post(f"/api/advisor/vacancies/{second}/reject", json={})
    assert missing_reason.status == 400 and "begrundelse" in (await missing_reason.json())["error"]
    rejected = await client.post(f"/api/advisor/vacancies/{second}/reject", json={"reason": "Ikke et rigtigt job"})
    assert (await rejected.json())["vacancy"]["status"] == "rejected"
    approved = await client.post(f"/api/advisor/vacancies/{first}/approve", json={})
    assert (await approved.json())["vacancy"]["status"] == "approved"
    again = await client.post(f"/api/advisor/vacancies/{first}/reject", json={"reason": "x"})
    assert again.status == 409
    assert (await client.post("/api/advisor/vacancies/999/approve", json={})).status == 404
    assert (await (await client.get(f"/api/advisor/vacancies/{first}/matches")).json()) == {"job_seekers": []}
    assert (await client.get(f"/api/advisor/vacancies/{second}/matches")).status == 409

    await login(client, "employer", "bakken", "Bakken")
    mine = {v["id"]: v for v in (await (await client.get("/api/me/vacancies")).json())["vacancies"]}
    assert (mine[second]["status"], mine[second]["review_reason"]) == ("rejected", "Ikke et rigtigt job")
    assert mine[first]["matching_job_seekers"] == 0  # a count only, never who

    audit = database.run_sync(lambda s: s.execute(select(AuditEntry.action).where(
        AuditEntry.actor_id == "raad-1")).scalars().all())
    assert {"approve_vacancy", "reject_vacancy", "match_vacancy"} <= set(audit)
