"""Who a login through an OpenID Connect provider is: role, pseudonymous id, name and, for an
employer, the company's CVR number; read from the ID token's claims. No Rasa, no web: pure rules."""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any, Mapping, Optional, Tuple

from stdnum.dk import cvr as cvr_number

from bot.privacy import redact_cpr_numbers
from bot.settings import OidcProvider

MAX_NAME_CHARS = 100


@dataclass(frozen=True)
class LoginIdentity:
    role: str
    external_id: str
    name: str
    cvr: Optional[str] = None


class LoginRefused(Exception):
    """The provider vouched for someone this service cannot let in (in Danish and English)."""

    def __init__(self, reason_da: str, reason_en: str) -> None:
        super().__init__(reason_en)
        self.reason_da = reason_da
        self.reason_en = reason_en


NO_STAFF_ROLE = LoginRefused(
    "Din konto har ikke adgang til Jobassistentens arbejdsområde. Spørg din leder, hvis du skal have adgang. "
    "Er du borger eller virksomhed, så brug knappen «Log ind med MitID».",
    "Your account has no access to Jobassistent's workspace. Ask your manager if you need access. "
    "If you are a citizen or a business, use the «Log in with MitID» button.")
NOT_FOR_BUSINESSES = LoginRefused(
    "Du har logget ind med en erhvervskonto, men her kan kun borgere logge ind. Log ind med dit private MitID.",
    "You logged in with a business account, but only citizens can log in here. Log in with your personal MitID.")
BAD_CVR = LoginRefused(
    "Dit erhvervslogin havde ikke et gyldigt CVR-nummer med, så vi kan ikke vide, hvilken virksomhed du "
    "logger ind for. Prøv igen, eller kontakt jobcentret.",
    "Your business login did not carry a valid CVR number, so we cannot tell which company you log in for. "
    "Please try again, or contact the job centre.")
BUSINESSES_ONLY = LoginRefused(
    "Her logger virksomheder ind med MitID Erhverv. Er du borger, så log ind med dit private MitID.",
    "Businesses log in here with MitID Erhverv. If you are a citizen, log in with your personal MitID.")
NO_SUBJECT = LoginRefused(
    "Login-tjenesten sendte ikke, hvem du er. Prøv igen om lidt.",
    "The login service did not say who you are. Please try again shortly.")


def pseudonymous_id(provider_name: str, issuer: str, subject: str, key: bytes) -> str:
    """The id a user is kept under: a keyed hash of the provider's subject, never the subject itself.

    Some brokers' subjects are, or can be traced to, a CPR number; and a CPR number has so few possible
    values that a plain hash of it is guessed in minutes. With the key (a secret of the installation)
    the id cannot be turned back, yet the same person through the same provider always gets the same id.
    """
    digest = hmac.new(key, f"{issuer}\x00{subject}".encode(), hashlib.sha256).hexdigest()
    return f"{provider_name}.{digest[:40]}"


def _claim_values(claims: Mapping[str, Any], name: str) -> Tuple[str, ...]:
    value = claims.get(name)
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, (list, tuple)):
        return tuple(str(item) for item in value)
    return ()


def display_name(claims: Mapping[str, Any], name_claim: str) -> str:
    name = claims.get(name_claim)
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get(key) for key in ("given_name", "family_name")]
        name = " ".join(part for part in parts if isinstance(part, str) and part.strip())
    return redact_cpr_numbers(name.strip())[0][:MAX_NAME_CHARS]


def identity_from_claims(provider: OidcProvider, claims: Mapping[str, Any], subject_key: bytes) -> LoginIdentity:
    """The user a verified ID token names. Raises LoginRefused when the provider may not grant the role
    the claims ask for (a citizen at the staff login, a staff member without a role, a business login
    without a valid CVR). A CPR claim, if the provider sends one, is never read."""
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject.strip():
        raise NO_SUBJECT
    external_id = pseudonymous_id(provider.name, provider.issuer, subject, subject_key)
    name = display_name(claims, provider.name_claim)
    company_cvr = claims.get(provider.cvr_claim) if provider.cvr_claim else None
    if company_cvr not in (None, ""):
        if "employer" not in provider.roles:
            raise NOT_FOR_BUSINESSES
        compact = cvr_number.compact(str(company_cvr))
        if not cvr_number.is_valid(compact):
            raise BAD_CVR
        return LoginIdentity("employer", external_id, name, compact)
    for value in _claim_values(claims, provider.role_claim):
        role = provider.role_for_value.get(value)
        if role is not None and role in provider.roles:
            return LoginIdentity(role, external_id, name)
    if "citizen" in provider.roles:
        return LoginIdentity("citizen", external_id, name)
    raise BUSINESSES_ONLY if "employer" in provider.roles else NO_STAFF_ROLE
