"""The advisor's side of the digital match through the gateway, on SQLite and PostgreSQL: who is
interested in a posting (names, states in words, the shared summary), a citizen's interests in the case
view, closing a filled posting, who may do it, and the audit entries each leaves."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from bot.rules import match_sharing as sharing
from bot.store import digital_match as match
from bot.store import vacancy as vacancy_store
from bot.store.handoff import open_case
from bot.store.models import AuditEntry, MatchNotice, User, Vacancy, VacancyInterest
from bot.store.profile import save_profile_field
from bot.store.users import record_login
from tests.helpers import login

ADVISOR = "raad-1"
POSTING = {"company": "Bakken Bageri", "cvr": "13748136", "contact_person": "Mette", "email": "mette@bakken.dk",
           "phone": "+45 23 45 67 89", "job_title": "Opvasker", "tasks": "Opvask og oprydning",
           "hours_per_week": 10, "postcode": "2100", "start_date": date(2026, 12, 1), "duration_kind": "ongoing",
           "requirements": "", "suits_far_from_labour_market": True}
TALK_AT = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)


@pytest.fixture
async def started(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    return client, database


@pytest.fixture
def client(started):
    return started[0]


@pytest.fixture
def app_db(started):
    """The gateway's own database, for seeding and for the rows it wrote."""
    return started[1]


def _citizen(session, external_id, name, wished_jobs, experience=()):
    user = record_login(session, "citizen", external_id, name)
    save_profile_field(session, user.id, "wished_jobs", list(wished_jobs))
    save_profile_field(session, user.id, "experience", list(experience))
    save_profile_field(session, user.id, "postcode", "2200")
    save_profile_field(session, user.id, "hours_per_week", 12)
    match.set_suggestions_wanted(session, external_id, True)
    return user


@pytest.fixture
def seeded(app_db):
    """An approved posting with Sara (shared), Ole (invited) and Mia (withdrawn) interested, and a second
    posting Sara is interested in too. Returns the ids and references."""
    def seed(session):
        employer = record_login(session, "employer", "bakken", "Bakken Bageri")
        bakery = vacancy_store.create(session, employer.id, POSTING)
        kiosk = vacancy_store.create(session, employer.id, dict(POSTING, company="Kiosken", job_title="Ekspedient"))
        waiting = vacancy_store.create(session, employer.id, dict(POSTING, job_title="Kagebager"))
        for posting in (bakery, kiosk):
            vacancy_store.review(session, posting.id, ADVISOR, approve=True)
        _citizen(session, "sara", "Sara Hansen", ["opvasker"], [{"title": "opvasker", "years": 2}])
        _citizen(session, "ole", "Ole Berg", ["køkkenmedhjælper"])
        _citizen(session, "mia", "Mia Holm", ["opvasker"])
        match.share_interest(session, "sara", bakery.reference)
        invited = match.share_interest(session, "ole", bakery.reference)
        match.invite(session, employer.id, "bakken", invited.id, TALK_AT, "Mød op i bageriet")
        withdrawn = match.share_interest(session, "mia", bakery.reference)
        match.withdraw_interest(session, "mia", withdrawn.id)
        match.share_interest(session, "sara", kiosk.reference)
        return {"bakery": bakery.id, "bakery_ref": bakery.reference, "kiosk": kiosk.id,
                "kiosk_ref": kiosk.reference, "waiting": waiting.id}

    return app_db.run_sync(seed)


def as_utc(iso):
    # SQLite gives back the UTC times stored without their zone (bot/store/handoff.py _as_utc).
    moment = datetime.fromisoformat(iso)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def audit_entries(app_db, action):
    return app_db.run_sync(lambda s: [(e.actor_role, e.actor_id, e.subject, e.case_id, e.detail) for e in s.execute(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).scalars()])


def citizen_case(app_db, external_id, name, role="citizen"):
    return app_db.run_sync(lambda s: open_case(s, role=role, external_id=external_id, name=name, language="da",
                                           reason_code="asked_for_person", contact_wish="written", phone=None,
                                           summary={})[0].id)


async def test_an_advisor_sees_who_is_interested_in_a_posting_with_names_states_and_summary(client, app_db, seeded):
    await login(client, "advisor", ADVISOR, "Rita")
    response = await client.get(f"/api/advisor/vacancies/{seeded['bakery']}/interests")
    assert response.status == 200
    interests = (await response.json())["interests"]
    assert [(i["citizen_name"], i["citizen_id"], i["status"], i["status_da"]) for i in interests] == [
        ("Sara Hansen", "sara", "shared", "Har vist interesse (resumé delt med arbejdsgiveren)"),
        ("Ole Berg", "ole", "invited", "Inviteret til samtale – venter på borgerens svar"),
        ("Mia Holm", "mia", "withdrawn", "Har trukket interessen tilbage"),
    ]
    sara, ole, _ = interests
    assert sara["summary_lines_da"] == ["Ønsker: opvasker", "Erfaring: opvasker (2 år)", "Timer om ugen: 12",
                                        "Område: 2200 København N"]
    assert "Sara" not in " ".join(sara["summary_lines_da"])  # the summary names nobody
    assert {(i["reference"], i["company"], i["job_title"]) for i in interests} == {
        (seeded["bakery_ref"], "Bakken Bageri", "Opvasker")}  # the kiosk interest is another posting's
    assert sara["proposed_time"] is None
    assert as_utc(ole["proposed_time"]) == TALK_AT

    assert audit_entries(app_db, "read_match_interests") == [
        ("advisor", ADVISOR, seeded["bakery_ref"], None, "3 interesserede")]


async def test_a_posting_nobody_is_interested_in_lists_none_and_an_unknown_one_is_404(client, app_db, seeded):
    await login(client, "advisor", ADVISOR, "Rita")
    empty = await client.get(f"/api/advisor/vacancies/{seeded['waiting']}/interests")
    assert empty.status == 200 and (await empty.json()) == {"interests": []}
    for path in ("/api/advisor/vacancies/999999/interests", "/api/advisor/vacancies/abc/interests",
                 "/api/advisor/vacancies/99999999999/interests"):
        missing = await client.get(path)
        assert missing.status == 404, path
        assert (await missing.json())["error"] == "Opslaget findes ikke."


async def test_the_case_view_lists_only_that_citizens_interests_and_is_audited(client, app_db, seeded):
    case_id = citizen_case(app_db, "sara", "Sara Hansen")
    await login(client, "advisor", ADVISOR, "Rita")
    response = await client.get(f"/api/advisor/cases/{case_id}/interests")
    assert response.status == 200
    interests = (await response.json())["interests"]
    assert [(i["reference"], i["company"], i["job_title"], i["status_da"], i["citizen_id"]) for i in interests] == [
        (seeded["bakery_ref"], "Bakken Bageri", "Opvasker", "Har vist interesse (resumé delt med arbejdsgiveren)",
         "sara"),
        (seeded["kiosk_ref"], "Kiosken", "Ekspedient", "Har vist interesse (resumé delt med arbejdsgiveren)",
         "sara"),
    ]
    assert audit_entries(app_db, "read_match_interests") == [
        ("advisor", ADVISOR, "citizen-sara", case_id, "2 småjobinteresser")]

    ole_case = citizen_case(app_db, "ole", "Ole Berg")
    [ole] = (await (await client.get(f"/api/advisor/cases/{ole_case}/interests")).json())["interests"]
    assert (ole["status"], as_utc(ole["proposed_time"])) == ("invited", TALK_AT)


async def test_an_employers_case_has_no_interests_to_show_and_an_unknown_case_is_404(client, app_db, seeded):
    employer_case = citizen_case(app_db, "bakken", "Bakken Bageri", role="employer")
    await login(client, "advisor", ADVISOR, "Rita")
    refused = await client.get(f"/api/advisor/cases/{employer_case}/interests")
    assert refused.status == 409
    assert "ikke en borgers" in (await refused.json())["error"]
    missing = await client.get("/api/advisor/cases/999999/interests")
    assert missing.status == 404 and (await missing.json())["error"] == "Sagen findes ikke."
    assert audit_entries(app_db, "read_match_interests") == []


async def test_closing_a_filled_posting_tells_the_interested_and_a_second_close_is_refused(client, app_db, seeded):
    await login(client, "advisor", ADVISOR, "Rita")
    response = await client.post(f"/api/advisor/vacancies/{seeded['bakery']}/close", json={})
    assert response.status == 200
    body = await response.json()
    assert (body["vacancy"]["id"], body["vacancy"]["status"], body["citizens_told"]) == (
        seeded["bakery"], "filled", 2)

    def stored(session):
        vacancy = session.get(Vacancy, seeded["bakery"])
        notices = session.execute(select(User.external_id, MatchNotice.kind).join(
            User, User.id == MatchNotice.user_id).where(MatchNotice.vacancy_id == vacancy.id,
                                                        MatchNotice.kind == match.POSTING_CLOSED)).all()
        states = session.execute(select(User.external_id, VacancyInterest.status).join(
            User, User.id == VacancyInterest.citizen_user_id).where(VacancyInterest.vacancy_id == vacancy.id)).all()
        kiosk = session.get(Vacancy, seeded["kiosk"])
        return vacancy.status, vacancy.closed_at is not None, sorted(notices), dict(states), kiosk.status

    status, closed, notices, states, kiosk_status = app_db.run_sync(stored)
    assert (status, closed, kiosk_status) == ("filled", True, "approved")
    assert notices == [("ole", "posting_closed"), ("sara", "posting_closed")]  # Mia had withdrawn
    assert states == {"sara": sharing.CLOSED, "ole": sharing.CLOSED, "mia": sharing.WITHDRAWN}
    assert audit_entries(app_db, "close_vacancy") == [
        ("advisor", ADVISOR, seeded["bakery_ref"], None, "besat og lukket; 2 interesserede får besked")]

    again = await client.post(f"/api/advisor/vacancies/{seeded['bakery']}/close", json={})
    assert again.status == 409
    assert (await again.json())["error"] == (
        f"Opslaget {seeded['bakery_ref']} er allerede lukket, så der er ikke mere at gøre.")
    assert len(audit_entries(app_db, "close_vacancy")) == 1
    assert len(app_db.run_sync(lambda s: s.execute(select(MatchNotice).where(
        MatchNotice.kind == match.POSTING_CLOSED)).scalars().all())) == 2

    after = (await (await client.get(f"/api/advisor/vacancies/{seeded['bakery']}/interests")).json())["interests"]
    assert [i["status_da"] for i in after] == ["Opslaget er lukket", "Opslaget er lukket",
                                               "Har trukket interessen tilbage"]


async def test_only_an_approved_posting_can_be_closed_and_an_unknown_one_is_404(client, app_db, seeded):
    await login(client, "advisor", ADVISOR, "Rita")
    waiting = await client.post(f"/api/advisor/vacancies/{seeded['waiting']}/close", json={})
    assert waiting.status == 409
    assert (await waiting.json())["error"] == "Kun et godkendt opslag kan lukkes som besat."
    assert (await client.post("/api/advisor/vacancies/999999/close", json={})).status == 404
    assert app_db.run_sync(lambda s: s.get(Vacancy, seeded["waiting"]).closed_at) is None
    assert audit_entries(app_db, "close_vacancy") == []


async def test_citizens_and_employers_get_403_and_nobody_logged_in_gets_401(client, app_db, seeded):
    case_id = citizen_case(app_db, "sara", "Sara Hansen")
    routes = [("GET", f"/api/advisor/vacancies/{seeded['bakery']}/interests"),
              ("GET", f"/api/advisor/cases/{case_id}/interests"),
              ("POST", f"/api/advisor/vacancies/{seeded['bakery']}/close")]
    for role, external_id in (("citizen", "sara"), ("employer", "bakken")):
        await login(client, role, external_id, "Ikke rådgiver")
        for method, path in routes:
            response = await client.request(method, path, json={})
            assert response.status == 403, (role, path)
            assert "jobrådgivere" in (await response.json())["error"]
    await client.post("/api/logout", json={})
    for method, path in routes:
        assert (await client.request(method, path, json={})).status == 401, path
    assert app_db.run_sync(lambda s: s.get(Vacancy, seeded["bakery"]).status) == "approved"
    assert audit_entries(app_db, "read_match_interests") == []


async def test_closing_from_another_site_or_without_json_is_refused(client, app_db, seeded):
    await login(client, "advisor", ADVISOR, "Rita")
    path = f"/api/advisor/vacancies/{seeded['bakery']}/close"
    cross_site = await client.post(path, json={}, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross_site.status == 403 and "anden hjemmeside" in (await cross_site.json())["error"]
    as_form = await client.post(path, data="x=1", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert as_form.status == 415
    assert app_db.run_sync(lambda s: s.get(Vacancy, seeded["bakery"]).status) == "approved"
