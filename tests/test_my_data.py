"""A user's own data to download (the right of access): everything kept about them as JSON and PDF,
and their conversation as text; only their own rows, only when logged in, every download audited.
Storage on SQLite and PostgreSQL; the gateway without Rasa (a stand-in answers for Rasa where a test
needs a conversation)."""
import json
import re
import zlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.gateway.http import OPENAPI_FILE, RASA
from bot.gateway.my_data_routes import conversation_transcript
from bot.my_data_pdf import my_data_pdf, transcript_text
from bot.rules.sick_leave import Triage
from bot.store import journal as journal_store
from bot.store import sick_leave as sick_leave_store
from bot.store import vacancy as vacancy_store
from bot.store.handoff import add_advisor_message, add_user_message, claim_case, open_case
from bot.store.models import AuditEntry
from bot.store.my_data import collect_my_data
from bot.store.profile import save_profile_field
from bot.store.users import record_login
from tests.helpers import login

DOWNLOADS = ("/api/me/data", "/api/me/data.pdf", "/api/me/transcript")
POSTING = {"company": "Bakken Bageri", "cvr": "13748136", "contact_person": "Mette", "email": "mette@bakken.dk",
           "phone": "+45 23 45 67 89", "job_title": "Opvasker", "tasks": "Opvask og oprydning",
           "hours_per_week": 10, "postcode": "2100", "start_date": date(2026, 12, 1), "duration_kind": "ongoing",
           "requirements": "", "suits_far_from_labour_market": True}
# What belongs to the other citizen: none of it may appear in Anna's download.
OLES_SECRETS = ("Oles Hemmelige Firma", "Oles egen note", "Oles besked til rådgiveren", "mine-ole", "Ole Olsen")


def seed_citizens(session):
    """Anna with a journal, a profile, a sick leave and a live chat with an advisor; Ole with his own."""
    anna = record_login(session, "citizen", "mine-anna", "Anna Ærø")
    for day, employer in ((date(2025, 1, 10), "Netto"), (date(2025, 1, 20), "Børnehaven Ærøskøbing")):
        journal_store.add_entry(session, anna.id, {"employer": employer, "job_title": "Pædagogmedhjælper",
                                                   "applied_on": day, "channel": "job_ad", "status": "sent"})
    save_profile_field(session, anna.id, "wished_jobs", ["pædagog", "kok"])
    save_profile_field(session, anna.id, "postcode", "5970")
    sick_leave_store.report(session, anna.id, {"first_day": date(2025, 2, 3), "situation": "employed",
                                               "employer": "Børnehaven Ærøskøbing", "wants_contact": False},
                            Triage("self_service", (), None), None)
    case, _ = open_case(session, role="citizen", external_id="mine-anna", name="Anna Ærø", language="da",
                        reason_code="asked_for_person", contact_wish="chat", phone=None, summary={})
    claim_case(session, case.id, "advisor-rikke", "Rikke Rådgiver")
    add_advisor_message(session, case.id, "advisor-rikke", "Hej Anna, hvordan går det?")
    add_user_message(session, case.id, "Fint, tak – søger stadig.")

    ole = record_login(session, "citizen", "mine-ole", "Ole Olsen")
    journal_store.add_entry(session, ole.id, {"employer": "Oles Hemmelige Firma", "job_title": "Kok",
                                              "applied_on": date(2025, 1, 15), "channel": "network",
                                              "status": "interview", "note": "Oles egen note"})
    save_profile_field(session, ole.id, "wished_jobs", ["kok"])
    sick_leave_store.report(session, ole.id, {"first_day": date(2025, 2, 1), "situation": "unemployed"},
                            Triage("advisor", ("unemployed",), None), None)
    other_case, _ = open_case(session, role="citizen", external_id="mine-ole", name="Ole Olsen", language="da",
                              reason_code="asked_for_person", contact_wish="chat", phone="12345678", summary={})
    claim_case(session, other_case.id, "advisor-rikke", "Rikke Rådgiver")
    add_user_message(session, other_case.id, "Oles besked til rådgiveren")
    return case.id, other_case.id


def seed_employers(session):
    bakken = record_login(session, "employer", "mine-bakken", "Bakken Bageri", cvr="13748136")
    vacancy_store.create(session, bakken.id, POSTING)
    vacancy_store.create(session, bakken.id, POSTING | {"job_title": "Bagerlærling"})
    rival = record_login(session, "employer", "mine-rival", "Rivalen ApS", cvr="87654321")
    vacancy_store.create(session, rival.id, POSTING | {"company": "Rivalen ApS", "job_title": "Rivalens job"})


def audit_entries(database, action):
    return database.run_sync(lambda s: [(e.actor_role, e.actor_id, e.action, e.subject, e.detail) for e in s.execute(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).scalars()])


def pdf_text(pdf: bytes) -> bytes:
    """The PDF's page content, inflated: fpdf2 writes the core fonts' text Latin-1 encoded in (...) Tj."""
    # A stream's data may end in a byte that looks like a line end: the inflater stops where the data does.
    streams = re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S)
    return b"".join(zlib.decompressobj().decompress(stream) for stream in streams)


def rasa_events(*events):
    """A stand-in for Rasa's tracker_events: these events for the conversation asked about."""
    async def tracker_events(conversation_id):
        return list(events)
    return tracker_events


# --- storage ---

def test_collect_my_data_holds_only_the_users_own_rows_in_a_fixed_order(db):
    anna_case_id, ole_case_id = db.run_sync(seed_citizens)
    data = db.run_sync(collect_my_data, "citizen", "mine-anna")
    assert data["user"]["name"] == "Anna Ærø" and data["user"]["role"] == "citizen" and "cvr" not in data["user"]
    assert [e["employer"] for e in data["journal"]] == ["Børnehaven Ærøskøbing", "Netto"]  # newest first
    assert data["profile"]["wished_jobs"] == ["pædagog", "kok"] and data["profile"]["postcode"] == "5970"
    assert [s["first_day"] for s in data["sick_leaves"]] == ["2025-02-03"]
    [case] = data["cases"]
    assert case["id"] == anna_case_id and case["advisor_name"] == "Rikke Rådgiver" and "advisor_id" not in case
    assert [(m["sender"], m["text"]) for m in case["messages"]] == [
        ("system", "En medarbejder (Rikke Rådgiver) har overtaget samtalen og skriver til dig her."),
        ("advisor", "Hej Anna, hvordan går det?"), ("user", "Fint, tak – søger stadig.")]
    assert "vacancies" not in data
    exported = json.dumps(data, ensure_ascii=False)
    assert not [secret for secret in OLES_SECRETS if secret in exported]
    assert f"JA-{ole_case_id:06d}" not in exported
    again = db.run_sync(collect_my_data, "citizen", "mine-anna")
    assert {**again, "generated_at": None} == {**data, "generated_at": None}
    assert json.loads(exported) == data  # plain JSON types only


def test_an_employer_gets_their_postings_and_cvr_and_no_citizen_sections(db):
    db.run_sync(seed_employers)
    data = db.run_sync(collect_my_data, "employer", "mine-bakken")
    assert data["user"]["cvr"] == "13748136"
    assert [v["job_title"] for v in data["vacancies"]] == ["Bagerlærling", "Opvasker"]
    assert not {"journal", "profile", "sick_leaves"} & set(data) and data["cases"] == []
    assert "Rival" not in json.dumps(data, ensure_ascii=False)


# --- the readable forms ---

def test_the_pdf_has_danish_headings_dates_and_letters_and_says_what_is_empty(db):
    db.run_sync(seed_citizens)
    data = db.run_sync(collect_my_data, "citizen", "mine-anna") | {"sick_leaves": []}
    transcript = [{"at": "2025-02-03T13:05:00+00:00", "sender": "bot", "name": None, "text": "Hej Anna 👋",
                   "buttons": [{"title": "Jobjournal", "payload": "/start_journal"}]}]
    pdf = my_data_pdf(data, transcript, "da")
    assert pdf.startswith(b"%PDF-") and pdf.count(b"/Type /Page\n") >= 1
    text = pdf_text(pdf)
    for shown in ("Mine data hos Jobassistenten", "Jobjournal", "Arbejdsgiver: Børnehaven Ærøskøbing",
                  "Søgt den: 20/1/2025", "Søgemåde: Jobopslag", "Ønskejob: pædagog; kok", "Sygemeldinger",
                  "Intet gemt", "Rikke Rådgiver: Hej Anna, hvordan går det?", "Fint, tak - søger stadig.",
                  "3/2/2025 kl. 14:05  Jobassistenten: Hej Anna ? [Knapper: Jobjournal]"):
        assert f"({shown}".encode("latin-1") in text or shown.encode("latin-1") in text, shown


def test_the_pdf_in_english_and_without_a_transcript_says_so(db):
    db.run_sync(seed_employers)
    data = db.run_sync(collect_my_data, "employer", "mine-bakken")
    text = pdf_text(my_data_pdf(data, None, "en"))
    for shown in ("My data at the Job Assistant", "Small-job postings", "Job title: Bagerlærling",
                  "Cases with a member of staff", "Nothing kept", "could not be fetched right now"):
        assert shown.encode("latin-1") in text, shown


def test_characters_outside_latin1_do_not_break_the_pdf():
    data = {"generated_at": "2025-02-03T13:05:00+00:00", "cases": [],
            "user": {"role": "citizen", "id": "x", "name": "Zoë 王 “Ω” — ✓\x85", "created_at": None,
                     "last_seen_at": None}}
    text = pdf_text(my_data_pdf(data, [], "da"))
    assert 'Navn: Zoë ? "?" - ? '.encode("latin-1") in text


def test_the_transcript_merges_the_assistant_and_the_live_chat_by_time_with_who_wrote():
    events = [
        {"event": "user", "timestamp": 1738587600.0, "text": "EXTERNAL: greet"},  # the login's greeting
        {"event": "bot", "timestamp": 1738587601.0, "text": "Hej! Hvad vil du?",
         "data": {"buttons": [{"title": "Tal med en medarbejder", "payload": "/ask_human"}]}},
        {"event": "user", "timestamp": 1738587660.0, "text": "/ask_human"},
        {"event": "action", "timestamp": 1738587661.0, "name": "action_listen"},
        {"event": "bot", "timestamp": 1738587900.0, "text": "Tak for snakken."},
    ]
    cases = [{"advisor_name": "Rikke Rådgiver", "messages": [
        {"sender": "advisor", "text": "Hej, det er Rikke.", "created_at": "2025-02-03T13:03:00"},
        {"sender": "user", "text": "Hej Rikke!", "created_at": "2025-02-03T13:04:00+00:00"}]}]
    lines = conversation_transcript(events, cases)
    assert [(line["sender"], line["name"], line["text"]) for line in lines] == [
        ("bot", None, "Hej! Hvad vil du?"), ("user", None, "Tal med en medarbejder"),
        ("advisor", "Rikke Rådgiver", "Hej, det er Rikke."), ("user", None, "Hej Rikke!"),
        ("bot", None, "Tak for snakken.")]
    assert lines[0]["at"] == "2025-02-03T13:00:01+00:00"
    assert transcript_text(lines, "da").splitlines() == [
        "Samtalen", "",
        "3/2/2025 kl. 14:00  Jobassistenten: Hej! Hvad vil du? [Knapper: Tal med en medarbejder]",
        "3/2/2025 kl. 14:01  Du: Tal med en medarbejder",
        "3/2/2025 kl. 14:03  Rikke Rådgiver: Hej, det er Rikke.",
        "3/2/2025 kl. 14:04  Du: Hej Rikke!",
        "3/2/2025 kl. 14:05  Jobassistenten: Tak for snakken."]
    assert transcript_text([], "en").splitlines() == ["The conversation", "", "Nothing kept"]


# --- the gateway ---

async def test_a_citizens_json_download_matches_what_the_json_api_shows(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    database.run_sync(seed_citizens)
    await login(client, "citizen", "mine-anna", "Anna Ærø")
    response = await client.get("/api/me/data")
    assert response.status == 200 and response.content_type == "application/json"
    today = datetime.now(ZoneInfo("Europe/Copenhagen")).date()
    assert re.fullmatch(r'attachment; filename="mine-data-\d{4}-\d{2}-\d{2}\.json"',
                        response.headers["Content-Disposition"])
    assert abs((date.fromisoformat(response.headers["Content-Disposition"][-16:-6]) - today).days) <= 1
    raw = await response.text()
    assert "Børnehaven Ærøskøbing" in raw  # readable UTF-8, not \u escapes
    data = json.loads(raw)
    assert data["journal"] == (await (await client.get("/api/me/journal")).json())["entries"]
    assert data["profile"] == (await (await client.get("/api/me/profile")).json())["profile"]
    assert data["sick_leaves"] == (await (await client.get("/api/me/sick-leave")).json())["sick_leaves"]
    assert [m["text"] for m in data["cases"][0]["messages"]][1:] == ["Hej Anna, hvordan går det?",
                                                                    "Fint, tak – søger stadig."]
    assert data["transcript"] is None  # Rasa is not running: the rest is still there, and it says why
    assert data["transcript_error"] == ("Samtalen med assistenten kunne ikke hentes lige nu. Prøv igen om lidt.")
    assert not [secret for secret in OLES_SECRETS if secret in raw]


async def test_an_employers_json_download_matches_their_postings(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    database.run_sync(seed_employers)
    await login(client, "employer", "mine-bakken", "Bakken Bageri")
    data = await (await client.get("/api/me/data", headers={"Accept-Language": "en"})).json()
    listed = (await (await client.get("/api/me/vacancies")).json())["vacancies"]
    assert data["vacancies"] == [{k: v for k, v in posting.items() if k != "matching_job_seekers"}
                                 for posting in listed]
    assert data["user"]["cvr"] == "13748136" and "journal" not in data
    assert data["transcript_error"].startswith("The conversation with the assistant could not be fetched")
    assert "Rival" not in json.dumps(data)


async def test_the_pdf_download_is_an_attachment_with_the_users_data(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    database.run_sync(seed_citizens)
    await login(client, "citizen", "mine-anna", "Anna Ærø")
    response = await client.get("/api/me/data.pdf")
    assert response.status == 200 and response.content_type == "application/pdf"
    assert re.fullmatch(r'attachment; filename="mine-data-\d{4}-\d{2}-\d{2}\.pdf"',
                        response.headers["Content-Disposition"])
    pdf = await response.read()
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "Arbejdsgiver: Børnehaven Ærøskøbing".encode("latin-1") in text
    assert "Samtalen med assistenten kunne ikke hentes lige nu.".encode("latin-1") in text
    assert not [secret for secret in OLES_SECRETS if secret.encode("latin-1") in text]


async def test_the_transcript_download_is_text_with_time_and_who_wrote(gateway_without_rasa, monkeypatch):
    client, _, database = await gateway_without_rasa()
    database.run_sync(seed_citizens)
    await login(client, "citizen", "mine-anna", "Anna Ærø")
    monkeypatch.setattr(client.app[RASA], "tracker_events", rasa_events(
        {"event": "bot", "timestamp": 1738587601.0, "text": "Hej! Jeg er Jobassistenten."},
        {"event": "user", "timestamp": 1738587660.0, "text": "Jeg vil tale med en person"}))
    response = await client.get("/api/me/transcript")
    assert response.status == 200 and response.content_type == "text/plain" and response.charset == "utf-8"
    assert re.fullmatch(r'attachment; filename="samtale-\d{4}-\d{2}-\d{2}\.txt"',
                        response.headers["Content-Disposition"])
    lines = (await response.read()).decode("utf-8").splitlines()
    assert lines[:4] == ["Samtalen", "", "3/2/2025 kl. 14:00  Jobassistenten: Hej! Jeg er Jobassistenten.",
                         "3/2/2025 kl. 14:01  Du: Jeg vil tale med en person"]
    # The live chat was written just now, after the assistant's part.
    assert [line.split("  ", 1)[1] for line in lines[4:]] == [
        "Jobcentret: En medarbejder (Rikke Rådgiver) har overtaget samtalen og skriver til dig her.",
        "Rikke Rådgiver: Hej Anna, hvordan går det?", "Du: Fint, tak – søger stadig."]
    assert audit_entries(database, "export_transcript") == [
        ("citizen", "mine-anna", "export_transcript", "citizen-mine-anna", "")]


async def test_the_transcript_says_in_the_users_language_when_rasa_cannot_be_reached(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    await login(client, "citizen", "mine-offline", "Anna")
    danish = await client.get("/api/me/transcript")
    assert danish.status == 503 and danish.headers["Retry-After"].isdigit()
    assert (await danish.json()) == {"error": "Samtalen kan ikke hentes lige nu. Prøv igen om lidt."}
    english = await client.get("/api/me/transcript", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert (await english.json()) == {"error": "The conversation cannot be fetched right now. "
                                               "Please try again shortly."}
    assert audit_entries(database, "export_transcript") == []  # nothing was handed out


async def test_the_json_includes_the_transcript_when_rasa_answers(gateway_without_rasa, monkeypatch):
    client, _, database = await gateway_without_rasa()
    await login(client, "employer", "mine-bakken", "Bakken Bageri")
    monkeypatch.setattr(client.app[RASA], "tracker_events", rasa_events(
        {"event": "bot", "timestamp": 1738587601.0, "text": "Velkommen, arbejdsgiver."}))
    data = await (await client.get("/api/me/data")).json()
    assert data["transcript"] == [{"at": "2025-02-03T13:00:01+00:00", "sender": "bot", "name": None,
                                   "text": "Velkommen, arbejdsgiver.", "buttons": []}]
    assert "transcript_error" not in data


async def test_each_download_is_audited_as_the_users_own(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    await login(client, "citizen", "mine-audited", "Anna")
    assert (await client.get("/api/me/data")).status == 200
    assert (await client.get("/api/me/data.pdf")).status == 200
    assert audit_entries(database, "export_my_data") == [
        ("citizen", "mine-audited", "export_my_data", "citizen-mine-audited", "format=json"),
        ("citizen", "mine-audited", "export_my_data", "citizen-mine-audited", "format=pdf")]


@pytest.mark.parametrize("path", DOWNLOADS)
async def test_downloads_need_a_login_and_are_not_for_advisors(gateway_without_rasa, path):
    client, _, database = await gateway_without_rasa()
    assert (await client.get(path)).status == 401
    await login(client, "advisor", "mine-advisor", "Rikke")
    refused = await client.get(path)
    assert refused.status == 403
    assert (await refused.json())["error"].startswith("Download af egne data er for borgere og arbejdsgivere.")
    await client.post("/api/logout", json={})
    assert (await client.get(path)).status == 401
    assert audit_entries(database, "export_my_data") == audit_entries(database, "export_transcript") == []


def test_the_api_description_documents_the_downloads():
    paths = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))["paths"]
    for path in DOWNLOADS:
        assert set(paths[path]) == {"get"} and {"200", "401", "403"} <= set(paths[path]["get"]["responses"])
