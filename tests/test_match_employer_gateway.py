"""The employer's side of the digital match through the gateway, on SQLite and PostgreSQL: their own
postings with the shared summaries only (no name or contact before a yes to a talk), inviting with a
checked time, saying no politely, closing a filled posting, changing an approved one, who may do it, and
the notices and audit entries each leaves. Every text the page shows comes in Danish and English, and
errors in the language the page asks for."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.gateway.app import init_app
from bot.gateway.http import BadRequest
from bot.gateway.match_employer_routes import proposed_time_of, shown_posting
from bot.rules import match_sharing as sharing
from bot.rules.match_chat import DANISH_TIME, danish_date, danish_time
from bot.store import digital_match as match
from bot.store import vacancy as vacancy_store
from bot.store.models import AuditEntry, MatchNotice, User, Vacancy, VacancyInterest
from bot.store.profile import save_profile_field
from bot.store.users import record_login
from tests.helpers import login

EMPLOYER, OTHER_EMPLOYER, ADVISOR = "bakken", "kiosken", "raad-1"
CITIZENS = {"borger-sara-7": "Sara Hansen", "borger-ole-7": "Ole Berg", "borger-mia-7": "Mia Holm"}
SARA, OLE, MIA = CITIZENS
POSTING = {"company": "Bakken Bageri", "cvr": "13748136", "contact_person": "Mette", "email": "mette@bakken.dk",
           "phone": "+45 23 45 67 89", "job_title": "Opvasker", "tasks": "Opvask og oprydning",
           "hours_per_week": 10, "postcode": "2100", "start_date": date(2026, 12, 1), "duration_kind": "ongoing",
           "requirements": "", "suits_far_from_labour_market": True}


@pytest.fixture
async def client(settings, db, aiohttp_client):
    return await aiohttp_client(init_app(settings, db))


def _citizen(session, external_id, wished_jobs, experience=()):
    user = record_login(session, "citizen", external_id, CITIZENS[external_id])
    save_profile_field(session, user.id, "wished_jobs", list(wished_jobs))
    save_profile_field(session, user.id, "experience", list(experience))
    save_profile_field(session, user.id, "postcode", "2200")
    save_profile_field(session, user.id, "hours_per_week", 12)
    match.set_suggestions_wanted(session, external_id, True)
    return user


@pytest.fixture
def seeded(db):
    """Bakken's approved posting with Sara and Ole interested and Mia withdrawn, a posting awaiting review,
    and the kiosk's (another employer's) posting Sara is interested in too."""
    def seed(session):
        employer = record_login(session, "employer", EMPLOYER, "Bakken Bageri")
        kiosk_owner = record_login(session, "employer", OTHER_EMPLOYER, "Kiosken")
        bakery = vacancy_store.create(session, employer.id, POSTING)
        waiting = vacancy_store.create(session, employer.id, dict(POSTING, job_title="Kagebager"))
        kiosk = vacancy_store.create(session, kiosk_owner.id, dict(POSTING, company="Kiosken", job_title="Ekspedient"))
        for posting in (bakery, kiosk):
            vacancy_store.review(session, posting.id, ADVISOR, approve=True)
        _citizen(session, SARA, ["opvasker"], [{"title": "opvasker", "years": 2}])
        _citizen(session, OLE, ["køkkenmedhjælper"])
        _citizen(session, MIA, ["opvasker"])
        sara = match.share_interest(session, SARA, bakery.reference)
        ole = match.share_interest(session, OLE, bakery.reference)
        withdrawn = match.share_interest(session, MIA, bakery.reference)
        match.withdraw_interest(session, MIA, withdrawn.id)
        kiosk_interest = match.share_interest(session, SARA, kiosk.reference)
        return {"bakery": bakery.id, "bakery_ref": bakery.reference, "waiting": waiting.id,
                "waiting_ref": waiting.reference, "kiosk": kiosk.id, "kiosk_ref": kiosk.reference,
                "sara": sara.id, "ole": ole.id, "mia": withdrawn.id, "kiosk_interest": kiosk_interest.id}

    return db.run_sync(seed)


def audit_entries(db, action):
    return db.run_sync(lambda s: [(e.actor_role, e.actor_id, e.subject, e.detail) for e in s.execute(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).scalars()])


def notices(db, kind):
    return db.run_sync(lambda s: sorted(s.execute(select(User.external_id, MatchNotice.interest_id).join(
        User, User.id == MatchNotice.user_id).where(MatchNotice.kind == kind)).all()))


def interest_row(db, interest_id):
    def read(session):
        interest = session.get(VacancyInterest, interest_id)
        return interest.status, interest.proposed_time, interest.invitation_note

    return db.run_sync(read)


def posting_row(db, vacancy_id):
    def read(session):
        vacancy = session.get(Vacancy, vacancy_id)
        return {"status": vacancy.status, "closed": vacancy.closed_at is not None, "tasks": vacancy.tasks,
                "hours_per_week": vacancy.hours_per_week, "start_date": vacancy.start_date,
                "requirements": vacancy.requirements}

    return db.run_sync(read)


def danish_local(moment: datetime) -> str:
    """As a datetime-local field on the page writes it."""
    return moment.astimezone(DANISH_TIME).strftime("%Y-%m-%dT%H:%M")


def in_days(days: int, hour: int = 10) -> datetime:
    """`days` from now at `hour`.00 Danish time, as an aware time."""
    day = datetime.now(DANISH_TIME).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=DANISH_TIME)


def as_utc(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


async def postings_of(client):
    response = await client.get("/api/employer/postings")
    assert response.status == 200, await response.text()
    return response, (await response.json())["postings"]


# --- what the employer sees -----------------------------------------------------------------------

async def test_an_employer_sees_only_own_postings_and_only_shared_summaries_without_any_name(client, db, seeded):
    await login(client, "employer", EMPLOYER, "Bakken Bageri")
    response, postings = await postings_of(client)
    text = await response.text()
    assert [(p["reference"], p["status"], p["status_da"], p["open"], p["can_change"]) for p in postings] == [
        (seeded["waiting_ref"], "awaiting_review", "Afventer godkendelse", False, False),
        (seeded["bakery_ref"], "approved", "Godkendt og synlig for borgere", True, True),
    ]
    assert seeded["kiosk_ref"] not in text
    waiting, bakery = postings
    assert waiting["interests"] == []
    assert (bakery["hours_per_week_da"], bakery["start_date_da"]) == ("10", "1. december 2026")
    assert (bakery["status_en"], bakery["hours_per_week_en"], bakery["start_date_en"]) == (
        "Approved and visible to citizens", "10", "1 December 2026")
    assert waiting["status_en"] == "Awaiting approval"
    assert [(i["id"], i["status"], i["status_da"], i["can_invite"], i["can_decline"]) for i in bakery["interests"]] == [
        (seeded["sara"], "shared", "Interesseret", True, True),
        (seeded["ole"], "shared", "Interesseret", True, True),
    ]  # Mia withdrew: she is gone for the employer
    sara, ole = bakery["interests"]
    assert sara["summary_lines_da"] == ["Ønsker: opvasker", "Erfaring: opvasker (2 år)", "Timer om ugen: 12",
                                        "Område: 2200 København N"]
    assert sara["summary_lines_en"] == ["Wishes: opvasker", "Experience: opvasker (2 years)", "Hours a week: 12",
                                        "Area: 2200 København N"]
    assert (sara["status_en"], sara["proposed_time_en"]) == ("Interested", None)
    assert ole["summary_lines_da"][0] == "Ønsker: køkkenmedhjælper"
    assert not {"citizen_contact", "citizen_contact_da", "citizen_contact_en"} & set(sara)
    for name, external_id in ((name, external_id) for external_id, name in CITIZENS.items()):
        assert name not in text and name.split()[0] not in text and external_id not in text
    assert audit_entries(db, "read_match_interests") == [
        ("employer", EMPLOYER, seeded["bakery_ref"], "2 interesserede")]


async def test_an_employer_without_postings_sees_an_empty_list(client, db, seeded):
    await login(client, "employer", "ny-arbejdsgiver", "Ny ApS")
    _, postings = await postings_of(client)
    assert postings == []
    assert audit_entries(db, "read_match_interests") == []


async def test_the_page_is_for_employers_others_are_refused_and_the_logged_out_sent_to_log_in(client, seeded):
    logged_out = await client.get("/employer", allow_redirects=False)
    assert (logged_out.status, logged_out.headers["Location"]) == (302, "/")
    await login(client, "employer", EMPLOYER, "Bakken Bageri")
    page = await client.get("/employer")
    assert page.status == 200
    html = await page.text()
    assert '<html lang="da">' in html and 'href="/">Tilbage til chatten</a>' in html
    assert '<script src="/static/employer.js" defer></script>' in html
    for asset in ("/static/employer.js", "/static/employer.css"):
        assert (await client.get(asset)).status == 200, asset
    await login(client, "citizen", SARA, "Sara Hansen")
    refused = await client.get("/employer", headers={"Accept-Language": "da"})
    assert (refused.status, await refused.text()) == (403, "Kun arbejdsgivere har adgang til siden med småjobopslag.")
    english = await client.get("/employer", headers={"Accept-Language": "en"})
    assert (english.status, await english.text()) == (403, "Only employers have access to the small-job postings page.")


async def test_citizens_and_advisors_get_403_and_nobody_logged_in_gets_401(client, db, seeded):
    in_future = danish_local(in_days(7))
    routes = [("GET", "/api/employer/postings", None),
              ("POST", f"/api/employer/interests/{seeded['sara']}/invite", {"proposed_time": in_future}),
              ("POST", f"/api/employer/interests/{seeded['sara']}/decline", {}),
              ("POST", f"/api/employer/postings/{seeded['bakery']}/close", {}),
              ("POST", f"/api/employer/postings/{seeded['bakery']}/change", {"hours_per_week": 5})]
    for role, external_id in (("citizen", SARA), ("advisor", ADVISOR)):
        await login(client, role, external_id, "Ikke arbejdsgiver")
        for method, path, body in routes:
            response = await client.request(method, path, json=body)
            assert response.status == 403, (role, path)
            assert (await response.json())["error"] == "Kun arbejdsgivere har adgang til siden med småjobopslag."
    await client.post("/api/logout", json={})
    for method, path, body in routes:
        response = await client.request(method, path, json=body)
        assert response.status == 401, path
    assert interest_row(db, seeded["sara"])[0] == sharing.SHARED
    assert posting_row(db, seeded["bakery"])["status"] == "approved"
    assert audit_entries(db, "read_match_interests") == []


# --- inviting -------------------------------------------------------------------------------------

UNREADABLE = "Tidspunktet kunne ikke læses. Skriv dato og klokkeslæt som 2026-12-08T10:00."
INVITE_REFUSALS = [
    ({}, "Vælg dato og klokkeslæt for samtalen."),
    ({"proposed_time": "  "}, "Vælg dato og klokkeslæt for samtalen."),
    ({"proposed_time": "tirsdag kl. 10"}, UNREADABLE),
    ({"proposed_time": 1765184400}, UNREADABLE),
    ({"proposed_time": "2027-02-30T10:00"}, UNREADABLE),
    ({"proposed_time": "2027-01-08T10:00+01:00"}, UNREADABLE),
    ("past", "Tidspunktet er allerede passeret. Vælg et tidspunkt, der ligger efter nu."),
    ("far", "Vælg et tidspunkt inden for 90 dage fra i dag."),
    ("long note", "Beskeden må højst være 500 tegn. Den er 501 tegn nu."),
    ("note not text", "Beskeden skal være tekst."),
]


def _refused_body(kind):
    if isinstance(kind, dict):
        return kind
    good = danish_local(in_days(7))
    return {"past": {"proposed_time": danish_local(datetime.now(timezone.utc) - timedelta(hours=1))},
            "far": {"proposed_time": danish_local(in_days(91))},
            "long note": {"proposed_time": good, "note": "x" * 501},
            "note not text": {"proposed_time": good, "note": ["Mød op"]}}[kind]


@pytest.mark.parametrize("kind, reason", INVITE_REFUSALS)
async def test_an_invitation_needs_a_real_time_ahead_within_90_days_and_a_short_note(client, db, seeded, kind,
                                                                                     reason):
    await login(client, "employer", EMPLOYER, "Bakken Bageri")
    response = await client.post(f"/api/employer/interests/{seeded['sara']}/invite", json=_refused_body(kind))
    assert response.status == 400
    assert (await response.json())["error"] == reason
    assert interest_row(db, seeded["sara"]) == (sharing.SHARED, None, None)
    assert notices(db, match.INVITED) == []
    assert audit_entries(db, "invite_match_candidate") == []


async def test_a_refused_invitation_is_explained_in_english_to_an_english_browser(client, seeded):
    await login(client, "employer", EMPLOYER, "Bakken Bageri")
    response = await client.post(f"/api/employer/interests/{seeded['sara']}/invite", json={"proposed_time": "soon"},
                                 headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert response.status == 400
    assert (await response.json())["error"] == (
        "The time could not be read. Write the date and time as 2026-12-08T10:00.")


ENGLISH_ERRORS = [
    ("invite", {}, 400, "Choose a date and time for the talk."),
    ("invite", {"proposed_time": 91}, 400, "Please choose a time within 90 days from today."),
    ("change", {"hours_per_week": "25"}, 400,
     "Hours per week: A small job is at most 20 hours per week. Write a number from 1 to 20."),
    ("change", {"company": "Andet Bageri"}, 400, "Send one or more of: tasks, hours_per_week, start_date, requirements."),
    ("change waiting", {"hours_per_week": 5}, 409, "Only an approved posting can be changed."),
    ("invite unknown", {"proposed_time": 7}, 404, "There is no such candidate on your postings."),
]


@pytest.mark.parametrize("action, body, status, reason", ENGLISH_ERRORS)
async def test_errors_come_back_in_english_when_the_page_asks_for_english(client, db, seeded, action, body, status,
                                                                          reason):
    """The page sends `Accept-Language: en` (or `da`) for the language it shows, whatever the browser's."""
    await login(client, "employer", EMPLOYER, "Bakken Bageri")
    path = {"invite": f"/api/employer/interests/{seeded['sara']}/invite",
            "invite unknown": "/api/employer/interests/999999/invite",
            "change": f"/api/employer/postings/{seeded['bakery']}/change",
            "change waiting": f"/api/employer/postings/{seeded['waiting']}/change"}[action]
    if "proposed_time" in body:  # in so many days
        body = {"proposed_time": danish_local(in_days(body["proposed_time"]))}
    response = await client.post(path, json=body, headers={"Accept-Language": "en"})
    assert response.status == status
    assert (await response.json())["error"] == reason
    assert interest_row(db, seeded["sara"]) == (sharing.SHARED, None, None)
    assert posting_row(db, seeded["bakery"])["hours_per_week"] == 10


async def test_inviting_stores_the_danish_time_as_utc_tells_the_citizen_and_is_audited(client, db, seeded):
    await login(client, "employer", EMPLOYER, "Bakken Bageri")
    talk = in_days(10)
    response = await client.post(f"/api/employer/interests/{seeded['sara']}/invite", json={
        "proposed_time": danish_local(talk), "note": "  Mød op i bageriet. Mit CPR er 010203-1234  "})
    assert response.status == 200, await response.text()
    interest = (await response.json())["interest"]
    expected_da = danish_time(talk.isoformat(), "da")
    assert expected_da.endswith("kl. 10.00")
    assert (interest["status"], interest["status_da"], interest["proposed_time_da"]) == (
        "invited", f"Inviteret til samtale {expected_da}", expected_da)
    expected_en = danish_time(talk.isoformat(), "en")
    assert expected_en.endswith(f"{talk.day} {talk:%B} at 10:00")
    assert (interest["status_en"], interest["proposed_time_en"]) == (
        f"Invited to a talk on {expected_en}", expected_en)
    assert datetime.fromisoformat(interest["proposed_time"]) == talk
    assert (interest["can_invite"], interest["can_decline"]) == (False, True)

    status, stored_time, note = interest_row(db, seeded["sara"])
    assert (status, as_utc(stored_time)) == (sharing.INVITED, talk.astimezone(timezone.utc))
    assert note.startswith("Mød op i bageriet.") and "010203-1234" not in note  # no CPR reaches the citizen
    assert notices(db, match.INVITED) == [(SARA, seeded["sara"])]
    assert audit_entries(db, "invite_match_candidate") == [
        ("employer", EMPLOYER, seeded["bakery_ref"], f"interesse {seeded['sara']} inviteret")]

    _, postings = await postings_of(client)
    shown = next(i for i in postings[1]["interests"] if i["id"] == seeded["sara"])
    assert shown["status_da"] == f"Inviteret til samtale {expected_da}"
    again = await client.post(f"/api/employer/interests/{seeded['sara']}/invite",
                              json={"proposed_time": danish_local(in_days(12))})
    assert again.status == 409
    assert (await again.json())["error"] == "Kandidaten er allerede inviteret eller har svaret."
    assert len(notices(db, match.INVITED)) == 1


async def test_after_the_candidates_yes_the_employer_sees_the_name_and_contact(client, db, seeded):
    await login(client, "employer", EMPLOYER, "Bakken Bageri")
    talk = in_days(5, hour=13)
    invited = await client.post(f"/api/employer/interests/{seeded['ole']}/invite",
                                json={"proposed_time": danish_local(talk)})
    assert invited.status == 200
    _, before = await postings_of(client)
    assert "Ole Berg" not in str(before)
    db.run_sync(lambda s: match.answer_invitation(s, OLE, seeded["ole"], True,
                                                  {"phone": "23456789", "email": "ole@example.dk"}))
    response, postings = await postings_of(client)
    ole = next(i for i in postings[1]["interests"] if i["id"] == seeded["ole"])
    assert ole["status_da"] == f"Har sagt ja til samtale {danish_time(talk.isoformat(), 'da')}"
    assert ole["citizen_contact"] == {"name": "Ole Berg", "phone": "23456789", "email": "ole@example.dk"}
    assert ole["citizen_contact_da"] == "Ole Berg, telefon +45 23 45 67 89, e-mail ole@example.dk"
    assert ole["citizen_contact_en"] == "Ole Berg, phone +45 23 45 67 89, email ole@example.dk"
    assert ole["status_en"] == f"Said yes to a talk on {danish_time(talk.isoformat(), 'en')}"
    assert (ole["can_invite"], ole["can_decline"]) == (False, False)
    assert "Sara Hansen" not in await response.text()  # Sara has said yes to nothing


# --- declining and closing ------------------------------------------------------------------------

async def test_declining_politely_tells_the_citizen_once_and_is_audited(client, db, seeded):
    await login(client, "employer", EMPLOYER, "Bakken Bageri")
    response = await client.post(f"/api/employer/interests/{seeded['sara']}/decline", json={})
    assert response.status == 200
    interest = (await response.json())["interest"]
    assert (interest["status"], interest["status_da"], interest["status_en"], interest["can_decline"]) == (
        "not_selected", "Har fået afslag", "Turned down", False)
    assert interest_row(db, seeded["sara"])[0] == sharing.NOT_SELECTED
    assert notices(db, match.NOT_SELECTED) == [(SARA, seeded["sara"])]
    assert audit_entries(db, "decline_match_candidate") == [
        ("employer", EMPLOYER, seeded["bakery_ref"], f"interesse {seeded['sara']}")]
    again = await client.post(f"/api/employer/interests/{seeded['sara']}/decline", json={})
    assert again.status == 409
    assert (await again.json())["error"] == "Kandidaten har allerede fået svar."
    assert len(notices(db, match.NOT_SELECTED)) == 1


async def test_closing_a_filled_posting_tells_the_interested_and_nothing_more_can_be_done(client, db, seeded):
    await login(client, "employer", EMPLOYER, "Bakken Bageri")
    response = await client.post(f"/api/employer/postings/{seeded['bakery']}/close", json={})
    assert response.status == 200
    body = await response.json()
    assert (body["vacancy"]["id"], body["vacancy"]["status"], body["citizens_told"]) == (
        seeded["bakery"], "filled", 2)
    assert posting_row(db, seeded["bakery"])["status"] == "filled"
    assert posting_row(db, seeded["bakery"])["closed"] is True
    assert notices(db, match.POSTING_CLOSED) == sorted([(SARA, seeded["sara"]), (OLE, seeded["ole"])])
    [(role, actor, subject, detail)] = audit_entries(db, "close_vacancy")
    assert (role, actor, subject) == ("employer", EMPLOYER, seeded["bakery_ref"])
    assert detail.endswith("; 2 interesserede får besked")

    _, postings = await postings_of(client)
    bakery = postings[1]
    assert (bakery["status_da"], bakery["open"], bakery["can_change"]) == ("Besat og lukket", False, False)
    assert [(i["status_da"], i["status_en"], i["can_invite"], i["can_decline"]) for i in bakery["interests"]] == [
        ("Opslaget er lukket", "The posting is closed", False, False)] * 2
    assert bakery["status_en"] == "Filled and closed"

    invite = await client.post(f"/api/employer/interests/{seeded['sara']}/invite",
                               json={"proposed_time": danish_local(in_days(3))})
    assert invite.status == 409 and (await invite.json())["error"] == "Opslaget er lukket."
    again = await client.post(f"/api/employer/postings/{seeded['bakery']}/close", json={})
    assert again.status == 409
    assert (await again.json())["error"] == f"Opslaget {seeded['bakery_ref']} er allerede lukket."
    change = await client.post(f"/api/employer/postings/{seeded['bakery']}/change", json={"hours_per_week": 5})
    assert change.status == 409
    assert (await change.json())["error"] == f"Opslaget {seeded['bakery_ref']} er lukket, så det kan ikke rettes."
    assert posting_row(db, seeded["bakery"])["hours_per_week"] == 10
    assert len(audit_entries(db, "close_vacancy")) == 1 and notices(db, match.INVITED) == []


async def test_a_posting_awaiting_review_can_be_withdrawn_but_not_changed(client, db, seeded):
    await login(client, "employer", EMPLOYER, "Bakken Bageri")
    _, postings = await postings_of(client)
    assert [(p["reference"], p["can_close"], p["can_change"]) for p in postings] == [
        (seeded["waiting_ref"], True, False), (seeded["bakery_ref"], True, True)]
    change = await client.post(f"/api/employer/postings/{seeded['waiting']}/change", json={"hours_per_week": 5})
    assert change.status == 409 and (await change.json())["error"] == "Kun et godkendt opslag kan rettes."
    assert posting_row(db, seeded["waiting"])["hours_per_week"] == 10
    close = await client.post(f"/api/employer/postings/{seeded['waiting']}/close", json={})
    assert close.status == 200
    assert (await close.json())["citizens_told"] == 0
    assert (posting_row(db, seeded["waiting"])["status"], posting_row(db, seeded["waiting"])["closed"]) == (
        "withdrawn", True)
    [(role, actor, subject, detail)] = audit_entries(db, "close_vacancy")
    assert (role, actor, subject) == ("employer", EMPLOYER, seeded["waiting_ref"])
    assert detail.endswith("; 0 interesserede får besked")
    _, postings = await postings_of(client)
    assert (postings[0]["status_da"], postings[0]["can_close"]) == ("Trukket tilbage", False)


# --- changing a posting ---------------------------------------------------------------------------

def _past_day():
    return (datetime.now(DANISH_TIME).date() - timedelta(days=1)).isoformat()


CHANGE_REFUSALS = [
    ({"hours_per_week": "25", "tasks": "Opvask og kagebagning"},
     "Timer om ugen: Et småjob er højst 20 timer om ugen. Skriv et tal fra 1 til 20.", ["hours_per_week"]),
    ({"hours_per_week": 0}, "Timer om ugen: Et småjob er fra 1 til 20 timer om ugen.", ["hours_per_week"]),
    ({"hours_per_week": "mange"}, "Timer om ugen: Skriv et tal, fx 10.", ["hours_per_week"]),
    ({"hours_per_week": True}, "Timer om ugen: Skriv et tal, fx 10.", ["hours_per_week"]),
    ({"hours_per_week": "5 timer om dagen"}, "Timer om ugen: Skriv antallet af timer om ugen.", ["hours_per_week"]),
    ({"start_date": "past"}, "Startdato: Datoen er overstået. Vælg i dag eller en senere dato.", ["start_date"]),
    ({"start_date": "2027-02-30"}, "Startdato: Vælg en dato, fx 2026-12-08.", ["start_date"]),
    ({"start_date": "1. januar"}, "Startdato: Vælg en dato, fx 2026-12-08.", ["start_date"]),
    ({"start_date": "2099-01-01"}, "Startdato: Vælg en dato inden for et år.", ["start_date"]),
    ({"tasks": " … ", "requirements": "x" * 501},
     "Opgaver: Skriv mindst et ord. Krav: Højst 500 tegn. Der er 501 nu.", ["tasks", "requirements"]),
    ({"tasks": 5}, "Opgaver: Skal være tekst.", ["tasks"]),
]


@pytest.mark.parametrize("body, reason, fields", CHANGE_REFUSALS)
async def test_a_wrong_change_says_which_field_and_why_and_stores_nothing(client, db, seeded, body, reason, fields):
    await login(client, "employer", EMPLOYER, "Bakken Bageri")
    body = {field: _past_day() if value == "past" else value for field, value in body.items()}
    before = posting_row(db, seeded["bakery"])
    response = await client.post(f"/api/employer/postings/{seeded['bakery']}/change", json=body)
    assert response.status == 400
    assert await response.json() == {"error": reason, "fields": fields}
    assert posting_row(db, seeded["bakery"]) == before
    assert notices(db, match.POSTING_CHANGED) == []
    assert audit_entries(db, "change_vacancy") == []


async def test_a_change_of_anything_else_or_of_nothing_is_refused(client, db, seeded):
    await login(client, "employer", EMPLOYER, "Bakken Bageri")
    for body in ({}, {"company": "Andet Bageri"}, {"hours_per_week": 5, "phone": "12345678"}):
        response = await client.post(f"/api/employer/postings/{seeded['bakery']}/change", json=body)
        assert response.status == 400, body
        assert (await response.json())["error"] == (
            "Send en eller flere af: tasks, hours_per_week, start_date, requirements.")
    assert posting_row(db, seeded["bakery"])["hours_per_week"] == 10


async def test_a_good_change_is_stored_and_told_to_the_interested_citizens(client, db, seeded):
    await login(client, "employer", EMPLOYER, "Bakken Bageri")
    start = datetime.now(DANISH_TIME).date() + timedelta(days=30)
    response = await client.post(f"/api/employer/postings/{seeded['bakery']}/change", json={
        "hours_per_week": "7,5", "start_date": start.isoformat(), "tasks": "Opvask,  oprydning\nog kagebagning",
        "requirements": "  "})
    assert response.status == 200, await response.text()
    body = await response.json()
    assert body["citizens_told"] == 2 and body["vacancy"]["hours_per_week"] == 7.5
    assert posting_row(db, seeded["bakery"]) == {
        "status": "approved", "closed": False, "tasks": "Opvask, oprydning\nog kagebagning", "hours_per_week": 7.5,
        "start_date": start, "requirements": ""}
    assert notices(db, match.POSTING_CHANGED) == sorted([(SARA, seeded["sara"]), (OLE, seeded["ole"])])
    [(role, actor, subject, detail)] = audit_entries(db, "change_vacancy")
    assert (role, actor, subject) == ("employer", EMPLOYER, seeded["bakery_ref"])
    assert detail == "ændret: tasks, hours_per_week, start_date; 2 interesserede får besked"

    _, postings = await postings_of(client)
    assert (postings[1]["hours_per_week_da"], postings[1]["start_date_da"]) == (
        "7,5", danish_date(start.isoformat(), "da"))
    assert (postings[1]["hours_per_week_en"], postings[1]["start_date_en"]) == (
        "7.5", danish_date(start.isoformat(), "en"))


# --- someone else's, and from elsewhere -----------------------------------------------------------

async def test_another_employers_posting_and_candidates_do_not_exist_for_an_employer(client, db, seeded):
    await login(client, "employer", OTHER_EMPLOYER, "Kiosken")
    _, postings = await postings_of(client)
    assert [p["reference"] for p in postings] == [seeded["kiosk_ref"]]
    assert [i["id"] for i in postings[0]["interests"]] == [seeded["kiosk_interest"]]
    for interest in (seeded["sara"], seeded["ole"], 999999, "abc"):
        for action, body in (("invite", {"proposed_time": danish_local(in_days(4))}), ("decline", {})):
            response = await client.post(f"/api/employer/interests/{interest}/{action}", json=body)
            assert response.status == 404, (interest, action)
            assert (await response.json())["error"] == "Kandidaten findes ikke på dine opslag."
    for posting in (seeded["bakery"], 999999, "99999999999"):
        for action, body in (("close", {}), ("change", {"hours_per_week": 5})):
            response = await client.post(f"/api/employer/postings/{posting}/{action}", json=body)
            assert response.status == 404, (posting, action)
            assert (await response.json())["error"] == "Opslaget findes ikke."
    assert interest_row(db, seeded["sara"])[0] == sharing.SHARED
    bakery = posting_row(db, seeded["bakery"])
    assert (bakery["status"], bakery["closed"], bakery["hours_per_week"]) == ("approved", False, 10)
    assert notices(db, match.INVITED) == notices(db, match.NOT_SELECTED) == []


async def test_a_withdrawn_interest_cannot_be_invited_or_declined(client, db, seeded):
    await login(client, "employer", EMPLOYER, "Bakken Bageri")
    for action, body in (("invite", {"proposed_time": danish_local(in_days(4))}), ("decline", {})):
        response = await client.post(f"/api/employer/interests/{seeded['mia']}/{action}", json=body)
        assert response.status == 404
    assert interest_row(db, seeded["mia"])[0] == sharing.WITHDRAWN


async def test_actions_from_another_site_or_without_json_are_refused(client, db, seeded):
    await login(client, "employer", EMPLOYER, "Bakken Bageri")
    path = f"/api/employer/postings/{seeded['bakery']}/close"
    cross_site = await client.post(path, json={}, headers={"Sec-Fetch-Site": "cross-site"})
    assert cross_site.status == 403 and "anden hjemmeside" in (await cross_site.json())["error"]
    as_form = await client.post(f"/api/employer/interests/{seeded['sara']}/decline", data="x=1",
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert as_form.status == 415
    assert posting_row(db, seeded["bakery"])["status"] == "approved"
    assert interest_row(db, seeded["sara"])[0] == sharing.SHARED


# --- a posting's status in words, without a database -----------------------------------------------

@pytest.mark.parametrize("status, closed, words", [
    ("awaiting_review", False, ("Afventer godkendelse", "Awaiting approval")),
    ("approved", False, ("Godkendt og synlig for borgere", "Approved and visible to citizens")),
    ("approved", True, ("Godkendt og synlig for borgere (lukket)", "Approved and visible to citizens (closed)")),
    ("rejected", False, ("Afvist", "Rejected")),
    ("filled", True, ("Besat og lukket", "Filled and closed")),
    ("withdrawn", True, ("Trukket tilbage", "Withdrawn")),
])
def test_a_postings_status_is_in_danish_and_english(status, closed, words):
    posting = {"status": status, "closed_at": "2026-12-01T09:00:00" if closed else None,
               "start_date": "2026-12-08", "hours_per_week": 7.5, "interests": []}
    shown = shown_posting(posting)
    assert (shown["status_da"], shown["status_en"]) == words
    assert (shown["start_date_da"], shown["start_date_en"]) == ("8. december 2026", "8 December 2026")
    assert (shown["hours_per_week_da"], shown["hours_per_week_en"]) == ("7,5", "7.5")


# --- the talk's time, without a database ----------------------------------------------------------

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("value, expected", [
    ("2027-03-08T10:00", datetime(2027, 3, 8, 9, 0, tzinfo=timezone.utc)),          # winter time, UTC+1
    ("2027-04-08T10:00", datetime(2027, 4, 8, 8, 0, tzinfo=timezone.utc)),          # summer time, UTC+2
    ("2027-03-28T03:30", datetime(2027, 3, 28, 1, 30, tzinfo=timezone.utc)),        # just after the change
    ("2027-05-30T13:00:00", datetime(2027, 5, 30, 11, 0, tzinfo=timezone.utc)),     # 90 days less an hour
    (" 2027-03-01T13:30 ", datetime(2027, 3, 1, 12, 30, tzinfo=timezone.utc)),
])
def test_a_danish_local_time_becomes_utc(value, expected):
    assert proposed_time_of(value, NOW) == expected


@pytest.mark.parametrize("value, reason", [
    ("2027-03-28T02:30", "Det klokkeslæt findes ikke den dag, fordi uret stilles frem til sommertid. Vælg et andet."),
    ("2027-03-01T13:00", "Tidspunktet er allerede passeret. Vælg et tidspunkt, der ligger efter nu."),  # = now
    ("2027-05-30T15:00", "Vælg et tidspunkt inden for 90 dage fra i dag."),
    ("2027-03-08T24:00", UNREADABLE),
    ("2027-03-08 10:00", UNREADABLE),
    (None, "Vælg dato og klokkeslæt for samtalen."),
])
def test_a_time_that_does_not_exist_has_passed_or_is_too_far_ahead_is_refused(value, reason):
    with pytest.raises(BadRequest) as refused:
        proposed_time_of(value, NOW)
    assert (refused.value.status, refused.value.reason_da) == (400, reason)
