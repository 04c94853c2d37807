"""`make bench-insight`: how long the insight API takes with a year of a large municipality's data.

    .venv/bin/python scripts/bench_insight.py [--days 365] [--per-day 300] [--event-days 90] [--runs 5]

Seeds a fresh SQLite database (var/bench/insight/insight.db) with `--per-day` conversations a day for
`--days` days, as a municipality of about 100,000 inhabitants might have: Rasa's events of the last
`--event-days` days (all of them by default: each day is counted for the insight page before
retention.yml deletes its conversations after 90 days, so a year's figures need a year of events once),
and for the whole period the journal entries, sick leaves, postings, handoff cases and ratings those
conversations leave. Then asks the gateway, in-process and through HTTP as a manager, for the whole
period's figures once with nothing counted yet (every day is counted from the events and kept), and then
the figures, one figure's CSV and its SVG, `--runs` times each, and prints the times. Writes results.json to var/reports/bench-insight. A measuring tool,
not a test: the numbers depend on the machine.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiohttp.test_utils import TestClient, TestServer  # noqa: E402
from rasa.core.tracker_store import SQLTrackerStore  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from bot.gateway.app import init_app  # noqa: E402
from bot.gateway.insight_routes import FIGURE_CACHE  # noqa: E402
from bot.migrate import upgrade  # noqa: E402
from bot.private_files import write_private_text  # noqa: E402
from bot.rules.insight import DANISH_TIME, FIGURE_KEYS, intents_of  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from bot.store.db import Database  # noqa: E402
from bot.store.insight import add_events_time_index  # noqa: E402
from bot.store.models import (  # noqa: E402
    Feedback, HandoffCase, JournalEntry, PRIORITY_RANK, SickLeaveCase, User, Vacancy,
)

BENCH_DIR = ROOT / "var" / "bench" / "insight"
OUT_DIR = ROOT / "var" / "reports" / "bench-insight"
CITIZENS, EMPLOYERS = 20_000, 500
# What a conversation is about, and how often (a guess at a job centre's chat, for the load only).
JOURNEY_SHARES = (("journal", 0.35), ("benefits", 0.30), ("sick_leave", 0.15), ("handoff", 0.15), ("vacancy", 0.05))
OTHER_EVENTS = ("action", "bot", "slot", "action", "bot", "action", "slot", "bot")


def _moment(day: date, rng: random.Random) -> datetime:
    local = datetime(day.year, day.month, day.day, rng.randint(7, 21), rng.randint(0, 59), tzinfo=DANISH_TIME)
    return local.astimezone(timezone.utc)


def _event(sender: str, moment: datetime, kind: str, intent=None, action=None) -> Dict[str, object]:
    return {"sender_id": sender, "type_name": kind, "timestamp": moment.timestamp(), "intent_name": intent,
            "action_name": action, "data": '{"event": "%s"}' % kind}


def _conversation_events(sender: str, journey: str, moment: datetime, rng: random.Random) -> List[dict]:
    """About a dozen events: four messages (the journey's, then answers in its form) and what Rasa did."""
    intents = [rng.choice(intents_of(journey)), "affirm", "inform", "affirm"]
    rows = []
    for turn, intent in enumerate(intents):
        at = moment + timedelta(seconds=40 * turn)
        rows.append(_event(sender, at, "user", intent=intent))
        rows += [_event(sender, at + timedelta(seconds=1), kind,
                        action="action_listen" if kind == "action" else None) for kind in OTHER_EVENTS[:2]]
    if journey == "benefits":
        rows.append(_event(sender, moment + timedelta(seconds=2), "action", action="action_answer_benefit_question"))
    return rows


def _records(journey: str, user_id: int, external: str, moment: datetime, rng: random.Random) -> list:
    """The rows a conversation of `journey` leaves in the assistant's own tables."""
    if journey == "journal" and rng.random() < 0.8:
        return [JournalEntry(user_id=user_id, employer="Firma", job_title="lagerarbejder",
                             applied_on=moment.date(), channel="jobnet", status="applied", created_at=moment)]
    if journey == "sick_leave" and rng.random() < 0.9:
        return [SickLeaveCase(user_id=user_id, first_day=moment.date(), situation="employed",
                              track="self_service" if rng.random() < 0.75 else "advisor", reasons=[],
                              created_at=moment)]
    if journey == "handoff":
        priority = "urgent" if rng.random() < 0.01 else rng.choice(("high", "normal", "normal"))
        reason = "crisis" if priority == "urgent" else rng.choice(("asked_for_person", "complaint_or_sanction",
                                                                   "not_understood"))
        claimed = moment + timedelta(minutes=rng.randint(1, 240)) if rng.random() < 0.9 else None
        return [HandoffCase(user_role="citizen", user_external_id=external, reason_code=reason, reason_text="x",
                            priority=priority, priority_rank=PRIORITY_RANK[priority],
                            status="closed" if claimed else "open", contact_wish="written", created_at=moment,
                            claimed_at=claimed)]
    return []


def _posting(employer_id: int, moment: datetime, rng: random.Random) -> Vacancy:
    status = rng.choice(("approved", "approved", "rejected", "awaiting_review"))
    return Vacancy(employer_user_id=employer_id, company="Firma", cvr="13748136", contact_person="A",
                   email="a@example.dk", phone="12345678", job_title="opvasker", tasks="opvask", hours_per_week=10,
                   postcode="2100", start_date=moment.date(), duration_kind="ongoing", status=status,
                   created_at=moment,
                   reviewed_at=moment + timedelta(hours=rng.randint(1, 72)) if status != "awaiting_review" else None)


def seed_day(session, day: date, per_day: int, with_events: bool, user_ids: Dict[str, int],
             rng: random.Random) -> int:
    """One day's conversations; returns the number of events written."""
    events: List[dict] = []
    journeys = [name for name, _ in JOURNEY_SHARES]
    weights = [share for _, share in JOURNEY_SHARES]
    for _ in range(per_day):
        journey = rng.choices(journeys, weights)[0]
        moment = _moment(day, rng)
        if journey == "vacancy":
            external = f"firma-{rng.randrange(EMPLOYERS)}"
            sender = f"employer-{external}"
            if rng.random() < 0.7:
                session.add(_posting(user_ids[sender], moment, rng))
        else:
            external = f"borger-{rng.randrange(CITIZENS)}"
            sender = f"citizen-{external}"
            session.add_all(_records(journey, user_ids[sender], external, moment, rng))
        if with_events:
            events += _conversation_events(sender, journey, moment, rng)
        if rng.random() < 0.2:
            session.add(Feedback(topic=rng.choice(("journal", "dagpenge_rate", "sick_leave", "dagpenge_period")),
                                 helpful=rng.random() < 0.7, role="citizen", created_at=moment))
    if events:
        session.execute(insert(SQLTrackerStore.SQLEvent.__table__), events)
    return len(events)


def seed(database: Database, last: date, days: int, per_day: int, event_days: int) -> Dict[str, float]:
    rng = random.Random(19)
    started = time.perf_counter()
    SQLTrackerStore.SQLEvent.__table__.create(database.engine, checkfirst=True)

    def users(session) -> Dict[str, int]:
        """Every user, by conversation id."""
        rows = [{"role": "citizen", "external_id": f"borger-{n}", "display_name": ""} for n in range(CITIZENS)]
        rows += [{"role": "employer", "external_id": f"firma-{n}", "display_name": ""} for n in range(EMPLOYERS)]
        now = datetime.now(timezone.utc)
        session.execute(insert(User), [{**row, "created_at": now, "last_seen_at": now} for row in rows])
        return {f"{role}-{external}": number for number, role, external in
                session.execute(User.__table__.select().with_only_columns(User.id, User.role, User.external_id))}

    # As Rasa's tracker store (bot/tracker_store.py) does when it starts.
    add_events_time_index(database.engine)
    ids = database.run_sync(users)
    events = 0
    for offset in range(days):
        day = last - timedelta(days=offset)
        events += database.run_sync(seed_day, day, per_day, offset < event_days, ids, rng)
    return {"seconds": time.perf_counter() - started, "events": events}


async def time_requests(database: Database, first: date, last: date,
                        runs: int) -> Tuple[Dict[str, List[float]], Dict[str, List[float]]]:
    """Wall-clock seconds and this process's CPU seconds of each request; the CPU time says what the
    request costs when the machine is busy with other work too."""
    settings = replace(load_settings({"JOBASSISTENT_VAR_DIR": str(BENCH_DIR), "DEV_LOGIN": "1",
                                      "SESSION_SECRET": "bench", "RASA_TOKEN": "bench",
                                      "ACTION_SERVER_TOKEN": "bench", "SUBJECT_KEY": "bench"}),
                       database_url=database.url)
    client = TestClient(TestServer(init_app(settings, database)))
    await client.start_server()
    try:
        login = await client.post("/api/dev/login", json={"role": "manager", "id": "leder-bench"})
        assert login.status == 200, await login.text()
        period = f"from={first.isoformat()}&to={last.isoformat()}"
        timings: Dict[str, List[float]] = {}
        cpu: Dict[str, List[float]] = {}
        # The first view counts every day that is over from Rasa's events once (the nightly retention
        # run does the same in production); later views read those counts and count only today afresh.
        started, started_cpu = time.perf_counter(), time.process_time()
        response = await client.get(f"/api/insight?{period}")
        assert response.status == 200, await response.text()
        await response.read()
        timings["first view: counts each day"] = [time.perf_counter() - started]
        cpu["first view: counts each day"] = [time.process_time() - started_cpu]
        # Counted afresh each time (the figures kept for a minute are forgotten first), and then the
        # nine charts the page asks for right after, which reuse the count.
        charts = [f"/api/insight/{key}.svg?{period}" for key in FIGURE_KEYS]
        for name, path, counted in (("figures (JSON)", f"/api/insight?{period}", True),
                                    ("figures, one journey", f"/api/insight?{period}&journey=benefits", True),
                                    ("conversations CSV", f"/api/insight/conversations.csv?{period}", True),
                                    ("conversations SVG", charts[0], True),
                                    ("page: JSON + 9 charts", None, True)):
            for _ in range(runs):
                if counted:
                    client.app[FIGURE_CACHE].clear()
                started, started_cpu = time.perf_counter(), time.process_time()
                if path is None:
                    for address in [f"/api/insight?{period}"] + charts:
                        response = await client.get(address)
                        assert response.status == 200, await response.text()
                        await response.read()
                    timings.setdefault(name, []).append(time.perf_counter() - started)
                    cpu.setdefault(name, []).append(time.process_time() - started_cpu)
                    continue
                response = await client.get(path)
                await response.read()
                assert response.status == 200, await response.text()
                timings.setdefault(name, []).append(time.perf_counter() - started)
                cpu.setdefault(name, []).append(time.process_time() - started_cpu)
        return timings, cpu
    finally:
        await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=300)
    parser.add_argument("--event-days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for old in BENCH_DIR.glob("insight.db*"):
        old.unlink()
    url = f"sqlite:///{BENCH_DIR / 'insight.db'}"
    upgrade(url)
    database = Database(url)
    last = datetime.now(DANISH_TIME).date()
    first = last - timedelta(days=options.days - 1)
    try:
        seeded = seed(database, last, options.days, options.per_day, options.event_days)
        print(f"Seeded {options.days} days x {options.per_day} conversations ({seeded['events']} Rasa events, "
              f"the last {options.event_days} days) in {seeded['seconds']:.0f} s")
        timings, cpu = asyncio.run(time_requests(database, first, last, options.runs))
    finally:
        database.dispose()
    print(f"{'request':<24} {'median':>9} {'slowest':>9} {'CPU median':>11}")
    for name, values in timings.items():
        print(f"{name:<24} {statistics.median(values) * 1000:>6.0f} ms {max(values) * 1000:>6.0f} ms "
              f"{statistics.median(cpu[name]) * 1000:>8.0f} ms")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    write_private_text(OUT_DIR / "results.json", json.dumps(
        {"options": vars(options), "seeded": seeded, "seconds": timings, "cpu_seconds": cpu}, indent=2))


if __name__ == "__main__":
    main()
