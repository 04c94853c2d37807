"""Repository function for "was this helpful?" ratings: the topic, the verdict and the rater's role."""
from __future__ import annotations

from sqlalchemy.orm import Session

from bot.store.models import Feedback, utcnow


def record_feedback(session: Session, topic: str, helpful: bool, role: str) -> Feedback:
    """Stores one rating. The caller has checked the topic; no user id and no message text are kept, so
    a rating cannot be traced to a person or a conversation."""
    rating = Feedback(topic=topic, helpful=helpful, role=role, created_at=utcnow())
    session.add(rating)
    session.flush()
    return rating
