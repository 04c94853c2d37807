"""The digital match in storage, on SQLite and PostgreSQL: suggestions only for citizens who said yes and
whom a posting fits, interests only with the citizen's yes, what the employer sees before and after an
accepted invitation, notices for changes and closing, the journal entry, the audit log and erasure."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.store import digital_match as match
from bot.store import vacancy as vacancies
from bot.store.erasure import erase_person
from bot.store.models import AuditEntry, JournalEntry, MatchNotice, VacancyInterest
from bot.store.profile import save_profile_field
from bot.store.users import record_login

START = date.today() + timedelta(days=14)


def posting(session, employer, **changes):
    values = {"company": "Bageriet Korn", "cvr": "13748136", "contact_person": "Lis Bager", "email": "lis@korn.dk",
              "phone": "40404040", "job_title": "Opvasker", "tasks": "Opvask fredag og lørdag aften.",
              "hours_per_week": 8, "postcode": "4200", "start_date": START, "duration_kind": "ongoing",
              "requirements": "", "suits_far_from_labour_market": False} | changes
    return vacancies.create(session, employer.id, values)


def citizen(session, external_id, name="Sofie Sørensen", wished=("opvasker",), postcode="4200", hours=10, km=15,
            wanted=True):
    user = record_login(session, "citizen", external_id, name)
    for field, value in (("wished_jobs", list(wished)), ("postcode", postcode), ("hours_per_week", hours)):
        save_profile_field(session, user.id, field, value)
    if wanted is not None:
        match.set_suggestions_wanted(session, external_id, wanted, km)
    return user


def approve(session, vacancy):
    vacancies.review(session, vacancy.id, "raad-1", True)
    return match.notify_matching_citizens(session, vacancy)


@pytest.fixture
def world(db):
    """An employer with one posting waiting for review; citizens: one who said yes and fits, one who
    fits but never said yes, one who said yes but lives too far away."""
    def work(session):
        employer = record_login(session, "employer", "firma-1", "Lis Bager", cvr="13748136")
        vacancy = posting(session, employer)
        citizen(session, "borger-ja")
        citizen(session, "borger-uden-ja", wanted=None)
        citizen(session, "borger-langt", postcode="8000")
        return employer.id, vacancy.id
    employer_id, vacancy_id = db.run_sync(work)
    return {"db": db, "employer": employer_id, "vacancy": vacancy_id}


def run(world, work, *args):
    return world["db"].run_sync(work, *args)


def notices_of(session, external_id):
    return [(notice["kind"], notice["posting"]["reference"]) for notice in match.waiting_notices(session, external_id)]


def test_an_approved_posting_is_told_only_to_those_who_said_yes_and_whom_it_fits(world):
    def work(session):
        told = approve(session, vacancies.get(session, world["vacancy"]))
        return told, {who: notices_of(session, who) for who in ("borger-ja", "borger-uden-ja", "borger-langt")}
    told, notices = run(world, work)
    assert told == 1
    assert notices == {"borger-ja": [("suggestion", "SJ-%06d" % world["vacancy"])], "borger-uden-ja": [],
                       "borger-langt": []}


def test_suggestions_come_with_their_reasons_and_without_the_employers_contact(world):
    def work(session):
        approve(session, vacancies.get(session, world["vacancy"]))
        return match.suggestions_for(session, "borger-ja")
    [found] = run(world, work)
    assert found["reasons_da"] == "køkken · 8 timer · 4200 · 0 km".replace("0 km", "< 1 km")
    assert found["area"] == "4200 Slagelse" and found["interest"] is None
    assert not {"contact_person", "phone", "email"} & set(found)


def test_a_no_takes_back_the_waiting_suggestions(world):
    def work(session):
        approve(session, vacancies.get(session, world["vacancy"]))
        match.set_suggestions_wanted(session, "borger-ja", False)
        return notices_of(session, "borger-ja"), match.suggestions_state(session, "borger-ja")
    notices, state = run(world, work)
    assert notices == [] and state["wanted"] is False and state["answered"] is True


def test_interest_shares_only_the_summary_and_is_audited(world):
    def work(session):
        vacancy = vacancies.get(session, world["vacancy"])
        approve(session, vacancy)
        interest = match.share_interest(session, "borger-ja", vacancy.reference)
        seen = match.employer_postings(session, world["employer"], "firma-1")
        audit = [entry.action for entry in session.execute(select(AuditEntry)).scalars()]
        return interest.summary, seen, audit
    summary, seen, audit = run(world, work)
    assert summary["wished_jobs"] == ["opvasker"] and summary["area"] == "4200 Slagelse"
    [shown] = seen[0]["interests"]
    assert shown["status"] == "shared" and "citizen_contact" not in shown
    assert "Sofie" not in repr(seen) and "borger-ja" not in repr(seen)
    assert "share_match_summary" in audit and "read_match_interests" in audit


def test_a_posting_not_approved_or_closed_takes_no_interest(world):
    def work(session):
        vacancy = vacancies.get(session, world["vacancy"])
        with pytest.raises(match.MatchNotFound):
            match.share_interest(session, "borger-ja", vacancy.reference)  # not approved yet
        approve(session, vacancy)
        match.close_own_posting(session, world["employer"], "firma-1", vacancy.id)
        with pytest.raises(match.MatchConflict):
            match.share_interest(session, "borger-ja", vacancy.reference)
    run(world, work)


def test_a_withdrawn_interest_is_gone_for_the_employer(world):
    def work(session):
        vacancy = vacancies.get(session, world["vacancy"])
        approve(session, vacancy)
        interest = match.share_interest(session, "borger-ja", vacancy.reference)
        match.withdraw_interest(session, "borger-ja", interest.id)
        with pytest.raises(match.MatchNotFound):
            match.invite(session, world["employer"], "firma-1", interest.id, datetime.now(timezone.utc))
        return match.employer_postings(session, world["employer"], "firma-1")[0]["interests"]
    assert run(world, work) == []


def test_the_whole_way_from_invitation_to_journal(world):
    talk = datetime(2030, 1, 8, 9, 0, tzinfo=timezone.utc)

    def work(session):
        vacancy = vacancies.get(session, world["vacancy"])
        approve(session, vacancy)
        match.mark_delivered(session, [n["id"] for n in match.waiting_notices(session, "borger-ja")])
        interest = match.share_interest(session, "borger-ja", vacancy.reference)
        match.invite(session, world["employer"], "firma-1", interest.id, talk, "Mød op i køkkenet")
        [invited] = match.waiting_notices(session, "borger-ja")
        before = match.employer_postings(session, world["employer"], "firma-1")[0]["interests"][0]
        match.answer_invitation(session, "borger-ja", interest.id, True, {"phone": "22334455"})
        after = match.employer_postings(session, world["employer"], "firma-1")[0]["interests"][0]
        mine = match.interests_of_citizen(session, "borger-ja")[0]
        entry = match.add_talk_to_journal(session, "borger-ja", interest.id, date(2029, 12, 20))
        again = match.add_talk_to_journal(session, "borger-ja", interest.id, date(2029, 12, 21))
        entries = session.execute(select(JournalEntry)).scalars().all()
        return invited, before, after, mine, (entry.id, again.id), [(e.channel, e.employer, e.status) for e in entries]
    invited, before, after, mine, ids, entries = run(world, work)
    assert invited["kind"] == "invited" and invited["interest"]["invitation_note"] == "Mød op i køkkenet"
    assert "citizen_contact" not in before
    assert after["citizen_contact"] == {"name": "Sofie Sørensen", "phone": "22334455"}
    assert mine["employer_contact"] == {"contact_person": "Lis Bager", "phone": "40404040", "email": "lis@korn.dk",
                                        "company": "Bageriet Korn"}
    assert ids[0] == ids[1] and entries == [("jobcentre_contact", "Bageriet Korn", "interview")]


def test_closing_and_changing_a_posting_tell_the_interested(world):
    def work(session):
        vacancy = vacancies.get(session, world["vacancy"])
        approve(session, vacancy)
        match.mark_delivered(session, [n["id"] for n in match.waiting_notices(session, "borger-ja")])
        match.share_interest(session, "borger-ja", vacancy.reference)
        changed = match.change_posting(session, world["employer"], "firma-1", vacancy.id, {"hours_per_week": 6})
        unchanged = match.change_posting(session, world["employer"], "firma-1", vacancy.id, {"hours_per_week": 6})
        closed = match.close_own_posting(session, world["employer"], "firma-1", vacancy.id)
        return changed, unchanged, closed, notices_of(session, "borger-ja"), vacancy.status
    changed, unchanged, closed, notices, status = run(world, work)
    assert (changed, unchanged, closed, status) == (1, 0, 1, "filled")
    assert [kind for kind, _ in notices] == ["posting_changed", "posting_closed"]


def test_another_employer_cannot_reach_the_posting_or_its_interests(world):
    def work(session):
        other = record_login(session, "employer", "firma-2", "Anden", cvr="10150817")
        vacancy = vacancies.get(session, world["vacancy"])
        approve(session, vacancy)
        interest = match.share_interest(session, "borger-ja", vacancy.reference)
        for attempt in (lambda: match.invite(session, other.id, "firma-2", interest.id, datetime.now(timezone.utc)),
                        lambda: match.close_own_posting(session, other.id, "firma-2", vacancy.id),
                        lambda: match.decline(session, other.id, "firma-2", interest.id)):
            with pytest.raises(match.MatchNotFound):
                attempt()
        return match.employer_postings(session, other.id, "firma-2")
    assert run(world, work) == []


def test_erasure_takes_the_shared_summary_away_from_the_employer(world):
    def work(session):
        vacancy = vacancies.get(session, world["vacancy"])
        approve(session, vacancy)
        match.share_interest(session, "borger-ja", vacancy.reference)
        done = erase_person(session, "citizen", "borger-ja", frozenset(), keep_case_id=0)
        left = session.execute(select(VacancyInterest)).scalars().all(), session.execute(select(MatchNotice).where(
            MatchNotice.user_id == record_login(session, "citizen", "borger-ja", "").id)).scalars().all()
        return done, left
    done, (interests, notices) = run(world, work)
    assert done["match_interests"] == 1 and interests == [] and notices == []


def test_a_posting_closed_before_approval_is_withdrawn_and_a_second_close_is_refused(world):
    def work(session):
        vacancy = vacancies.get(session, world["vacancy"])
        told = match.close_own_posting(session, world["employer"], "firma-1", vacancy.id)
        with pytest.raises(match.MatchConflict):
            match.close_own_posting(session, world["employer"], "firma-1", vacancy.id)
        with pytest.raises(vacancies.VacancyConflict):
            vacancies.review(session, vacancy.id, "raad-1", True)  # it left the review queue
        return told, vacancy.status
    assert run(world, work) == (0, "withdrawn")


def test_the_advisor_view_needs_the_postings_or_the_citizen(world):
    with pytest.raises(ValueError):
        run(world, lambda session: match.interests_for_advisor(session))
    assert run(world, lambda session: match.interests_for_advisor(session, vacancy_ids=[])) == []
