"""The insight counts read from the database, with fixtures of known counts, on SQLite and PostgreSQL:
conversations from Rasa's events, what was finished and handed over, cases, sick leave, postings,
the journal and the "was this helpful?" ratings."""
import json
from datetime import date, datetime, timedelta, timezone

from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import insert

from bot.rules.insight import DANISH_TIME, build_figures
from bot.store.feedback import record_feedback
from bot.store.insight import conversation_activity, count_settled_days, day_totals, insight_counts
from bot.store.models import (
    Feedback, HandoffCase, InsightDayTotal, JournalEntry, PRIORITY_RANK, SickLeaveCase, User, Vacancy,
)

DAY = date(2025, 5, 2)


def danish(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment given in Danish time, as the UTC moment the store keeps."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=DANISH_TIME).astimezone(timezone.utc)


def rasa_events_table(engine) -> None:
    """Rasa's own events table, as its SQL tracker store creates it."""
    SQLTrackerStore.SQLEvent.__table__.create(engine, checkfirst=True)


def event(sender: str, moment: datetime, kind: str = "user", intent: str = None, action: str = None) -> dict:
    return {"sender_id": sender, "type_name": kind, "timestamp": moment.timestamp(), "intent_name": intent,
            "action_name": action, "data": json.dumps({"event": kind})}


def user(session, role: str, external_id: str) -> User:
    account = User(role=role, external_id=external_id, display_name="")
    session.add(account)
    session.flush()
    return account


def handoff(session, external_id: str, reason: str, priority: str, created: datetime,
            claimed: datetime = None, status: str = "open") -> None:
    session.add(HandoffCase(user_role="citizen", user_external_id=external_id, reason_code=reason, reason_text="x",
                            priority=priority, priority_rank=PRIORITY_RANK[priority], status=status,
                            contact_wish="written", created_at=created, claimed_at=claimed))


def seed_known_day(session) -> None:
    """2 May 2025 (Danish time), with these known facts:
    - conversations that day: c1, c2 (journal), c3, c4 (sick leave), c5 (benefits), c6 (crisis), e1 (posting);
      c7 only logged in (the greeting), an advisor chatted, c1 also wrote late on 1 May (another day);
    - finished: c1 and c2 saved a journal entry, c3 a self-service sick leave, e1 a posting, c5 got an answer;
    - handed over: c2 asked for a person, c6 got the crisis answer (claimed after 4 minutes); c4's sick leave
      went to an advisor."""
    session.execute(insert(SQLTrackerStore.SQLEvent.__table__), [
        event("citizen-c1", danish(DAY, 9), intent="log_job_activity"),
        event("citizen-c1", danish(DAY, 9, 5), intent="affirm"),
        event("citizen-c1", danish(DAY - timedelta(days=1), 23, 30), intent="show_journal"),
        event("citizen-c2", danish(DAY, 10), intent="log_job_activity"),
        event("citizen-c2", danish(DAY, 10, 20), intent="ask_human"),
        event("citizen-c3", danish(DAY, 0, 10), intent="start_sick_leave"),
        event("citizen-c4", danish(DAY, 23, 50), intent="start_sick_leave"),
        event("citizen-c5", danish(DAY, 12), intent="faq"),
        event("citizen-c5", danish(DAY, 12), kind="action", action="action_answer_benefit_question"),
        event("citizen-c6", danish(DAY, 13), intent="crisis"),
        event("employer-e1", danish(DAY, 14), intent="post_vacancy"),
        event("citizen-c7", danish(DAY, 15), intent="greet"),
        event("advisor-r1", danish(DAY, 15), intent="ask_human"),
        event("citizen-c1", danish(DAY + timedelta(days=1), 0, 5), intent="log_job_activity"),
    ])
    accounts = {name: user(session, "citizen", name) for name in ("c1", "c2", "c3", "c4")}
    employer = user(session, "employer", "e1")
    for name in ("c1", "c2"):
        session.add(JournalEntry(user_id=accounts[name].id, employer="Netto", job_title="kok", applied_on=DAY,
                                 channel="jobnet", status="applied", created_at=danish(DAY, 10, 10)))
    for name, track in (("c3", "self_service"), ("c4", "advisor")):
        session.add(SickLeaveCase(user_id=accounts[name].id, first_day=DAY, situation="employed", track=track,
                                  reasons=[], created_at=danish(DAY, 11)))
    session.add(Vacancy(employer_user_id=employer.id, company="Bageri", cvr="13748136", contact_person="A",
                        email="a@b.dk", phone="12345678", job_title="opvasker", tasks="opvask", hours_per_week=10,
                        postcode="2100", start_date=DAY, duration_kind="ongoing", status="approved",
                        created_at=danish(DAY, 14, 5), reviewed_at=danish(DAY, 16, 5)))
    handoff(session, "c2", "asked_for_person", "normal", danish(DAY, 10, 21))
    handoff(session, "c6", "crisis", "urgent", danish(DAY, 13, 1), claimed=danish(DAY, 13, 5), status="claimed")
    handoff(session, "old", "not_understood", "normal", danish(DAY - timedelta(days=40), 9))  # before the period
    for topic, helpful in (("dagpenge_rate", True), ("dagpenge_rate", True), ("journal", False)):
        record_feedback(session, topic, helpful, "citizen")
    session.add(Feedback(topic="journal", helpful=True, role="citizen", created_at=danish(DAY + timedelta(days=5), 9)))


def test_a_day_is_counted_from_the_events_and_the_records_of_known_sizes(db):
    rasa_events_table(db.engine)
    db.run_sync(seed_known_day)
    counts = db.run_sync(insight_counts, DAY, DAY)
    activity = db.run_sync(conversation_activity, DAY, DAY)
    assert sorted(conversation for conversation, _ in activity.days) == [
        "citizen-c1", "citizen-c2", "citizen-c3", "citizen-c4", "citizen-c5", "citizen-c6", "employer-e1"]
    assert counts.per_day(None) == {DAY: (7, 4)}  # c1, c3, c5 and e1; c2 asked for a person
    assert counts.per_journey() == {"journal": (2, 1), "sick_leave": (2, 1), "benefits": (1, 1),
                                    "vacancy": (1, 1), "handoff": (1, 0)}
    assert counts.handoffs == {("asked_for_person", "normal"): 1, ("crisis", "urgent"): 1}
    assert counts.claim_minutes == {"urgent": [4.0]}
    assert counts.active_now == {("open", "normal"): 2, ("claimed", "urgent"): 1}
    assert counts.crisis_days == [DAY]
    assert counts.sick_leave_tracks == {"self_service": 1, "advisor": 1}
    assert counts.postings == {"approved": 1} and counts.review_hours == {"approved": [2.0]}
    assert counts.journal_days == [DAY, DAY]


def test_the_period_takes_whole_danish_days(db):
    rasa_events_table(db.engine)
    db.run_sync(seed_known_day)
    counts = db.run_sync(insight_counts, DAY - timedelta(days=1), DAY + timedelta(days=1))
    per_day = counts.per_day(None)
    # c1's message at 23:30 on 1 May and at 00:05 on 3 May each make a conversation day of their own.
    assert per_day == {DAY - timedelta(days=1): (1, 0), DAY: (7, 4), DAY + timedelta(days=1): (1, 0)}
    later = db.run_sync(insight_counts, DAY + timedelta(days=5), DAY + timedelta(days=5))
    assert later.feedback == {("journal", True): 1} and later.per_day(None) == {}


def test_ratings_are_counted_per_topic_and_verdict_without_who_gave_them(db):
    db.run_sync(lambda session: [record_feedback(session, "journal", helpful, "employer")
                                 for helpful in (True, True, False)])
    counts = db.run_sync(insight_counts, date.today() - timedelta(days=1), date.today() + timedelta(days=1))
    assert counts.feedback == {("journal", True): 2, ("journal", False): 1}
    assert {column.name for column in Feedback.__table__.columns} == {"id", "topic", "helpful", "role", "created_at"}


def test_without_rasa_events_table_the_other_figures_still_count(db):
    db.run_sync(lambda session: handoff(session, "c9", "crisis", "urgent", danish(DAY, 8)))
    counts = db.run_sync(insight_counts, DAY, DAY)
    assert counts.per_day(None) == {} and counts.crisis_days == [DAY]


def test_many_conversations_make_figures_with_shown_counts(db):
    rasa_events_table(db.engine)
    rows = [event(f"citizen-m{number}", danish(DAY, 9 + number % 8), intent="faq") for number in range(30)]
    rows += [event(f"citizen-m{number}", danish(DAY, 9 + number % 8), kind="action",
                   action="action_answer_benefit_question") for number in range(20)]
    db.run_sync(lambda session: session.execute(insert(SQLTrackerStore.SQLEvent.__table__), rows))
    db.run_sync(lambda session: [handoff(session, f"m{number}", "asked_for_person", "normal", danish(DAY, 17))
                                 for number in range(3)])
    figures = {figure.key: figure for figure in build_figures(
        db.run_sync(insight_counts, DAY, DAY), DAY, DAY, "benefits", {})}
    assert figures["conversations"].rows == (("2025-05-02", 30, 17),)
    assert ("Spørgsmål om ydelser", 30, 17, 56.7) in figures["journeys"].rows


def test_the_danish_day_holds_on_both_sides_of_summer_time(db):
    rasa_events_table(db.engine)
    winter, summer = date(2025, 3, 29), date(2025, 3, 31)
    db.run_sync(lambda session: session.execute(insert(SQLTrackerStore.SQLEvent.__table__), [
        event("citizen-w", danish(winter, 23, 30), intent="faq"),
        event("citizen-w", danish(winter, 0, 30), intent="faq"),
        event("citizen-s", danish(summer, 23, 30), intent="faq"),
        event("citizen-s", danish(summer, 0, 30), intent="faq"),
    ]))
    db.run_sync(lambda session: handoff(session, "s", "crisis", "urgent", danish(summer, 23, 59)))
    counts = db.run_sync(insight_counts, winter, summer)
    assert sorted(db.run_sync(conversation_activity, winter, summer).days) == [
        ("citizen-s", summer), ("citizen-w", winter)]
    assert counts.per_day(None) == {winter: (1, 0), summer: (1, 0)}
    assert counts.crisis_days == [summer]


def test_a_settled_day_is_counted_once_and_kept_after_rasas_events_are_gone(db):
    rasa_events_table(db.engine)
    db.run_sync(seed_known_day)
    next_week = danish(DAY + timedelta(days=7), 12)
    first = db.run_sync(insight_counts, DAY, DAY, next_week)
    kept = db.run_sync(lambda session: {(row.day, row.journey): (row.conversations, row.solved)
                                        for row in session.query(InsightDayTotal)})
    assert kept[(DAY, "")] == (7, 4) and kept[(DAY, "journal")] == (2, 1) and len(kept) == 6
    # What retention.yml does to old conversations: the day's figures stay.
    db.run_sync(lambda session: session.execute(SQLTrackerStore.SQLEvent.__table__.delete()))
    again = db.run_sync(insight_counts, DAY, DAY, next_week)
    assert again.per_day(None) == first.per_day(None) == {DAY: (7, 4)}
    assert again.per_journey() == first.per_journey()


def test_a_day_not_yet_over_is_counted_afresh_and_not_kept(db):
    rasa_events_table(db.engine)
    db.run_sync(seed_known_day)
    same_evening = danish(DAY, 22)
    assert db.run_sync(day_totals, DAY, DAY, same_evening)[(DAY, "")] == (7, 4)
    assert db.run_sync(lambda session: session.query(InsightDayTotal).count()) == 0
    db.run_sync(lambda session: session.execute(insert(SQLTrackerStore.SQLEvent.__table__), [
        event("citizen-late", danish(DAY, 22, 30), intent="faq")]))
    assert db.run_sync(day_totals, DAY, DAY, danish(DAY, 23))[(DAY, "")] == (8, 4)


def test_the_retention_job_counts_every_settled_day_before_conversations_go(db):
    rasa_events_table(db.engine)
    db.run_sync(seed_known_day)
    later = danish(DAY + timedelta(days=3), 12)
    # From the oldest event (c1 late on 1 May) to the last settled day (4 May): four days, once.
    assert db.run_sync(count_settled_days, later) == 4
    assert db.run_sync(count_settled_days, later) == 0
    kept = db.run_sync(lambda session: sorted({row.day for row in session.query(InsightDayTotal)}))
    assert kept == [DAY - timedelta(days=1), DAY, DAY + timedelta(days=1), DAY + timedelta(days=2)]


def test_no_events_table_means_nothing_to_count(db):
    assert db.run_sync(count_settled_days, danish(DAY, 12)) == 0
