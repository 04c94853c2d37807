"""The småjob actions with constructed trackers and a real SQLite database."""
from datetime import date, datetime, timedelta, timezone

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from bot.store import vacancy as store
from bot.store.models import Vacancy
from bot.store.users import record_login
from tests.helpers import make_tracker, responses, run_action, slot_events, validate_form

TODAY = date(2026, 11, 23)
FIELDS = ["company", "cvr", "contact_person", "email", "phone", "job_title", "tasks", "hours_per_week", "postcode",
          "start_date", "duration_kind", "requirements", "suits_far_from_labour_market"]
DRAFT = {"vacancy_company": "Bakken Bageri", "vacancy_cvr": "13748136", "vacancy_contact_person": "Mette",
         "vacancy_email": "mette@bakken.dk", "vacancy_phone": "+45 23 45 67 89", "vacancy_job_title": "Opvasker",
         "vacancy_tasks": "Opvask", "vacancy_hours_per_week": 10, "vacancy_postcode": "2100",
         "vacancy_start_date": "2026-12-01", "vacancy_duration_kind": "ongoing", "vacancy_requirements": "",
         "vacancy_suits_far_from_labour_market": True}
EMPLOYER = "employer-bakken"


@pytest.fixture
def employer_db(action_db, monkeypatch):
    import actions.vacancy

    monkeypatch.setattr(actions.vacancy, "today", lambda: TODAY)
    user_id = action_db.run_sync(lambda s: record_login(s, "employer", "bakken", "Bakken").id)
    return action_db, user_id


async def prefill(text, sender=EMPLOYER):
    from actions.vacancy import ActionVacancyPrefill

    return await run_action(ActionVacancyPrefill(), make_tracker(text, "post_vacancy", sender=sender))


async def test_several_fields_in_one_message_fill_them_all(employer_db):
    slots, said = await prefill("Vi er Bakken Bageri, cvr 13748136, søger en opvasker 10 timer om ugen i 2100 "
                                "fra 1. december, kontakt Mette på mette@bakken.dk eller 23456789")
    assert said == []
    assert {k: slots.get(k) for k in ("vacancy_company", "vacancy_cvr", "vacancy_hours_per_week", "vacancy_postcode",
                                      "vacancy_start_date", "vacancy_email", "vacancy_phone")} == {
        "vacancy_company": "Bakken Bageri", "vacancy_cvr": "13748136", "vacancy_hours_per_week": 10,
        "vacancy_postcode": "2100", "vacancy_start_date": "2026-12-01", "vacancy_email": "mette@bakken.dk",
        "vacancy_phone": "+45 23 45 67 89"}


async def test_a_wrong_cvr_in_the_first_message_is_explained(employer_db):
    slots, said = await prefill("cvr 13748137, vi søger en opvasker")
    assert "vacancy_cvr" not in slots and said == ["utter_vacancy_problem_checksum"]


@pytest.mark.parametrize("text, said", [
    ("vi vil gerne have en i løntilskud", "utter_vacancy_out_of_scope_wage_subsidy"),
    ("kan vi tage en i virksomhedspraktik", "utter_vacancy_out_of_scope_internship"),
    ("vi søger en kok på fuldtid", "utter_vacancy_out_of_scope_above_range"),
])
async def test_other_kinds_of_jobs_go_to_a_person(employer_db, text, said):
    slots, said_list = await prefill(text)
    assert slots["vacancy_blocked"] is True and said_list == [said]


async def test_only_employers_post(employer_db):
    slots, said = await prefill("jeg vil slå et småjob op", sender="citizen-anna")
    assert slots["vacancy_blocked"] is True and said == ["utter_vacancy_employers_only"]


async def validate(text, requested, slots, intent="inform"):
    from actions.vacancy import ValidateVacancyForm

    return await validate_form(ValidateVacancyForm(), requested, text, intent, slots, sender=EMPLOYER)


@pytest.mark.parametrize("requested, text, stored, said", [
    ("vacancy_cvr", "13 74 81 36", "13748136", []),
    ("vacancy_cvr", "12345678", None, ["utter_vacancy_problem_checksum"]),
    ("vacancy_cvr", "1234567", None, ["utter_vacancy_problem_wrong_length"]),
    ("vacancy_email", "mette.bakken.dk", None, ["utter_vacancy_problem_missing_at"]),
    ("vacancy_phone", "+45 23 45 67 89", "+45 23 45 67 89", []),
    ("vacancy_phone", "123", None, ["utter_vacancy_problem_wrong_length"]),
    ("vacancy_hours_per_week", "0", None, ["utter_vacancy_problem_below_range"]),
    ("vacancy_hours_per_week", "60", None, ["utter_vacancy_problem_above_range"]),
    ("vacancy_hours_per_week", "7,5", 7.5, []),
    ("vacancy_postcode", "21000", None, ["utter_vacancy_problem_bad_postcode"]),
    ("vacancy_start_date", "1/11", None, ["utter_vacancy_problem_in_past"]),
    ("vacancy_start_date", "snarest", "2026-11-23", []),
    ("vacancy_duration_kind", "løbende", "ongoing", []),
    ("vacancy_duration_kind", "hmm", None, ["utter_vacancy_problem_unclear_duration"]),
    ("vacancy_job_title", "<script>alert(1)</script>", "<script>alert(1)</script>", []),
    ("vacancy_company", "🙂", None, ["utter_vacancy_problem_empty"]),
])
async def test_each_answer_is_checked_and_explained(employer_db, requested, text, stored, said):
    slots, said_list = await validate(text, requested, {})
    assert slots[requested] == stored and said_list == said


async def test_a_5000_character_description_is_trimmed_with_a_notice(employer_db):
    slots, said = await validate("opvask " * 720, "vacancy_tasks", {})
    assert 0 < len(slots["vacancy_tasks"]) <= 1000 and said == ["utter_vacancy_trimmed"]


async def test_an_answer_with_more_fields_fills_them_too(employer_db):
    slots, said = await validate("Mette, mette@bakken.dk, tlf 23456789", "vacancy_contact_person",
                                 {"vacancy_company": "Bakken", "vacancy_cvr": "13748136"})
    assert slots["vacancy_email"] == "mette@bakken.dk" and slots["vacancy_phone"] == "+45 23 45 67 89"


async def save(slots):
    from actions.vacancy import ActionVacancySave

    dispatcher = CollectingDispatcher()
    events = await ActionVacancySave().run(dispatcher, make_tracker("ja", "affirm", slots, sender=EMPLOYER), {})
    return slot_events(events), dispatcher


async def test_confirming_saves_for_review_and_a_duplicate_is_asked_about(employer_db):
    database, user_id = employer_db
    slots, _ = await validate("Gem", "vacancy_confirmed", DRAFT, intent="inform")
    assert slots["vacancy_confirmed"] is True
    _, dispatcher = await save({**DRAFT, "vacancy_confirmed": True})
    [posting] = database.run_sync(lambda s: [store.vacancy_to_json(v) for v in store.of_employer(s, user_id)])
    assert dispatcher.messages[0]["response"] == "utter_vacancy_saved"
    assert dispatcher.messages[0]["reference"] == posting["reference"]
    assert (posting["status"], posting["cvr"], posting["start_date"]) == ("awaiting_review", "13748136", "2026-12-01")

    slots, _ = await validate("ja", "vacancy_confirmed", DRAFT, intent="affirm")
    # Asked before it is posted twice; the "ja" Rasa put in the slot is taken out again.
    assert slots == {"vacancy_duplicate_warned": True, "vacancy_confirmed": None}
    slots, _ = await validate("nej", "vacancy_confirmed", {**DRAFT, "vacancy_duplicate_warned": True}, intent="deny")
    assert slots["vacancy_confirmed"] is False
    _, dispatcher = await save({**DRAFT, "vacancy_confirmed": False})
    assert responses(dispatcher) == ["utter_vacancy_not_saved"]
    assert database.run_sync(lambda s: len(store.of_employer(s, user_id))) == 1


async def test_a_duplicate_check_that_fails_saves_nothing_keeps_the_draft_and_says_so(employer_db, monkeypatch):
    from actions.vacancy import ValidateVacancyForm

    def broken(*args):
        raise OperationalError("SELECT vacancies", {}, Exception("database is locked"))

    monkeypatch.setattr(ValidateVacancyForm, "has_duplicate", staticmethod(broken))
    slots, said = await validate("Gem", "vacancy_confirmed", DRAFT)
    assert said == ["utter_vacancy_duplicate_check_failed"]
    assert slots == {"vacancy_confirmed": None}  # asked again; the draft stays as it is


async def test_a_single_field_is_corrected_from_the_summary(employer_db):
    slots, _ = await validate("ret telefonnummeret", "vacancy_confirmed", DRAFT)
    assert slots["vacancy_phone"] is None and slots["vacancy_confirmed"] is None


async def test_cancelling_saves_nothing_and_says_so(employer_db):
    from actions.vacancy import ActionVacancyCancel

    database, user_id = employer_db
    dispatcher = CollectingDispatcher()
    events = await ActionVacancyCancel().run(dispatcher, make_tracker("annuller", "stop", DRAFT, sender=EMPLOYER), {})
    assert responses(dispatcher) == ["utter_vacancy_cancelled"] and slot_events(events)["vacancy_cvr"] is None
    assert database.run_sync(lambda s: store.of_employer(s, user_id)) == []


async def test_status_shows_each_posting_with_its_reason(employer_db):
    from actions.vacancy import ActionVacancyStatus

    database, user_id = employer_db
    values = {f: DRAFT[f"vacancy_{f}"] for f in FIELDS} | {"start_date": date(2026, 12, 1)}
    vacancy_id = database.run_sync(lambda s: store.create(s, user_id, values).id)
    database.run_sync(lambda s: store.review(s, vacancy_id, "raad-1", approve=False, reason="Mangler løn"))
    dispatcher = CollectingDispatcher()
    asked = make_tracker("status på mit opslag", "vacancy_status", sender=EMPLOYER)
    await ActionVacancyStatus().run(dispatcher, asked, {})
    assert responses(dispatcher) == ["utter_vacancy_status_rejected"]
    assert dispatcher.messages[0]["reason"] == "Mangler løn"


async def test_a_company_answer_with_everything_else_fills_each_field_and_explains_a_wrong_one(employer_db):
    slots, said = await validate(
        "Bageriet Hansen, cvr 10150817, kontakt Ole Hansen, ole@bageriet.dk, tlf 20304050, job: opvasker, "
        "opgaver: opvask og rengøring, 0 timer om ugen, postnr 4200", "vacancy_company", {})
    assert slots["vacancy_company"] == "Bageriet Hansen"
    assert slots["vacancy_tasks"] == "opvask og rengøring" and slots["vacancy_postcode"] == "4200"
    assert slots["vacancy_cvr"] == "10150817" and slots["vacancy_contact_person"] == "Ole Hansen"
    assert "vacancy_hours_per_week" not in slots and said == ["utter_vacancy_problem_below_range"]


# --- corrections in free text at the summary, and nothing saved without a yes ---

RESET = {"vacancy_confirmed": None, "vacancy_duplicate_warned": None}


@pytest.mark.parametrize("text, slot, stored", [
    ("telefon er 20304050", "vacancy_phone", "+45 20 30 40 50"),
    ("ret timerne til 12", "vacancy_hours_per_week", 12),
    ("the hours should be 12", "vacancy_hours_per_week", 12),
    ("mail er ole@bakken.dk", "vacancy_email", "ole@bakken.dk"),
    ("ja, men postnummer er 4200", "vacancy_postcode", "4200"),
    ("stillingen er opvasker og rengøring", "vacancy_job_title", "opvasker og rengøring"),
])
async def test_a_correction_in_words_replaces_that_field_and_shows_the_summary_again(employer_db, text, slot,
                                                                                      stored):
    slots, said = await validate(text, "vacancy_confirmed", DRAFT, intent="choose_phone")
    assert slots == {slot: stored, **RESET} and said == []


async def test_several_corrections_in_one_message_replace_each_field(employer_db):
    slots, said = await validate("telefon er 20304050, timer: 12", "vacancy_confirmed", DRAFT)
    assert slots == {"vacancy_phone": "+45 20 30 40 50", "vacancy_hours_per_week": 12, **RESET} and said == []


@pytest.mark.parametrize("text, slot, said", [
    ("ret timerne til 60", "vacancy_hours_per_week", "utter_vacancy_problem_above_range"),
    ("telefon er 123", "vacancy_phone", "utter_vacancy_problem_wrong_length"),
])
async def test_a_wrong_corrected_value_is_explained_and_asked_for_again(employer_db, text, slot, said):
    slots, said_list = await validate(text, "vacancy_confirmed", DRAFT)
    assert slots == {slot: None, **RESET} and said_list == [said]


@pytest.mark.parametrize("text, slot", [
    ("ret telefon", "vacancy_phone"), ("forkert cvr", "vacancy_cvr"), ("ja, men ret timerne", "vacancy_hours_per_week"),
])
async def test_a_field_named_without_a_value_is_asked_for_again(employer_db, text, slot):
    slots, said = await validate(text, "vacancy_confirmed", DRAFT)
    assert slots == {slot: None, **RESET} and said == []


@pytest.mark.parametrize("text, intent", [
    ("gem", "nlu_fallback"), ("Gem det", "goodbye"), ("send det", "inform"), ("opret det", "inform"),
    ("ja, gem opslaget", "affirm"), ("ja tak", "affirm"), ("/affirm", "affirm"), ("det er korrekt", "inform"),
])
async def test_a_yes_or_a_save_word_saves(employer_db, text, intent):
    slots, said = await validate(text, "vacancy_confirmed", DRAFT, intent=intent)
    assert slots == {"vacancy_confirmed": True} and said == []


@pytest.mark.parametrize("text, intent, said", [
    ("nej", "deny", ["utter_vacancy_what_to_correct"]),
    ("nej", "affirm", ["utter_vacancy_what_to_correct"]),   # a typed answer is read, not the intent
    ("hmm", "affirm", ["utter_vacancy_confirm_unclear"]),
    ("send det til Mette", "inform", ["utter_vacancy_confirm_unclear"]),
])
async def test_anything_but_a_clear_yes_saves_nothing(employer_db, text, intent, said):
    slots, said_list = await validate(text, "vacancy_confirmed", DRAFT, intent=intent)
    assert slots == {"vacancy_confirmed": None} and said_list == said


async def test_an_employer_posting_again_and_again_gets_three_saved_then_is_told_when(employer_db):
    from actions.vacancy import ActionVacancyPrefill

    database, user_id = employer_db
    for title in ("Opvasker", "Rengøring", "Bud"):
        _, dispatcher = await save({**DRAFT, "vacancy_job_title": title, "vacancy_confirmed": True})
        assert responses(dispatcher) == ["utter_vacancy_saved"]
    slots, dispatcher = await save({**DRAFT, "vacancy_job_title": "Kagebager", "vacancy_confirmed": True})
    assert dispatcher.messages[0]["text"].startswith(
        "Du har slået 3 småjob op, og der kan højst slås 3 pr. 10 minutter op. Opslaget er ikke gemt, men "
        "dine svar er ikke glemt. Du kan slå det næste op om ")
    assert slots == {"vacancy_confirmed": None, "vacancy_duplicate_warned": None}  # the draft stays
    assert database.run_sync(lambda s: len(store.of_employer(s, user_id))) == 3

    # Starting a new one says so at once, and keeps the draft too.
    dispatcher = CollectingDispatcher()
    events = await ActionVacancyPrefill().run(
        dispatcher, make_tracker("Jeg vil slå et småjob op", "post_vacancy", sender=EMPLOYER), {})
    assert slot_events(events)["vacancy_blocked"] == "postings_limit"
    assert "Jeg starter ikke et nyt opslag lige nu." in dispatcher.messages[0]["text"]
    slots, dispatcher = await save({**DRAFT, "vacancy_blocked": "postings_limit"})
    assert set(slots) == {"vacancy_confirmed", "vacancy_duplicate_warned", "vacancy_blocked"}

    # Ten minutes later the next one can be posted.
    database.run_sync(lambda s: s.execute(update(Vacancy).values(
        created_at=datetime.now(timezone.utc) - timedelta(minutes=11))))
    _, dispatcher = await save({**DRAFT, "vacancy_job_title": "Kagebager", "vacancy_confirmed": True})
    assert responses(dispatcher) == ["utter_vacancy_saved"]


# --- an employer logged in with MitID Erhverv posts for the company of the login ---

LOGIN_CVR = "10150817"


@pytest.fixture
def business_login(employer_db):
    database, user_id = employer_db
    database.run_sync(lambda s: record_login(s, "employer", "bakken", "Bakken", cvr=LOGIN_CVR))
    return database, user_id


async def test_the_cvr_comes_from_the_login_and_is_never_asked(business_login):
    slots, said = await prefill("vi søger en opvasker 10 timer om ugen i 2100")
    assert slots["vacancy_cvr"] == LOGIN_CVR and said == []


async def test_another_cvr_written_in_the_first_message_is_explained_and_not_used(business_login):
    slots, said = await prefill("Vi er Bakken Bageri, cvr 13748136, og søger en opvasker")
    assert slots["vacancy_cvr"] == LOGIN_CVR
    assert said == ["utter_vacancy_cvr_from_login"]
    assert slots["vacancy_company"] == "Bakken Bageri"


async def test_correcting_the_cvr_keeps_the_logins(business_login):
    slots, said = await validate("13748136", "vacancy_cvr", {k: v for k, v in DRAFT.items() if k != "vacancy_cvr"})
    assert slots["vacancy_cvr"] == LOGIN_CVR and said == ["utter_vacancy_cvr_from_login"]
    slots, said = await validate("10150817", "vacancy_cvr", {k: v for k, v in DRAFT.items() if k != "vacancy_cvr"})
    assert slots["vacancy_cvr"] == LOGIN_CVR and said == []


async def test_a_posting_is_saved_for_the_logins_cvr_whatever_the_draft_says(business_login):
    database, user_id = business_login
    await save({**DRAFT, "vacancy_cvr": "13748136", "vacancy_confirmed": True})
    [posting] = database.run_sync(lambda s: [store.vacancy_to_json(v) for v in store.of_employer(s, user_id)])
    assert posting["cvr"] == LOGIN_CVR


async def test_without_a_business_login_the_cvr_is_asked_as_before(employer_db):
    slots, said = await prefill("vi søger en opvasker")
    assert "vacancy_cvr" not in slots
    slots, said = await validate("13748136", "vacancy_cvr", {})
    assert slots["vacancy_cvr"] == "13748136"


async def test_another_cvr_in_a_later_answer_is_explained_too(business_login):
    slots, said = await validate("vi er bageriet hansen cvr 13748136 og søger en opvasker", "vacancy_company",
                                 {"vacancy_cvr": LOGIN_CVR})
    assert said == ["utter_vacancy_cvr_from_login"]
    assert slots.get("vacancy_cvr", LOGIN_CVR) == LOGIN_CVR and slots["vacancy_company"]
