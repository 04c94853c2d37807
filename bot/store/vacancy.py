"""Småjob postings: storage, review by a person, and matching with job seekers. Each function takes
the caller's session."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.rules.matching import fits_vacancy
from bot.rules.vacancy import is_same_posting
from bot.store.errors import Conflict, NotFound
from bot.store.models import CitizenProfile, User, Vacancy, isoformat_or_none, utcnow
from bot.store.profile import profile_to_json

STATUSES = ("awaiting_review", "approved", "rejected", "filled", "withdrawn")
MAX_REASON_CHARS = 500


class VacancyNotFound(NotFound):
    pass


class VacancyConflict(Conflict):
    """The posting is not in a state that allows this (already reviewed, not approved)."""


def vacancy_to_json(vacancy: Vacancy) -> Dict[str, Any]:
    return {
        "id": vacancy.id, "reference": vacancy.reference, "cvr": vacancy.cvr, "company": vacancy.company,
        "contact_person": vacancy.contact_person, "email": vacancy.email, "phone": vacancy.phone,
        "job_title": vacancy.job_title, "tasks": vacancy.tasks, "hours_per_week": vacancy.hours_per_week,
        "postcode": vacancy.postcode, "start_date": vacancy.start_date.isoformat(),
        "duration_kind": vacancy.duration_kind, "requirements": vacancy.requirements,
        "suits_far_from_labour_market": vacancy.suits_far_from_labour_market, "status": vacancy.status,
        "review_reason": vacancy.review_reason, "reviewed_at": isoformat_or_none(vacancy.reviewed_at),
        "closed_at": isoformat_or_none(vacancy.closed_at),
        "created_at": vacancy.created_at.isoformat(),
    }


def create(session: Session, employer_user_id: int, values: Dict[str, Any]) -> Vacancy:
    now = utcnow()
    vacancy = Vacancy(employer_user_id=employer_user_id, status="awaiting_review", created_at=now, updated_at=now,
                      **{name: values[name] for name in (
                          "company", "cvr", "contact_person", "email", "phone", "job_title", "tasks",
                          "hours_per_week", "postcode", "start_date", "duration_kind", "requirements",
                          "suits_far_from_labour_market")})
    session.add(vacancy)
    session.flush()
    vacancy.reference = f"SJ-{vacancy.id:06d}"
    session.flush()
    return vacancy


def created_since(session: Session, employer_user_id: int, since: datetime) -> List[datetime]:
    """When each of the employer's postings since `since` was created (UTC): what the postings limit counts."""
    times = session.execute(select(Vacancy.created_at).where(
        Vacancy.employer_user_id == employer_user_id, Vacancy.created_at >= since)).scalars()
    # SQLite hands back naive times for timezone-aware columns; what we store is always UTC.
    return [moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc) for moment in times]


def of_employer(session: Session, employer_user_id: int) -> List[Vacancy]:
    return list(session.execute(select(Vacancy).where(Vacancy.employer_user_id == employer_user_id)
                                .order_by(Vacancy.id.desc())).scalars())


def with_status(session: Session, status: Optional[str]) -> List[Vacancy]:
    query = select(Vacancy).order_by(Vacancy.id)
    if status:
        query = query.where(Vacancy.status == status)
    return list(session.execute(query).scalars())


def get(session: Session, vacancy_id: int) -> Vacancy:
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None:
        raise VacancyNotFound(vacancy_id)
    return vacancy


def has_same_posting(session: Session, employer_user_id: int, values: Dict[str, Any]) -> bool:
    """The employer already has this job open (same CVR, title and postcode, not rejected)."""
    return any(is_same_posting(vacancy_to_json(existing) | {"closed": existing.status == "rejected"}, values)
               for existing in of_employer(session, employer_user_id))


def review(session: Session, vacancy_id: int, advisor_id: str, approve: bool, reason: str = "") -> Vacancy:
    vacancy = get(session, vacancy_id)
    if vacancy.status != "awaiting_review":
        raise VacancyConflict("Opslaget er allerede gennemgået.", "The posting has already been reviewed.")
    vacancy.status = "approved" if approve else "rejected"
    vacancy.review_reason = reason.strip()[:MAX_REASON_CHARS] or None
    vacancy.reviewed_by = advisor_id
    vacancy.reviewed_at = vacancy.updated_at = utcnow()
    session.flush()
    return vacancy


def matching_job_seekers(session: Session, vacancy: Vacancy) -> List[Dict[str, Any]]:
    """Citizens whose profile fits the posting, for the advisor (names and the facts that fit)."""
    wanted = vacancy_to_json(vacancy)
    rows = session.execute(select(User, CitizenProfile).join(CitizenProfile, CitizenProfile.user_id == User.id)
                           .where(User.role == "citizen").order_by(User.id)).all()
    matches = []
    for user, profile in rows:
        if profile.suggestions_answered_at is not None and not profile.suggestions_wanted:
            continue  # they said no to småjob suggestions: their profile is not used to find them
        facts = profile_to_json(profile)
        if fits_vacancy(facts, wanted):
            matches.append({"citizen_id": user.external_id, "name": user.display_name,
                            "wished_jobs": facts["wished_jobs"], "postcode": facts["postcode"],
                            "hours_per_week": facts["hours_per_week"]})
    return matches
