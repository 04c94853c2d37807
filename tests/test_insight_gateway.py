"""The insight page and API through the gateway (no Rasa behind it) on SQLite and PostgreSQL: who may
see it, the period and journey filters, the figures as JSON, CSV and SVG, and the manager role itself."""
import csv
import io
import json
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import insert

from bot.gateway.http import OPENAPI_FILE
from bot.rules.login_claims import identity_from_claims
from bot.settings import load_settings
from tests.helpers import login
from tests.test_insight_store import DAY, danish, event, rasa_events_table, seed_known_day

PERIOD = f"from={DAY.isoformat()}&to={DAY.isoformat()}"


def seed_busy_day(session) -> None:
    """The known day of the store tests, plus 20 citizens who asked about dagpenge and got an answer."""
    seed_known_day(session)
    session.execute(insert(SQLTrackerStore.SQLEvent.__table__),
                    [event(f"citizen-b{number}", danish(DAY, 11), intent="faq") for number in range(20)]
                    + [event(f"citizen-b{number}", danish(DAY, 11), kind="action",
                             action="action_answer_benefit_question") for number in range(20)])


async def started(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    rasa_events_table(database.engine)
    database.run_sync(seed_busy_day)
    return client


@pytest.mark.parametrize("role", ["citizen", "employer", "dpo"])
async def test_only_managers_and_advisors_see_the_insight(gateway_without_rasa, role):
    client, _, _ = await gateway_without_rasa()
    for path in ("/api/insight", "/api/insight/handoffs.csv", "/api/insight/handoffs.svg"):
        assert (await client.get(path)).status == 401
    page = await client.get("/insight", allow_redirects=False)
    assert page.status == 302 and page.headers["Location"] == "/"
    await login(client, role, f"{role}-1")
    for path in ("/api/insight", "/api/insight/handoffs.csv", "/api/insight/handoffs.svg"):
        response = await client.get(path)
        assert response.status == 403
        assert "ledere og jobrådgivere" in (await response.json())["error"]
    assert (await client.get("/insight")).status == 403


@pytest.mark.parametrize("role", ["manager", "advisor"])
async def test_managers_and_advisors_get_the_page_and_the_figures(gateway_without_rasa, role):
    client = await started(gateway_without_rasa)
    await login(client, role, f"{role}-1", "Lea")
    page = await client.get("/insight")
    assert page.status == 200 and 'src="/static/insight.js"' in await page.text()
    body = await (await client.get(f"/api/insight?{PERIOD}")).json()
    assert (body["from"], body["to"], body["journey"]) == ("2025-05-02", "2025-05-02", None)
    figures = {figure["key"]: figure for figure in body["figures"]}
    assert list(figures) == ["conversations", "journeys", "handoffs", "handoff_wait", "crisis", "sick_leave",
                             "postings", "journal", "feedback"]
    # 7 known conversations (4 solved) and 20 answered questions.
    assert figures["conversations"]["rows"] == [["2025-05-02", 27, 24]]
    assert ["Spørgsmål om ydelser", 21, 21, 100.0] in figures["journeys"]["rows"]
    assert figures["crisis"]["rows"] == [["2025-05", "<5"]]
    assert figures["handoffs"]["csv"] == f"/api/insight/handoffs.csv?{PERIOD}"


async def test_the_page_holds_no_personal_data(gateway_without_rasa):
    client = await started(gateway_without_rasa)
    await login(client, "manager", "leder-1")
    text = await (await client.get(f"/api/insight?{PERIOD}")).text()
    for personal in ("citizen-", "c1", "employer-e1", "Bageri", "Netto", "13748136", "a@b.dk"):
        assert personal not in text


async def test_the_journey_filter_narrows_conversations_and_leaves_out_other_journeys_figures(gateway_without_rasa):
    client = await started(gateway_without_rasa)
    await login(client, "manager", "leder-1")
    body = await (await client.get(f"/api/insight?{PERIOD}&journey=benefits")).json()
    figures = {figure["key"]: figure for figure in body["figures"]}
    assert figures["conversations"]["rows"] == [["2025-05-02", 21, 21]]
    assert "sick_leave" not in figures and "journal" not in figures
    assert figures["feedback"]["csv"].endswith("&journey=benefits")
    assert (await client.get(f"/api/insight/journal.csv?{PERIOD}&journey=benefits")).status == 404


@pytest.mark.parametrize("query, status, reason", [
    ("from=2025-05-03&to=2025-05-02", 400, "før fra-datoen"),
    ("from=2.5.2025", 400, "ÅÅÅÅ-MM-DD"),
    ("from=2025-02-30", 400, "ÅÅÅÅ-MM-DD"),
    ("from=2023-01-01&to=2025-05-02", 400, "højst 731 dage"),
    ("journey=everything", 400, "Ukendt forløb"),
])
async def test_a_bad_period_or_journey_is_refused_with_the_reason(gateway_without_rasa, query, status, reason):
    client, _, _ = await gateway_without_rasa()
    await login(client, "manager", "leder-1")
    response = await client.get(f"/api/insight?{query}")
    assert response.status == status and reason in (await response.json())["error"]


async def test_each_figure_downloads_as_csv_with_the_table_the_page_shows(gateway_without_rasa):
    client = await started(gateway_without_rasa)
    await login(client, "manager", "leder-1")
    body = await (await client.get(f"/api/insight?{PERIOD}")).json()
    figures = {figure["key"]: figure for figure in body["figures"]}
    for key, figure in figures.items():
        response = await client.get(figure["csv"])
        assert response.status == 200 and response.content_type == "text/csv"
        assert f'filename="indsigt-{key}-2025-05-02-2025-05-02.csv"' in response.headers["Content-Disposition"]
        raw = await response.read()
        assert raw.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
        assert rows[0] == figure["columns"] and len(rows) == len(figure["rows"]) + 1
    journeys = (await (await client.get(figures["journeys"]["csv"])).read()).decode("utf-8-sig")
    assert "Spørgsmål om ydelser;21;21;100,0" in journeys.splitlines()
    assert (await client.get(f"/api/insight/nothing.csv?{PERIOD}")).status == 404


async def test_each_figure_draws_as_an_svg_chart(gateway_without_rasa):
    client = await started(gateway_without_rasa)
    await login(client, "advisor", "raadgiver-1")
    figures = (await (await client.get(f"/api/insight?{PERIOD}")).json())["figures"]
    for figure in figures:
        response = await client.get(figure["svg"])
        assert response.status == 200 and response.content_type == "image/svg+xml"
        svg = ElementTree.fromstring(await response.read())
        assert svg.get("role") == "img" and figure["title"] in svg.get("aria-label")
    chart = ElementTree.fromstring(await (await client.get(f"/api/insight/journeys.svg?{PERIOD}")).read())
    titles = [node.text for node in chart.iter("{http://www.w3.org/2000/svg}title")]
    assert "Spørgsmål om ydelser: Samtaledage 21" in titles


async def test_the_default_period_is_the_last_30_days(gateway_without_rasa):
    client, _, _ = await gateway_without_rasa()
    await login(client, "manager", "leder-1")
    body = await (await client.get("/api/insight")).json()
    from datetime import date
    assert date.fromisoformat(body["to"]) - date.fromisoformat(body["from"]) == timedelta(days=29)
    assert len(body["figures"][0]["rows"]) == 30


async def test_the_insight_routes_are_documented(gateway_without_rasa):
    client, _, _ = await gateway_without_rasa()
    documented = {(path, method.upper()) for path, item in json.loads(OPENAPI_FILE.read_text())["paths"].items()
                  for method in item}
    served = {(route.resource.canonical, route.method) for route in client.app.router.routes()
              if route.method != "HEAD"}
    ours = {("/insight", "GET"), ("/api/insight", "GET"), ("/api/insight/{figure}.csv", "GET"),
            ("/api/insight/{figure}.svg", "GET"), ("/api/feedback", "POST")}
    assert ours <= served and ours <= documented


# --- the manager role ---

def test_the_staff_login_can_grant_the_manager_role_and_the_manager_idles_as_long_as_an_advisor(tmp_path):
    settings = load_settings({
        "JOBASSISTENT_VAR_DIR": str(tmp_path), "OIDC_PROVIDERS": "personale", "SESSION_IDLE_MINUTES_ADVISOR": "45",
        "OIDC_PERSONALE_ISSUER": "https://login.example/tenant/v2.0", "OIDC_PERSONALE_CLIENT_ID": "a",
        "OIDC_PERSONALE_CLIENT_SECRET": "b", "OIDC_PERSONALE_ROLES": "advisor,manager",
        "OIDC_PERSONALE_ROLE_VALUES": "jobraadgiver=advisor,leder=manager"})
    [staff] = settings.oidc_providers
    assert identity_from_claims(staff, {"sub": "m", "name": "Lea", "roles": ["leder"]}, b"k" * 32).role == "manager"
    assert settings.idle_timeout("manager").total_seconds() == 45 * 60
    with pytest.raises(ValueError, match="not both"):
        load_settings({"JOBASSISTENT_VAR_DIR": str(tmp_path), "OIDC_PROVIDERS": "mitid",
                       "OIDC_MITID_ISSUER": "https://broker.example", "OIDC_MITID_CLIENT_ID": "a",
                       "OIDC_MITID_CLIENT_SECRET": "b", "OIDC_MITID_ROLES": "citizen,manager",
                       "OIDC_MITID_ROLE_VALUES": "leder=manager"})


async def test_the_development_login_offers_and_accepts_the_manager(gateway_without_rasa):
    client, _, _ = await gateway_without_rasa()
    page = await (await client.get("/")).text()
    assert '<option value="manager">' in page
    assert (await login(client, "manager", "leder-1", "Lea"))["user"]["role"] == "manager"
    assert (await (await client.get("/api/session")).json())["user"]["role"] == "manager"
