"""Repository functions for users; each takes the caller's session."""
from __future__ import annotations

import re
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.privacy import find_cpr_numbers, redact_cpr_numbers
from bot.store.errors import Refusal
from bot.store.models import ROLES, User, utcnow

EXTERNAL_ID_PATTERN = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
MAX_NAME_CHARS = 100


class NotACitizen(LookupError):
    """The user is not a logged-in citizen, so has no journal, profile or sick leave."""


class InvalidLogin(Refusal, ValueError):
    """A login request that names an unknown role or an unusable id."""


def validate_login(role: object, external_id: object, name: object) -> tuple:
    if role not in ROLES:
        raise InvalidLogin(
            "Vælg en rolle: citizen, employer, advisor, dpo eller manager.",
            "Choose a role: citizen, employer, advisor, dpo or manager.",
        )
    if not isinstance(external_id, str) or not EXTERNAL_ID_PATTERN.match(external_id.strip()):
        raise InvalidLogin(
            "Id skal være 1-64 tegn: bogstaver a-z, tal, punktum, bindestreg, @ eller _.",
            "The id must be 1-64 characters: letters a-z, digits, dot, hyphen, @ or _.",
        )
    if find_cpr_numbers(external_id):
        # The id becomes the conversation's id in Rasa's tracker and every row of the user's.
        raise InvalidLogin("Brug ikke et CPR-nummer som id.", "Do not use a CPR number as the id.")
    if name is None:
        name = ""
    if not isinstance(name, str):
        raise InvalidLogin("Navnet skal være tekst.", "The name must be text.")
    return role, external_id.strip(), redact_cpr_numbers(name.strip())[0][:MAX_NAME_CHARS]


def record_login(session: Session, role: str, external_id: str, name: str, cvr: Optional[str] = None) -> User:
    """The user row for a login, made on the first one. `cvr` is the company an employer's business
    login is for; each login says it afresh (None from the development login leaves it as it was)."""
    user = find_user(session, role, external_id)
    if user is None:
        user = User(role=role, external_id=external_id, display_name=name)
        session.add(user)
    else:
        if name:
            user.display_name = name
        user.last_seen_at = utcnow()
    if cvr is not None and role == "employer":
        user.cvr = cvr
    session.flush()
    return user


def find_user(session: Session, role: str, external_id: str) -> Optional[User]:
    return session.execute(
        select(User).where(User.role == role, User.external_id == external_id)
    ).scalar_one_or_none()


def find_citizen(session: Session, role: str, external_id: str) -> Optional[User]:
    """The user row of a logged-in citizen; None for anyone else (an employer, an advisor, a stranger)."""
    return find_user(session, role, external_id) if role == "citizen" else None


def require_citizen(session: Session, role: str, external_id: str) -> User:
    """The citizen's user row; a conversation without one cannot keep a journal, profile or sick leave."""
    user = find_citizen(session, role, external_id)
    if user is None:
        raise NotACitizen("not a citizen")
    return user
