"""OpenID Connect login through the gateway, against the real local test provider (two issuers: MitID
broker for citizens and employers, the municipality's staff login), driven over plain HTTP."""
from __future__ import annotations

import time
from typing import Tuple
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from authlib.common.security import generate_token
from sqlalchemy import text

from bot.gateway.oidc import LoginFailed, OidcClient, verify_id_token
from bot.migrate import upgrade
from bot.rules.login_claims import NO_STAFF_ROLE
from bot.settings import load_settings
from bot.store.db import Database
from tests.conftest import make_settings
from tests.oidc_test_provider import authorize_over_http, oidc_environment

CITIZENS, STAFF = "mitid", "personale"


def provider_settings(tmp_path):
    return load_settings({"JOBASSISTENT_VAR_DIR": str(tmp_path), **oidc_environment(CITIZENS, STAFF)}).oidc_providers


@pytest.fixture
async def gateway(tmp_path, aiohttp_client):
    """The gateway with both providers and DEV_LOGIN=1 in the environment (which must not matter)."""
    from bot.gateway.app import init_app

    database_url = f"sqlite:///{tmp_path / 'oidc.db'}"
    upgrade(database_url)
    database = Database(database_url)
    settings = make_settings(tmp_path, database_url=database_url, dev_login=True,
                             oidc_providers=provider_settings(tmp_path))
    client = await aiohttp_client(init_app(settings, database))
    yield client, database
    database.dispose()


@pytest.fixture
async def provider_browser():
    """The user's browser at the provider: its own cookies (the provider's login session)."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        yield http


async def start_login(client, provider: str) -> str:
    response = await client.get(f"/auth/login/{provider}", allow_redirects=False)
    assert response.status == 302
    return response.headers["Location"]


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


async def log_in(client, provider_browser, provider: str, login: str) -> Tuple[int, str]:
    """(status, Location) of the gateway's answer to the provider's callback."""
    back = await authorize_over_http(provider_browser, await start_login(client, provider), login)
    assert urlsplit(back).path == f"/auth/callback/{provider}"
    response = await client.get(path_of(back), allow_redirects=False)
    return response.status, response.headers.get("Location", "")


async def session_of(client) -> dict:
    response = await client.get("/api/session")
    assert response.status == 200
    return await response.json()


def every_stored_value(database: Database) -> str:
    with database.engine.connect() as connection:
        tables = [row[0] for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))]
        return "\n".join(str(tuple(row)) for table in tables
                         for row in connection.execute(text(f'SELECT * FROM "{table}"')))


async def test_the_login_page_offers_both_providers_and_no_development_login(gateway):
    client, _ = gateway
    body = await session_of(client)
    assert body["dev_login"] is False and body["user"] is None
    assert [choice["url"] for choice in body["login_providers"]] == [f"/auth/login/{CITIZENS}", f"/auth/login/{STAFF}"]
    response = await client.post("/api/dev/login", json={"role": "advisor", "id": "me"})
    assert response.status == 404
    assert (await session_of(client))["user"] is None


async def test_the_authorization_request_carries_pkce_state_and_nonce(gateway):
    client, _ = gateway
    query = parse_qs(urlsplit(await start_login(client, CITIZENS)).query)
    assert query["response_type"] == ["code"] and query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43 and len(query["state"][0]) >= 32 and len(query["nonce"][0]) >= 32
    assert query["redirect_uri"] == [str(client.make_url(f"/auth/callback/{CITIZENS}"))]


async def test_a_citizen_logs_in_and_is_kept_under_a_pseudonym(gateway, provider_browser):
    client, database = gateway
    assert await log_in(client, provider_browser, CITIZENS, "borger") == (302, "/")
    user = (await session_of(client))["user"]
    assert user["role"] == "citizen" and user["name"] == "Bente Borger"
    assert user["id"].startswith(f"{CITIZENS}.")
    assert "borger" not in user["id"]


async def test_a_cpr_number_the_provider_sends_is_never_stored(gateway, provider_browser):
    client, database = gateway
    assert await log_in(client, provider_browser, CITIZENS, "borger-cpr") == (302, "/")
    assert (await session_of(client))["user"]["name"] == "Carl Cpr"
    stored = every_stored_value(database)
    assert "Carl Cpr" in stored  # the check below looks where the login was written
    assert "0101901234" not in stored and "010190-1234" not in stored


async def test_an_employer_logs_in_for_the_company_of_the_login(gateway, provider_browser):
    client, database = gateway
    assert await log_in(client, provider_browser, CITIZENS, "virksomhed") == (302, "/")
    user = (await session_of(client))["user"]
    assert user["role"] == "employer"
    with database.engine.connect() as connection:
        cvr = connection.execute(text("SELECT cvr FROM users WHERE external_id = :id"), {"id": user["id"]}).scalar()
    assert cvr is not None and len(cvr) == 8 and cvr.isdigit()


async def test_an_advisor_logs_in_through_the_staff_provider_to_the_workspace(gateway, provider_browser):
    client, _ = gateway
    assert await log_in(client, provider_browser, STAFF, "raadgiver") == (302, "/advisor")
    assert (await session_of(client))["user"]["role"] == "advisor"


@pytest.mark.parametrize("login", ["borger", "medarbejder"])
async def test_a_citizen_or_staff_member_without_the_role_cannot_use_the_staff_login(gateway, provider_browser, login):
    client, _ = gateway
    assert await log_in(client, provider_browser, STAFF, login) == (302, "/")
    body = await session_of(client)
    assert body["user"] is None
    assert body["notice"] == NO_STAFF_ROLE.reason_da
    assert "notice" not in await session_of(client)  # said once


async def test_a_tampered_state_logs_nobody_in_and_a_callback_works_once(gateway, provider_browser):
    client, _ = gateway
    back = await authorize_over_http(provider_browser, await start_login(client, CITIZENS), "borger")
    state = parse_qs(urlsplit(back).query)["state"][0]
    tampered = path_of(back).replace(f"state={state}", f"state={state[:-2]}xy")
    response = await client.get(tampered, allow_redirects=False)
    assert (response.status, response.headers["Location"]) == (302, "/")
    body = await session_of(client)
    assert body["user"] is None and "genkendes" in body["notice"]
    # The real callback still works once; the same one again (a replay) does not.
    assert (await client.get(path_of(back), allow_redirects=False)).status == 302
    assert (await session_of(client))["user"]["role"] == "citizen"
    await client.post("/api/logout", json={})
    await client.get(path_of(back), allow_redirects=False)
    body = await session_of(client)
    assert body["user"] is None and "genkendes" in body["notice"]


async def test_a_callback_for_the_other_provider_is_refused(gateway, provider_browser):
    client, _ = gateway
    back = await authorize_over_http(provider_browser, await start_login(client, CITIZENS), "borger")
    await client.get(path_of(back).replace(f"/auth/callback/{CITIZENS}", f"/auth/callback/{STAFF}"),
                     allow_redirects=False)
    assert (await session_of(client))["user"] is None


async def test_a_cancelled_login_says_so(gateway):
    client, _ = gateway
    state = parse_qs(urlsplit(await start_login(client, CITIZENS)).query)["state"][0]
    await client.get(f"/auth/callback/{CITIZENS}?error=access_denied&state={state}", allow_redirects=False)
    body = await session_of(client)
    assert body["user"] is None and "afbrød" in body["notice"]


async def test_an_unknown_provider_is_not_found(gateway):
    client, _ = gateway
    assert (await client.get("/auth/login/facebook", allow_redirects=False)).status == 404
    assert (await client.get("/auth/callback/facebook?code=x&state=y", allow_redirects=False)).status == 404


async def test_logout_ends_the_login_here_and_sends_the_browser_to_the_providers_logout(gateway, provider_browser):
    client, _ = gateway
    await log_in(client, provider_browser, CITIZENS, "borger")
    response = await client.post("/api/logout", json={})
    body = await response.json()
    assert body["user"] is None
    logout = urlsplit(body["logout_url"])
    query = parse_qs(logout.query)
    assert query["post_logout_redirect_uri"] == [str(client.make_url("/"))]
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{provider_settings_issuer(CITIZENS)}/.well-known/openid-configuration") as discovery:
            assert (await discovery.json())["end_session_endpoint"] == f"{logout.scheme}://{logout.netloc}{logout.path}"
    assert (await session_of(client))["user"] is None
    # The provider's logout page answers for our client and address.
    async with provider_browser.get(body["logout_url"]) as page:
        assert page.status == 200


def provider_settings_issuer(name: str) -> str:
    return oidc_environment(CITIZENS, STAFF)[f"OIDC_{name.upper()}_ISSUER"]


# --- the ID token check on real tokens from the real provider ---

async def real_id_token(tmp_path, provider_name: str, login: str, nonce: str) -> Tuple[OidcClient, str]:
    """An ID token the real provider issued for `login`, requested with `nonce`."""
    provider = next(p for p in provider_settings(tmp_path) if p.name == provider_name)
    redirect_uri = f"http://127.0.0.1:9/auth/callback/{provider_name}"  # never called: we stop at the redirect
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        client = OidcClient(provider, http)
        verifier = generate_token(64)
        url = await client.authorization_url(redirect_uri, generate_token(32), nonce, verifier, "da")
        back = await authorize_over_http(http, url, login)
        code = parse_qs(urlsplit(back).query)["code"][0]
        id_token = await client.exchange_code(code, verifier, redirect_uri)
        jwks = await client.jwks()
    client._jwks = jwks
    return client, id_token


async def test_a_real_token_with_the_right_nonce_is_accepted(tmp_path):
    client, id_token = await real_id_token(tmp_path, CITIZENS, "borger", "the-nonce")
    claims = verify_id_token(id_token, client._jwks, client.provider.issuer, client.provider.client_id, "the-nonce")
    assert claims["name"] == "Bente Borger"


async def test_a_real_token_with_a_wrong_nonce_is_refused(tmp_path):
    client, id_token = await real_id_token(tmp_path, CITIZENS, "borger", "the-nonce")
    with pytest.raises(LoginFailed):
        verify_id_token(id_token, client._jwks, client.provider.issuer, client.provider.client_id, "another-nonce")


async def test_a_real_token_is_refused_once_it_has_expired(tmp_path):
    client, id_token = await real_id_token(tmp_path, CITIZENS, "borger", "n")
    later = time.time() + 2 * 3600
    with pytest.raises(LoginFailed):
        verify_id_token(id_token, client._jwks, client.provider.issuer, client.provider.client_id, "n", now=later)


async def test_a_real_token_from_the_other_issuer_is_refused(tmp_path):
    staff, staff_token = await real_id_token(tmp_path, STAFF, "raadgiver", "n")
    citizens, _ = await real_id_token(tmp_path, CITIZENS, "borger", "n")
    # Checked with the citizens' provider's keys and issuer: refused.
    with pytest.raises(LoginFailed):
        verify_id_token(staff_token, citizens._jwks, citizens.provider.issuer, citizens.provider.client_id, "n")
    # Even with the staff provider's keys, the issuer check alone refuses it.
    with pytest.raises(LoginFailed):
        verify_id_token(staff_token, staff._jwks, citizens.provider.issuer, staff.provider.client_id, "n")
    assert verify_id_token(staff_token, staff._jwks, staff.provider.issuer, staff.provider.client_id, "n")["roles"]

