"""The retention job on SQLite and the real PostgreSQL, with the clock moved forward: records just past
their period (retention.yml) go or are anonymised, records just inside it and every other row stay, an
open case's transcript stays, one audit entry per kind, and a second run changes nothing. Then the
checks of retention.yml itself."""
from __future__ import annotations

import copy
from datetime import date, datetime, timedelta, timezone

import pytest
import yaml
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import MetaData, inspect, select

from bot.retention import AUDIT_ACTION, main as retention_main, run_retention
from bot.rules.insight import DANISH_TIME, last_settled_day
from bot.rules.retention import (
    DEFAULT_CONFIG_PATH, KINDS, cutoff, has_expired, kinds_kept_on_erasure, load_retention, parse_retention,
)
from bot.store.models import (
    AuditEntry, CaseMessage, CitizenProfile, HandoffCase, InsightDayTotal, JournalEntry, LoginSession, SickLeaveCase,
    User, Vacancy,
)
from bot.tracker_store import TrackerWindow

NOW = datetime(2031, 6, 1, 12, 0, tzinfo=timezone.utc)
JUST = timedelta(minutes=1)
TABLES = ("users", "handoff_cases", "case_messages", "audit_log", "journal_entries", "citizen_profiles",
          "sick_leave_cases", "vacancies", "login_sessions", "events", "tracker_windows")


@pytest.fixture
def config():
    return load_retention(DEFAULT_CONFIG_PATH)


def expired_at(config, kind):
    """A moment one minute past the kind's period at NOW."""
    return cutoff(NOW, config[kind]) - JUST


def kept_at(config, kind):
    """A moment one minute inside the kind's period at NOW."""
    return cutoff(NOW, config[kind]) + JUST


def create_rasa_tables(db):
    # Rasa's own table definition (Rasa creates it on its first start), and ours beside it.
    SQLTrackerStore.SQLEvent.__table__.create(db.engine, checkfirst=True)
    TrackerWindow.__table__.create(db.engine, checkfirst=True)


def add_user(session, external_id, last_seen, role="citizen"):
    user = User(role=role, external_id=external_id, display_name=f"Navn {external_id}",
                created_at=last_seen - timedelta(days=3000), last_seen_at=last_seen)
    session.add(user)
    session.flush()
    return user


def add_case(session, external_id, status, closed_at=None, messages=2):
    case = HandoffCase(user_role="citizen", user_external_id=external_id, user_name=f"Navn {external_id}",
                       reason_code="asked_for_person", reason_text="Bad om en medarbejder", priority="normal",
                       priority_rank=2, status=status, contact_wish="phone", phone="12345678",
                       summary_json='{"journal": 3}', created_at=NOW - timedelta(days=4000),
                       closed_at=closed_at, advisor_id="adv-1" if status != "open" else None,
                       close_note="Ringet op; aftalt møde." if status == "closed" else None)
    session.add(case)
    session.flush()
    for number in range(messages):
        session.add(CaseMessage(case_id=case.id, sender="user", text=f"besked {number}",
                                created_at=NOW - timedelta(days=4000)))
    return case


def add_events(session, sender, *moments):
    events = SQLTrackerStore.SQLEvent.__table__
    for moment in moments:
        session.execute(events.insert().values(sender_id=sender, type_name="user", timestamp=moment.timestamp(),
                                               intent_name="greet", data='{"event": "user"}'))
    session.execute(TrackerWindow.__table__.insert().values(sender_id=sender, first_event_id=1, slots="{}"))


def add_journal(session, user, created_at):
    session.add(JournalEntry(user_id=user.id, employer="Netto", job_title="Kassemedarbejder",
                             applied_on=date(2020, 1, 1), channel="job_ad", status="applied",
                             place="Aarhus", note="Ringede først", created_at=created_at, updated_at=created_at))


def add_sick_leave(session, user, status, updated_at):
    session.add(SickLeaveCase(user_id=user.id, first_day=date(2020, 1, 1), situation="employed", track="1",
                              reasons=[], status=status, returned_on=date(2020, 2, 1) if status == "closed" else None,
                              created_at=updated_at - timedelta(days=30), updated_at=updated_at))


def add_vacancy(session, employer, status, updated_at):
    session.add(Vacancy(employer_user_id=employer.id, company="Bager", cvr="12345678", contact_person="Bo",
                        email="bo@example.dk", phone="87654321", job_title="Opvasker", tasks="Opvask",
                        hours_per_week=5, postcode="8000", start_date=date(2020, 1, 1), duration_kind="ongoing",
                        status=status, created_at=updated_at - timedelta(days=10), updated_at=updated_at,
                        reviewed_at=updated_at if status != "awaiting_review" else None))


def build_records(session, config):
    """Two records of every kind, one just past its period and one just inside it, and the exceptions.
    Returns the ids the test expects to go or change."""
    old_citizen = add_user(session, "gammel", expired_at(config, "citizen_profiles"))
    recent_citizen = add_user(session, "ny", kept_at(config, "citizen_profiles"))
    employer = add_user(session, "firma", NOW, role="employer")
    for user in (old_citizen, recent_citizen):
        session.add(CitizenProfile(user_id=user.id, wished_jobs=["kok"], postcode="8000"))

    cases = {
        "anonymised": add_case(session, "gammel", "closed", expired_at(config, "closed_handoff_cases")),
        "kept": add_case(session, "ny", "closed", kept_at(config, "closed_handoff_cases")),
        "messages_gone": add_case(session, "c1", "closed", expired_at(config, "case_messages")),
        "messages_kept": add_case(session, "c2", "closed", kept_at(config, "case_messages")),
        "open": add_case(session, "venter", "open"),
        "claimed": add_case(session, "i-chat", "claimed"),
    }

    old_message = expired_at(config, "conversation_transcripts")
    recent_message = kept_at(config, "conversation_transcripts")
    add_events(session, "citizen-gammel", old_message - timedelta(days=200), old_message)
    add_events(session, "citizen-ny", old_message - timedelta(days=200), recent_message)
    add_events(session, "citizen-venter", old_message - timedelta(days=200), old_message)
    add_events(session, "citizen-i-chat", old_message)
    # The same login id as a waiting citizen, but as an employer: another conversation, not protected.
    add_events(session, "employer-venter", old_message)

    add_journal(session, old_citizen, expired_at(config, "journal_entries"))
    add_journal(session, old_citizen, kept_at(config, "journal_entries"))
    add_sick_leave(session, old_citizen, "closed", expired_at(config, "closed_sick_leaves"))
    add_sick_leave(session, old_citizen, "closed", kept_at(config, "closed_sick_leaves"))
    add_sick_leave(session, recent_citizen, "open", expired_at(config, "closed_sick_leaves"))
    add_vacancy(session, employer, "rejected", expired_at(config, "closed_postings"))
    add_vacancy(session, employer, "rejected", kept_at(config, "closed_postings"))
    add_vacancy(session, employer, "approved", expired_at(config, "closed_postings"))
    add_vacancy(session, employer, "awaiting_review", expired_at(config, "closed_postings"))
    for number, last_seen in enumerate((expired_at(config, "login_sessions"), kept_at(config, "login_sessions"))):
        session.add(LoginSession(token_hash=f"{number:064d}", user_id=recent_citizen.id,
                                 created_at=last_seen - timedelta(hours=1), last_seen_at=last_seen))
    for moment in (expired_at(config, "audit_log"), kept_at(config, "audit_log")):
        session.add(AuditEntry(actor_role="advisor", actor_id="adv-1", action="read_case", subject="citizen-ny",
                               detail="", at=moment))
    session.flush()
    return {name: case.id for name, case in cases.items()} | {"old_citizen": old_citizen.id}


def snapshot(db):
    """Every row of every table, by table and primary key."""
    metadata = MetaData()
    metadata.reflect(db.engine, only=TABLES)
    rows = {}
    with db.engine.connect() as connection:
        for name in TABLES:
            found = metadata.tables[name]
            key = [column.name for column in found.primary_key.columns]
            rows[name] = {tuple(row._mapping[k] for k in key): dict(row._mapping)
                          for row in connection.execute(select(found))}
    return rows


def rows_where(rows, table, **values):
    return {key for key, row in rows[table].items() if all(row[name] == value for name, value in values.items())}


def expected_after(before, ids, config):
    """What the tables must hold after the run: `before` minus exactly what the configuration says."""
    after = copy.deepcopy(before)
    expired_events = {key for key, row in before["events"].items()
                      if row["sender_id"] in ("citizen-gammel", "employer-venter")}
    for key in expired_events:
        del after["events"][key]
    for sender in ("citizen-gammel", "employer-venter"):
        del after["tracker_windows"][(sender,)]
    # A case closed within the year keeps its name and summary but not its live chat after 90 days.
    for case in ("anonymised", "kept", "messages_gone"):
        for key in rows_where(before, "case_messages", case_id=ids[case]):
            del after["case_messages"][key]
    after["handoff_cases"][(ids["anonymised"],)].update(user_name="", phone=None, summary_json="{}")
    del after["citizen_profiles"][(ids["old_citizen"],)]
    oldest = {"journal_entries": "created_at", "sick_leave_cases": "updated_at", "vacancies": "updated_at",
              "login_sessions": "last_seen_at", "audit_log": "at"}
    for table, moment in oldest.items():
        keys = sorted(before[table], key=lambda key: before[table][key][moment])
        if table == "sick_leave_cases":  # the open one is as old, and stays
            keys = [key for key in keys if before[table][key]["status"] == "closed"]
        if table == "vacancies":
            keys = [key for key in keys if before[table][key]["status"] == "rejected"]
        del after[table][keys[0]]
    return after, len(expired_events)


def test_the_job_removes_exactly_what_the_configuration_says_and_nothing_else(db, config):
    create_rasa_tables(db)
    ids = db.run_sync(build_records, config)
    before = snapshot(db)

    report = run_retention(db, config, NOW)

    expected, expired_events = expected_after(before, ids, config)
    after = snapshot(db)
    new_audit = {key: after["audit_log"].pop(key) for key in set(after["audit_log"]) - set(before["audit_log"])}
    assert after == expected
    assert report.counts == {
        "conversation_transcripts": 2, "case_messages": 6, "closed_handoff_cases": 1, "closed_sick_leaves": 1,
        "journal_entries": 1, "journal_optional_fields": 0, "citizen_profiles": 1, "closed_postings": 1,
        "login_sessions": 1, "pending_messages": 0, "unrecognised_messages": 0, "insight_day_totals": 0,
        "audit_log": 1,
    }
    assert expired_events == 3
    details = sorted(entry["detail"] for entry in new_audit.values())
    assert len(new_audit) == 9  # one per kind that changed something; the optional fields did not
    assert all(entry["actor_role"] == "system" and entry["actor_id"] == "retention"
               and entry["action"] == AUDIT_ACTION for entry in new_audit.values())
    assert "journal_entries: deleted 1 journal_entries older than 1461 days" in details
    assert ("conversation_transcripts: deleted 2 conversation transcripts (3 events) with no message for "
            "more than 90 days") in details


def test_a_second_run_with_the_same_clock_changes_nothing_and_writes_no_audit_entry(db, config):
    create_rasa_tables(db)
    db.run_sync(build_records, config)
    run_retention(db, config, NOW)
    before = snapshot(db)

    report = run_retention(db, config, NOW)

    assert not report.changed_anything
    assert snapshot(db) == before


def test_a_dry_run_counts_what_would_go_and_touches_nothing(db, config):
    create_rasa_tables(db)
    db.run_sync(build_records, config)
    before = snapshot(db)

    report = run_retention(db, config, NOW, dry_run=True)

    assert report.counts["journal_entries"] == 1 and report.counts["conversation_transcripts"] == 2
    assert report.results[0].detail.startswith("would have deleted")
    assert snapshot(db) == before


def test_nothing_has_run_out_at_the_time_the_records_were_made(db, config):
    create_rasa_tables(db)
    db.run_sync(build_records, config)
    before = snapshot(db)

    report = run_retention(db, config, NOW - timedelta(days=4000))

    assert not report.changed_anything
    assert snapshot(db) == before


def test_optional_journal_fields_are_emptied_when_their_period_is_shorter(db):
    data = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text(encoding="utf-8"))
    data["journal_optional_fields"]["keep_days"] = 365
    config = parse_retention(data)

    def add_entries(session):
        citizen = add_user(session, "skriver", NOW)
        for created_at in (expired_at(config, "journal_optional_fields"), kept_at(config, "journal_optional_fields")):
            add_journal(session, citizen, created_at)

    db.run_sync(add_entries)
    report = run_retention(db, config, NOW)

    rows = db.run_sync(lambda session: [(entry.employer, entry.place, entry.note) for entry in session.execute(
        select(JournalEntry).order_by(JournalEntry.created_at)).scalars()])
    assert rows == [("Netto", None, None), ("Netto", "Aarhus", "Ringede først")]
    assert report.counts["journal_optional_fields"] == 1
    assert run_retention(db, config, NOW).counts["journal_optional_fields"] == 0


def test_a_fresh_database_without_rasa_tables_is_swept_quietly(db, config):
    assert not inspect(db.engine).has_table("events")
    report = run_retention(db, config, NOW)
    assert report.counts["conversation_transcripts"] == 0 and not report.changed_anything


def test_the_job_takes_a_database_url_and_refuses_a_time_without_zone(database_url, config):
    from bot.migrate import upgrade

    upgrade(database_url)
    assert not run_retention(database_url, config, NOW).changed_anything
    with pytest.raises(ValueError, match="time zone"):
        run_retention(database_url, config, datetime(2031, 1, 1))


def test_the_command_prints_what_it_would_do_per_kind(tmp_path, monkeypatch, capsys):
    from bot.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'command.db'}"
    upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("JOBASSISTENT_VAR_DIR", str(tmp_path))
    assert retention_main(["--now", "2031-01-01T00:00:00+00:00", "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Dry run at 2031-01-01T00:00:00+00:00")
    assert all(f"{kind}: nothing would change" in printed for kind in KINDS)


# --- retention.yml -------------------------------------------------------------------------------

def valid_data():
    return yaml.safe_load(DEFAULT_CONFIG_PATH.read_text(encoding="utf-8"))


def test_the_projects_file_names_every_kind_with_a_reason():
    config = load_retention()
    assert [rule.kind for rule in config] == list(KINDS)
    assert all(rule.keep_days > 0 and rule.reason for rule in config)
    assert config["journal_optional_fields"].fields == ("place", "note")


def test_erasure_keeps_the_kinds_the_file_marks():
    assert kinds_kept_on_erasure(load_retention()) == {"closed_handoff_cases", "closed_sick_leaves", "audit_log"}


def test_the_file_can_be_chosen_by_environment(tmp_path):
    other = tmp_path / "retention.yml"
    data = valid_data()
    data["login_sessions"]["keep_days"] = 3
    other.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert load_retention(env={"RETENTION_CONFIG": str(other)})["login_sessions"].keep_days == 3
    assert load_retention(env={})["login_sessions"].keep_days == 1


@pytest.mark.parametrize("kind, key, value, message", [
    ("journal_entries", "keep_days", 0, "journal_entries: keep_days must be a whole number of days above 0"),
    ("journal_entries", "keep_days", -5, "journal_entries: keep_days must be"),
    ("audit_log", "keep_days", "5 years", "audit_log: keep_days must be"),
    ("audit_log", "keep_days", True, "audit_log: keep_days must be"),
    ("case_messages", "reason", " ", "case_messages: reason must say why"),
    ("citizen_profiles", "counted_from", "profile_updated", "citizen_profiles: counted_from must be last_login"),
    ("login_sessions", "kept_on_erasure", "no", "login_sessions: kept_on_erasure must be true or false"),
    ("journal_optional_fields", "fields", ["place", "employer"], "journal_optional_fields: fields: employer"),
    ("journal_optional_fields", "fields", [], "journal_optional_fields: fields must list"),
    ("closed_postings", "fields", ["email"], "closed_postings: unknown key fields"),
])
def test_a_wrong_value_is_refused_naming_the_kind_and_key(kind, key, value, message):
    data = valid_data()
    data[kind][key] = value
    with pytest.raises(ValueError, match=message):
        parse_retention(data)


@pytest.mark.parametrize("key", ["keep_days", "counted_from", "reason", "kept_on_erasure"])
def test_a_missing_key_is_refused_naming_the_kind_and_key(key):
    data = valid_data()
    del data["closed_sick_leaves"][key]
    with pytest.raises(ValueError, match=f"closed_sick_leaves: {key} is missing"):
        parse_retention(data)


def test_a_missing_or_unknown_kind_is_refused_by_name():
    data = valid_data()
    del data["login_sessions"]
    with pytest.raises(ValueError, match="kind login_sessions is missing"):
        parse_retention(data)
    data = valid_data()
    data["chat_logs"] = data["audit_log"]
    with pytest.raises(ValueError, match="unknown kind chat_logs"):
        parse_retention(data)


def test_an_unreadable_file_is_refused_with_its_path(tmp_path):
    with pytest.raises(ValueError, match="cannot read"):
        load_retention(tmp_path / "missing.yml")
    broken = tmp_path / "broken.yml"
    broken.write_text("audit_log: [", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid YAML"):
        load_retention(broken)


def test_a_record_runs_out_only_after_its_whole_period():
    rule = load_retention()["login_sessions"]
    assert cutoff(NOW, rule) == NOW - timedelta(days=1)
    assert has_expired(NOW - timedelta(days=1, seconds=1), NOW, rule)
    assert not has_expired(NOW - timedelta(days=1), NOW, rule)
    assert not has_expired(None, NOW, rule)
    with pytest.raises(ValueError, match="time zone"):
        cutoff(datetime(2031, 1, 1), rule)


# --- the daily run -------------------------------------------------------------------------------

def test_the_schedule_runs_at_once_and_again_after_a_failed_run():
    from bot.retention import Report, RetentionSchedule

    runs = []

    def run():
        runs.append(len(runs))
        if len(runs) == 1:
            raise RuntimeError("database away")
        schedule.stop()
        return Report(now=NOW, dry_run=False)

    schedule = RetentionSchedule(run, interval_seconds=0)
    schedule.run_forever()
    assert runs == [0, 1]


def test_the_daily_command_sweeps_at_start_and_stops_on_sigterm(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from bot.migrate import upgrade
    from bot.store.db import Database

    url = f"sqlite:///{tmp_path / 'daily.db'}"
    upgrade(url)
    database = Database(url)
    long_ago = datetime(2001, 1, 1, tzinfo=timezone.utc)  # expired by the wall clock the daily run uses
    database.run_sync(lambda session: session.add(AuditEntry(actor_role="advisor", actor_id="adv-1",
                                                            action="read_case", detail="", at=long_ago)))
    env = {**os.environ, "DATABASE_URL": url, "JOBASSISTENT_VAR_DIR": str(tmp_path), "LOG_FORMAT": "text"}
    process = subprocess.Popen([sys.executable, "-m", "bot.retention", "--daily"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        actions = []
        while time.monotonic() < deadline and AUDIT_ACTION not in actions:
            time.sleep(0.2)
            actions = database.run_sync(lambda session: list(session.execute(select(AuditEntry.action)).scalars()))
        assert actions == [AUDIT_ACTION]  # the old entry went, and the job said so
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        database.dispose()


def test_the_insight_days_are_counted_before_the_conversations_go_and_deleted_after_their_period(db, config):
    create_rasa_tables(db)
    db.run_sync(build_records, config)
    old_message = expired_at(config, "conversation_transcripts")
    ancient = (expired_at(config, "insight_day_totals") - timedelta(days=2)).date()
    asked_on = old_message - timedelta(days=3)
    events = SQLTrackerStore.SQLEvent.__table__

    def seed(session):
        session.add(InsightDayTotal(day=ancient, journey="", conversations=9, solved=3))
        for sender in ("citizen-spurgte", "citizen-spurgte-også"):
            session.execute(events.insert().values(sender_id=sender, type_name="user", intent_name="faq",
                                                   timestamp=asked_on.timestamp(), data='{"event": "user"}'))
    db.run_sync(seed)

    run_retention(db, config, NOW)

    def kept(session):
        return {row.day: row.conversations for row in session.query(InsightDayTotal).filter_by(journey="")}
    counted = db.run_sync(kept)
    # The two questions' day is counted, though their conversations are gone now.
    assert counted[asked_on.astimezone(DANISH_TIME).date()] == 2
    assert db.run_sync(lambda session: session.execute(
        select(events.c.id).where(events.c.sender_id.like("citizen-spurgte%"))).all()) == []
    assert ancient not in counted
    assert max(counted) == last_settled_day(NOW)
