"""The data protection officer's audit page: who read or changed whose data, filtered and as CSV.
Every read of the audit log is itself written to it."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional

from aiohttp import web

from bot.chat_input import language_of_request
from bot.gateway.auth import current_user, require_role
from bot.gateway.http import DATABASE, MAX_ID, PAGES_DIR, BadRequest
from bot.store.audit import (
    DANISH_TIME, audit_csv, audit_entries, end_of_danish_day, entry_to_json, start_of_danish_day,
)
from bot.store.handoff import record_audit

DPO_ONLY = ("Kun databeskyttelsesrådgiveren har adgang til revisionsloggen.",
            "Only the data protection officer has access to the audit log.")
PAGE_ROWS = 500
# An export is for a period or a person; the whole log of years is a job for the database administrator.
MAX_EXPORT_ROWS = 50_000
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class AuditFilters:
    person: Optional[str]
    actor: Optional[str]
    since: Optional[date]
    until: Optional[date]

    def describe(self) -> str:
        """The filters as the audit entry of a read keeps them: "person=borger-1 since=2024-05-01"."""
        return " ".join(f"{name}={value}" for name, value in (
            ("person", self.person), ("actor", self.actor), ("since", self.since), ("until", self.until))
            if value)


def _text_filter(request: web.Request, name: str, max_chars: int) -> Optional[str]:
    value = request.query.get(name, "").strip()
    if len(value) > max_chars or _CONTROL.search(value):
        raise BadRequest(400, f"{name} skal være et id på højst {max_chars} tegn.",
                         f"{name} must be an id of at most {max_chars} characters.")
    return value or None


def _date_filter(request: web.Request, name: str) -> Optional[date]:
    value = request.query.get(name, "").strip()
    if not value:
        return None
    try:
        if not _DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(400, f"{name} skal være en dato som ÅÅÅÅ-MM-DD, fx 2024-05-31.",
                         f"{name} must be a date as YYYY-MM-DD, e.g. 2024-05-31.")


def filters_of(request: web.Request) -> AuditFilters:
    """The filters from ?person=&actor=&since=&until=; 400 with the reason for one that is no id or date."""
    filters = AuditFilters(_text_filter(request, "person", 90), _text_filter(request, "actor", 64),
                           _date_filter(request, "since"), _date_filter(request, "until"))
    if filters.since and filters.until and filters.until < filters.since:
        raise BadRequest(400, "Til-datoen ligger før fra-datoen.",
                         "The until date is before the since date.")
    return filters


def _offset_of(request: web.Request) -> int:
    try:
        offset = int(request.query.get("offset", "0"))
    except ValueError:
        offset = -1
    if not 0 <= offset <= MAX_ID:
        raise BadRequest(400, f"offset skal være et helt tal fra 0 til {MAX_ID}.",
                         f"offset must be a whole number from 0 to {MAX_ID}.")
    return offset


def _entries(session, filters: AuditFilters, limit: int, offset: int = 0):
    return audit_entries(session, filters.person, filters.actor,
                         start_of_danish_day(filters.since) if filters.since else None,
                         end_of_danish_day(filters.until) if filters.until else None, limit, offset)


async def dpo_page(request: web.Request) -> web.StreamResponse:
    """For the data protection officer only: others are sent to the chat page to log in, or told why."""
    user = await current_user(request)
    if user is None:
        raise web.HTTPFound("/")
    if user["role"] != "dpo":
        language = language_of_request(None, request.headers.get("Accept-Language", ""))
        return web.Response(status=403, text=DPO_ONLY[1 if language == "en" else 0])
    return web.FileResponse(PAGES_DIR / "dpo.html")


async def audit_log(request: web.Request) -> web.Response:
    dpo = await require_role(request, "dpo", DPO_ONLY)
    filters = filters_of(request)
    offset = _offset_of(request)

    def work(session):
        # One more than a page tells whether there are more; the read is logged after the query, so
        # it shows at the next read, not in its own answer.
        entries = _entries(session, filters, PAGE_ROWS + 1, offset)
        shown = [entry_to_json(entry) for entry in entries[:PAGE_ROWS]]
        record_audit(session, "dpo", dpo["id"], "read_audit_log", filters.person,
                     detail=f"{filters.describe()} offset={offset} rows={len(shown)}".strip())
        return shown, len(entries) > PAGE_ROWS

    entries, more = await request.app[DATABASE].run(work)
    return web.json_response({"entries": entries, "more": more, "offset": offset, "limit": PAGE_ROWS})


async def audit_log_csv(request: web.Request) -> web.Response:
    dpo = await require_role(request, "dpo", DPO_ONLY)
    filters = filters_of(request)

    def work(session):
        entries = _entries(session, filters, MAX_EXPORT_ROWS + 1)
        if len(entries) > MAX_EXPORT_ROWS:
            return None
        record_audit(session, "dpo", dpo["id"], "export_audit_log", filters.person,
                     detail=f"{filters.describe()} rows={len(entries)}".strip())
        return audit_csv(entries)

    text = await request.app[DATABASE].run(work)
    if text is None:
        raise BadRequest(400, f"Udtrækket ville have mere end {MAX_EXPORT_ROWS} hændelser. "
                         "Vælg en kortere periode eller en bestemt person.",
                         f"The export would hold more than {MAX_EXPORT_ROWS} entries. "
                         "Choose a shorter period or one person.")
    today = datetime.now(DANISH_TIME).date().isoformat()
    # The byte order mark tells a spreadsheet the file is UTF-8, so æ, ø and å come out right.
    return web.Response(body=("\ufeff" + text).encode("utf-8"), content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="revisionslog-{today}.csv"'})
