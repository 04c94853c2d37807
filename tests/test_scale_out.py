"""Several Rasa processes (issue 15, items 3 and 4). The lock store on the real Redis: processes taking
turns of one conversation at the same moment get them one after the other. Then the scaled layout
for real: two action servers, two Rasa processes sharing one tracker store on PostgreSQL and one Redis
lock store, and the gateway spreading conversations over them. No turn is lost or doubled: bursts
from many conversations at once, and two messages of one conversation sent at the same moment to the
two Rasa processes, each stored once and answered, and each journal entry saved once."""
from __future__ import annotations

import asyncio
import json
import os
import threading
import time
import uuid
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Dict, List, Tuple
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import pytest
import redis
import redis.asyncio
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.gateway.rasa_client import CHANNEL_PATH, RasaClient, rasa_url_for
from bot.internal_auth import SECRET_HEADER
from bot.launcher import lock_store_config, start_servers, stop_servers, wait_until_up
from bot.migrate import upgrade
from bot.rasa_lock_store import AtomicRedisLockStore
from bot.rules.handoff import TRIGGERED_PREFIX
from bot.settings import redis_address
from bot.store.models import JournalEntry
from tests.conftest import AT_SCRIPT_SPEED, free_port_blocks, make_settings, postgres_schema
from tests.helpers import rows_of_user

PROCESSES = 2
USERS = 20
JOURNAL_MESSAGE = "jeg søgte som lagerarbejder hos Bilka i går via jobnet"
SAVED = "Gemt i din jobjournal"


def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.fail("TEST_REDIS_URL is not set: run the tests with `make test`, which starts Redis.")
    return url


def with_key_prefix(url: str, key_prefix: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=f"key_prefix={key_prefix}"))


# --- The lock store, as each Rasa process builds it from its endpoints file ---

@pytest.fixture
def lock_store_url():
    """The test Redis, with a key prefix of this test's own."""
    url = with_key_prefix(redis_url(), f"locks{uuid.uuid4().hex[:10]}")
    yield url
    address = redis_address(url)
    client = redis.Redis(host=address.host, port=address.port, db=address.db)
    for key in client.scan_iter(match=f"{address.key_prefix}:*"):
        client.delete(key)
    client.close()


def process_lock_store(lock_store_url: str, kind=AtomicRedisLockStore):
    """A lock store as one Rasa process has it (each process its own connections)."""
    config = dict(lock_store_config(lock_store_url))
    config.pop("type")
    endpoint = EndpointConfig(**config)
    return kind(endpoint) if kind is AtomicRedisLockStore else kind(host=endpoint.url, **endpoint.kwargs)


@pytest.mark.parametrize("kind, tickets_differ", [(AtomicRedisLockStore, True), (RedisLockStore, False)])
def test_two_processes_taking_a_ticket_at_once_get_different_tickets(lock_store_url, kind, tickets_differ):
    first, second = process_lock_store(lock_store_url, kind), process_lock_store(lock_store_url, kind)
    taken_meanwhile = []
    make_lock = first.create_lock

    def create_lock_while_the_other_takes_a_ticket(conversation_id):
        # Between the first process's read of the lock and its write, the second takes its ticket.
        if not taken_meanwhile:
            taken_meanwhile.append(second.issue_ticket("citizen-same"))
        return make_lock(conversation_id)

    first.create_lock = create_lock_while_the_other_takes_a_ticket
    ticket = first.issue_ticket("citizen-same")
    lock = first.get_lock("citizen-same")
    if tickets_differ:
        assert sorted([ticket, *taken_meanwhile]) == [0, 1]
        assert [lock.is_locked(number) for number in (taken_meanwhile[0], ticket)] == [False, True]
    else:
        # Rasa 3.6's RedisLockStore: both get ticket 0, so both would handle their turn at once.
        assert ticket == taken_meanwhile[0] == 0 and not lock.is_locked(ticket)


@pytest.mark.parametrize("kind, ticket_kept", [(AtomicRedisLockStore, True), (RedisLockStore, False)])
def test_a_ticket_taken_while_another_process_returns_its_own_is_kept(lock_store_url, monkeypatch, kind,
                                                                      ticket_kept):
    first, second = process_lock_store(lock_store_url, kind), process_lock_store(lock_store_url, kind)
    mine = first.issue_ticket("citizen-same")
    taken_meanwhile = []
    waiting = TicketLock.is_someone_waiting

    def someone_waiting_while_the_other_takes_a_ticket(lock):
        if not taken_meanwhile:
            taken_meanwhile.append(second.issue_ticket("citizen-same"))
        return waiting(lock)

    monkeypatch.setattr(TicketLock, "is_someone_waiting", someone_waiting_while_the_other_takes_a_ticket)
    first.cleanup("citizen-same", mine)
    monkeypatch.undo()
    lock = second.get_lock("citizen-same")
    if ticket_kept:
        assert lock is not None and not lock.is_locked(taken_meanwhile[0])  # its turn, not deleted with mine
    else:
        # Rasa 3.6's RedisLockStore deletes it: the second process then fails with "Could not acquire lock".
        assert lock is None


def test_processes_taking_turns_of_one_conversation_never_hold_it_together(lock_store_url):
    holding, most_at_once, errors = [], [0], []
    guard = threading.Lock()

    async def take_turns(store) -> None:
        for _ in range(15):
            async with store.lock("citizen-busy", wait_time_in_seconds=0.005):
                with guard:
                    holding.append(1)
                    most_at_once[0] = max(most_at_once[0], len(holding))
                await asyncio.sleep(0.002)
                with guard:
                    holding.pop()

    def process() -> None:
        try:
            asyncio.run(take_turns(process_lock_store(lock_store_url)))
        except (LockError, AssertionError) as error:
            errors.append(error)

    threads = [threading.Thread(target=process) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and most_at_once == [1]
    assert process_lock_store(lock_store_url).get_lock("citizen-busy") is None  # all returned


# --- The scaled layout for real ---

@pytest.fixture(scope="module")
def fresh_schema():
    """A PostgreSQL schema of its own on the test database, for the app's tables and Rasa's events."""
    with postgres_schema("scale") as url:
        yield url


@pytest.fixture(scope="module")
def scaled_stack(trained_model, fresh_schema, tmp_path_factory):
    """The whole scaled layout as `RASA_PROCESSES=2 python -m bot.launcher run` starts it."""
    var_dir = tmp_path_factory.mktemp("scaled")
    lock_prefix = f"scale{uuid.uuid4().hex[:10]}"
    rasa_port, action_port, gateway_port = free_port_blocks(PROCESSES, PROCESSES, 1)
    settings = make_settings(
        var_dir, database_url=fresh_schema, rasa_processes=PROCESSES,
        lock_store_url=with_key_prefix(redis_url(), lock_prefix),
        rasa_port=rasa_port, action_port=action_port, gateway_port=gateway_port, opening_hours="mon-sun 00:00-24:00")
    upgrade(settings.database_url)
    log_dir = var_dir / "log"
    gateway_env = {"DEV_LOGIN": "1", **{name.upper(): value for name, value in AT_SCRIPT_SPEED.items()}}
    old = {key: os.environ.get(key) for key in gateway_env}
    os.environ.update(gateway_env)
    processes = {}
    try:
        processes = start_servers(settings, trained_model, log_dir)
        failed = wait_until_up(settings, processes, timeout=600)
        if failed:
            log = log_dir / f"{failed if failed in processes else 'rasa-2'}.log"
            raise RuntimeError(f"{failed} did not start:\n{log.read_text(errors='replace')[-3000:]}")
        yield settings
    finally:
        stop_servers(processes)
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@asynccontextmanager
async def logged_in(stack, user_id: str) -> AsyncIterator[aiohttp.ClientSession]:
    """A browser-like client of the gateway, logged in as the citizen `user_id` (dev login)."""
    base = f"http://127.0.0.1:{stack.gateway_port}"
    async with aiohttp.ClientSession(base_url=base, cookie_jar=aiohttp.CookieJar(unsafe=True),
                                     headers={"Origin": base}) as http:
        async with http.post("/api/dev/login", json={"role": "citizen", "id": user_id, "name": user_id}) as response:
            assert response.status == 200, await response.text()
        yield http


async def say(http: aiohttp.ClientSession, message: str) -> Dict[str, Any]:
    async with http.post("/api/chat", json={"message": message}) as response:
        assert response.status == 200, await response.text()
        return await response.json()


def texts(answer: Dict[str, Any]) -> str:
    return " ".join(message.get("text", "") for message in answer["messages"])


def payloads(answer: Dict[str, Any]) -> List[str]:
    return [button["payload"] for message in answer["messages"] for button in message["buttons"]]


async def stored_events(stack, conversation_id: str) -> List[Dict[str, Any]]:
    """Every event of the conversation, as the shared tracker store holds it."""
    async with aiohttp.ClientSession() as http:
        client = RasaClient(http, stack.rasa_urls, stack.action_server_urls, stack.rasa_token, 60)
        return await client.tracker_events(conversation_id)


def turns(events: List[Dict[str, Any]]) -> List[Tuple[str, List[str]]]:
    """Each message the user wrote, with what the bot said after it and before the next one."""
    found: List[Tuple[str, List[str]]] = []
    for event in events:
        if event.get("event") == "user" and not (event.get("text") or "").startswith(TRIGGERED_PREFIX):
            found.append((event.get("text") or "", []))
        elif event.get("event") == "bot" and found:
            found[-1][1].append(event.get("text") or "")
    return found


def journal_entries(stack, user_id: str) -> list:
    return rows_of_user(stack, JournalEntry.user_id, user_id)


@pytest.mark.rasa
@pytest.mark.postgres
async def test_conversations_spread_over_both_processes_and_every_turn_is_stored_once(scaled_stack):
    users = [f"scale-burst-{n}" for n in range(USERS)]
    chosen = {rasa_url_for(f"citizen-{user}", scaled_stack.rasa_urls) for user in users}
    assert chosen == set(scaled_stack.rasa_urls)  # the burst reaches both processes

    async def one_user(user: str) -> List[Dict[str, Any]]:
        async with logged_in(scaled_stack, user) as http:
            return [await say(http, message) for message in (JOURNAL_MESSAGE, "/affirm", "jeg vil se min joblog")]

    started = time.monotonic()
    answers = await asyncio.gather(*map(one_user, users))
    print(f"{USERS} users x 3 messages at once: {time.monotonic() - started:.1f} s")

    for user, (summary, saved, listed) in zip(users, answers):
        assert "/affirm" in payloads(summary) and SAVED in texts(saved) and "Bilka" in texts(listed), user
        [entry] = journal_entries(scaled_stack, user)
        assert (entry.employer, entry.channel) == ("Bilka", "job_ad")
        stored = turns(await stored_events(scaled_stack, f"citizen-{user}"))
        assert [message for message, _ in stored] == [JOURNAL_MESSAGE, "/affirm", "jeg vil se min joblog"], user
        assert all(said for _, said in stored), (user, stored)


async def post_to_process(rasa_url: str, stack, conversation_id: str, message: str) -> List[Dict[str, Any]]:
    """A message straight to one Rasa process's gateway channel, as the gateway sends it."""
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{rasa_url}{CHANNEL_PATH}/webhook", headers={SECRET_HEADER: stack.rasa_token},
                             json={"sender": conversation_id, "message": message, "metadata": {}},
                             timeout=aiohttp.ClientTimeout(total=120)) as response:
            assert response.status == 200, await response.text()
            return await response.json()


@pytest.mark.rasa
@pytest.mark.postgres
async def test_two_messages_of_one_conversation_at_once_on_two_processes_are_handled_one_after_the_other(
        scaled_stack):
    users = [f"scale-same-{n}" for n in range(6)]

    async def summary_shown(user: str) -> None:
        async with logged_in(scaled_stack, user) as http:
            assert "/affirm" in payloads(await say(http, JOURNAL_MESSAGE))

    await asyncio.gather(*map(summary_shown, users))
    first, second = scaled_stack.rasa_urls
    # Both say yes to the same summary at the same moment, one to each process: without a shared lock
    # both processes would read the same tracker, save the entry twice and store only one of the turns.
    async with watching_locks(scaled_stack) as tickets_seen:
        answers = await asyncio.gather(*[
            post_to_process(url, scaled_stack, f"citizen-{user}", message)
            for user in users for url, message in ((first, "/affirm"), (second, "ja"))])
    assert all(answer for answer in answers), answers

    problems = {}
    for user in users:
        stored = turns(await stored_events(scaled_stack, f"citizen-{user}"))
        in_order = [message for message, _ in stored]
        found = {
            "journal entries": len(journal_entries(scaled_stack, user)),
            "messages stored": in_order[:1] + sorted(in_order[1:]),  # the two yeses in either order
            "messages without an answer": [message for message, said in stored if not said],
            "times saved was said": sum(SAVED in line for _, said in stored for line in said),
        }
        expected = {"journal entries": 1, "messages stored": [JOURNAL_MESSAGE, "/affirm", "ja"],
                    "messages without an answer": [], "times saved was said": 1}
        if found != expected:
            problems[user] = {key: value for key, value in found.items() if value != expected[key]}
    assert problems == {}
    print(f"most tickets seen at once in Redis, per conversation: {tickets_seen}")
    assert tickets_seen, "no conversation lock was ever seen in Redis"
    await asyncio.sleep(1)
    async with watching_locks(scaled_stack) as left:
        await asyncio.sleep(0.2)
    assert left == {}  # every lock was released


@asynccontextmanager
async def watching_locks(stack) -> AsyncIterator[Dict[str, int]]:
    """While the block runs, looks into Redis for the lock store's conversation locks: the most tickets
    (turns waiting or running) seen at once in each conversation's lock."""
    address = redis_address(stack.lock_store_url)
    client = redis.asyncio.Redis(host=address.host, port=address.port, db=address.db)
    pattern = f"{address.key_prefix}:lock:*"
    seen: Dict[str, int] = {}
    done = asyncio.Event()

    async def watch() -> None:
        # Stops by itself when told: a redis command cancelled half-way can leave its connection hanging.
        while not done.is_set():
            async for key in client.scan_iter(match=pattern):
                lock = await client.get(key)
                if lock:
                    conversation = key.decode().split(":lock:", 1)[1]
                    seen[conversation] = max(seen.get(conversation, 0), len(json.loads(lock)["tickets"]))
            await asyncio.sleep(0.01)

    watcher = asyncio.create_task(watch())
    try:
        yield seen
    finally:
        done.set()
        await asyncio.wait_for(watcher, timeout=30)
        await client.close()
