"""The job journal and profile end to end through the gateway, with the real Rasa and action servers,
checking the rows written."""
from datetime import timedelta

import pytest

from bot.store.models import CitizenProfile, JournalEntry
from tests.helpers import case_of, login, payloads, rows_of_user, say, texts, today_in_denmark

pytestmark = pytest.mark.rasa


def entries_of(stack, external_id):
    return rows_of_user(stack, JournalEntry.user_id, external_id)


async def test_everything_in_one_message_with_typos_and_no_aeoeaa_is_saved_after_confirming(gateway, rasa_stack):
    await login(gateway, "citizen", "journal-ole", "Ole")
    summary = await say(gateway, "jeg sogte som lagerarbjeder hos bilka igar via jobnet")
    shown = texts(summary)
    assert "Arbejdsgiver: Bilka" in shown and "Stilling: lagerarbjeder" in shown
    assert "Søgemåde: Jobopslag" in shown and "Status: Sendt" in shown
    assert entries_of(rasa_stack, "journal-ole") == []  # nothing is saved before it is confirmed
    assert "/affirm" in payloads(summary)
    saved = await say(gateway, "ja")
    assert "Gemt i din jobjournal" in texts(saved)
    [entry] = entries_of(rasa_stack, "journal-ole")
    assert (entry.employer, entry.job_title, entry.applied_on, entry.channel, entry.status) == (
        "Bilka", "lagerarbjeder", today_in_denmark() - timedelta(days=1), "job_ad", "sent")

    response = await gateway.get("/api/me/journal")
    assert response.status == 200
    [listed] = (await response.json())["entries"]
    assert {key: listed[key] for key in ("id", "employer", "job_title", "applied_on", "channel", "status")} == {
        "id": entry.id, "employer": "Bilka", "job_title": "lagerarbjeder",
        "applied_on": (today_in_denmark() - timedelta(days=1)).isoformat(), "channel": "job_ad", "status": "sent"}
    assert listed["created_at"]

    again = await say(gateway, "/log_job_activity")
    assert "arbejdsgiver" in texts(again).lower()  # a second activity starts fresh, no "start over"


async def test_missing_fields_are_asked_and_bad_answers_explained(gateway, rasa_stack):
    await login(gateway, "citizen", "journal-mia", "Mia")
    asked = await say(gateway, "jeg har søgt et job")
    assert "Hvilken arbejdsgiver" in texts(asked)
    assert "Jeg mangler navnet" in texts(await say(gateway, "🙂"))
    assert "Hvilket job" in texts(await say(gateway, "Netto"))
    trimmed = await say(gateway, "butiksassistent " * 125)
    assert "forkortet den til 120 tegn" in texts(trimmed) and "Hvilken dag" in texts(trimmed)
    assert "ligger i fremtiden" in texts(await say(gateway, "i morgen"))
    assert "mere end et år siden" in texts(await say(gateway, "1/1/2020"))
    channel = await say(gateway, "i forgaars")
    assert "Hvordan søgte du" in texts(channel) and "Uopfordret ansøgning" in payloads(channel)
    summary = await say(gateway, "Uopfordret ansøgning")
    assert "Arbejdsgiver: Netto" in texts(summary) and "Søgemåde: Uopfordret ansøgning" in texts(summary)
    status = await say(gateway, '/journal_correct{"journal_field":"status"}')
    assert "Hvad er status" in texts(status)
    summary = await say(gateway, "Til samtale")
    assert "Status: Til samtale" in texts(summary)
    await say(gateway, "gem")
    [entry] = entries_of(rasa_stack, "journal-mia")
    assert (entry.employer, entry.applied_on, entry.channel, entry.status) == (
        "Netto", today_in_denmark() - timedelta(days=2), "unsolicited", "interview")
    assert len(entry.job_title) <= 120 and entry.job_title.startswith("butiksassistent")


async def test_stop_half_way_saves_nothing_and_says_so(gateway, rasa_stack):
    await login(gateway, "citizen", "journal-stop", "Sten")
    asked = await say(gateway, "jeg søgte job hos Lidl i dag")
    assert "Hvilket job" in texts(asked)
    cancelled = await say(gateway, "annuller")
    assert "ikke gemt noget" in texts(cancelled)
    assert entries_of(rasa_stack, "journal-stop") == []


async def test_an_exact_duplicate_is_asked_about_before_it_is_saved_twice(gateway, rasa_stack):
    await login(gateway, "citizen", "journal-dup", "Dorte")
    for _ in range(2):
        await say(gateway, "jeg søgte som kok hos Sletten i dag via jobnet")
        last = await say(gateway, "/affirm")
    assert "allerede gemt præcis den samme" in texts(last)
    assert "ikke gemt den" in texts(await say(gateway, "/deny"))
    assert len(entries_of(rasa_stack, "journal-dup")) == 1


async def test_list_update_status_in_words_and_delete(gateway, rasa_stack):
    await login(gateway, "citizen", "journal-kim", "Kim")
    await say(gateway, "jeg søgte som lagerarbejder hos Bilka i går via jobnet")
    await say(gateway, "ja")
    await say(gateway, "sendte uopfordret ansøgning til Netto som kasseassistent i dag")
    await say(gateway, "ja")

    listing = await say(gateway, "vis min joblog")
    assert "Bilka" in texts(listing) and "Netto" in texts(listing) and "Denne uge" in texts(listing)

    proposed = await say(gateway, "jeg fik jobbet hos bilka")
    assert "Fik jobbet" in texts(proposed) and "Bilka" in texts(proposed)
    assert "hired" not in [e.status for e in entries_of(rasa_stack, "journal-kim")]
    assert "Tillykke" in texts(await say(gateway, "ja"))
    assert {e.employer: e.status for e in entries_of(rasa_stack, "journal-kim")}["Bilka"] == "hired"

    chooser = await say(gateway, "slet en ansøgning")
    assert payloads(chooser)[:2] == ["1", "2"]
    picked = await say(gateway, "1")  # newest first: Netto
    assert "Netto" in texts(picked) and "/journal_delete_picked" in payloads(picked)
    assert "Det kan ikke fortrydes" in texts(await say(gateway, "/journal_delete_picked"))
    assert "Slettet" in texts(await say(gateway, "ja"))
    assert [e.employer for e in entries_of(rasa_stack, "journal-kim")] == ["Bilka"]


async def test_english_is_understood_and_answered_in_english(gateway, rasa_stack):
    await login(gateway, "citizen", "journal-eve", "Eve")
    summary = await say(gateway, "I applied for a job as a cleaner at ISS yesterday through a temp agency")
    assert "Employer: ISS" in texts(summary) and "Channel: Recruitment or temp agency" in texts(summary)
    assert "Saved in your job journal" in texts(await say(gateway, "yes"))


async def test_profile_by_chat_shown_to_the_advisor_who_sets_the_weekly_target(gateway, rasa_stack):
    await login(gateway, "citizen", "journal-pia", "Pia")
    asked = await say(gateway, '/update_profile{"profile_field":"wished_jobs"}')
    assert "Hvilke job vil du gerne have" in texts(asked)
    shown = texts(await say(gateway, "lagerarbejder, chauffør"))
    assert "Ønskejob: lagerarbejder, chauffør" in shown and "Skal jeg gemme det?" in shown
    assert (await (await gateway.get("/api/me/profile")).json())["profile"]["wished_jobs"] == []  # not yet
    assert "Gemt i din profil" in texts(await say(gateway, "ja tak, gem"))
    await say(gateway, '/update_profile{"profile_field":"hours_per_week"}')
    assert "mellem 1 og 48" in texts(await say(gateway, "60"))
    assert "Timer om ugen: 25" in texts(await say(gateway, "25"))
    assert "Timer om ugen: 30" in texts(await say(gateway, "nej, 30"))  # the right value instead, shown again
    assert "Gemt i din profil: 30" in texts(await say(gateway, "jep"))
    await say(gateway, "jeg vil opdatere mit postnummer")
    await say(gateway, "4200")
    await say(gateway, "ja")
    profile = (await (await gateway.get("/api/me/profile")).json())["profile"]
    assert (profile["wished_jobs"], profile["hours_per_week"], profile["postcode"]) == (
        ["lagerarbejder", "chauffør"], 30, "4200")
    [stored] = rows_of_user(rasa_stack, CitizenProfile.user_id, "journal-pia")
    assert stored.postcode == "4200"
    await say(gateway, "jeg vil tale med en medarbejder")
    await say(gateway, "/choose_written")

    await login(gateway, "advisor", "raadgiver-journal", "Rita")
    case = await case_of(gateway, "journal-pia")
    detail = await (await gateway.get(f"/api/advisor/cases/{case['id']}")).json()
    assert detail["registered"]["profile"]["wished_jobs"] == ["lagerarbejder", "chauffør"]
    assert detail["registered"]["journal"] == []
    for bad in ({"weekly_target": 0}, {"weekly_target": "fem"}, {"weekly_target": 31}, {"weekly_target": True}):
        response = await gateway.post(f"/api/advisor/cases/{case['id']}/weekly-target", json=bad)
        assert response.status == 400
        assert "Ugemålet" in (await response.json())["error"]
    response = await gateway.post(f"/api/advisor/cases/{case['id']}/weekly-target", json={"weekly_target": 4})
    assert response.status == 200
    assert (await response.json())["profile"]["weekly_target_set_by"] == "advisor"

    await login(gateway, "citizen", "journal-pia", "Pia")
    assert (await (await gateway.get("/api/me/profile")).json())["profile"]["weekly_target"] == 4


async def test_only_citizens_have_a_journal_api(gateway):
    assert (await gateway.get("/api/me/journal")).status == 401
    await login(gateway, "employer", "firma-1", "Firma")
    response = await gateway.get("/api/me/journal")
    assert response.status == 403 and "borgere" in (await response.json())["error"]
