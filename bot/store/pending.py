"""Messages kept while Rasa or the action server is down, delivered later in the order written. Each
function takes the caller's session. A message is claimed before it is sent, deleted only after Rasa
answered it, and put back when sending failed, so none is sent twice or lost."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from bot.store.models import PendingMessage, conversation_id_for, isoformat_or_none, utcnow

WAITING = "pending"
SENDING = "sending"


@dataclass(frozen=True)
class WaitingMessage:
    """A kept message as it goes to Rasa."""

    id: int
    text: str
    metadata: Dict[str, Any]


@dataclass(frozen=True)
class Claim:
    """The oldest kept message, now claimed for sending by the caller (None when nothing waits or another
    request is sending it), and how many of the user's messages wait, the claimed one included."""

    message: Optional[WaitingMessage]
    waiting: int


def keep_message(session: Session, role: str, external_id: str, text: str,
                 metadata: Dict[str, Any]) -> PendingMessage:
    message = PendingMessage(user_role=role, user_external_id=external_id,
                             conversation_id=conversation_id_for(role, external_id), text=text,
                             message_metadata=dict(metadata), state=WAITING, created_at=utcnow())
    session.add(message)
    session.flush()
    return message


def _of_user(role: str, external_id: str):
    return PendingMessage.conversation_id == conversation_id_for(role, external_id)


def waiting_count(session: Session, role: str, external_id: str) -> int:
    return session.execute(select(func.count()).select_from(PendingMessage)
                           .where(_of_user(role, external_id))).scalar_one()


def claim_oldest(session: Session, role: str, external_id: str, stale_after: timedelta,
                 now: Optional[datetime] = None) -> Claim:
    """Claims the user's oldest kept message. Only the oldest: while another request sends it, nothing
    newer may overtake it. A claim older than `stale_after` belonged to a request that never finished
    (the gateway stopped mid-send) and is taken over."""
    now = now or utcnow()
    waiting = waiting_count(session, role, external_id)
    oldest = session.execute(select(PendingMessage).where(_of_user(role, external_id))
                             .order_by(PendingMessage.id).limit(1)).scalars().first()
    if oldest is None:
        return Claim(None, 0)
    # Exactly one request wins a race: the update only matches while the row is free or its claim stale.
    claimed = session.execute(
        update(PendingMessage)
        .where(PendingMessage.id == oldest.id,
               or_(PendingMessage.state == WAITING, PendingMessage.claimed_at < now - stale_after))
        .values(state=SENDING, claimed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if not claimed:
        return Claim(None, waiting)
    return Claim(WaitingMessage(oldest.id, oldest.text, dict(oldest.message_metadata or {})), waiting)


def forget_delivered(session: Session, message_id: int) -> None:
    """Rasa answered the message: it is part of the conversation now, and kept nowhere else."""
    session.execute(delete(PendingMessage).where(PendingMessage.id == message_id)
                    .execution_options(synchronize_session=False))


def release_claim(session: Session, message_id: int) -> None:
    """Sending failed: the message waits again, in its place."""
    session.execute(update(PendingMessage).where(PendingMessage.id == message_id, PendingMessage.state == SENDING)
                    .values(state=WAITING, claimed_at=None).execution_options(synchronize_session=False))


def messages_of(session: Session, role: str, external_id: str) -> List[PendingMessage]:
    return list(session.execute(select(PendingMessage).where(_of_user(role, external_id))
                                .order_by(PendingMessage.id)).scalars())


def message_to_json(message: PendingMessage) -> Dict[str, Any]:
    return {"text": message.text, "metadata": dict(message.message_metadata or {}),
            "created_at": isoformat_or_none(message.created_at)}


def erase_messages_of(session: Session, role: str, external_id: str) -> int:
    return session.execute(delete(PendingMessage).where(_of_user(role, external_id))
                           .execution_options(synchronize_session=False)).rowcount
