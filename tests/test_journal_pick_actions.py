"""Choosing a journal entry to change or delete: by its number in the list, or named in the message
that asks for the change, with constructed trackers and a real SQLite database."""
from datetime import date

import pytest
from rasa_sdk.executor import CollectingDispatcher

from bot.store import journal as journal_store
from tests.helpers import citizen_on, make_tracker, responses, run_action, slot_events, validate_form

TODAY = date(2026, 11, 23)
# What the entries below have in common; each names its own employer, job and date.
SENT_THROUGH_A_JOB_AD = {"channel": "job_ad", "status": "sent", "place": None, "note": None}


@pytest.fixture
def citizen_db(action_db, monkeypatch):
    from actions.journal import form, overview, save

    return citizen_on(TODAY, action_db, monkeypatch, form, overview, save)


def add_entries(database, user_id, *rows):
    """(employer, job_title, applied_on) rows, oldest first; their ids in that order."""
    return [database.run_sync(lambda s, row=row: journal_store.add_entry(
        s, user_id, dict(SENT_THROUGH_A_JOB_AD, employer=row[0], job_title=row[1], applied_on=row[2])).id)
        for row in rows]


# --- choosing from the list ---

async def test_picking_by_number_then_deleting(citizen_db):
    from actions.journal.pick import ActionAskJournalPick, ActionJournalDelete, ValidateJournalPickForm

    database, user_id = citizen_db
    first, second = add_entries(database, user_id, ("Bilka", "lagerarbejder", date(2026, 11, 22)),
                                ("Netto", "lagerarbejder", date(2026, 11, 23)))
    dispatcher = CollectingDispatcher()
    events = await ActionAskJournalPick().run(dispatcher, make_tracker("ret en ansøgning", "change_journal_entry"), {})
    choices = slot_events(events)["journal_pick_choices"]
    assert choices == [second, first]
    assert [b["payload"] for b in dispatcher.messages[0]["buttons"]] == ["1", "2"]
    picked = await ValidateJournalPickForm().validate_journal_pick(
        "2", CollectingDispatcher(), make_tracker("2", "inform", {"journal_pick_choices": choices}), {})
    assert picked == {"journal_pick": str(first)}
    unclear = CollectingDispatcher()
    assert await ValidateJournalPickForm().validate_journal_pick(
        "9", unclear, make_tracker("9", "inform", {"journal_pick_choices": choices}), {}) == {"journal_pick": None}
    assert responses(unclear) == ["utter_journal_pick_unclear"]
    await ActionJournalDelete().run(CollectingDispatcher(),
                                    make_tracker("ja", "affirm", {"journal_picked_id": str(first)}), {})


async def test_choosing_an_entry_gives_up_after_a_no_or_three_answers_it_cannot_read(citizen_db):
    from actions.journal.pick import ValidateJournalPickForm

    form = ValidateJournalPickForm()
    dispatcher = CollectingDispatcher()
    slots = {"journal_pick_choices": [1], "requested_slot": "journal_pick"}
    assert await form.validate_journal_pick("nej", dispatcher, make_tracker("nej", "deny", slots), {}) == {
        "journal_pick": None, "requested_slot": None}
    assert responses(dispatcher) == ["utter_journal_nothing_changed"]

    unclear = {"event": "bot", "text": "?", "metadata": {"utter_action": "utter_journal_pick_unclear"}}
    said_twice = make_tracker("blå", "nlu_fallback", slots,
                              earlier=[{"event": "active_loop", "name": "journal_pick_form"}, unclear, unclear])
    dispatcher = CollectingDispatcher()
    assert await form.validate_journal_pick("blå", dispatcher, said_twice, {}) == {
        "journal_pick": None, "requested_slot": None}
    dispatcher = CollectingDispatcher()
    assert await form.validate_journal_pick("blå", dispatcher, make_tracker("blå", "nlu_fallback", slots), {}) == {
        "journal_pick": None}
    assert responses(dispatcher) == ["utter_journal_pick_unclear"]


# --- changing or deleting an entry named in one message ---

@pytest.fixture
def journal_with_entries(citizen_db):
    database, user_id = citizen_db
    ids = add_entries(database, user_id, ("Scandic", "receptionist", date(2026, 11, 10)),
                      ("Vestas", "tekniker", date(2026, 11, 12)), ("Føtex", "butiksassistent", date(2026, 11, 16)),
                      ("DSV", "lagerarbejder", date(2026, 11, 18)))
    return database, user_id, dict(zip(("Scandic", "Vestas", "Føtex", "DSV"), ids))


async def open_pick_form(text, language="da"):
    from actions.journal.pick import ValidateJournalPickForm

    return await validate_form(ValidateJournalPickForm(), None, text, "change_journal_entry", {"language": language})


@pytest.mark.parametrize("text, employer, wanted", [
    ("slet den med DSV", "DSV", {"action": "delete"}),
    ("slet den med dsv", "DSV", {"action": "delete"}),
    ("please delete the Scandic entry", "Scandic", {"action": "delete"}),
    ("kan du fjerne den sidste jeg loggede", "DSV", {"action": "delete"}),
    ("slet den med fotex", "Føtex", {"action": "delete"}),                      # æøå left out
    ("fjern ansøgningen hos Vestsa", "Vestas", {"action": "delete"}),          # a typo
    ("slet den som receptionist", "Scandic", {"action": "delete"}),            # the job title
    ("ret datoen på den med Vestas til 20/11", "Vestas",
     {"action": "edit", "field": "applied_on", "value": "20/11"}),
    ("change the date on the Vestas entry to 20/11", "Vestas",
     {"action": "edit", "field": "applied_on", "value": "20/11"}),
    ("ret status på min seneste ansøgning til afslag", "DSV",
     {"action": "edit", "field": "status", "value": "afslag"}),
    ("ret den til Vestas", "Vestas", {"action": "edit", "field": None, "value": None}),
])
async def test_the_opening_message_picks_the_one_entry_it_names_and_says_what_to_do(
        journal_with_entries, text, employer, wanted):
    _database, _user_id, ids = journal_with_entries
    slots, said = await open_pick_form(text)
    assert slots == {"journal_pick_request": wanted, "journal_pick": str(ids[employer])} and said == []


@pytest.mark.parametrize("text, wanted", [
    ("slet en ansøgning", None),                                   # nothing named: the list, then the buttons
    ("ret en ansøgning", {"action": "edit", "field": None, "value": None}),
    ("slet den med Netto", None),                                  # no such entry
    ("ret datoen på min ansøgning til fredag", {"action": "edit", "field": "applied_on", "value": "fredag"}),
    ("slet den fra i sidste uge", None),                           # a week, not the newest entry
])
async def test_an_opening_message_that_names_no_single_entry_leaves_the_list_to_ask(journal_with_entries, text,
                                                                                     wanted):
    slots, said = await open_pick_form(text)
    assert slots == {"journal_pick_request": wanted} and said == []


async def test_an_entry_named_twice_is_asked_for_from_the_list_and_the_delete_is_remembered(journal_with_entries):
    database, user_id, _ids = journal_with_entries
    add_entries(database, user_id, ("DSV", "chauffør", date(2026, 11, 20)))
    slots, _ = await open_pick_form("slet den med DSV")
    assert slots == {"journal_pick_request": {"action": "delete"}}


async def test_with_no_entries_the_pick_form_ends_at_once(citizen_db):
    slots, _ = await open_pick_form("slet den med DSV")
    assert slots == {"journal_pick_request": None, "requested_slot": None}


async def test_a_name_typed_at_the_list_picks_that_entry(journal_with_entries):
    from actions.journal.pick import ValidateJournalPickForm

    _database, _user_id, ids = journal_with_entries
    picked = await ValidateJournalPickForm().validate_journal_pick(
        "den med vestsa", CollectingDispatcher(),
        make_tracker("den med vestsa", "inform", {"journal_pick_choices": []}), {})
    assert picked == {"journal_pick": str(ids["Vestas"])}


async def show_picked(picked, request):
    from actions.journal.pick import ActionJournalShowPicked

    chosen = {"journal_pick": str(picked), "journal_pick_request": request}
    return await run_action(ActionJournalShowPicked(), make_tracker("1", "inform", chosen))


async def test_a_delete_request_goes_to_the_delete_question_and_deletes_only_after_a_yes(journal_with_entries):
    from actions.journal.pick import ActionJournalAskDelete, ActionJournalDelete

    database, user_id, ids = journal_with_entries
    slots, said = await show_picked(ids["DSV"], {"action": "delete"})
    assert said == [] and slots == {"journal_picked_id": str(ids["DSV"]), "journal_pick": None,
                                    "journal_pick_next": "delete", "journal_pick_request": None}
    dispatcher = CollectingDispatcher()
    events = await ActionJournalAskDelete().run(dispatcher, make_tracker("", "inform", slots), {})
    assert responses(dispatcher) == ["utter_journal_confirm_delete"] and "DSV" in dispatcher.messages[0]["entry"]
    assert slot_events(events) == {"journal_pick_next": None}
    assert len(database.run_sync(lambda s: journal_store.entries_of(s, user_id))) == 4  # not yet
    await ActionJournalDelete().run(CollectingDispatcher(), make_tracker("ja", "affirm", slots), {})
    remaining = database.run_sync(lambda s: [e.employer for e in journal_store.entries_of(s, user_id)])
    assert remaining == ["Føtex", "Vestas", "Scandic"]


async def test_without_a_request_the_chosen_entry_is_shown_with_its_buttons(journal_with_entries):
    _database, _user_id, ids = journal_with_entries
    for request in (None, {"action": "edit", "field": None, "value": None}):
        slots, said = await show_picked(ids["Vestas"], request)
        assert said == ["utter_journal_picked"]
        assert slots["journal_pick_next"] is None and slots["journal_pick_request"] is None


async def load_picked(picked, request):
    from actions.journal.pick import ActionJournalLoadPicked

    chosen = {"journal_picked_id": str(picked), "journal_pick_request": request}
    return await run_action(ActionJournalLoadPicked(), make_tracker("", "inform", chosen))


async def test_an_edit_request_changes_that_field_in_the_form_and_saves_only_after_a_yes(journal_with_entries):
    from actions.journal.form import ValidateJournalForm
    from actions.journal.save import ActionJournalSave

    database, user_id, ids = journal_with_entries
    request = {"action": "edit", "field": "applied_on", "value": "20/11"}
    slots, said = await show_picked(ids["Vestas"], request)
    assert said == [] and slots["journal_pick_next"] == "edit" and "journal_pick_request" not in slots
    slots, said = await load_picked(ids["Vestas"], request)
    assert said == []
    assert {key: slots[key] for key in ("journal_employer", "journal_job_title", "journal_applied_on",
                                        "journal_editing_id", "journal_confirmed")} == {
        "journal_employer": "Vestas", "journal_job_title": "tekniker", "journal_applied_on": "2026-11-20",
        "journal_editing_id": str(ids["Vestas"]), "journal_confirmed": None}
    assert slots["journal_pick_request"] is None and slots["journal_pick_next"] is None
    stored = database.run_sync(lambda s: journal_store.get_entry(s, user_id, ids["Vestas"]).applied_on)
    assert stored == date(2026, 11, 12)  # shown to confirm, not saved

    draft = {key: value for key, value in slots.items() if key.startswith("journal_")}
    confirmed, _ = await validate_form(ValidateJournalForm(), "journal_confirmed", "ja", "affirm", draft)
    assert confirmed == {"journal_confirmed": True}
    dispatcher = CollectingDispatcher()
    await ActionJournalSave().run(dispatcher, make_tracker("ja", "affirm", {**draft, "journal_confirmed": True}), {})
    assert responses(dispatcher)[0] == "utter_journal_updated"
    stored = database.run_sync(lambda s: journal_store.get_entry(s, user_id, ids["Vestas"]).applied_on)
    assert stored == date(2026, 11, 20)


@pytest.mark.parametrize("wanted, slot, said", [
    ({"action": "edit", "field": "applied_on", "value": "i morgen"}, "journal_applied_on",
     "utter_journal_date_future"),
    ({"action": "edit", "field": "channel", "value": "med brevdue"}, "journal_channel",
     "utter_journal_channel_unclear"),
])
async def test_a_wrong_value_in_an_edit_request_is_explained_and_the_form_asks_for_it(journal_with_entries, wanted,
                                                                                         slot, said):
    _database, _user_id, ids = journal_with_entries
    slots, said_list = await load_picked(ids["Vestas"], wanted)
    assert slots[slot] is None and said_list == [said]


async def test_an_edit_request_for_a_name_is_cleaned_like_an_answer(journal_with_entries):
    _database, _user_id, ids = journal_with_entries
    slots, _ = await load_picked(ids["Vestas"], {"action": "edit", "field": "employer", "value": "netto"})
    assert slots["journal_employer"] == "Netto" and slots["journal_job_title"] == "tekniker"


async def test_cancelling_forgets_what_the_opening_message_asked_for(citizen_db):
    from actions.journal.save import ActionJournalCancel

    events = await ActionJournalCancel().run(CollectingDispatcher(), make_tracker("stop", "stop"), {})
    assert slot_events(events)["journal_pick_request"] is None and slot_events(events)["journal_pick_next"] is None


def test_one_telling_word_of_a_longer_employer_name_picks_the_entry_unless_a_full_name_is_given():
    from actions.journal.entry_reference import entry_in_message

    entries = [{"id": 1, "employer": "Solbakken Plejecenter", "job_title": "sosu-hjælper", "applied_on": "2026-11-30"},
               {"id": 3, "employer": "Plejecenter Bakkehuset", "job_title": "rengøring", "applied_on": "2026-11-28"}]
    assert entry_in_message("slet den med solbakken", entries)["id"] == 1
    assert entry_in_message("slet den med Plejecenter Bakkehuset", entries)["id"] == 3
    assert entry_in_message("slet den med plejecentret", entries) is None  # two entries: the list is asked
