"""The test-only OpenID Connect providers (scripts/oidc-test-provider.sh) do what the app's login needs:
discovery, the authorization code flow with PKCE, state and nonce through their own login and consent
pages, RS256 ID tokens with each test user's claims (checked with Authlib against the issuer's keys),
loopback callbacks on any port, and RP-initiated logout."""
from __future__ import annotations

import random
import re
from typing import Optional, Tuple
from urllib.parse import parse_qs, urlencode, urlsplit

import aiohttp
import pytest
from aiohttp import web
from authlib.common.security import generate_token
from authlib.jose import JsonWebKey, jwt
from authlib.oauth2.auth import ClientAuth
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from stdnum.dk import cvr as cvr_number

from tests.oidc_test_provider import (
    CITIZEN_USERS, SCOPE, STAFF_USERS, authorize_over_http, citizen_issuer, client_id, client_secret,
    log_in_at_provider, log_out_at_provider, log_out_over_http, oidc_environment, staff_issuer,
)

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
OPTIONAL_CLAIMS = {"cpr", "cvr", "organisation", "roles"}


def issuer_of(side: str) -> str:
    return citizen_issuer() if side == "citizen" else staff_issuer()


def any_port() -> int:
    # Nothing listens there: the callback is only looked at, never requested.
    return random.randint(20000, 60000)


@pytest.fixture
async def http():
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                     timeout=aiohttp.ClientTimeout(total=30)) as session:
        yield session


async def discover(http: aiohttp.ClientSession, issuer: str) -> dict:
    async with http.get(issuer + "/.well-known/openid-configuration") as response:
        assert response.status == 200
        return await response.json()


async def key_set(http: aiohttp.ClientSession, discovery: dict) -> dict:
    async with http.get(discovery["jwks_uri"]) as response:
        assert response.status == 200
        return await response.json()


class Request:
    """One authorization request as the app makes it: PKCE S256, state and nonce of its own."""

    def __init__(self, discovery: dict, redirect_uri: str, *, pkce: bool = True):
        self.discovery = discovery
        self.redirect_uri = redirect_uri
        self.verifier = generate_token(64)
        self.state = generate_token(24)
        self.nonce = generate_token(24)
        params = {"response_type": "code", "client_id": client_id(), "redirect_uri": redirect_uri,
                  "scope": SCOPE, "state": self.state, "nonce": self.nonce}
        if pkce:
            params.update(code_challenge=create_s256_code_challenge(self.verifier), code_challenge_method="S256")
        self.url = discovery["authorization_endpoint"] + "?" + urlencode(params)

    def code_from(self, callback: str) -> str:
        assert callback.split("?")[0] == self.redirect_uri
        query = parse_qs(urlsplit(callback).query)
        assert query["state"] == [self.state]
        assert query["iss"] == [self.discovery["issuer"]]
        return query["code"][0]


async def token_request(http: aiohttp.ClientSession, request: Request, code: str, *,
                        verifier: Optional[str] = None, secret: Optional[str] = None) -> Tuple[int, dict]:
    """The token request as Authlib's client sends it (client_secret_basic)."""
    body = urlencode({"grant_type": "authorization_code", "code": code, "redirect_uri": request.redirect_uri,
                      "code_verifier": verifier or request.verifier})
    auth = ClientAuth(client_id(), secret or client_secret(), "client_secret_basic")
    url, headers, body = auth.prepare("POST", request.discovery["token_endpoint"],
                                      {"Content-Type": "application/x-www-form-urlencoded"}, body)
    async with http.post(url, data=body, headers=headers) as response:
        return response.status, await response.json()


async def verified_id_token(http: aiohttp.ClientSession, request: Request, token: dict):
    keys = await key_set(http, request.discovery)
    claims = jwt.decode(
        token["id_token"], JsonWebKey.import_key_set(keys), claims_cls=CodeIDToken,
        claims_options={"iss": {"essential": True, "value": request.discovery["issuer"]},
                        "aud": {"essential": True, "value": client_id()}},
        claims_params={"nonce": request.nonce, "client_id": client_id(), "access_token": token["access_token"]},
    )
    claims.validate()
    assert claims.header["alg"] == "RS256"
    assert claims.header["kid"] in {key["kid"] for key in keys["keys"]}
    return claims


async def log_in(http: aiohttp.ClientSession, issuer: str, login: str, *, host: str = "127.0.0.1",
                 provider_name: str = "mitid") -> Tuple[dict, dict, Request]:
    discovery = await discover(http, issuer)
    request = Request(discovery, f"http://{host}:{any_port()}/auth/callback/{provider_name}")
    code = request.code_from(await authorize_over_http(http, request.url, login))
    status, token = await token_request(http, request, code)
    assert status == 200, token
    assert token["token_type"].lower() == "bearer"
    return dict(await verified_id_token(http, request, token)), token, request


@pytest.mark.parametrize("side", ["citizen", "staff"])
async def test_each_issuer_publishes_its_discovery_document_and_signing_keys(http, side):
    issuer = issuer_of(side)
    discovery = await discover(http, issuer)
    assert discovery["issuer"] == issuer and not issuer.endswith("/")
    for endpoint in ("authorization_endpoint", "token_endpoint", "jwks_uri", "end_session_endpoint"):
        assert discovery[endpoint].startswith(issuer + "/"), endpoint
    assert "S256" in discovery["code_challenge_methods_supported"]
    assert "RS256" in discovery["id_token_signing_alg_values_supported"]
    assert "client_secret_basic" in discovery["token_endpoint_auth_methods_supported"]
    assert "code" in discovery["response_types_supported"]
    assert {"openid", "profile"} <= set(discovery["scopes_supported"])
    assert {"sub", "name"} | OPTIONAL_CLAIMS <= set(discovery["claims_supported"])
    keys = (await key_set(http, discovery))["keys"]
    assert keys and all(key["kty"] == "RSA" and key["kid"] for key in keys)
    assert not any("d" in key or "p" in key for key in keys), "the JWKS must hold public keys only"


async def test_the_two_issuers_sign_with_keys_of_their_own(http):
    citizen = await key_set(http, await discover(http, citizen_issuer()))
    staff = await key_set(http, await discover(http, staff_issuer()))
    assert not {key["n"] for key in citizen["keys"]} & {key["n"] for key in staff["keys"]}


@pytest.mark.parametrize("side, login, expected", [
    *(("citizen", login, claims) for login, claims in CITIZEN_USERS.items()),
    *(("staff", login, claims) for login, claims in STAFF_USERS.items()),
    ("citizen", "en-helt-anden", {"name": "en-helt-anden"}),
])
async def test_a_code_flow_with_pkce_gives_an_id_token_with_the_users_claims(http, side, login, expected):
    claims, token, request = await log_in(http, issuer_of(side), login)
    assert UUID.match(claims["sub"]) and login not in claims["sub"]
    assert claims["nonce"] == request.nonce
    assert claims["aud"] == client_id() or claims["aud"] == [client_id()]
    assert claims["exp"] - claims["iat"] == 600
    assert claims["name"] == expected["name"]
    # Exactly the user's optional claims are there, with the user's values.
    assert {name: claims[name] for name in OPTIONAL_CLAIMS & set(claims)} == \
        {name: expected[name] for name in OPTIONAL_CLAIMS & set(expected)}
    if "cvr" in expected:
        assert cvr_number.is_valid(claims["cvr"])


async def test_the_named_users_are_the_ones_the_app_is_tested_with():
    assert CITIZEN_USERS["borger-cpr"]["cpr"] == "0101901234"
    assert CITIZEN_USERS["virksomhed"]["organisation"] == "Bageriet Hansen ApS"
    assert CITIZEN_USERS["virksomhed2"]["organisation"] == "Café Solsikke"
    assert CITIZEN_USERS["virksomhed"]["cvr"] != CITIZEN_USERS["virksomhed2"]["cvr"]
    assert STAFF_USERS["raadgiver"]["roles"] == STAFF_USERS["raadgiver2"]["roles"] == ["jobraadgiver"]
    assert STAFF_USERS["medarbejder"]["roles"] == [] and "roles" not in STAFF_USERS["borger"]


async def test_the_subject_is_stable_per_login_and_differs_between_the_issuers():
    subjects = []
    for issuer in (citizen_issuer(), citizen_issuer(), staff_issuer()):
        # A new cookie jar each time, so each is a login of its own, not the provider's session.
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            subjects.append((await log_in(http, issuer, "borger"))[0]["sub"])
    assert subjects[0] == subjects[1]
    assert subjects[2] != subjects[0]
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        other = (await log_in(http, citizen_issuer(), "borger-cpr"))[0]["sub"]
    assert other != subjects[0]


@pytest.mark.parametrize("host, provider_name", [("127.0.0.1", "mitid"), ("localhost", "personale"),
                                                 ("localhost", "mitid2")])
async def test_callbacks_on_any_loopback_port_are_allowed(http, host, provider_name):
    claims, _, request = await log_in(http, citizen_issuer(), "borger", host=host, provider_name=provider_name)
    assert claims["name"] == "Bente Borger"
    assert request.redirect_uri.startswith(f"http://{host}:")


@pytest.mark.parametrize("redirect_uri", [
    "http://example.org:8080/auth/callback/mitid",
    "https://127.0.0.1:8080/auth/callback/mitid",
    "http://127.0.0.1:8080/auth/other/mitid",
    "http://127.0.0.1:8080/auth/callback/mitid?next=/",
    "http://127.0.0.1:8080/auth/callback/MitID",
])
async def test_other_callbacks_are_refused_without_sending_the_browser_there(http, redirect_uri):
    request = Request(await discover(http, citizen_issuer()), redirect_uri)
    async with http.get(request.url, allow_redirects=False) as response:
        assert response.status == 400
        assert "redirect_uri" in await response.text()
        assert "Location" not in response.headers


async def test_pkce_is_required_and_the_verifier_checked(http):
    discovery = await discover(http, citizen_issuer())
    without = Request(discovery, f"http://127.0.0.1:{any_port()}/auth/callback/mitid", pkce=False)
    async with http.get(without.url, allow_redirects=False) as response:
        error = parse_qs(urlsplit(response.headers["Location"]).query)
    assert error["error"] == ["invalid_request"] and "PKCE" in error["error_description"][0]

    request = Request(discovery, f"http://127.0.0.1:{any_port()}/auth/callback/mitid")
    code = request.code_from(await authorize_over_http(http, request.url, "borger"))
    status, answer = await token_request(http, request, code, verifier=generate_token(64))
    assert (status, answer["error"]) == (400, "invalid_grant")
    # Only the verifier was wrong: with the request's own the same code is exchanged.
    status, token = await token_request(http, request, code)
    assert status == 200 and token["id_token"]


async def test_a_code_is_good_once_and_only_with_the_client_secret(http):
    discovery = await discover(http, staff_issuer())
    request = Request(discovery, f"http://127.0.0.1:{any_port()}/auth/callback/personale")
    code = request.code_from(await authorize_over_http(http, request.url, "raadgiver"))
    status, answer = await token_request(http, request, code, secret="not-the-secret-" + "x" * 30)
    assert (status, answer["error"]) == (401, "invalid_client")
    status, token = await token_request(http, request, code)
    assert status == 200 and token["id_token"]
    status, answer = await token_request(http, request, code)
    assert (status, answer["error"]) == (400, "invalid_grant")


async def test_rp_initiated_logout_ends_the_login_at_the_provider(http):
    claims, token, request = await log_in(http, staff_issuer(), "raadgiver", provider_name="personale")
    # While logged in at the provider, the next authorization needs no login (single sign-on) ...
    again = Request(request.discovery, request.redirect_uri)
    with pytest.raises(AssertionError, match="did not ask for a login"):
        await authorize_over_http(http, again.url, "raadgiver")

    home = f"http://127.0.0.1:{any_port()}/"
    state = generate_token(16)
    end_session = request.discovery["end_session_endpoint"] + "?" + urlencode(
        {"id_token_hint": token["id_token"], "post_logout_redirect_uri": home, "state": state})
    assert await log_out_over_http(http, end_session) == f"{home}?state={state}"

    # ... and after the logout it asks again, and may be answered with another user.
    after = Request(request.discovery, request.redirect_uri)
    code = after.code_from(await authorize_over_http(http, after.url, "raadgiver2"))
    status, token = await token_request(http, after, code)
    assert status == 200
    assert (await verified_id_token(http, after, token))["name"] == "Ali Rådgiver"


async def test_logout_refuses_a_post_logout_address_off_this_machine(http):
    _, token, request = await log_in(http, citizen_issuer(), "borger")
    end_session = request.discovery["end_session_endpoint"] + "?" + urlencode(
        {"id_token_hint": token["id_token"], "post_logout_redirect_uri": "http://example.org/"})
    async with http.get(end_session, allow_redirects=False) as response:
        assert response.status == 400
        assert "post_logout_redirect_uri" in await response.text()


async def test_the_environment_is_read_by_the_apps_settings(tmp_path):
    from bot.settings import load_settings

    env = {"JOBASSISTENT_VAR_DIR": str(tmp_path), "RASA_TOKEN": "t", "SESSION_SECRET": "s",
           "ACTION_SERVER_TOKEN": "a", **oidc_environment()}
    settings = load_settings(env)
    mitid, staff = settings.oidc_provider("mitid"), settings.oidc_provider("personale")
    assert (mitid.issuer, mitid.client_id, mitid.client_secret) == (citizen_issuer(), client_id(), client_secret())
    assert mitid.roles == ("citizen", "employer") and mitid.cvr_claim == "cvr"
    assert staff.issuer == staff_issuer() and staff.roles == ("advisor",)
    assert staff.role_claim == "roles" and staff.role_for_value == {"jobraadgiver": "advisor"}
    assert mitid.scopes == staff.scopes == SCOPE


@pytest.mark.browser
async def test_a_browser_logs_in_and_out_at_the_provider_pages(http):
    """log_in_at_provider and log_out_at_provider in Debian's Chromium, back to a small callback server."""
    import os
    from playwright.async_api import async_playwright

    executable = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if not os.path.exists(executable):
        pytest.fail("Chromium is missing: run the tests with `make test`, which installs it.")

    async def page_of(request: web.Request) -> web.Response:
        return web.Response(text=f"back at the app: {request.path}", content_type="text/plain")

    app = web.Application()
    app.router.add_get("/auth/callback/mitid", page_of)
    app.router.add_get("/", page_of)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        request = Request(await discover(http, citizen_issuer()), f"http://127.0.0.1:{port}/auth/callback/mitid")
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=executable, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync"])
            try:
                page = await browser.new_page()
                await page.goto(request.url)
                assert await page.locator('input[name="login"]').is_visible()
                await log_in_at_provider(page, "virksomhed")
                assert "back at the app: /auth/callback/mitid" in await page.inner_text("body")
                code = request.code_from(page.url)
                status, token = await token_request(http, request, code)
                assert status == 200
                claims = await verified_id_token(http, request, token)
                assert (claims["name"], claims["cvr"]) == ("Vera Virksomhed", CITIZEN_USERS["virksomhed"]["cvr"])

                end_session = request.discovery["end_session_endpoint"] + "?" + urlencode(
                    {"id_token_hint": token["id_token"], "post_logout_redirect_uri": f"http://127.0.0.1:{port}/",
                     "state": "s1"})
                await page.goto(end_session)
                await log_out_at_provider(page)
                assert page.url == f"http://127.0.0.1:{port}/?state=s1"
                # The provider forgot the login: the next authorization shows its login form again.
                await page.goto(Request(request.discovery, request.redirect_uri).url)
                assert await page.locator('input[name="login"]').is_visible()
            finally:
                await browser.close()
    finally:
        await runner.cleanup()
