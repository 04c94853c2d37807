"""The audit log as the data protection officer reads it: filtered, newest first, and as CSV."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Dict, Iterable, List, Optional
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.store.models import ROLES, AuditEntry, conversation_id_for

DANISH_TIME = ZoneInfo("Europe/Copenhagen")
CSV_HEADER = ("Tidspunkt (dansk tid)", "Tidspunkt (UTC)", "Rolle", "Hvem", "Handling", "Hvis data", "Sag",
              "Detaljer")
# A spreadsheet reads a cell that starts with one of these as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def audit_entries(session: Session, person: Optional[str] = None, actor: Optional[str] = None,
                  since: Optional[datetime] = None, until: Optional[datetime] = None,
                  limit: Optional[int] = 500, offset: int = 0) -> List[AuditEntry]:
    """Entries newest first. `person` matches a subject exactly (a conversation id or a posting's
    reference) or names the user whose conversation it is ("borger-1" finds "citizen-borger-1");
    `actor` is the actor's id; `since` is inclusive and `until` exclusive (aware datetimes)."""
    query = select(AuditEntry)
    if person:
        subjects = {person} | {conversation_id_for(role, person) for role in ROLES}
        query = query.where(AuditEntry.subject.in_(sorted(subjects)))
    if actor:
        query = query.where(AuditEntry.actor_id == actor)
    if since is not None:
        query = query.where(AuditEntry.at >= _as_utc(since))
    if until is not None:
        query = query.where(AuditEntry.at < _as_utc(until))
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.execute(query).scalars())


def _as_utc(moment: datetime) -> datetime:
    # SQLite keeps the clock time without its offset, so every bound is compared in UTC.
    return moment.astimezone(timezone.utc)


def start_of_danish_day(day: date) -> datetime:
    """Midnight in Denmark at the start of `day`, as an aware datetime (a form's dates are Danish days)."""
    return datetime.combine(day, time(0), tzinfo=DANISH_TIME)


def end_of_danish_day(day: date) -> datetime:
    """The exclusive end of `day` in Denmark: midnight at the start of the next."""
    return start_of_danish_day(day + timedelta(days=1))


def logged_at(entry: AuditEntry) -> datetime:
    """When the entry was written, in UTC (SQLite hands the time back without its offset)."""
    at = entry.at
    return at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at.astimezone(timezone.utc)


def entry_to_json(entry: AuditEntry) -> Dict[str, Any]:
    return {"id": entry.id, "at": logged_at(entry).isoformat(), "actor_role": entry.actor_role,
            "actor_id": entry.actor_id, "action": entry.action, "subject": entry.subject,
            "case_id": entry.case_id, "detail": entry.detail or ""}


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def audit_csv(entries: Iterable[AuditEntry]) -> str:
    """The entries as CSV for a spreadsheet: a header row, then one row per entry. Semicolons, as a
    Danish Excel expects; a cell that a spreadsheet would run as a formula starts with ' instead."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for entry in entries:
        at = logged_at(entry)
        writer.writerow([_cell(value) for value in (
            at.astimezone(DANISH_TIME).strftime("%Y-%m-%d %H:%M:%S"), at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            entry.actor_role, entry.actor_id, entry.action, entry.subject, entry.case_id, entry.detail)])
    return buffer.getvalue()
