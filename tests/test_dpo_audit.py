"""The data protection officer's audit log: who read or changed whose data, filtered by person, advisor and
period, as JSON and CSV; only the dpo role sees it, and every read of it is itself in the log. Storage and
the gateway (no Rasa behind it) on SQLite and PostgreSQL, and the staff login that grants the role."""
import csv
import io
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from bot.gateway.http import OPENAPI_FILE
from bot.rules.login_claims import NO_STAFF_ROLE, LoginRefused, identity_from_claims
from bot.settings import load_settings
from bot.store.audit import CSV_HEADER, audit_csv, audit_entries, end_of_danish_day, start_of_danish_day
from bot.store.handoff import record_audit
from bot.store.models import AuditEntry
from tests.helpers import login

DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def write(session, at: datetime, actor_id: str, action: str, subject=None, case_id=None, detail="",
          actor_role="advisor") -> None:
    """An audit entry as the routes write it (record_audit), then moved to `at`."""
    record_audit(session, actor_role, actor_id, action, subject, case_id, detail)
    session.flush()
    newest = session.execute(select(AuditEntry.id).order_by(AuditEntry.id.desc())).scalars().first()
    session.execute(update(AuditEntry).where(AuditEntry.id == newest).values(at=at))


def write_history(session) -> None:
    write(session, utc(2024, 5, 30, 9, 0), "raadgiver-1", "read_case", "citizen-borger-1", 1)
    write(session, utc(2024, 5, 31, 8, 0), "raadgiver-2", "claim_case", "citizen-borger-10", 2)
    write(session, utc(2024, 5, 31, 12, 0), "raadgiver-1", "message_user", "citizen-borger-1", 1)
    # 00:30 on 1 June in Denmark.
    write(session, utc(2024, 5, 31, 22, 30), "raadgiver-2", "match_vacancy", "SJ-000007")
    write(session, utc(2024, 6, 2, 7, 0), "raadgiver-1", "list_cases", detail="status=active")


def actions_of(entries) -> list:
    return [entry.action for entry in entries]


# --- storage ---

def test_entries_come_newest_first(db):
    db.run_sync(write_history)
    assert actions_of(db.run_sync(audit_entries)) == [
        "list_cases", "match_vacancy", "message_user", "claim_case", "read_case"]


def test_a_person_is_found_by_their_id_or_their_conversation_and_never_by_a_longer_id(db):
    db.run_sync(write_history)
    by_id = db.run_sync(lambda s: audit_entries(s, person="borger-1"))
    assert actions_of(by_id) == ["message_user", "read_case"]
    assert actions_of(db.run_sync(lambda s: audit_entries(s, person="citizen-borger-1"))) == \
        ["message_user", "read_case"]
    assert actions_of(db.run_sync(lambda s: audit_entries(s, person="SJ-000007"))) == ["match_vacancy"]
    assert db.run_sync(lambda s: audit_entries(s, person="borger")) == []


def test_an_advisor_and_a_period_of_danish_days_narrow_the_entries(db):
    db.run_sync(write_history)
    assert actions_of(db.run_sync(lambda s: audit_entries(s, actor="raadgiver-2"))) == \
        ["match_vacancy", "claim_case"]
    may_31 = db.run_sync(lambda s: audit_entries(s, since=start_of_danish_day(date(2024, 5, 31)),
                                                 until=end_of_danish_day(date(2024, 5, 31))))
    # 22:30 UTC on 31 May is already 1 June in Denmark.
    assert actions_of(may_31) == ["message_user", "claim_case"]
    june_1 = db.run_sync(lambda s: audit_entries(s, since=start_of_danish_day(date(2024, 6, 1)),
                                                 until=end_of_danish_day(date(2024, 6, 1))))
    assert actions_of(june_1) == ["match_vacancy"]
    both = db.run_sync(lambda s: audit_entries(s, person="borger-1", actor="raadgiver-1",
                                               since=start_of_danish_day(date(2024, 5, 31))))
    assert actions_of(both) == ["message_user"]


def test_a_page_of_entries_is_a_limit_and_an_offset(db):
    db.run_sync(write_history)
    assert actions_of(db.run_sync(lambda s: audit_entries(s, limit=2))) == ["list_cases", "match_vacancy"]
    assert actions_of(db.run_sync(lambda s: audit_entries(s, limit=2, offset=2))) == ["message_user", "claim_case"]


def csv_rows(text: str) -> list:
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_csv_has_a_header_and_one_row_per_entry_in_danish_and_utc_time(db):
    db.run_sync(write_history)
    rows = csv_rows(db.run_sync(lambda s: audit_csv(audit_entries(s, actor="raadgiver-2"))))
    assert rows == [
        list(CSV_HEADER),
        ["2024-06-01 00:30:00", "2024-05-31T22:30:00Z", "advisor", "raadgiver-2", "match_vacancy", "SJ-000007", "",
         ""],
        ["2024-05-31 10:00:00", "2024-05-31T08:00:00Z", "advisor", "raadgiver-2", "claim_case", "citizen-borger-10",
         "2", ""],
    ]


def test_a_cell_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe(db):
    db.run_sync(lambda s: write(s, utc(2024, 5, 1, 10, 0), "@raadgiver", "read_case", "-borger",
                                detail='=HYPERLINK("https://evil.example","klik")'))
    db.run_sync(lambda s: write(s, utc(2024, 5, 1, 11, 0), "+4512345678", "read_case", "citizen-borger-1",
                                detail="status=active"))
    [_, plus, at_sign] = csv_rows(db.run_sync(lambda s: audit_csv(audit_entries(s))))
    assert plus[3] == "'+4512345678" and plus[5] == "citizen-borger-1" and plus[7] == "status=active"
    assert at_sign[3] == "'@raadgiver" and at_sign[5] == "'-borger"
    assert at_sign[7] == '\'=HYPERLINK("https://evil.example","klik")'


# --- through the gateway ---

async def read_log(client, query: str = "") -> dict:
    response = await client.get(f"/api/dpo/audit{query}")
    assert response.status == 200, await response.text()
    return await response.json()


async def test_the_dpo_filters_the_log_and_every_read_shows_at_the_next(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    database.run_sync(write_history)
    await login(client, "dpo", "dpo-1", "Dorte")

    first = await read_log(client, "?person=borger-1&actor=raadgiver-1&since=2024-05-31&until=2024-05-31")
    assert [(e["action"], e["actor_id"], e["subject"], e["case_id"]) for e in first["entries"]] == [
        ("message_user", "raadgiver-1", "citizen-borger-1", 1)]
    assert first["entries"][0]["at"] == "2024-05-31T12:00:00+00:00" and first["more"] is False

    everything = (await read_log(client))["entries"]
    [read] = [entry for entry in everything if entry["actor_role"] == "dpo"]
    assert (read["actor_id"], read["action"], read["subject"]) == ("dpo-1", "read_audit_log", "borger-1")
    assert read["detail"] == "person=borger-1 actor=raadgiver-1 since=2024-05-31 until=2024-05-31 offset=0 rows=1"
    assert everything[0] == read  # newest first
    assert [e["action"] for e in everything[1:]] == [
        "list_cases", "match_vacancy", "message_user", "claim_case", "read_case"]

    # The person's own history shows that the DPO looked them up.
    assert [e["action"] for e in (await read_log(client, "?person=borger-1"))["entries"]] == [
        "read_audit_log", "message_user", "read_case"]


async def test_the_csv_export_keeps_the_filters_is_safe_in_a_spreadsheet_and_is_logged(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    database.run_sync(write_history)
    database.run_sync(lambda s: write(s, utc(2024, 6, 3, 9, 0), "raadgiver-2", "close_case", "citizen-borger-3",
                                      detail="=1+1"))
    await login(client, "dpo", "dpo-1", "Dorte")

    response = await client.get("/api/dpo/audit.csv?actor=raadgiver-2&since=2024-06-01")
    assert response.status == 200
    assert response.content_type == "text/csv" and response.charset == "utf-8"
    today = datetime.now(DANISH_TIME).date().isoformat()
    assert response.headers["Content-Disposition"] == f'attachment; filename="revisionslog-{today}.csv"'
    body = (await response.read()).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = csv_rows(body[1:])
    assert rows[0] == list(CSV_HEADER)
    assert [(row[4], row[5], row[7]) for row in rows[1:]] == [
        ("close_case", "citizen-borger-3", "'=1+1"), ("match_vacancy", "SJ-000007", "")]

    [export] = [e for e in (await read_log(client))["entries"] if e["action"] == "export_audit_log"]
    assert (export["actor_role"], export["actor_id"], export["subject"]) == ("dpo", "dpo-1", None)
    assert export["detail"] == "actor=raadgiver-2 since=2024-06-01 rows=2"


@pytest.mark.parametrize("query, danish, english", [
    ("?since=31-05-2024", "since skal være en dato som ÅÅÅÅ-MM-DD, fx 2024-05-31.",
     "since must be a date as YYYY-MM-DD, e.g. 2024-05-31."),
    ("?until=2024-02-30", "until skal være en dato som ÅÅÅÅ-MM-DD, fx 2024-05-31.",
     "until must be a date as YYYY-MM-DD, e.g. 2024-05-31."),
    ("?since=2024-06-02&until=2024-06-01", "Til-datoen ligger før fra-datoen.",
     "The until date is before the since date."),
    ("?person=" + "x" * 91, "person skal være et id på højst 90 tegn.",
     "person must be an id of at most 90 characters."),
    ("?actor=a%00b", "actor skal være et id på højst 64 tegn.", "actor must be an id of at most 64 characters."),
    ("?offset=-1", "offset skal være et helt tal fra 0 til 2147483647.",
     "offset must be a whole number from 0 to 2147483647."),
])
async def test_a_filter_that_is_no_date_or_id_is_refused_with_the_reason(gateway_without_rasa, query, danish,
                                                                          english):
    client, _, database = await gateway_without_rasa()
    await login(client, "dpo", "dpo-1", "Dorte")
    response = await client.get(f"/api/dpo/audit{query}")
    assert response.status == 400 and (await response.json())["error"] == danish
    response = await client.get(f"/api/dpo/audit{query}", headers={"Accept-Language": "en"})
    assert response.status == 400 and (await response.json())["error"] == english
    if "offset" not in query:
        assert (await client.get(f"/api/dpo/audit.csv{query}")).status == 400
    # A refused read reads nothing, so it is not in the log.
    assert database.run_sync(lambda s: audit_entries(s)) == []


async def test_nobody_but_the_dpo_reads_the_log_or_gets_the_page(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    database.run_sync(write_history)
    for path in ("/api/dpo/audit", "/api/dpo/audit.csv"):
        assert (await client.get(path)).status == 401
    page = await client.get("/dpo", allow_redirects=False)
    assert page.status == 302 and page.headers["Location"] == "/"

    for role, user_id in (("advisor", "raadgiver-1"), ("citizen", "borger-1"), ("employer", "firma-1")):
        await login(client, role, user_id)
        for path in ("/api/dpo/audit", "/api/dpo/audit.csv"):
            refused = await client.get(path)
            assert refused.status == 403
            assert (await refused.json())["error"] == "Kun databeskyttelsesrådgiveren har adgang til revisionsloggen."
        page = await client.get("/dpo", allow_redirects=False)
        assert page.status == 403
        assert await page.text() == "Kun databeskyttelsesrådgiveren har adgang til revisionsloggen."
    assert len(database.run_sync(lambda s: audit_entries(s))) == 5  # no read by anyone else was let through

    await login(client, "dpo", "dpo-1", "Dorte")
    page = await client.get("/dpo")
    assert page.status == 200 and page.content_type == "text/html"
    html = await page.text()
    assert '<script src="/static/dpo.js" defer></script>' in html and "<caption>" in html
    for asset in ("/static/dpo.js", "/static/dpo.css"):
        assert (await client.get(asset)).status == 200
    # The DPO reads the log, not the cases: the advisor's workspace stays closed.
    assert (await client.get("/api/advisor/cases")).status == 403
    assert (await client.get("/advisor", allow_redirects=False)).status == 403


async def test_the_dpo_routes_are_documented(gateway_without_rasa):
    import json

    client, _, _ = await gateway_without_rasa()
    documented = {(path, method.upper()) for path, item in json.loads(OPENAPI_FILE.read_text())["paths"].items()
                  for method in item}
    served = {(route.resource.canonical, route.method) for route in client.app.router.routes()
              if route.method != "HEAD" and route.resource.canonical.startswith(("/dpo", "/api/dpo"))}
    assert served == {("/dpo", "GET"), ("/api/dpo/audit", "GET"), ("/api/dpo/audit.csv", "GET")}
    assert served <= documented


# --- the staff login that grants the role ---

KEY = b"k" * 32


def staff_env(tmp_path, **extra):
    env = {"JOBASSISTENT_VAR_DIR": str(tmp_path), "OIDC_PROVIDERS": "personale",
           "OIDC_PERSONALE_ISSUER": "https://login.example/tenant/v2.0", "OIDC_PERSONALE_CLIENT_ID": "a",
           "OIDC_PERSONALE_CLIENT_SECRET": "b", "OIDC_PERSONALE_ROLES": "advisor,dpo",
           "OIDC_PERSONALE_ROLE_VALUES": "jobraadgiver=advisor,databeskyttelse=dpo"}
    env.update(extra)
    return env


def test_the_staff_login_can_grant_the_dpo_role_from_its_own_claim_value(tmp_path):
    settings = load_settings(staff_env(tmp_path))
    [staff] = settings.oidc_providers
    assert staff.roles == ("advisor", "dpo")
    assert staff.role_for_value == {"jobraadgiver": "advisor", "databeskyttelse": "dpo"}
    assert staff.label_da == "Log ind som medarbejder"
    assert identity_from_claims(staff, {"sub": "d", "name": "Dorte", "roles": ["databeskyttelse"]}, KEY).role == "dpo"
    assert identity_from_claims(staff, {"sub": "r", "roles": "jobraadgiver"}, KEY).role == "advisor"
    with pytest.raises(LoginRefused) as refused:
        identity_from_claims(staff, {"sub": "x", "roles": ["dpo", "medarbejder"]}, KEY)
    assert refused.value.reason_en == NO_STAFF_ROLE.reason_en


def test_a_provider_without_the_dpo_role_cannot_grant_it(tmp_path):
    with pytest.raises(ValueError, match="ROLE_VALUES"):
        load_settings(staff_env(tmp_path, OIDC_PERSONALE_ROLES="advisor"))
    with pytest.raises(ValueError, match="not both"):
        load_settings(staff_env(tmp_path, OIDC_PERSONALE_ROLES="citizen,dpo",
                                OIDC_PERSONALE_ROLE_VALUES="databeskyttelse=dpo"))


def test_the_dpo_is_logged_out_after_as_long_idle_as_an_advisor(tmp_path):
    settings = load_settings({"JOBASSISTENT_VAR_DIR": str(tmp_path), "SESSION_IDLE_MINUTES_ADVISOR": "45"})
    assert settings.idle_timeout("dpo") == settings.idle_timeout("advisor")
    assert settings.idle_timeout("dpo").total_seconds() == 45 * 60
