"""Counts for the municipality's insight page, read from the assistant's tables and Rasa's events: a few
grouped queries per page, whose rows the pure rules (bot/rules/insight.py) turn into figures. The
database groups by Danish day itself, so a year of data comes back as a few thousand rows."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Dict, List, Optional, Tuple

from sqlalchemy import (
    BigInteger, Float, Integer, and_, case, cast, column, func, inspect, literal, or_, select, table, text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.rules.insight import (
    ALL_JOURNEYS, CONVERSATION_ROLES, DANISH_TIME, JOURNEYS, NOT_A_CONVERSATION, ConversationActivity, DayTotalKey,
    InsightCounts, day_of_number, days_between, intents_of, last_settled_day, period_bounds, utc_offsets,
)
from bot.store.handoff import ACTIVE_STATUSES
from bot.store.models import (
    Feedback, HandoffCase, InsightDayTotal, JournalEntry, SickLeaveCase, User, Vacancy, conversation_id_for,
)

# Rasa's own table (its SQL tracker store creates it on its first start); only these columns are read.
RASA_EVENTS = table("events", column("sender_id"), column("type_name"), column("timestamp", Float),
                    column("intent_name"), column("action_name"))
# The actions that give a benefits answer or an estimate: an answer given, in the benefits journey.
ANSWER_ACTIONS = ("action_answer_benefit_question", "action_calculate_dagpenge", "action_calculate_sygedagpenge")


EVENTS_TIME_INDEX = "ix_events_timestamp"


def add_events_time_index(engine: Engine) -> None:
    """Rasa's events table has no index on the time; the insight page counts today's conversations by
    time and the retention job finds old ones by it, so each would read every event otherwise."""
    with engine.begin() as connection:
        connection.execute(text(f"CREATE INDEX IF NOT EXISTS {EVENTS_TIME_INDEX} ON events (timestamp)"))


class Period:
    """The Danish days asked for, and the SQL that tells the Danish day of a moment on this database:
    Unix time plus Danish time's offset (from rules.utc_offsets), in whole days."""

    def __init__(self, session: Session, first: date, last: date) -> None:
        self.sqlite = session.get_bind().dialect.name == "sqlite"
        self.start, self.end = period_bounds(first, last)
        self.offsets = utc_offsets(self.start, self.end)

    def epoch(self, moment: ColumnElement) -> ColumnElement:
        """Unix time of a DateTime column (stored as UTC)."""
        if self.sqlite:
            return cast(func.strftime("%s", moment), Integer)
        return func.extract("epoch", moment)

    def day(self, epoch: ColumnElement) -> ColumnElement:
        changes = [(epoch >= since, literal(seconds)) for since, seconds in reversed(self.offsets[1:])]
        offset = case(*changes, else_=literal(self.offsets[0][1])) if changes else literal(self.offsets[0][1])
        days = (epoch + offset) / 86400
        # Unix times here are positive, so SQLite's truncation is the floor.
        return cast(days if self.sqlite else func.floor(days), BigInteger)

    def minutes(self, earlier: ColumnElement, later: ColumnElement) -> ColumnElement:
        return (self.epoch(later) - self.epoch(earlier)) / 60.0


# What an event says in one word: the journey of a user's message ("" for none), or that an answer was given.
ANSWERED = "answered"


def _what_happened() -> ColumnElement:
    events = RASA_EVENTS.c
    return case((events.type_name == "action", literal(ANSWERED)),
                *((events.intent_name.in_(intents_of(journey)), literal(journey)) for journey in JOURNEYS),
                else_=literal(""))


def read_events(session: Session, activity: ConversationActivity, period: Period) -> None:
    """Conversation days and their journeys from the users' messages, and benefits answers given, from
    Rasa's events, in one pass over the period. Rasa keeps a conversation only as long as retention.yml
    says (90 days by default)."""
    if not inspect(session.connection()).has_table("events"):
        return  # a fresh database: Rasa makes the table on its first start
    events = RASA_EVENTS.c
    day, what = period.day(events.timestamp).label("day"), _what_happened().label("what")
    message = and_(events.type_name == "user",
                   or_(events.intent_name.is_(None), events.intent_name.not_in(sorted(NOT_A_CONVERSATION))))
    answer = and_(events.type_name == "action", events.action_name.in_(ANSWER_ACTIONS))
    rows = session.execute(
        select(events.sender_id, day, what)
        .where(events.timestamp >= period.start.timestamp(), events.timestamp < period.end.timestamp(),
               or_(message, answer))
        .group_by(events.sender_id, day, what))
    prefixes = tuple(f"{role}-" for role in CONVERSATION_ROLES)
    days: Dict[int, date] = {}
    for sender, number, happened in rows:
        if not sender.startswith(prefixes):
            continue  # staff only log in; their greeting is no conversation
        found = days.get(number) or days.setdefault(number, day_of_number(number))
        if happened == ANSWERED:
            activity.add_completion(sender, found, "benefits")
        else:
            activity.add_message(sender, found, happened or None)


def _per_conversation_day(session: Session, period: Period, since: Optional[datetime], who: Tuple[ColumnElement, ...],
                          created_at: ColumnElement, *where: ColumnElement) -> List[Tuple[str, date]]:
    """(conversation id, Danish day) of the rows from `since` (the first conversation day) on."""
    if since is None:
        return []
    day = period.day(period.epoch(created_at))
    rows = session.execute(select(*who, day).where(created_at >= since, created_at < period.end, *where)
                           .group_by(*who, day))
    return [(conversation_id_for(role, external_id), day_of_number(number)) for role, external_id, number in rows]


def read_completions(session: Session, activity: ConversationActivity, period: Period,
                     since: Optional[datetime]) -> None:
    """What users finished themselves (journal entries, self-service sick leave, postings) and when they
    asked for a person, per conversation and day, from `since` on: no conversation is known before it."""
    for model, owner, journey, *where in (
            (JournalEntry, JournalEntry.user_id, "journal"),
            (SickLeaveCase, SickLeaveCase.user_id, "sick_leave", SickLeaveCase.track == "self_service"),
            (Vacancy, Vacancy.employer_user_id, "vacancy")):
        for conversation, day in _joined_per_conversation_day(session, period, since, model, owner, *where):
            activity.add_completion(conversation, day, journey)
    for conversation, day in _per_conversation_day(
            session, period, since, (HandoffCase.user_role, HandoffCase.user_external_id), HandoffCase.created_at):
        activity.add_handoff(conversation, day)


def _joined_per_conversation_day(session: Session, period: Period, since: Optional[datetime], model, owner,
                                 *where: ColumnElement) -> List[Tuple[str, date]]:
    if since is None:
        return []
    day = period.day(period.epoch(model.created_at))
    rows = session.execute(select(User.role, User.external_id, day).join(User, User.id == owner)
                           .where(model.created_at >= since, model.created_at < period.end, *where)
                           .group_by(User.role, User.external_id, day))
    return [(conversation_id_for(role, external_id), day_of_number(number)) for role, external_id, number in rows]


def _in_period(period: Period, created_at: ColumnElement) -> ColumnElement:
    return and_(created_at >= period.start, created_at < period.end)


def read_records(session: Session, counts: InsightCounts, period: Period) -> None:
    """Journal entries per day, sick leaves per track, postings per review outcome and how long the review
    took, for the whole period."""
    journal_day = period.day(period.epoch(JournalEntry.created_at))
    for number, entries in session.execute(select(journal_day, func.count()).where(
            _in_period(period, JournalEntry.created_at)).group_by(journal_day)):
        counts.journal_days += [day_of_number(number)] * entries
    counts.sick_leave_tracks.update(dict(session.execute(
        select(SickLeaveCase.track, func.count()).where(_in_period(period, SickLeaveCase.created_at))
        .group_by(SickLeaveCase.track)).all()))
    counts.postings.update(dict(session.execute(
        select(Vacancy.status, func.count()).where(_in_period(period, Vacancy.created_at))
        .group_by(Vacancy.status)).all()))
    reviews = session.execute(select(Vacancy.status, period.minutes(Vacancy.created_at, Vacancy.reviewed_at))
                              .where(_in_period(period, Vacancy.created_at), Vacancy.reviewed_at.is_not(None)))
    for status, minutes in reviews:
        counts.review_hours.setdefault(status, []).append(float(minutes) / 60)


def read_handoffs(session: Session, counts: InsightCounts, period: Period) -> None:
    in_period = _in_period(period, HandoffCase.created_at)
    counts.handoffs.update({(reason, priority): number for reason, priority, number in session.execute(
        select(HandoffCase.reason_code, HandoffCase.priority, func.count()).where(in_period)
        .group_by(HandoffCase.reason_code, HandoffCase.priority))})
    waited = period.minutes(HandoffCase.created_at, HandoffCase.claimed_at)
    claims = session.execute(select(HandoffCase.priority, waited)
                             .where(in_period, HandoffCase.claimed_at.is_not(None)))
    for priority, minutes in claims:
        counts.claim_minutes.setdefault(priority, []).append(float(minutes))
    crisis_day = period.day(period.epoch(HandoffCase.created_at))
    for number, cases in session.execute(select(crisis_day, func.count()).where(
            in_period, HandoffCase.reason_code == "crisis").group_by(crisis_day)):
        counts.crisis_days += [day_of_number(number)] * cases
    counts.active_now.update({(status, priority): number for status, priority, number in session.execute(
        select(HandoffCase.status, HandoffCase.priority, func.count())
        .where(HandoffCase.status.in_(ACTIVE_STATUSES)).group_by(HandoffCase.status, HandoffCase.priority))})


def read_feedback(session: Session, counts: InsightCounts, period: Period) -> None:
    ratings = session.execute(
        select(Feedback.topic, Feedback.helpful, func.count())
        .where(_in_period(period, Feedback.created_at)).group_by(Feedback.topic, Feedback.helpful))
    counts.feedback.update({(topic, bool(helpful)): number for topic, helpful, number in ratings})


def conversation_activity(session: Session, first: date, last: date) -> ConversationActivity:
    """Who talked about what and finished what, per conversation and Danish day, `first` to `last`."""
    period, activity = Period(session, first, last), ConversationActivity()
    read_events(session, activity, period)
    # Finished and handed-over work matters only on days with a conversation to hold it.
    first_day = min((day for _, day in activity.days), default=None)
    since = max(period.start, period_bounds(first_day, first_day)[0]) if first_day else None
    read_completions(session, activity, period, since)
    return activity


def stored_day_totals(session: Session, first: date, last: date) -> Dict[DayTotalKey, Tuple[int, int]]:
    rows = session.execute(select(InsightDayTotal.day, InsightDayTotal.journey, InsightDayTotal.conversations,
                                  InsightDayTotal.solved)
                           .where(InsightDayTotal.day >= first, InsightDayTotal.day <= last))
    return {(day, journey): (conversations, solved) for day, journey, conversations, solved in rows}


def _store_day_totals(session: Session, totals: Dict[DayTotalKey, Tuple[int, int]]) -> None:
    if not totals:
        return
    try:
        # In a savepoint: a page opened at the same moment may have counted the same days first.
        with session.begin_nested():
            session.add_all(InsightDayTotal(day=day, journey=journey, conversations=conversations, solved=solved)
                            for (day, journey), (conversations, solved) in totals.items())
    except IntegrityError:
        pass


def day_totals(session: Session, first: date, last: date, now: Optional[datetime] = None
               ) -> Dict[DayTotalKey, Tuple[int, int]]:
    """Conversations and those solved without a person per Danish day and journey, `first` to `last`. A day
    that is over is counted from Rasa's events once and then kept (insight_day_totals): a year's page
    reads a few hundred rows, and the figures outlive the events, which retention.yml deletes after 90
    days. Days not yet over are counted afresh each time."""
    settled = last_settled_day(now or datetime.now(timezone.utc))
    totals = stored_day_totals(session, first, min(last, settled)) if first <= settled else {}
    counted = {day for day, journey in totals if journey == ALL_JOURNEYS}
    missing = [day for day in days_between(first, last) if day not in counted]
    if missing:
        fresh = conversation_activity(session, missing[0], missing[-1]).day_totals(missing)
        _store_day_totals(session, {key: tally for key, tally in fresh.items() if key[0] <= settled})
        totals.update(fresh)
    return totals


def count_settled_days(session: Session, now: datetime, oldest: Optional[date] = None) -> int:
    """Counts every settled day not yet counted, from the oldest event Rasa still holds (or `oldest`) on:
    the retention job runs this before it deletes old conversations, so no day is lost to it."""
    if oldest is None:
        if not inspect(session.connection()).has_table("events"):
            return 0
        first_event = session.execute(select(func.min(RASA_EVENTS.c.timestamp))).scalar()
        if first_event is None:
            return 0
        oldest = datetime.fromtimestamp(float(first_event), timezone.utc).astimezone(DANISH_TIME).date()
    settled = last_settled_day(now)
    if oldest > settled:
        return 0
    before = {day for day, journey in stored_day_totals(session, oldest, settled) if journey == ALL_JOURNEYS}
    day_totals(session, oldest, settled, now)
    return len(days_between(oldest, settled)) - len(before)


def insight_counts(session: Session, first: date, last: date, now: Optional[datetime] = None) -> InsightCounts:
    """Everything counted for the Danish days `first` to `last`, both included."""
    period, counts = Period(session, first, last), InsightCounts()
    counts.add_day_totals(day_totals(session, first, last, now))
    for read in (read_records, read_handoffs, read_feedback):
        read(session, counts, period)
    return counts
