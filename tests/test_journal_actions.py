"""Job journal storage (SQLite and PostgreSQL) and the journal and profile actions, with constructed
trackers and a real SQLite database; choosing an entry to change or delete is in
test_journal_pick_actions.py."""
from datetime import date

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import OperationalError

from bot.store import journal as journal_store
from bot.store import profile as profile_store
from tests.helpers import (
    citizen_on, citizens, domain_dict, form_tracker, make_tracker, responses, slot_events, validate_form,
)

TODAY = date(2026, 11, 23)
ACTIVITY = {"employer": "Bilka", "job_title": "lagerarbejder", "applied_on": date(2026, 11, 22),
            "channel": "job_ad", "status": "sent", "place": None, "note": None}


def test_entries_are_stored_listed_updated_and_deleted_per_citizen(db):
    anna, bo = citizens(db, "Anna", "Bo")
    first = db.run_sync(lambda s: journal_store.add_entry(s, anna, ACTIVITY).id)
    db.run_sync(lambda s: journal_store.add_entry(s, anna, dict(ACTIVITY, applied_on=date(2026, 11, 23),
                                                                employer="Netto")))
    db.run_sync(lambda s: journal_store.add_entry(s, bo, ACTIVITY))
    listed = db.run_sync(lambda s: [journal_store.entry_to_json(e) for e in journal_store.entries_of(s, anna)])
    assert [entry["employer"] for entry in listed] == ["Netto", "Bilka"]  # newest first
    assert listed[1]["applied_on"] == "2026-11-22" and listed[1]["channel"] == "job_ad"
    db.run_sync(lambda s: journal_store.update_entry(s, anna, first, {"status": "hired"}))
    assert db.run_sync(lambda s: journal_store.get_entry(s, anna, first).status) == "hired"
    with pytest.raises(journal_store.JournalError):  # Bo cannot touch Anna's entry
        db.run_sync(lambda s: journal_store.delete_entry(s, bo, first))
    db.run_sync(lambda s: journal_store.delete_entry(s, anna, first))
    assert db.run_sync(lambda s: len(journal_store.entries_of(s, anna))) == 1
    assert db.run_sync(lambda s: len(journal_store.entries_of(s, bo))) == 1


def test_profile_fields_are_saved_with_lists_as_json(db):
    [anna] = citizens(db, "Anna")
    assert db.run_sync(lambda s: profile_store.profile_to_json(profile_store.get_profile(s, anna)))[
        "wished_jobs"] == []
    db.run_sync(lambda s: profile_store.save_profile_field(s, anna, "wished_jobs", ["kok", "tjener"]))
    db.run_sync(lambda s: profile_store.save_profile_field(s, anna, "weekly_target", 4, set_by="advisor"))
    profile = db.run_sync(lambda s: profile_store.profile_to_json(profile_store.get_profile(s, anna)))
    assert profile["wished_jobs"] == ["kok", "tjener"]
    assert (profile["weekly_target"], profile["weekly_target_set_by"]) == (4, "advisor")


# --- actions ---

@pytest.fixture
def citizen_db(action_db, monkeypatch):
    from actions.journal import form, overview, save

    return citizen_on(TODAY, action_db, monkeypatch, form, overview, save)


async def test_prefill_reads_everything_written_at_once(citizen_db):
    from actions.journal.form import ActionJournalPrefill

    events = await ActionJournalPrefill().run(
        CollectingDispatcher(), make_tracker("jeg sogte som lagerarbejder hos bilka i gaar via jobnet",
                                             "log_job_activity"), {})
    assert slot_events(events) | {} == {
        "journal_employer": "Bilka", "journal_job_title": "lagerarbejder", "journal_applied_on": "2026-11-22",
        "journal_channel": "job_ad", "journal_status": "sent", "journal_confirmed": None,
        "journal_duplicate_warned": None}


async def run_form_validation(text, intent, requested, slots, entities=None):
    from actions.journal.form import ValidateJournalForm

    return await validate_form(ValidateJournalForm(), requested, text, intent, slots, entities=entities)


DRAFT = {"journal_employer": "Bilka", "journal_job_title": "lagerarbejder", "journal_applied_on": "2026-11-22",
         "journal_channel": "job_ad", "journal_status": "sent"}


@pytest.mark.parametrize("text, slot, said", [
    ("ved ikke", None, "utter_journal_date_unclear"),
    ("i morgen", None, "utter_journal_date_future"),
    ("24/11", None, "utter_journal_date_future"),
    ("1/1/2025", None, "utter_journal_date_too_old"),
    ("i forgaars", "2026-11-21", None),
])
async def test_a_date_answer_is_checked_and_explained(citizen_db, text, slot, said):
    slots, said_list = await run_form_validation(text, "inform", "journal_applied_on",
                                                 {k: v for k, v in DRAFT.items() if k != "journal_applied_on"})
    assert slots["journal_applied_on"] == slot
    assert said_list == ([said] if said else [])


@pytest.mark.parametrize("text, expected, said", [
    ("🙂", None, ["utter_journal_employer_invalid"]),
    ("   ", None, ["utter_journal_employer_invalid"]),
    ("netto", "Netto", []),
    ("Netto " + "x" * 300, "Netto " + "x" * 114, ["utter_journal_employer_trimmed"]),
])
async def test_an_employer_answer_is_checked(citizen_db, text, expected, said):
    slots, said_list = await run_form_validation(text, "inform", "journal_employer", {})
    assert slots["journal_employer"] == expected
    assert said_list == said


async def test_a_2000_character_job_title_is_trimmed_with_a_notice(citizen_db):
    slots, said = await run_form_validation("lager" * 400, "inform", "journal_job_title", {"journal_employer": "Bilka"})
    assert len(slots["journal_job_title"]) <= 120
    assert said == ["utter_journal_title_trimmed"]


async def test_a_date_given_where_the_job_was_asked_fills_the_date_and_asks_for_the_job_again(citizen_db):
    slots, said = await run_form_validation("20. novmber", "inform", "journal_job_title", {"journal_employer": "Netto"})
    assert slots["journal_job_title"] is None and said == ["utter_journal_title_invalid"]
    assert slots.get("journal_applied_on") == "2026-11-20"


async def test_stop_is_not_taken_as_an_answer(citizen_db):
    from actions.journal.form import ValidateJournalForm

    dispatcher = CollectingDispatcher()
    events = await ValidateJournalForm().run(
        dispatcher, await form_tracker("journal_form", "journal_employer", "annuller", "stop"), domain_dict())
    assert events == [{"event": "slot", "name": "journal_employer", "value": None, "timestamp": None},
                      {"event": "action_execution_rejected", "name": "journal_form", "policy": None,
                       "confidence": None, "timestamp": None}]
    assert dispatcher.messages == []


async def test_confirming_saves_and_a_duplicate_is_asked_about_first(citizen_db):
    from actions.journal.save import ActionJournalSave

    database, user_id = citizen_db
    slots, said = await run_form_validation("ja", "affirm", "journal_confirmed", DRAFT)
    assert slots["journal_confirmed"] is True and said == []
    dispatcher = CollectingDispatcher()
    confirmed = make_tracker("ja", "affirm", {**DRAFT, "journal_confirmed": True})
    events = await ActionJournalSave().run(dispatcher, confirmed, {})
    stored = database.run_sync(lambda s: [journal_store.entry_to_json(e) for e in journal_store.entries_of(s, user_id)])
    assert [(e["employer"], e["job_title"], e["applied_on"], e["channel"], e["status"]) for e in stored] == [
        ("Bilka", "lagerarbejder", "2026-11-22", "job_ad", "sent")]
    assert responses(dispatcher) == ["utter_journal_saved", "utter_journal_week", "utter_journal_tip_agency",
                                     "utter_journal_next"]
    assert dispatcher.messages[1]["activities"] == "0 aktiviteter"  # 22/11 was a Sunday: last week
    assert slot_events(events)["journal_employer"] is None and slot_events(events)["journal_tip_shown"] is True

    slots, _ = await run_form_validation("ja", "affirm", "journal_confirmed", DRAFT)
    # Asked before it is saved twice; the "ja" Rasa put in the slot is taken out again.
    assert slots == {"journal_duplicate_warned": True, "journal_confirmed": None}
    slots, _ = await run_form_validation("nej", "deny", "journal_confirmed", {**DRAFT, "journal_duplicate_warned": True})
    assert slots["journal_confirmed"] is False
    dispatcher = CollectingDispatcher()
    await ActionJournalSave().run(dispatcher, make_tracker("nej", "deny", {**DRAFT, "journal_confirmed": False}), {})
    assert responses(dispatcher) == ["utter_journal_not_saved"]
    assert database.run_sync(lambda s: len(journal_store.entries_of(s, user_id))) == 1


async def test_a_single_field_is_corrected_from_the_summary(citizen_db):
    slots, _ = await run_form_validation("/journal_correct", "journal_correct", "journal_confirmed", DRAFT,
                                         entities=[{"entity": "journal_field", "value": "applied_on"}])
    assert slots["journal_applied_on"] is None and slots["journal_confirmed"] is None
    slots, _ = await run_form_validation("nej, det var hos Netto", "deny_with_text", "journal_confirmed", DRAFT)
    assert slots["journal_employer"] == "Netto" and slots["journal_confirmed"] is None


async def test_a_failure_to_save_is_told_and_the_draft_kept(citizen_db, monkeypatch):
    from actions.journal.save import ActionJournalSave

    def broken(*args):
        raise OperationalError("INSERT INTO journal_entries", {}, Exception("disk full"))

    monkeypatch.setattr(ActionJournalSave, "save", staticmethod(broken))
    dispatcher = CollectingDispatcher()
    confirmed = make_tracker("ja", "affirm", {**DRAFT, "journal_confirmed": True})
    events = await ActionJournalSave().run(dispatcher, confirmed, {})
    assert responses(dispatcher) == ["utter_journal_save_failed"]
    assert "journal_employer" not in slot_events(events)  # the draft stays in the conversation


async def test_a_failure_to_save_is_logged_with_the_conversation_id_and_no_personal_data(citizen_db, monkeypatch,
                                                                                         caplog):
    from actions.journal.save import ActionJournalSave

    def broken(*args):
        raise OperationalError("INSERT INTO journal_entries", {}, Exception("disk full"))

    monkeypatch.setattr(ActionJournalSave, "save", staticmethod(broken))
    confirmed = make_tracker("ja, gem den hos Bilka", "affirm", {**DRAFT, "journal_confirmed": True})
    await ActionJournalSave().run(CollectingDispatcher(), confirmed, {})
    [record] = [r for r in caplog.records if r.name.startswith("actions.")]
    assert "citizen-anna" in record.getMessage() and record.exc_info is not None
    assert "Bilka" not in record.getMessage() and "lagerarbejder" not in record.getMessage()


async def test_a_duplicate_check_that_fails_saves_nothing_keeps_the_draft_and_says_so(citizen_db, monkeypatch):
    from actions.journal.form import ValidateJournalForm

    def broken(*args):
        raise OperationalError("SELECT journal_entries", {}, Exception("database is locked"))

    monkeypatch.setattr(ValidateJournalForm, "has_duplicate", staticmethod(broken))
    slots, said = await run_form_validation("ja", "affirm", "journal_confirmed", DRAFT)
    assert said == ["utter_journal_duplicate_check_failed"]
    assert slots == {"journal_confirmed": None}  # asked again; the draft stays as it is


async def test_the_journal_shows_counts_against_the_target_and_nudges(citizen_db):
    from actions.journal.overview import ActionJournalShow

    database, user_id = citizen_db
    database.run_sync(lambda s: journal_store.add_entry(s, user_id, dict(ACTIVITY, applied_on=date(2026, 11, 2))))
    database.run_sync(lambda s: profile_store.save_profile_field(s, user_id, "weekly_target", 3))
    dispatcher = CollectingDispatcher()
    await ActionJournalShow().run(dispatcher, make_tracker("vis min joblog", "show_journal"), {})
    assert responses(dispatcher) == ["utter_journal_overview_with_target", "utter_journal_nudge"]
    overview = dispatcher.messages[0]
    assert (overview["count"], overview["target"], overview["total"]) == (0, 3, 1)
    assert overview["previous"] == "47: 0 · 46: 0 · 45: 1 · 44: 0"
    assert "2/11/2026: lagerarbejder – Bilka (Jobopslag, Sendt)" in overview["lines"]
    assert dispatcher.messages[1]["days"] == 21


async def test_status_in_words_is_proposed_then_applied(citizen_db):
    from actions.journal.status import ActionJournalApplyStatus, ActionJournalProposeStatus

    database, user_id = citizen_db
    entry_id = database.run_sync(lambda s: journal_store.add_entry(s, user_id, ACTIVITY).id)
    dispatcher = CollectingDispatcher()
    events = await ActionJournalProposeStatus().run(
        dispatcher, make_tracker("jeg fik jobbet hos bilka", "update_job_status"), {})
    assert responses(dispatcher) == ["utter_journal_status_confirm"]
    pending = slot_events(events)["journal_pending_status"]
    assert pending == {"id": entry_id, "status": "hired"}
    assert database.run_sync(lambda s: journal_store.get_entry(s, user_id, entry_id).status) == "sent"
    dispatcher = CollectingDispatcher()
    await ActionJournalApplyStatus().run(dispatcher, make_tracker("ja", "affirm", {"journal_pending_status": pending}),
                                         {})
    assert responses(dispatcher) == ["utter_journal_status_updated", "utter_journal_congratulations"]
    assert database.run_sync(lambda s: journal_store.get_entry(s, user_id, entry_id).status) == "hired"



async def test_an_employer_cannot_save_a_journal(citizen_db):
    from actions.journal.save import ActionJournalSave

    dispatcher = CollectingDispatcher()
    await ActionJournalSave().run(dispatcher, make_tracker("ja", "affirm", {**DRAFT, "journal_confirmed": True},
                                                      sender="employer-firma"), {})
    assert responses(dispatcher) == ["utter_journal_citizens_only"]


async def test_profile_answers_are_validated_and_saved(citizen_db):
    from actions.profile import ActionProfileSave, ValidateProfileForm

    database, user_id = citizen_db
    dispatcher = CollectingDispatcher()
    result = ValidateProfileForm().validate_profile_value(
        "60", dispatcher, make_tracker("60", "inform", {"profile_field": "hours_per_week"}), {})
    assert result == {"profile_value": None}
    assert dispatcher.messages[0]["response"] == "utter_profile_value_out_of_range"
    assert (dispatcher.messages[0]["low"], dispatcher.messages[0]["high"]) == (1, 48)
    dispatcher = CollectingDispatcher()
    unconfirmed = {"profile_field": "wished_jobs", "profile_value": "lagerarbejder, chauffor"}
    await ActionProfileSave().run(dispatcher, make_tracker("nej", "deny", {**unconfirmed, "profile_confirmed": False}),
                                  {})
    assert responses(dispatcher) == ["utter_journal_not_saved"]
    assert database.run_sync(lambda s: profile_store.profile_to_json(
        profile_store.get_profile(s, user_id)))["wished_jobs"] == []
    dispatcher = CollectingDispatcher()
    await ActionProfileSave().run(dispatcher, make_tracker("ja", "affirm", {**unconfirmed, "profile_confirmed": True}),
                                  {})
    assert responses(dispatcher) == ["utter_profile_saved"]
    profile = database.run_sync(lambda s: profile_store.profile_to_json(profile_store.get_profile(s, user_id)))
    assert profile["wished_jobs"] == ["lagerarbejder", "chauffor"]


# --- corrections in free text at the summary, and nothing stored without a yes ---

UNCHANGED = {"journal_confirmed": None, "journal_duplicate_warned": None}


# A correction that names its field ("arbejdsgiveren hedder Netto", "ret datoen til fredag") ...
FIELD_NAMED = [
    ("det er forkert, arbejdsgiveren hedder Netto", "journal_correct", "journal_employer", "Netto"),
    ("arbejdsgiveren hedder Netto", "update_job_status", "journal_employer", "Netto"),
    ("the employer should be Netto", "nlu_fallback", "journal_employer", "Netto"),
    ("arbejdsgiveren hedder netto, det skrev jeg", "inform", "journal_employer", "Netto"),
    ("ret datoen til fredag", "update_sick_leave", "journal_applied_on", "2026-11-20"),
    ("stillingen er kok", "inform", "journal_job_title", "kok"),
    ("ret status til afslag", "inform", "journal_status", "rejected"),
    ("sted: Slagelse", "inform", "journal_place", "Slagelse"),
]
# ... or gives a value that can only be one field ("i forgårs" the date, "hos Netto" the employer).
FIELD_FROM_THE_VALUE = [
    ("det skal være i forgårs", "inform", "journal_applied_on", "2026-11-21"),
    ("nej, det var i forgårs", "deny", "journal_applied_on", "2026-11-21"),
    ("det skal være uopfordret", "inform", "journal_channel", "unsolicited"),
    ("det skal være afslag", "thank", "journal_status", "rejected"),
    ("nej, det var hos Netto", "deny", "journal_employer", "Netto"),
]


@pytest.mark.parametrize("text, intent, slot, value", FIELD_NAMED + FIELD_FROM_THE_VALUE)
async def test_a_correction_in_words_replaces_that_one_field_and_shows_the_summary_again(
        citizen_db, text, intent, slot, value):
    slots, said = await run_form_validation(text, intent, "journal_confirmed", DRAFT)
    assert slots == {slot: value, **UNCHANGED} and said == []


async def test_a_correction_to_a_date_in_the_future_is_refused_with_the_reason(citizen_db):
    slots, said = await run_form_validation("ret datoen til i morgen", "inform", "journal_confirmed", DRAFT)
    assert slots == {"journal_applied_on": None, **UNCHANGED} and said == ["utter_journal_date_future"]


@pytest.mark.parametrize("text, slot", [
    ("ret arbejdsgiver", "journal_employer"),
    ("datoen er forkert", "journal_applied_on"),
    ("ja, men ret datoen", "journal_applied_on"),
    ("forkert søgemåde", "journal_channel"),
])
async def test_a_field_named_without_a_value_is_asked_for_again(citizen_db, text, slot):
    slots, said = await run_form_validation(text, "journal_correct", "journal_confirmed", DRAFT)
    assert slots == {slot: None, **UNCHANGED} and said == []


@pytest.mark.parametrize("text", [
    "det skal være Bilka",                                   # the employer or the job?
    "det er forkert, det skal være Føtex",
    "det skal være samtale",                                 # the channel or the status?
    "det er forkert, det skal være lagerarbejder hos Netto",  # more than one thing
    "nej",
    "det er forkert",
])
async def test_a_correction_without_a_clear_field_asks_what_to_correct_and_changes_nothing(citizen_db, text):
    slots, said = await run_form_validation(text, "deny", "journal_confirmed", DRAFT)
    assert slots == {"journal_confirmed": None} and said == ["utter_journal_what_to_correct"]


@pytest.mark.parametrize("text, intent", [
    ("ja", "affirm"), ("gem", "nlu_fallback"), ("ja, gem den", "goodbye"), ("/affirm", "affirm"),
    ("jep, det passer", "affirm"), ("yes please", "affirm"), ("👍", "nlu_fallback"),
])
async def test_a_yes_in_words_or_by_button_confirms(citizen_db, text, intent):
    slots, said = await run_form_validation(text, intent, "journal_confirmed", DRAFT)
    assert slots == {"journal_confirmed": True} and said == []


@pytest.mark.parametrize("text, intent, said", [
    ("nej", "affirm", ["utter_journal_what_to_correct"]),        # a typed answer is read, not the intent
    ("hmm", "affirm", ["utter_journal_confirm_unclear"]),
    ("ja måske", "affirm", ["utter_journal_confirm_unclear"]),
])
async def test_anything_but_a_clear_yes_saves_nothing(citizen_db, text, intent, said):
    slots, said_list = await run_form_validation(text, intent, "journal_confirmed", DRAFT)
    assert slots == {"journal_confirmed": None} and said_list == said


async def test_details_without_a_field_word_are_still_read_but_never_a_name(citizen_db):
    slots, _ = await run_form_validation("note: ringer igen fredag", "inform", "journal_confirmed", DRAFT)
    assert slots == {"journal_note": "ringer igen fredag", **UNCHANGED}
    slots, _ = await run_form_validation("i forgårs via en ven", "inform", "journal_confirmed", DRAFT)
    assert slots == {"journal_applied_on": "2026-11-21", "journal_channel": "network", **UNCHANGED}


@pytest.mark.parametrize("text, stored", [
    ("Netto, det skrev jeg", "Netto"),
    ("det er Netto", "Netto"),
    ("det er forkert, det skal være Bilka", "Bilka"),
    ("nej, det var Føtex", "Føtex"),
    ("arbejdsgiveren hedder Salling Group, det skrev jeg jo", "Salling Group"),
])
async def test_an_employer_answer_stores_the_name_and_no_other_words(citizen_db, text, stored):
    slots, said = await run_form_validation(text, "inform", "journal_employer", {})
    assert slots["journal_employer"] == stored and said == []


async def test_a_bare_no_answering_the_employer_question_is_not_stored_as_the_employer(citizen_db):
    slots, said = await run_form_validation("det er forkert", "deny", "journal_employer", {})
    assert slots["journal_employer"] is None and said == ["utter_journal_employer_invalid"]


async def test_an_employer_given_where_the_job_was_asked_is_not_the_job_too(citizen_db):
    for text in ("arbejdsgiveren hedder Netto", "hos Netto"):
        slots, _ = await run_form_validation(text, "inform", "journal_job_title", {})
        assert slots["journal_employer"] == "Netto" and slots.get("journal_job_title") is None


@pytest.mark.parametrize("text", ["nej, gem den ikke", "nej, det vil jeg ikke", "nej tak"])
async def test_a_no_in_words_to_the_duplicate_question_saves_nothing(citizen_db, text):
    slots, said = await run_form_validation(text, "nlu_fallback", "journal_confirmed",
                                            {**DRAFT, "journal_duplicate_warned": True})
    assert slots == {"journal_confirmed": False} and said == []


async def test_a_yes_with_a_value_but_no_field_saves_nothing_and_asks_what_to_correct(citizen_db):
    slots, said = await run_form_validation("ja, men det skal være Bilka", "affirm", "journal_confirmed", DRAFT)
    assert slots == {"journal_confirmed": None} and said == ["utter_journal_what_to_correct"]
