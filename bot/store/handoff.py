"""Handoff cases: created by the assistant, worked by advisors. Each function takes the caller's session."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from bot.rules.handoff import higher_priority, reason_for
from bot.store.errors import Conflict, NotFound
from bot.store.models import PRIORITY_RANK, AuditEntry, CaseMessage, HandoffCase, isoformat_or_none, utcnow

ACTIVE_STATUSES = ("open", "claimed")
MAX_ADVISOR_MESSAGE_CHARS = 5000


class CaseNotFound(NotFound):
    pass


class CaseConflict(Conflict):
    """The case is not in a state that allows this (already claimed, closed, not yours)."""


def active_case_for(session: Session, role: str, external_id: str) -> Optional[HandoffCase]:
    return session.execute(
        select(HandoffCase)
        .where(HandoffCase.user_role == role, HandoffCase.user_external_id == external_id,
               HandoffCase.status.in_(ACTIVE_STATUSES))
        .order_by(HandoffCase.id.desc())
    ).scalars().first()


def open_case(session: Session, *, role: str, external_id: str, name: str, language: str,
              reason_code: str, contact_wish: str, phone: Optional[str],
              summary: Dict[str, Any], detail: str = "") -> tuple:
    """Returns (case, created). A user has at most one active case; asking again updates it.
    `detail` is added to the reason text the advisor sees (e.g. why a sick leave needs a person)."""
    reason = reason_for(reason_code)
    reason_text = f"{reason.text_da}: {detail}"[:300] if detail else reason.text_da
    existing = active_case_for(session, role, external_id)
    if existing is not None:
        if higher_priority(existing.priority, reason.priority) != existing.priority:
            existing.priority = reason.priority
            existing.priority_rank = PRIORITY_RANK[reason.priority]
            existing.reason_code, existing.reason_text = reason.code, reason_text
        if existing.status == "open":
            existing.contact_wish = contact_wish
            existing.phone = phone or existing.phone
        existing.summary_json = json.dumps(summary, ensure_ascii=False)
        session.flush()
        return existing, False
    case = HandoffCase(
        user_role=role, user_external_id=external_id, user_name=name or "", language=language,
        reason_code=reason.code, reason_text=reason_text, priority=reason.priority,
        priority_rank=PRIORITY_RANK[reason.priority], status="open", contact_wish=contact_wish,
        phone=phone, summary_json=json.dumps(summary, ensure_ascii=False), created_at=utcnow(),
    )
    session.add(case)
    session.flush()
    return case, True


def queue_position(session: Session, case: HandoffCase) -> Optional[int]:
    """1 for the next case an advisor should take; None unless the case waits for live chat."""
    if case.status != "open" or case.contact_wish != "chat":
        return None
    ahead = session.execute(
        select(HandoffCase.id).where(
            HandoffCase.status == "open", HandoffCase.contact_wish == "chat",
            or_(HandoffCase.priority_rank < case.priority_rank,
                and_(HandoffCase.priority_rank == case.priority_rank, HandoffCase.id < case.id)),
        )
    ).all()
    return len(ahead) + 1


def list_cases(session: Session, statuses) -> List[HandoffCase]:
    return list(session.execute(
        select(HandoffCase).where(HandoffCase.status.in_(statuses))
        .order_by(HandoffCase.priority_rank, HandoffCase.created_at, HandoffCase.id)
    ).scalars())


def get_case(session: Session, case_id: int) -> HandoffCase:
    case = session.get(HandoffCase, case_id)
    if case is None:
        raise CaseNotFound(case_id)
    return case


def claim_case(session: Session, case_id: int, advisor_id: str, advisor_name: str) -> HandoffCase:
    """Exactly one advisor wins a race: the update only matches while the case is still open."""
    case = get_case(session, case_id)
    result = session.execute(
        update(HandoffCase)
        .where(HandoffCase.id == case_id, HandoffCase.status == "open")
        .values(status="claimed", advisor_id=advisor_id, advisor_name=advisor_name or advisor_id,
                claimed_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.refresh(case)
        if case.status == "closed":
            raise CaseConflict("Sagen er lukket og kan ikke tages.", "The case is closed and cannot be claimed.")
        raise CaseConflict(f"Sagen er allerede taget af {case.advisor_name}.",
                           f"The case was already claimed by {case.advisor_name}.")
    session.refresh(case)
    joined = ("A member of staff ({name}) has joined the chat and will write to you here." if case.language == "en"
              else "En medarbejder ({name}) har overtaget samtalen og skriver til dig her.")
    session.add(CaseMessage(case_id=case.id, sender="system", text=joined.format(name=case.advisor_name),
                            created_at=utcnow()))
    return case


def _require_held_by(case: HandoffCase, advisor_id: str) -> None:
    if case.status == "closed":
        raise CaseConflict("Sagen er lukket.", "The case is closed.")
    if case.status != "claimed":
        raise CaseConflict("Tag sagen, før du skriver til borgeren.", "Claim the case before writing to the user.")
    if case.advisor_id != advisor_id:
        raise CaseConflict(f"Sagen er taget af {case.advisor_name}.", f"The case is held by {case.advisor_name}.")


def add_advisor_message(session: Session, case_id: int, advisor_id: str, text: str) -> CaseMessage:
    case = get_case(session, case_id)
    _require_held_by(case, advisor_id)
    message = CaseMessage(case_id=case.id, sender="advisor", text=text[:MAX_ADVISOR_MESSAGE_CHARS],
                          created_at=utcnow())
    session.add(message)
    session.flush()
    return message


def add_user_message(session: Session, case_id: int, text: str) -> CaseMessage:
    message = CaseMessage(case_id=case_id, sender="user", text=text, created_at=utcnow())
    session.add(message)
    session.flush()
    return message


def close_case(session: Session, case_id: int, advisor_id: str, note: str) -> HandoffCase:
    case = get_case(session, case_id)
    if case.status == "closed":
        raise CaseConflict("Sagen er allerede lukket.", "The case is already closed.")
    if case.status == "claimed" and case.advisor_id != advisor_id:
        raise CaseConflict(f"Sagen er taget af {case.advisor_name}.", f"The case is held by {case.advisor_name}.")
    was_live = case.status == "claimed"
    case.status, case.closed_at, case.close_note = "closed", utcnow(), note
    if not case.advisor_id:
        case.advisor_id = advisor_id
    if was_live:
        left = ("Medarbejderen har forladt samtalen. Jobassistenten svarer dig igen."
                if case.language != "en" else "The member of staff has left the chat. The assistant answers you again.")
        session.add(CaseMessage(case_id=case.id, sender="system", text=left, created_at=utcnow()))
    session.flush()
    return case


def messages_after(session: Session, case_ids, after_id: int) -> List[CaseMessage]:
    return list(session.execute(
        select(CaseMessage).where(CaseMessage.case_id.in_(list(case_ids)), CaseMessage.id > after_id)
        .order_by(CaseMessage.id)
    ).scalars())


def cases_of_user(session: Session, role: str, external_id: str) -> List[HandoffCase]:
    return list(session.execute(
        select(HandoffCase).where(HandoffCase.user_role == role, HandoffCase.user_external_id == external_id)
        .order_by(HandoffCase.id)
    ).scalars())


def claim_wait_seconds(case: HandoffCase) -> float:
    """How long the case waited from its creation until an advisor claimed it."""
    return (_as_utc(case.claimed_at) - _as_utc(case.created_at)).total_seconds()


@dataclass(frozen=True)
class QueueSnapshot:
    """The handoff queue at one moment, for the metrics."""
    cases_by_status: Dict[str, int]
    oldest_unclaimed_seconds: float


def queue_snapshot(session: Session) -> QueueSnapshot:
    """How many cases are open and claimed, and how long the oldest open one has waited."""
    counts = session.execute(
        select(HandoffCase.status, func.count()).where(HandoffCase.status.in_(ACTIVE_STATUSES))
        .group_by(HandoffCase.status)
    ).all()
    oldest = session.execute(select(func.min(HandoffCase.created_at)).where(HandoffCase.status == "open")).scalar()
    waited = max(0.0, (utcnow() - _as_utc(oldest)).total_seconds()) if oldest is not None else 0.0
    return QueueSnapshot({status: count for status, count in counts}, waited)


def _as_utc(moment: datetime) -> datetime:
    # SQLite gives back the UTC times we stored without their zone.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def record_audit(session: Session, actor_role: str, actor_id: str, action: str,
                 subject: Optional[str] = None, case_id: Optional[int] = None, detail: str = "") -> None:
    session.add(AuditEntry(actor_role=actor_role, actor_id=actor_id, action=action, subject=subject,
                           case_id=case_id, detail=detail[:300], at=utcnow()))


def case_to_json(case: HandoffCase) -> Dict[str, Any]:
    return {
        "id": case.id, "reference": case.reference, "user_id": case.user_external_id,
        "role": case.user_role, "user_name": case.user_name, "reason": case.reason_code,
        "reason_text": case.reason_text, "priority": case.priority, "status": case.status,
        "contact_wish": case.contact_wish, "phone": case.phone, "language": case.language,
        "summary": json.loads(case.summary_json or "{}"),
        "created_at": isoformat_or_none(case.created_at), "claimed_at": isoformat_or_none(case.claimed_at),
        "closed_at": isoformat_or_none(case.closed_at), "advisor_id": case.advisor_id,
        "advisor_name": case.advisor_name, "close_note": case.close_note,
    }


def message_to_json(message: CaseMessage) -> Dict[str, Any]:
    return {"id": message.id, "sender": message.sender, "text": message.text,
            "created_at": isoformat_or_none(message.created_at)}
