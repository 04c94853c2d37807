"""An advisor carries out an erasure request in one action: the person's records go, except what
retention.yml marks as kept on erasure; nobody else's data is touched; an audit entry is left.
On SQLite and PostgreSQL."""
from datetime import date, datetime, timedelta, timezone

from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import func, select

from bot.rules.retention import kinds_kept_on_erasure, load_retention
from bot.store.handoff import open_case
from bot.store.models import (
    AuditEntry, CaseMessage, CitizenProfile, HandoffCase, JournalEntry, SickLeaveCase, User, conversation_id_for,
)
from bot.store.users import record_login
from bot.tracker_store import TrackerWindow
from tests.helpers import login

EVENTS = SQLTrackerStore.SQLEvent.__table__
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=timezone.utc)


def person_with_everything(session, external_id: str, reason: str = "erasure_request") -> int:
    """A citizen with a journal entry, a profile, a closed sick leave, a conversation and a case; the
    case's id."""
    user = record_login(session, "citizen", external_id, f"Navn {external_id}")
    session.add(JournalEntry(user_id=user.id, employer="Netto", job_title="Kasse", applied_on=date(2026, 11, 1),
                             channel="job_ad", status="sent", place="Aarhus", note="note"))
    session.add(CitizenProfile(user_id=user.id, experience=["kok"], education=[], wished_jobs=["kok"]))
    session.add(SickLeaveCase(user_id=user.id, first_day=date(2026, 10, 1), situation="employed", track="1",
                              reasons=[], status="closed", returned_on=date(2026, 10, 20)))
    sender = conversation_id_for("citizen", external_id)
    session.execute(EVENTS.insert().values(sender_id=sender, type_name="user", timestamp=NOW.timestamp(),
                                           intent_name="greet", data='{"event": "user", "text": "hej"}'))
    session.execute(TrackerWindow.__table__.insert().values(sender_id=sender, first_event_id=1, slots="{}"))
    case, _ = open_case(session, role="citizen", external_id=external_id, name=f"Navn {external_id}",
                        language="da", reason_code=reason, contact_wish="phone", phone="+45 12 34 56 78",
                        summary={"journey": "sletning"})
    session.add(CaseMessage(case_id=case.id, sender="user", text="slet alt om mig"))
    session.flush()
    return case.id


def counts(session, external_id: str) -> dict:
    user = session.execute(select(User).where(User.external_id == external_id)).scalar_one()
    sender = conversation_id_for("citizen", external_id)

    def count(model, *where):
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()

    cases = select(HandoffCase.id).where(HandoffCase.user_external_id == external_id)
    return {
        "journal": count(JournalEntry, JournalEntry.user_id == user.id),
        "profile": count(CitizenProfile, CitizenProfile.user_id == user.id),
        "sick_leaves": count(SickLeaveCase, SickLeaveCase.user_id == user.id),
        "events": count(EVENTS, EVENTS.c.sender_id == sender),
        "windows": count(TrackerWindow.__table__, TrackerWindow.__table__.c.sender_id == sender),
        "case_messages": count(CaseMessage, CaseMessage.case_id.in_(cases)),
        "cases": count(HandoffCase, HandoffCase.user_external_id == external_id),
        "name": user.display_name,
    }


async def test_the_advisor_erases_all_but_what_the_law_keeps_and_nobody_elses(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    SQLTrackerStore.SQLEvent.__table__.create(database.engine, checkfirst=True)
    TrackerWindow.__table__.create(database.engine, checkfirst=True)
    case_id = database.run_sync(lambda session: person_with_everything(session, "erase-me"))
    database.run_sync(lambda session: person_with_everything(session, "stays", reason="asked_for_person"))
    before_other = database.run_sync(lambda session: counts(session, "stays"))
    kept = kinds_kept_on_erasure(load_retention())
    assert {"closed_sick_leaves", "closed_handoff_cases", "audit_log"} <= kept  # what the file says today

    await login(client, "citizen", "erase-me", "Navn erase-me")
    assert (await client.post(f"/api/advisor/cases/{case_id}/erase", json={})).status == 403
    await login(client, "advisor", "rita", "Rita")
    answer = await client.post(f"/api/advisor/cases/{case_id}/erase", json={})
    assert answer.status == 200, await answer.text()
    body = await answer.json()
    assert body["case"]["status"] == "closed" and "Beholdt efter retention.yml" in body["case"]["close_note"]
    assert body["kept"] == sorted(kept)
    assert body["erased"]["journal_entries"] == 1 and body["erased"]["conversation_transcripts"] == 1

    after = database.run_sync(lambda session: counts(session, "erase-me"))
    assert after == {"journal": 0, "profile": 0, "sick_leaves": 1, "events": 0, "windows": 0, "case_messages": 0,
                     "cases": 1, "name": ""}
    case = database.run_sync(lambda session: session.get(HandoffCase, case_id))
    assert (case.user_name, case.phone, case.summary_json) == ("", None, "{}")
    # Nobody else's records were touched.
    assert database.run_sync(lambda session: counts(session, "stays")) == before_other
    [audit] = database.run_sync(lambda session: list(session.execute(
        select(AuditEntry).where(AuditEntry.action == "erase_person")).scalars()))
    assert (audit.actor_id, audit.subject, audit.case_id) == ("rita", "citizen-erase-me", case_id)
    assert '"journal_entries": 1' in audit.detail

    # Done is done: the closed request cannot be carried out twice.
    assert (await client.post(f"/api/advisor/cases/{case_id}/erase", json={})).status == 409


async def test_only_an_erasure_request_can_be_erased_from(gateway_without_rasa):
    client, _, database = await gateway_without_rasa()
    case_id = database.run_sync(lambda session: open_case(
        session, role="citizen", external_id="other-case", name="O", language="da", reason_code="asked_for_person",
        contact_wish="phone", phone=None, summary={})[0].id)
    await login(client, "advisor", "rita", "Rita")
    answer = await client.post(f"/api/advisor/cases/{case_id}/erase", json={})
    assert answer.status == 409
    assert (await answer.json())["error"] == "Sagen er ikke en anmodning om sletning."
    assert (await client.post("/api/advisor/cases/999999/erase", json={})).status == 404
