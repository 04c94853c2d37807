"""The fallback and handoff actions keep what the assistant did not understand, scrubbed and tied to
nobody, with the model's guess and why; staff and button presses are never kept; a database that fails
costs the user nothing."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from rasa_sdk.executor import CollectingDispatcher

from actions import handoff
from actions.fallback import ActionHandleFallback
from bot.store.models import UnrecognisedMessage
from bot.store.users import record_login
from tests.helpers import make_tracker, message, responses

DANISH = {"language": "da"}
BOT = {"event": "bot", "text": "svar"}
OFFER = {"event": "action", "name": "action_offer_contact"}


def unsure(guess="log_job_activity", confidence=0.35):
    return {"intent_ranking": [{"name": "nlu_fallback", "confidence": 0.4}, {"name": guess, "confidence": confidence},
                               {"name": "greet", "confidence": 0.1}]}


def kept(database):
    return database.run_sync(lambda session: [
        (row.text, row.guessed_intent, row.confidence, row.reason, row.role)
        for row in session.execute(select(UnrecognisedMessage).order_by(UnrecognisedMessage.id)).scalars()])


async def fallback(tracker, domain=None):
    dispatcher = CollectingDispatcher()
    result = await ActionHandleFallback().run(dispatcher, tracker, domain or {})
    return result, responses(dispatcher)


async def test_a_missed_message_is_kept_scrubbed_with_the_models_guess(action_db):
    written = "jeg hedder Anna og min mail er anna@hansen.dk, hvad gør jeg med blanketten"
    tracker = make_tracker(written, "nlu_fallback", DANISH, earlier=[message("hej", "greet"), BOT], confidence=0.4,
                           **unsure("ask_benefits", 0.31))
    result, said = await fallback(tracker)
    assert result == [] and said == ["utter_rephrase"]
    assert kept(action_db) == [("jeg hedder [navn] og min mail er [email], hvad gør jeg med blanketten",
                                "ask_benefits", 0.31, "fallback", "citizen")]


async def test_the_name_of_the_users_login_is_scrubbed_too(action_db):
    action_db.run_sync(record_login, "employer", "firma-9", "Zofia Wiśniewska")
    tracker = make_tracker("zofia her fra bageriet, hvad koster det at slaa noget op", "nlu_fallback", DANISH,
                           sender="employer-firma-9", **unsure("post_vacancy", 0.2))
    await fallback(tracker, {"responses": {"utter_rephrase_employer": [{"text": "?"}]}})
    assert [row[0] for row in kept(action_db)] == ["[navn] her fra bageriet, hvad koster det at slaa noget op"]
    assert kept(action_db)[0][4] == "employer"


@pytest.mark.parametrize("earlier, text, guess, reason, said", [
    ([message("hej", "greet"), BOT], "var nede hos Fakta med mit cv", "log_job_activity", "low_confidence",
     "utter_did_you_mean"),
    ([message("hmm", "nlu_fallback"), BOT], "var hos Fakta i dag", "log_job_activity", "rephrase",
     "utter_offer_person"),
    ([message("hej", "greet"), BOT], "xkcd blorp", "greet", "fallback", "utter_rephrase"),
])
async def test_why_a_message_is_kept_follows_what_the_assistant_could_do_with_it(action_db, earlier, text, guess,
                                                                                  reason, said):
    tracker = make_tracker(text, "nlu_fallback", DANISH, earlier=earlier, **unsure(guess, 0.35))
    _, answered = await fallback(tracker)
    assert answered == [said]
    assert [(row[0], row[1], row[3]) for row in kept(action_db)] == [(text, guess, reason)]


@pytest.mark.parametrize("sender, text", [
    ("advisor-r1", "hvordan virker det her"),      # staff never
    ("dpo-d1", "hvordan virker det her"),
    ("citizen-anna", "/ask_human"),                # a button pressed
    ("citizen-anna", "Anna Hansen 20304050"),      # nothing left but placeholders
])
async def test_staff_buttons_and_messages_of_only_personal_details_are_never_kept(action_db, sender, text):
    _, said = await fallback(make_tracker(text, "nlu_fallback", DANISH, sender=sender, **unsure()))
    assert len(said) == 1
    assert kept(action_db) == []


async def test_a_database_that_fails_costs_the_user_nothing_and_the_log_no_text(action_db, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise OperationalError("INSERT INTO unrecognised_messages", {}, Exception("database is locked"))

    monkeypatch.setattr("actions.fallback.record_miss", broken)
    tracker = make_tracker("jeg har søgt hos Fakta men ved ikke hvad nu", "nlu_fallback", DANISH,
                           earlier=[message("hej", "greet"), BOT], **unsure("log_job_activity", 0.35))
    result, said = await fallback(tracker)
    assert result == [] and said == ["utter_did_you_mean"]
    assert kept(action_db) == []
    [record] = [r for r in caplog.records if "teaching" in r.getMessage()]
    assert "citizen-anna" in record.getMessage() and "OperationalError" in record.getMessage()
    assert "Fakta" not in caplog.text


async def test_a_handoff_for_not_understood_raises_the_kept_message_instead_of_keeping_it_twice(action_db,
                                                                                                monkeypatch):
    monkeypatch.setattr(handoff, "now", lambda: datetime(2026, 12, 7, 10, 0, tzinfo=timezone.utc))
    first = make_tracker("xq blorp", "nlu_fallback", DANISH, earlier=[message("hej", "greet"), BOT],
                         **unsure("greet", 0.2))
    await fallback(first)
    missed = [message("hej", "greet"), BOT, message("xq blorp", "nlu_fallback", **unsure("greet", 0.2)), BOT]
    second = make_tracker("zz vrøvl igen", "nlu_fallback", DANISH, earlier=missed, **unsure("greet", 0.25))
    await fallback(second)
    assert [row[3] for row in kept(action_db)] == ["fallback", "rephrase"]

    earlier = missed + [message("zz vrøvl igen", "nlu_fallback", **unsure("greet", 0.25)), BOT,
                        message("ja", "affirm"), OFFER, BOT]
    tracker = make_tracker("skriftligt", "choose_written", {**DANISH, "handoff_reason": "not_understood"},
                           earlier=earlier)
    dispatcher = CollectingDispatcher()
    await handoff.ActionCreateHandoff().run(dispatcher, tracker, {})
    assert responses(dispatcher)[0] == "utter_handoff_created"
    assert [(row[0], row[3]) for row in kept(action_db)] == [("xq blorp", "fallback"),
                                                              ("zz vrøvl igen", "handoff_not_understood")]


async def test_a_handoff_for_another_reason_keeps_nothing(action_db, monkeypatch):
    monkeypatch.setattr(handoff, "now", lambda: datetime(2026, 12, 7, 10, 0, tzinfo=timezone.utc))
    earlier = [message("zz vrøvl", "nlu_fallback"), BOT, message("ja", "affirm"), OFFER, BOT]
    tracker = make_tracker("skriftligt", "choose_written", {**DANISH, "handoff_reason": "asked_for_person"},
                           earlier=earlier)
    dispatcher = CollectingDispatcher()
    await handoff.ActionCreateHandoff().run(dispatcher, tracker, {})
    assert responses(dispatcher)[0] == "utter_handoff_created"
    assert kept(action_db) == []
