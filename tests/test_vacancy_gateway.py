"""Småjob postings end to end through the gateway, with the real Rasa and action servers: the rows
written, the review by an advisor and the status the employer sees."""
from datetime import timedelta

import pytest

from bot.store.models import Vacancy
from tests.helpers import login, rows_of_user, say, texts, today_in_denmark

pytestmark = pytest.mark.rasa


def postings(stack, external_id):
    return rows_of_user(stack, Vacancy.employer_user_id, external_id)


async def test_an_employer_posts_in_few_messages_a_person_reviews_and_the_employer_sees_it(gateway, rasa_stack):
    employer = "vacancy-bakken"
    await login(gateway, "employer", employer, "Bakken Bageri")
    start = today_in_denmark() + timedelta(days=14)
    first = texts(await say(gateway, f"Vi er Bakken Bageri, cvr 13748137, og søger en opvasker i 2100 "
                                     f"fra {start.day}/{start.month}, kontakt Mette på mette@bakken.dk"))
    assert "kontrolcifferet passer ikke" in first  # the wrong CVR is explained ...
    assert "CVR-nummer" in first                   # ... and asked for again
    said = texts(await say(gateway, "13748136"))
    # The suitability question mentions "opgaverne" too, so it is looked for first.
    answers = {"væk fra arbejdsmarkedet": "ja", "telefonnummer": "23 45 67 89",
               "opgaverne": "Opvask og lidt oprydning <b>hver dag</b>", "engangsopgave": "løbende",
               "er der krav": "ingen"}
    tried_wrong_hours = False
    for _ in range(10):
        if "Er opslaget rigtigt?" in said:
            break
        if "timer om ugen" in said:
            if not tried_wrong_hours:
                tried_wrong_hours = True
                assert "Over 20 timer om ugen er ikke et småjob" in texts(await say(gateway, "60"))
                assert "mellem 1 og 20 timer" in texts(await say(gateway, "0"))
            said = texts(await say(gateway, "12"))
            continue
        key = next((k for k in answers if k in said.lower()), None)
        assert key, said
        said = texts(await say(gateway, answers[key]))
    assert tried_wrong_hours
    assert "CVR-nummer: 13748136" in said and "Timer om ugen: 12" in said and "Postnummer: 2100" in said
    assert postings(rasa_stack, employer) == []  # nothing before it is confirmed
    saved = texts(await say(gateway, "ja"))
    [posting] = postings(rasa_stack, employer)
    assert posting.reference in saved and "afventer" in saved.lower()
    assert (posting.cvr, posting.hours_per_week, posting.postcode, posting.start_date, posting.status) == (
        "13748136", 12, "2100", start, "awaiting_review")
    assert posting.tasks == "Opvask og lidt oprydning <b>hver dag</b>"  # stored as text, as typed

    await login(gateway, "advisor", "konsulent-1", "Kim")
    waiting = (await (await gateway.get("/api/advisor/vacancies?status=awaiting_review")).json())["vacancies"]
    assert posting.id in [v["id"] for v in waiting]
    rejected = await gateway.post(f"/api/advisor/vacancies/{posting.id}/reject",
                                  json={"reason": "Skriv venligst lønnen i opslaget"})
    assert rejected.status == 200

    await login(gateway, "employer", employer, "Bakken Bageri")
    await say(gateway, "/stop")
    status = texts(await say(gateway, "status på mit opslag"))
    assert posting.reference in status and "Skriv venligst lønnen i opslaget" in status


async def test_cancelling_half_way_saves_nothing_and_a_citizen_cannot_post(gateway, rasa_stack):
    await login(gateway, "employer", "vacancy-kiosk", "Kiosken")
    await say(gateway, "jeg vil slå et småjob op")
    stopped = texts(await say(gateway, "annuller"))
    assert "ikke gemt" in stopped
    assert postings(rasa_stack, "vacancy-kiosk") == []
    await login(gateway, "citizen", "vacancy-borger", "Borger")
    assert "for arbejdsgivere" in texts(await say(gateway, "/post_vacancy"))


async def post_in_one_go(gateway, job_title: str, start) -> str:
    """One posting as a script would send it: everything in the first message, then the answers and
    "ja"; what the assistant said last."""
    said = texts(await say(gateway, f"Vi er Bakken Bageri, cvr 13748136, og søger en {job_title} 10 timer om "
                                    f"ugen i 2100 fra {start.day}/{start.month}, kontakt Mette på "
                                    f"mette@bakken.dk eller 23456789"))
    answers = {"væk fra arbejdsmarkedet": "ja", "opgaverne": "Det der skal gøres", "engangsopgave": "løbende",
               "er der krav": "ingen"}
    for _ in range(8):
        if "Er opslaget rigtigt?" in said:
            return texts(await say(gateway, "ja"))
        key = next((k for k in answers if k in said.lower()), None)
        if key is None:
            return said
        said = texts(await say(gateway, answers[key]))
    return said


async def test_five_postings_sent_as_fast_as_a_script_can_save_three_and_say_when_the_next_can_go(
        gateway, rasa_stack):
    employer = "vacancy-script"
    await login(gateway, "employer", employer, "Bakken Bageri")
    start = today_in_denmark() + timedelta(days=14)
    said = [await post_in_one_go(gateway, title, start)
            for title in ("opvasker", "servitrice", "rengøringshjælp", "kagebager", "lagermedarbejder")]
    saved = postings(rasa_stack, employer)
    assert [posting.job_title.lower() for posting in saved] == ["opvasker", "servitrice", "rengøringshjælp"]
    assert all(posting.reference in answer for posting, answer in zip(saved, said))
    for refused in said[3:]:
        assert "Du har slået 3 småjob op, og der kan højst slås 3 pr. 10 minutter op." in refused
        assert "Du kan slå det næste op om 10 minutter." in refused
