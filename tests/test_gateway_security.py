"""The gateway's defences that need no Rasa: cross-site requests (CSRF), cookies, headers and the advisor
page, against the app in-process on a real SQLite database with Rasa unreachable."""
import asyncio
from dataclasses import replace

import pytest

from bot.gateway.app import SESSION_COOKIE, init_app
from bot.settings import load_settings
from bot.store.handoff import get_case, open_case
from tests.conftest import free_port
from tests.helpers import login

ANOTHER_PORT = "http://127.0.0.1:1"  # a page of the same site on another port: another origin


@pytest.fixture
def offline_settings(settings):
    return replace(settings, rasa_port=free_port(), action_port=free_port())


@pytest.fixture
async def client(offline_settings, database, aiohttp_client):
    return await aiohttp_client(init_app(offline_settings, database))


def open_citizen_case(database, external_id="csrf-borger") -> int:
    return database.run_sync(lambda s: open_case(
        s, role="citizen", external_id=external_id, name="", language="da", reason_code="asked_for_person",
        contact_wish="chat", phone=None, summary={})[0].id)


def own_origin(client) -> str:
    return f"http://{client.host}:{client.port}"


def form_post_from(origin: str, site: str = "same-site") -> dict:
    """What a browser sends when another page's <form method=post> targets the gateway."""
    return {"data": "x=1", "headers": {"Origin": origin, "Sec-Fetch-Site": site,
                                       "Content-Type": "application/x-www-form-urlencoded"}}


async def test_a_cross_site_form_cannot_claim_a_case_for_a_logged_in_advisor(client, database):
    case_id = open_citizen_case(database)
    await login(client, "advisor", "csrf-raad", "Rita")
    response = await client.post(f"/api/advisor/cases/{case_id}/claim", **form_post_from(ANOTHER_PORT))
    assert response.status == 403
    assert "anden hjemmeside" in (await response.json())["error"]
    assert database.run_sync(lambda s: get_case(s, case_id).status) == "open"


async def test_a_cross_site_form_cannot_log_the_user_out(client):
    await login(client, "citizen", "csrf-borger")
    response = await client.post("/api/logout", **form_post_from(ANOTHER_PORT, "cross-site"))
    assert response.status == 403
    assert (await (await client.get("/api/session")).json())["user"]["id"] == "csrf-borger"


async def test_the_refusal_is_in_english_for_english_users(client):
    await login(client, "citizen", "csrf-en")
    response = await client.post("/api/logout", json={}, headers={
        "Origin": ANOTHER_PORT, "Accept-Language": "en-GB,en;q=0.8"})
    assert response.status == 403
    assert (await response.json())["error"] == (
        "The request came from another website and was refused. Reload the page and try again.")


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "same-site"}, {"Sec-Fetch-Site": "cross-site"},
    {"Origin": ANOTHER_PORT}, {"Origin": "null"}, {"Origin": "http://evil.example"},
    {"Origin": "not a url"},
])
async def test_state_changing_requests_from_another_origin_are_403_even_as_json(client, database, headers):
    case_id = open_citizen_case(database)
    await login(client, "advisor", "csrf-raad-json", "Rita")
    response = await client.post(f"/api/advisor/cases/{case_id}/claim", json={}, headers=headers)
    assert response.status == 403
    assert database.run_sync(lambda s: get_case(s, case_id).status) == "open"


@pytest.mark.parametrize("kwargs", [
    {},  # body-less: no content type at all
    {"data": "", "headers": {"Content-Type": "text/plain"}},
    {"data": "x=1", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
])
async def test_body_less_posts_need_the_json_content_type_too(client, database, kwargs):
    case_id = open_citizen_case(database)
    await login(client, "advisor", "csrf-raad-type", "Rita")
    response = await client.post(f"/api/advisor/cases/{case_id}/claim", **kwargs)
    assert response.status == 415
    assert "JSON" in (await response.json())["error"]
    response = await client.post("/api/logout", **kwargs)
    assert response.status == 415
    assert database.run_sync(lambda s: get_case(s, case_id).status) == "open"


@pytest.mark.parametrize("headers", [
    {},  # a client that is not a browser
    {"Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "same-origin", "Origin": "OWN"},
    {"Origin": "OWN"},  # an older browser without Fetch Metadata
])
async def test_the_pages_own_json_posts_still_work(client, database, headers):
    # chat.js and advisor.js post with Content-Type: application/json from the gateway's own origin.
    headers = {name: own_origin(client) if value == "OWN" else value for name, value in headers.items()}
    case_id = open_citizen_case(database)
    await login(client, "advisor", "csrf-raad-own", "Rita")
    response = await client.post(f"/api/advisor/cases/{case_id}/claim", json={}, headers=headers)
    assert response.status == 200
    assert (await response.json())["case"]["status"] == "claimed"
    response = await client.post("/api/logout", json={}, headers=headers)
    assert response.status == 200


async def test_no_response_names_the_server_software_or_its_version(client):
    await login(client, "citizen", "server-header")
    for response in [await client.get("/"), await client.get("/api/session"), await client.get("/nowhere"),
                     await client.get("/api/nowhere"), await client.post("/api/logout")]:
        assert "Server" not in response.headers, response.url


async def test_not_even_a_request_the_http_parser_refuses_names_the_server_version(offline_settings, database,
                                                                                 aiohttp_server):
    server = await aiohttp_server(init_app(offline_settings, database))
    for request in [b"NOT HTTP\r\n\r\n", b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"]:
        reader, writer = await asyncio.open_connection(server.host, server.port)
        writer.write(request)
        answer = await asyncio.wait_for(reader.read(4096), 10)
        writer.close()
        assert answer.startswith(b"HTTP/1.0 400")
        assert b"aiohttp" not in answer and b"Python/" not in answer


def test_cookies_are_secure_by_default_unless_the_gateway_is_on_this_machine(tmp_path):
    def secure(**env):
        base = {"JOBASSISTENT_VAR_DIR": str(tmp_path), "RASA_TOKEN": "t", "SESSION_SECRET": "s"}
        return load_settings({**base, **env}).secure_cookies

    assert secure() is False  # GATEWAY_HOST defaults to 127.0.0.1
    assert secure(GATEWAY_HOST="localhost") is False
    assert secure(GATEWAY_HOST="::1") is False
    assert secure(GATEWAY_HOST="0.0.0.0") is True
    assert secure(GATEWAY_HOST="10.0.0.5") is True
    assert secure(GATEWAY_HOST="0.0.0.0", SECURE_COOKIES="0") is False  # plain http on a test network
    assert secure(GATEWAY_HOST="127.0.0.1", SECURE_COOKIES="1") is True


async def test_the_session_cookie_is_marked_secure_behind_a_public_address(offline_settings, database,
                                                                           aiohttp_client, tmp_path):
    public = replace(offline_settings, secure_cookies=load_settings({
        "JOBASSISTENT_VAR_DIR": str(tmp_path), "RASA_TOKEN": "t", "SESSION_SECRET": "s",
        "GATEWAY_HOST": "0.0.0.0"}).secure_cookies)
    client = await aiohttp_client(init_app(public, database))
    response = await client.post("/api/dev/login", json={"role": "citizen", "id": "secure-cookie"})
    assert response.status == 200
    [cookie] = [value for value in response.headers.getall("Set-Cookie") if value.startswith(SESSION_COOKIE)]
    assert "Secure" in cookie and "HttpOnly" in cookie


async def test_the_advisor_page_is_for_advisors_only(client):
    anonymous = await client.get("/advisor", allow_redirects=False)
    assert (anonymous.status, anonymous.headers["Location"]) == (302, "/")
    await login(client, "citizen", "not-an-advisor")
    citizen = await client.get("/advisor")
    assert citizen.status == 403
    assert "Kun jobrådgivere" in await citizen.text()
    english = await client.get("/advisor", headers={"Accept-Language": "en"})
    assert "Only job advisors" in await english.text()
    await login(client, "employer", "not-an-advisor-either")
    assert (await client.get("/advisor")).status == 403
    await login(client, "advisor", "is-an-advisor")
    advisor = await client.get("/advisor")
    assert advisor.status == 200
    assert "/static/advisor.js" in await advisor.text()


async def test_the_advisor_page_cannot_be_fetched_around_the_role_check(client):
    await login(client, "citizen", "static-detour")
    assert (await client.get("/static/advisor.html")).status == 404
