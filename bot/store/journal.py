"""The citizen's job journal. Each function takes the caller's session."""
from __future__ import annotations

from datetime import date
from typing import Any, Dict, List, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.store.errors import NotFound
from bot.store.models import JournalEntry, utcnow
from bot.store.profile import get_profile, profile_to_json
from bot.store.users import find_citizen

ENTRY_FIELDS = ("employer", "job_title", "applied_on", "channel", "status", "place", "note")


class JournalError(NotFound):
    """The citizen has no journal entry by that id."""


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


def citizen_record(session: Session, role: str, external_id: str, entry_limit: int = 20):
    """What the advisor's case view shows of a citizen's own journal and profile: (entries, profile),
    or (None, None) for someone who is not a citizen."""
    user = find_citizen(session, role, external_id)
    if user is None:
        return None, None
    entries = [entry_to_json(e) for e in entries_of(session, user.id, entry_limit)]
    return entries, profile_to_json(get_profile(session, user.id))
