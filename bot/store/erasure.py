"""Erasing a person on their request: everything kept about them goes, except the kinds retention.yml
marks `kept_on_erasure` (records the law requires the job centre to keep), which are anonymised where
they can be. Takes the caller's session; the caller writes the audit entry."""
from __future__ import annotations

from typing import Dict, FrozenSet

from sqlalchemy import delete, inspect, select, update
from sqlalchemy.orm import Session

from bot.retention import ANONYMISED_CASE_VALUES, RASA_EVENTS, TRACKER_WINDOWS
from bot.store.models import (
    CaseMessage, CitizenProfile, HandoffCase, JournalEntry, LoginSession, MatchNotice, SickLeaveCase, User, Vacancy,
    VacancyInterest, conversation_id_for,
)
from bot.store.pending import erase_messages_of
from bot.store.users import find_user


def _deleted(session: Session, statement) -> int:
    return session.execute(statement.execution_options(synchronize_session=False)).rowcount


def erase_person(session: Session, role: str, external_id: str, kept_kinds: FrozenSet[str],
                 keep_case_id: int) -> Dict[str, int]:
    """Removes the person's records; returns how many of each kind went. `keep_case_id` is the erasure
    request's own case, which stays (anonymised) as the record that the request was carried out."""
    conversation = conversation_id_for(role, external_id)
    cases = select(HandoffCase.id).where(HandoffCase.user_role == role, HandoffCase.user_external_id == external_id)
    done: Dict[str, int] = {}
    tables = inspect(session.connection())
    if "conversation_transcripts" not in kept_kinds and tables.has_table("events"):
        done["conversation_transcripts"] = _deleted(session, delete(RASA_EVENTS).where(
            RASA_EVENTS.c.sender_id == conversation))
        if tables.has_table("tracker_windows"):
            _deleted(session, delete(TRACKER_WINDOWS).where(TRACKER_WINDOWS.c.sender_id == conversation))
    if "case_messages" not in kept_kinds:
        done["case_messages"] = _deleted(session, delete(CaseMessage).where(CaseMessage.case_id.in_(cases)))
    if "closed_handoff_cases" in kept_kinds:
        done["handoff_cases_anonymised"] = _deleted(session, update(HandoffCase).where(
            HandoffCase.id.in_(cases)).values(**ANONYMISED_CASE_VALUES))
    else:
        done["handoff_cases"] = _deleted(session, delete(HandoffCase).where(
            HandoffCase.id.in_(cases), HandoffCase.id != keep_case_id))
        _deleted(session, update(HandoffCase).where(HandoffCase.id == keep_case_id).values(**ANONYMISED_CASE_VALUES))
    if "pending_messages" not in kept_kinds:
        done["pending_messages"] = erase_messages_of(session, role, external_id)
    user = find_user(session, role, external_id)
    if user is None:
        return done
    if "journal_entries" not in kept_kinds:
        done["journal_entries"] = _deleted(session, delete(JournalEntry).where(JournalEntry.user_id == user.id))
    if "citizen_profiles" not in kept_kinds:
        done["citizen_profiles"] = _deleted(session, delete(CitizenProfile).where(CitizenProfile.user_id == user.id))
    if "closed_sick_leaves" not in kept_kinds:
        done["sick_leaves"] = _deleted(session, delete(SickLeaveCase).where(SickLeaveCase.user_id == user.id))
    if "closed_postings" not in kept_kinds:
        done["postings"] = _deleted(session, delete(Vacancy).where(Vacancy.employer_user_id == user.id))
    # What the citizen shared with employers goes with them: the employer can no longer see it.
    done["match_interests"] = _deleted(session, delete(VacancyInterest).where(VacancyInterest.citizen_user_id == user.id))
    _deleted(session, delete(MatchNotice).where(MatchNotice.user_id == user.id))
    done["login_sessions"] = _deleted(session, delete(LoginSession).where(LoginSession.user_id == user.id))
    # The user row stays as long as kept records point to it, without the name; the login id is all that
    # ties them to the person, as the law's own records do.
    session.execute(update(User).where(User.id == user.id).values(display_name="", privacy_notice_seen_at=None)
                    .execution_options(synchronize_session=False))
    return done
