"""Low NLU confidence: ask to rephrase once, offer a person after two misses in a row."""
import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionHandleFallback
from bot.rules.fallback import consecutive_misunderstandings, miss_response, should_offer_person
from tests.helpers import make_tracker, message, responses

DANISH = {"language": "da"}
BOT = {"event": "bot", "text": "svar"}


@pytest.fixture(autouse=True)
def kept_messages_go_to_a_test_database(action_db):
    """The fallback action keeps what it missed for teaching (tests/test_teach_actions.py): never in var/."""


def user(intent):
    return message("x", intent)


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


@pytest.mark.parametrize("earlier, latest, response", [
    ("greet", "nlu_fallback", "utter_rephrase"),
    ("nlu_fallback", "nlu_fallback", "utter_offer_person"),
    ("greet", "out_of_scope", "utter_out_of_scope"),
    ("out_of_scope", "out_of_scope", "utter_offer_person"),
])
async def test_a_miss_is_answered_first_and_a_person_offered_on_the_second(earlier, latest, response):
    dispatcher = CollectingDispatcher()
    result = await ActionHandleFallback().run(dispatcher, make_tracker("x", latest, DANISH,
                                                                       earlier=[user(earlier), BOT]), {})
    assert result == []
    assert responses(dispatcher) == [response]
    assert miss_response([user(earlier), BOT, user(latest)]) == response


def unsure_benefits_question(topic_confidence, earlier):
    """A question NLU is unsure of, with the benefits topic the ResponseSelector ranked first."""
    return make_tracker(
        "hvordan klager jeg over en afgorelse", "nlu_fallback", DANISH, earlier=earlier, confidence=0.55,
        intent_ranking=[{"name": "nlu_fallback", "confidence": 0.55}, {"name": "faq", "confidence": 0.5},
                        {"name": "complaint_or_sanction", "confidence": 0.45}],
        response_selector={"faq": {"ranking": [
            {"intent_response_key": "faq/how_to_complain", "confidence": topic_confidence},
            {"intent_response_key": "faq/dagpenge_rate", "confidence": 0.01}]}})


@pytest.mark.parametrize("earlier", [[user("greet"), BOT], [user("nlu_fallback"), BOT]])
async def test_an_unsure_question_with_a_clear_benefits_topic_is_offered_that_topic_and_a_person(earlier):
    dispatcher = CollectingDispatcher()
    await ActionHandleFallback().run(dispatcher, unsure_benefits_question(0.94, earlier), {})
    [offer] = dispatcher.messages
    assert offer["response"] == "utter_benefits_did_you_mean"
    assert [button["payload"] for button in offer["buttons"]] == [
        '/benefit_topic{"benefit_topic":"how_to_complain"}', "/ask_human"]


async def test_an_unsure_question_with_an_unclear_topic_is_asked_to_rephrase():
    dispatcher = CollectingDispatcher()
    await ActionHandleFallback().run(dispatcher, unsure_benefits_question(0.2, [user("greet"), BOT]), {})
    assert responses(dispatcher) == ["utter_rephrase"]


def unsure(guess, confidence):
    """What NLU found in a message it is unsure of: its guess, how sure, after the fallback."""
    return {"confidence": 0.4, "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.4},
                                                   {"name": guess, "confidence": confidence}]}


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
    unsure_of = make_tracker("var nede hos Fakta med mit cv i formiddags", "nlu_fallback", DANISH, sender=sender,
                             earlier=[user("greet"), BOT], **unsure(guess, confidence))
    dispatcher = CollectingDispatcher()
    domain = {"responses": {"utter_rephrase_employer": [{"text": "?"}]}}
    await ActionHandleFallback().run(dispatcher, unsure_of, domain)
    [offer] = dispatcher.messages
    assert offer["response"] == said
    assert [button["payload"] for button in offer.get("buttons") or []] == payloads


async def test_a_second_miss_offers_a_person_not_a_guess():
    earlier = [message("hmm", "nlu_fallback", **unsure("log_job_activity", 0.35)), BOT]
    dispatcher = CollectingDispatcher()
    await ActionHandleFallback().run(dispatcher, make_tracker("var hos Fakta", "nlu_fallback", DANISH, earlier=earlier,
                                                              **unsure("log_job_activity", 0.35)), {})
    assert responses(dispatcher) == ["utter_offer_person"]


def test_the_suggested_journey_reads_the_message_it_was_suggested_for():
    from actions.common import text_to_read

    said = message("var nede hos Fakta med mit cv i formiddags", "nlu_fallback", **unsure("log_job_activity", 0.35))
    suggestion = {"event": "bot", "text": "Er det det her?", "metadata": {"utter_action": "utter_did_you_mean"}}

    def pressed(*earlier):
        return make_tracker("/log_job_activity", "log_job_activity", DANISH, earlier=earlier)

    assert text_to_read(pressed(said, suggestion)) == "var nede hos Fakta med mit cv i formiddags"
    assert text_to_read(pressed(said, BOT)) == "/log_job_activity"  # no suggestion: nothing carried
    assert text_to_read(pressed()) == "/log_job_activity"
