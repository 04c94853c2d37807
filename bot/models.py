"""Tables of the assistant's own data. Rasa's tracker store keeps its own `events` table beside them."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Column, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import declarative_base

Base = declarative_base()

ROLES = ("citizen", "employer", "advisor")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class User(Base):
    """Someone who has logged in: a citizen, an employer or an advisor, known by the login's id."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("role", "external_id", name="uq_users_role_external_id"),)

    id = Column(Integer, primary_key=True)
    role = Column(String(16), nullable=False)
    external_id = Column(String(64), nullable=False)
    display_name = Column(String(100), nullable=False, default="")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_seen_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)

    @property
    def conversation_id(self) -> str:
        return conversation_id_for(self.role, self.external_id)


def conversation_id_for(role: str, external_id: str) -> str:
    """The Rasa sender id of a user's one conversation; derived from the login, never from input."""
    return f"{role}-{external_id}"
