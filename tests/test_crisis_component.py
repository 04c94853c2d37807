"""The CrisisDetector NLU component puts crisis language first, whatever the classifiers before it said."""
import pytest
from rasa.shared.nlu.training_data.message import Message

from components.crisis_detector import CrisisDetector


def message(text, intent="faq", confidence=0.97, ranking=None):
    data = {"intent": {"name": intent, "confidence": confidence},
            "intent_ranking": ranking if ranking is not None else [{"name": intent, "confidence": confidence}]}
    if text is not None:
        data["text"] = text
    return Message(data=data)


def processed(msg):
    [result] = CrisisDetector.create({}, None, None, None).process([msg])
    return result


@pytest.mark.parametrize("text, intent, signal", [
    ("jeg vil tage mit eget liv", "crisis", "suicide"),
    ("hvis de stopper min kontanthjælp så gør jeg en ende på det", "crisis", "conditional"),
    ("I want to kill myself", "crisis", "suicide"),
    ("jeg kan ikke mere", "crisis_unsure", "hopeless"),
    ("hvad sker der med mine penge hvis jeg dør", "crisis_unsure", "death_mention"),
])
def test_crisis_language_overrides_the_intent_at_full_confidence(text, intent, signal):
    result = processed(message(text, "faq", 0.97, [{"name": "faq", "confidence": 0.97},
                                                  {"name": "greet", "confidence": 0.02}]))
    assert result.get("intent") == {"name": intent, "confidence": 1.0}
    assert result.get("intent_ranking") == [{"name": intent, "confidence": 1.0},
                                            {"name": "faq", "confidence": 0.97},
                                            {"name": "greet", "confidence": 0.02}]
    assert result.get("crisis_signal") == signal
    assert result.as_dict(only_output_properties=True)["crisis_signal"] == signal


def test_a_crisis_outvotes_the_fallback_and_replaces_the_classifiers_own_crisis_entry():
    result = processed(message("jeg har selmordstanker", "nlu_fallback", 0.55, [
        {"name": "nlu_fallback", "confidence": 0.55}, {"name": "crisis", "confidence": 0.4},
        {"name": "faq", "confidence": 0.3}]))
    assert result.get("intent") == {"name": "crisis", "confidence": 1.0}
    assert result.get("intent_ranking") == [{"name": "crisis", "confidence": 1.0},
                                            {"name": "nlu_fallback", "confidence": 0.55},
                                            {"name": "faq", "confidence": 0.3}]


def test_an_unsure_reading_never_downgrades_a_classified_crisis():
    ranking = [{"name": "crisis", "confidence": 0.9}, {"name": "faq", "confidence": 0.05}]
    result = processed(message("jeg orker ikke mere", "crisis", 0.9, list(ranking)))
    assert result.get("intent") == {"name": "crisis", "confidence": 0.9}
    assert result.get("intent_ranking") == ranking
    assert result.get("crisis_signal") == "hopeless"


@pytest.mark.parametrize("text", [
    "ventetiden slår mig ihjel",
    "jeg keder mig ihjel",
    "min far er død, hvad med begravelseshjælp",
    "/crisis",
    None,
])
def test_idioms_payloads_and_messages_without_text_are_left_untouched(text):
    ranking = [{"name": "faq", "confidence": 0.97}, {"name": "greet", "confidence": 0.02}]
    result = processed(message(text, "faq", 0.97, list(ranking)))
    assert result.get("intent") == {"name": "faq", "confidence": 0.97}
    assert result.get("intent_ranking") == ranking
    assert result.get("crisis_signal") is None


def test_a_message_without_a_ranking_gets_one():
    result = processed(Message(data={"text": "I want to die"}))
    assert result.get("intent_ranking") == [{"name": "crisis", "confidence": 1.0}]


def test_every_message_in_a_batch_is_read():
    messages = [message("jeg vil dø"), message("hvornår har I åbent"), message("I feel hopeless")]
    CrisisDetector({}).process(messages)
    assert [m.get("intent")["name"] for m in messages] == ["crisis", "faq", "crisis_unsure"]


def test_a_crisis_only_the_classifier_heard_gets_the_gentle_question():
    result = processed(message("det er bare noget rod det hele", "crisis", 0.91))
    assert result.get("intent") == {"name": "crisis_unsure", "confidence": 1.0}
    assert result.get("crisis_signal") == "classifier"


def test_the_gateways_reading_of_the_message_as_typed_counts():
    # The gateway saw the message before health words were taken out of it.
    msg = message("[helbredsoplysning] og jeg vil ikke mere", "faq", 0.8)
    msg.set("metadata", {"crisis_level": "crisis"})
    assert processed(msg).get("intent") == {"name": "crisis", "confidence": 1.0}


def test_an_idiom_the_detector_recognises_is_not_a_crisis_even_if_the_classifier_thinks_so():
    result = processed(message("jeg keder mig ihjel", "crisis", 0.8, [{"name": "crisis", "confidence": 0.8},
                                                                      {"name": "out_of_scope", "confidence": 0.15}]))
    assert result.get("intent") == {"name": "out_of_scope", "confidence": 0.15}
    assert [ranked["name"] for ranked in result.get("intent_ranking")] == ["out_of_scope"]
