"""The intent classifier learns from the tokenizer's lemmas, ranks every intent, and survives being
stored and loaded as plain arrays (no pickle)."""
import zipfile

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.danish_tokenizer import DanishFoldingTokenizer
from components.linear_intent_classifier import (ARRAYS_FILE, MODEL_FILE, LinearIntentClassifier,
                                                 message_views)

EXAMPLES = {
    "log_job_activity": ["jeg har søgt job hos Netto", "søgte et job som lagermedarbejder i går",
                         "har sendt en ansøgning til Føtex", "jeg sendte en ansøgning i dag"],
    "start_sick_leave": ["jeg er syg og kan ikke arbejde", "jeg vil melde mig syg",
                         "jeg er blevet sygemeldt af lægen", "syg fra i dag"],
    "greet": ["hej", "godmorgen", "hej med dig", "hejsa"],
}


def tokenized(text, intent=None):
    message = Message(data={TEXT: text, **({INTENT: intent} if intent else {})})
    DanishFoldingTokenizer(DanishFoldingTokenizer.get_default_config()).process([message])
    return message


@pytest.fixture()
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


@pytest.fixture()
def trained(storage):
    resource = Resource("linear_intent_classifier")
    context = ExecutionContext(node_name="linear_intent_classifier", graph_schema=None)
    classifier = LinearIntentClassifier.create(LinearIntentClassifier.get_default_config(), storage, resource, context)
    data = TrainingData([tokenized(text, intent) for intent, texts in EXAMPLES.items() for text in texts])
    classifier.train(data)
    return classifier, resource, context


def test_both_views_come_from_the_tokenizer_folded():
    views = message_views(tokenized("Søgte ansøgninger"))
    assert views == {"lemmas": "soege ansoegning", "typed": "soegte ansoegninger"}


@pytest.mark.parametrize("text, intent", [
    ("har soegt et job hos Rema", "log_job_activity"),  # without æøå, a shop it never saw
    ("jeg er sygmeldt", "start_sick_leave"),             # a typo
    ("heej", "greet"),
])
def test_unseen_wordings_get_their_intent_with_a_full_ranking(trained, text, intent):
    classifier, _, _ = trained
    message = classifier.process([tokenized(text)])[0]
    assert message.get(INTENT)["name"] == intent
    ranking = message.get(INTENT_RANKING_KEY)
    assert [entry["name"] for entry in ranking][0] == intent
    assert sorted(entry["name"] for entry in ranking) == sorted(EXAMPLES)
    confidences = [entry["confidence"] for entry in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0)


def test_a_loaded_model_ranks_exactly_as_the_trained_one(trained, storage):
    classifier, resource, context = trained
    loaded = LinearIntentClassifier.load(LinearIntentClassifier.get_default_config(), storage, resource, context)
    for text in ["jeg har søgt et job", "syg", "hej hej", "noget helt andet"]:
        before = classifier.process([tokenized(text)])[0].get(INTENT_RANKING_KEY)
        after = loaded.process([tokenized(text)])[0].get(INTENT_RANKING_KEY)
        assert [entry["name"] for entry in after] == [entry["name"] for entry in before]
        assert np.allclose([entry["confidence"] for entry in after], [entry["confidence"] for entry in before])


def test_the_stored_model_holds_no_pickled_objects(trained, storage):
    _, resource, _ = trained
    with storage.read_from(resource) as directory:
        assert (directory / MODEL_FILE).exists()
        with zipfile.ZipFile(directory / ARRAYS_FILE) as arrays:
            names = arrays.namelist()
        with np.load(directory / ARRAYS_FILE, allow_pickle=False) as loaded:
            assert all(loaded[name.removesuffix(".npy")].dtype != object for name in names)


def test_an_untrained_classifier_leaves_messages_alone(storage):
    resource = Resource("empty")
    context = ExecutionContext(node_name="empty", graph_schema=None)
    classifier = LinearIntentClassifier.load({}, storage, resource, context)
    message = classifier.process([tokenized("hej")])[0]
    assert message.get(INTENT) is None
