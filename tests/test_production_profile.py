"""The production profile: the configuration check's rules (bot/check.py), the launcher and the gateway
refusing an unsafe start, the deployment files (deploy/) agreeing with the code, and the production
profile started for real by its one command, scripts/run-production.sh, on PostgreSQL, Redis and the
test OpenID providers."""
from __future__ import annotations

import configparser
import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from fnmatch import fnmatch
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Set, Tuple
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from bot.check import ERROR, LOOPBACK_HTTP_OVERRIDE, WARNING, check, main as check_main
from bot.gateway.rasa_client import CHANNEL_PATH
from bot.internal_auth import SECRET_HEADER
from bot.settings import PROJECT_ROOT, load_settings
from tests.conftest import free_port_blocks, postgres_schema
from tests.oidc_test_provider import oidc_environment

DEPLOY = PROJECT_ROOT / "deploy"
EXAMPLE_ENV = DEPLOY / "production.env.example"
COMPOSE_FILE = DEPLOY / "compose.yml"
DOCKERFILE = DEPLOY / "Dockerfile"
RUN_PRODUCTION = PROJECT_ROOT / "scripts" / "run-production.sh"
SYSTEMD_UNIT = DEPLOY / "jobassistent.service"


def token() -> str:
    return secrets.token_urlsafe(32)


def oidc_env(citizen_issuer: str, staff_issuer: str, client_id: str, client_secret: str) -> Dict[str, str]:
    """A MitID broker for citizens and employers, and the municipality's staff login."""
    return {
        "OIDC_PROVIDERS": "mitid,personale",
        "OIDC_MITID_ISSUER": citizen_issuer, "OIDC_MITID_CLIENT_ID": client_id,
        "OIDC_MITID_CLIENT_SECRET": client_secret, "OIDC_MITID_ROLES": "citizen,employer",
        "OIDC_MITID_CVR_CLAIM": "cvr", "OIDC_MITID_LABEL_DA": "Log ind med MitID",
        "OIDC_PERSONALE_ISSUER": staff_issuer, "OIDC_PERSONALE_CLIENT_ID": client_id,
        "OIDC_PERSONALE_CLIENT_SECRET": client_secret, "OIDC_PERSONALE_ROLES": "advisor",
        "OIDC_PERSONALE_ROLE_VALUES": "Jobassistent.Advisor=advisor",
    }


def safe_production_env(var_dir: Path) -> Dict[str, str]:
    return {
        "JOBASSISTENT_PROFILE": "production", "JOBASSISTENT_VAR_DIR": str(var_dir),
        "DATABASE_URL": "postgresql://jobassistent:secret@db.kommune.local:5432/jobassistent",
        "LOCK_STORE_URL": "redis://127.0.0.1:6379/1", "SECURE_COOKIES": "1",
        "PUBLIC_URL": "https://jobassistent.kommune.dk", "GATEWAY_HOST": "127.0.0.1",
        "TRUSTED_PROXIES": "127.0.0.1", "METRICS_ALLOWED": "127.0.0.1,::1", "LOG_FORMAT": "json",
        "SESSION_SECRET": token(), "RASA_TOKEN": token(), "ACTION_SERVER_TOKEN": token(), "SUBJECT_KEY": token(),
        **oidc_env("https://mitid-broker.example.dk", "https://login.microsoftonline.com/tenant/v2.0",
                   "jobassistent", token()),
    }


def changed(env: Mapping[str, str], changes: Mapping[str, Optional[str]]) -> Dict[str, str]:
    """`env` with the changes made; None removes the variable."""
    result = dict(env)
    for name, value in changes.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = value
    return result


def found(env: Mapping[str, str]) -> List[Tuple[str, str]]:
    return [(problem.setting, problem.severity) for problem in check(env)[1]]


def test_a_complete_safe_production_env_has_no_problems(tmp_path):
    assert check(safe_production_env(tmp_path)) == ("production", [])


# Each change to the safe env, and every problem the check then names (setting, severity).
RULES = [
    ({"DEV_LOGIN": "1"}, [("DEV_LOGIN", ERROR)]),
    ({"OIDC_PROVIDERS": ""}, [("OIDC_PROVIDERS", ERROR)]),
    ({"OIDC_PROVIDERS": "mitid"}, [("OIDC_PROVIDERS", ERROR)]),  # nobody grants advisor
    ({"OIDC_PROVIDERS": "personale"}, [("OIDC_PROVIDERS", ERROR), ("OIDC_PROVIDERS", WARNING)]),
    ({"OIDC_MITID_ROLES": "citizen"}, [("OIDC_PROVIDERS", WARNING)]),  # no employers
    ({"OIDC_MITID_ISSUER": "http://mitid-broker.example.dk"}, [("OIDC_MITID_ISSUER", ERROR)]),
    ({"OIDC_MITID_ISSUER": "http://127.0.0.1:9411"}, [("OIDC_MITID_ISSUER", ERROR)]),
    ({"OIDC_PERSONALE_CLIENT_SECRET": "short-secret"}, [("OIDC_PERSONALE_CLIENT_SECRET", ERROR)]),
    ({"OIDC_PERSONALE_SCOPES": "profile email"}, [("OIDC_PERSONALE_SCOPES", ERROR)]),
    ({"DATABASE_URL": None}, [("DATABASE_URL", ERROR)]),
    ({"DATABASE_URL": "sqlite:////srv/jobassistent.db"}, [("DATABASE_URL", ERROR)]),
    ({"LOCK_STORE_URL": None}, [("LOCK_STORE_URL", ERROR)]),
    ({"SECURE_COOKIES": "0"}, [("SECURE_COOKIES", ERROR)]),
    ({"SECURE_COOKIES": None}, []),  # on by default in the production profile, even on 127.0.0.1
    ({"SESSION_SECRET": None}, [("SESSION_SECRET", ERROR)]),
    ({"RASA_TOKEN": "x" * 31}, [("RASA_TOKEN", ERROR)]),
    ({"ACTION_SERVER_TOKEN": None}, [("ACTION_SERVER_TOKEN", ERROR)]),
    ({"SUBJECT_KEY": None}, [("SUBJECT_KEY", ERROR)]),
    ({"PUBLIC_URL": None}, [("PUBLIC_URL", ERROR)]),
    ({"PUBLIC_URL": "http://jobassistent.kommune.dk"}, [("PUBLIC_URL", ERROR)]),
    ({"PUBLIC_URL": "http://127.0.0.1:8080"}, [("PUBLIC_URL", ERROR)]),
    ({"GATEWAY_HOST": "0.0.0.0", "TRUSTED_PROXIES": None}, [("GATEWAY_HOST", WARNING)]),
    ({"TRUSTED_PROXIES": None}, [("TRUSTED_PROXIES", WARNING)]),
    ({"TRUSTED_PROXIES": "127.0.0.1,0.0.0.0/0"}, [("TRUSTED_PROXIES", ERROR)]),
    ({"TRUSTED_PROXIES": "*"}, [("TRUSTED_PROXIES", ERROR)]),
    ({"TRUSTED_PROXIES": "::/0"}, [("TRUSTED_PROXIES", ERROR)]),
    ({"TRUSTED_PROXIES": "proxy.kommune.local"}, [("TRUSTED_PROXIES", ERROR)]),
    ({"TRUSTED_PROXIES": "10.0.0.0/24"}, [("TRUSTED_PROXIES", WARNING)]),  # matched address by address
    ({"METRICS_ALLOWED": "0.0.0.0/0"}, [("METRICS_ALLOWED", ERROR)]),
    ({"METRICS_ALLOWED": "127.0.0.1,any"}, [("METRICS_ALLOWED", ERROR)]),
    ({"LOG_FORMAT": "text"}, [("LOG_FORMAT", WARNING)]),
    ({"JOBASSISTENT_INTERNAL_HOST": "0.0.0.0"}, [("JOBASSISTENT_INTERNAL_HOST", WARNING)]),
]


@pytest.mark.parametrize("changes, expected", RULES, ids=[str(changes) for changes, _ in RULES])
def test_each_missing_or_unsafe_setting_is_named(tmp_path, changes, expected):
    assert found(changed(safe_production_env(tmp_path), changes)) == expected


def test_two_secrets_that_are_the_same_are_named(tmp_path):
    env = safe_production_env(tmp_path)
    env["ACTION_SERVER_TOKEN"] = env["SESSION_SECRET"]
    [problem] = check(env)[1]
    assert (problem.setting, problem.severity) == ("ACTION_SERVER_TOKEN", ERROR)
    assert "SESSION_SECRET" in problem.message


def test_every_message_says_what_to_do(tmp_path):
    empty = {"JOBASSISTENT_PROFILE": "production", "JOBASSISTENT_VAR_DIR": str(tmp_path), "DEV_LOGIN": "1"}
    envs = [empty] + [changed(safe_production_env(tmp_path), changes) for changes, _ in RULES]
    for problem in (problem for env in envs for problem in check(env)[1]):
        assert re.search(r"\b(Set|Remove|Use|Name|Add|Generate|Have|Leave|List)\b", problem.message), problem


def test_http_is_allowed_on_loopback_only_and_only_with_the_test_override(tmp_path):
    env = changed(safe_production_env(tmp_path), {
        **oidc_env("http://127.0.0.1:9411", "http://localhost:9412", "jobassistent", token()),
        "PUBLIC_URL": "http://127.0.0.1:8080", LOOPBACK_HTTP_OVERRIDE: "1"})
    assert found(env) == [(LOOPBACK_HTTP_OVERRIDE, WARNING)]
    off_this_machine = changed(env, {"OIDC_MITID_ISSUER": "http://10.0.0.5:9411",
                                     "PUBLIC_URL": "http://jobassistent.kommune.dk"})
    assert found(off_this_machine) == [("OIDC_MITID_ISSUER", ERROR), ("PUBLIC_URL", ERROR),
                                       (LOOPBACK_HTTP_OVERRIDE, WARNING)]


def test_a_setting_that_cannot_be_read_is_reported_with_the_other_problems(tmp_path):
    env = changed(safe_production_env(tmp_path), {"OIDC_MITID_CLIENT_SECRET": None, "DEV_LOGIN": "1"})
    problems = check(env)[1]
    assert [(problem.setting, problem.severity) for problem in problems] == [
        ("OIDC_MITID_CLIENT_SECRET", ERROR), ("DEV_LOGIN", ERROR)]
    assert "needs OIDC_MITID_CLIENT_SECRET" in problems[0].message


def test_the_check_writes_nothing(tmp_path):
    check({"JOBASSISTENT_PROFILE": "production", "JOBASSISTENT_VAR_DIR": str(tmp_path / "var")})
    assert not (tmp_path / "var").exists()  # no var/secrets.json made on the way


def test_development_shows_what_production_needs_and_exits_0(tmp_path, capsys):
    assert check_main({"JOBASSISTENT_VAR_DIR": str(tmp_path), "DEV_LOGIN": "1"}) == 0
    shown = capsys.readouterr().out
    assert "profile development" in shown
    assert all(name in shown for name in ("DATABASE_URL", "LOCK_STORE_URL", "OIDC_PROVIDERS", "SESSION_SECRET"))


def test_development_refuses_the_development_login_next_to_real_login(tmp_path, capsys):
    env = changed(safe_production_env(tmp_path), {"JOBASSISTENT_PROFILE": None, "DEV_LOGIN": "1"})
    assert check_main(env) == 1
    assert "ERROR   DEV_LOGIN: is on while OIDC_PROVIDERS (mitid, personale)" in capsys.readouterr().out


def test_settings_that_cannot_load_exit_1_in_development_too(tmp_path, capsys):
    assert check_main({"JOBASSISTENT_VAR_DIR": str(tmp_path), "RASA_PROCESSES": "many"}) == 1
    assert "ERROR   RASA_PROCESSES: RASA_PROCESSES must be a whole number" in capsys.readouterr().out


# --- The command line, the launcher and the gateway, as subprocesses ---

def run_module(module: str, env: Mapping[str, str], *args: str) -> Tuple[subprocess.CompletedProcess, float]:
    """`python -m module args` with only `env` (and PATH, HOME) in its environment."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", module, *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
        env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8",
             "RASA_TELEMETRY_ENABLED": "false", **env})
    return result, time.monotonic() - started


def test_python_m_bot_check_exits_1_for_a_production_start_with_the_development_login(tmp_path):
    result, _ = run_module("bot.check", {**safe_production_env(tmp_path), "DEV_LOGIN": "0"})
    assert result.returncode == 0, result.stdout
    assert "No errors: the production profile can start." in result.stdout
    result, _ = run_module("bot.check", {**safe_production_env(tmp_path), "DEV_LOGIN": "1"})
    assert result.returncode == 1
    assert "ERROR   DEV_LOGIN: is on while OIDC_PROVIDERS" in result.stdout


def test_the_launcher_refuses_production_with_an_error_before_starting_anything(tmp_path):
    var_dir = tmp_path / "var"
    env = changed(safe_production_env(var_dir), {"DEV_LOGIN": "1", "OIDC_PROVIDERS": ""})
    result, seconds = run_module("bot.launcher", env, "run")
    assert result.returncode == 1
    assert "Refusing to start (profile production)" in result.stderr
    assert "ERROR   DEV_LOGIN: is on: anybody could log in" in result.stderr
    assert "ERROR   OIDC_PROVIDERS" in result.stderr
    assert not var_dir.exists()  # no migration, no endpoints file, no log: nothing started
    assert seconds < 60


def test_the_launcher_and_gateway_refuse_the_development_login_with_real_login_in_development(tmp_path):
    var_dir = tmp_path / "var"
    env = changed(safe_production_env(var_dir), {"JOBASSISTENT_PROFILE": None, "DEV_LOGIN": "1"})
    result, _ = run_module("bot.launcher", env, "run")
    assert result.returncode == 1
    assert "ERROR   DEV_LOGIN: is on while OIDC_PROVIDERS (mitid, personale)" in result.stderr
    assert not var_dir.exists()
    result, _ = run_module("bot.gateway", env)
    assert result.returncode == 1
    assert "Refusing to start: ERROR   DEV_LOGIN" in result.stderr


# --- The deployment files, against the code ---

def env_file_entries(path: Path) -> Tuple[Dict[str, str], Set[str]]:
    """The NAME=value lines of an env file, and the names only shown in comments (# NAME=default)."""
    active, commented = {}, set()
    for line in path.read_text().splitlines():
        match = re.match(r"\s*(#\s*)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$", line)
        if match and match.group(1):
            commented.add(match.group(2))
        elif match:
            active[match.group(2)] = match.group(3).strip()
    return active, commented


def setting_names() -> Tuple[Set[str], Set[str]]:
    """The variables bot/settings.py reads, and the keys of each OIDC provider's OIDC_<NAME>_<KEY>."""
    source = (PROJECT_ROOT / "bot" / "settings.py").read_text()
    names = set(re.findall(r'env\.get\(\s*"([A-Z][A-Z0-9_]*)"', source))
    names |= set(re.findall(r'\(env, "([A-Z][A-Z0-9_]*)"', source))
    return names, set(re.findall(r'setting\("([A-Z][A-Z0-9_]*)"', source))


def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def compose_variables() -> Set[str]:
    return set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)", COMPOSE_FILE.read_text()))


def interpolate(text: str, values: Mapping[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?message}."""
    def value(match: re.Match) -> str:
        name, kind, fallback = match.group(1), match.group(2) or "", match.group(3) or ""
        if values.get(name):
            return values[name]
        assert kind != ":?", f"compose needs {name}"
        return fallback
    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|:\?)([^}]*))?\}", value, str(text))


def filled_example(var_dir: Path) -> Dict[str, str]:
    """The example env file with every empty value filled in as an operator would."""
    env, _ = env_file_entries(EXAMPLE_ENV)
    fills = {"PUBLIC_URL": "https://jobassistent.kommune.dk", "OIDC_MITID_CVR_CLAIM": "cvr",
             "DATABASE_URL": "postgresql://jobassistent:secret@127.0.0.1:5432/jobassistent",
             "OIDC_MITID_ISSUER": "https://mitid-broker.example.dk",
             "OIDC_PERSONALE_ISSUER": "https://login.microsoftonline.com/tenant/v2.0"}
    env = {name: value or fills.get(name) or token() for name, value in env.items()}
    return {**env, "JOBASSISTENT_VAR_DIR": str(var_dir)}


def app_service() -> Tuple[str, dict]:
    [(name, service)] = [(name, service) for name, service in compose()["services"].items()
                         if service.get("build", {}).get("dockerfile") == "deploy/Dockerfile"]
    return name, service


def app_environment(values: Mapping[str, str]) -> Dict[str, str]:
    _, service = app_service()
    return {name: interpolate(value, values) for name, value in service["environment"].items()}


def test_every_name_in_the_example_env_is_a_setting_or_a_compose_variable():
    active, commented = env_file_entries(EXAMPLE_ENV)
    names, oidc_keys = setting_names()
    providers = active["OIDC_PROVIDERS"].split(",")
    oidc_names = {f"OIDC_{provider.upper()}_{key}" for provider in providers for key in oidc_keys}
    known = names | oidc_names | compose_variables() | {LOOPBACK_HTTP_OVERRIDE}
    assert set(active) | commented <= known
    example_text = EXAMPLE_ENV.read_text()
    assert [name for name in sorted(oidc_names) if name not in example_text] == []
    # Every setting of bot/settings.py is documented, in use or with its default.
    assert sorted(names - set(active) - commented - {"DEV_LOGIN"}) == []
    assert "DEV_LOGIN" not in active


def test_the_example_env_names_every_setting_the_check_needs_and_passes_it_once_filled(tmp_path):
    active, _ = env_file_entries(EXAMPLE_ENV)
    empty_production = {"JOBASSISTENT_PROFILE": "production", "JOBASSISTENT_VAR_DIR": str(tmp_path)}
    needed = {problem.setting for problem in check(empty_production)[1]}
    assert needed - set(active) == set()
    unfilled = {name: value for name, value in active.items() if not name.startswith("OIDC_")}
    errors = {problem.setting for problem in check({**unfilled, "JOBASSISTENT_VAR_DIR": str(tmp_path)})[1]
              if problem.severity == ERROR}
    left_empty = {name for name, value in unfilled.items() if not value} - {"POSTGRES_PASSWORD"}
    assert errors == left_empty | {"OIDC_PROVIDERS"}
    assert check(filled_example(tmp_path)) == ("production", [])


def test_compose_runs_the_production_profile_on_its_postgresql_and_redis(tmp_path):
    services = compose()["services"]
    app_name, app = app_service()
    example = filled_example(tmp_path)
    environment = app_environment(example)
    database, lock_store = urlsplit(environment["DATABASE_URL"]), urlsplit(environment["LOCK_STORE_URL"])
    # The services are the app and the PostgreSQL and Redis its production settings name.
    assert set(services) == {app_name, database.hostname, lock_store.hostname}
    assert services[database.hostname]["image"].startswith("postgres:")
    assert services[lock_store.hostname]["image"].startswith("redis:")
    assert environment["JOBASSISTENT_PROFILE"] == "production"
    names, _ = setting_names()
    assert set(environment) <= names
    # The layout with the example's settings passes the check.
    assert check({**example, **environment}) == ("production", [])
    # The password the database is made with is the one the app connects with.
    postgres_env = {name: interpolate(value, example) for name, value in services["postgres"]["environment"].items()}
    assert (database.username, database.password, database.path.lstrip("/")) == (
        postgres_env["POSTGRES_USER"], postgres_env["POSTGRES_PASSWORD"], postgres_env["POSTGRES_DB"])
    for service in services.values():
        assert service["restart"] == "unless-stopped" and service["healthcheck"]["test"]
    assert {"postgres-data"} <= set(compose()["volumes"])
    assert any(volume.startswith("postgres-data:") for volume in services["postgres"]["volumes"])


def test_compose_reads_the_env_file_that_run_production_reads():
    _, app = app_service()
    default = re.search(r"ENV_FILE=\$\{ENV_FILE:-([^}]+)\}", RUN_PRODUCTION.read_text()).group(1)
    assert interpolate(app["env_file"], {}) == default
    assert compose_variables() - {"ENV_FILE"} <= set(env_file_entries(EXAMPLE_ENV)[0])


def test_only_the_gateway_is_published_on_its_port_and_checked_on_readyz(tmp_path):
    services = compose()["services"]
    app_name, app = app_service()
    example = filled_example(tmp_path)
    gateway_port = app_environment(example)["GATEWAY_PORT"]
    [published] = [interpolate(port, example) for port in app["ports"]]
    host_address, host_port, container_port = published.rsplit(":", 2)
    assert container_port == gateway_port
    assert host_address == "127.0.0.1"  # the reverse proxy on this machine reaches it; nobody else
    assert [name for name, service in services.items() if service.get("ports")] == [app_name]
    # Ready, not merely alive: the database answers and Rasa has loaded its model.
    assert f"127.0.0.1:{gateway_port}/readyz" in " ".join(app["healthcheck"]["test"])
    instructions = dockerfile_instructions()
    assert ("EXPOSE", gateway_port) in instructions
    [healthcheck] = [argument for instruction, argument in instructions if instruction == "HEALTHCHECK"]
    assert re.search(rf"127\.0\.0\.1:{gateway_port}/(healthz|readyz)'", healthcheck)
    # TRUSTED_PROXIES for a proxy on this machine: the compose network's gateway, as the example says.
    network_gateway = compose()["networks"]["default"]["ipam"]["config"][0]["gateway"]
    comments = " ".join(line.lstrip("# ") for line in EXAMPLE_ENV.read_text().splitlines())
    assert f"with the compose file and the proxy on the same machine {network_gateway}" in comments


def production_shutdown_grace(var_dir: Path) -> float:
    """SHUTDOWN_GRACE_SECONDS as the production settings have it: the example env file's, or the default."""
    return load_settings(filled_example(var_dir)).shutdown_grace_seconds


def seconds_of(duration: str) -> float:
    """A compose duration ("30s", "1m30s") or a systemd time span ("40", "40s", "1min 10s") in seconds."""
    units = {"h": 3600, "m": 60, "min": 60, "s": 1, "sec": 1, "": 1}
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*(h|min|m|sec|s|)\s*", str(duration).strip())
    assert parts and "".join(f"{number}{unit}" for number, unit in parts) == re.sub(r"\s", "", str(duration))
    return sum(float(number) * units[unit] for number, unit in parts)


def test_compose_brings_a_crashed_container_back_reaps_orphans_and_waits_out_the_shutdown_grace(tmp_path):
    _, app = app_service()
    assert app["restart"] == "unless-stopped"
    assert app["init"] is True  # the launcher is not PID 1
    assert seconds_of(app["stop_grace_period"]) > production_shutdown_grace(tmp_path) >= 20
    assert "/readyz" in " ".join(app["healthcheck"]["test"])


def systemd_unit() -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # systemd's keys are case-sensitive
    unit.read_string(SYSTEMD_UNIT.read_text())
    return unit


def test_the_systemd_unit_runs_run_production_restarts_on_failure_and_waits_out_the_shutdown_grace(tmp_path):
    service = systemd_unit()["Service"]
    assert (service["Restart"], service["RestartSec"], service["KillMode"]) == ("on-failure", "5", "mixed")
    assert seconds_of(service["TimeoutStopSec"]) > production_shutdown_grace(tmp_path) >= 20
    assert service["User"] not in ("root", "0")
    # The production start of README and `make run-production`, from the project's directory, on the
    # env file scripts/run-production.sh reads by default.
    assert service["ExecStart"] == f"{service['WorkingDirectory']}/scripts/run-production.sh"
    default = re.search(r"ENV_FILE=\$\{ENV_FILE:-([^}]+)\}", RUN_PRODUCTION.read_text()).group(1)
    assert service["EnvironmentFile"] == default == "/etc/jobassistent/production.env"
    assert service["Environment"] == f"ENV_FILE={default}"
    assert systemd_unit()["Install"]["WantedBy"] == "multi-user.target"


def dockerfile_instructions() -> List[Tuple[str, str]]:
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    return [tuple(line.split(None, 1)) for line in text.splitlines() if line.strip() and not line.startswith("#")]


def pins(text: str) -> Set[str]:
    return set(re.findall(r'"((?:pip|setuptools|wheel)==[^"]+)"', text))


def test_the_image_installs_from_the_lock_file_like_make_install():
    instructions = dockerfile_instructions()
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert len(pins(makefile)) == 3 and pins(DOCKERFILE.read_text()) == pins(makefile)
    runs = [argument for instruction, argument in instructions if instruction == "RUN"]
    lock_install = [run for run in runs if "-r requirements.lock" in run]
    assert len(lock_install) == 1 and "--no-deps" in lock_install[0]
    assert ("COPY", "requirements.lock ./") in instructions
    project_install = re.search(r"pip install --quiet (--no-deps --no-build-isolation -e \.)", makefile).group(1)
    assert any(project_install in run for run in runs)
    # The lock was made on this venv's Python; the image uses the same one.
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    bases = [argument.split()[0] for instruction, argument in instructions if instruction == "FROM"]
    assert bases[0] == f"python:{python}-slim-bookworm"


def test_the_image_trains_at_build_time_and_runs_the_production_profile_as_a_user():
    instructions = dockerfile_instructions()
    runtime = instructions[max(index for index, (name, _) in enumerate(instructions) if name == "FROM"):]
    runs = [argument for instruction, argument in instructions if instruction == "RUN"]
    assert any("python -m bot.launcher train" in run for run in runs)
    [user] = [argument for instruction, argument in runtime if instruction == "USER"]
    assert user.split(":")[0] not in ("root", "0")
    env = " ".join(argument for instruction, argument in runtime if instruction == "ENV")
    assert "JOBASSISTENT_PROFILE=production" in env
    [command] = [json.loads(argument) for instruction, argument in runtime if instruction == "CMD"]
    assert command == ["python", "-m", "bot.launcher", "run"]


def test_nothing_secret_or_local_goes_into_the_image():
    patterns = [line.strip().rstrip("/") for line in (PROJECT_ROOT / ".dockerignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]

    def ignored(path: str) -> bool:
        return any(path == pattern or path.startswith(pattern + "/") or fnmatch(path, pattern.replace("**/", "*"))
                   for pattern in patterns)

    for path in ("var/secrets.json", "var/jobassistent.db", ".venv/bin/python", ".git/config", "deploy/production.env"):
        assert ignored(path), path
    for path in ("requirements.lock", "pyproject.toml", "bot/launcher.py", "models/jobassistent.tar.gz",
                 "credentials.yml", "deploy/production.env.example"):
        assert not ignored(path), path


# --- The production profile for real ---

def production_env_file(path: Path, var_dir: Path, database_url: str, lock_store_url: str) -> Dict[str, str]:
    """The env file an operator would write, on free ports and the test services; returns its settings."""
    gateway_port, rasa_port, action_port = free_port_blocks(1, 1, 1)
    settings = {
        "JOBASSISTENT_VAR_DIR": str(var_dir), "DATABASE_URL": database_url, "LOCK_STORE_URL": lock_store_url,
        "GATEWAY_HOST": "127.0.0.1", "GATEWAY_PORT": str(gateway_port), "RASA_PORT": str(rasa_port),
        "ACTION_SERVER_PORT": str(action_port), "RASA_PROCESSES": "1",
        "PUBLIC_URL": f"http://127.0.0.1:{gateway_port}", LOOPBACK_HTTP_OVERRIDE: "1",
        "SECURE_COOKIES": "1", "TRUSTED_PROXIES": "127.0.0.1", "METRICS_ALLOWED": "127.0.0.1",
        "LOG_FORMAT": "json", "SESSION_SECRET": token(), "RASA_TOKEN": token(), "ACTION_SERVER_TOKEN": token(),
        "SUBJECT_KEY": token(), **oidc_environment("mitid", "personale"),
        "OIDC_MITID_LABEL_DA": "Log ind med MitID (test)",
    }
    path.write_text("# written by tests/test_production_profile.py\n"
                    + "".join(f"{name}={value}\n" for name, value in settings.items()))
    path.chmod(0o600)
    return settings


def http_get(port: int, path: str) -> Tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def wait_for_health(port: int, process: subprocess.Popen, timeout: float = 600) -> Optional[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            status, _, body = http_get(port, "/healthz")
            if status == 200:
                return json.loads(body)
        except OSError:
            pass
        time.sleep(1)
    return None


@pytest.fixture
def lock_store_url():
    """The test Redis with a key prefix of this test's own, emptied after."""
    import redis

    from bot.settings import redis_address
    from tests.test_scale_out import redis_url, with_key_prefix

    url = with_key_prefix(redis_url(), f"prod{uuid.uuid4().hex[:10]}")
    yield url
    address = redis_address(url)
    client = redis.Redis(host=address.host, port=address.port, db=address.db)
    for key in client.scan_iter(match=f"{address.key_prefix}:*"):
        client.delete(key)
    client.close()


@pytest.mark.rasa
@pytest.mark.postgres
def test_the_production_profile_starts_from_its_one_command_and_stops_on_sigterm(
        trained_model, lock_store_url, tmp_path):
    with postgres_schema("prod") as database_url:
        env_file, var_dir, output = tmp_path / "production.env", tmp_path / "var", tmp_path / "output.log"
        settings = production_env_file(env_file, var_dir, database_url, lock_store_url)
        port = int(settings["GATEWAY_PORT"])
        with open(output, "w") as output_file:
            process = subprocess.Popen(
                ["bash", str(RUN_PRODUCTION)], cwd=PROJECT_ROOT, stdout=output_file, stderr=subprocess.STDOUT,
                env={"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8",
                     "ENV_FILE": str(env_file)})
        try:
            health = wait_for_health(port, process)
            assert health is not None, started_output(output, var_dir)
            assert health == {"status": "ok", "rasa": "ok", "action_server": "ok", "database": "ok", "down": []}
            assert_real_login_only(settings)
            assert_stored_on_postgresql_with_redis_locks(settings, database_url)
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
            exit_code = process.wait(timeout=90)
        shown = output.read_text()
        assert exit_code == 0, shown
        # The check ran first and passed; the launcher stopped everything on SIGTERM.
        assert "Configuration check, profile production:" in shown
        assert "No errors: the production profile can start." in shown
        assert "Stoppet." in shown
        with pytest.raises(OSError):
            http_get(port, "/healthz")  # the gateway is gone, and with it the rest


def assert_real_login_only(settings: Mapping[str, str]) -> None:
    port = int(settings["GATEWAY_PORT"])
    # No development login; the login buttons are the providers of the env file, read as written.
    _, _, body = http_get(port, "/api/session")
    session = json.loads(body)
    assert session["dev_login"] is False
    assert [(choice["name"], choice["label_da"]) for choice in session["login_providers"]] == [
        ("mitid", "Log ind med MitID (test)"), ("personale", "Log ind som medarbejder")]
    # Real login goes to the provider, coming back to PUBLIC_URL, with a Secure session cookie.
    status, headers, _ = http_get(port, "/auth/login/mitid")
    location = urlsplit(headers["Location"])
    assert status == 302 and f"{location.scheme}://{location.netloc}" == settings["OIDC_MITID_ISSUER"]
    assert parse_qs(location.query)["redirect_uri"] == [f"{settings['PUBLIC_URL']}/auth/callback/mitid"]
    assert "Secure" in headers["Set-Cookie"]


def assert_stored_on_postgresql_with_redis_locks(settings: Mapping[str, str], database_url: str) -> None:
    from sqlalchemy import create_engine, inspect, text

    # A turn through Rasa, as the gateway sends it: its lock is taken in Redis, its events are kept in
    # PostgreSQL with the app's tables, in this test's schema.
    sender = f"citizen-prod-{uuid.uuid4().hex[:8]}"
    request = urllib.request.Request(
        f"http://127.0.0.1:{settings['RASA_PORT']}{CHANNEL_PATH}/webhook", method="POST",
        data=json.dumps({"sender": sender, "message": "hej", "metadata": {}}).encode(),
        headers={"Content-Type": "application/json", SECRET_HEADER: settings["RASA_TOKEN"]})
    with urllib.request.urlopen(request, timeout=120) as response:
        assert response.status == 200 and json.loads(response.read())
    engine = create_engine(database_url, future=True)
    try:
        assert {"alembic_version", "events"} <= set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT count(*) FROM events WHERE sender_id = :sender"),
                                        {"sender": sender}).scalar_one()
        assert stored > 0
    finally:
        engine.dispose()
    endpoints = yaml.load((Path(settings["JOBASSISTENT_VAR_DIR"]) / "endpoints.yml").read_text(),
                          Loader=yaml.BaseLoader)
    assert endpoints["lock_store"]["type"] == "bot.rasa_lock_store.AtomicRedisLockStore"
    [key_prefix] = parse_qs(urlsplit(settings["LOCK_STORE_URL"]).query)["key_prefix"]
    assert endpoints["lock_store"]["key_prefix"] == key_prefix


def started_output(output: Path, var_dir: Path) -> str:
    logs = [f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}"
            for log in sorted((var_dir / "log").glob("*.log"))]
    return "\n".join([output.read_text(errors="replace")[-3000:], *logs])


def test_a_retention_file_that_cannot_be_used_refuses_the_production_start(tmp_path):
    broken = tmp_path / "retention.yml"
    broken.write_text("journal_entries:\n  keep_days: -1\n")
    env = safe_production_env(tmp_path)
    env["RETENTION_CONFIG"] = str(broken)
    assert [(problem.setting, problem.severity) for problem in check(env)[1]] == [("RETENTION_CONFIG", ERROR)]
