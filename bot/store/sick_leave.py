"""Sick-leave storage. Each function takes the caller's session."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from bot.rules import sick_leave as rules
from bot.store.errors import NotFound
from bot.store.models import SickLeaveCase, isoformat_or_none, utcnow
from bot.store.users import find_citizen


class SickLeaveError(NotFound):
    """The citizen has no open sick leave."""


def case_to_json(case: SickLeaveCase) -> Dict[str, Any]:
    return {
        "id": case.id, "first_day": case.first_day.isoformat(), "situation": case.situation,
        "employer": case.employer, "partial_hours": case.partial_hours,
        "expected_return": isoformat_or_none(case.expected_return),
        "wants_contact": case.wants_contact, "track": case.track, "reasons": list(case.reasons or []),
        "status": case.status, "returned_on": isoformat_or_none(case.returned_on),
        "handoff_case_id": case.handoff_case_id,
        "created_at": case.created_at.isoformat(), "updated_at": case.updated_at.isoformat(),
    }


def cases_of(session: Session, user_id: int) -> List[SickLeaveCase]:
    return list(session.execute(
        select(SickLeaveCase).where(SickLeaveCase.user_id == user_id)
        .order_by(SickLeaveCase.first_day.desc(), SickLeaveCase.id.desc())).scalars())


def open_case_of(session: Session, user_id: int) -> Optional[SickLeaveCase]:
    return session.execute(
        select(SickLeaveCase).where(SickLeaveCase.user_id == user_id, SickLeaveCase.status == "open")
        .order_by(SickLeaveCase.id.desc())).scalars().first()


def earlier_leaves(session: Session, user_id: int, first_day: date) -> int:
    days = session.execute(select(SickLeaveCase.first_day).where(
        SickLeaveCase.user_id == user_id, SickLeaveCase.first_day >= first_day - timedelta(days=365))).scalars()
    return rules.earlier_leaves_within_12_months(list(days), first_day)


def report(session: Session, user_id: int, values: Dict[str, Any], triage: rules.Triage,
           handoff_case_id: Optional[int]) -> SickLeaveCase:
    now = utcnow()
    case = SickLeaveCase(
        user_id=user_id, first_day=values["first_day"], situation=values["situation"],
        employer=values.get("employer"), partial_hours=values.get("partial_hours"),
        expected_return=values.get("expected_return"), wants_contact=bool(values.get("wants_contact")),
        track=triage.track, reasons=list(triage.reasons), status="open", handoff_case_id=handoff_case_id,
        created_at=now, updated_at=now)
    session.add(case)
    session.flush()
    return case


def require_open_case(session: Session, user_id: int) -> SickLeaveCase:
    case = open_case_of(session, user_id)
    if case is None:
        raise SickLeaveError("no open sick leave")
    return case


def change(case: SickLeaveCase, **values: Any) -> SickLeaveCase:
    """Changes a case loaded in the caller's session; the caller's transaction commits it."""
    for name, value in values.items():
        setattr(case, name, value)
    case.updated_at = utcnow()
    object_session(case).flush()
    return case


def facts_of(case: SickLeaveCase, earlier: int) -> rules.SickLeaveFacts:
    return rules.SickLeaveFacts(first_day=case.first_day, situation=case.situation,
                                expected_return=case.expected_return, wants_contact=case.wants_contact,
                                earlier_leaves_last_12_months=earlier, partial_hours=case.partial_hours)


def sick_leave_record(session: Session, role: str, external_id: str) -> Optional[List[Dict[str, Any]]]:
    """What the advisor's case view shows of a citizen's sick leaves, or None for a non-citizen."""
    user = find_citizen(session, role, external_id)
    if user is None:
        return None
    return [case_to_json(case) for case in cases_of(session, user.id)]
