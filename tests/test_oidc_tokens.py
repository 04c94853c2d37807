"""The ID token check on tokens signed here, for the cases a real provider will not make on request
(alg none, HS256 with the public key, several audiences). The same checks on tokens from a real
provider are in tests/test_oidc_login.py."""
import base64
import hashlib
import hmac
import json
import time

import pytest
from authlib.jose import JsonWebKey, JsonWebToken

from bot.gateway.oidc import LoginFailed, verify_id_token

ISSUER, CLIENT, NONCE = "https://broker.example", "jobassistent", "n-123"
KEY = JsonWebKey.generate_key("RSA", 2048, is_private=True, options={"kid": "k1"})
JWKS = {"keys": [KEY.as_dict(is_private=False)]}


def token(key=KEY, alg="RS256", **overrides) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "abc", "iat": now, "exp": now + 600, "nonce": NONCE}
    claims.update(overrides)
    claims = {name: value for name, value in claims.items() if value is not None}
    return JsonWebToken([alg]).encode({"alg": alg, "kid": "k1"}, claims, key).decode()


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def refused(id_token: str, **kwargs) -> None:
    arguments = {"jwks": JWKS, "issuer": ISSUER, "client_id": CLIENT, "nonce": NONCE}
    arguments.update(kwargs)
    with pytest.raises(LoginFailed) as failure:
        verify_id_token(id_token, **arguments)
    assert failure.value.kind == "token"


def test_a_right_token_gives_its_claims():
    claims = verify_id_token(token(name="Bente"), JWKS, ISSUER, CLIENT, NONCE)
    assert claims["sub"] == "abc" and claims["name"] == "Bente"


def test_wrong_nonce_issuer_audience_or_expiry_are_refused():
    refused(token(), nonce="another nonce")
    refused(token(iss="https://other.example"))
    refused(token(aud="another-client"))
    refused(token(exp=int(time.time()) - 3600))
    refused(token(), now=time.time() + 3600)


def test_missing_claims_are_refused():
    for claim in ("nonce", "exp", "iat", "sub"):
        refused(token(**{claim: None}))


def test_a_token_signed_by_another_key_is_refused():
    other = JsonWebKey.generate_key("RSA", 2048, is_private=True, options={"kid": "k1"})
    refused(token(key=other))


def test_unsigned_and_symmetric_tokens_are_refused():
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "abc", "iat": now, "exp": now + 600, "nonce": NONCE}
    refused(f"{b64({'alg': 'none'})}.{b64(claims)}.")
    # The classic forgery: HS256 "signed" with the provider's public key as the shared secret.
    signing_input = f"{b64({'alg': 'HS256', 'kid': 'k1'})}.{b64(claims)}"
    mac = hmac.new(KEY.as_pem(is_private=False), signing_input.encode(), hashlib.sha256).digest()
    refused(f"{signing_input}.{base64.urlsafe_b64encode(mac).decode().rstrip('=')}")


def test_several_audiences_need_this_client_as_authorised_party():
    refused(token(aud=[CLIENT, "someone-else"]))
    claims = verify_id_token(token(aud=[CLIENT, "someone-else"], azp=CLIENT), JWKS, ISSUER, CLIENT, NONCE)
    assert claims["azp"] == CLIENT


def test_garbage_is_refused_not_crashed_on():
    refused("not a token")
    refused("a.b.c")
