"""Logging in for real at the test-only OpenID Connect providers that scripts/oidc-test-provider.sh starts
(scripts/oidc-test-provider/provider.mjs, on the npm package oidc-provider): the issuers' addresses, the
app's settings for them, and the providers' own login and consent pages, driven over HTTP or in a browser.

Two issuers, one confidential client `jobassistent` (client_secret_basic) on each, PKCE S256 required,
ID tokens RS256 with every claim below when the scope is "openid profile". Type a login from the tables
(any password will do); any other login gets only sub and name = the login. `sub` is a UUID per issuer
and login: stable, and never the login itself.
"""
from __future__ import annotations

import os
from html.parser import HTMLParser
from typing import Dict, List, Optional, Tuple
from urllib.parse import parse_qs, urljoin, urlsplit

import aiohttp
import pytest

# What each login gets besides sub, at the citizens' and employers' issuer (like a MitID broker) ...
CITIZEN_USERS: Dict[str, dict] = {
    "borger": {"name": "Bente Borger"},
    # A provider that sends a CPR number even so: the app must never store it.
    "borger-cpr": {"name": "Carl Cpr", "cpr": "0101901234"},
    "virksomhed": {"name": "Vera Virksomhed", "cvr": "31234565", "organisation": "Bageriet Hansen ApS"},
    "virksomhed2": {"name": "Viggo Virksomhed", "cvr": "42871249", "organisation": "Café Solsikke"},
}
# ... and at the staff's issuer (like the municipality's Entra ID).
STAFF_USERS: Dict[str, dict] = {
    "raadgiver": {"name": "Rikke Rådgiver", "roles": ["jobraadgiver"]},
    "raadgiver2": {"name": "Ali Rådgiver", "roles": ["jobraadgiver"]},
    "medarbejder": {"name": "Mads Medarbejder", "roles": []},
    "borger": {"name": "Bente Borger"},
}
SCOPE = "openid profile"
PASSWORD = "hvad-som-helst"  # the providers take any password

_REDIRECTS = (301, 302, 303, 307, 308)


def _env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        pytest.fail(f"{name} is not set: run with make test / scripts/test-services.sh "
                    "(then `source var/test-services.env`), which start the test OpenID Connect providers.")
    return value


def citizen_issuer() -> str:
    """The citizens' and employers' issuer, http://127.0.0.1:9411 (no trailing slash)."""
    return _env("TEST_OIDC_CITIZEN_ISSUER")


def staff_issuer() -> str:
    """The staff's issuer, http://127.0.0.1:9412 (no trailing slash)."""
    return _env("TEST_OIDC_STAFF_ISSUER")


def client_id() -> str:
    return _env("TEST_OIDC_CLIENT_ID")


def client_secret() -> str:
    return _env("TEST_OIDC_CLIENT_SECRET")


def oidc_environment(citizen_name: str = "mitid", staff_name: str = "personale") -> Dict[str, str]:
    """The OIDC_* variables (bot/settings.py) that point the app at both test providers: `citizen_name`
    for citizens and employers (CVR in claim `cvr`), `staff_name` for staff (role claim `roles`, whose
    value `jobraadgiver` means advisor). PUBLIC_URL, which the callbacks are built from, is the caller's."""
    env = {"OIDC_PROVIDERS": f"{citizen_name},{staff_name}"}
    for name, issuer, roles in ((citizen_name, citizen_issuer(), "citizen,employer"),
                                (staff_name, staff_issuer(), "advisor")):
        prefix = f"OIDC_{name.upper()}_"
        env.update({
            prefix + "ISSUER": issuer,
            prefix + "CLIENT_ID": client_id(),
            prefix + "CLIENT_SECRET": client_secret(),
            prefix + "ROLES": roles,
            prefix + "SCOPES": SCOPE,
            prefix + "NAME_CLAIM": "name",
        })
    env[f"OIDC_{citizen_name.upper()}_CVR_CLAIM"] = "cvr"
    env[f"OIDC_{staff_name.upper()}_ROLE_CLAIM"] = "roles"
    env[f"OIDC_{staff_name.upper()}_ROLE_VALUES"] = "jobraadgiver=advisor"
    return env


def _origin(url: str) -> Tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


class _Forms(HTMLParser):
    """The forms of a page: action, method and the values of their named inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: List[dict] = []
        self._open: Optional[dict] = None

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._open = {"id": attributes.get("id", ""), "action": attributes.get("action", ""),
                          "method": (attributes.get("method") or "get").upper(), "fields": {}}
            self.forms.append(self._open)
        elif tag == "input" and self._open is not None and attributes.get("name"):
            self._open["fields"][attributes["name"]] = attributes.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = None


def _forms(html: str) -> List[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def _shown(html: str, limit: int = 600) -> str:
    """A page's text, shortened, for failure messages."""
    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: List[str] = []
            self._skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("style", "script"):
                self._skip += 1

        def handle_endtag(self, tag):
            if tag in ("style", "script") and self._skip:
                self._skip -= 1

        def handle_data(self, data):
            if not self._skip and data.strip():
                self.parts.append(data.strip())

    text = Text()
    text.feed(html)
    return " ".join(text.parts)[:limit]


def _check_cookie_jar(http: aiohttp.ClientSession, url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host.replace(".", "").isdigit() and not getattr(http.cookie_jar, "_unsafe", True):
        raise AssertionError("The provider is at an IP address, whose cookies aiohttp's default cookie jar "
                             "drops: make the session with aiohttp.CookieJar(unsafe=True).")


async def authorize_over_http(http: aiohttp.ClientSession, authorization_url: str, login: str,
                              password: str = PASSWORD) -> str:
    """Goes through the provider's own pages as a browser would, with plain HTTP: GET the authorization
    URL, the login form (fields login and password, button "Sign-in"), then the consent form (button
    "Continue"); returns the redirect back to the client (its redirect_uri with code, state and iss)
    without requesting it. `http` keeps the provider's cookies between the steps; it must start without
    a login session at this provider (else no login form comes, and this fails)."""
    _check_cookie_jar(http, authorization_url)
    provider = _origin(authorization_url)
    url, method, data = authorization_url, "GET", None
    asked_for_login = False
    for _ in range(20):
        async with http.request(method, url, data=data, allow_redirects=False) as response:
            status, location, body = response.status, response.headers.get("Location"), await response.text()
        if status in _REDIRECTS and location:
            target = urljoin(url, location)
            if _origin(target) != provider:
                query = parse_qs(urlsplit(target).query)
                if "error" in query:
                    raise AssertionError(f"The provider sent back an error: {query['error'][0]}: "
                                         f"{query.get('error_description', [''])[0]} ({target})")
                if not asked_for_login:
                    raise AssertionError(f"The provider did not ask for a login: this cookie jar still has a "
                                         f"login session at {authorization_url.split('?')[0]}. Use a new one.")
                return target
            url, method, data = target, "GET", None
            continue
        if status != 200:
            raise AssertionError(f"{url.split('?')[0]} answered {status}: {_shown(body)}")
        forms = {form["fields"].get("prompt"): form for form in _forms(body)}
        if "login" in forms:
            if asked_for_login:
                raise AssertionError(f"The provider asked for the login again: {_shown(body)}")
            asked_for_login = True
            form = forms["login"]
            data = {**form["fields"], "login": login, "password": password}
        elif "consent" in forms:
            form = forms["consent"]
            data = dict(form["fields"])
        else:
            raise AssertionError(f"Not the provider's login or consent page at {url}: {_shown(body)}")
        url, method = urljoin(url, form["action"]), form["method"]
    raise AssertionError("The provider never sent the browser back to the client")


async def log_out_over_http(http: aiohttp.ClientSession, end_session_url: str) -> str:
    """RP-initiated logout with plain HTTP: GET the end_session_endpoint URL the app made (id_token_hint,
    post_logout_redirect_uri, state), answer the provider's "Do you want to sign-out" page with its
    "Yes, sign me out" button; returns where the provider sends the browser afterwards (the
    post_logout_redirect_uri with state) without requesting it, or the provider's own "Sign-out Success"
    address when the app gave no post_logout_redirect_uri."""
    _check_cookie_jar(http, end_session_url)
    async with http.get(end_session_url, allow_redirects=False) as response:
        status, body = response.status, await response.text()
    if status != 200:
        raise AssertionError(f"{end_session_url.split('?')[0]} answered {status}: {_shown(body)}")
    form = next((form for form in _forms(body) if "xsrf" in form["fields"]), None)
    if form is None:
        raise AssertionError(f"Not the provider's logout page: {_shown(body)}")
    # Without a login session the provider posts the form by script; with one, a person presses "Yes".
    data = {**form["fields"], "logout": "yes"}
    async with http.post(urljoin(end_session_url, form["action"]), data=data, allow_redirects=False) as response:
        status, location, body = response.status, response.headers.get("Location"), await response.text()
    if status not in _REDIRECTS or not location:
        raise AssertionError(f"The provider's logout answered {status}: {_shown(body)}")
    return urljoin(end_session_url, location)


async def log_in_at_provider(page, login: str, password: str = PASSWORD, timeout_ms: float = 15_000) -> None:
    """The same as authorize_over_http in a browser: `page` (Playwright's async API) is at the provider's
    login page. Fills login and password, presses "Sign-in", then "Continue" on the consent page, and
    returns when the browser has left the provider (back at the app, which then has the page)."""
    await page.wait_for_load_state("domcontentloaded")
    provider = _origin(page.url)
    asked_for_login = False
    while _origin(page.url) == provider:
        before = page.url
        if await page.locator('form input[name="login"]').count():
            if asked_for_login:
                raise AssertionError(f"The provider asked for the login again: {await page.inner_text('body')}")
            asked_for_login = True
            await page.fill('input[name="login"]', login)
            await page.fill('input[name="password"]', password)
            await page.click('button[type="submit"]:has-text("Sign-in")', timeout=timeout_ms)
        elif await page.locator('form:has(input[name="prompt"][value="consent"]) button').count():
            await page.click('button[type="submit"]:has-text("Continue")', timeout=timeout_ms)
        else:
            text = (await page.inner_text("body"))[:600]
            raise AssertionError(f"Not the provider's login or consent page at {page.url}: {text}")
        await page.wait_for_url(lambda url: url != before, wait_until="domcontentloaded", timeout=timeout_ms)
    if not asked_for_login:
        raise AssertionError("The provider did not ask for a login: the browser still had a login session there.")


async def log_out_at_provider(page, timeout_ms: float = 15_000) -> None:
    """In a browser at the provider's "Do you want to sign-out" page (after the app sent it to the
    end_session_endpoint): presses "Yes, sign me out" and returns when the browser has left that page
    (to the post_logout_redirect_uri, or the provider's "Sign-out Success" page)."""
    await page.wait_for_load_state("domcontentloaded")
    before = page.url
    await page.click('button[name="logout"][value="yes"]', timeout=timeout_ms)
    await page.wait_for_url(lambda url: url != before, wait_until="domcontentloaded", timeout=timeout_ms)
