"""Load that does not fit: a few messages at a time go to Rasa, the rest wait their turn for a while
and then get a polite "try again in a minute" with Retry-After, never a timeout; crisis never waits."""
import asyncio
from dataclasses import replace

import pytest

from bot.gateway.admission import Admission, Busy
from bot.gateway.http import ADMISSION
from bot.settings import load_settings
from bot.store.db import Database
from tests.conftest import AT_SCRIPT_SPEED
from tests.helpers import case_of, login, say, texts


async def test_turns_are_given_in_order_of_arrival_and_only_as_many_as_allowed():
    admission = Admission(concurrent_turns=2, max_wait_seconds=5)
    working, most_at_once, order = 0, 0, []

    async def message(number):
        nonlocal working, most_at_once
        async with admission.turn():
            working += 1
            most_at_once = max(most_at_once, working)
            order.append(number)
            await asyncio.sleep(0.02)
            working -= 1

    await asyncio.gather(*(message(number) for number in range(8)))
    assert most_at_once == 2
    assert order == list(range(8))


async def test_a_message_that_cannot_get_a_turn_in_time_is_refused_and_the_turn_count_stays_right():
    admission = Admission(concurrent_turns=1, max_wait_seconds=0.05)
    async with admission.turn():
        with pytest.raises(Busy):
            async with admission.turn():
                pass
    async with admission.turn():  # the refused wait did not keep a turn
        pass


def test_nonsense_limits_are_refused():
    with pytest.raises(ValueError):
        Admission(concurrent_turns=0, max_wait_seconds=1)
    with pytest.raises(ValueError):
        Admission(concurrent_turns=1, max_wait_seconds=0)


@pytest.mark.parametrize("name, value", [("TURNS_PER_RASA_PROCESS", "0"), ("TURNS_PER_RASA_PROCESS", "mange"),
                                         ("TURN_WAIT_SECONDS", "-1"), ("RASA_TIMEOUT_SECONDS", "evigt")])
def test_bad_settings_are_named(tmp_path, name, value):
    with pytest.raises(ValueError, match=name):
        load_settings({"JOBASSISTENT_VAR_DIR": str(tmp_path), name: value})


def test_settings_from_the_environment(tmp_path):
    settings = load_settings({"JOBASSISTENT_VAR_DIR": str(tmp_path), "TURNS_PER_RASA_PROCESS": "6",
                              "TURN_WAIT_SECONDS": "2.5", "RASA_TIMEOUT_SECONDS": "12"})
    assert (settings.turns_per_rasa_process, settings.turn_wait_seconds, settings.rasa_timeout_seconds) == (6, 2.5, 12)


@pytest.fixture
async def crowded_gateway(rasa_stack, aiohttp_client):
    """The gateway with one turn for Rasa and a short wait, talking to the real Rasa."""
    from bot.gateway.app import init_app

    database = Database(rasa_stack.database_url)
    settings = replace(rasa_stack, turns_per_rasa_process=1, turn_wait_seconds=0.3, **AT_SCRIPT_SPEED)
    client = await aiohttp_client(init_app(settings, database))
    yield client
    database.dispose()


@pytest.mark.rasa
async def test_a_message_that_finds_every_turn_taken_gets_a_polite_503_with_retry_after(crowded_gateway):
    await login(crowded_gateway, "citizen", "travl-dag", "Tove")
    async with crowded_gateway.server.app[ADMISSION].turn():  # someone else's message is with Rasa
        refused = await crowded_gateway.post("/api/chat", json={"message": "hvad er dagpenge"})
        english = await crowded_gateway.post("/api/chat", json={"message": "what is the unemployment benefit"})
        # Someone in crisis is answered at once, turn or no turn.
        crisis = await crowded_gateway.post("/api/chat", json={"message": "jeg vil ikke leve mere"})
    assert refused.status == 503 and refused.headers["Retry-After"] == "60"
    assert "Prøv igen om et minut" in (await refused.json())["error"]
    assert english.status == 503 and "try again in a minute" in (await english.json())["error"]
    assert crisis.status == 200
    assert "112" in texts(await crisis.json())
    # With the turn free again the same message is answered.
    assert "dagpenge" in texts(await say(crowded_gateway, "hvad er dagpenge")).lower()
    # The crisis went to an advisor as an urgent case; closed here, so other tests find an empty queue.
    await login(crowded_gateway, "advisor", "raadgiver-travl", "Rita")
    case = await case_of(crowded_gateway, "travl-dag")
    assert case["priority"] == "urgent"
    closed = await crowded_gateway.post(f"/api/advisor/cases/{case['id']}/close", json={"note": "Testen er slut"})
    assert closed.status == 200
