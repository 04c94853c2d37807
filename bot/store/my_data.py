"""Everything the assistant keeps about one user, gathered for their own download (the right of access):
only rows that belong to that user, in a fixed order, as plain JSON types."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from sqlalchemy.orm import Session

from bot.store import journal as journal_store
from bot.store import pending as pending_store
from bot.store import digital_match as match_store
from bot.store import profile as profile_store
from bot.store import sick_leave as sick_leave_store
from bot.store import vacancy as vacancy_store
from bot.store.handoff import case_to_json, cases_of_user, message_to_json, messages_after
from bot.store.models import User, isoformat_or_none, utcnow
from bot.store.users import find_user

# A case names the advisor who worked it; their staff login id is about them, not about the user.
_LEFT_OUT_OF_CASES = ("advisor_id",)


def collect_my_data(session: Session, role: str, external_id: str) -> Dict[str, Any]:
    """The user's row, their cases with every message, the messages kept while the assistant was down,
    and by role a citizen's journal, profile and sick leaves or an employer's postings. Lists are ordered
    as the /api/me/* routes show them."""
    user = find_user(session, role, external_id)
    data: Dict[str, Any] = {"generated_at": utcnow().isoformat(), "user": user_to_json(user)}
    if role == "citizen":
        data["journal"] = [journal_store.entry_to_json(entry)
                           for entry in journal_store.entries_of(session, user.id)] if user else []
        data["profile"] = profile_store.profile_to_json(profile_store.get_profile(session, user.id) if user else None)
        data["sick_leaves"] = [sick_leave_store.case_to_json(case)
                               for case in sick_leave_store.cases_of(session, user.id)] if user else []
        data["small_job_suggestions"] = match_store.suggestions_state(session, external_id) if user else None
        data["small_job_interests"] = match_store.interests_of_citizen(session, external_id) if user else []
    if role == "employer":
        data["vacancies"] = [vacancy_store.vacancy_to_json(vacancy)
                             for vacancy in vacancy_store.of_employer(session, user.id)] if user else []
    data["cases"] = cases_with_messages(session, role, external_id)
    data["messages_waiting_for_the_assistant"] = [pending_store.message_to_json(message) for message
                                                  in pending_store.messages_of(session, role, external_id)]
    return data


def user_to_json(user: Optional[User]) -> Optional[Dict[str, Any]]:
    if user is None:
        return None
    data = {"role": user.role, "id": user.external_id, "name": user.display_name,
            "created_at": isoformat_or_none(user.created_at), "last_seen_at": isoformat_or_none(user.last_seen_at)}
    if user.role == "employer":
        data["cvr"] = user.cvr
    return data


def cases_with_messages(session: Session, role: str, external_id: str) -> List[Dict[str, Any]]:
    """The user's handoff cases, oldest first, each with its live-chat messages in the order written."""
    cases = []
    for case in cases_of_user(session, role, external_id):
        shown = {key: value for key, value in case_to_json(case).items() if key not in _LEFT_OUT_OF_CASES}
        shown["messages"] = [message_to_json(message) for message in messages_after(session, [case.id], 0)]
        cases.append(shown)
    return cases
