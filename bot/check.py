"""The configuration check: `python -m bot.check` names every missing or unsafe setting of the
production profile (JOBASSISTENT_PROFILE=production) before anything starts.

The launcher runs the same check (start_refusal) and will not start production with an error in it.
In any profile it refuses the development login together with real (OIDC) login. Messages are in
English, for the operators who read them.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from ipaddress import ip_network
from typing import Iterable, List, Mapping, Optional, Tuple
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.rules.retention import load_retention
from bot.settings import TRUE_WORDS, OidcProvider, Settings, load_settings

ERROR = "error"
WARNING = "warning"
# Test-only: lets the OIDC issuers and PUBLIC_URL be plain http:// when their host is this machine's
# loopback address, as with the local test OpenID provider. Never set it for a municipality.
LOOPBACK_HTTP_OVERRIDE = "ALLOW_INSECURE_LOOPBACK_HTTP"
SECRET_SETTINGS = ("SESSION_SECRET", "RASA_TOKEN", "ACTION_SERVER_TOKEN", "SUBJECT_KEY")
MIN_SECRET_CHARS = 32
# Issued by the provider, not chosen by us; anything shorter is guessable.
MIN_CLIENT_SECRET_CHARS = 16
MAKE_A_SECRET = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
# Secrets that must never change once the bot is in use.
KEEP_FOREVER = {"SUBJECT_KEY": " and keep it for good: logins are stored under ids made with it, so a new key "
                               "cuts every user off from their earlier records."}
ANY_ADDRESS_WORDS = {"*", "any", "all"}
LISTEN_EVERYWHERE = {"0.0.0.0", "::", ""}


@dataclass(frozen=True)
class Problem:
    """One missing or unsafe setting: the variable, what is wrong and what to do."""
    setting: str
    message: str
    severity: str = ERROR
    # Refuses a start in every profile, not only in production (a conflict, a setting that cannot load).
    every_profile: bool = False

    def __str__(self) -> str:
        return f"{self.severity.upper():<7} {self.setting}: {self.message}"


def login_conflict(settings: Settings) -> Optional[Problem]:
    """The development login next to real login: refused in every profile, because the development
    login lets anybody be anybody and must be impossible once real login is configured."""
    if not (settings.dev_login and settings.oidc_providers):
        return None
    names = ", ".join(provider.name for provider in settings.oidc_providers)
    return Problem("DEV_LOGIN", f"is on while OIDC_PROVIDERS ({names}) configures real login; the two never "
                   "run together. Remove DEV_LOGIN (for `make run` with real login: DEV_LOGIN=0 make run), "
                   "or remove OIDC_PROVIDERS to try the bot with the development login.", ERROR, every_profile=True)


def problems(settings: Settings, environ: Mapping[str, str]) -> List[Problem]:
    """Every setting that is missing or unsafe for the production profile, whatever profile `settings`
    is in. `environ` is what the settings were read from: secrets must be set there explicitly."""
    allow_http = _flag(environ, LOOPBACK_HTTP_OVERRIDE)
    return [*_login_problems(settings, allow_http), *_storage_problems(settings, environ),
            *_secret_problems(environ), *_public_address_problems(settings, allow_http),
            *_network_problems(settings), *_operation_problems(settings, allow_http, environ)]


def check(environ: Mapping[str, str]) -> Tuple[str, List[Problem]]:
    """The profile and every problem for production. Settings that cannot be read are a problem too,
    reported with what load_settings said rather than as a traceback."""
    profile = (environ.get("JOBASSISTENT_PROFILE") or "development").strip().lower()
    try:
        return profile, problems(_load(environ), environ)
    except ValueError as error:
        found = [Problem(_setting_named_in(str(error)), str(error), ERROR, every_profile=True)]
    # A provider that cannot be read should not hide the rest: look again without the OIDC settings.
    without_oidc = {name: value for name, value in environ.items() if not name.startswith("OIDC_")}
    if len(without_oidc) == len(environ):
        return profile, found
    try:
        rest = problems(_load(without_oidc), environ)
    except ValueError:
        return profile, found
    return profile, found + [problem for problem in rest if not problem.setting.startswith("OIDC_")]


def blocking(profile: str, found: Iterable[Problem]) -> List[Problem]:
    """The problems that refuse a start in `profile`: in production every error; otherwise only those
    that hold in every profile."""
    return [problem for problem in found if problem.severity == ERROR
            and (profile == "production" or problem.every_profile)]


def start_refusal(environ: Mapping[str, str]) -> Optional[str]:
    """What the launcher prints when it must not start with these settings, or None."""
    profile, found = check(environ)
    refused = blocking(profile, found)
    if not refused:
        return None
    return "\n".join([f"Refusing to start (profile {profile}); fix these settings first:",
                      *map(str, refused), "`python -m bot.check` lists every problem, warnings too."])


def _load(environ: Mapping[str, str]) -> Settings:
    # Stand-ins keep load_settings from making var/secrets.json: the check writes nothing.
    stand_ins = {name: environ.get(name) or "not-set" for name in SECRET_SETTINGS}
    return load_settings({**environ, **stand_ins})


def _setting_named_in(message: str) -> str:
    found = re.search(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b", message)
    return found.group(0) if found else "settings"


def _flag(environ: Mapping[str, str], name: str) -> bool:
    return (environ.get(name) or "").strip().lower() in TRUE_WORDS


def _is_loopback(host: Optional[str]) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ip_network(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _login_problems(settings: Settings, allow_http: bool) -> List[Problem]:
    found = []
    if settings.dev_login:
        found.append(login_conflict(settings) or Problem(
            "DEV_LOGIN", "is on: anybody could log in as any citizen, employer or advisor without MitID. "
            "Remove DEV_LOGIN from the environment (or set DEV_LOGIN=0)."))
    providers = settings.oidc_providers
    if not providers:
        found.append(Problem("OIDC_PROVIDERS", "is not set: production needs real login. Name the providers, "
                             "e.g. OIDC_PROVIDERS=mitid,personale, and give each OIDC_<NAME>_ISSUER, _CLIENT_ID, "
                             "_CLIENT_SECRET and _ROLES (see deploy/production.env.example)."))
        return found
    roles = {role for provider in providers for role in provider.roles}
    if "citizen" not in roles:
        found.append(Problem("OIDC_PROVIDERS", "no provider gives the citizen role, so citizens cannot log in. "
                             "Set OIDC_<NAME>_ROLES=citizen,employer on the MitID broker's provider."))
    if "advisor" not in roles:
        found.append(Problem("OIDC_PROVIDERS", "no provider gives the advisor role, so staff cannot log in. "
                             "Add the municipality's staff login (e.g. Entra ID) with OIDC_<NAME>_ROLES=advisor."))
    if "employer" not in roles:
        found.append(Problem("OIDC_PROVIDERS", "no provider gives the employer role, so employers cannot post "
                             "small jobs. Add employer to the MitID broker's OIDC_<NAME>_ROLES (with "
                             "OIDC_<NAME>_CVR_CLAIM) if the job centre takes postings.", WARNING))
    for provider in providers:
        found.extend(_provider_problems(provider, allow_http))
    return found


def _provider_problems(provider: OidcProvider, allow_http: bool) -> List[Problem]:
    prefix = f"OIDC_{provider.name.upper()}_"
    found = []
    issuer = urlsplit(provider.issuer)
    if not issuer.hostname:
        found.append(Problem(prefix + "ISSUER", f"'{provider.issuer}' names no host. Use the provider's "
                             "https:// address, e.g. https://login.microsoftonline.com/<tenant-id>/v2.0."))
    elif issuer.scheme != "https" and not (allow_http and _is_loopback(issuer.hostname)):
        found.append(Problem(prefix + "ISSUER", f"is {provider.issuer}: logins and their tokens must travel over "
                             "https. Use the provider's https:// address."))
    if len(provider.client_secret) < MIN_CLIENT_SECRET_CHARS:
        found.append(Problem(prefix + "CLIENT_SECRET", f"has {len(provider.client_secret)} characters: a secret "
                             f"this short can be guessed. Have the provider issue one of at least "
                             f"{MIN_CLIENT_SECRET_CHARS} characters."))
    if "openid" not in provider.scopes.split():
        found.append(Problem(prefix + "SCOPES", f"is '{provider.scopes}': it must include openid, or the "
                             f"provider sends no ID token. Set e.g. {prefix}SCOPES=openid profile."))
    return found


def _storage_problems(settings: Settings, environ: Mapping[str, str]) -> List[Problem]:
    found = []
    if not (environ.get("DATABASE_URL") or "").strip():
        found.append(Problem("DATABASE_URL", "is not set: production keeps its data on PostgreSQL. Set "
                             "DATABASE_URL=postgresql://jobassistent:PASSWORD@HOST:5432/jobassistent."))
    else:
        try:
            backend = make_url(settings.database_url).get_backend_name()
        except ArgumentError:
            backend = None
        if backend is None:
            found.append(Problem("DATABASE_URL", "is not a database URL. Use the form "
                                 "postgresql://jobassistent:PASSWORD@HOST:5432/jobassistent."))
        elif backend != "postgresql":
            found.append(Problem("DATABASE_URL", f"points at {backend}: production runs on PostgreSQL, which "
                                 "several Rasa processes can share. Use a postgresql:// URL."))
    if not settings.lock_store_url:
        found.append(Problem("LOCK_STORE_URL", "is not set: production keeps Rasa's conversation locks in Redis, "
                             "so two Rasa processes never handle one conversation at once. Set "
                             "LOCK_STORE_URL=redis://HOST:6379/1."))
    return found


def _secret_problems(environ: Mapping[str, str]) -> List[Problem]:
    found = []
    for name in SECRET_SETTINGS:
        value = environ.get(name) or ""
        if not value:
            found.append(Problem(name, "is not set: in production every secret comes from the environment, "
                                 "not from the var/secrets.json that `make run` makes. Generate one with: "
                                 + MAKE_A_SECRET + KEEP_FOREVER.get(name, "")))
        elif len(value) < MIN_SECRET_CHARS:
            found.append(Problem(name, f"has {len(value)} characters; use at least {MIN_SECRET_CHARS}. "
                                 "Generate one with: " + MAKE_A_SECRET))
    given = [name for name in SECRET_SETTINGS if environ.get(name)]
    for index, name in enumerate(given):
        for other in given[index + 1:]:
            if environ[name] == environ[other]:
                found.append(Problem(other, f"is the same as {name}: give each its own secret."))
    return found


def _public_address_problems(settings: Settings, allow_http: bool) -> List[Problem]:
    found = []
    if not settings.secure_cookies:
        found.append(Problem("SECURE_COOKIES", "is off: the session cookie would travel over plain http too. "
                             "Set SECURE_COOKIES=1 (the reverse proxy serves https)."))
    if not settings.public_url:
        found.append(Problem("PUBLIC_URL", "is not set: login callbacks are built from it. Set it to the "
                             "address citizens use, e.g. PUBLIC_URL=https://jobassistent.kommune.dk."))
        return found
    public = urlsplit(settings.public_url)
    if not public.hostname:
        found.append(Problem("PUBLIC_URL", f"'{settings.public_url}' names no host. Use e.g. "
                             "https://jobassistent.kommune.dk."))
    elif public.scheme != "https" and not (allow_http and public.scheme == "http" and _is_loopback(public.hostname)):
        found.append(Problem("PUBLIC_URL", f"is {settings.public_url}: citizens must reach the bot over "
                             "https. Use the https:// address the reverse proxy serves."))
    return found


def _network_problems(settings: Settings) -> List[Problem]:
    found = []
    if not settings.trusted_proxies:
        if settings.gateway_host.strip("[]") in LISTEN_EVERYWHERE:
            found.append(Problem("GATEWAY_HOST", f"is {settings.gateway_host} (every address of the machine) and "
                                 "TRUSTED_PROXIES is empty: behind the reverse proxy every user would count as "
                                 "the proxy's address in the chat limits. Set TRUSTED_PROXIES to the proxy's "
                                 "address.", WARNING))
        else:
            found.append(Problem("TRUSTED_PROXIES", "is empty: behind a reverse proxy every user would count as "
                                 "the proxy's address in the chat limits. Set it to the proxy's address as the "
                                 "gateway sees it (127.0.0.1 when the proxy runs on this machine).", WARNING))
    found.extend(_address_list_problems("TRUSTED_PROXIES", settings.trusted_proxies, single_addresses=True))
    found.extend(_address_list_problems("METRICS_ALLOWED", settings.metrics_allowed, single_addresses=False))
    if not _is_loopback(settings.host):
        found.append(Problem("JOBASSISTENT_INTERNAL_HOST", f"is {settings.host}: the action servers and Rasa "
                             "would listen beyond this machine. Leave it unset (127.0.0.1).", WARNING))
    return found


def _address_list_problems(name: str, entries: Iterable[str], single_addresses: bool) -> List[Problem]:
    found = []
    for entry in entries:
        if entry.lower() in ANY_ADDRESS_WORDS:
            found.append(Problem(name, f"contains '{entry}', which lets any address in. Name the addresses."))
            continue
        try:
            network = ip_network(entry, strict=False)
        except ValueError:
            found.append(Problem(name, f"contains '{entry}', which is not an IP address. Use addresses such "
                                 "as 10.0.0.5 or ::1."))
            continue
        if network.network_address.is_unspecified or network.prefixlen < (8 if network.version == 4 else 16):
            found.append(Problem(name, f"contains {entry}, which lets (nearly) any address in. Name the "
                                 "addresses."))
        elif single_addresses and network.num_addresses > 1:
            # The gateway compares the peer with each entry as it is written (bot/gateway/rate_limits.py).
            found.append(Problem(name, f"contains the network {entry}, but each entry must be one proxy's "
                                 "address. List the proxies one by one.", WARNING))
    return found


def _operation_problems(settings: Settings, allow_http: bool, environ: Mapping[str, str]) -> List[Problem]:
    found = []
    try:
        load_retention(env=environ)
    except (OSError, ValueError) as error:
        # The daily retention job would stop the whole service later: refuse the start now instead.
        found.append(Problem("RETENTION_CONFIG", f"the retention file cannot be used: {error}"))
    if settings.log_format != "json":
        found.append(Problem("LOG_FORMAT", f"is {settings.log_format}. Set LOG_FORMAT=json so the log collector "
                             "gets one JSON object per line.", WARNING))
    if allow_http:
        found.append(Problem(LOOPBACK_HTTP_OVERRIDE, "is on: it is for tests with a local OpenID provider only. "
                             "Remove it.", WARNING))
    return found


def main(environ: Optional[Mapping[str, str]] = None) -> int:
    environ = os.environ if environ is None else environ
    profile, found = check(environ)
    refused = blocking(profile, found)
    print(f"Configuration check, profile {profile}:")
    if profile != "production":
        print("This is the development profile (`make run`); below is what the production profile "
              "(JOBASSISTENT_PROFILE=production) would still need.")
    for problem in found:
        print(f"  {problem}")
    if not found:
        print("  No problems: the settings are ready for production.")
    if refused:
        print(f"{len(refused)} error(s): the bot will not start with these settings.")
        return 1
    if profile == "production":
        print("No errors: the production profile can start.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
