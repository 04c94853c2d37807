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


def unsure_benefits_question(topic_confidence):
    return {"event": "user", "text": "hvordan klager jeg over en afgorelse", "parse_data": {
        "intent": {"name": "nlu_fallback", "confidence": 0.55},
        "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.55}, {"name": "faq", "confidence": 0.5},
                           {"name": "complaint_or_sanction", "confidence": 0.45}],
        "response_selector": {"faq": {"ranking": [
            {"intent_response_key": "faq/how_to_complain", "confidence": topic_confidence},
            {"intent_response_key": "faq/dagpenge_rate", "confidence": 0.01}]}}}}


def tracker_at(events):
    """A tracker whose latest message is the parse data of the last user event, as Rasa sends it."""
    latest = {**events[-1]["parse_data"], "text": events[-1]["text"]}
    return Tracker(
        sender_id="citizen-1", slots={"language": "da"}, latest_message=latest, events=events,
        paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen",
    )


@pytest.mark.parametrize("earlier", [[user("greet"), BOT], [user("nlu_fallback"), BOT]])
async def test_an_unsure_question_with_a_clear_benefits_topic_is_offered_that_topic_and_a_person(earlier):
    dispatcher = CollectingDispatcher()
    await ActionHandleFallback().run(dispatcher, tracker_at(earlier + [unsure_benefits_question(0.94)]), {})
    [message] = dispatcher.messages
    assert message["response"] == "utter_benefits_did_you_mean"
    assert [button["payload"] for button in message["buttons"]] == [
        '/benefit_topic{"benefit_topic":"how_to_complain"}', "/ask_human"]


async def test_an_unsure_question_with_an_unclear_topic_is_asked_to_rephrase():
    dispatcher = CollectingDispatcher()
    await ActionHandleFallback().run(dispatcher, tracker_at([user("greet"), BOT, unsure_benefits_question(0.2)]), {})
    assert [message["response"] for message in dispatcher.messages] == ["utter_rephrase"]


def unsure(text, guess, confidence):
    return {"event": "user", "text": text, "parse_data": {
        "intent": {"name": "nlu_fallback", "confidence": 0.4},
        "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.4}, {"name": guess, "confidence": confidence}]}}


def tracker_of(events, sender="citizen-1"):
    latest = {**events[-1]["parse_data"], "text": events[-1]["text"]}
    return Tracker(sender_id=sender, slots={"language": "da"}, latest_message=latest, events=events,
                   paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen")


@pytest.mark.parametrize("sender, guess, confidence, said, payloads", [
    ("citizen-1", "log_job_activity", 0.35, "utter_did_you_mean", ["/log_job_activity", "/ask_human"]),
    ("citizen-1", "start_sick_leave", 0.22, "utter_did_you_mean", ["/start_sick_leave", "/ask_human"]),
    ("citizen-1", "log_job_activity", 0.1, "utter_rephrase", []),  # too weak a guess
    ("citizen-1", "greet", 0.38, "utter_rephrase", []),  # small talk is not offered
    ("citizen-1", "post_vacancy", 0.38, "utter_rephrase", []),  # an employer's journey
    ("employer-1", "log_job_activity", 0.38, "utter_rephrase_employer", []),
    ("employer-1", "vacancy_status", 0.3, "utter_did_you_mean", ["/vacancy_status", "/ask_human"]),
    ("citizen-1", "ask_human", 0.38, "utter_did_you_mean", ["/ask_human"]),  # one person button, not two
])
async def test_a_first_miss_offers_the_journey_it_most_likely_meant(sender, guess, confidence, said, payloads):
    events = [user("greet"), BOT, unsure("var nede hos Fakta med mit cv i formiddags", guess, confidence)]
    dispatcher = CollectingDispatcher()
    domain = {"responses": {"utter_rephrase_employer": [{"text": "?"}]}}
    await ActionHandleFallback().run(dispatcher, tracker_of(events, sender), domain)
    [message] = dispatcher.messages
    assert message["response"] == said
    assert [button["payload"] for button in message.get("buttons") or []] == payloads


async def test_a_second_miss_offers_a_person_not_a_guess():
    events = [unsure("hmm", "log_job_activity", 0.35), BOT, unsure("var hos Fakta", "log_job_activity", 0.35)]
    dispatcher = CollectingDispatcher()
    await ActionHandleFallback().run(dispatcher, tracker_of(events), {})
    assert [message["response"] for message in dispatcher.messages] == ["utter_offer_person"]


def test_the_suggested_journey_reads_the_message_it_was_suggested_for():
    from actions.common import text_to_read

    said = unsure("var nede hos Fakta med mit cv i formiddags", "log_job_activity", 0.35)
    suggestion = {"event": "bot", "text": "Er det det her?", "metadata": {"utter_action": "utter_did_you_mean"}}
    pressed = {"event": "user", "text": "/log_job_activity", "parse_data": {"intent": {"name": "log_job_activity"}}}
    assert text_to_read(tracker_of([said, suggestion, pressed])) == "var nede hos Fakta med mit cv i formiddags"
    assert text_to_read(tracker_of([said, BOT, pressed])) == "/log_job_activity"  # no suggestion: nothing carried
    assert text_to_read(tracker_of([pressed])) == "/log_job_activity"
