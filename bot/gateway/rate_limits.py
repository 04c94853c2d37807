"""Rate limits on chat messages, per logged-in user and per client address, kept in the gateway's
memory (one gateway process); an exceeded limit is a polite 429 that says when to try again."""
from __future__ import annotations

import time
import warnings
from datetime import datetime, timezone
from ipaddress import ip_address
from typing import Dict, List, Optional, Sequence, Tuple

from aiohttp import web

from bot.gateway.http import BadRequest
from bot.language import guess_language
from bot.rules.rate_limits import parse_limits, try_again_when
from bot.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # limits 2.4 imports pkg_resources
    from limits import RateLimitItem
    from limits.storage import MemoryStorage
    from limits.strategies import FixedWindowRateLimiter

USER_LIMITED = ("Du har sendt mange beskeder på kort tid. Vent lidt, og prøv igen {when}.",
                "You have sent many messages in a short time. Please wait and try again {when}.")
ADDRESS_LIMITED = ("Der er sendt mange beskeder fra din forbindelse på kort tid. Vent lidt, og prøv igen {when}.",
                   "Many messages have been sent from your connection in a short time. "
                   "Please wait and try again {when}.")
# A message held back that reads as crisis still gets the numbers to call, without waiting.
IN_DANGER = (" Er du i fare lige nu, så ring 112. Du kan også ringe til Livslinien på 70 201 201.",
             " If you are in danger right now, call 112. You can also call Livslinien on 70 201 201.")


class ChatLimits:
    """The chat-message limits of one gateway. Fixed windows, so that "try again in ..." is exact."""

    def __init__(self, settings: Settings) -> None:
        self.per_user = parse_limits(settings.rate_limit_chat_per_user, "RATE_LIMIT_CHAT_PER_USER")
        self.per_address = parse_limits(settings.rate_limit_chat_per_address, "RATE_LIMIT_CHAT_PER_ADDRESS")
        self.trusted_proxies = set(settings.trusted_proxies)
        # The limiter holds its storage by a weak reference only: this keeps it alive.
        self._storage = MemoryStorage()
        self._limiter = FixedWindowRateLimiter(self._storage)

    def wait_seconds(self, user_key: str, address: str) -> Tuple[int, Optional[str]]:
        """(0, None) and one message counted, or (seconds to wait, "user" or "address") and nothing counted."""
        checks: List[Tuple[str, Sequence[RateLimitItem], str]] = [
            ("user", self.per_user, user_key), ("address", self.per_address, address)]
        waits = [(self._seconds_left(item, which, key), which) for which, items, key in checks for item in items
                 if not self._limiter.test(item, "chat", which, key)]
        if waits:
            return max(waits)
        for which, items, key in checks:
            for item in items:
                self._limiter.hit(item, "chat", which, key)
        return 0, None

    def _seconds_left(self, item: RateLimitItem, *identifiers: str) -> int:
        reset, _ = self._limiter.get_window_stats(item, "chat", *identifiers)
        # The store keeps the reset in whole seconds, rounded down; one more second is never too early.
        return max(1, int(reset - time.time()) + 1)

    def client_address(self, request: web.Request) -> str:
        """The client's address: the peer, or behind a trusted proxy the nearest address it forwarded
        that is not itself a trusted proxy."""
        peer = request.remote or "unknown"
        if peer not in self.trusted_proxies:
            return peer
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
        for candidate in reversed(forwarded):
            if candidate not in self.trusted_proxies:
                return candidate if _is_address(candidate) else peer
        return peer


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True


CHAT_LIMITS = web.AppKey("chat_limits", ChatLimits)


def enforce_chat_limits(request: web.Request, user: Dict[str, str], language: Optional[str],
                        text: str, in_crisis: bool) -> None:
    """Counts one chat message of `user`; a BadRequest 429 with Retry-After when a limit is reached, in
    the message's language or else `language` (the one the user last wrote in)."""
    limits = request.app[CHAT_LIMITS]
    seconds, which = limits.wait_seconds(f"{user['role']}-{user['id']}", limits.client_address(request))
    if not seconds:
        return
    reason_da, reason_en = USER_LIMITED if which == "user" else ADDRESS_LIMITED
    now = datetime.now(timezone.utc)
    reason_da = reason_da.format(when=try_again_when(seconds, now, "da"))
    reason_en = reason_en.format(when=try_again_when(seconds, now, "en"))
    if in_crisis:
        reason_da, reason_en = reason_da + IN_DANGER[0], reason_en + IN_DANGER[1]
    # The message's own words say its language best; else the language the user last wrote in.
    language = guess_language(text[:2000]) or language
    raise BadRequest(429, reason_da, reason_en, text, language=language, headers={"Retry-After": str(seconds)})
