"""Job journal and profile storage. Each function takes the caller's session."""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.models import CitizenProfile, JournalEntry, User, utcnow
from bot.rules import profile as profile_rules
from bot.users import find_user

ENTRY_FIELDS = ("employer", "job_title", "applied_on", "channel", "status", "place", "note")


class JournalError(LookupError):
    pass


def citizen(session: Session, role: str, external_id: str) -> User:
    """The logged-in citizen's user row; a conversation without one cannot keep a journal."""
    user = find_user(session, role, external_id)
    if user is None or role != "citizen":
        raise JournalError("not a citizen")
    return user


def entry_to_json(entry: JournalEntry) -> Dict[str, Any]:
    return {
        "id": entry.id, "employer": entry.employer, "job_title": entry.job_title,
        "applied_on": entry.applied_on.isoformat(), "channel": entry.channel, "status": entry.status,
        "place": entry.place, "note": entry.note,
        "created_at": entry.created_at.isoformat(), "updated_at": entry.updated_at.isoformat(),
    }


def entries_of(session: Session, user_id: int, limit: Optional[int] = None) -> List[JournalEntry]:
    query = (select(JournalEntry).where(JournalEntry.user_id == user_id)
             .order_by(JournalEntry.applied_on.desc(), JournalEntry.id.desc()))
    if limit:
        query = query.limit(limit)
    return list(session.execute(query).scalars())


def entry_dates_since(session: Session, user_id: int, since: date) -> List[date]:
    return list(session.execute(
        select(JournalEntry.applied_on).where(JournalEntry.user_id == user_id,
                                              JournalEntry.applied_on >= since)).scalars())


def latest_applied_on(session: Session, user_id: int) -> Optional[date]:
    return session.execute(
        select(func.max(JournalEntry.applied_on)).where(JournalEntry.user_id == user_id)).scalar()


def channels_since(session: Session, user_id: int, since: date) -> List[str]:
    return list(session.execute(
        select(JournalEntry.channel).where(JournalEntry.user_id == user_id,
                                           JournalEntry.applied_on >= since)).scalars())


def get_entry(session: Session, user_id: int, entry_id: int) -> JournalEntry:
    entry = session.get(JournalEntry, entry_id)
    if entry is None or entry.user_id != user_id:
        raise JournalError(f"no entry {entry_id}")
    return entry


def add_entry(session: Session, user_id: int, values: Dict[str, Any]) -> JournalEntry:
    now = utcnow()
    entry = JournalEntry(user_id=user_id, created_at=now, updated_at=now,
                         **{name: values.get(name) for name in ENTRY_FIELDS})
    session.add(entry)
    session.flush()
    return entry


def update_entry(session: Session, user_id: int, entry_id: int, values: Dict[str, Any]) -> JournalEntry:
    entry = get_entry(session, user_id, entry_id)
    for name in ENTRY_FIELDS:
        if name in values:
            setattr(entry, name, values[name])
    entry.updated_at = utcnow()
    session.flush()
    return entry


def delete_entry(session: Session, user_id: int, entry_id: int) -> None:
    session.delete(get_entry(session, user_id, entry_id))
    session.flush()


def profile_to_json(profile: Optional[CitizenProfile]) -> Dict[str, Any]:
    if profile is None:
        return {name: [] if name in profile_rules.LIST_FIELDS else None for name in profile_rules.FIELDS} | {
            "weekly_target_set_by": None, "updated_at": None}
    data = {name: getattr(profile, name) for name in profile_rules.FIELDS}
    data["weekly_target_set_by"] = profile.weekly_target_set_by
    data["updated_at"] = profile.updated_at.isoformat() if profile.updated_at else None
    return data


def get_profile(session: Session, user_id: int) -> Optional[CitizenProfile]:
    return session.get(CitizenProfile, user_id)


def save_profile_field(session: Session, user_id: int, field: str, value: Any, set_by: str = "citizen") -> CitizenProfile:
    if field not in profile_rules.FIELDS:
        raise ValueError(f"unknown profile field {field!r}")
    profile = session.get(CitizenProfile, user_id)
    if profile is None:
        profile = CitizenProfile(user_id=user_id, experience=[], education=[], wished_jobs=[],
                                 certificates=[], languages=[])
        session.add(profile)
    setattr(profile, field, value)
    if field == "weekly_target":
        profile.weekly_target_set_by = set_by if value is not None else None
    profile.updated_at = utcnow()
    session.flush()
    return profile


def citizen_record(session: Session, role: str, external_id: str, entry_limit: int = 20):
    """What the advisor's case view shows of a citizen's own journal and profile: (entries, profile),
    or (None, None) for someone who is not a citizen."""
    user = find_user(session, role, external_id)
    if user is None or role != "citizen":
        return None, None
    entries = [entry_to_json(e) for e in entries_of(session, user.id, entry_limit)]
    return entries, profile_to_json(get_profile(session, user.id))
