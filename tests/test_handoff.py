"""Handoff to a person: the rules, the case store (SQLite and PostgreSQL), the claim race and the actions."""
import threading
from datetime import datetime

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from bot.store.handoff import (
    CaseConflict, active_case_for, add_advisor_message, claim_case, close_case, list_cases,
    messages_after, open_case, queue_position,
)
from bot.store.models import HandoffCase
from bot.rules.handoff import contact_choices, last_turns, when_answered
from bot.rules.opening_hours import COPENHAGEN, parse_opening_hours
from bot.rules.phone import normalize_danish_phone
from tests.helpers import domain_dict, form_tracker, make_tracker, message, slot_events

HOURS = parse_opening_hours("mon-fri 09:00-15:00")


def cph(*args):
    return datetime(*args, tzinfo=COPENHAGEN)


@pytest.mark.parametrize("moment, is_open", [
    (cph(2026, 11, 23, 8, 59), False),   # Monday just before opening
    (cph(2026, 11, 23, 9, 0), True),     # Monday at opening
    (cph(2026, 11, 23, 14, 59), True),
    (cph(2026, 11, 23, 15, 0), False),   # closing time is closed
    (cph(2026, 11, 28, 11, 0), False),   # Saturday
    (cph(2026, 11, 29, 11, 0), False),   # Sunday
    (datetime.fromisoformat("2026-11-23T08:30:00+00:00"), True),  # 09:30 in Copenhagen
])
def test_opening_hours_in_copenhagen_time(moment, is_open):
    assert HOURS.is_open(moment) is is_open


@pytest.mark.parametrize("moment, expected", [
    (cph(2026, 11, 23, 10, 0), cph(2026, 11, 23, 10, 0)),
    (cph(2026, 11, 23, 16, 0), cph(2026, 11, 24, 9, 0)),
    (cph(2026, 11, 27, 15, 30), cph(2026, 11, 30, 9, 0)),  # Friday evening -> Monday
    (cph(2026, 11, 28, 12, 0), cph(2026, 11, 30, 9, 0)),
])
def test_next_opening(moment, expected):
    assert HOURS.next_opening(moment) == expected


@pytest.mark.parametrize("text", ["", "always", "mon-fri 15:00-09:00", "xyz 09:00-10:00"])
def test_unreadable_opening_hours_are_refused(text):
    if text == "":
        assert parse_opening_hours(text) == HOURS  # empty means the default
        return
    with pytest.raises(ValueError):
        parse_opening_hours(text)


def test_other_opening_hours_can_be_configured():
    hours = parse_opening_hours("mon,wed 08:30-12:00")
    assert hours.is_open(cph(2026, 11, 25, 8, 30)) and not hours.is_open(cph(2026, 11, 24, 10, 0))
    always = parse_opening_hours("mon-sun 00:00-24:00")
    assert always.is_open(cph(2026, 11, 29, 23, 59, 59)) and always.is_open(cph(2026, 11, 29, 0, 0))


@pytest.mark.parametrize("text, da, en", [
    ("mon-fri 09:00-15:00", "mandag-fredag kl. 09:00-15:00", "Monday to Friday, 09:00-15:00"),
    ("mon,wed 08:30-12:00", "mandag, onsdag kl. 08:30-12:00", "Monday, Wednesday, 08:30-12:00"),
    ("mon-sun 00:00-24:00", "mandag-søndag kl. 00:00-24:00", "Monday to Sunday, 00:00-24:00"),
])
def test_opening_hours_are_described_in_plain_words(text, da, en):
    from bot.rules.opening_hours import describe_hours

    assert describe_hours(parse_opening_hours(text), "da") == da
    assert describe_hours(parse_opening_hours(text), "en") == en


def test_live_chat_is_offered_only_while_open():
    assert contact_choices(True) == ("chat", "phone", "written")
    assert contact_choices(False) == ("phone", "written")


def test_after_hours_the_user_is_told_when_someone_answers():
    friday_evening = cph(2026, 11, 27, 18, 0)
    assert "mandag kl. 09:00" in when_answered("phone", HOURS, friday_evening, "da")
    assert "Monday at 09:00" in when_answered("written", HOURS, friday_evening, "en")
    assert "i morgen kl. 09:00" in when_answered("phone", HOURS, cph(2026, 11, 23, 20, 0), "da")
    assert "i dag" in when_answered("phone", HOURS, cph(2026, 11, 23, 10, 0), "da")


@pytest.mark.parametrize("text, phone", [
    ("20304050", "20304050"), ("20 30 40 50", "20304050"), ("+45 20 30 40 50", "20304050"),
    ("0045-20304050", "20304050"), ("1234567", None), ("203040501", None), ("00000000", None),
    ("abc", None), ("", None), (None, None), ("+46 20304050", None),
])
def test_danish_phone_numbers(text, phone):
    assert normalize_danish_phone(text) == phone


def test_last_turns_keeps_the_latest_texts_the_user_wrote():
    events = [{"event": "user", "text": f"u{i}"} for i in range(12)] + [{"event": "bot", "text": "b"},
                                                                       {"event": "user", "text": "EXTERNAL: greet"}]
    turns = last_turns(events, limit=3)
    assert turns == [{"sender": "user", "text": "u10"}, {"sender": "user", "text": "u11"},
                     {"sender": "bot", "text": "b"}]


def new_case(session, external_id, reason="asked_for_person", contact="chat"):
    case, _ = open_case(session, role="citizen", external_id=external_id, name="", language="da",
                        reason_code=reason, contact_wish=contact, phone=None, summary={})
    return case


def test_queue_is_sorted_by_priority_then_age_and_positions_follow(db):
    ids = db.run_sync(lambda s: [
        new_case(s, "a").id, new_case(s, "b", "complaint_or_sanction").id,
        new_case(s, "c", "crisis").id, new_case(s, "d").id, new_case(s, "e", contact="phone").id,
    ])
    order = db.run_sync(lambda s: [c.user_external_id for c in list_cases(s, ("open",))])
    assert order == ["c", "b", "a", "d", "e"]
    positions = db.run_sync(lambda s: [queue_position(s, s.get(HandoffCase, i)) for i in ids])
    assert positions == [3, 2, 1, 4, None]


def test_asking_again_updates_the_one_active_case_and_raises_its_priority(db):
    first = db.run_sync(lambda s: new_case(s, "same").id)
    again, created = db.run_sync(lambda s: open_case(
        s, role="citizen", external_id="same", name="", language="da", reason_code="crisis",
        contact_wish="chat", phone=None, summary={"journey": "x"}))
    assert again.id == first and created is False and again.priority == "urgent"


def test_claim_message_close_and_the_conflicts(db):
    case_id = db.run_sync(lambda s: new_case(s, "flow").id)
    with pytest.raises(CaseConflict):
        db.run_sync(add_advisor_message, case_id, "r1", "hej")  # not claimed yet
    db.run_sync(claim_case, case_id, "r1", "Rita")
    with pytest.raises(CaseConflict) as taken:
        db.run_sync(claim_case, case_id, "r2", "Rune")
    assert "Rita" in taken.value.reason_da
    with pytest.raises(CaseConflict):
        db.run_sync(add_advisor_message, case_id, "r2", "hej")  # someone else's case
    db.run_sync(add_advisor_message, case_id, "r1", "Hej, jeg hedder Rita")
    db.run_sync(close_case, case_id, "r1", "Hjulpet med brevet")
    with pytest.raises(CaseConflict):
        db.run_sync(close_case, case_id, "r1", "igen")
    with pytest.raises(CaseConflict):
        db.run_sync(claim_case, case_id, "r2", "Rune")
    with pytest.raises(CaseConflict):
        db.run_sync(add_advisor_message, case_id, "r1", "efter lukning")
    lines = db.run_sync(lambda s: [(m.sender, m.text) for m in messages_after(s, [case_id], 0)])
    assert [sender for sender, _ in lines] == ["system", "advisor", "system"]
    assert lines[1][1] == "Hej, jeg hedder Rita"
    assert db.run_sync(lambda s: active_case_for(s, "citizen", "flow")) is None


def test_two_advisors_claiming_at_once_exactly_one_wins(db):
    case_ids = db.run_sync(lambda s: [new_case(s, f"race-{i}").id for i in range(5)])
    for case_id in case_ids:
        barrier = threading.Barrier(2)
        outcomes = []

        def try_claim(advisor):
            barrier.wait()
            try:
                db.run_sync(claim_case, case_id, advisor, advisor)
                outcomes.append(("won", advisor))
            except CaseConflict:
                outcomes.append(("lost", advisor))

        threads = [threading.Thread(target=try_claim, args=(a,)) for a in ("r1", "r2")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(result for result, _ in outcomes) == ["lost", "won"]
        winner = next(advisor for result, advisor in outcomes if result == "won")
        stored = db.run_sync(lambda s: s.get(HandoffCase, case_id).advisor_id)
        assert stored == winner
        joined = db.run_sync(lambda s: [m.sender for m in messages_after(s, [case_id], 0)])
        assert joined == ["system"]  # one "has joined" notice, not two


# --- actions, with constructed trackers and a real (SQLite) database ---

def freeze_time(monkeypatch, moment):
    import actions.handoff

    monkeypatch.setattr(actions.handoff, "now", lambda: moment)


def stored_cases(database):
    return database.run_sync(lambda s: [(c.user_external_id, c.reason_code, c.priority,
                                         c.contact_wish, c.phone, c.summary_json)
                                        for c in s.execute(select(HandoffCase)).scalars()])


async def test_create_handoff_writes_the_case_with_the_context(action_db, monkeypatch):
    from actions.handoff import ActionCreateHandoff

    freeze_time(monkeypatch, cph(2026, 11, 23, 10, 0))
    earlier = [message("jeg vil skrive i min jobjournal", "start_journal"),
               {"event": "bot", "text": "Jobjournalen ..."},
               message("tal med en medarbejder", "ask_human")]
    dispatcher = CollectingDispatcher()
    result = await ActionCreateHandoff().run(
        dispatcher, make_tracker("/choose_chat", "choose_chat", {"handoff_reason": "asked_for_person"},
                                 earlier=earlier), {})
    [(user, reason, priority, contact, phone, summary)] = stored_cases(action_db)
    assert (user, reason, priority, contact, phone) == ("anna", "asked_for_person", "normal", "chat", None)
    assert '"journey": "jobjournal"' in summary and "tal med en medarbejder" in summary
    responses = [m["response"] for m in dispatcher.messages]
    assert responses == ["utter_handoff_created", "utter_queue_position"]
    assert dispatcher.messages[0]["reference"] == "JA-000001"
    assert dispatcher.messages[1]["position"] == 1
    assert {"event": "slot", "name": "handoff_reason", "value": None, "timestamp": None} in result


async def test_chat_outside_opening_hours_offers_call_back_instead(action_db, monkeypatch):
    from actions.handoff import ActionCreateHandoff

    freeze_time(monkeypatch, cph(2026, 11, 28, 10, 0))  # Saturday
    dispatcher = CollectingDispatcher()
    await ActionCreateHandoff().run(dispatcher, make_tracker("/choose_chat", "choose_chat"), {})
    assert stored_cases(action_db) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_offer_contact_closed"]
    assert dispatcher.messages[0]["next_opening"] == "Vi åbner igen mandag kl. 09:00."
    assert dispatcher.messages[0]["hours"] == "mandag-fredag kl. 09:00-15:00"


async def test_crisis_gives_numbers_first_and_creates_an_urgent_case(action_db, monkeypatch):
    from actions.handoff import ActionCrisis

    freeze_time(monkeypatch, cph(2026, 11, 23, 22, 0))  # evening: nobody in the chat
    dispatcher = CollectingDispatcher()
    await ActionCrisis().run(dispatcher, make_tracker("jeg vil ikke leve mere", "crisis"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_crisis_numbers", "utter_crisis_case_closed"]
    [(_, reason, priority, contact, _, _)] = stored_cases(action_db)
    assert (reason, priority, contact) == ("crisis", "urgent", "written")


@pytest.mark.parametrize("earlier, text, intent, reason", [
    ([], "tal med en medarbejder", "ask_human", "asked_for_person"),
    ([], "jeg vil klage", "complaint_or_sanction", "complaint_or_sanction"),
    ([message("xq", "nlu_fallback"), message("zz", "nlu_fallback")], "/ask_human", "ask_human", "not_understood"),
])
async def test_offer_contact_remembers_why_a_person_is_needed(action_db, monkeypatch, earlier, text, intent, reason):
    from actions.handoff import ActionOfferContact

    freeze_time(monkeypatch, cph(2026, 11, 23, 10, 0))
    dispatcher = CollectingDispatcher()
    result = await ActionOfferContact().run(dispatcher, make_tracker(text, intent, earlier=earlier), {})
    assert result[0]["value"] == reason
    assert [m["response"] for m in dispatcher.messages] == ["utter_offer_contact_open"]


@pytest.mark.parametrize("attempts_before, reason, value, expected", [
    (None, "asked_for_person", "20 30 40 50", {"phone_number": "20304050", "phone_attempts": None}),
    (None, "asked_for_person", "mit nummer", {"phone_number": None, "phone_attempts": 1}),
    (1, "asked_for_person", "1234", {"phone_number": None, "phone_attempts": 2, "requested_slot": None,
                                     "handoff_reason": "form_failed"}),
    (1, "complaint_or_sanction", "1234", {"phone_number": None, "phone_attempts": 2,
                                          "requested_slot": None, "handoff_reason": "complaint_or_sanction"}),
])
async def test_phone_number_is_asked_again_once_then_the_form_gives_up(attempts_before, reason, value, expected):
    from actions.handoff import ValidateHandoffPhoneForm

    form = ValidateHandoffPhoneForm()
    slots = {"phone_attempts": attempts_before, "handoff_reason": reason}
    dispatcher = CollectingDispatcher()
    # Whatever the classifier makes of it, a number typed while asked for one is a try at a number.
    asked = await form_tracker("handoff_phone_form", "phone_number", value, "ask_human", slots)
    result = slot_events(await form.run(dispatcher, asked, domain_dict()))
    assert result == expected
    after = make_tracker(value, "ask_human", {**slots, **result})
    remaining = await form.required_slots(["phone_number"], dispatcher, after, {})
    assert remaining == ([] if expected["phone_attempts"] == 2 else ["phone_number"])


@pytest.mark.parametrize("text, intent", [("stop", "stop"), ("nej", "deny"), ("jeg vil ikke leve mere", "crisis")])
async def test_stop_no_or_crisis_while_asked_for_the_phone_number_is_no_try_at_a_number(text, intent):
    from actions.handoff import ValidateHandoffPhoneForm

    dispatcher = CollectingDispatcher()
    asked = await form_tracker("handoff_phone_form", "phone_number", text, intent,
                               {"handoff_reason": "asked_for_person"})
    # Nothing filled: Rasa rejects the form, and the rules take the message.
    assert await ValidateHandoffPhoneForm().run(dispatcher, asked, domain_dict()) == []
    assert dispatcher.messages == []


@pytest.mark.parametrize("action_name, said_first", [
    ("ActionHandoffDeclined", "utter_handoff_cancelled"),
    ("ActionCrisisCheckDeclined", "utter_crisis_check_declined"),
])
async def test_after_an_interruption_a_half_filled_form_is_offered_back(action_name, said_first):
    import actions.handoff

    action = getattr(actions.handoff, action_name)()
    dispatcher = CollectingDispatcher()
    draft = {"journal_employer": "Netto", "sick_first_day": "2026-11-20"}
    await action.run(dispatcher, make_tracker("nej", "deny", draft), {})
    assert [m["response"] for m in dispatcher.messages] == [said_first, "utter_resume_form"]
    assert [b["payload"] for b in dispatcher.messages[1]["buttons"]] == ["/log_job_activity", "/start_sick_leave"]

    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, make_tracker("nej", "deny"), {})
    assert [m["response"] for m in dispatcher.messages] == [said_first]
