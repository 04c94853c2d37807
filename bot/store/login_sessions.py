"""Login sessions on the server's side: started at login, checked and kept alive on each request, ended
by logout, by idleness or by their age. Each function takes the caller's session."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone
from typing import Optional

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from bot.store.models import LoginSession, utcnow

ACTIVE, IDLE, EXPIRED, ENDED = "active", "idle", "expired", "ended"
# Activity is written down at most this often: a write per request buys no precision worth having.
KEEP_ALIVE_EVERY = timedelta(seconds=30)


def _hash(token: str) -> str:
    # Only a hash is stored: someone who reads the table cannot turn a row back into a cookie.
    return hashlib.sha256(token.encode()).hexdigest()


def _as_utc(moment: datetime) -> datetime:
    # SQLite hands back naive times for timezone-aware columns; what we store is always UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _find(session: Session, token: str) -> Optional[LoginSession]:
    return session.execute(select(LoginSession).where(LoginSession.token_hash == _hash(token))).scalar_one_or_none()


def start(session: Session, user_id: int, stale_after: timedelta, now: Optional[datetime] = None) -> str:
    """A new login for the user; returns the token the session cookie carries. Logins that can no
    longer be used (idle or older than `stale_after`) are cleared out on the way."""
    now = now or utcnow()
    session.execute(delete(LoginSession).where(
        or_(LoginSession.last_seen_at < now - stale_after, LoginSession.created_at < now - stale_after)))
    token = secrets.token_urlsafe(32)
    session.add(LoginSession(token_hash=_hash(token), user_id=user_id, created_at=now, last_seen_at=now))
    session.flush()
    return token


def check(session: Session, token: str, idle_after: timedelta, lifetime: timedelta, active_now: bool,
          now: Optional[datetime] = None) -> str:
    """ACTIVE while the login exists, was used within `idle_after` and is younger than `lifetime`; IDLE or
    EXPIRED when it has just run out (the row goes); ENDED when there is no such login (logged out, or
    ended earlier). `active_now` says the user did something now, which keeps the login alive."""
    now = now or utcnow()
    login = _find(session, token)
    if login is None:
        return ENDED
    verdict = EXPIRED if now - _as_utc(login.created_at) > lifetime else \
        IDLE if now - _as_utc(login.last_seen_at) > idle_after else ACTIVE
    if verdict != ACTIVE:
        session.delete(login)
        return verdict
    if active_now and now - _as_utc(login.last_seen_at) > KEEP_ALIVE_EVERY:
        login.last_seen_at = now
    return ACTIVE


def keep_alive(session: Session, token: str, now: Optional[datetime] = None) -> None:
    """Counts now as activity (e.g. while the user waits in the queue for a person)."""
    login = _find(session, token)
    if login is not None:
        login.last_seen_at = now or utcnow()


def end(session: Session, token: str) -> None:
    session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))
