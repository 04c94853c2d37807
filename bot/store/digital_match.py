"""The digital match in storage: a citizen's yes to suggestions, the suggestions themselves, interests
shared only with the citizen's yes, the employer's invitations and answers, closing a posting, and the
notices each citizen gets at their next visit. Every share of data is written to the audit log. Each
function takes the caller's session."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Dict, List, Optional, Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.rules import match_sharing as sharing
from bot.rules.digital_match import rank_vacancies, score_vacancy
from bot.rules.postcodes import distance_km
from bot.store.errors import Conflict, NotFound
from bot.store.handoff import record_audit
from bot.store.models import (
    CitizenProfile, JournalEntry, MatchNotice, User, Vacancy, VacancyInterest, conversation_id_for, utcnow,
)
from bot.store.profile import profile_to_json

# Notices a citizen gets at the next visit.
NEW_SUGGESTION, INVITED, NOT_SELECTED, POSTING_CHANGED, POSTING_CLOSED = (
    "suggestion", "invited", "not_selected", "posting_changed", "posting_closed")
MAX_LISTED = 5
# What a citizen sees of a posting before an accepted invitation: no contact person, phone or e-mail.
PUBLIC_FIELDS = ("reference", "company", "job_title", "tasks", "hours_per_week", "postcode", "duration_kind",
                 "requirements")


def _iso(moment: Optional[datetime]) -> Optional[str]:
    """An aware ISO time: SQLite gives stored UTC times back without their zone."""
    if moment is None:
        return None
    return (moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment).isoformat()


class MatchNotFound(NotFound):
    pass


class MatchConflict(Conflict):
    """Not possible in the posting's or interest's state (closed posting, already answered ...)."""


def open_postings(session: Session) -> List[Vacancy]:
    """Approved postings not closed: the only ones a citizen is shown or can be interested in."""
    return list(session.execute(select(Vacancy).where(Vacancy.status == "approved", Vacancy.closed_at.is_(None))
                                .order_by(Vacancy.id)).scalars())


def posting_for_citizen(vacancy: Vacancy) -> Dict[str, Any]:
    posting = {field: getattr(vacancy, field) for field in PUBLIC_FIELDS}
    posting["start_date"] = vacancy.start_date.isoformat()
    posting["area"] = sharing.area_of(vacancy.postcode)
    return posting


def matching_facts(profile: Optional[CitizenProfile]) -> Dict[str, Any]:
    facts = profile_to_json(profile)
    facts["max_travel_km"] = profile.max_travel_km if profile is not None else None
    return facts


def _vacancy_facts(vacancy: Vacancy) -> Dict[str, Any]:
    return {"id": vacancy.id, "job_title": vacancy.job_title, "tasks": vacancy.tasks,
            "hours_per_week": vacancy.hours_per_week, "postcode": vacancy.postcode,
            "requirements": vacancy.requirements}


def _citizen(session: Session, external_id: str) -> User:
    user = session.execute(select(User).where(User.role == "citizen", User.external_id == external_id)
                           ).scalar_one_or_none()
    if user is None:
        raise MatchNotFound(external_id)
    return user


def _profile(session: Session, user: User) -> CitizenProfile:
    profile = session.get(CitizenProfile, user.id)
    if profile is None:
        profile = CitizenProfile(user_id=user.id, experience=[], education=[], wished_jobs=[], certificates=[],
                                 languages=[])
        session.add(profile)
    return profile


# --- the citizen's yes or no to suggestions ---------------------------------------------------------

def suggestions_state(session: Session, external_id: str) -> Dict[str, Any]:
    user = _citizen(session, external_id)
    profile = session.get(CitizenProfile, user.id)
    facts = matching_facts(profile)
    return {"wanted": bool(profile and profile.suggestions_wanted),
            "answered": bool(profile and profile.suggestions_answered_at),
            "max_travel_km": facts["max_travel_km"], "postcode": facts["postcode"],
            "has_jobs": bool(facts["wished_jobs"] or facts["experience"])}


def set_suggestions_wanted(session: Session, external_id: str, wanted: bool,
                           max_travel_km: Optional[int] = None) -> None:
    user = _citizen(session, external_id)
    profile = _profile(session, user)
    profile.suggestions_wanted = wanted
    profile.suggestions_answered_at = utcnow()
    if max_travel_km is not None:
        profile.max_travel_km = max_travel_km
    if not wanted:
        # A no takes back what was waiting to be shown; interests already shared stay until withdrawn.
        for notice in session.execute(select(MatchNotice).where(
                MatchNotice.user_id == user.id, MatchNotice.kind == NEW_SUGGESTION,
                MatchNotice.delivered_at.is_(None))).scalars():
            session.delete(notice)
    session.flush()


def set_max_travel_km(session: Session, external_id: str, kilometres: int) -> None:
    _profile(session, _citizen(session, external_id)).max_travel_km = kilometres
    session.flush()


# --- suggestions ------------------------------------------------------------------------------------

def suggestions_for(session: Session, external_id: str, limit: int = MAX_LISTED) -> List[Dict[str, Any]]:
    """The open postings that fit the citizen's profile, best first, each with why and the citizen's own
    interest in it (None, or its state)."""
    user = _citizen(session, external_id)
    facts = matching_facts(session.get(CitizenProfile, user.id))
    postings = {vacancy.id: vacancy for vacancy in open_postings(session)}
    ranked = rank_vacancies(facts, [_vacancy_facts(vacancy) for vacancy in postings.values()], distance_km, limit)
    interests = {interest.vacancy_id: interest.status for interest in session.execute(
        select(VacancyInterest).where(VacancyInterest.citizen_user_id == user.id)).scalars()}
    return [posting_for_citizen(postings[found.vacancy_id]) | {
        "reasons_da": found.reasons_da, "reasons_en": found.reasons_en, "distance_km": found.distance_km,
        "interest": interests.get(found.vacancy_id)} for found in ranked]


def notify_matching_citizens(session: Session, vacancy: Vacancy) -> int:
    """On approval: every citizen who said yes to suggestions and whom the posting fits gets a notice for
    their next visit. Returns how many."""
    rows = session.execute(select(CitizenProfile).where(CitizenProfile.suggestions_wanted.is_(True))).scalars()
    facts = _vacancy_facts(vacancy)
    told = 0
    for profile in rows:
        citizen = matching_facts(profile)
        km = distance_km(citizen["postcode"], vacancy.postcode) if citizen["postcode"] else None
        if score_vacancy(citizen, facts, km) is not None:
            session.add(MatchNotice(user_id=profile.user_id, kind=NEW_SUGGESTION, vacancy_id=vacancy.id))
            told += 1
    session.flush()
    return told


def waiting_notices(session: Session, external_id: str) -> List[Dict[str, Any]]:
    """The citizen's undelivered notices, oldest first, each with its "id". Notices about a suggestion
    for a posting that closed meanwhile, or an invitation already answered, come back with "stale"."""
    user = session.execute(select(User).where(User.role == "citizen", User.external_id == external_id)
                           ).scalar_one_or_none()
    if user is None:
        return []
    notices = session.execute(select(MatchNotice).where(
        MatchNotice.user_id == user.id, MatchNotice.delivered_at.is_(None)).order_by(MatchNotice.id)).scalars()
    found = []
    for notice in notices:
        vacancy = session.get(Vacancy, notice.vacancy_id)
        interest = session.get(VacancyInterest, notice.interest_id) if notice.interest_id else None
        stale = ((notice.kind == NEW_SUGGESTION and (vacancy.closed_at is not None or vacancy.status != "approved"))
                 or (notice.kind == INVITED and (interest is None or interest.status != sharing.INVITED)))
        found.append({"id": notice.id, "kind": notice.kind, "stale": stale, "posting": posting_for_citizen(vacancy),
                      "interest": interest_for_citizen(session, interest) if interest else None})
    return found


def mark_delivered(session: Session, notice_ids: Sequence[int]) -> None:
    """Once the notices are in the conversation: they are not told again."""
    if notice_ids:
        now = utcnow()
        for notice in session.execute(select(MatchNotice).where(MatchNotice.id.in_(list(notice_ids)))).scalars():
            notice.delivered_at = now
        session.flush()


# --- interest, with the citizen's yes to share ------------------------------------------------------

def _open_posting(session: Session, reference: str) -> Vacancy:
    vacancy = session.execute(select(Vacancy).where(Vacancy.reference == reference.upper())).scalar_one_or_none()
    if vacancy is None or vacancy.status not in ("approved", sharing.FILLED):
        raise MatchNotFound(reference)
    if vacancy.closed_at is not None or vacancy.status != "approved":
        raise MatchConflict("Opslaget er lukket, så du kan ikke længere vise interesse for det.",
                            "The posting is closed, so you can no longer show interest in it.")
    return vacancy


def summary_to_share(session: Session, external_id: str, reference: str) -> Dict[str, Any]:
    """What the citizen is asked to agree to share, and with whom; nothing is stored yet."""
    user = _citizen(session, external_id)
    vacancy = _open_posting(session, reference)
    return {"posting": posting_for_citizen(vacancy),
            "summary": sharing.shared_summary(matching_facts(session.get(CitizenProfile, user.id)))}


def share_interest(session: Session, external_id: str, reference: str) -> VacancyInterest:
    """The citizen said yes: the summary is shared with the posting's employer (audited)."""
    user = _citizen(session, external_id)
    vacancy = _open_posting(session, reference)
    summary = sharing.shared_summary(matching_facts(session.get(CitizenProfile, user.id)))
    interest = session.execute(select(VacancyInterest).where(
        VacancyInterest.vacancy_id == vacancy.id, VacancyInterest.citizen_user_id == user.id)).scalar_one_or_none()
    now = utcnow()
    if interest is None:
        interest = VacancyInterest(vacancy_id=vacancy.id, citizen_user_id=user.id)
        session.add(interest)
    elif interest.status in sharing.OPEN_INTEREST_STATES or interest.status == sharing.ACCEPTED:
        return interest
    interest.status, interest.summary, interest.shared_at, interest.updated_at = sharing.SHARED, summary, now, now
    interest.invited_at = interest.proposed_time = interest.invitation_note = interest.answered_at = None
    interest.citizen_contact = None
    session.flush()
    record_audit(session, "citizen", external_id, "share_match_summary", subject=conversation_id_for(
        "citizen", external_id), detail=f"profilresumé delt med {vacancy.company} ({vacancy.reference})")
    return interest


def withdraw_interest(session: Session, external_id: str, interest_id: int) -> VacancyInterest:
    interest = _own_interest(session, external_id, interest_id)
    if interest.status not in sharing.OPEN_INTEREST_STATES:
        raise MatchConflict("Den interesse er allerede afsluttet.", "That interest has already ended.")
    interest.status, interest.updated_at = sharing.WITHDRAWN, utcnow()
    session.flush()
    record_audit(session, "citizen", external_id, "withdraw_match_interest",
                 subject=conversation_id_for("citizen", external_id), detail=f"interesse {interest.id} trukket tilbage")
    return interest


def _own_interest(session: Session, external_id: str, interest_id: int) -> VacancyInterest:
    user = _citizen(session, external_id)
    interest = session.get(VacancyInterest, interest_id)
    if interest is None or interest.citizen_user_id != user.id:
        raise MatchNotFound(interest_id)
    return interest


def interests_of_citizen(session: Session, external_id: str) -> List[Dict[str, Any]]:
    user = _citizen(session, external_id)
    rows = session.execute(select(VacancyInterest).where(VacancyInterest.citizen_user_id == user.id)
                           .order_by(VacancyInterest.id.desc())).scalars()
    return [interest_for_citizen(session, interest) for interest in rows]


def interest_for_citizen(session: Session, interest: VacancyInterest) -> Dict[str, Any]:
    vacancy = session.get(Vacancy, interest.vacancy_id)
    shown = {"id": interest.id, "status": interest.status, "posting": posting_for_citizen(vacancy),
             "proposed_time": _iso(interest.proposed_time), "invitation_note": interest.invitation_note,
             "journal_entry_id": interest.journal_entry_id}
    if interest.status == sharing.ACCEPTED:
        shown["employer_contact"] = {"contact_person": vacancy.contact_person, "phone": vacancy.phone,
                                     "email": vacancy.email, "company": vacancy.company}
    return shown


def answer_invitation(session: Session, external_id: str, interest_id: int, accept: bool,
                      contact: Optional[Dict[str, str]] = None) -> VacancyInterest:
    """The citizen's yes (with the name and phone or e-mail the employer may use) or no to an invitation.
    On yes both sides get the other's contact details (audited both ways)."""
    interest = _own_interest(session, external_id, interest_id)
    vacancy = session.get(Vacancy, interest.vacancy_id)
    if interest.status != sharing.INVITED:
        raise MatchConflict("Der er ingen invitation at svare på.", "There is no invitation to answer.")
    if vacancy.closed_at is not None:
        raise MatchConflict("Opslaget er lukket.", "The posting is closed.")
    now = utcnow()
    interest.status = sharing.ACCEPTED if accept else sharing.DECLINED
    interest.answered_at = interest.updated_at = now
    subject = conversation_id_for("citizen", external_id)
    if accept:
        interest.citizen_contact = dict(contact or {})
        record_audit(session, "citizen", external_id, "share_match_contact", subject=subject,
                     detail=f"kontaktoplysninger delt med {vacancy.company} ({vacancy.reference})")
        record_audit(session, "system", "match", "share_employer_contact", subject=subject,
                     detail=f"{vacancy.company}s kontaktoplysninger vist til borgeren ({vacancy.reference})")
    session.flush()
    return interest


def add_talk_to_journal(session: Session, external_id: str, interest_id: int, today: date) -> JournalEntry:
    """After the citizen's yes: the agreed talk as a journal entry, channel 'contact with an employer via
    the job centre'. Once only."""
    interest = _own_interest(session, external_id, interest_id)
    if interest.status != sharing.ACCEPTED:
        raise MatchConflict("Kun en aftalt samtale kan skrives i jobjournalen.",
                            "Only an agreed talk can go into the job journal.")
    if interest.journal_entry_id is not None:
        existing = session.get(JournalEntry, interest.journal_entry_id)
        if existing is not None:
            return existing
    vacancy = session.get(Vacancy, interest.vacancy_id)
    now = utcnow()
    entry = JournalEntry(user_id=interest.citizen_user_id, employer=vacancy.company[:120],
                         job_title=vacancy.job_title[:120], applied_on=today, channel=sharing.JOURNAL_CHANNEL,
                         status="interview", note=f"Småjob {vacancy.reference}", created_at=now, updated_at=now)
    session.add(entry)
    session.flush()
    interest.journal_entry_id = entry.id
    session.flush()
    return entry


# --- the employer's side -----------------------------------------------------------------------------

def _employer_posting(session: Session, employer_user_id: int, vacancy_id: int) -> Vacancy:
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None or vacancy.employer_user_id != employer_user_id:
        raise MatchNotFound(vacancy_id)
    return vacancy


def _employer_interest(session: Session, employer_user_id: int, interest_id: int) -> VacancyInterest:
    interest = session.get(VacancyInterest, interest_id)
    if interest is None:
        raise MatchNotFound(interest_id)
    _employer_posting(session, employer_user_id, interest.vacancy_id)
    # Only what the citizen agreed to share exists for the employer.
    if interest.status == sharing.WITHDRAWN:
        raise MatchNotFound(interest_id)
    return interest


def interest_for_employer(session: Session, interest: VacancyInterest) -> Dict[str, Any]:
    shown = {"id": interest.id, "status": interest.status, "summary": interest.summary,
             "shared_at": _iso(interest.shared_at),
             "proposed_time": _iso(interest.proposed_time), "invitation_note": interest.invitation_note}
    if interest.status == sharing.ACCEPTED:
        citizen = session.get(User, interest.citizen_user_id)
        shown["citizen_contact"] = {"name": citizen.display_name if citizen else "", **(interest.citizen_contact or {})}
    return shown


def employer_postings(session: Session, employer_user_id: int, employer_id: str) -> List[Dict[str, Any]]:
    """Each of the employer's postings with its status and the summaries of those who agreed to share
    (withdrawn interests are gone). Reading them is audited."""
    postings = []
    vacancies = list(session.execute(select(Vacancy).where(Vacancy.employer_user_id == employer_user_id)
                                     .order_by(Vacancy.id.desc())).scalars())
    for vacancy in vacancies:
        interests = list(session.execute(select(VacancyInterest).where(
            VacancyInterest.vacancy_id == vacancy.id, VacancyInterest.status != sharing.WITHDRAWN)
            .order_by(VacancyInterest.id)).scalars())
        postings.append({
            "id": vacancy.id, "reference": vacancy.reference, "job_title": vacancy.job_title,
            "hours_per_week": vacancy.hours_per_week, "postcode": vacancy.postcode, "tasks": vacancy.tasks,
            "start_date": vacancy.start_date.isoformat(), "requirements": vacancy.requirements,
            "status": vacancy.status, "closed_at": _iso(vacancy.closed_at),
            "review_reason": vacancy.review_reason,
            "interests": [interest_for_employer(session, interest) for interest in interests]})
        if interests:
            record_audit(session, "employer", employer_id, "read_match_interests", subject=vacancy.reference,
                         detail=f"{len(interests)} interesserede")
    return postings


def invite(session: Session, employer_user_id: int, employer_id: str, interest_id: int, proposed_time: datetime,
           note: str = "") -> VacancyInterest:
    interest = _employer_interest(session, employer_user_id, interest_id)
    vacancy = session.get(Vacancy, interest.vacancy_id)
    if vacancy.closed_at is not None:
        raise MatchConflict("Opslaget er lukket.", "The posting is closed.")
    if interest.status != sharing.SHARED:
        raise MatchConflict("Kandidaten er allerede inviteret eller har svaret.",
                            "The candidate has already been invited or has answered.")
    now = utcnow()
    interest.status, interest.invited_at, interest.updated_at = sharing.INVITED, now, now
    interest.proposed_time = proposed_time
    interest.invitation_note = note.strip()[:sharing.MAX_INVITATION_NOTE_CHARS] or None
    session.add(MatchNotice(user_id=interest.citizen_user_id, kind=INVITED, vacancy_id=vacancy.id,
                            interest_id=interest.id))
    session.flush()
    record_audit(session, "employer", employer_id, "invite_match_candidate", subject=vacancy.reference,
                 detail=f"interesse {interest.id} inviteret")
    return interest


def decline(session: Session, employer_user_id: int, employer_id: str, interest_id: int) -> VacancyInterest:
    interest = _employer_interest(session, employer_user_id, interest_id)
    if interest.status not in sharing.OPEN_INTEREST_STATES:
        raise MatchConflict("Kandidaten har allerede fået svar.", "The candidate has already had an answer.")
    interest.status, interest.updated_at = sharing.NOT_SELECTED, utcnow()
    session.add(MatchNotice(user_id=interest.citizen_user_id, kind=NOT_SELECTED, vacancy_id=interest.vacancy_id,
                            interest_id=interest.id))
    session.flush()
    record_audit(session, "employer", employer_id, "decline_match_candidate",
                 subject=session.get(Vacancy, interest.vacancy_id).reference, detail=f"interesse {interest.id}")
    return interest


def close_posting(session: Session, vacancy: Vacancy, actor_role: str, actor_id: str) -> int:
    """ "Stillingen er besat": the posting takes no more interest, and every citizen with an open
    interest is told. A posting still awaiting review is withdrawn instead (it leaves the review queue).
    Returns how many were told; a posting closed already (also by someone at the same moment) is a
    MatchConflict."""
    now = utcnow()
    closed_status = sharing.FILLED if vacancy.status == "approved" else sharing.WITHDRAWN_POSTING
    if vacancy.status == "rejected":
        raise MatchConflict(f"Opslaget {vacancy.reference} blev afvist, så der er intet at lukke.",
                            f"The posting {vacancy.reference} was rejected, so there is nothing to close.")
    if vacancy.status not in ("approved", "awaiting_review"):
        raise MatchConflict(f"Opslaget {vacancy.reference} er allerede lukket.",
                            f"The posting {vacancy.reference} is already closed.")
    # Only one of two closes at the same moment changes the row; the other is told it is closed already.
    changed = session.execute(update(Vacancy).where(Vacancy.id == vacancy.id, Vacancy.closed_at.is_(None))
                              .values(closed_at=now, updated_at=now, status=closed_status)
                              .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        raise MatchConflict(f"Opslaget {vacancy.reference} er allerede lukket.",
                            f"The posting {vacancy.reference} is already closed.")
    session.refresh(vacancy)
    told = 0
    for interest in session.execute(select(VacancyInterest).where(
            VacancyInterest.vacancy_id == vacancy.id,
            VacancyInterest.status.in_(sharing.OPEN_INTEREST_STATES))).scalars():
        interest.status, interest.updated_at = sharing.CLOSED, now
        session.add(MatchNotice(user_id=interest.citizen_user_id, kind=POSTING_CLOSED, vacancy_id=vacancy.id,
                                interest_id=interest.id))
        told += 1
    session.flush()
    record_audit(session, actor_role, actor_id, "close_vacancy", subject=vacancy.reference,
                 detail=("besat og lukket" if closed_status == sharing.FILLED else "trukket tilbage før godkendelse")
                 + f"; {told} interesserede får besked")
    return told


def close_own_posting(session: Session, employer_user_id: int, employer_id: str, vacancy_id: int) -> int:
    return close_posting(session, _employer_posting(session, employer_user_id, vacancy_id), "employer", employer_id)


# Fields an employer may change on an approved posting; a change is told to every interested citizen.
CHANGEABLE_FIELDS = ("tasks", "hours_per_week", "start_date", "requirements")


def change_posting(session: Session, employer_user_id: int, employer_id: str, vacancy_id: int,
                   changes: Dict[str, Any]) -> int:
    """Applies checked `changes`; citizens with an open interest get a notice. Returns how many."""
    vacancy = _employer_posting(session, employer_user_id, vacancy_id)
    if vacancy.closed_at is not None or vacancy.status == "rejected":
        raise MatchConflict("Et lukket eller afvist opslag kan ikke ændres.", "A closed or rejected posting cannot be changed.")
    changed = [field for field, value in changes.items()
               if field in CHANGEABLE_FIELDS and getattr(vacancy, field) != value]
    if not changed:
        return 0
    for field in changed:
        setattr(vacancy, field, changes[field])
    vacancy.updated_at = utcnow()
    told = 0
    for interest in session.execute(select(VacancyInterest).where(
            VacancyInterest.vacancy_id == vacancy.id,
            VacancyInterest.status.in_(sharing.OPEN_INTEREST_STATES + (sharing.ACCEPTED,)))).scalars():
        session.add(MatchNotice(user_id=interest.citizen_user_id, kind=POSTING_CHANGED, vacancy_id=vacancy.id,
                                interest_id=interest.id))
        told += 1
    session.flush()
    record_audit(session, "employer", employer_id, "change_vacancy", subject=vacancy.reference,
                 detail=f"ændret: {', '.join(changed)}; {told} interesserede får besked")
    return told


# --- the advisor's view ------------------------------------------------------------------------------

def interests_for_advisor(session: Session, vacancy_ids: Optional[Sequence[int]] = None,
                          citizen_external_id: Optional[str] = None) -> List[Dict[str, Any]]:
    """Interests with the citizen's name and id, the posting and the state: for the vacancy view (by
    posting) or the case view (by citizen). One of the two is required: never every citizen's at once."""
    if vacancy_ids is None and citizen_external_id is None:
        raise ValueError("interests_for_advisor needs the postings or the citizen")
    query = select(VacancyInterest, User, Vacancy).join(User, User.id == VacancyInterest.citizen_user_id).join(
        Vacancy, Vacancy.id == VacancyInterest.vacancy_id).order_by(VacancyInterest.id)
    if vacancy_ids is not None:
        query = query.where(VacancyInterest.vacancy_id.in_(list(vacancy_ids)))
    if citizen_external_id is not None:
        query = query.where(User.role == "citizen", User.external_id == citizen_external_id)
    return [{"id": interest.id, "status": interest.status, "citizen_id": user.external_id,
             "citizen_name": user.display_name, "vacancy_id": vacancy.id, "reference": vacancy.reference,
             "company": vacancy.company, "job_title": vacancy.job_title, "summary": interest.summary,
             "shared_at": _iso(interest.shared_at), "proposed_time": _iso(interest.proposed_time),
             "journal_entry_id": interest.journal_entry_id}
            for interest, user, vacancy in session.execute(query)]
