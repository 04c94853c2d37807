"""Keeping misunderstood messages for teaching, on SQLite and PostgreSQL: recorded, read for a period,
a handoff raising the reason of the row already kept, marked and read back for export, run out after the
period in retention.yml, and the migration up and down."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect, select

from bot.migrate import downgrade, upgrade
from bot.retention import run_retention
from bot.rules.retention import load_retention
from bot.store.db import make_engine
from bot.store.errors import NotFound
from bot.store.models import UnrecognisedMessage
from bot.store.teach import (
    SAME_MESSAGE_WITHIN, mark_messages, marked_for, message_to_json, misses_between, raise_reason, record_miss,
)

NOW = datetime(2026, 12, 10, 12, 0, tzinfo=timezone.utc)


def keep(db, text, reason="fallback", at=NOW, role="citizen", intent="faq", confidence=0.3):
    return db.run_sync(record_miss, text, intent, confidence, reason, role, at).id


def all_rows(db):
    return db.run_sync(lambda session: [message_to_json(row) for row in session.execute(
        select(UnrecognisedMessage).order_by(UnrecognisedMessage.id)).scalars()])


def test_a_kept_message_holds_what_it_says_and_nobody_it_is_about(db):
    keep(db, "hvordan søger jeg [helbred] fleksjob", "low_confidence", intent="ask_benefits", confidence=0.2345)
    [row] = all_rows(db)
    assert row == {"id": row["id"], "text": "hvordan søger jeg [helbred] fleksjob", "guessed_intent": "ask_benefits",
                   "confidence": 0.234, "reason": "low_confidence", "role": "citizen",
                   "created_at": NOW.isoformat(), "marked_intent": None, "marked_for": None,
                   "marked_by_role": None, "marked_at": None}
    columns = {column["name"] for column in inspect(db.engine).get_columns("unrecognised_messages")}
    assert not columns & {"user_id", "external_id", "conversation_id", "sender_id", "user_external_id"}


def test_an_unknown_reason_is_refused(db):
    with pytest.raises(ValueError):
        keep(db, "hej", "because")


def test_messages_are_read_newest_first_within_the_period(db):
    old = keep(db, "gammel", at=NOW - timedelta(days=3))
    middle = keep(db, "midt", at=NOW - timedelta(days=1))
    new = keep(db, "ny", at=NOW)
    everything = db.run_sync(misses_between)
    assert [row.id for row in everything] == [new, middle, old]
    window = db.run_sync(misses_between, NOW - timedelta(days=1), NOW)
    assert [row.id for row in window] == [middle]  # since inclusive, until exclusive
    assert [row.id for row in db.run_sync(misses_between, None, None, 2)] == [new, middle]


def test_a_handoff_raises_the_reason_of_the_same_message_kept_just_before(db):
    kept = keep(db, "zz blabla", "rephrase", at=NOW - timedelta(minutes=5))
    other_role = keep(db, "zz blabla", "rephrase", at=NOW - timedelta(minutes=1), role="employer")
    raised = db.run_sync(raise_reason, "zz blabla", "citizen", "handoff_not_understood", "faq", 0.3, NOW)
    assert raised.id == kept
    rows = {row["id"]: row["reason"] for row in all_rows(db)}
    assert rows == {kept: "handoff_not_understood", other_role: "rephrase"}  # counted once, not twice


def test_a_handoff_long_after_the_message_keeps_it_anew_and_never_lowers_a_reason(db):
    long_ago = keep(db, "zz", "rephrase", at=NOW - SAME_MESSAGE_WITHIN - timedelta(seconds=1))
    anew = db.run_sync(raise_reason, "zz", "citizen", "handoff_not_understood", "faq", 0.3, NOW).id
    assert anew != long_ago
    again = db.run_sync(raise_reason, "zz", "citizen", "rephrase", "faq", 0.3, NOW + timedelta(minutes=1))
    assert again.id == anew
    assert [row["reason"] for row in all_rows(db)] == ["rephrase", "handoff_not_understood"]


def test_marking_sets_the_intent_purpose_role_and_time_and_can_be_taken_back(db):
    first, second, third = (keep(db, text) for text in ("a b", "c d", "e f"))
    marked = db.run_sync(lambda s: [message_to_json(r) for r in mark_messages(s, [second, first], "ask_human",
                                                                              "training", "manager")])
    assert [row["id"] for row in marked] == [first, second]
    assert all(row["marked_intent"] == "ask_human" and row["marked_for"] == "training"
               and row["marked_by_role"] == "manager" and row["marked_at"] for row in marked)
    db.run_sync(mark_messages, [first], None, "training", "advisor")
    rows = {row["id"]: row for row in all_rows(db)}
    assert rows[first]["marked_intent"] is None and rows[first]["marked_by_role"] is None
    assert rows[second]["marked_intent"] == "ask_human" and rows[third]["marked_intent"] is None


def test_marking_with_an_id_that_names_no_message_marks_nothing(db):
    real = keep(db, "hej med dig")
    with pytest.raises(NotFound):
        db.run_sync(mark_messages, [real, real + 1000], "greet", "training", "manager")
    assert all_rows(db)[0]["marked_intent"] is None


def test_the_export_reads_what_was_marked_for_its_purpose_oldest_mark_first(db):
    a, b, c, d = (keep(db, text) for text in ("tal med en", "hej hej", "min sag", "ikke markeret"))
    db.run_sync(mark_messages, [b], "greet", "training", "manager")
    db.run_sync(mark_messages, [a], "ask_human", "training", "advisor")
    db.run_sync(mark_messages, [c], "ask_own_benefit_case", "evaluation", "manager")
    assert db.run_sync(marked_for, "training") == [("greet", "hej hej"), ("ask_human", "tal med en")]
    assert db.run_sync(marked_for, "evaluation") == [("ask_own_benefit_case", "min sag")]


def test_kept_messages_run_out_after_a_year_as_retention_yml_says(db):
    config = load_retention()
    rule = config["unrecognised_messages"]
    assert rule.keep_days == 365 and not rule.kept_on_erasure and rule.counted_from == "message_created"
    expired = keep(db, "gammel besked", at=NOW - timedelta(days=365, seconds=1))
    kept = keep(db, "ny nok", at=NOW - timedelta(days=365))
    report = run_retention(db, config, NOW)
    assert report.counts["unrecognised_messages"] == 1
    assert [row["id"] for row in all_rows(db)] == [kept] and expired != kept


def test_the_migration_goes_down_to_0010_and_up_again(database_url):
    upgrade(database_url)
    engine = make_engine(database_url)
    assert "unrecognised_messages" in inspect(engine).get_table_names()
    downgrade(database_url, "0010")
    assert "unrecognised_messages" not in inspect(engine).get_table_names()
    assert "feedback" in inspect(engine).get_table_names()
    upgrade(database_url)
    assert "unrecognised_messages" in inspect(engine).get_table_names()
    engine.dispose()
