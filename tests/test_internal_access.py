"""Only the gateway may drive a conversation and only Rasa may call actions (issue 14): Rasa's one
channel and the action server want a shared secret that no command line, log or error shows, and
everything under var/ is the owner's only. The rasa-marked tests try it on the real servers."""
from __future__ import annotations

import json
import os
import stat
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest
import rasa_sdk
import yaml
from sqlalchemy import text

from bot.gateway.rasa_client import CHANNEL_PATH
from bot.internal_auth import SECRET_HEADER, secret_matches
from bot.launcher import server_commands, server_environment, start_servers, write_endpoints
from bot.settings import load_settings
from bot.store.journal import add_entry, entries_of
from bot.store.users import record_login
from tests.helpers import in_stack_database, login, say


def http(method: str, url: str, body: Optional[dict] = None,
         headers: Optional[Dict[str, str]] = None) -> Tuple[int, bytes]:
    """(status, body) of one request from a process that holds only what it is given."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def secrets_of(settings) -> List[str]:
    return [settings.rasa_token, settings.action_server_token, settings.session_key]


# --- Without servers ---

@pytest.mark.parametrize("presented, expected, matches", [
    ("s3cret", "s3cret", True), ("s3cret ", "s3cret", False), ("S3CRET", "s3cret", False),
    (None, "s3cret", False), ("", "s3cret", False), ("", "", False), (None, "", False),
    ("æøå", "æøå", True),
])
def test_only_the_exact_secret_matches_and_an_empty_setting_matches_nothing(presented, expected, matches):
    assert secret_matches(presented, expected) is matches


def test_no_secret_is_on_a_server_command_line_and_rasas_http_api_stays_off(settings, tmp_path):
    commands = server_commands(settings, tmp_path / "model.tar.gz", tmp_path / "endpoints.yml")
    every_argument = [argument for command in commands.values() for argument in command]
    for secret in secrets_of(settings):
        assert not any(secret in argument for argument in every_argument)
    assert "--enable-api" not in commands["rasa"] and "--auth-token" not in commands["rasa"]
    assert commands["actions"][1:3] == ["-m", "actions.server"]


def test_the_secrets_reach_the_servers_through_their_environment(settings):
    env = server_environment(settings)
    assert env["RASA_TOKEN"] == settings.rasa_token
    assert env["ACTION_SERVER_TOKEN"] == settings.action_server_token


def test_rasa_sends_the_action_server_secret_it_reads_from_its_environment(settings, monkeypatch):
    from rasa.utils.endpoints import read_endpoint_config

    path = write_endpoints(settings)
    assert settings.action_server_token not in path.read_text()
    raw = yaml.load(path.read_text(), Loader=yaml.BaseLoader)  # as written, before Rasa expands it
    assert raw["action_endpoint"]["headers"] == {SECRET_HEADER: "${ACTION_SERVER_TOKEN}"}
    monkeypatch.setenv("ACTION_SERVER_TOKEN", settings.action_server_token)
    endpoint = read_endpoint_config(str(path), "action_endpoint")
    assert endpoint.headers == {SECRET_HEADER: settings.action_server_token}
    assert endpoint.url == f"{settings.action_server_url}/webhook" and not endpoint.params


def test_the_channel_in_credentials_yml_takes_its_secret_from_rasas_environment(monkeypatch):
    # What `rasa run --credentials credentials.yml` does with the file (rasa/core/run.py).
    from rasa.shared.utils.common import class_from_module_path
    from rasa.shared.utils.io import read_config_file

    from bot.rasa_channel import GatewayInput
    from bot.settings import PROJECT_ROOT

    monkeypatch.setenv("RASA_TOKEN", "from-the-environment")
    credentials = read_config_file(str(PROJECT_ROOT / "credentials.yml"))
    assert credentials == {"bot.rasa_channel.GatewayInput": {"secret": "from-the-environment"}}
    channel = class_from_module_path("bot.rasa_channel.GatewayInput").from_credentials(
        credentials["bot.rasa_channel.GatewayInput"])
    assert isinstance(channel, GatewayInput) and channel.url_prefix() == CHANNEL_PATH.rsplit("/", 1)[1]
    assert "from-the-environment" not in (PROJECT_ROOT / "credentials.yml").read_text()
    with pytest.raises(ValueError, match="RASA_TOKEN") as refused:
        GatewayInput.from_credentials({"secret": ""})
    assert "from-the-environment" not in str(refused.value)


def test_the_action_server_will_not_start_without_its_secret():
    from actions.server import create_server

    with pytest.raises(ValueError, match="ACTION_SERVER_TOKEN"):
        create_server("")


def test_the_internal_secrets_are_generated_once_kept_private_and_all_different(tmp_path):
    first = load_settings({"JOBASSISTENT_VAR_DIR": str(tmp_path / "var")})
    second = load_settings({"JOBASSISTENT_VAR_DIR": str(tmp_path / "var")})
    assert first.action_server_token == second.action_server_token and len(first.action_server_token) >= 32
    assert len(set(secrets_of(first))) == 3
    assert mode_of(tmp_path / "var" / "secrets.json") == 0o600 and mode_of(tmp_path / "var") == 0o700


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def modes_under(directory: Path) -> Dict[str, int]:
    return {str(path.relative_to(directory)): mode_of(path) for path in directory.rglob("*")}


def test_starting_the_servers_takes_group_and_other_access_from_what_var_already_holds(settings):
    var_dir = settings.var_dir
    (var_dir / "reports" / "nlu").mkdir(parents=True)
    (var_dir / "reports").chmod(0o755)
    for name in ("jobassistent.db", "log/rasa.log", "reports/nlu/report.md", "tools/run.sh"):
        (var_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (var_dir / name).write_text("made before the fix")
        (var_dir / name).chmod(0o755 if name.endswith(".sh") else 0o644)
    assert start_servers(settings, var_dir / "model.tar.gz", var_dir / "log", names=()) == {}
    assert modes_under(var_dir) == {
        "jobassistent.db": 0o600, "endpoints.yml": 0o600, "log": 0o700, "log/rasa.log": 0o600, "metrics": 0o700,
        "reports": 0o700, "reports/nlu": 0o700, "reports/nlu/report.md": 0o600,
        "tools": 0o700, "tools/run.sh": 0o700}  # a program stays runnable, by its owner only
    assert mode_of(var_dir) == 0o700


# --- Against the real Rasa and action servers ---

def conversation_exists(stack, sender: str) -> bool:
    """Whether Rasa's tracker store holds any event of `sender`."""
    count = in_stack_database(stack, lambda session: session.execute(
        text("SELECT count(*) FROM events WHERE sender_id = :sender"), {"sender": sender}).scalar())
    return count > 0


@pytest.mark.rasa
def test_writing_as_a_citizen_to_rasa_without_the_secret_gets_nothing(rasa_stack):
    sender = "citizen-intruder"
    message = {"sender": sender, "message": "hej", "metadata": {}}
    for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: rasa_stack.action_server_token}):
        status, body = http("POST", f"{rasa_stack.rasa_url}{CHANNEL_PATH}/webhook", message, headers)
        assert (status, json.loads(body)) == (401, {"error": "unauthorized"})
    # The stock REST channel is gone: it took any sender from anyone on the machine.
    status, _ = http("POST", f"{rasa_stack.rasa_url}/webhooks/rest/webhook", message)
    assert status == 404
    assert not conversation_exists(rasa_stack, sender)


@pytest.mark.rasa
def test_rasas_own_http_api_is_off_even_with_the_old_token(rasa_stack):
    token = f"?token={rasa_stack.rasa_token}"
    for method, path, body in [
        ("GET", "/status", None),
        ("GET", "/conversations/citizen-intruder/tracker", None),
        ("POST", "/conversations/citizen-intruder/tracker/events", {"event": "bot", "text": "falsk"}),
        ("POST", "/conversations/citizen-intruder/trigger_intent", {"name": "greet"}),
        ("POST", "/model/parse", {"text": "hej"}),
    ]:
        status, _ = http(method, f"{rasa_stack.rasa_url}{path}{token}", body)
        assert status == 404, path
    assert not conversation_exists(rasa_stack, "citizen-intruder")


@pytest.mark.rasa
def test_every_channel_route_but_health_wants_the_secret(rasa_stack):
    channel = f"{rasa_stack.rasa_url}{CHANNEL_PATH}"
    routes = [
        ("GET", "/status", None),
        ("GET", "/conversations/citizen-intruder/events", None),
        ("POST", "/conversations/citizen-intruder/bot_messages", {"text": "falsk"}),
        ("POST", "/conversations/citizen-intruder/trigger_intent", {"name": "greet"}),
        ("POST", "/model/parse", {"text": "hej"}),
    ]
    for method, path, body in routes:
        assert http(method, channel + path, body)[0] == 401, path
        assert http(method, channel + path, body, {SECRET_HEADER: "x" + rasa_stack.rasa_token})[0] == 401, path
    assert http("GET", channel + "/")[0] == 200
    status, body = http("GET", channel + "/status", headers={SECRET_HEADER: rasa_stack.rasa_token})
    assert status == 200 and json.loads(body)["model_file"]
    assert not conversation_exists(rasa_stack, "citizen-intruder")


def delete_call(sender: str, entry_id: int) -> dict:
    """What Rasa would send to run action_journal_delete for `sender` with the entry picked."""
    tracker = {"sender_id": sender, "slots": {"journal_picked_id": str(entry_id)}, "latest_message": {},
               "events": [], "paused": False, "followup_action": None, "active_loop": {},
               "latest_action_name": None}
    return {"next_action": "action_journal_delete", "sender_id": sender, "tracker": tracker,
            "domain": {}, "version": rasa_sdk.__version__}


def journal_of(stack, external_id: str) -> List[int]:
    return in_stack_database(stack, lambda session: [
        entry.id for entry in entries_of(session, record_login(session, "citizen", external_id, "").id)])


@pytest.mark.rasa
def test_a_crafted_action_call_without_the_secret_deletes_nothing(rasa_stack):
    victim = "internal-access-victim"
    entry_id = in_stack_database(rasa_stack, lambda session: add_entry(
        session, record_login(session, "citizen", victim, "Offer").id,
        {"employer": "Netto", "job_title": "Lagermedarbejder", "applied_on": date(2026, 1, 5),
         "channel": "jobnet", "status": "sent"}).id)
    webhook = f"{rasa_stack.action_server_url}/webhook"
    call = delete_call(f"citizen-{victim}", entry_id)
    for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: rasa_stack.rasa_token}):
        status, body = http("POST", webhook, call, headers)
        assert (status, json.loads(body)) == (401, {"error": "unauthorized"})
        assert http("GET", f"{rasa_stack.action_server_url}/actions", headers=headers)[0] == 401
    assert journal_of(rasa_stack, victim) == [entry_id]
    assert http("GET", f"{rasa_stack.action_server_url}/health")[0] == 200
    # The same call with Rasa's secret does delete: it was the secret that was missing, not the call.
    status, body = http("POST", webhook, call, {SECRET_HEADER: rasa_stack.action_server_token})
    assert status == 200, body
    assert journal_of(rasa_stack, victim) == []


@pytest.mark.rasa
async def test_the_gateway_still_drives_the_whole_conversation(gateway, rasa_stack):
    assert (await gateway.get("/healthz")).status == 200  # the channel's status, with the secret
    await login(gateway, user_id="internal-access-1")  # trigger_intent greet
    answer = await say(gateway, "hvad kan du")  # send_message
    assert answer["messages"]
    history = await (await gateway.get("/api/chat/history")).json()  # tracker_events
    said = [message["text"] for message in history["messages"] if message["sender"] == "user"]
    assert said == ["hvad kan du"] and len(history["messages"]) >= 3
    assert conversation_exists(rasa_stack, "citizen-internal-access-1")


@pytest.mark.rasa
async def test_the_gateways_own_bot_message_lands_in_the_conversation(rasa_stack):
    import aiohttp

    from bot.gateway.rasa_client import RasaClient

    async with aiohttp.ClientSession() as session:
        client = RasaClient(session, rasa_stack.rasa_url, rasa_stack.action_server_url, rasa_stack.rasa_token, 30)
        await client.add_bot_message("citizen-internal-access-2", "En besked fra gatewayen")
        events = await client.tracker_events("citizen-internal-access-2")
    assert [event["text"] for event in events if event["event"] == "bot"][-1] == "En besked fra gatewayen"


def descendants(pid: int) -> List[int]:
    children: Dict[int, List[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, waiting = [], [pid]
    while waiting:
        for child in children.get(waiting.pop(), []):
            found.append(child)
            waiting.append(child)
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


@pytest.mark.rasa
def test_no_process_shows_a_secret_on_its_command_line(rasa_stack):
    started = [command_line(pid) for pid in descendants(os.getpid())]
    assert any(f"--port {rasa_stack.rasa_port}" in line for line in started), started
    assert any(f"--port {rasa_stack.action_port}" in line for line in started), started
    everyone = [command_line(int(entry.name)) for entry in Path("/proc").iterdir() if entry.name.isdigit()]
    for secret in secrets_of(rasa_stack):
        showing_it = [line.split()[:3] for line in everyone if secret in line]  # names, never the secret
        assert showing_it == []


@pytest.mark.rasa
async def test_no_secret_reaches_a_log_and_var_is_the_owners_only(gateway, rasa_stack):
    await login(gateway, user_id="internal-access-3")
    await say(gateway, "jeg vil se min joblog")
    logs = list((rasa_stack.var_dir / "log").glob("*.log"))
    assert {log.name for log in logs} >= {"rasa.log", "actions.log"}
    for log in logs:
        written = log.read_text(errors="replace")
        assert [secret in written for secret in secrets_of(rasa_stack)] == [False, False, False], log.name
    modes = modes_under(rasa_stack.var_dir)
    assert {"jobassistent.db", "endpoints.yml", "log", "log/rasa.log", "log/actions.log"} <= set(modes)
    wrong = {name: oct(mode) for name, mode in modes.items()
             if mode != (0o700 if (rasa_stack.var_dir / name).is_dir() else 0o600)}
    assert wrong == {} and mode_of(rasa_stack.var_dir) == 0o700
