"""The gateway's client for Rasa with several Rasa processes: one conversation always goes to the same
process, many conversations spread over all, and the gateway is ready only when every process is."""
from collections import Counter

import aiohttp
import pytest
from aiohttp import web

from bot.gateway.rasa_client import CHANNEL_PATH, RasaClient, rasa_url_for
from bot.internal_auth import SECRET_HEADER
from tests.conftest import free_port

THREE = ["http://127.0.0.1:6101", "http://127.0.0.1:6102", "http://127.0.0.1:6103"]


def test_the_same_conversation_always_goes_to_the_same_process():
    for conversation_id in ("citizen-borger-1", "employer-bakken", "advisor-x", "citizen-æøå", ""):
        chosen = {rasa_url_for(conversation_id, THREE) for _ in range(5)}
        assert len(chosen) == 1 and chosen <= set(THREE)


def test_the_choice_is_a_stable_hash_not_pythons_salted_one():
    # Pinned: these must not move between gateway processes, restarts or Python versions (hash() would).
    assert [rasa_url_for(f"citizen-borger-{n}", THREE)[-4:] for n in range(1, 7)] == [
        "6102", "6101", "6102", "6103", "6101", "6102"]


def test_many_conversations_spread_over_every_process_about_evenly():
    counts = Counter(rasa_url_for(f"citizen-borger-{n}", THREE) for n in range(3000))
    assert set(counts) == set(THREE)
    assert all(850 <= count <= 1150 for count in counts.values()), counts


def test_one_process_gets_everything():
    assert {rasa_url_for(f"citizen-{n}", THREE[:1]) for n in range(50)} == {THREE[0]}


def test_a_client_needs_at_least_one_address():
    with pytest.raises(ValueError):
        RasaClient(None, [], THREE, "token", 5)


class FakeRasa:
    """A stand-in for one Rasa process's gateway channel and its action server, counting calls."""

    def __init__(self, model_loaded: bool = True) -> None:
        self.senders = []
        self.model_loaded = model_loaded
        self.app = web.Application()
        self.app.router.add_get(f"{CHANNEL_PATH}/status", self.status)
        self.app.router.add_post(f"{CHANNEL_PATH}/webhook", self.webhook)
        self.app.router.add_get("/health", self.health)

    async def status(self, request):
        assert request.headers[SECRET_HEADER] == "token"
        return web.json_response({"model_file": "m.tar.gz" if self.model_loaded else None})

    async def webhook(self, request):
        self.senders.append((await request.json())["sender"])
        return web.json_response([{"text": "hej"}])

    async def health(self, request):
        return web.json_response({"status": "ok"})


async def started(aiohttp_server, *fakes):
    return [str((await aiohttp_server(fake.app)).make_url("")).rstrip("/") for fake in fakes]


async def test_every_message_of_a_conversation_reaches_its_own_process(aiohttp_server):
    fakes = [FakeRasa(), FakeRasa()]
    urls = await started(aiohttp_server, *fakes)
    conversations = [f"citizen-spread-{n}" for n in range(12)]
    async with aiohttp.ClientSession() as http:
        client = RasaClient(http, urls, urls, "token", 5)
        for _ in range(2):
            for conversation_id in conversations:
                assert await client.send_message(conversation_id, "hej") == [{"text": "hej", "buttons": []}]
    for fake, url in zip(fakes, urls):
        expected = [c for c in conversations if rasa_url_for(c, urls) == url]
        assert fake.senders == expected * 2 and expected


async def test_ready_only_when_every_rasa_process_and_action_server_answers(aiohttp_server):
    urls = await started(aiohttp_server, FakeRasa(), FakeRasa())
    nothing_there = f"http://127.0.0.1:{free_port()}"
    async with aiohttp.ClientSession() as http:
        both = RasaClient(http, urls, urls, "token", 5)
        assert await both.rasa_ready() and await both.action_server_ready()
        one_down = RasaClient(http, [urls[0], nothing_there], [urls[0], nothing_there], "token", 5)
        assert not await one_down.rasa_ready() and not await one_down.action_server_ready()
    [no_model] = await started(aiohttp_server, FakeRasa(model_loaded=False))
    async with aiohttp.ClientSession() as http:
        assert not await RasaClient(http, [urls[0], no_model], urls, "token", 5).rasa_ready()


async def test_one_address_as_a_string_still_works(aiohttp_server):
    fake = FakeRasa()
    [url] = await started(aiohttp_server, fake)
    async with aiohttp.ClientSession() as http:
        client = RasaClient(http, url + "/", url, "token", 5)
        await client.send_message("citizen-one", "hej")
        assert await client.rasa_ready() and await client.action_server_ready()
    assert fake.senders == ["citizen-one"]
