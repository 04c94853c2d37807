"""Rate limits: the rules, and chat messages per user and per client address through the gateway app
(no Rasa behind it, so a message let through is a 503). Postings per employer: tests/test_vacancy_actions.py."""
import re
from datetime import datetime, timedelta, timezone

import pytest
from aiohttp.test_utils import make_mocked_request

from bot.gateway.rate_limits import ChatLimits
from bot.rules.rate_limits import held_back, parse_limits, per_period, try_again_when
from bot.settings import load_settings
from tests.conftest import make_settings
from tests.helpers import login

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


def ago(*seconds: int):
    return [NOW - timedelta(seconds=s) for s in seconds]


@pytest.mark.parametrize("times, limits, until", [
    (ago(), "3 per 10 minutes", None),
    (ago(1, 2), "3 per 10 minutes", None),
    (ago(1, 2, 3), "3 per 10 minutes", NOW + timedelta(seconds=597)),      # the oldest of the three leaves first
    (ago(1, 2, 3, 700), "3 per 10 minutes", NOW + timedelta(seconds=597)),  # one outside the window counts not
    (ago(1, 2, 3), "3 per 10 minutes; 20 per day", NOW + timedelta(seconds=597)),
    (ago(*range(60, 1260, 60)), "3 per 10 minutes; 20 per day", NOW + timedelta(seconds=86400 - 1200)),
])
def test_held_back_says_when_one_more_is_allowed(times, limits, until):
    held = held_back(times, parse_limits(limits, "X"), NOW)
    assert (held.until if held else None) == until


@pytest.mark.parametrize("seconds, da, en", [
    (1, "om 1 sekund", "in 1 second"),
    (8, "om 8 sekunder", "in 8 seconds"),
    (150, "om 3 minutter", "in 3 minutes"),
    (2 * 3600, "kl. 15:00", "at 15:00"),                       # 14:00 in Copenhagen, two hours later
    (14 * 3600, "i morgen kl. 03:00", "tomorrow at 03:00"),
])
def test_try_again_is_said_in_plain_words_in_danish_time(seconds, da, en):
    assert try_again_when(seconds, NOW, "da") == da
    assert try_again_when(seconds, NOW, "en") == en


def test_limits_read_from_settings_and_refuse_nonsense():
    [ten_minutes, day] = parse_limits("3 per 10 minutes; 20/day", "X")
    assert (per_period(ten_minutes, "da"), per_period(day, "en")) == ("3 pr. 10 minutter", "20 per day")
    base = {"RASA_TOKEN": "t", "SESSION_SECRET": "s", "ACTION_SERVER_TOKEN": "a", "JOBASSISTENT_VAR_DIR": "/tmp"}
    settings = load_settings(base)
    assert settings.rate_limit_chat_per_user == "10 per 10 seconds; 40 per minute; 400 per hour"
    assert settings.rate_limit_chat_per_address == "30 per 10 seconds; 150 per minute; 3000 per hour"
    assert settings.rate_limit_postings_per_employer == "3 per 10 minutes; 20 per day"
    for name in ("RATE_LIMIT_CHAT_PER_USER", "RATE_LIMIT_CHAT_PER_ADDRESS", "RATE_LIMIT_POSTINGS_PER_EMPLOYER"):
        for value in ("lots", "0 per minute", "5 per fortnight"):
            with pytest.raises(ValueError, match=name):
                load_settings({**base, name: value})


async def test_a_hundred_messages_in_seconds_get_ten_through_and_then_a_polite_429(gateway_without_rasa):
    client, _, _ = await gateway_without_rasa()
    await login(client, "citizen", "spammer")
    statuses = [(await client.post("/api/chat", json={"message": f"hej {n}"})).status for n in range(100)]
    assert statuses[:10] == [503] * 10  # let through (no Rasa here)
    assert statuses[10:] == [429] * 90
    response = await client.post("/api/chat", json={"message": "hej igen"})
    assert 1 <= int(response.headers["Retry-After"]) <= 10
    error = (await response.json())["error"]
    assert re.fullmatch(r"Du har sendt mange beskeder på kort tid\. Vent lidt, og prøv igen om \d+ sekund(er)?\.", error)


async def test_the_429_is_in_the_language_of_the_message_and_a_crisis_still_gets_the_numbers(gateway_without_rasa):
    client, _, _ = await gateway_without_rasa(rate_limit_chat_per_user="2 per minute")
    await login(client, "citizen", "limited-en")
    for _ in range(2):
        await client.post("/api/chat", json={"message": "hello"})
    english = await client.post("/api/chat", json={"message": "I would like to log an application please"})
    assert english.status == 429
    assert (await english.json())["error"].startswith("You have sent many messages in a short time.")
    assert 50 <= int(english.headers["Retry-After"]) <= 60
    crisis = await client.post("/api/chat", json={"message": "jeg vil ikke leve mere"})
    assert crisis.status == 429
    assert "ring 112" in (await crisis.json())["error"] and "70 201 201" in (await crisis.json())["error"]


async def test_many_users_from_one_address_share_the_address_limit(gateway_without_rasa):
    client, _, _ = await gateway_without_rasa(rate_limit_chat_per_user="3 per minute",
                                              rate_limit_chat_per_address="4 per minute")
    await login(client, "citizen", "first-at-the-library")
    assert [(await client.post("/api/chat", json={"message": "hej"})).status for _ in range(3)] == [503] * 3
    await login(client, "citizen", "second-at-the-library")
    assert (await client.post("/api/chat", json={"message": "hej"})).status == 503
    limited = await client.post("/api/chat", json={"message": "hej"})
    assert limited.status == 429
    assert (await limited.json())["error"].startswith("Der er sendt mange beskeder fra din forbindelse på kort tid.")


async def test_logging_in_again_does_not_reset_the_user_limit(gateway_without_rasa):
    client, _, _ = await gateway_without_rasa(rate_limit_chat_per_user="2 per minute")
    await login(client, "employer", "relogger")
    for _ in range(2):
        await client.post("/api/chat", json={"message": "hej"})
    await client.post("/api/logout", json={})
    await login(client, "employer", "relogger")
    assert (await client.post("/api/chat", json={"message": "hej"})).status == 429


@pytest.mark.parametrize("peer, forwarded, trusted, address", [
    ("203.0.113.7", "", (), "203.0.113.7"),
    ("203.0.113.7", "198.51.100.1", (), "203.0.113.7"),                     # nobody forwards for a stranger
    ("10.0.0.2", "198.51.100.1", ("10.0.0.2",), "198.51.100.1"),
    ("10.0.0.2", "1.2.3.4, 198.51.100.1, 10.0.0.3", ("10.0.0.2", "10.0.0.3"), "198.51.100.1"),
    ("10.0.0.2", "not-an-address", ("10.0.0.2",), "10.0.0.2"),
])
def test_the_client_address_is_believed_from_trusted_proxies_only(tmp_path, peer, forwarded, trusted, address):
    limits = ChatLimits(make_settings(tmp_path, trusted_proxies=trusted))
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    request = make_mocked_request("POST", "/api/chat", headers=headers)
    request = request.clone(remote=peer)
    assert limits.client_address(request) == address
