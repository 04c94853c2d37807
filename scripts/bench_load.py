"""The load generator of `make bench`: simulated users, each in a conversation of its own, who send their
next message as soon as the answer to the last one has arrived (a closed loop, no thinking time).

The same code drives both bots; only how a user starts a conversation and sends a message differs
(`StockRasa`: Rasa's REST channel; `Jobassistent`: a dev login and the gateway's chat API). Every
request is timed from sending to the last byte of the answer; a non-200 answer or a failed request
counts as an error and is kept with its status.
"""
from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence

import aiohttp

REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=120)
# Logins (not timed) at most this many at a time, so 50 users do not start with a login storm.
LOGIN_CONCURRENCY = 5

# What the `rasa init` bot knows: greet, mood_unhappy, affirm, mood_great, bot_challenge, goodbye.
STOCK_CYCLE = ["hello", "I am sad", "yes", "great", "are you a bot?", "bye"]

# A citizen's visit that goes through NLU, a form, the action server and the database, and never
# hands the conversation to a person (no "tal med en person", no complaint, no crisis words). The
# employer changes from round to round, so a saved entry is never an exact duplicate of an earlier one.
STACK_CYCLE = [
    "hej",
    "hvor meget kan jeg få i dagpenge",
    "vis min joblog",
    "jeg søgte som lagerarbejder hos {employer} i går via jobnet",
    "ja",
    "jeg har søgt et job",
    "{employer} Logistik",
    "chauffør",
    "i dag",
    "Uopfordret ansøgning",
    "ja",
    "tak",
]
EMPLOYERS = ["Bilka", "Netto", "Føtex", "Lidl", "Rema", "Coop", "Salling", "Jysk", "Matas", "Normal"]


def stock_message(turn: int) -> str:
    return STOCK_CYCLE[turn % len(STOCK_CYCLE)]


def stack_message(turn: int) -> str:
    round_number = turn // len(STACK_CYCLE)
    return STACK_CYCLE[turn % len(STACK_CYCLE)].format(employer=EMPLOYERS[round_number % len(EMPLOYERS)])


@dataclass
class Sample:
    turn: int
    started: float
    ended: float
    status: int  # HTTP status; 0 when the request failed without an answer

    @property
    def ms(self) -> float:
        return (self.ended - self.started) * 1000


@dataclass
class Conversation:
    """One simulated user's open conversation: its HTTP session and how far it has come."""
    http: aiohttp.ClientSession
    sender: str
    turn: int = 0
    replies: List[List[str]] = field(default_factory=list)


class StockRasa:
    """A stock Rasa bot through its REST channel; the sender id names the conversation."""
    name = "stock"
    cycle_length = len(STOCK_CYCLE)
    message = staticmethod(stock_message)

    def __init__(self, base_url: str) -> None:
        self.url = f"{base_url}/webhooks/rest/webhook"

    async def open(self, sender: str) -> Conversation:
        return Conversation(aiohttp.ClientSession(timeout=REQUEST_TIMEOUT), sender)

    async def post(self, conversation: Conversation, text: str) -> tuple:
        async with conversation.http.post(self.url, json={"sender": conversation.sender, "message": text}) as reply:
            body = await reply.json(content_type=None) if reply.status == 200 else []
            return reply.status, [message.get("text", "") for message in body or []]


class Jobassistent:
    """The whole stack through the gateway, as the chat page uses it: a dev login (cookie), then
    chat messages. The Origin header is the gateway's own, as a browser on the chat page sends it."""
    name = "jobassistent"
    cycle_length = len(STACK_CYCLE)
    message = staticmethod(stack_message)

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.headers = {"Origin": base_url}

    async def open(self, sender: str) -> Conversation:
        http = aiohttp.ClientSession(timeout=REQUEST_TIMEOUT, cookie_jar=aiohttp.CookieJar(unsafe=True),
                                     headers=self.headers)
        login = {"role": "citizen", "id": sender, "name": "Bench Borger"}
        async with http.post(f"{self.base_url}/api/dev/login", json=login) as reply:
            if reply.status != 200:
                await http.close()
                raise RuntimeError(f"dev login of {sender} answered {reply.status}: {await reply.text()}")
        return Conversation(http, sender)

    async def post(self, conversation: Conversation, text: str) -> tuple:
        async with conversation.http.post(f"{self.base_url}/api/chat", json={"message": text}) as reply:
            body = await reply.json(content_type=None) if reply.status == 200 else {}
            return reply.status, [message.get("text", "") for message in body.get("messages", [])]


async def send(target, conversation: Conversation, keep_replies: bool = False) -> Sample:
    text = target.message(conversation.turn)
    started = time.perf_counter()
    try:
        status, texts = await target.post(conversation, text)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        status, texts = 0, [f"{type(error).__name__}: {error}"]
    sample = Sample(conversation.turn, started, time.perf_counter(), status)
    if keep_replies:
        conversation.replies.append([text] + texts)
    conversation.turn += 1
    return sample


async def open_all(target, senders: Sequence[str]) -> List[Conversation]:
    gate = asyncio.Semaphore(LOGIN_CONCURRENCY)

    async def one(sender: str) -> Conversation:
        async with gate:
            return await target.open(sender)

    return list(await asyncio.gather(*(one(sender) for sender in senders)))


async def close_all(conversations: Sequence[Conversation]) -> None:
    await asyncio.gather(*(conversation.http.close() for conversation in conversations))


async def single_user(target, sender: str, warmup: int, count: int) -> Dict:
    """One user alone: `warmup` messages untimed, then `count` timed ones; keeps the first round's
    replies so a run shows what the bot really answered."""
    [conversation] = await open_all(target, [sender])
    try:
        warm = [await send(target, conversation, keep_replies=True) for _ in range(warmup)]
        samples = [await send(target, conversation, keep_replies=True) for _ in range(count)]
    finally:
        await close_all([conversation])
    replies = conversation.replies[:max(target.cycle_length, warmup)]
    return {**latency_summary(samples), "errors": errors(warm + samples), "replies": replies}


async def long_conversation(target, sender: str, turns: int, window: int, late_start: int) -> Dict:
    """One conversation of `turns` messages; the p50 of its first `window` turns against the p50 of
    the `window` turns from `late_start` (1-based) shows whether a turn gets slower as it grows."""
    [conversation] = await open_all(target, [sender])
    try:
        samples = [await send(target, conversation) for _ in range(turns)]
    finally:
        await close_all([conversation])
    early = samples[:window]
    late = samples[late_start - 1:late_start - 1 + window]
    return {
        "turns": turns,
        "early_turns": [1, window], "early_p50_ms": percentile([s.ms for s in early], 50),
        "late_turns": [late_start, late_start + window - 1], "late_p50_ms": percentile([s.ms for s in late], 50),
        "per_turn_ms": [round(s.ms, 1) for s in samples],
        "errors": errors(samples),
    }


async def many_users(target, senders: Sequence[str], warmup_seconds: float, seconds: float) -> Dict:
    """Every user in a closed loop for `warmup_seconds` + `seconds`. Throughput counts the answers that
    arrived within the measured `seconds`; latencies are of the requests sent within them."""
    conversations = await open_all(target, senders)
    samples: List[Sample] = []
    measure_from = time.perf_counter() + warmup_seconds
    stop_at = measure_from + seconds

    async def loop(conversation: Conversation) -> None:
        while time.perf_counter() < stop_at:
            samples.append(await send(target, conversation))

    try:
        await asyncio.gather(*(loop(conversation) for conversation in conversations))
    finally:
        await close_all(conversations)
    measured = [s for s in samples if measure_from <= s.started < stop_at]
    answered = [s for s in samples if measure_from <= s.ended <= stop_at and s.status == 200]
    return {**latency_summary(measured), "users": len(senders), "seconds": seconds,
            "throughput_msgs_per_s": round(len(answered) / seconds, 2), "errors": errors(samples),
            "requests": len(samples)}


def latency_summary(samples: Sequence[Sample]) -> Dict:
    times = [s.ms for s in samples]
    return {"messages": len(times), "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95),
            "mean_ms": round(sum(times) / len(times), 1) if times else None}


def errors(samples: Sequence[Sample]) -> Dict:
    """How many requests did not get a 200, by status (0: no answer at all)."""
    by_status: Dict[str, int] = {}
    for sample in samples:
        if sample.status != 200:
            by_status[str(sample.status)] = by_status.get(str(sample.status), 0) + 1
    return {"count": sum(by_status.values()), "by_status": by_status}


def percentile(values: Sequence[float], q: float) -> Optional[float]:
    """The q-th percentile with linear interpolation between the closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    value = ordered[low] + (ordered[high] - ordered[low]) * (position - low)
    return round(value, 1)


def run(coroutine_function: Callable, *args) -> Dict:
    return asyncio.run(coroutine_function(*args))
