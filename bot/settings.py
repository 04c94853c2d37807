"""Configuration read from environment variables, with defaults that run everything on one machine."""
from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Dict, Mapping, Optional, Tuple
from urllib.parse import parse_qs, unquote, urlsplit

from bot.private_files import PRIVATE_DIR_MODE, write_private_text
from bot.rules.rate_limits import parse_limits

PROJECT_ROOT = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on", "ja"}
# A gateway listening only here is reached over plain http on the same machine; anywhere else it is
# behind HTTPS, so the session cookie is sent over HTTPS only unless SECURE_COOKIES says otherwise.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _flag(value: Optional[str], default: bool = False) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in TRUE_WORDS


def _is_local(host: str) -> bool:
    return host.strip().lower() in LOCAL_HOSTS


def _load_or_create_secrets(var_dir: Path) -> dict:
    """Secrets made on first run and kept in var/, so restarts keep sessions and the internal secrets."""
    path = var_dir / "secrets.json"
    stored = {}
    if path.exists():
        stored = json.loads(path.read_text())
    changed = False
    for name in ("rasa_token", "session_key", "action_server_token", "subject_key"):
        if not stored.get(name):
            stored[name] = secrets.token_urlsafe(32)
            changed = True
    if changed:
        var_dir.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
        write_private_text(path, json.dumps(stored, indent=2))
    return stored


# Roles a login can carry. Staff roles beyond the advisor come with the features that need them.
CITIZEN_SIDE_ROLES = ("citizen", "employer")
# The manager (leder) reads the insight page: figures about the service, never about a person.
STAFF_ROLES = ("advisor", "dpo", "manager")


@dataclass(frozen=True)
class OidcProvider:
    """One OpenID Connect identity provider, e.g. a MitID broker for citizens and employers, or the
    municipality's own (Entra ID) for staff. Read from OIDC_<NAME>_* variables (see README "Login")."""
    name: str  # in the login and callback addresses: /auth/login/<name>
    issuer: str  # its discovery document is <issuer>/.well-known/openid-configuration
    client_id: str
    client_secret: str
    # Which of our roles a login through this provider may have: never a staff role from the citizens'
    # provider, never a citizen's from the staff provider.
    roles: Tuple[str, ...]
    scopes: str = "openid profile"
    # The claim whose values say the staff role, and which value means which role.
    role_claim: str = "roles"
    role_values: Tuple[Tuple[str, str], ...] = ()
    # The claim with the company's CVR number in a business login (MitID Erhverv): present means employer.
    cvr_claim: str = ""
    name_claim: str = "name"
    label_da: str = "Log ind med MitID"
    label_en: str = "Log in with MitID"

    @property
    def role_for_value(self) -> Dict[str, str]:
        return dict(self.role_values)


@dataclass(frozen=True)
class Settings:
    var_dir: Path
    database_url: str
    host: str
    gateway_host: str
    gateway_port: int
    rasa_port: int
    action_port: int
    rasa_token: str
    session_key: str
    action_server_token: str
    dev_login: bool
    secure_cookies: bool
    opening_hours: str = "mon-fri 09:00-15:00"
    max_message_chars: int = 5000
    rasa_timeout_seconds: float = 30.0
    sick_leave_threshold_weeks: int = 12
    vacancy_min_hours: int = 1
    vacancy_max_hours: int = 20
    journal_counts_as_jobnet_joblog: bool = False
    # A login ends after this many minutes without the user doing anything, and after session_max_hours.
    session_idle_minutes_citizen: int = 30
    session_idle_minutes_employer: int = 60
    session_idle_minutes_advisor: int = 60
    session_max_hours: int = 8
    # At most this many messages per Rasa process are with Rasa at once; the next wait their turn
    # for up to turn_wait_seconds, then get "try again in a minute" (bot/gateway/admission.py).
    turns_per_rasa_process: int = 4
    turn_wait_seconds: float = 20.0
    rate_limit_chat_per_user: str = "10 per 10 seconds; 40 per minute; 400 per hour"
    rate_limit_chat_per_address: str = "30 per 10 seconds; 150 per minute; 3000 per hour"
    rate_limit_postings_per_employer: str = "3 per 10 minutes; 20 per day"
    # Proxies whose X-Forwarded-For is believed when telling client addresses apart.
    trusted_proxies: Tuple[str, ...] = ()
    # Process i of Rasa listens on rasa_port + i and calls its own action server on action_port + i.
    rasa_processes: int = 1
    # Redis for Rasa's lock store, which keeps two Rasa processes off the same conversation at once.
    lock_store_url: Optional[str] = None
    # Key of the pseudonymous user ids made from a provider's subject (bot/rules/login_claims.py).
    # Changing it gives every OIDC user a new id, so their earlier records are no longer theirs.
    subject_key: str = ""
    # OpenID Connect providers; none means only the development login (when DEV_LOGIN is on).
    oidc_providers: Tuple[OidcProvider, ...] = ()
    # The address citizens use, e.g. https://jobassistent.kommune.dk: login callbacks are built from it.
    public_url: str = ""
    # The municipality's full privacy notice, linked from the short one in the chat page.
    privacy_notice_url: str = ""
    # retention.yml elsewhere (bot/rules/retention.py reads it; the privacy notice says its periods).
    retention_config: str = ""
    # Addresses allowed to read /metrics (Prometheus); nobody when empty.
    metrics_allowed: Tuple[str, ...] = ("127.0.0.1", "::1")
    # "json" for one JSON object per log line (production); "text" for people reading a terminal.
    log_format: str = "text"
    # "development" (make run) or "production" (make run-production): see bot/check.py.
    profile: str = "development"
    # The launcher starts a part that died again after 1 s, 2 s, 4 s ... at most supervisor_max_backoff_seconds,
    # and gives up after supervisor_max_restarts restarts within the window (bot/supervision.py).
    supervisor_max_restarts: int = 5
    supervisor_restart_window_seconds: float = 60.0
    supervisor_max_backoff_seconds: float = 30.0
    # How long the parts get to finish what they are doing after SIGTERM before they are killed.
    shutdown_grace_seconds: float = 20.0

    def oidc_provider(self, name: str) -> Optional[OidcProvider]:
        return next((provider for provider in self.oidc_providers if provider.name == name), None)

    def idle_timeout(self, role: str) -> timedelta:
        minutes = {"citizen": self.session_idle_minutes_citizen, "employer": self.session_idle_minutes_employer,
                   # The data protection officer and the manager are staff, idle as long as an advisor.
                   "advisor": self.session_idle_minutes_advisor, "dpo": self.session_idle_minutes_advisor,
                   "manager": self.session_idle_minutes_advisor}.get(
            role, self.session_idle_minutes_citizen)
        return timedelta(minutes=minutes)

    @property
    def rasa_urls(self) -> Tuple[str, ...]:
        return tuple(f"http://{self.host}:{self.rasa_port + index}" for index in range(self.rasa_processes))

    @property
    def action_server_urls(self) -> Tuple[str, ...]:
        return tuple(f"http://{self.host}:{self.action_port + index}" for index in range(self.rasa_processes))

    @property
    def rasa_url(self) -> str:
        """The first Rasa process's address (the only one, unless RASA_PROCESSES says more)."""
        return self.rasa_urls[0]

    @property
    def action_server_url(self) -> str:
        return self.action_server_urls[0]

    @property
    def gateway_url(self) -> str:
        shown_host = "localhost" if self.gateway_host in ("127.0.0.1", "0.0.0.0") else self.gateway_host
        return f"http://{shown_host}:{self.gateway_port}"


def load_settings(environ: Optional[Mapping[str, str]] = None) -> Settings:
    env = os.environ if environ is None else environ
    var_dir = Path(env.get("JOBASSISTENT_VAR_DIR", PROJECT_ROOT / "var")).resolve()
    default_db = f"sqlite:///{var_dir / 'jobassistent.db'}"
    stored = _load_or_create_secrets(var_dir) if not (
        env.get("RASA_TOKEN") and env.get("SESSION_SECRET") and env.get("ACTION_SERVER_TOKEN")
        and env.get("SUBJECT_KEY")
    ) else {}
    return Settings(
        var_dir=var_dir,
        database_url=env.get("DATABASE_URL") or default_db,
        host=env.get("JOBASSISTENT_INTERNAL_HOST", "127.0.0.1"),
        gateway_host=env.get("GATEWAY_HOST", "127.0.0.1"),
        gateway_port=int(env.get("GATEWAY_PORT", "8080")),
        rasa_port=int(env.get("RASA_PORT", "5005")),
        action_port=int(env.get("ACTION_SERVER_PORT", "5055")),
        rasa_token=env.get("RASA_TOKEN") or stored["rasa_token"],
        session_key=env.get("SESSION_SECRET") or stored["session_key"],
        action_server_token=env.get("ACTION_SERVER_TOKEN") or stored["action_server_token"],
        subject_key=env.get("SUBJECT_KEY") or stored["subject_key"],
        dev_login=_flag(env.get("DEV_LOGIN"), default=False),
        # In production the gateway sits behind an https reverse proxy, usually on the same machine.
        secure_cookies=_flag(env.get("SECURE_COOKIES"), default=not _is_local(env.get("GATEWAY_HOST", "127.0.0.1"))
                             or (env.get("JOBASSISTENT_PROFILE") or "").strip().lower() == "production"),
        max_message_chars=int(env.get("MAX_MESSAGE_CHARS", "5000")),
        rasa_timeout_seconds=_seconds(env, "RASA_TIMEOUT_SECONDS", "30"),
        turns_per_rasa_process=_whole_number(env, "TURNS_PER_RASA_PROCESS", "4", 1, 64),
        turn_wait_seconds=_seconds(env, "TURN_WAIT_SECONDS", "20"),
        opening_hours=env.get("OPENING_HOURS", "mon-fri 09:00-15:00"),
        sick_leave_threshold_weeks=_threshold_weeks(env.get("SICK_LEAVE_THRESHOLD_WEEKS", "12")),
        vacancy_min_hours=_hours(env, "SMALLJOB_MIN_HOURS", "1"),
        vacancy_max_hours=_hours(env, "SMALLJOB_MAX_HOURS", "20"),
        journal_counts_as_jobnet_joblog=_flag(env.get("JOURNAL_COUNTS_AS_JOBNET_JOBLOG"), default=False),
        session_idle_minutes_citizen=_minutes(env, "SESSION_IDLE_MINUTES_CITIZEN", "30"),
        session_idle_minutes_employer=_minutes(env, "SESSION_IDLE_MINUTES_EMPLOYER", "60"),
        session_idle_minutes_advisor=_minutes(env, "SESSION_IDLE_MINUTES_ADVISOR", "60"),
        session_max_hours=_session_hours(env.get("SESSION_MAX_HOURS", "8")),
        rate_limit_chat_per_user=_limits(env, "RATE_LIMIT_CHAT_PER_USER", Settings.rate_limit_chat_per_user),
        rate_limit_chat_per_address=_limits(env, "RATE_LIMIT_CHAT_PER_ADDRESS", Settings.rate_limit_chat_per_address),
        rate_limit_postings_per_employer=_limits(env, "RATE_LIMIT_POSTINGS_PER_EMPLOYER",
                                                 Settings.rate_limit_postings_per_employer),
        trusted_proxies=tuple(part.strip() for part in env.get("TRUSTED_PROXIES", "").split(",") if part.strip()),
        rasa_processes=_rasa_processes(env.get("RASA_PROCESSES", "1")),
        lock_store_url=_lock_store_url(env.get("LOCK_STORE_URL", "")),
        oidc_providers=_oidc_providers(env),
        public_url=env.get("PUBLIC_URL", "").strip().rstrip("/"),
        privacy_notice_url=_https_url_or_empty(env, "PRIVACY_NOTICE_URL"),
        retention_config=env.get("RETENTION_CONFIG", "").strip(),
        metrics_allowed=_addresses(env.get("METRICS_ALLOWED", "127.0.0.1,::1")),
        log_format=_choice(env, "LOG_FORMAT", "text", ("text", "json")),
        profile=_choice(env, "JOBASSISTENT_PROFILE", "development", ("development", "production")),
        supervisor_max_restarts=_whole_number(env, "SUPERVISOR_MAX_RESTARTS", "5", 1, 100),
        supervisor_restart_window_seconds=_seconds(env, "SUPERVISOR_RESTART_WINDOW_SECONDS", "60"),
        supervisor_max_backoff_seconds=_seconds(env, "SUPERVISOR_MAX_BACKOFF_SECONDS", "30"),
        shutdown_grace_seconds=_seconds(env, "SHUTDOWN_GRACE_SECONDS", "20"),
    )


def _https_url_or_empty(env: Mapping[str, str], name: str) -> str:
    value = (env.get(name) or "").strip()
    if value and not value.startswith(("https://", "http://")):
        raise ValueError(f"{name} must be a web address, e.g. https://kommune.dk/privatlivspolitik")
    return value


def _addresses(value: str) -> Tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _choice(env: Mapping[str, str], name: str, default: str, choices: Tuple[str, ...]) -> str:
    value = (env.get(name) or default).strip().lower()
    if value not in choices:
        raise ValueError(f"{name} must be one of: {', '.join(choices)}")
    return value


def _oidc_providers(env: Mapping[str, str]) -> Tuple[OidcProvider, ...]:
    """OIDC_PROVIDERS=mitid,personale names the providers; OIDC_MITID_ISSUER, OIDC_MITID_CLIENT_ID,
    OIDC_MITID_CLIENT_SECRET, OIDC_MITID_ROLES=citizen,employer, OIDC_MITID_CVR_CLAIM, ... describe each.
    A ValueError names what is missing or wrong."""
    providers = []
    for name in _addresses(env.get("OIDC_PROVIDERS", "")):
        if not name.isalnum() or not name.islower():
            raise ValueError(f"OIDC_PROVIDERS: '{name}' must be lower-case letters and digits only")

        def setting(key: str, default: str = "") -> str:
            return (env.get(f"OIDC_{name.upper()}_{key}") or default).strip()

        missing = [f"OIDC_{name.upper()}_{key}" for key in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET", "ROLES")
                   if not setting(key)]
        if missing:
            raise ValueError(f"OIDC provider '{name}' needs {', '.join(missing)}")
        issuer = setting("ISSUER").rstrip("/")
        if not issuer.startswith(("https://", "http://")):
            raise ValueError(f"OIDC_{name.upper()}_ISSUER must be the provider's https:// address")
        roles = _addresses(setting("ROLES"))
        unknown = [role for role in roles if role not in CITIZEN_SIDE_ROLES + STAFF_ROLES]
        if unknown:
            raise ValueError(f"OIDC_{name.upper()}_ROLES: unknown role {', '.join(unknown)} "
                             f"(choose from {', '.join(CITIZEN_SIDE_ROLES + STAFF_ROLES)})")
        if any(role in CITIZEN_SIDE_ROLES for role in roles) and any(role in STAFF_ROLES for role in roles):
            raise ValueError(f"OIDC_{name.upper()}_ROLES: one provider is either for citizens and employers "
                             "or for staff, not both")
        role_values = []
        for pair in _addresses(setting("ROLE_VALUES")):
            value, _, role = pair.partition("=")
            if not value.strip() or role.strip() not in roles:
                raise ValueError(f"OIDC_{name.upper()}_ROLE_VALUES: '{pair}' must be claim-value=role, "
                                 f"with a role from OIDC_{name.upper()}_ROLES")
            role_values.append((value.strip(), role.strip()))
        if "employer" in roles and not setting("CVR_CLAIM"):
            raise ValueError(f"OIDC_{name.upper()}_CVR_CLAIM must name the claim with the company's CVR number "
                             "when the provider logs in employers")
        staff = any(role in STAFF_ROLES for role in roles)
        providers.append(OidcProvider(
            name=name, issuer=issuer, client_id=setting("CLIENT_ID"), client_secret=setting("CLIENT_SECRET"),
            roles=roles, scopes=setting("SCOPES", "openid profile"), role_claim=setting("ROLE_CLAIM", "roles"),
            role_values=tuple(role_values), cvr_claim=setting("CVR_CLAIM"), name_claim=setting("NAME_CLAIM", "name"),
            label_da=setting("LABEL_DA", "Log ind som medarbejder" if staff else "Log ind med MitID"),
            label_en=setting("LABEL_EN", "Staff login" if staff else "Log in with MitID"),
        ))
    if len({provider.name for provider in providers}) != len(providers):
        raise ValueError("OIDC_PROVIDERS names a provider twice")
    return tuple(providers)


@dataclass(frozen=True)
class RedisAddress:
    """What a redis:// URL names: redis://[user:password@]host[:port][/db][?key_prefix=name]."""
    host: str
    port: int = 6379
    db: int = 0
    username: Optional[str] = None
    password: Optional[str] = None
    use_ssl: bool = False
    key_prefix: Optional[str] = None


def redis_address(url: str) -> RedisAddress:
    """Reads a Redis URL; a ValueError says what is wrong with it, without repeating a password."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or 6379
    except ValueError:
        raise ValueError("LOCK_STORE_URL must look like redis://127.0.0.1:6379/1") from None
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ValueError("LOCK_STORE_URL must look like redis://127.0.0.1:6379/1 (or rediss:// for TLS)")
    db = parts.path.strip("/") or "0"
    if not db.isdigit():
        raise ValueError("LOCK_STORE_URL must end in a Redis database number, e.g. redis://127.0.0.1:6379/1")
    key_prefix = (parse_qs(parts.query).get("key_prefix") or [None])[-1]
    if key_prefix is not None and not key_prefix.isalnum():
        # Rasa would silently fall back to its default prefix and share the locks with other bots.
        raise ValueError("The key_prefix in LOCK_STORE_URL must be letters and digits only")
    return RedisAddress(
        host=parts.hostname, port=port, db=int(db),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_ssl=parts.scheme == "rediss", key_prefix=key_prefix,
    )


def _rasa_processes(value: str) -> int:
    processes = int(value) if value.strip().isdigit() else 0
    if not 1 <= processes <= 16:
        raise ValueError("RASA_PROCESSES must be a whole number of Rasa processes from 1 to 16")
    return processes


def _lock_store_url(value: str) -> Optional[str]:
    if not value.strip():
        return None
    redis_address(value)
    return value.strip()


def _seconds(env: Mapping[str, str], name: str, default: str) -> float:
    value = env.get(name, default).strip()
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 600:
        raise ValueError(f"{name} must be a number of seconds above 0 and at most 600")
    return seconds


def _whole_number(env: Mapping[str, str], name: str, default: str, lowest: int, highest: int) -> int:
    value = env.get(name, default).strip()
    number = int(value) if value.isdigit() else 0
    if not lowest <= number <= highest:
        raise ValueError(f"{name} must be a whole number from {lowest} to {highest}")
    return number


def _threshold_weeks(value: str) -> int:
    weeks = int(value) if value.strip().isdigit() else 0
    if not 1 <= weeks <= 52:
        raise ValueError("SICK_LEAVE_THRESHOLD_WEEKS must be a whole number of weeks from 1 to 52")
    return weeks


def _hours(env: Mapping[str, str], name: str, default: str) -> int:
    value = env.get(name, default)
    hours = int(value) if value.strip().isdigit() else 0
    if not 1 <= hours <= 37:
        raise ValueError(f"{name} must be a whole number of hours a week from 1 to 37")
    return hours


def _minutes(env: Mapping[str, str], name: str, default: str) -> int:
    value = env.get(name, default)
    minutes = int(value) if value.strip().isdigit() else 0
    if not 1 <= minutes <= 480:
        raise ValueError(f"{name} must be a whole number of minutes from 1 to 480")
    return minutes


def _session_hours(value: str) -> int:
    hours = int(value) if value.strip().isdigit() else 0
    if not 1 <= hours <= 24:
        raise ValueError("SESSION_MAX_HOURS must be a whole number of hours from 1 to 24")
    return hours


def _limits(env: Mapping[str, str], name: str, default: str) -> str:
    value = env.get(name, default).strip() or default
    parse_limits(value, name)
    return value
