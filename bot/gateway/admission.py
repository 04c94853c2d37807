"""How many messages the gateway lets Rasa work on at once, and how long a message may wait for its
turn. Rasa works on every request it is sent at the same time, so a crowd makes every answer slow
and the last ones time out; a few at a time per Rasa process, in order of arrival, answers as many
per second with shorter waits. A message that cannot get its turn in time gets a polite "try again
in a minute" (HTTP 503 with Retry-After), never a timeout."""
from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from typing import AsyncIterator

from bot.observability import CHAT_TURN_WAIT_SECONDS

BUSY_DA = ("Rigtig mange skriver til os lige nu, så jeg kan ikke nå at svare. Prøv igen om et minut – "
           "din besked står stadig i feltet.")
BUSY_EN = ("A lot of people are writing to us right now, so I cannot answer in time. Please try again in "
           "a minute – your message is still in the box.")
RETRY_AFTER_SECONDS = 60


class Busy(Exception):
    """No turn was free within the wait allowed."""


class Admission:
    def __init__(self, concurrent_turns: int, max_wait_seconds: float) -> None:
        if concurrent_turns < 1 or max_wait_seconds <= 0:
            raise ValueError("concurrent_turns must be at least 1 and max_wait_seconds above 0")
        self._free = asyncio.Semaphore(concurrent_turns)
        self._max_wait = max_wait_seconds

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Holds one of the turns for the work inside; raises Busy when none was free in time."""
        asked_at = time.perf_counter()
        try:
            await asyncio.wait_for(self._free.acquire(), timeout=self._max_wait)
        except asyncio.TimeoutError:
            raise Busy() from None
        finally:
            CHAT_TURN_WAIT_SECONDS.observe(time.perf_counter() - asked_at)
        try:
            yield
        finally:
            self._free.release()
