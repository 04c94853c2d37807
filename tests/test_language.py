"""The assistant answers in the language the user writes: Danish by default, English when written."""
import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.language import ValidateSlotMappings
from bot.language import detect_language, guess_language


@pytest.mark.parametrize("text", [
    "hej", "tak", "farvel", "er du en robot", "jeg vil tale med en medarbejder",
    "hjaelp", "jeg er syg", "hvad kan du", "jeg soegte job hos bilka i gaar", "Hvad får man på dagpenge?",
    "kontanthjælp", "Bøgevej 12", "hvornår skal jeg til møde",
])
def test_danish_messages_are_danish(text):
    assert detect_language(text, current="en") == "da"


@pytest.mark.parametrize("text", [
    "hello", "hi", "thanks", "bye", "are you a robot", "I want to talk to a person",
    "what can you do", "I am sick", "How much is unemployment benefit?",
    "who can get kontanthjælp", "What is the 225-hour rule for kontanthjælp?", "how do I report raskmelding",
])
def test_english_messages_are_english(text):
    assert detect_language(text, current="da") == "en"


@pytest.mark.parametrize("text", ["ok", "1", "🙂", "/start_journal", "", None, "Bilka"])
@pytest.mark.parametrize("current", ["da", "en"])
def test_messages_without_a_clear_sign_keep_the_current_language(text, current):
    assert guess_language(text) is None
    assert detect_language(text, current=current) == current


def test_unknown_current_language_falls_back_to_danish():
    assert detect_language("ok", current=None) == "da"
    assert detect_language("ok", current="de") == "da"


def tracker_with(text, language):
    return Tracker(
        sender_id="citizen-1", slots={"language": language},
        latest_message={"text": text, "intent": {"name": "greet"}}, events=[], paused=False,
        followup_action=None, active_loop={}, latest_action_name="action_listen",
    )


@pytest.mark.parametrize("text, current, expected", [
    ("hello", "da", {"language": "en"}),
    ("hej", "en", {"language": "da"}),
    ("hej", "da", {}),
    ("ok", "en", {}),
])
async def test_slot_mapping_action_sets_language_only_when_it_changes(text, current, expected):
    action = ValidateSlotMappings()
    result = await action.extract_language(CollectingDispatcher(), tracker_with(text, current), {})
    assert result == expected
