"""The citizen's CV profile. Each function takes the caller's session."""
from __future__ import annotations

from typing import Any, Dict, Optional

from sqlalchemy.orm import Session

from bot.rules import profile as profile_rules
from bot.store.models import CitizenProfile, isoformat_or_none, utcnow


def profile_to_json(profile: Optional[CitizenProfile]) -> Dict[str, Any]:
    if profile is None:
        return {name: [] if name in profile_rules.LIST_FIELDS else None for name in profile_rules.FIELDS} | {
            "weekly_target_set_by": None, "updated_at": None}
    data = {name: getattr(profile, name) for name in profile_rules.FIELDS}
    data["weekly_target_set_by"] = profile.weekly_target_set_by
    data["updated_at"] = isoformat_or_none(profile.updated_at)
    return data


def get_profile(session: Session, user_id: int) -> Optional[CitizenProfile]:
    return session.get(CitizenProfile, user_id)


def save_profile_field(session: Session, user_id: int, field: str, value: Any,
                       set_by: str = "citizen") -> CitizenProfile:
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
