"""The assistant answers in the language the user writes: Danish by default, English when written."""
import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from bot.language import detect_language, guess_language
from bot.settings import PROJECT_ROOT
from components.language_detector import LanguageDetector


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


def entities_of(text, entities=()):
    message = Message(data={"text": text, "entities": list(entities)})
    [result] = LanguageDetector.create({}, None, None, None).process([message])
    return result.get("entities")


@pytest.mark.parametrize("text, language", [("hello, I need help", "en"), ("hej, jeg har brug for hjælp", "da")])
def test_a_message_that_says_its_language_carries_it_as_an_entity(text, language):
    assert entities_of(text) == [{"entity": "language", "value": language, "start": 0, "end": len(text),
                                  "extractor": "LanguageDetector"}]


@pytest.mark.parametrize("text", ["ok", "Netto", "12345678", "/affirm", ""])
def test_a_message_without_a_clear_sign_adds_no_entity_so_the_slot_keeps_its_language(text):
    assert entities_of(text) == []


def test_other_entities_are_kept():
    found = {"entity": "journal_field", "value": "employer", "start": 0, "end": 5}
    assert entities_of("the employer is wrong", [found])[0] == found


def test_the_language_slot_is_filled_by_rasa_from_the_entity_without_an_action():
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert domain["slots"]["language"]["mappings"] == [{"type": "from_entity", "entity": "language"}]
    assert {"language": {"influence_conversation": False}} in domain["entities"]
    assert "action_validate_slot_mappings" not in domain["actions"]
