"""Watching the assistant: request ids through gateway, Rasa and actions, JSON log lines without the
users' words, /metrics for the allowed addresses only, and /readyz."""
from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import uuid
from contextlib import asynccontextmanager, contextmanager
from datetime import timedelta
from typing import Dict, Iterator, List

import aiohttp
import pytest
from aiohttp import web
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from bot.free_ports import free_port
from bot.gateway.app import init_app
from bot.gateway.rasa_client import CHANNEL_PATH
from bot.internal_auth import SECRET_HEADER
from bot.launcher import prepare_metrics_dir, server_environment
from bot.observability import (
    REQUEST_ID_HEADER, RequestIdFilter, configure_logging, json_formatter, metrics_exposition, request_id_context,
    safe_request_id,
)
from bot.private_files import PRIVATE_DIR_MODE
from bot.store.handoff import open_case
from bot.store.models import HandoffCase, utcnow
from tests.conftest import make_settings
from tests.helpers import login

WORDS_OF_THE_USER = "Jeg hedder Zorbadottir og har ondt i ryggen"


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@contextmanager
def json_log_lines(process_name: str = "gateway") -> Iterator[List[dict]]:
    """Every log record of the block, as the JSON lines LOG_FORMAT=json writes (parsed after the block)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter(process_name))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    lines: List[dict] = []
    try:
        yield lines
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        lines.extend(json.loads(line) for line in stream.getvalue().splitlines())


# --- the request id -------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, taken", [
    ("0f8fad5b-d9cb-469f-a165-70867728950e", True),
    ("abcdEFGH", True),
    ("a" * 64, True),
    ("abcdefg", False),  # too short to tell requests apart
    ("a" * 65, False),
    ("abc def gh", False),
    ("abcdefgh\nlevel=ERROR", False),  # a forged log line
    ("abcdefgh_1", False),
    ("æøåæøåæøå", False),
    ("", False),
    (None, False),
    (12345678, False),
])
def test_a_request_id_from_outside_is_taken_only_when_it_is_a_safe_token(value, taken):
    assert safe_request_id(value) == (value if taken else None)


def test_a_json_log_line_has_the_fields_and_the_request_id_and_only_the_log_calls_own_text():
    logger = logging.getLogger("bot.rasa_channel")
    with json_log_lines("rasa") as lines:
        with request_id_context("turn-1234abcd"):
            logger.info("answered a message in %.3f s", 0.25)
        logger.warning("outside any request")
    inside, outside = lines
    assert set(inside) == {"time", "level", "logger", "process", "request_id", "message"}
    assert (inside["level"], inside["logger"], inside["process"], inside["request_id"], inside["message"]) == (
        "INFO", "bot.rasa_channel", "rasa", "turn-1234abcd", "answered a message in 0.250 s")
    assert inside["time"].startswith(str(utcnow().year)) and "+00:00" in inside["time"]
    assert outside["request_id"] is None and outside["level"] == "WARNING"


def test_configure_logging_makes_the_root_logger_write_json_only_when_asked(monkeypatch):
    root = logging.getLogger()
    monkeypatch.setattr(root, "handlers", [logging.StreamHandler(io.StringIO())])
    configure_logging("text", "gateway")
    assert not any(handler.filters for handler in root.handlers)
    configure_logging("json", "actions-2")
    configure_logging("json", "actions-2")  # once is enough: no second handler
    [handler] = root.handlers
    assert any(isinstance(found, RequestIdFilter) for found in handler.filters)
    record = logging.LogRecord("actions.server", logging.INFO, __file__, 1, "ran %s", ("action_greet",), None)
    handler.filter(record)
    assert json.loads(handler.format(record))["process"] == "actions-2"
    for name in ("sanic.root", "sanic.error"):
        sanic_logger = logging.getLogger(name)
        assert handler in sanic_logger.handlers
        sanic_logger.removeHandler(handler)


# --- the gateway, with a stand-in for Rasa --------------------------------------------------------------

class FakeRasa:
    """Rasa's gateway channel as far as the gateway needs it, keeping what it was sent."""

    def __init__(self, model_loaded: bool = True) -> None:
        self.model_loaded = model_loaded
        self.received: List[Dict] = []
        self.app = web.Application()
        self.app.router.add_get(f"{CHANNEL_PATH}/status", self.status)
        self.app.router.add_post(f"{CHANNEL_PATH}/webhook", self.webhook)
        self.app.router.add_post(f"{CHANNEL_PATH}/conversations/{{conversation_id}}/trigger_intent", self.trigger)

    async def status(self, request):
        return web.json_response({"model_file": "jobassistent.tar.gz" if self.model_loaded else None})

    async def webhook(self, request):
        self.received.append({"body": await request.json(), "request_id": request.headers.get(REQUEST_ID_HEADER)})
        return web.json_response([{"text": "Hej"}])

    async def trigger(self, request):
        return web.json_response({"messages": []})


@pytest.fixture
def gateway_with_fake_rasa(database, tmp_path, aiohttp_client, aiohttp_server):
    """Starts a FakeRasa and the gateway app talking to it; returns (client, fake, database)."""

    async def start(model_loaded: bool = True, **overrides):
        fake = FakeRasa(model_loaded)
        rasa = await aiohttp_server(fake.app)
        settings = make_settings(tmp_path, rasa_port=rasa.port, action_port=free_port(), **overrides)
        return await aiohttp_client(init_app(settings, database)), fake, database

    return start


async def test_every_answer_carries_the_request_id_given_or_a_new_safe_one(gateway_with_fake_rasa):
    client, _, _ = await gateway_with_fake_rasa()
    given = await client.get("/api/session", headers={REQUEST_ID_HEADER: "mine-12345678"})
    assert given.headers[REQUEST_ID_HEADER] == "mine-12345678"
    forged = await client.get("/api/session", headers={REQUEST_ID_HEADER: "x\" level=\"ERROR"})
    made = forged.headers[REQUEST_ID_HEADER]
    assert safe_request_id(made) == made and "ERROR" not in made
    other = await client.get("/api/session")
    assert other.headers[REQUEST_ID_HEADER] != made
    not_found = await client.get("/no/such/page", headers={REQUEST_ID_HEADER: "mine-87654321"})
    assert not_found.status == 404 and not_found.headers[REQUEST_ID_HEADER] == "mine-87654321"


async def test_requests_are_timed_by_the_routes_pattern_never_the_path_asked_for(gateway_with_fake_rasa):
    client, _, _ = await gateway_with_fake_rasa()
    name = "jobassistent_http_request_duration_seconds_count"
    case_route = {"route": "/api/advisor/cases/{case_id}", "method": "GET"}
    before = sample(name, **case_route), sample(name, route="other", method="GET"), \
        sample(name, route="/api/session", method="GET")
    for case_id in (17, 18, 19):
        assert (await client.get(f"/api/advisor/cases/{case_id}")).status == 401  # not logged in
    for path in ("/no/such/page", "/api/advisor/cases/17/nothing", "/static/../secrets.json"):
        await client.get(path)
    await client.get("/api/session")
    await client.request("PROPFIND", "/api/session")  # WebDAV: a method no route has
    after = sample(name, **case_route), sample(name, route="other", method="GET"), \
        sample(name, route="/api/session", method="GET")
    assert (after[0] - before[0], after[1] - before[1], after[2] - before[2]) == (3, 3, 1)
    assert sample(name, route="other", method="other") >= 1
    assert sample(name, route="/api/advisor/cases/17", method="GET") == 0


async def test_a_server_error_is_counted_by_route(gateway_with_fake_rasa, monkeypatch):
    from bot.gateway import routes

    client, _, _ = await gateway_with_fake_rasa()
    labels = {"route": "/api/session", "status_class": "5xx"}
    before = sample("jobassistent_http_errors_total", **labels)

    async def broken(request):
        raise RuntimeError("a bug")

    monkeypatch.setattr(routes, "current_user", broken)
    assert (await client.get("/api/session")).status == 500
    assert sample("jobassistent_http_errors_total", **labels) == before + 1


async def test_a_turns_request_id_reaches_rasa_and_its_log_lines_hold_no_words_of_the_user(gateway_with_fake_rasa):
    client, fake, _ = await gateway_with_fake_rasa()
    await login(client, user_id="observability-1")
    rasa_calls_before = sample("jobassistent_rasa_request_duration_seconds_count", operation="message")
    with json_log_lines() as lines:
        answer = await client.post("/api/chat", json={"message": WORDS_OF_THE_USER},
                                   headers={REQUEST_ID_HEADER: "turn-0001-abcdef"})
    assert answer.status == 200, await answer.text()
    assert answer.headers[REQUEST_ID_HEADER] == "turn-0001-abcdef"
    [sent] = fake.received
    assert sent["request_id"] == "turn-0001-abcdef"
    assert sent["body"]["metadata"]["request_id"] == "turn-0001-abcdef"
    assert sample("jobassistent_rasa_request_duration_seconds_count", operation="message") == rasa_calls_before + 1
    access = [line for line in lines if line["logger"] == "bot.gateway.access"]
    assert [line["request_id"] for line in access] == ["turn-0001-abcdef"]
    assert access[0]["message"].startswith("POST /api/chat 200 ")
    written = json.dumps(lines, ensure_ascii=False)
    assert "Zorbadottir" not in written and "ryggen" not in written


async def test_a_failed_call_to_rasa_is_timed_and_counted(gateway_with_fake_rasa):
    client, _, _ = await gateway_with_fake_rasa()
    await login(client, user_id="observability-2")
    labels = {"operation": "events"}
    before = sample("jobassistent_rasa_errors_total", **labels), \
        sample("jobassistent_rasa_request_duration_seconds_count", **labels)
    assert (await client.get("/api/chat/history")).status == 503  # the stand-in has no events route
    assert (sample("jobassistent_rasa_errors_total", **labels),
            sample("jobassistent_rasa_request_duration_seconds_count", **labels)) == (before[0] + 1, before[1] + 1)


# --- /metrics and /readyz -------------------------------------------------------------------------------

def metric_values(text: str) -> Dict[tuple, float]:
    return {(sample_.name, tuple(sorted(sample_.labels.items()))): sample_.value
            for family in text_string_to_metric_families(text) for sample_ in family.samples}


async def test_metrics_are_not_there_for_an_address_not_allowed_even_behind_a_trusted_proxy(gateway_without_rasa):
    client, _, _ = await gateway_without_rasa(metrics_allowed=("10.1.2.3", "192.168.0.0/16"),
                                              trusted_proxies=("127.0.0.1",))
    refused = await client.get("/metrics", headers={"X-Forwarded-For": "10.1.2.3"})
    unknown = await client.get("/no-such-page")
    assert refused.status == 404
    assert (await refused.text(), refused.content_type) == (await unknown.text(), unknown.content_type)
    assert "jobassistent" not in await refused.text()


async def test_metrics_are_served_to_an_allowed_address_with_the_handoff_queue(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()  # 127.0.0.1 and ::1 by default

    def waiting_case(session):
        case, _ = open_case(session, role="citizen", external_id="metrics-queue-1", name="", language="da",
                            reason_code="asked_for_person", contact_wish="chat", phone=None, summary={})
        case.created_at = utcnow() - timedelta(minutes=10)

    await database.run(waiting_case)
    await client.get("/api/session")
    answer = await client.get("/metrics")
    assert answer.status == 200 and answer.content_type == "text/plain"
    values = metric_values(await answer.text())
    assert values[("jobassistent_handoff_cases_active", (("status", "open"),))] == 1
    assert values[("jobassistent_handoff_cases_active", (("status", "claimed"),))] == 0
    assert 600 <= values[("jobassistent_handoff_oldest_unclaimed_seconds", ())] < 700
    assert values[("jobassistent_http_request_duration_seconds_count",
                   (("method", "GET"), ("route", "/api/session")))] >= 1


async def test_claiming_a_case_records_how_long_it_waited(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()

    def waiting_case(session):
        case, _ = open_case(session, role="citizen", external_id="metrics-claim-1", name="", language="da",
                            reason_code="asked_for_person", contact_wish="chat", phone=None, summary={})
        case.created_at = utcnow() - timedelta(minutes=5)
        return case.id

    case_id = await database.run(waiting_case)
    count, total = (sample("jobassistent_handoff_claim_wait_seconds_count"),
                    sample("jobassistent_handoff_claim_wait_seconds_sum"))
    await login(client, "advisor", "metrics-advisor", "Rita")
    claimed = await client.post(f"/api/advisor/cases/{case_id}/claim", json={})
    assert claimed.status == 200, await claimed.text()
    assert sample("jobassistent_handoff_claim_wait_seconds_count") == count + 1
    assert 300 <= sample("jobassistent_handoff_claim_wait_seconds_sum") - total < 400
    assert await database.run(lambda session: session.get(HandoffCase, case_id).status) == "claimed"


async def test_not_ready_while_rasa_is_not_there(gateway_without_rasa):
    client, _, _ = await gateway_without_rasa()
    answer = await client.get("/readyz")
    assert answer.status == 503
    assert await answer.json() == {"status": "not ready", "database": "ok", "rasa": "not ready",
                                   "not_ready": ["rasa"]}
    assert (await client.get("/healthz")).status == 503  # liveness says the same, in its own way


async def test_ready_once_rasa_has_its_model_and_the_database_answers(gateway_with_fake_rasa):
    ready, _, _ = await gateway_with_fake_rasa()
    answer = await ready.get("/readyz")
    assert answer.status == 200
    assert await answer.json() == {"status": "ready", "database": "ok", "rasa": "ok", "not_ready": []}
    no_model, _, _ = await gateway_with_fake_rasa(model_loaded=False)
    assert (await no_model.get("/readyz")).status == 503


def test_a_scrape_adds_up_the_metrics_every_process_wrote(tmp_path, monkeypatch):
    folder = tmp_path / "metrics"
    folder.mkdir()
    observe = ("from bot.observability import ACTION_SECONDS; "
               "ACTION_SECONDS.labels('action_from_another_process').observe(0.2)")
    for _ in range(2):  # two processes, as with two action servers
        subprocess.run([sys.executable, "-c", observe], check=True, cwd=os.getcwd(),
                       env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)})
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))
    values = metric_values(metrics_exposition().decode())
    assert values[("jobassistent_action_duration_seconds_count", (("action", "action_from_another_process"),))] == 2
    assert values[("jobassistent_action_duration_seconds_sum", (("action", "action_from_another_process"),))] \
        == pytest.approx(0.4)


def test_the_launcher_gives_every_process_the_log_format_and_a_fresh_private_metrics_folder(tmp_path):
    settings = make_settings(tmp_path, log_format="json")
    env = server_environment(settings)
    assert env["LOG_FORMAT"] == "json" and env["PROMETHEUS_MULTIPROC_DIR"] == str(tmp_path / "metrics")
    folder = prepare_metrics_dir(settings, empty=True)
    (folder / "histogram_4242.db").write_bytes(b"from an earlier run")
    assert prepare_metrics_dir(settings, empty=False) == folder and (folder / "histogram_4242.db").exists()
    assert prepare_metrics_dir(settings, empty=True) == folder and list(folder.iterdir()) == []
    assert folder.stat().st_mode & 0o777 == PRIVATE_DIR_MODE


# --- Rasa's channel and the action server, in this process ----------------------------------------------

@asynccontextmanager
async def serving(app):
    """Runs a Sanic app on a free port in this event loop; yields its address."""
    port = free_port()
    server = await app.create_server(host="127.0.0.1", port=port, return_asyncio_server=True)
    await server.startup()
    await server.before_start()
    await server.after_start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await server.before_stop()
        await server.close()
        await server.after_stop()


def action_call(action: str, request_id: str) -> dict:
    tracker = {"sender_id": "citizen-observability", "slots": {}, "events": [], "paused": False,
               "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen",
               "latest_message": {"text": WORDS_OF_THE_USER, "intent": {"name": "greet"}, "entities": [],
                                  "metadata": {"request_id": request_id}}}
    return {"next_action": action, "sender_id": "citizen-observability", "tracker": tracker, "domain": {},
            "version": "3.6.2"}


@pytest.fixture
def sanic_in_test_mode(monkeypatch):
    """Sanic refuses a second app of a name (rasa-sdk's is always "rasa_sdk"), and rewrites its own
    code again for every app it starts, unless in test mode."""
    from sanic import Sanic

    monkeypatch.setattr(Sanic, "test_mode", True)


async def test_an_action_run_is_timed_and_logged_with_the_messages_request_id(sanic_in_test_mode):
    from actions.server import create_server

    labels = {"action": "action_greet"}
    before = sample("jobassistent_action_duration_seconds_count", **labels)
    async with serving(create_server("action-secret")) as url, aiohttp.ClientSession() as http:
        with json_log_lines("actions") as lines:
            async with http.post(f"{url}/webhook", json=action_call("action_greet", "turn-0002-abcdef"),
                                 headers={SECRET_HEADER: "action-secret"}) as answer:
                assert answer.status == 200
            async with http.post(f"{url}/webhook", json=action_call("action_no_such", "turn-0003-abcdef"),
                                 headers={SECRET_HEADER: "action-secret"}) as unknown:
                assert unknown.status == 404
            async with http.post(f"{url}/webhook", json=action_call("action_greet", "turn-0004-abcdef")) as refused:
                assert refused.status == 401
    assert sample("jobassistent_action_duration_seconds_count", **labels) == before + 1
    assert sample("jobassistent_action_duration_seconds_count", action="action_no_such") == 0
    ran = [line for line in lines if line["logger"] == "actions.server" and line["message"].startswith("ran ")]
    assert [(line["request_id"], line["message"].split(" in ")[0]) for line in ran] == [
        ("turn-0002-abcdef", "ran action_greet: 200"), ("turn-0003-abcdef", "ran other: 404")]
    assert "Zorbadottir" not in json.dumps(lines, ensure_ascii=False)


async def test_a_failing_action_answers_without_the_conversation_and_is_counted(sanic_in_test_mode, monkeypatch):
    from actions.base import ActionCapabilities
    from actions.server import create_server

    async def fails(self, dispatcher, tracker, domain):
        raise RuntimeError("a bug")

    monkeypatch.setattr(ActionCapabilities, "run", fails)
    before = sample("jobassistent_action_errors_total", action="action_capabilities")
    async with serving(create_server("action-secret")) as url, aiohttp.ClientSession() as http:
        with json_log_lines("actions") as lines:
            async with http.post(f"{url}/webhook", json=action_call("action_capabilities", "turn-0005-abcdef"),
                                 headers={SECRET_HEADER: "action-secret"}) as answer:
                assert answer.status == 500
                assert "Zorbadottir" not in await answer.text()
    assert sample("jobassistent_action_errors_total", action="action_capabilities") == before + 1
    [failed] = [line for line in lines if line["message"] == "action action_capabilities failed"]
    assert failed["request_id"] == "turn-0005-abcdef" and "RuntimeError: a bug" in failed["exc_info"]


async def test_rasas_channel_handles_a_message_under_its_request_id(sanic_in_test_mode):
    from sanic import Sanic

    from bot.observability import current_request_id
    from bot.rasa_channel import GatewayInput

    seen = []

    async def on_new_message(message):
        seen.append((current_request_id.get(), message.metadata))

    class ReadyAgent:
        def is_ready(self):
            return True

    app = Sanic(f"channel_{uuid.uuid4().hex[:8]}")
    app.blueprint(GatewayInput("rasa-secret").blueprint(on_new_message), url_prefix=CHANNEL_PATH)
    app.ctx.agent = ReadyAgent()
    async with serving(app) as url, aiohttp.ClientSession() as http:
        with json_log_lines("rasa") as lines:
            body = {"sender": "citizen-x", "message": WORDS_OF_THE_USER, "metadata": {"request_id": "turn-0006-abcdef"}}
            async with http.post(f"{url}{CHANNEL_PATH}/webhook", json=body,
                                 headers={SECRET_HEADER: "rasa-secret"}) as answer:
                assert answer.status == 200
            body["metadata"] = {"request_id": "no good"}
            async with http.post(f"{url}{CHANNEL_PATH}/webhook", json=body,
                                 headers={SECRET_HEADER: "rasa-secret", REQUEST_ID_HEADER: "turn-0007-abcdef"}):
                pass
    assert [request_id for request_id, _ in seen] == ["turn-0006-abcdef", "turn-0007-abcdef"]
    answered = [line for line in lines if line["message"].startswith("answered a message in")]
    assert [line["request_id"] for line in answered] == ["turn-0006-abcdef", "turn-0007-abcdef"]
    assert "Zorbadottir" not in json.dumps(lines, ensure_ascii=False)


# --- the real stack ---------------------------------------------------------------------------------------

def json_lines_of(path) -> List[dict]:
    lines = []
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except ValueError:
                pass
    return lines


@pytest.mark.rasa
async def test_one_request_id_follows_a_message_through_gateway_rasa_and_actions(gateway_server, rasa_stack):
    request_id = f"e2e-{uuid.uuid4().hex}"
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.post(f"{gateway_server}/api/dev/login",
                             json={"role": "citizen", "id": "observability-e2e", "name": "Test"}) as logged_in:
            assert logged_in.status == 200
        async with http.post(f"{gateway_server}/api/chat", json={"message": "hej"},
                             headers={REQUEST_ID_HEADER: request_id}) as answer:
            assert answer.status == 200, await answer.text()
            assert answer.headers[REQUEST_ID_HEADER] == request_id
        async with http.get(f"{gateway_server}/metrics") as scraped:
            assert scraped.status == 200
            values = metric_values(await scraped.text())

    logs = {name: json_lines_of(rasa_stack.var_dir / "log" / f"{name}.log") for name in ("gateway", "rasa", "actions")}
    with_the_id = {name: [line for line in lines if line.get("request_id") == request_id]
                   for name, lines in logs.items()}
    assert all(with_the_id.values()), {name: len(lines) for name, lines in with_the_id.items()}
    assert {line["process"] for lines in with_the_id.values() for line in lines} == {"gateway", "rasa", "actions"}
    assert any(line["message"].startswith("ran action_") for line in with_the_id["actions"])
    assert any(line["message"].startswith("answered a message in") for line in with_the_id["rasa"])

    assert values[("jobassistent_rasa_request_duration_seconds_count", (("operation", "message"),))] >= 1
    action_runs = {labels: value for (name, labels), value in values.items()
                   if name == "jobassistent_action_duration_seconds_count"}
    assert sum(action_runs.values()) >= 1, values.keys()
