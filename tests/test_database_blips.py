"""A PostgreSQL that goes away and comes back (issue 18), on a cluster of this module's own
(tests/private_postgres.py): while it is down the gateway answers 503 with a retry and a message in
the user's language, never 500; once it is back the same app answers again, and after a restart the
very first request, and the first write of Rasa's tracker store, find a working connection."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import exc as database_errors
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from bot.gateway.app import init_app
from bot.gateway.http import DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE
from bot.migrate import upgrade
from bot.store.db import Database
from bot.store.handoff import open_case
from bot.store.models import AuditEntry, CaseMessage
from bot.tracker_store import WindowedSQLTrackerStore
from tests.conftest import free_port, make_settings
from tests.helpers import domain, login
from tests.private_postgres import PrivatePostgres, private_postgres

pytestmark = pytest.mark.postgres

DANISH, ENGLISH = DATABASE_UNAVAILABLE


@pytest.fixture(scope="module")
def postgres() -> Iterator[PrivatePostgres]:
    with private_postgres() as cluster:
        upgrade(cluster.url)
        yield cluster


@pytest.fixture
def database(postgres):
    database = Database(postgres.url)
    yield database
    database.dispose()


@pytest.fixture
async def gateway(postgres, database, tmp_path, aiohttp_client):
    """The gateway app on the private cluster, with nothing listening where Rasa would be (as the
    gateway_without_rasa fixture in tests/conftest.py builds it)."""
    settings = make_settings(tmp_path, database_url=postgres.url, rasa_port=free_port(), action_port=free_port())
    return await aiohttp_client(init_app(settings, database))


@contextmanager
def database_down(postgres: PrivatePostgres) -> Iterator[None]:
    """The server stopped for the block; started again after it, also when the test fails there, so
    the next test has its database."""
    postgres.stop()
    try:
        yield
    finally:
        postgres.start()


async def assert_unavailable(response, reason: str) -> None:
    assert response.status == 503, (response.status, await response.text())
    assert response.headers["Retry-After"] == str(DATABASE_RETRY_AFTER_SECONDS)
    assert await response.json() == {"error": reason}


# --- the gateway ---

async def test_while_the_database_is_down_the_gateway_answers_503_in_the_users_language_and_recovers_alone(
        gateway, postgres, aiohttp_client):
    await login(gateway, "citizen", "blip-danish", "Dorte")
    assert (await gateway.get("/api/me/journal")).status == 200
    # A second user of the same app, who wrote in English (the gateway answers that one itself).
    english = await aiohttp_client(gateway.server)
    await login(english, "citizen", "blip-english", "Emma")
    answer = await english.post("/api/chat", json={"message": "please send me my data"})
    assert (await answer.json())["messages"][0]["text"].startswith("You can download everything")

    with database_down(postgres):
        await assert_unavailable(await gateway.get("/api/me/journal"), DANISH)
        await assert_unavailable(await english.get("/api/me/journal"), ENGLISH)
        # Reading, writing and logging in alike: 503, never 500.
        await assert_unavailable(await gateway.get("/api/me/profile"), DANISH)
        await assert_unavailable(await english.post("/api/me/privacy-notice/seen", json={}), ENGLISH)
        # Someone logging in, whose language the gateway does not know yet: the browser's.
        await assert_unavailable(await gateway.post("/api/dev/login", json={
            "role": "citizen", "id": "blip-newcomer", "name": "Nina"}, headers={"Accept-Language": "en"}), ENGLISH)

    # The same app, not rebuilt: its pool throws the dead connections away and makes new ones.
    for client in (gateway, english):
        response = await client.get("/api/me/journal")
        assert response.status == 200, await response.text()
        assert await response.json() == {"entries": []}


async def test_the_first_request_after_a_restart_is_answered(gateway, database, postgres):
    await login(gateway, "citizen", "blip-restart-reader", "Rolf")
    assert (await gateway.get("/api/me/journal")).status == 200
    # The connection that request used is back in the pool, and the restart kills it.
    assert database.engine.pool.checkedin() >= 1

    postgres.restart()

    response = await gateway.get("/api/me/journal")
    assert response.status == 200, await response.text()
    assert database.ping()


async def test_the_first_write_after_a_restart_is_stored_exactly_once(gateway, database, postgres):
    case_id = database.run_sync(lambda session: open_case(
        session, role="citizen", external_id="blip-citizen", name="Carl", language="da",
        reason_code="asked_for_person", contact_wish="written", phone=None, summary={})[0].id)
    await login(gateway, "advisor", "blip-advisor", "Anne")
    assert (await gateway.post(f"/api/advisor/cases/{case_id}/claim", json={})).status == 200
    assert database.engine.pool.checkedin() >= 1

    postgres.restart()

    response = await gateway.post(f"/api/advisor/cases/{case_id}/messages", json={"text": "Jeg ringer i morgen."})
    assert response.status == 201, await response.text()
    messages = database.run_sync(lambda session: session.execute(
        select(CaseMessage.text).where(CaseMessage.case_id == case_id, CaseMessage.sender == "advisor")).all())
    assert messages == [("Jeg ringer i morgen.",)]
    audited = database.run_sync(lambda session: session.execute(
        select(AuditEntry.action).where(AuditEntry.case_id == case_id)).scalars().all())
    assert audited == ["claim_case", "message_user"]


# --- Rasa's tracker store ---

def store_config(url: str) -> dict:
    """The tracker store's settings for `url`, as the launcher writes them into Rasa's endpoints file."""
    parts = make_url(url)
    return {"dialect": "postgresql", "host": parts.host, "port": parts.port, "db": parts.database,
            "username": parts.username, "password": parts.password}


def a_turn(tracker: DialogueStateTracker, number: int) -> None:
    for event in (UserUttered(f"besked {number}", {"name": "greet", "confidence": 1.0}),
                  ActionExecuted("utter_greet"), BotUttered(f"svar {number}"), ActionExecuted(ACTION_LISTEN_NAME)):
        tracker.update(event)


def new_conversation(sender: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, domain().slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted(ACTION_LISTEN_NAME)):
        tracker.update(event)
    a_turn(tracker, 1)
    return tracker


def stored_user_messages(store, sender: str) -> int:
    """How many user messages of `sender` the events table holds."""
    with store.engine.connect() as connection:
        return connection.execute(text(
            "SELECT count(*) FROM events WHERE sender_id = :sender AND type_name = 'user'"),
            {"sender": sender}).scalar_one()


async def test_the_tracker_store_goes_on_after_a_restart_with_the_same_store(postgres):
    store = WindowedSQLTrackerStore(domain(), **store_config(postgres.url))
    try:
        await store.save(new_conversation("blip-tracker"))
        assert store.engine.pool.checkedin() >= 1

        postgres.restart()

        tracker = await store.retrieve("blip-tracker")
        assert [event.text for event in tracker.events if isinstance(event, UserUttered)] == ["besked 1"]
        a_turn(tracker, 2)
        await store.save(tracker)
        again = await store.retrieve("blip-tracker")
        assert [event.text for event in again.events if isinstance(event, UserUttered)] == ["besked 1", "besked 2"]
        assert stored_user_messages(store, "blip-tracker") == 2  # every turn stored once
    finally:
        store.engine.dispose()


async def test_rasas_own_tracker_store_fails_the_first_turn_after_a_restart(postgres):
    """Why bot/tracker_store.py makes Rasa's engine again: without a test of pooled connections the
    first turn after a restart draws a dead one."""
    store = SQLTrackerStore(domain(), **store_config(postgres.url))
    try:
        await store.save(new_conversation("blip-plain-tracker"))
        postgres.restart()
        with pytest.raises(database_errors.OperationalError):
            await store.retrieve("blip-plain-tracker")
    finally:
        store.engine.dispose()
