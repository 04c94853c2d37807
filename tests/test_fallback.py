"""Low NLU confidence: ask to rephrase once, offer a person after two misses in a row."""
import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionHandleFallback
from bot.rules.fallback import consecutive_misunderstandings, miss_response, should_offer_person


def user(intent):
    return {"event": "user", "text": "x", "parse_data": {"intent": {"name": intent}}}


BOT = {"event": "bot", "text": "svar"}


@pytest.mark.parametrize("intents, expected", [
    ([], 0),
    (["greet"], 0),
    (["nlu_fallback"], 1),
    (["greet", "nlu_fallback", "nlu_fallback"], 2),
    (["nlu_fallback", "greet", "nlu_fallback"], 1),
    (["nlu_fallback", "nlu_fallback", "nlu_fallback"], 3),
    (["out_of_scope", "nlu_fallback"], 2),
    (["nlu_fallback", "out_of_scope"], 2),
    (["out_of_scope", "greet", "out_of_scope"], 1),
])
def test_consecutive_misunderstandings_counts_only_the_latest_run(intents, expected):
    events = []
    for intent in intents:
        events += [user(intent), BOT]
    assert consecutive_misunderstandings(events) == expected
    assert should_offer_person(events) == (expected >= 2)


def tracker(events):
    return Tracker(
        sender_id="citizen-1", slots={"language": "da"}, latest_message=events[-1], events=events,
        paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen",
    )


@pytest.mark.parametrize("events, response", [
    ([user("greet"), BOT, user("nlu_fallback")], "utter_rephrase"),
    ([user("nlu_fallback"), BOT, user("nlu_fallback")], "utter_offer_person"),
    ([user("greet"), BOT, user("out_of_scope")], "utter_out_of_scope"),
    ([user("out_of_scope"), BOT, user("out_of_scope")], "utter_offer_person"),
])
async def test_a_miss_is_answered_first_and_a_person_offered_on_the_second(events, response):
    dispatcher = CollectingDispatcher()
    result = await ActionHandleFallback().run(dispatcher, tracker(events), {})
    assert result == []
    assert [message["response"] for message in dispatcher.messages] == [response]
    assert miss_response(events) == response
