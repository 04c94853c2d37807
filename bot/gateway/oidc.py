"""OpenID Connect login: the authorization code flow with PKCE, state and nonce, and the ID token's
signature, issuer, audience, expiry and nonce checked with Authlib. One OidcClient per provider."""
from __future__ import annotations

import logging
import time
from typing import Any, Dict, Optional
from urllib.parse import urlencode

import aiohttp
from authlib.jose import JsonWebKey, JsonWebToken
from authlib.jose.errors import JoseError
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from bot.settings import OidcProvider

log = logging.getLogger(__name__)

# Asymmetric algorithms only: "none" and HS256 (which a forger could sign with the public key as the
# shared secret) are never accepted, whatever the token's header says.
ACCEPTED_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
# Clocks of the provider and ours may differ a little.
CLOCK_LEEWAY_SECONDS = 60
DISCOVERY_TTL_SECONDS = 3600
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=15)


class LoginFailed(Exception):
    """The login could not be completed or proved; `kind` says which message the user gets."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


# What the user reads for each kind of failure (Danish, English): never the technical detail.
FAILURE_TEXTS = {
    "state": ("Login-forsøget kunne ikke genkendes. Måske var det for gammelt, eller det blev startet i et andet "
              "vindue. Prøv at logge ind igen.",
              "We could not recognise this login attempt. It may have been too old, or started in another "
              "window. Please log in again."),
    "cancelled": ("Du afbrød login. Du kan logge ind igen, når du vil.",
                  "You cancelled the login. You can log in again whenever you like."),
    "unreachable": ("Login-tjenesten svarer ikke lige nu. Prøv igen om lidt.",
                    "The login service is not answering right now. Please try again shortly."),
    "token": ("Vi kunne ikke bekræfte dit login. Prøv at logge ind igen. Sker det igen, så kontakt jobcentret.",
              "We could not confirm your login. Please log in again. If it happens again, contact the job centre."),
}


def verify_id_token(id_token: str, jwks: Dict[str, Any], issuer: str, client_id: str, nonce: str,
                    now: Optional[float] = None) -> Dict[str, Any]:
    """The claims of an ID token whose signature (by a key of the provider's `jwks`), issuer, audience,
    expiry, issue time and nonce are right; LoginFailed("token") otherwise. `now` is for tests."""
    try:
        claims = JsonWebToken(ACCEPTED_ALGORITHMS).decode(
            id_token, JsonWebKey.import_key_set(jwks),
            claims_options={
                "iss": {"essential": True, "value": issuer},
                "aud": {"essential": True, "value": client_id},
                "sub": {"essential": True},
                "exp": {"essential": True},
                "iat": {"essential": True},
                "nonce": {"essential": True, "value": nonce},
            })
        claims.validate(now=int(now if now is not None else time.time()), leeway=CLOCK_LEEWAY_SECONDS)
    except (JoseError, ValueError) as error:
        raise LoginFailed("token", f"ID token refused: {type(error).__name__}: {error}") from None
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    # With several audiences the token must have been issued to us (OpenID Connect Core 3.1.3.7).
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise LoginFailed("token", "ID token has several audiences and azp is not this client")
    return dict(claims)


class OidcClient:
    """One provider: its discovery document and keys (cached), the authorization address, the code
    exchange and the ID token check."""

    def __init__(self, provider: OidcProvider, http: aiohttp.ClientSession) -> None:
        self.provider = provider
        self._http = http
        self._metadata: Optional[Dict[str, Any]] = None
        self._metadata_at = 0.0
        self._jwks: Optional[Dict[str, Any]] = None

    async def _get_json(self, url: str) -> Dict[str, Any]:
        try:
            async with self._http.get(url, timeout=HTTP_TIMEOUT) as response:
                if response.status != 200:
                    raise LoginFailed("unreachable", f"GET {url} answered {response.status}")
                body = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise LoginFailed("unreachable", f"GET {url}: {type(error).__name__}") from None
        if not isinstance(body, dict):
            raise LoginFailed("unreachable", f"GET {url} did not answer a JSON object")
        return body

    async def metadata(self) -> Dict[str, Any]:
        if self._metadata is None or time.monotonic() - self._metadata_at > DISCOVERY_TTL_SECONDS:
            document = await self._get_json(f"{self.provider.issuer}/.well-known/openid-configuration")
            # A discovery document for another issuer would let that issuer's tokens in.
            if document.get("issuer", "").rstrip("/") != self.provider.issuer:
                raise LoginFailed("unreachable", "the discovery document names another issuer")
            missing = [key for key in ("authorization_endpoint", "token_endpoint", "jwks_uri") if key not in document]
            if missing:
                raise LoginFailed("unreachable", f"the discovery document lacks {', '.join(missing)}")
            self._metadata, self._metadata_at = document, time.monotonic()
            self._jwks = None
        return self._metadata

    async def jwks(self, refresh: bool = False) -> Dict[str, Any]:
        if self._jwks is None or refresh:
            self._jwks = await self._get_json((await self.metadata())["jwks_uri"])
        return self._jwks

    async def authorization_url(self, redirect_uri: str, state: str, nonce: str, code_verifier: str,
                                language: str) -> str:
        endpoint = (await self.metadata())["authorization_endpoint"]
        query = urlencode({
            "response_type": "code", "client_id": self.provider.client_id, "redirect_uri": redirect_uri,
            "scope": self.provider.scopes, "state": state, "nonce": nonce,
            "code_challenge": create_s256_code_challenge(code_verifier), "code_challenge_method": "S256",
            "ui_locales": language,
        })
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"

    async def exchange_code(self, code: str, code_verifier: str, redirect_uri: str) -> str:
        """The ID token the token endpoint gives for `code`."""
        endpoint = (await self.metadata())["token_endpoint"]
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
                "code_verifier": code_verifier}
        auth = aiohttp.BasicAuth(self.provider.client_id, self.provider.client_secret)
        try:
            async with self._http.post(endpoint, data=form, auth=auth, timeout=HTTP_TIMEOUT,
                                       headers={"Accept": "application/json"}) as response:
                body = await response.json(content_type=None)
                status = response.status
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise LoginFailed("unreachable", f"token endpoint: {type(error).__name__}") from None
        if status != 200 or not isinstance(body, dict) or not isinstance(body.get("id_token"), str):
            error = body.get("error") if isinstance(body, dict) else None
            raise LoginFailed("token", f"token endpoint answered {status} ({error or 'no id_token'})")
        return body["id_token"]

    async def verified_claims(self, id_token: str, nonce: str) -> Dict[str, Any]:
        try:
            return verify_id_token(id_token, await self.jwks(), self.provider.issuer, self.provider.client_id, nonce)
        except LoginFailed:
            # The provider may have rolled its keys since we fetched them: one fresh look, then no.
            return verify_id_token(id_token, await self.jwks(refresh=True), self.provider.issuer,
                                   self.provider.client_id, nonce)

    async def logout_url(self, post_logout_redirect_uri: str) -> Optional[str]:
        """Where the browser ends its session at the provider, when the provider has such an address."""
        try:
            endpoint = (await self.metadata()).get("end_session_endpoint")
        except LoginFailed as failure:
            log.warning("provider %s: no logout address (%s)", self.provider.name, failure.detail)
            return None
        if not endpoint:
            return None
        query = urlencode({"client_id": self.provider.client_id, "post_logout_redirect_uri": post_logout_redirect_uri})
        return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
