"""The citizen's side of the digital match in the chat, with the real Rasa and action servers: the yes to
suggestions and the travel distance, a posting approved by an advisor shown at the next visit with its
reasons, interest with the yes to share, the invitation answered with a contact, the journal entry after
the citizen's yes; typed answers with typos, wrong input, English, and the rows that were stored."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.store import digital_match as match
from bot.store import vacancy as vacancies
from bot.store.models import CitizenProfile, JournalEntry, User, VacancyInterest
from bot.store.profile import save_profile_field
from bot.store.users import find_user, record_login
from tests.helpers import in_stack_database, login, say, texts

pytestmark = pytest.mark.rasa


def history(body):
    return [(line["sender"], line["text"]) for line in body["messages"]]


async def history_of(client):
    return history(await (await client.get("/api/chat/history")).json())


# Esbjerg: far from the postings other test modules make on the same stack (around Slagelse).
def with_profile(stack, external_id, postcode="6700"):
    def work(session):
        user = find_user(session, "citizen", external_id)
        for field, value in (("wished_jobs", ["opvasker", "køkkenhjælp"]), ("postcode", postcode),
                             ("hours_per_week", 10)):
            save_profile_field(session, user.id, field, value)
    in_stack_database(stack, work)


def new_posting(stack, employer_id):
    def work(session):
        employer = record_login(session, "employer", employer_id, "Lis Bager", cvr="13748136")
        vacancy = vacancies.create(session, employer.id, {
            "company": "Bageriet Korn", "cvr": "13748136", "contact_person": "Lis Bager", "email": "lis@korn.dk",
            "phone": "40404040", "job_title": "Opvasker", "tasks": "Opvask fredag og lørdag aften.",
            "hours_per_week": 8, "postcode": "6705", "start_date": (datetime.now() + timedelta(days=10)).date(),
            "duration_kind": "ongoing", "requirements": "Hygiejnebevis er en fordel.",
            "suits_far_from_labour_market": True})
        return vacancy.id, vacancy.reference, employer.id
    return in_stack_database(stack, work)


async def test_a_citizen_says_yes_sees_a_new_posting_shows_interest_accepts_and_journals_it(gateway, rasa_stack):
    citizen = "match-sofie"
    await login(gateway, "citizen", citizen, "Sofie Sørensen")
    with_profile(rasa_stack, citizen)

    first = await say(gateway, "vis smaajobs til mig")
    assert "ingen godkendte småjobs" in texts(first) and "Vil du have besked om småjobs" in texts(first)
    assert "Kan du skrive det på en anden måde" not in texts(first)
    asked = await say(gateway, "ja tak")
    assert "Hvor langt vil du højst rejse" in texts(asked)
    # A short answer without a number is asked again, politely, and the question stays.
    assert "kunne jeg ikke læse som et antal kilometer" in texts(await say(gateway, "langt"))
    assert "kunne jeg ikke læse" not in texts(await say(gateway, "ca 15 km"))
    profile = in_stack_database(rasa_stack, lambda s: s.get(CitizenProfile, find_user(s, "citizen", citizen).id))
    assert (profile.suggestions_wanted, profile.max_travel_km) == (True, 15)

    vacancy_id, reference, employer_user_id = new_posting(rasa_stack, "match-bageri")
    await login(gateway, "advisor", "match-raad", "Rita")
    approved = await gateway.post(f"/api/advisor/vacancies/{vacancy_id}/approve", json={})
    assert approved.status == 200 and (await approved.json())["vacancy"]["citizens_told"] == 1

    await login(gateway, "citizen", citizen, "Sofie Sørensen")
    seen = await history_of(gateway)
    new = [text for sender, text in seen if sender == "bot" and text.startswith("Der er nye småjobs")]
    assert len(new) == 1 and reference in new[0] and "køkken · 8 timer · 6705 · 3 km" in new[0]

    share = await say(gateway, "jeg er intresseret")  # a typo, and no number: the one just shown
    assert f"Må jeg sende dette korte resumé af din profil til Bageriet Korn om Opvasker ({reference})" in texts(share)
    assert "Sofie" not in texts(share)
    assert "Bageriet Korn kan nu se dit resumé" in texts(await say(gateway, "ja tak"))
    [interest] = in_stack_database(rasa_stack, lambda s: s.execute(select(VacancyInterest).where(
        VacancyInterest.vacancy_id == vacancy_id)).scalars().all())
    assert interest.status == "shared" and interest.summary["wished_jobs"] == ["opvasker", "køkkenhjælp"]

    talk = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=5)
    in_stack_database(rasa_stack, lambda s: match.invite(s, employer_user_id, "match-bageri", interest.id, talk))

    await login(gateway, "citizen", citizen, "Sofie Sørensen")
    invited = [text for sender, text in await history_of(gateway) if "vil gerne tale med dig" in text]
    assert len(invited) == 1 and "Opvasker" in invited[0]
    assert "Hvilket telefonnummer eller hvilken e-mail" in texts(await say(gateway, "jep"))
    wrong = await say(gateway, "det ved jeg ikke lige")
    assert "Jeg kunne ikke finde et dansk telefonnummer" in texts(wrong) and "Invitationen venter" in texts(wrong)
    accepted = await say(gateway, "mit nummer er 22 33 44 55")
    assert "Du kan kontakte Lis Bager: +45 40 40 40 40 · lis@korn.dk" in texts(accepted)
    assert "Skal jeg skrive samtalen i din jobjournal" in texts(accepted)
    assert "Gemt i din jobjournal: Opvasker hos Bageriet Korn" in texts(await say(gateway, "ja"))

    def stored(session):
        user = find_user(session, "citizen", citizen)
        entries = session.execute(select(JournalEntry).where(JournalEntry.user_id == user.id)).scalars().all()
        return session.get(VacancyInterest, interest.id), entries
    done, entries = in_stack_database(rasa_stack, stored)
    assert done.status == "accepted" and done.citizen_contact == {"phone": "22334455"}
    assert [(entry.channel, entry.employer) for entry in entries] == [("jobcentre_contact", "Bageriet Korn")]
    # The employer now sees the name and the contact; nothing before the yes.
    seen_by_employer = in_stack_database(
        rasa_stack, lambda s: match.employer_postings(s, employer_user_id, "match-bageri"))
    assert seen_by_employer[0]["interests"][0]["citizen_contact"] == {"name": "Sofie Sørensen", "phone": "22334455"}

    # The conversation with the model goes on as before.
    assert "dagpenge" in texts(await say(gateway, "hvad er dagpenge")).lower()


async def test_in_english_and_a_no_keeps_the_profile_out_of_the_match(gateway, rasa_stack):
    await login(gateway, "citizen", "match-emma", "Emma")
    with_profile(rasa_stack, "match-emma", postcode="9990")  # Skagen: far from every posting here
    answer = await say(gateway, "show me small jobs")
    assert "Right now there are no approved small jobs" in texts(answer)
    assert "Would you like to hear about small jobs" in texts(answer)
    assert "That's fine. You will not hear about small jobs" in texts(await say(gateway, "no thanks"))
    profile = in_stack_database(rasa_stack, lambda s: s.get(CitizenProfile, find_user(s, "citizen", "match-emma").id))
    assert profile.suggestions_wanted is False and profile.suggestions_answered_at is not None
    # A profile without a postcode is told what is missing.
    await login(gateway, "citizen", "match-tom", "Tom")
    assert "mangler jeg ønskejob eller erfaring og dit postnummer" in texts(await say(gateway, "vis mig småjobs"))


async def test_interest_in_a_closed_or_unknown_posting_is_refused_politely(gateway, rasa_stack):
    await login(gateway, "citizen", "match-carl", "Carl")
    with_profile(rasa_stack, "match-carl")
    vacancy_id, reference, employer_user_id = new_posting(rasa_stack, "match-lukket")

    def approve_and_close(session):
        vacancies.review(session, vacancy_id, "raad", True)
        match.close_own_posting(session, employer_user_id, "match-lukket", vacancy_id)
    in_stack_database(rasa_stack, approve_and_close)
    assert "lukket" in texts(await say(gateway, f"jeg er interesseret i {reference}"))
    assert "kan ikke finde et godkendt småjob" in texts(await say(gateway, "jeg er interesseret i SJ-999999"))
    carls = in_stack_database(rasa_stack, lambda s: s.execute(select(VacancyInterest).where(
        VacancyInterest.citizen_user_id == find_user(s, "citizen", "match-carl").id)).scalars().all())
    assert carls == []
