"""The retention job: deletes or anonymises every record whose period in retention.yml has run out.

    python -m bot.retention [--now 2030-01-01T00:00:00+00:00] [--dry-run]   # once
    python -m bot.retention --daily                                        # at once, then every 24 h

One transaction per kind of record, one audit entry per kind that changed something (none when nothing
did), so running it twice with the same clock changes nothing the second time. The production
profile's launcher starts the daily run (bot/launcher.py).
"""
from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Union

from sqlalchemy import column, delete, func, inspect, or_, select, table, update
from sqlalchemy.orm import Session

from bot.rules.retention import (
    ACTIVE_CASE_STATUSES, ANONYMISED_CASE_VALUES, CLOSED_CASE_STATUS, CLOSED_POSTING_STATUSES,
    CLOSED_SICK_LEAVE_STATUS, RetentionConfig, RetentionRule, cutoff, load_retention,
)
from bot.store.db import Database
from bot.store.insight import count_settled_days
from bot.store.models import (
    AuditEntry, CaseMessage, CitizenProfile, HandoffCase, InsightDayTotal, JournalEntry, LoginSession, PendingMessage,
    SickLeaveCase, UnrecognisedMessage, User, Vacancy, conversation_id_for,
)

logger = logging.getLogger(__name__)

AUDIT_ACTOR_ROLE = "system"
AUDIT_ACTOR_ID = "retention"
AUDIT_ACTION = "apply_retention"
DAY_SECONDS = 24 * 60 * 60
# Rasa's tracker store tables, known by name only: the job must not load Rasa to read them.
RASA_EVENTS = table("events", column("sender_id"), column("timestamp"))
TRACKER_WINDOWS = table("tracker_windows", column("sender_id"))
# What a sweep returns: how many records it changed, and what, for the audit entry and the report.
Sweep = Tuple[int, str]
# SQLite allows 32766 bound values in one statement (999 before 3.32); stay well below.
SENDERS_PER_STATEMENT = 500


@dataclass(frozen=True)
class KindResult:
    """What the job did (or, in a dry run, would do) to one kind of record."""

    kind: str
    count: int
    detail: str


@dataclass
class Report:
    now: datetime
    dry_run: bool
    results: List[KindResult] = field(default_factory=list)

    @property
    def counts(self) -> Dict[str, int]:
        return {result.kind: result.count for result in self.results}

    @property
    def changed_anything(self) -> bool:
        return any(result.count for result in self.results)

    def changes(self) -> List[str]:
        return [f"{result.kind}: {result.detail}" for result in self.results if result.count]

    def lines(self) -> List[str]:
        verb = "would change" if self.dry_run else "changed"
        return [f"{result.kind}: {result.detail}" if result.count else f"{result.kind}: nothing {verb}"
                for result in self.results]


def _deleted(session: Session, model, apply: bool, *criteria) -> int:
    if not apply:
        return session.execute(select(func.count()).select_from(model).where(*criteria)).scalar_one()
    return session.execute(delete(model).where(*criteria).execution_options(synchronize_session=False)).rowcount


def _updated(session: Session, model, values: Dict[str, object], apply: bool, *criteria) -> int:
    if not apply:
        return session.execute(select(func.count()).select_from(model).where(*criteria)).scalar_one()
    return session.execute(update(model).where(*criteria).values(**values)
                           .execution_options(synchronize_session=False)).rowcount


def _closed_cases_before(moment: datetime):
    return select(HandoffCase.id).where(HandoffCase.status == CLOSED_CASE_STATUS, HandoffCase.closed_at < moment)


def sweep_case_messages(session: Session, rule: RetentionRule, before: datetime, apply: bool) -> Sweep:
    count = _deleted(session, CaseMessage, apply, CaseMessage.case_id.in_(_closed_cases_before(before)))
    return count, f"{count} case_messages of handoff cases closed more than {rule.keep_days} days ago"


def sweep_closed_handoff_cases(session: Session, rule: RetentionRule, before: datetime, apply: bool) -> Sweep:
    # Only cases that still hold something to remove: an anonymised case is not counted again.
    not_yet_anonymised = or_(HandoffCase.user_name != "", HandoffCase.phone.isnot(None),
                             HandoffCase.summary_json != "{}")
    count = _updated(session, HandoffCase, ANONYMISED_CASE_VALUES, apply,
                     HandoffCase.id.in_(_closed_cases_before(before)), not_yet_anonymised)
    return count, (f"{count} handoff_cases closed more than {rule.keep_days} days ago "
                   f"(name, phone and summary removed)")


def sweep_closed_sick_leaves(session: Session, rule: RetentionRule, before: datetime, apply: bool) -> Sweep:
    # A case is closed once (status "closed" with returned_on) and never changed after, so its
    # updated_at is the moment it was closed.
    count = _deleted(session, SickLeaveCase, apply, SickLeaveCase.status == CLOSED_SICK_LEAVE_STATUS,
                     SickLeaveCase.updated_at < before)
    return count, f"{count} sick_leave_cases closed more than {rule.keep_days} days ago"


def sweep_journal_entries(session: Session, rule: RetentionRule, before: datetime, apply: bool) -> Sweep:
    count = _deleted(session, JournalEntry, apply, JournalEntry.created_at < before)
    return count, f"{count} journal_entries older than {rule.keep_days} days"


def sweep_journal_optional_fields(session: Session, rule: RetentionRule, before: datetime, apply: bool) -> Sweep:
    columns = [getattr(JournalEntry, name) for name in rule.fields]
    count = _updated(session, JournalEntry, {name: None for name in rule.fields}, apply,
                     JournalEntry.created_at < before, or_(*(column_.isnot(None) for column_ in columns)))
    return count, f"{count} journal_entries older than {rule.keep_days} days ({', '.join(rule.fields)} emptied)"


def sweep_citizen_profiles(session: Session, rule: RetentionRule, before: datetime, apply: bool) -> Sweep:
    count = _deleted(session, CitizenProfile, apply,
                     CitizenProfile.user_id.in_(select(User.id).where(User.last_seen_at < before)))
    return count, f"{count} citizen_profiles of citizens last logged in more than {rule.keep_days} days ago"


def sweep_closed_postings(session: Session, rule: RetentionRule, before: datetime, apply: bool) -> Sweep:
    # A closed posting is not changed after it closed, so updated_at is the moment it closed.
    count = _deleted(session, Vacancy, apply, Vacancy.status.in_(CLOSED_POSTING_STATUSES), Vacancy.updated_at < before)
    return count, f"{count} vacancies closed more than {rule.keep_days} days ago"


def sweep_login_sessions(session: Session, rule: RetentionRule, before: datetime, apply: bool) -> Sweep:
    count = _deleted(session, LoginSession, apply, LoginSession.last_seen_at < before)
    return count, f"{count} login_sessions unused for more than {rule.keep_days} days"


def sweep_pending_messages(session: Session, rule: RetentionRule, before: datetime, apply: bool) -> Sweep:
    count = _deleted(session, PendingMessage, apply, PendingMessage.created_at < before)
    return count, f"{count} pending_messages never delivered in {rule.keep_days} days"


def sweep_unrecognised_messages(session: Session, rule: RetentionRule, before: datetime, apply: bool) -> Sweep:
    # Marked or not: a mark that was not exported within the period is not worth more than the message.
    count = _deleted(session, UnrecognisedMessage, apply, UnrecognisedMessage.created_at < before)
    return count, f"{count} unrecognised_messages older than {rule.keep_days} days"


def sweep_insight_day_totals(session: Session, rule: RetentionRule, before: datetime, apply: bool) -> Sweep:
    count = _deleted(session, InsightDayTotal, apply, InsightDayTotal.day < before.date())
    return count, f"{count} insight_day_totals older than {rule.keep_days} days"


def sweep_audit_log(session: Session, rule: RetentionRule, before: datetime, apply: bool) -> Sweep:
    count = _deleted(session, AuditEntry, apply, AuditEntry.at < before)
    return count, f"{count} audit_log entries older than {rule.keep_days} days"


def conversations_in_handoff(session: Session) -> set:
    """Sender ids of conversations attached to an open or claimed case: their transcripts always stay."""
    rows = session.execute(select(HandoffCase.user_role, HandoffCase.user_external_id)
                           .where(HandoffCase.status.in_(ACTIVE_CASE_STATUSES)))
    return {conversation_id_for(role, external_id) for role, external_id in rows}


def expired_conversations(session: Session, before: datetime) -> List[str]:
    last_message = func.max(RASA_EVENTS.c.timestamp)
    rows = session.execute(select(RASA_EVENTS.c.sender_id).group_by(RASA_EVENTS.c.sender_id)
                           .having(last_message < before.timestamp())).scalars()
    kept = conversations_in_handoff(session)
    return sorted(sender for sender in rows if sender not in kept)


def sweep_conversation_transcripts(session: Session, rule: RetentionRule, before: datetime, apply: bool) -> Sweep:
    tables = inspect(session.connection())
    if not tables.has_table("events"):
        return 0, "no conversations stored yet"  # a fresh database: Rasa creates the table on its first start
    senders = expired_conversations(session, before)
    events = 0
    has_windows = tables.has_table("tracker_windows")
    for start in range(0, len(senders), SENDERS_PER_STATEMENT):
        chunk = senders[start:start + SENDERS_PER_STATEMENT]
        events += _deleted(session, RASA_EVENTS, apply, RASA_EVENTS.c.sender_id.in_(chunk))
        if has_windows:
            _deleted(session, TRACKER_WINDOWS, apply, TRACKER_WINDOWS.c.sender_id.in_(chunk))
    return len(senders), (f"{len(senders)} conversation transcripts ({events} events) with no message for "
                          f"more than {rule.keep_days} days")


# The order the kinds run in. Where two overlap, the deletion comes first: a journal entry that goes is
# not first emptied and counted as anonymised too.
SWEEPS: Dict[str, Callable] = {
    "conversation_transcripts": sweep_conversation_transcripts,
    "case_messages": sweep_case_messages,
    "closed_handoff_cases": sweep_closed_handoff_cases,
    "closed_sick_leaves": sweep_closed_sick_leaves,
    "journal_entries": sweep_journal_entries,
    "journal_optional_fields": sweep_journal_optional_fields,
    "citizen_profiles": sweep_citizen_profiles,
    "closed_postings": sweep_closed_postings,
    "login_sessions": sweep_login_sessions,
    "pending_messages": sweep_pending_messages,
    "unrecognised_messages": sweep_unrecognised_messages,
    "insight_day_totals": sweep_insight_day_totals,
    "audit_log": sweep_audit_log,
}
ANONYMISING_KINDS = ("closed_handoff_cases", "journal_optional_fields")


def _sweep_one_kind(session: Session, rule: RetentionRule, now: datetime, apply: bool) -> KindResult:
    count, what = SWEEPS[rule.kind](session, rule, cutoff(now, rule), apply)
    verb = "anonymised" if rule.kind in ANONYMISING_KINDS else "deleted"
    detail = f"{verb if apply else 'would have ' + verb} {what}"
    if apply and count:
        # Written directly rather than through record_audit, whose time is the wall clock: the entry
        # carries the job's own `now`, so a run with a moved clock does not sweep its own entries.
        session.add(AuditEntry(actor_role=AUDIT_ACTOR_ROLE, actor_id=AUDIT_ACTOR_ID, action=AUDIT_ACTION,
                               detail=f"{rule.kind}: {detail}"[:300], at=now))
    return KindResult(rule.kind, count, detail)


def run_retention(database: Union[str, Database], config: RetentionConfig, now: Optional[datetime] = None,
                  dry_run: bool = False) -> Report:
    """Applies every kind's period at `now` (the wall clock by default), one transaction per kind."""
    now = now or datetime.now(timezone.utc)
    if now.utcoffset() is None:
        raise ValueError("now must carry a time zone: the records' times are UTC")
    now = now.astimezone(timezone.utc)
    owned = isinstance(database, str)
    db = Database(database) if owned else database
    report = Report(now=now, dry_run=dry_run)
    try:
        if not dry_run:
            # The insight page's daily figures are counted from the conversations before any of them go.
            counted = db.run_sync(count_settled_days, now)
            if counted:
                logger.info("retention: counted %d days for the insight page first", counted)
        ordered = [config[kind] for kind in SWEEPS if kind in config.rules]
        for rule in ordered:
            result = db.run_sync(_sweep_one_kind, rule, now, not dry_run)
            report.results.append(result)
            if result.count:
                logger.info("retention %s: %s", rule.kind, result.detail)
    finally:
        if owned:
            db.dispose()
    return report


class RetentionSchedule:
    """Runs the job at once and then every `interval_seconds` until stopped; a failed run is logged and
    the next one tried on time, so one database hiccup does not stop deletion for good."""

    def __init__(self, run: Callable[[], Report], interval_seconds: float = DAY_SECONDS) -> None:
        self._run = run
        self.interval_seconds = interval_seconds
        self._stopped = threading.Event()

    def stop(self) -> None:
        self._stopped.set()

    def run_forever(self) -> None:
        while not self._stopped.is_set():
            try:
                report = self._run()
                logger.info("retention run done: %s", "; ".join(report.changes()) or "nothing had run out")
            except Exception:  # noqa: BLE001 - the next run is tried anyway, and the error is in the log
                logger.exception("retention run failed; trying again in %d s", self.interval_seconds)
            self._stopped.wait(self.interval_seconds)


def parse_now(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("--now needs a time zone, e.g. 2030-01-01T00:00:00+00:00")
    return moment


def main(argv: Optional[Sequence[str]] = None) -> int:
    from bot.observability import configure_logging, this_process_name
    from bot.settings import load_settings

    parser = argparse.ArgumentParser(description="Deletes or anonymises what retention.yml says has run out.")
    parser.add_argument("--now", type=parse_now, help="the clock to apply the periods at (ISO 8601 with zone)")
    parser.add_argument("--dry-run", action="store_true", help="only print what would be done")
    parser.add_argument("--daily", action="store_true", help="run at once, then every 24 hours until stopped")
    arguments = parser.parse_args(argv)
    settings = load_settings()
    try:
        config = load_retention()
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if arguments.daily:
        configure_logging(settings.log_format, this_process_name("retention"))
        return run_daily(settings.database_url, config)
    report = run_retention(settings.database_url, config, arguments.now, dry_run=arguments.dry_run)
    print(("Dry run at " if report.dry_run else "Retention at ") + report.now.isoformat())
    print("\n".join(report.lines()))
    return 0


def run_daily(database_url: str, config: RetentionConfig) -> int:
    database = Database(database_url)
    schedule = RetentionSchedule(lambda: run_retention(database, config))
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: schedule.stop())
    logger.info("retention runs now and every %d hours", DAY_SECONDS // 3600)
    try:
        schedule.run_forever()
    finally:
        database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
