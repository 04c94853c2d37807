"""Tables of the assistant's own data. Rasa's tracker store keeps its own `events` table beside them."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Optional, Union

from sqlalchemy import (
    JSON, Boolean, Column, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint, false as sa_false,
)
from sqlalchemy.orm import declarative_base

Base = declarative_base()

# "dpo" is the data protection officer (databeskyttelsesrådgiver), who reads the audit log; "manager"
# (leder) reads the insight figures, which hold no person.
ROLES = ("citizen", "employer", "advisor", "dpo", "manager")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def isoformat_or_none(moment: Optional[Union[date, datetime]]) -> Optional[str]:
    """A date or time as JSON writes it; None for one not set."""
    return moment.isoformat() if moment is not None else None


class User(Base):
    """Someone who has logged in: a citizen, an employer or an advisor, known by the login's id."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("role", "external_id", name="uq_users_role_external_id"),)

    id = Column(Integer, primary_key=True)
    role = Column(String(16), nullable=False)
    external_id = Column(String(64), nullable=False)
    display_name = Column(String(100), nullable=False, default="")
    # The company an employer's business login (MitID Erhverv) is for; they post for it and no other.
    # None for a development login, which asks for the CVR in the posting form instead.
    cvr = Column(String(8), nullable=True)
    # When the user was shown the privacy notice and said they had read it (then it is not shown first).
    privacy_notice_seen_at = Column(DateTime(timezone=True), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_seen_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)

    @property
    def conversation_id(self) -> str:
        return conversation_id_for(self.role, self.external_id)


def conversation_id_for(role: str, external_id: str) -> str:
    """The Rasa sender id of a user's one conversation; derived from the login, never from input."""
    return f"{role}-{external_id}"


PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2}


class HandoffCase(Base):
    """A conversation handed to a person, with what the advisor needs to take it from there."""

    __tablename__ = "handoff_cases"

    id = Column(Integer, primary_key=True)
    user_role = Column(String(16), nullable=False)
    user_external_id = Column(String(64), nullable=False)
    user_name = Column(String(100), nullable=False, default="")
    language = Column(String(2), nullable=False, default="da")
    reason_code = Column(String(40), nullable=False)
    reason_text = Column(String(300), nullable=False)
    priority = Column(String(10), nullable=False)
    priority_rank = Column(Integer, nullable=False)
    status = Column(String(10), nullable=False, default="open")
    contact_wish = Column(String(10), nullable=False)
    phone = Column(String(20), nullable=True)
    summary_json = Column(Text, nullable=False, default="{}")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    claimed_at = Column(DateTime(timezone=True), nullable=True)
    closed_at = Column(DateTime(timezone=True), nullable=True)
    advisor_id = Column(String(64), nullable=True)
    advisor_name = Column(String(100), nullable=True)
    close_note = Column(Text, nullable=True)

    @property
    def reference(self) -> str:
        return f"JA-{self.id:06d}"

    @property
    def conversation_id(self) -> str:
        return conversation_id_for(self.user_role, self.user_external_id)


class CaseMessage(Base):
    """A line of the live chat between a user and an advisor (the bot is silent meanwhile)."""

    __tablename__ = "case_messages"

    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("handoff_cases.id", ondelete="CASCADE"), nullable=False)
    sender = Column(String(10), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class AuditEntry(Base):
    """Who read or changed which user's data, and when."""

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True)
    actor_role = Column(String(16), nullable=False)
    actor_id = Column(String(64), nullable=False)
    action = Column(String(40), nullable=False)
    subject = Column(String(90), nullable=True)
    case_id = Column(Integer, nullable=True)
    detail = Column(String(300), nullable=False, default="")
    at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class JournalEntry(Base):
    """One job-search activity in a citizen's job journal."""

    __tablename__ = "journal_entries"

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    employer = Column(String(120), nullable=False)
    job_title = Column(String(120), nullable=False)
    applied_on = Column(Date, nullable=False)
    channel = Column(String(20), nullable=False)
    status = Column(String(12), nullable=False)
    place = Column(String(80), nullable=True)
    note = Column(Text, nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class CitizenProfile(Base):
    """The CV facts a citizen keeps for their advisor (lists are JSON arrays of text)."""

    __tablename__ = "citizen_profiles"

    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    experience = Column(JSON, nullable=False, default=list)
    education = Column(JSON, nullable=False, default=list)
    wished_jobs = Column(JSON, nullable=False, default=list)
    driving_licence = Column(JSON, nullable=True)
    certificates = Column(JSON, nullable=False, default=list)
    languages = Column(JSON, nullable=False, default=list)
    hours_per_week = Column(Integer, nullable=True)
    postcode = Column(String(4), nullable=True)
    weekly_target = Column(Integer, nullable=True)
    weekly_target_set_by = Column(String(10), nullable=True)
    # Digital match: how far the citizen will travel to a småjob, and whether they want suggestions
    # (only with their yes; a no or no answer keeps the profile out of every match).
    max_travel_km = Column(Integer, nullable=True)
    suggestions_wanted = Column(Boolean, nullable=False, default=False, server_default=sa_false())
    suggestions_answered_at = Column(DateTime(timezone=True), nullable=True)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class SickLeaveCase(Base):
    """One period of sick leave reported by a citizen, with its triage track. No health details."""

    __tablename__ = "sick_leave_cases"

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    first_day = Column(Date, nullable=False)
    situation = Column(String(16), nullable=False)
    employer = Column(String(120), nullable=True)
    partial_hours = Column(Float, nullable=True)
    expected_return = Column(Date, nullable=True)
    wants_contact = Column(Boolean, nullable=False, default=False)
    track = Column(String(16), nullable=False)
    reasons = Column(JSON, nullable=False, default=list)
    status = Column(String(8), nullable=False, default="open")
    returned_on = Column(Date, nullable=True)
    handoff_case_id = Column(Integer, ForeignKey("handoff_cases.id", ondelete="SET NULL"), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class Vacancy(Base):
    """A småjob posted by an employer; it counts only once a person has approved it."""

    __tablename__ = "vacancies"

    id = Column(Integer, primary_key=True)
    reference = Column(String(16), nullable=True, unique=True)
    employer_user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    company = Column(String(120), nullable=False)
    cvr = Column(String(8), nullable=False)
    contact_person = Column(String(100), nullable=False)
    email = Column(String(254), nullable=False)
    phone = Column(String(20), nullable=False)
    job_title = Column(String(120), nullable=False)
    tasks = Column(Text, nullable=False)
    hours_per_week = Column(Float, nullable=False)
    postcode = Column(String(4), nullable=False)
    start_date = Column(Date, nullable=False)
    duration_kind = Column(String(10), nullable=False)
    requirements = Column(Text, nullable=False, default="")
    suits_far_from_labour_market = Column(Boolean, nullable=False, default=False)
    status = Column(String(16), nullable=False, default="awaiting_review", index=True)
    review_reason = Column(Text, nullable=True)
    reviewed_by = Column(String(64), nullable=True)
    reviewed_at = Column(DateTime(timezone=True), nullable=True)
    # When the employer (or an advisor) closed it: filled, "stillingen er besat".
    closed_at = Column(DateTime(timezone=True), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class LoginSession(Base):
    """The server's side of one login: the session cookie names it by a random token, of which only a
    hash is kept. Logout and idleness delete the row, so a copy of the cookie is worth nothing after."""

    __tablename__ = "login_sessions"

    id = Column(Integer, primary_key=True)
    token_hash = Column(String(64), nullable=False, unique=True)
    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    last_seen_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class PendingMessage(Base):
    """A user's message that Rasa could not take (it or the action server was down): kept here, in the
    order written, until it is delivered. `state` is "pending", or "sending" while one request has
    claimed it (since `claimed_at`), so two requests never send it twice."""

    __tablename__ = "pending_messages"

    id = Column(Integer, primary_key=True)
    user_role = Column(String(16), nullable=False)
    user_external_id = Column(String(64), nullable=False)
    conversation_id = Column(String(90), nullable=False, index=True)
    text = Column(Text, nullable=False)
    # What the gateway sends with the message (the crisis check's reading), as it would have sent it.
    message_metadata = Column("metadata", JSON, nullable=False, default=dict)
    state = Column(String(10), nullable=False, default="pending")
    claimed_at = Column(DateTime(timezone=True), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class Feedback(Base):
    """A "was this helpful?" thumb under an answer: the topic and the verdict, never who or the text."""

    __tablename__ = "feedback"

    id = Column(Integer, primary_key=True)
    topic = Column(String(40), nullable=False)
    helpful = Column(Boolean, nullable=False)
    # Whether citizens or employers found it helpful; the role, not the user.
    role = Column(String(16), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)


class VacancyInterest(Base):
    """A citizen's interest in a posting, made only with their yes to share `summary` (no name, CPR, address
    or phone) with the employer. The citizen's contact details reach the employer only when the citizen
    accepts an invitation (`citizen_contact`)."""

    __tablename__ = "vacancy_interests"
    __table_args__ = (UniqueConstraint("vacancy_id", "citizen_user_id", name="uq_vacancy_interest"),)

    id = Column(Integer, primary_key=True)
    vacancy_id = Column(Integer, ForeignKey("vacancies.id", ondelete="CASCADE"), nullable=False)
    citizen_user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    status = Column(String(16), nullable=False)
    summary = Column(JSON, nullable=False)
    shared_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    invited_at = Column(DateTime(timezone=True), nullable=True)
    proposed_time = Column(DateTime(timezone=True), nullable=True)
    invitation_note = Column(Text, nullable=True)
    answered_at = Column(DateTime(timezone=True), nullable=True)
    citizen_contact = Column(JSON, nullable=True)
    journal_entry_id = Column(Integer, ForeignKey("journal_entries.id", ondelete="SET NULL"), nullable=True)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class MatchNotice(Base):
    """Something a citizen is told at their next visit: a new suggestion, an invitation, a posting that
    changed or closed after they showed interest, an employer's polite no."""

    __tablename__ = "match_notices"

    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    kind = Column(String(20), nullable=False)
    vacancy_id = Column(Integer, ForeignKey("vacancies.id", ondelete="CASCADE"), nullable=False)
    interest_id = Column(Integer, ForeignKey("vacancy_interests.id", ondelete="CASCADE"), nullable=True)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    delivered_at = Column(DateTime(timezone=True), nullable=True)


class InsightDayTotal(Base):
    """A Danish day that is over, counted for the insight page: conversations (in one journey, or in all
    when `journey` is "") and how many of them were solved without a person. Counts only, no person."""

    __tablename__ = "insight_day_totals"

    day = Column(Date, primary_key=True)
    journey = Column(String(16), primary_key=True)
    conversations = Column(Integer, nullable=False)
    solved = Column(Integer, nullable=False)
    counted_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class UnrecognisedMessage(Base):
    """A message the assistant did not understand, scrubbed of personal details (bot/rules/teach.py), kept
    so staff can see what to teach it next and mark the intent it should have had. Deliberately tied to
    nobody: no user id, no conversation id, only the role of whoever wrote it."""

    __tablename__ = "unrecognised_messages"

    id = Column(Integer, primary_key=True)
    text = Column(String(300), nullable=False)
    guessed_intent = Column(String(64), nullable=True)
    confidence = Column(Float, nullable=True)
    # fallback, low_confidence, rephrase or handoff_not_understood (bot.rules.teach.REASONS).
    reason = Column(String(30), nullable=False)
    role = Column(String(16), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    marked_intent = Column(String(64), nullable=True)
    # "training" (next release's data/nlu) or "evaluation" (the held-out set): never both.
    marked_for = Column(String(10), nullable=True)
    marked_by_role = Column(String(16), nullable=True)
    marked_at = Column(DateTime(timezone=True), nullable=True)
