"""Who a provider's login is: role, pseudonymous id, name and CVR from the ID token's claims."""
import pytest

from bot.rules.login_claims import (
    BAD_CVR, BUSINESSES_ONLY, NO_STAFF_ROLE, NO_SUBJECT, NOT_FOR_BUSINESSES, LoginRefused, identity_from_claims,
    pseudonymous_id,
)
from bot.settings import OidcProvider, load_settings

KEY = b"k" * 32
MITID = OidcProvider(name="mitid", issuer="https://broker.example", client_id="c", client_secret="s",
                     roles=("citizen", "employer"), cvr_claim="cvr")
STAFF = OidcProvider(name="personale", issuer="https://login.example/tenant", client_id="c", client_secret="s",
                     roles=("advisor",), role_claim="roles", role_values=(("jobraadgiver", "advisor"),))
CITIZENS_ONLY = OidcProvider(name="borger", issuer="https://broker.example", client_id="c", client_secret="s",
                             roles=("citizen",), cvr_claim="cvr")
BUSINESSES = OidcProvider(name="erhverv", issuer="https://broker.example", client_id="c", client_secret="s",
                          roles=("employer",), cvr_claim="cvr")


def refused_with(expected: LoginRefused, provider: OidcProvider, claims: dict) -> None:
    with pytest.raises(LoginRefused) as refused:
        identity_from_claims(provider, claims, KEY)
    assert (refused.value.reason_da, refused.value.reason_en) == (expected.reason_da, expected.reason_en)


def test_a_citizen_is_kept_under_a_keyed_pseudonym_never_the_subject_or_a_cpr_number():
    claims = {"sub": "0101901234", "name": "Carl Cpr", "cpr": "0101901234"}
    identity = identity_from_claims(MITID, claims, KEY)
    assert identity.role == "citizen" and identity.name == "Carl Cpr" and identity.cvr is None
    assert "0101901234" not in identity.external_id
    assert identity.external_id.startswith("mitid.") and len(identity.external_id) <= 64
    # The same person through the same provider is the same user at the next login.
    assert identity_from_claims(MITID, claims, KEY).external_id == identity.external_id
    # Without the installation's key, the id cannot be computed from a guessed CPR number.
    assert identity_from_claims(MITID, claims, b"other key" * 4).external_id != identity.external_id


def test_the_same_subject_at_another_issuer_is_another_user():
    other_broker = OidcProvider(name="mitid", issuer="https://other-broker.example", client_id="c",
                                client_secret="s", roles=("citizen",))
    assert pseudonymous_id("mitid", MITID.issuer, "abc", KEY) != pseudonymous_id("mitid", other_broker.issuer, "abc", KEY)


def test_a_cpr_number_in_the_name_claim_is_not_kept():
    identity = identity_from_claims(MITID, {"sub": "x", "name": "Bente 010190-1234"}, KEY)
    assert "1234" not in identity.name and "Bente" in identity.name


def test_a_name_from_given_and_family_name_when_there_is_no_name_claim():
    assert identity_from_claims(MITID, {"sub": "x", "given_name": "Bente", "family_name": "Borger"}, KEY).name == \
        "Bente Borger"


def test_a_business_login_is_an_employer_for_the_company_of_its_cvr():
    identity = identity_from_claims(MITID, {"sub": "y", "name": "Vera", "cvr": "1015 0817"}, KEY)
    assert (identity.role, identity.cvr) == ("employer", "10150817")


def test_a_business_login_with_an_invalid_cvr_is_refused():
    refused_with(BAD_CVR, MITID, {"sub": "y", "cvr": "12345678"})


def test_a_business_login_where_only_citizens_may_log_in_is_refused():
    refused_with(NOT_FOR_BUSINESSES, CITIZENS_ONLY, {"sub": "y", "cvr": "10150817"})


def test_a_personal_login_where_only_businesses_may_log_in_is_refused():
    refused_with(BUSINESSES_ONLY, BUSINESSES, {"sub": "y"})


def test_staff_get_the_role_their_claim_maps_to():
    identity = identity_from_claims(STAFF, {"sub": "z", "name": "Rikke", "roles": ["andet", "jobraadgiver"]}, KEY)
    assert identity.role == "advisor"
    # Entra ID and others may send the roles as one space-separated string.
    assert identity_from_claims(STAFF, {"sub": "z", "roles": "jobraadgiver"}, KEY).role == "advisor"


def test_a_citizen_or_a_staff_member_without_the_role_gets_no_staff_login():
    refused_with(NO_STAFF_ROLE, STAFF, {"sub": "z", "name": "Bente Borger"})
    refused_with(NO_STAFF_ROLE, STAFF, {"sub": "z", "roles": ["medarbejder"]})


def test_the_citizens_provider_cannot_make_anyone_an_advisor():
    citizen_side = OidcProvider(name="mitid", issuer="https://broker.example", client_id="c", client_secret="s",
                                roles=("citizen",), role_values=(("jobraadgiver", "citizen"),))
    assert identity_from_claims(citizen_side, {"sub": "z", "roles": ["jobraadgiver", "advisor"]}, KEY).role == \
        "citizen"


def test_a_token_without_a_subject_is_refused():
    refused_with(NO_SUBJECT, MITID, {"name": "Nobody"})
    refused_with(NO_SUBJECT, MITID, {"sub": "  "})


# --- the provider settings ---

def provider_env(tmp_path, **extra):
    env = {"JOBASSISTENT_VAR_DIR": str(tmp_path), "OIDC_PROVIDERS": "mitid",
           "OIDC_MITID_ISSUER": "https://broker.example/", "OIDC_MITID_CLIENT_ID": "jobassistent",
           "OIDC_MITID_CLIENT_SECRET": "secret", "OIDC_MITID_ROLES": "citizen,employer", "OIDC_MITID_CVR_CLAIM": "cvr"}
    env.update(extra)
    return env


def test_providers_are_read_from_the_environment(tmp_path):
    settings = load_settings(provider_env(tmp_path, OIDC_PROVIDERS="mitid,personale",
                                          OIDC_PERSONALE_ISSUER="https://login.example/t/v2.0",
                                          OIDC_PERSONALE_CLIENT_ID="a", OIDC_PERSONALE_CLIENT_SECRET="b",
                                          OIDC_PERSONALE_ROLES="advisor",
                                          OIDC_PERSONALE_ROLE_VALUES="Jobraadgiver=advisor"))
    mitid, staff = settings.oidc_providers
    assert mitid.issuer == "https://broker.example" and mitid.roles == ("citizen", "employer")
    assert staff.role_for_value == {"Jobraadgiver": "advisor"} and staff.label_da == "Log ind som medarbejder"
    assert settings.oidc_provider("personale") is staff and settings.oidc_provider("nope") is None


@pytest.mark.parametrize("change, named", [
    ({"OIDC_MITID_CLIENT_SECRET": ""}, "OIDC_MITID_CLIENT_SECRET"),
    ({"OIDC_MITID_ROLES": "citizen,advisor"}, "not both"),
    ({"OIDC_MITID_ROLES": "citizen,king"}, "unknown role king"),
    ({"OIDC_MITID_CVR_CLAIM": ""}, "OIDC_MITID_CVR_CLAIM"),
    ({"OIDC_MITID_ROLE_VALUES": "x=advisor"}, "OIDC_MITID_ROLE_VALUES"),
    ({"OIDC_MITID_ISSUER": "broker.example"}, "https://"),
    ({"OIDC_PROVIDERS": "MitID"}, "lower-case"),
    ({"OIDC_PROVIDERS": "mitid,mitid"}, "twice"),
])
def test_a_provider_setting_that_is_missing_or_wrong_is_named(tmp_path, change, named):
    with pytest.raises(ValueError, match=named):
        load_settings(provider_env(tmp_path, **change))
