"""Shared fixtures: throwaway settings and databases, and the real Rasa stack for gateway tests."""
from __future__ import annotations

import os
import secrets
import time
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import text

from bot.gateway.rasa_client import CHANNEL_PATH
from bot.internal_auth import SECRET_HEADER
from bot.store.db import Database, make_engine
from bot.launcher import ensure_model, start_servers, stop_servers
from bot.migrate import upgrade
from bot.settings import load_settings
from bot.free_ports import free_port, free_port_blocks  # noqa: F401  (tests import them from here)


# Tests write to the chat far faster than people do, from one address; the chat limits have tests of
# their own (tests/test_rate_limits.py).
AT_SCRIPT_SPEED = {"rate_limit_chat_per_user": "1000 per second", "rate_limit_chat_per_address": "1000 per second"}


def make_settings(var_dir: Path, **overrides):
    env = {
        "JOBASSISTENT_VAR_DIR": str(var_dir),
        "RASA_TOKEN": "test-token",
        "SESSION_SECRET": "test-session-secret",
        "ACTION_SERVER_TOKEN": "test-action-server-token",
        "SUBJECT_KEY": "test-subject-key",
        "DEV_LOGIN": "1",
    }
    return replace(load_settings(env), **overrides)


@pytest.fixture
def settings(tmp_path):
    return make_settings(tmp_path)


@pytest.fixture
def database(settings):
    upgrade(settings.database_url)
    db = Database(settings.database_url)
    yield db
    db.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request, tmp_path):
    """An empty database on SQLite and on the real PostgreSQL server, for storage tests."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    # A schema of its own per test keeps runs independent on the shared test database.
    with postgres_schema("t") as url:
        yield url


@pytest.fixture
def db(database_url):
    """The database of `database_url`, migrated and open, for storage tests on SQLite and PostgreSQL."""
    upgrade(database_url)
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def action_db(tmp_path, monkeypatch):
    """A migrated SQLite database that the actions use (through DATABASE_URL), for action tests."""
    from actions import storage

    url = f"sqlite:///{tmp_path / 'actions.db'}"
    upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("JOBASSISTENT_VAR_DIR", str(tmp_path))
    storage.database.cache_clear()
    yield storage.database()
    storage.database().dispose()
    storage.database.cache_clear()


@pytest.fixture(scope="session")
def trained_model():
    return ensure_model()


def _wait_for(url: str, deadline: float, processes, log_dir: Path, headers=None) -> None:
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                log = (log_dir / f"{name}.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{name} exited while starting:\n{log}")
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}),
                                        timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} did not answer in time")


@pytest.fixture(scope="session")
def rasa_stack(trained_model, tmp_path_factory):
    """Starts the real action server and Rasa server (on free ports, with a fresh SQLite database), logging
    JSON lines as in production."""
    var_dir = tmp_path_factory.mktemp("stack")
    # Always open, so live chat can be tested at any hour; the hours themselves have unit tests.
    # Secrets of its own, so a test can look for them where they must not be (command lines, logs).
    rasa_port, action_port = free_port_blocks(1, 1)
    stack_settings = make_settings(var_dir, rasa_port=rasa_port, action_port=action_port,
                                   opening_hours="mon-sun 00:00-24:00", log_format="json",
                                   rasa_token=secrets.token_urlsafe(32), session_key=secrets.token_urlsafe(32),
                                   action_server_token=secrets.token_urlsafe(32))
    upgrade(stack_settings.database_url)
    log_dir = var_dir / "log"
    processes = start_servers(stack_settings, trained_model, log_dir, names=("actions", "rasa"))
    try:
        deadline = time.monotonic() + 300
        _wait_for(f"{stack_settings.action_server_url}/health", deadline, processes, log_dir)
        _wait_for(f"{stack_settings.rasa_url}{CHANNEL_PATH}/status", deadline, processes, log_dir,
                  headers={SECRET_HEADER: stack_settings.rasa_token})
        yield stack_settings
    finally:
        stop_servers(processes)


@pytest.fixture
async def gateway(rasa_stack, aiohttp_client):
    """The gateway app in-process, talking to the real Rasa and action servers."""
    from bot.gateway.app import init_app

    database = Database(rasa_stack.database_url)
    client = await aiohttp_client(init_app(replace(rasa_stack, **AT_SCRIPT_SPEED), database))
    yield client
    database.dispose()


@contextmanager
def postgres_schema(prefix: str) -> Iterator[str]:
    """The URL of a fresh schema on the test PostgreSQL database, dropped with everything in it after."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    base = postgres_url()
    engine = make_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.fail("TEST_DATABASE_URL is not set: run the tests with `make test`, which starts PostgreSQL.")
    return url


@pytest.fixture(scope="session")
def gateway_server(rasa_stack, trained_model):
    """The gateway as its own process on a free port, for browser tests."""
    server_settings = replace(rasa_stack, gateway_port=free_port())
    log_dir = server_settings.var_dir / "log"
    env_overrides = {"GATEWAY_PORT": str(server_settings.gateway_port), "DEV_LOGIN": "1",
                     "RASA_PORT": str(rasa_stack.rasa_port),
                     "ACTION_SERVER_PORT": str(rasa_stack.action_port),
                     **{name.upper(): value for name, value in AT_SCRIPT_SPEED.items()}}
    old = {key: os.environ.get(key) for key in env_overrides}
    os.environ.update(env_overrides)
    try:
        processes = start_servers(server_settings, trained_model, log_dir, names=("gateway",))
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    try:
        _wait_for(f"http://127.0.0.1:{server_settings.gateway_port}/api/session",
                  time.monotonic() + 60, processes, log_dir)
        yield f"http://127.0.0.1:{server_settings.gateway_port}"
    finally:
        stop_servers(processes)


@pytest.fixture
def browser_page():
    """A headless Debian Chromium page driven by Playwright."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail("Chromium is missing: run the tests with `make test`, which installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        page = browser.new_page()
        yield page
        browser.close()


@pytest.fixture
def gateway_without_rasa(database_url, tmp_path, aiohttp_client):
    """Starts the gateway app as `gateway` builds it, with overrides to its settings, on a migrated
    database (SQLite and PostgreSQL) and with nothing listening where Rasa would be (chat answers 503):
    for what the gateway decides on its own, like logins and rate limits. The start returns
    (client, settings, database)."""
    from bot.gateway.app import init_app

    upgrade(database_url)
    database = Database(database_url)

    async def start(**overrides):
        gateway_settings = make_settings(tmp_path, database_url=database_url, rasa_port=free_port(),
                                         action_port=free_port(), **overrides)
        return await aiohttp_client(init_app(gateway_settings, database)), gateway_settings, database

    yield start
    database.dispose()
