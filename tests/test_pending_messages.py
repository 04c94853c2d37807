"""While Rasa is down the user keeps their place: what they write is kept (in order, only theirs), the
answer says so truthfully in their language, a crisis gets the emergency numbers at once, and the kept
messages are part of their data and go with an erasure. The gateway runs with nothing listening where
Rasa would be (a real outage); storage on SQLite and PostgreSQL. Delivery once Rasa is back, with the
real Rasa: tests/test_pending_delivery.py."""
import asyncio
import threading
from datetime import timedelta

import pytest
import yaml
from aiohttp import web
from sqlalchemy import select

from bot.gateway.app import init_app
from bot.gateway.routes import CRISIS_RESPONSES_FILE, KEPT_DA, KEPT_EN, crisis_numbers_from_domain
from bot.retention import run_retention
from bot.rules.retention import cutoff, kinds_kept_on_erasure, load_retention
from bot.store import pending
from bot.store.erasure import erase_person
from bot.store.models import PendingMessage, utcnow
from tests.conftest import AT_SCRIPT_SPEED, free_port, make_settings
from tests.helpers import login
from tests.test_chat_page import log_in

STALE = timedelta(minutes=5)


def kept_rows(database, external_id=None):
    def work(session):
        query = select(PendingMessage).order_by(PendingMessage.id)
        if external_id is not None:
            query = query.where(PendingMessage.user_external_id == external_id)
        return [(row.user_role, row.user_external_id, row.conversation_id, row.text, row.message_metadata, row.state)
                for row in session.execute(query).scalars()]

    return database.run_sync(work)


def domain_crisis_numbers():
    variants = yaml.safe_load(CRISIS_RESPONSES_FILE.read_text(encoding="utf-8"))["responses"]["utter_crisis_numbers"]
    return {"da": variants[0]["text"], "en": variants[1]["text"]}


async def test_a_message_while_rasa_is_down_is_kept_and_the_answer_says_so(gateway_without_rasa):
    client, _, database = await gateway_without_rasa(**AT_SCRIPT_SPEED)
    await login(client, "citizen", "venter-anna")

    response = await client.post("/api/chat", json={"message": "jeg har søgt et job hos Netto"})

    assert response.status == 503 and response.headers["Retry-After"] == "60"
    assert await response.json() == {"error": KEPT_DA, "pending": True, "messages": []}
    assert "gemt" in KEPT_DA and "ikke gået tabt" not in KEPT_DA
    assert kept_rows(database) == [("citizen", "venter-anna", "citizen-venter-anna", "jeg har søgt et job hos Netto",
                                    {"crisis_level": "none"}, "pending")]


async def test_the_answer_is_in_english_for_someone_writing_english(gateway_without_rasa):
    client, _, database = await gateway_without_rasa(**AT_SCRIPT_SPEED)
    await login(client, "citizen", "venter-english")

    response = await client.post("/api/chat", json={"message": "hello, I applied for a job at Netto today"})

    assert response.status == 503
    assert await response.json() == {"error": KEPT_EN, "pending": True, "messages": []}
    # The pending route answers in the language the user last wrote in.
    assert (await (await client.post("/api/chat/pending", json={})).json())["error"] == KEPT_EN


async def test_a_second_message_is_kept_after_the_first_and_the_pending_route_counts_them(gateway_without_rasa):
    client, _, database = await gateway_without_rasa(**AT_SCRIPT_SPEED)
    await login(client, "citizen", "venter-to")
    await client.post("/api/chat", json={"message": "jeg har søgt et job hos Netto"})
    second = await client.post("/api/chat", json={"message": "som kassemedarbejder"})
    assert second.status == 503 and (await second.json())["pending"] is True

    response = await client.post("/api/chat/pending", json={})

    assert response.status == 503 and response.headers["Retry-After"].isdigit()
    assert await response.json() == {"error": KEPT_DA, "pending": 2, "messages": []}
    # Offered to Rasa and not taken: both wait again, in the order written, no claim left behind.
    assert [(text, state) for *_, text, _, state in kept_rows(database)] == [
        ("jeg har søgt et job hos Netto", "pending"), ("som kassemedarbejder", "pending")]


@pytest.mark.parametrize("message, language", [("jeg vil ikke leve mere", "da"), ("I want to kill myself", "en")])
async def test_a_crisis_gets_the_emergency_numbers_at_once_and_is_kept_for_rasa(gateway_without_rasa, message,
                                                                                 language):
    client, _, database = await gateway_without_rasa(**AT_SCRIPT_SPEED)
    await login(client, "citizen", f"krise-{language}")

    response = await client.post("/api/chat", json={"message": message})

    assert response.status == 503
    body = await response.json()
    assert body["pending"] is True and body["error"] == (KEPT_EN if language == "en" else KEPT_DA)
    assert body["messages"] == [{"text": domain_crisis_numbers()[language], "buttons": []}]
    assert "112" in body["messages"][0]["text"] and "70 201 201" in body["messages"][0]["text"]
    [(_, _, _, text, metadata, _)] = kept_rows(database)
    assert (text, metadata) == (message, {"crisis_level": "crisis"})  # the urgent case opens when Rasa is back


async def test_nobody_gets_or_sees_another_users_kept_messages(gateway_without_rasa):
    client, _, database = await gateway_without_rasa(**AT_SCRIPT_SPEED)
    await login(client, "citizen", "venter-ejer")
    await client.post("/api/chat", json={"message": "Oles hemmelige besked"})
    await login(client, "citizen", "venter-anden")

    response = await client.post("/api/chat/pending", json={})

    assert response.status == 200
    assert await response.json() == {"messages": [], "pending": 0}  # nothing of hers waits; Rasa was not asked
    data = await (await client.get("/api/me/data")).json()
    assert data["messages_waiting_for_the_assistant"] == []
    assert "Oles hemmelige besked" not in str(data)
    assert [text for *_, text, _, state in kept_rows(database, "venter-ejer")] == ["Oles hemmelige besked"]


async def test_kept_messages_are_part_of_my_data(gateway_without_rasa):
    client, _, _ = await gateway_without_rasa(**AT_SCRIPT_SPEED)
    await login(client, "citizen", "venter-data")
    await client.post("/api/chat", json={"message": "jeg har søgt et job hos Netto"})
    await client.post("/api/chat", json={"message": "i går"})

    data = await (await client.get("/api/me/data")).json()

    waiting = data["messages_waiting_for_the_assistant"]
    assert [(m["text"], m["metadata"]) for m in waiting] == [
        ("jeg har søgt et job hos Netto", {"crisis_level": "none"}), ("i går", {"crisis_level": "none"})]
    assert all(m["created_at"] for m in waiting)


async def test_the_pending_route_needs_a_login(gateway_without_rasa):
    client, _, _ = await gateway_without_rasa(**AT_SCRIPT_SPEED)
    assert (await client.post("/api/chat/pending", json={})).status == 401


def test_an_erasure_removes_the_persons_kept_messages_and_nobody_elses(db):
    def keep(session):
        for external_id in ("slet-mig", "slet-mig", "bliver"):
            pending.keep_message(session, "citizen", external_id, f"besked fra {external_id}", {})

    db.run_sync(keep)
    kept = kinds_kept_on_erasure(load_retention())
    assert "pending_messages" not in kept

    erased = db.run_sync(erase_person, "citizen", "slet-mig", kept, 0)

    assert erased["pending_messages"] == 2
    assert [row[1] for row in kept_rows(db)] == ["bliver"]


# --- the store: claim, release, delete -----------------------------------------------------------

def test_only_the_oldest_message_is_claimed_and_only_once(db):
    def keep(session):
        first = pending.keep_message(session, "citizen", "kø", "første", {"crisis_level": "none"})
        pending.keep_message(session, "citizen", "kø", "anden", {})
        pending.keep_message(session, "citizen", "en-anden", "hans", {})
        return first.id

    first_id = db.run_sync(keep)
    claim = db.run_sync(pending.claim_oldest, "citizen", "kø", STALE)
    assert claim == pending.Claim(pending.WaitingMessage(first_id, "første", {"crisis_level": "none"}), 2)
    # A second request gets nothing: not the claimed one again, and not the newer one before it.
    assert db.run_sync(pending.claim_oldest, "citizen", "kø", STALE) == pending.Claim(None, 2)
    # Someone else's messages are theirs to claim.
    assert db.run_sync(pending.claim_oldest, "citizen", "en-anden", STALE).message.text == "hans"
    assert db.run_sync(pending.claim_oldest, "citizen", "ingen", STALE) == pending.Claim(None, 0)


def test_a_released_message_is_claimed_again_and_a_delivered_one_is_gone(db):
    db.run_sync(lambda session: [pending.keep_message(session, "citizen", "kø", text, {}) for text in ("a", "b")])
    first = db.run_sync(pending.claim_oldest, "citizen", "kø", STALE).message

    db.run_sync(pending.release_claim, first.id)
    assert [row[-1] for row in kept_rows(db)] == ["pending", "pending"]
    again = db.run_sync(pending.claim_oldest, "citizen", "kø", STALE).message
    assert again == first

    db.run_sync(pending.forget_delivered, again.id)
    next_claim = db.run_sync(pending.claim_oldest, "citizen", "kø", STALE)
    assert (next_claim.message.text, next_claim.waiting) == ("b", 1)
    db.run_sync(pending.forget_delivered, next_claim.message.id)
    assert kept_rows(db) == [] and db.run_sync(pending.waiting_count, "citizen", "kø") == 0


def test_a_claim_abandoned_mid_send_is_taken_over_only_once_it_is_stale(db):
    db.run_sync(lambda session: pending.keep_message(session, "citizen", "kø", "a", {}))
    claimed_at = utcnow()
    first = db.run_sync(pending.claim_oldest, "citizen", "kø", STALE, claimed_at).message

    in_time = db.run_sync(pending.claim_oldest, "citizen", "kø", STALE, claimed_at + STALE - timedelta(seconds=1))
    assert in_time.message is None
    later = claimed_at + STALE + timedelta(seconds=1)
    assert db.run_sync(pending.claim_oldest, "citizen", "kø", STALE, later).message == first
    assert db.run_sync(pending.claim_oldest, "citizen", "kø", STALE, later).message is None  # once


def test_kept_messages_run_out_after_the_period_in_retention_yml(db):
    config = load_retention()
    rule = config["pending_messages"]
    now = utcnow()

    def keep(session):
        for text, moment in (("gammel", cutoff(now, rule) - timedelta(minutes=1)),
                             ("ny", cutoff(now, rule) + timedelta(minutes=1))):
            pending.keep_message(session, "citizen", "kø", text, {}).created_at = moment

    db.run_sync(keep)
    report = run_retention(db, config, now)

    assert report.counts["pending_messages"] == 1 and rule.keep_days == 7 and not rule.kept_on_erasure
    assert [row[3] for row in kept_rows(db)] == ["ny"]


# --- the crisis text ----------------------------------------------------------------------------

def test_the_gateway_reads_the_crisis_numbers_from_the_domain():
    assert crisis_numbers_from_domain() == domain_crisis_numbers()


def test_a_crisis_response_without_an_english_text_stops_the_start(tmp_path):
    broken = tmp_path / "handoff.yml"
    broken.write_text("responses:\n  utter_crisis_numbers:\n    - text: Ring 112\n", encoding="utf-8")
    with pytest.raises(ValueError, match="utter_crisis_numbers needs a Danish text and an English one"):
        crisis_numbers_from_domain(broken)


# --- the chat page ------------------------------------------------------------------------------

@pytest.fixture
def page_address_without_rasa(tmp_path, db):
    """The gateway serving the chat page from a thread of its own (the browser test drives it from this
    one), with nothing listening where Rasa would be."""
    settings = make_settings(tmp_path, database_url=db.url, rasa_port=free_port(), action_port=free_port(),
                             **AT_SCRIPT_SPEED)
    port, loop, started = free_port(), asyncio.new_event_loop(), threading.Event()
    runner = web.AppRunner(init_app(settings, db))

    def serve():
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        started.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    assert started.wait(30)
    yield f"http://127.0.0.1:{port}"
    loop.call_soon_threadsafe(loop.stop)
    server.join(30)


@pytest.mark.browser
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_page_keeps_a_message_on_screen_as_waiting_and_says_so_also_after_a_reload(page_address_without_rasa,
                                                                                      browser_page):
    page = browser_page
    log_in(page, page_address_without_rasa, "side-venter")
    page.fill("#chat-input", "jeg har søgt et job hos Netto")
    page.press("#chat-input", "Enter")

    waiting = page.locator(".message--user.message--waiting")
    waiting.wait_for()
    assert "jeg har søgt et job hos Netto" in waiting.inner_text() and "Venter" in waiting.inner_text()
    assert page.locator("#chat-status").inner_text() == KEPT_DA
    assert page.locator("#chat-error").inner_text() == "" and page.locator("#chat-input").input_value() == ""

    page.fill("#chat-input", "jeg vil ikke leve mere")
    page.press("#chat-input", "Enter")
    page.locator(".message--waiting").nth(1).wait_for()
    assert "70 201 201" in page.locator(".message--bot").last.inner_text()  # the numbers at once

    page.wait_for_timeout(5000)  # the page has asked again meanwhile: still waiting, still said
    assert page.locator(".message--waiting").count() == 2
    assert page.locator("#chat-status").inner_text() == KEPT_DA
    page.reload()
    page.wait_for_selector("#chat-input", state="visible")
    for _ in range(50):  # polled from Python: the page's CSP (rightly) forbids wait_for_function's eval
        if page.locator("#chat-status").inner_text() == KEPT_DA:
            break
        page.wait_for_timeout(100)
    assert page.locator("#chat-status").inner_text() == KEPT_DA
