"""Sick-leave storage (SQLite and PostgreSQL) and the sick-leave actions, with constructed trackers and
a real SQLite database."""
from datetime import date

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot.store import sick_leave as sick_store
from bot.store.models import HandoffCase
from bot.rules.sick_leave import SickLeaveFacts, triage_sick_leave
from tests.helpers import (
    citizen_on, citizens, domain_dict, make_tracker, message, responses, run_action, slot_events, validate_form,
)

TODAY = date(2026, 11, 23)
REPORT = {"first_day": date(2026, 11, 20), "situation": "employed", "employer": "Netto", "partial_hours": None,
          "expected_return": date(2026, 12, 7), "wants_contact": False}


def test_cases_are_stored_changed_and_kept_apart_per_citizen(db):
    anna, bo = citizens(db, "Anna", "Bo")
    triage = triage_sick_leave(SickLeaveFacts(REPORT["first_day"], "employed", REPORT["expected_return"], False))
    db.run_sync(lambda s: sick_store.report(s, anna, REPORT, triage, None))
    assert db.run_sync(lambda s: sick_store.open_case_of(s, bo)) is None
    stored = db.run_sync(lambda s: sick_store.case_to_json(sick_store.open_case_of(s, anna)))
    assert (stored["first_day"], stored["situation"], stored["employer"], stored["expected_return"],
            stored["track"], stored["status"], stored["returned_on"]) == (
        "2026-11-20", "employed", "Netto", "2026-12-07", "self_service", "open", None)
    db.run_sync(lambda s: sick_store.change(sick_store.require_open_case(s, anna), status="closed",
                                            returned_on=date(2026, 12, 1)))
    assert db.run_sync(lambda s: sick_store.open_case_of(s, anna)) is None
    with pytest.raises(sick_store.SickLeaveError):
        db.run_sync(lambda s: sick_store.require_open_case(s, anna))
    assert db.run_sync(lambda s: sick_store.earlier_leaves(s, anna, date(2027, 2, 1))) == 1
    assert db.run_sync(lambda s: sick_store.sick_leave_record(s, "citizen", "anna"))[0]["returned_on"] == "2026-12-01"
    assert db.run_sync(lambda s: sick_store.sick_leave_record(s, "employer", "anna")) is None


# --- actions ---

@pytest.fixture
def citizen_db(action_db, monkeypatch):
    from actions import session
    from actions.sick_leave import case, changes, report

    return citizen_on(TODAY, action_db, monkeypatch, case, changes, report, session)


DRAFT = {"sick_first_day": "2026-11-20", "sick_situation": "employed", "sick_employer": "Netto",
         "sick_extent": "full", "sick_expected_return": "2026-12-07", "sick_wants_contact": False}


async def run_report_form(text, intent, requested, slots, entities=None):
    from actions.sick_leave.report import ValidateSickLeaveForm

    return await validate_form(ValidateSickLeaveForm(), requested, text, intent, slots, entities=entities)


async def test_the_opening_message_fills_what_it_says(citizen_db):
    from actions.sick_leave.report import ActionSickLeavePrefill

    events = await ActionSickLeavePrefill().run(
        CollectingDispatcher(), make_tracker("jeg er ledig og har vaeret syg siden i gaar", "start_sick_leave"), {})
    slots = slot_events(events)
    assert slots["sick_first_day"] == "2026-11-22" and slots["sick_situation"] == "unemployed"
    assert slots["sick_case_id"] is None


@pytest.mark.parametrize("text, stored, said", [
    ("i gaar", "2026-11-22", []),
    ("mandag", "2026-11-16", []),
    ("i morgen", None, ["utter_sick_first_day_future"]),
    ("30/11", None, ["utter_sick_first_day_future"]),
    ("30. novmber", None, ["utter_sick_first_day_future"]),
    ("1/1/2025", None, ["utter_sick_first_day_too_old"]),
    ("det ved jeg ikke", None, ["utter_sick_first_day_unclear"]),
])
async def test_a_first_day_is_checked_and_explained(citizen_db, text, stored, said):
    slots, said_list = await run_report_form(text, "inform", "sick_first_day", {})
    assert slots["sick_first_day"] == stored
    assert said_list == said


async def next_question(slots):
    """The slot the form asks for next, given the slots after an answer."""
    from actions.sick_leave.report import ValidateSickLeaveForm

    required = await ValidateSickLeaveForm().required_slots(
        domain_dict()["forms"]["sick_leave_form"]["required_slots"], CollectingDispatcher(),
        make_tracker("", "inform", slots), domain_dict())
    return next((name for name in required if slots.get(name) is None), None)


async def test_only_an_employed_citizen_is_asked_for_employer_and_extent(citizen_db):
    start = {"sick_first_day": "2026-11-20"}
    slots, _ = await run_report_form("ledig", "inform", "sick_situation", start)
    assert slots["sick_situation"] == "unemployed"
    assert await next_question({**start, **slots}) == "sick_expected_return"
    slots, _ = await run_report_form("ansat", "inform", "sick_situation", start)
    assert await next_question({**start, **slots}) == "sick_employer"
    draft = {**DRAFT, "sick_extent": None, "sick_expected_return": None}
    slots, _ = await run_report_form("delvis, 20 timer", "inform", "sick_extent", draft)
    assert (slots["sick_extent"], slots["sick_partial_hours"]) == ("partial", 20.0)
    assert await next_question({**draft, **slots}) == "sick_expected_return"
    slots, _ = await run_report_form("delvis", "inform", "sick_extent", draft)
    assert await next_question({**draft, **slots}) == "sick_partial_hours"


@pytest.mark.parametrize("text, stored, said", [
    ("38", None, ["utter_sick_hours_out_of_range"]), ("-2", None, ["utter_sick_hours_out_of_range"]),
    ("37", None, ["utter_sick_hours_full_time"]), ("tyve", 20.0, []), ("mange", None, ["utter_sick_hours_not_a_number"]),
    ("12,5", 12.5, []),
])
async def test_hours_are_checked(citizen_db, text, stored, said):
    slots, said_list = await run_report_form(text, "inform", "sick_partial_hours",
                                             {**DRAFT, "sick_extent": "partial", "sick_expected_return": None})
    assert slots["sick_partial_hours"] == stored
    assert said_list == said


@pytest.mark.parametrize("text, stored, said", [
    ("3 uger", "2026-12-11", []), ("ved ikke", "unknown", []), ("15. december", "2026-12-15", []),
    ("19/11", None, ["utter_sick_return_before_first_day"]), ("21/11", None, ["utter_sick_return_in_past"]),
    ("snart", None, ["utter_sick_return_unclear"]),
])
async def test_an_expected_return_is_checked(citizen_db, text, stored, said):
    slots, said_list = await run_report_form(text, "inform", "sick_expected_return",
                                             {**DRAFT, "sick_expected_return": None})
    assert slots["sick_expected_return"] == stored
    assert said_list == said


async def test_a_single_field_is_corrected_from_the_summary(citizen_db):
    slots, _ = await run_report_form('/sick_correct{"sick_field":"first_day"}', "sick_correct", "sick_confirmed",
                                     DRAFT, entities=[{"entity": "sick_field", "value": "first_day"}])
    assert slots["sick_first_day"] is None and await next_question({**DRAFT, **slots}) == "sick_first_day"
    slots, _ = await run_report_form("arbejdsgiveren er forkert", "deny", "sick_confirmed", DRAFT)
    assert slots["sick_employer"] is None and await next_question({**DRAFT, **slots}) == "sick_employer"
    slots, said = await run_report_form("hmm", "inform", "sick_confirmed", DRAFT)
    assert slots.get("sick_confirmed") is None and said == ["utter_sick_leave_confirm_unclear"]


@pytest.mark.parametrize("text, changed", [
    ("det er forkert, arbejdsgiveren hedder Solgården Plejecenter", {"sick_employer": "Solgården Plejecenter"}),
    ("arbejdsgiver: Bageriet Hansen", {"sick_employer": "Bageriet Hansen"}),
    ("en uge senere end jeg skrev", {"sick_expected_return": "2026-12-14"}),
    ("nej, tre dage tidligere", {"sick_expected_return": "2026-12-04"}),
    ("ret datoen til i gaar", {"sick_first_day": "2026-11-22"}),
])
async def test_a_field_changed_in_words_at_the_summary_is_shown_again_before_anything_is_stored(
        citizen_db, text, changed):
    slots, said = await run_report_form(text, "inform", "sick_confirmed", DRAFT)
    assert {name: slots[name] for name in changed} == changed
    assert slots["sick_confirmed"] is None and await next_question({**DRAFT, **slots}) == "sick_confirmed"
    assert "utter_sick_leave_confirm_unclear" not in said


async def test_an_employer_named_at_the_summary_of_someone_without_one_is_not_kept_unseen(citizen_db):
    unemployed = {**DRAFT, "sick_situation": "unemployed", "sick_employer": None, "sick_extent": None}
    slots, said = await run_report_form("arbejdsgiveren hedder Netto", "inform", "sick_confirmed", unemployed)
    assert slots.get("sick_employer") is None and slots["sick_confirmed"] is None


@pytest.mark.parametrize("text", ["ja tak, gem", "ja", "nej tak"])
async def test_a_yes_or_no_typed_for_the_employer_is_not_taken_as_its_name(citizen_db, text):
    slots, said = await run_report_form(text, "affirm", "sick_employer", {**DRAFT, "sick_employer": None})
    assert slots["sick_employer"] is None and said == ["utter_sick_employer_invalid"]


async def test_a_corrected_situation_asks_only_for_what_no_longer_applies(citizen_db):
    slots, _ = await run_report_form('/sick_correct{"sick_field":"situation"}', "sick_correct", "sick_confirmed",
                                     DRAFT, entities=[{"entity": "sick_field", "value": "situation"}])
    assert slots == {"sick_situation": None, "sick_confirmed": None, "requested_slot": "sick_situation"}
    reopened = {**DRAFT, **slots}
    slots, _ = await run_report_form("ansat", "inform", "sick_situation", reopened)
    assert await next_question({**reopened, **slots}) == "sick_confirmed"  # employer and extent still apply
    slots, _ = await run_report_form("ledig", "inform", "sick_situation", reopened)
    assert (slots["sick_employer"], slots["sick_extent"]) == (None, None)


def handoff_cases(database):
    return database.run_sync(lambda s: [(c.reason_code, c.reason_text) for c in s.execute(select(HandoffCase)).scalars()])


async def save(slots, text="ja", intent="affirm"):
    from actions.sick_leave.report import ActionSickLeaveSave

    return await run_action(ActionSickLeaveSave(), make_tracker(text, intent, {**slots, "sick_confirmed": True}))


async def test_a_short_absence_of_an_employee_is_self_service(citizen_db):
    database, user_id = citizen_db
    slots, said = await save(DRAFT)
    assert said == ["utter_sick_leave_saved", "utter_sick_leave_self_service", "utter_sick_leave_rules_employed"]
    stored = database.run_sync(lambda s: [sick_store.case_to_json(c) for c in sick_store.cases_of(s, user_id)])
    assert [(c["track"], c["status"], c["expected_return"], c["handoff_case_id"]) for c in stored] == [
        ("self_service", "open", "2026-12-07", None)]
    assert handoff_cases(database) == []
    assert slots["sick_first_day"] is None  # the draft is cleared


async def test_a_long_absence_goes_to_an_advisor_with_the_reason(citizen_db):
    database, user_id = citizen_db
    _, said = await save({**DRAFT, "sick_expected_return": "2027-03-01"})
    assert said == ["utter_sick_leave_saved", "utter_sick_leave_to_advisor", "utter_sick_leave_rules_employed",
                    "utter_sick_leave_fast_track"]
    [case] = database.run_sync(lambda s: [sick_store.case_to_json(c) for c in sick_store.cases_of(s, user_id)])
    assert case["track"] == "advisor" and case["reasons"] == ["over_threshold"] and case["handoff_case_id"]
    assert handoff_cases(database) == [
        ("sick_leave", "Sygemelding der skal følges op af en medarbejder: forventet fravær over 12 uger")]


async def test_the_threshold_setting_is_used(citizen_db, monkeypatch):
    database, user_id = citizen_db
    monkeypatch.setenv("SICK_LEAVE_THRESHOLD_WEEKS", "26")
    await save({**DRAFT, "sick_expected_return": "2027-03-01"})
    assert database.run_sync(lambda s: sick_store.open_case_of(s, user_id).track) == "self_service"


async def test_an_unemployed_citizen_goes_to_an_advisor_and_hears_the_jobnet_rules(citizen_db):
    database, _ = citizen_db
    _, said = await save({**DRAFT, "sick_situation": "unemployed", "sick_employer": None, "sick_extent": None})
    assert said == ["utter_sick_leave_saved", "utter_sick_leave_to_advisor", "utter_sick_leave_rules_unemployed"]
    assert handoff_cases(database)[0][1].endswith("ledig og syg")


async def test_a_second_report_while_one_is_open_is_refused(citizen_db):
    from actions.sick_leave.report import ActionSickLeavePrefill

    database, user_id = citizen_db
    await save(DRAFT)
    conversation = make_tracker("jeg er syg", "start_sick_leave")
    events = await ActionSickLeavePrefill().run(CollectingDispatcher(), conversation, {})
    slots = slot_events(events)
    assert slots["sick_case_id"]
    _, said = await save({**DRAFT, **slots})
    assert said == ["utter_sick_leave_already_open"]
    assert database.run_sync(lambda s: len(sick_store.cases_of(s, user_id))) == 1


async def test_a_declined_report_is_not_saved_and_says_so(citizen_db):
    from actions.sick_leave.report import ActionSickLeaveSave, ActionSickLeaveCancel

    database, user_id = citizen_db
    dispatcher = CollectingDispatcher()
    await ActionSickLeaveSave().run(dispatcher, make_tracker("nej", "deny", DRAFT), {})
    assert responses(dispatcher) == ["utter_sick_leave_not_saved"]
    dispatcher = CollectingDispatcher()
    await ActionSickLeaveCancel().run(dispatcher, make_tracker("annuller", "stop", DRAFT), {})
    assert responses(dispatcher) == ["utter_sick_leave_cancelled"]
    assert database.run_sync(lambda s: sick_store.cases_of(s, user_id)) == []


async def test_a_failure_to_save_is_told_and_the_answers_kept(citizen_db, monkeypatch):
    from actions.sick_leave.report import ActionSickLeaveSave

    def broken(*args):
        raise OperationalError("INSERT INTO sick_leave_cases", {}, Exception("disk full"))

    monkeypatch.setattr(ActionSickLeaveSave, "save", staticmethod(broken))
    slots, said = await save(DRAFT)
    assert said == ["utter_sick_leave_save_failed"]
    assert slots == {"sick_confirmed": None}  # the rest of the answers stay


async def change_prefill(text, intent):
    from actions.sick_leave.changes import ActionSickChangePrefill

    return slot_events(await ActionSickChangePrefill().run(CollectingDispatcher(), make_tracker(text, intent), {}))


async def answer_change(action, slots, confirmed):
    """The citizen's yes or no to the change the prefill read, run by `action`: what it says."""
    text, intent = ("ja", "affirm") if confirmed else ("nej", "deny")
    _, said = await run_action(action, make_tracker(text, intent, {**slots, "sick_change_confirmed": confirmed}))
    return said


async def test_a_longer_absence_crossing_the_threshold_brings_in_an_advisor(citizen_db):
    from actions.sick_leave.changes import ActionSickApplyUpdate

    database, user_id = citizen_db
    await save(DRAFT)
    slots = await change_prefill("min sygemelding er forlænget til 1. marts", "update_sick_leave")
    assert slots["sick_new_return"] == "2027-03-01"
    assert await answer_change(ActionSickApplyUpdate(), slots, True) == [
        "utter_sick_leave_return_changed", "utter_sick_leave_to_advisor", "utter_sick_leave_fast_track"]
    case = database.run_sync(lambda s: sick_store.case_to_json(sick_store.open_case_of(s, user_id)))
    assert (case["expected_return"], case["track"], case["reasons"]) == ("2027-03-01", "advisor", ["over_threshold"])
    assert [code for code, _ in handoff_cases(database)] == ["sick_leave"]


async def test_a_shorter_extension_stays_self_service(citizen_db):
    from actions.sick_leave.changes import ActionSickApplyUpdate

    database, user_id = citizen_db
    await save(DRAFT)
    slots = await change_prefill("2 uger mere", "update_sick_leave")
    assert slots["sick_new_return"] == "2026-12-21"
    assert await answer_change(ActionSickApplyUpdate(), slots, False) == ["utter_sick_leave_nothing_changed"]
    assert database.run_sync(lambda s: sick_store.open_case_of(s, user_id).expected_return.isoformat()) == "2026-12-07"
    assert await answer_change(ActionSickApplyUpdate(), slots, True) == ["utter_sick_leave_return_changed"]
    assert database.run_sync(lambda s: sick_store.open_case_of(s, user_id).track) == "self_service"
    assert handoff_cases(database) == []


async def test_partial_return_and_back_at_work_close_the_case(citizen_db):
    from actions.sick_leave.changes import ActionSickApplyHours, ActionSickClose

    database, user_id = citizen_db
    await save(DRAFT)
    slots = await change_prefill("jeg arbejder 20 timer om ugen nu", "report_partial_return")
    assert slots["sick_new_hours"] == 20.0
    assert await answer_change(ActionSickApplyHours(), slots, True) == ["utter_sick_leave_hours_saved"]
    assert database.run_sync(lambda s: sick_store.open_case_of(s, user_id).partial_hours) == 20.0

    slots = await change_prefill("jeg er rask igen fra i dag", "report_return")
    assert slots["sick_returned_on"] == "2026-11-23"
    assert await answer_change(ActionSickClose(), slots, True) == [
        "utter_sick_leave_closed", "utter_sick_leave_closed_employed"]
    [case] = database.run_sync(lambda s: [sick_store.case_to_json(c) for c in sick_store.cases_of(s, user_id)])
    assert (case["status"], case["returned_on"]) == ("closed", "2026-11-23")


async def test_changes_without_an_open_case_say_so(citizen_db):
    from actions.sick_leave.changes import ActionSickClose

    slots = await change_prefill("jeg er rask", "report_return")
    assert slots["sick_case_id"] is None
    dispatcher = CollectingDispatcher()
    await ActionSickClose().run(dispatcher, make_tracker("jeg er rask", "report_return", slots), {})
    assert responses(dispatcher) == ["utter_sick_leave_none_open"]


@pytest.mark.parametrize("text, stored, said", [
    ("i dag", "2026-11-23", []), ("15/11", None, ["utter_sick_returned_on_before_first_day"]),
    ("1/1/2027", None, ["utter_sick_returned_on_too_far_ahead"]), ("hvornår som helst", None,
                                                                   ["utter_sick_returned_on_unclear"]),
])
async def test_the_day_back_is_checked(citizen_db, text, stored, said):
    from actions.sick_leave.changes import ValidateSickReturnForm

    slots, said_list = await validate_form(ValidateSickReturnForm(), "sick_returned_on", text, "inform",
                                           {"sick_case_id": "1", "sick_case_first_day": "2026-11-20"})
    assert slots["sick_returned_on"] == stored
    assert said_list == said


async def test_show_tells_the_open_case_and_its_track(citizen_db):
    from actions.sick_leave.overview import ActionSickLeaveShow

    dispatcher = CollectingDispatcher()
    await ActionSickLeaveShow().run(dispatcher, make_tracker("hvad har jeg meldt", "show_sick_leave"), {})
    assert responses(dispatcher) == ["utter_sick_leave_nothing_reported"]
    await save(DRAFT)
    dispatcher = CollectingDispatcher()
    await ActionSickLeaveShow().run(dispatcher, make_tracker("hvad har jeg meldt", "show_sick_leave"), {})
    assert responses(dispatcher) == ["utter_sick_leave_show_open", "utter_sick_leave_track_self_service"]
    assert dispatcher.messages[0]["first_day"] == "20/11/2026"
    assert dispatcher.messages[0]["expected_return"] == "7/12/2026"


async def session_start(slots=None):
    from actions.session import ActionSessionStart

    dispatcher = CollectingDispatcher()
    events = await ActionSessionStart().run(dispatcher, make_tracker("/session_start", "session_start", slots), {})
    return events, responses(dispatcher)


async def test_a_citizen_past_the_return_day_is_first_asked_if_they_are_back(citizen_db):
    events, said = await session_start()
    assert said == [] and events[0]["event"] == "session_started" and events[-1]["name"] == "action_listen"
    await save({**DRAFT, "sick_expected_return": "2026-11-23"})
    events, said = await session_start({"journal_employer": "Bilka"})
    assert said == ["utter_sick_leave_check_in"]
    slots = slot_events(events)
    assert slots["journal_employer"] == "Bilka"  # a half-finished draft survives the new visit
    assert slots["sick_checked_in_on"] == "2026-11-23"
    _, said = await session_start({"sick_checked_in_on": "2026-11-23"})
    assert said == []  # asked once a day


async def test_the_situation_and_employer_said_earlier_are_not_asked_again(citizen_db):
    from actions.sick_leave.report import ActionSickLeavePrefill

    earlier = message("jeg arbejder hos Bageriet Hansen i Roskilde", "inform")
    now = make_tracker("jeg er syg", "start_sick_leave", earlier=[earlier])
    slots = slot_events(await ActionSickLeavePrefill().run(CollectingDispatcher(), now, {}))
    assert (slots["sick_situation"], slots["sick_employer"]) == ("employed", "Bageriet Hansen")


async def test_an_unemployed_citizen_is_not_asked_for_an_employer(citizen_db):
    from actions.sick_leave.report import ActionSickLeavePrefill

    slots = slot_events(await ActionSickLeavePrefill().run(
        CollectingDispatcher(), make_tracker("jeg er ledig og er blevet syg i dag", "start_sick_leave"), {}))
    assert slots["sick_situation"] == "unemployed" and "sick_employer" not in slots


@pytest.mark.parametrize("text, intent, read", [
    ("ja tak", "affirm", {"sick_change_confirmed": True}),
    ("nej", "deny", {"sick_change_confirmed": False}),
    ("/deny", "deny", {"sick_change_confirmed": False}),
    ("nej, tre dage senere end jeg skrev", "deny", {"sick_new_return": "tre dage senere end jeg skrev",
                                                    "sick_change_confirmed": None}),
    ("20. december", "inform", {"sick_new_return": "20. december", "sick_change_confirmed": None}),
])
async def test_the_change_is_confirmed_refused_or_replaced_by_the_right_value(text, intent, read):
    from actions.sick_leave.changes import ValidateSickUpdateForm

    assert await ValidateSickUpdateForm().read_answer("sick_change_confirmed", text, CollectingDispatcher(),
                                                      make_tracker(text, intent)) == read


async def test_the_same_report_confirmed_twice_is_stored_once_and_answered_the_same(citizen_db):
    # A "ja" delivered again after a fault lost the first answer (the gateway keeps messages while
    # Rasa is down): the second save finds the report already there.
    database, user_id = citizen_db
    long_leave = {**DRAFT, "sick_expected_return": "2027-03-01"}
    _, first = await save(long_leave)
    _, again = await save(long_leave)
    assert again == first
    assert database.run_sync(lambda s: len(sick_store.cases_of(s, user_id))) == 1
    assert len(handoff_cases(database)) == 1
