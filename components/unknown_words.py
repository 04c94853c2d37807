"""Lowers the intent confidence of messages made mostly of words the model never saw.

An intent classifier can be confidently wrong on gibberish, other languages and unrelated words (DIET
read "kartoffel" as a greeting at 1.0). Scaling its confidence by the share of known words lets the standard
FallbackClassifier, placed after this component, turn such messages into nlu_fallback.
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.text import Vocabulary

VOCABULARY_FILE = "vocabulary.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class UnknownWordsPenalty(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Below this share of known words, confidence is multiplied by the share.
        return {"min_known_share": 0.5}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 vocabulary: Optional[Vocabulary] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or Vocabulary([])

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "UnknownWordsPenalty":
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "UnknownWordsPenalty":
        with model_storage.read_from(resource) as directory:
            words = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, Vocabulary(words))

    @staticmethod
    def _words(message: Message) -> List[Text]:
        return [token.text for token in message.get(TOKENS_NAMES[TEXT]) or []]

    @staticmethod
    def _judged_words(message: Message) -> List[Tuple[Text, ...]]:
        """Each word that tells gibberish from a real message, as its spellings (the word and its
        lemma). Names ("Manpower", "Vestas" after the first word), numbers and dates are unknown to
        any model and say nothing about the message, so they are not judged."""
        words = []
        for index, token in enumerate(message.get(TOKENS_NAMES[TEXT]) or []):
            if any(character.isdigit() for character in token.text):
                continue
            if index > 0 and token.text[:1].isupper():
                continue
            words.append((token.text, getattr(token, "lemma", None) or token.text))
        return words

    def _known_share(self, message: Message) -> float:
        words = self._judged_words(message)
        if not words:
            return 1.0 if self._words(message) else 0.0
        known = sum(1 for forms in words if any(self._vocabulary.knows(form) for form in forms))
        return known / len(words)

    def train(self, training_data: TrainingData) -> Resource:
        words = set()
        for example in training_data.intent_examples:
            words.update(word.lower() for word in self._words(example))
            words.update(token.lemma for token in example.get(TOKENS_NAMES[TEXT]) or []
                         if getattr(token, "lemma", None))
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(words)), encoding="utf-8")
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT)
            if not intent or not intent.get("name"):
                continue
            share = self._known_share(message)
            if share >= self._config["min_known_share"]:
                continue
            intent["confidence"] = intent.get("confidence", 0.0) * share
            for ranked in message.get(INTENT_RANKING_KEY) or []:
                ranked["confidence"] = ranked.get("confidence", 0.0) * share
        return messages
