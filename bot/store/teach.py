"""The messages the assistant did not understand, as kept for teaching it: recorded already scrubbed,
read for a period, marked by staff with the intent they should have had, and read back for export.
Each function takes the caller's session; the caller's transaction is the unit of work."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Dict, Iterable, List, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.rules.teach import REASONS, Miss
from bot.store.errors import NotFound
from bot.store.models import UnrecognisedMessage, isoformat_or_none, utcnow

# A handoff for "not understood" comes within minutes of the message it was about. With no conversation
# id kept, the same scrubbed text from the same role this recently is taken to be that message.
SAME_MESSAGE_WITHIN = timedelta(minutes=30)
# The most messages one page of groups is made from: a year of a busy municipality's misses.
MAX_MESSAGES_READ = 20_000


def record_miss(session: Session, text: str, guessed_intent: Optional[str], confidence: Optional[float],
                reason: str, role: str, at: Optional[datetime] = None) -> UnrecognisedMessage:
    """Keeps one scrubbed message; `text` must already have been through bot.rules.teach.text_to_keep."""
    if reason not in REASONS:
        raise ValueError(f"unknown reason {reason!r}")
    row = UnrecognisedMessage(text=text, guessed_intent=guessed_intent, confidence=confidence, reason=reason,
                              role=role, created_at=at or utcnow())
    session.add(row)
    session.flush()
    return row


def raise_reason(session: Session, text: str, role: str, reason: str, guessed_intent: Optional[str],
                 confidence: Optional[float], now: Optional[datetime] = None) -> UnrecognisedMessage:
    """The message got further than when it was kept (a rephrase that ended with a person): the newest
    row with the same text and role from the last SAME_MESSAGE_WITHIN gets `reason` when that goes
    further than its own. Without such a row the message is kept anew, so nothing is counted twice."""
    now = now or utcnow()
    row = session.execute(
        select(UnrecognisedMessage)
        .where(UnrecognisedMessage.text == text, UnrecognisedMessage.role == role,
               UnrecognisedMessage.created_at >= _as_utc(now - SAME_MESSAGE_WITHIN))
        .order_by(UnrecognisedMessage.created_at.desc(), UnrecognisedMessage.id.desc()).limit(1)
    ).scalars().first()
    if row is None:
        return record_miss(session, text, guessed_intent, confidence, reason, role, now)
    if REASONS.index(reason) > REASONS.index(row.reason):
        row.reason = reason
    return row


def _as_utc(moment: datetime) -> datetime:
    # SQLite keeps the clock time without its offset, so every bound is compared in UTC.
    return moment.astimezone(timezone.utc)


def misses_between(session: Session, since: Optional[datetime] = None, until: Optional[datetime] = None,
                   limit: int = MAX_MESSAGES_READ) -> List[UnrecognisedMessage]:
    """Kept messages, newest first; `since` inclusive, `until` exclusive (aware datetimes)."""
    query = select(UnrecognisedMessage)
    if since is not None:
        query = query.where(UnrecognisedMessage.created_at >= _as_utc(since))
    if until is not None:
        query = query.where(UnrecognisedMessage.created_at < _as_utc(until))
    query = query.order_by(UnrecognisedMessage.created_at.desc(), UnrecognisedMessage.id.desc()).limit(limit)
    return list(session.execute(query).scalars())


def as_miss(row: UnrecognisedMessage) -> Miss:
    return Miss(id=row.id, text=row.text, guessed_intent=row.guessed_intent, reason=row.reason,
                marked_intent=row.marked_intent)


def mark_messages(session: Session, ids: Iterable[int], intent: Optional[str], purpose: Optional[str],
                  marked_by_role: str) -> List[UnrecognisedMessage]:
    """Marks each message with the intent it should have had, for `purpose` ("training" or "evaluation");
    intent None takes a mark back. NotFound when any id names no message (then nothing is marked)."""
    wanted = sorted(set(ids))
    rows = list(session.execute(select(UnrecognisedMessage).where(UnrecognisedMessage.id.in_(wanted))
                                .order_by(UnrecognisedMessage.id)).scalars())
    if len(rows) != len(wanted):
        raise NotFound("unrecognised message")
    now = utcnow()
    for row in rows:
        row.marked_intent = intent
        row.marked_for = purpose if intent else None
        row.marked_by_role = marked_by_role if intent else None
        row.marked_at = now if intent else None
    session.flush()
    return rows


def marked_for(session: Session, purpose: str) -> List[Tuple[str, str]]:
    """(intent, text) of the messages marked for `purpose`, oldest mark first."""
    rows = session.execute(
        select(UnrecognisedMessage.marked_intent, UnrecognisedMessage.text)
        .where(UnrecognisedMessage.marked_intent.isnot(None), UnrecognisedMessage.marked_for == purpose)
        .order_by(UnrecognisedMessage.marked_at, UnrecognisedMessage.id))
    return [(intent, text) for intent, text in rows]


def message_to_json(row: UnrecognisedMessage) -> Dict[str, object]:
    return {"id": row.id, "text": row.text, "guessed_intent": row.guessed_intent,
            "confidence": None if row.confidence is None else round(row.confidence, 3), "reason": row.reason,
            "role": row.role, "created_at": isoformat_or_none(_utc(row.created_at)),
            "marked_intent": row.marked_intent, "marked_for": row.marked_for,
            "marked_by_role": row.marked_by_role, "marked_at": isoformat_or_none(_utc(row.marked_at))}


def _utc(moment: Optional[datetime]) -> Optional[datetime]:
    # SQLite hands the time back without its offset; it was written in UTC.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)
